#!/usr/bin/env bash
# The soak run (by hand, outside the tests): the whole local pipeline under a steady load of posts the harness knows,
# with a SIGKILL of the next process in a rotation (counter, broker, filter, processor, sink, counter) every few
# minutes, each started again by the launcher's watchdog; every 30 s each group's lag, each process's RSS and heap,
# the database size and the count error against a brute-force count. Writes soak.svg, soak.json and soak.csv to
# its work directory (local-pipeline/target/soak-*), prints a summary and a table of the faults.
#   local-pipeline/soak.sh [minutes, 30] [posts per second, 1000] [minutes between faults, 5; 0: none] [APP=--key=value ...]
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -B -o install -DskipTests -pl local-pipeline -am
./mvnw -q -B -o -f local-pipeline/pom.xml test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test
exec java -Xmx512m -cp "local-pipeline/target/test-classes:local-pipeline/target/classes:$(cat local-pipeline/target/test-classpath.txt)" \
  io.tagpulse.local.SoakRun "$@"
