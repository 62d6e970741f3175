#!/usr/bin/env bash
# The soak run (by hand, outside the tests): the whole local pipeline with the generator at a steady rate, sampling
# RSS, heap, consumer lag and the post rate every 30 s, then a summary of the first and last thirds.
#   local-pipeline/soak.sh [minutes, 15] [posts per second, 200] [APP=--key=value ...]
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -B -o install -DskipTests -pl local-pipeline -am
./mvnw -q -B -o -f local-pipeline/pom.xml test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test
exec java -Xmx256m -cp "local-pipeline/target/test-classes:local-pipeline/target/classes:$(cat local-pipeline/target/test-classpath.txt)" \
  io.tagpulse.local.SoakRun "$@"
