#!/usr/bin/env bash
# The stage benchmark (issue 8): a real local Kafka broker, each stage alone against the raw consumer-to-producer
# passthrough (the counter against a plain Kafka Streams count), then optionally the whole pipeline's sustained rate.
# Not part of ./mvnw verify. Results: benchmarks/target/stage-results.md (and pipeline-results.md).
#
#   benchmarks/run-stages.sh [--no-build] [--records N] [--head-records M] [--runs R] [--stages a,b,...] [--jfr STAGE]
#                            [--out FILE]
#   benchmarks/run-stages.sh --pipeline [--no-build] [--rates 5000,10000,...] [--step-seconds S] [--warmup-seconds W]
#                            [--keep-going] [--app-arg APP=--key=value] [--app-jvm 'OPTIONS'] [--out FILE]
set -euo pipefail
cd "$(dirname "$0")/.."

build=1
main=io.tagpulse.benchmarks.pipeline.StageBenchmark
args=()
for arg in "$@"; do
  case "$arg" in
    --no-build) build=0 ;;
    --pipeline) main=io.tagpulse.benchmarks.pipeline.PipelineBenchmark ;;
    *) args+=("$arg") ;;
  esac
done

if [ "$build" = 1 ]; then
  # The apps (their jars are copied to local-pipeline/target/apps), the broker's jars and the harness; no tests.
  ./mvnw -q -B -o -DskipTests package -pl benchmarks -am
fi

# TAGPULSE_BENCH_JVM="-Xmx256m -XX:+UseSerialGC" sets the stage children's JVM options (default: the local
# pipeline's, -Xmx128m -XX:+UseSerialGC and -XX:TrimNativeHeapInterval=5000 where the JVM has it). Children run with
# MALLOC_ARENA_MAX=2, as the local pipeline's apps do.
export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"
exec java -Xmx512m -XX:+UseSerialGC -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  ${TAGPULSE_BENCH_JVM:+"-Dtagpulse.bench.jvm=$TAGPULSE_BENCH_JVM"} \
  -Dtagpulse.local.home="$PWD/local-pipeline/target" \
  -cp "$PWD/benchmarks/target/classes:$(cat benchmarks/target/harness-classpath.txt)" \
  "$main" ${args[@]+"${args[@]}"}
