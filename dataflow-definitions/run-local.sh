#!/usr/bin/env bash
# The Tagpulse pipeline under a real Spring Cloud Data Flow 2.7 + Skipper 2.6 (local deployer) on this machine, in one
# command: builds what is needed, starts Kafka, Skipper and Data Flow, applies the definitions and deploys the
# hashtags stream with the CLI; Ctrl-C undeploys it and stops everything.
#
#   dataflow-definitions/run-local.sh [--no-build]
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${1:-}" != "--no-build" ]; then
  echo "Building Tagpulse and fetching the Data Flow and Skipper servers from Maven Central ..."
  ./mvnw -q -B -DskipTests -pl dataflow-definitions/it -am package
fi
exec java -Xmx64m -cp "dataflow-definitions/it/target/classes:local-pipeline/target/classes" \
  io.tagpulse.dataflow.local.DataflowLocal
