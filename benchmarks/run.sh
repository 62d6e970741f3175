#!/usr/bin/env bash
# The benchmarks command (issue 20): runs what the goals need on this machine and prints the table of record (one
# row per goal: the measured value, the goal, pass or not); writes benchmarks/target/results.json, results.md and
# throughput.svg (achieved throughput and p99 delay against offered load). Not part of ./mvnw verify.
#
#   benchmarks/run.sh [--no-build] [--quick] [--only stages,rest,pipeline,startup] [--out DIR]
#   benchmarks/run.sh --harness stages|pipeline|profile [--no-build] [that harness's options]    (one harness alone)
#
# --quick takes a few minutes (small record counts, short steps, one run each); the default takes medians of 3 runs.
set -euo pipefail
cd "$(dirname "$0")/.."

build=1
main=io.tagpulse.benchmarks.pipeline.BenchmarksCommand
args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --no-build) build=0 ;;
    --harness)
      case "${2:-}" in
        stages) main=io.tagpulse.benchmarks.pipeline.StageBenchmark ;;
        pipeline) main=io.tagpulse.benchmarks.pipeline.PipelineBenchmark ;;
        profile) main=io.tagpulse.benchmarks.pipeline.PipelineProfile ;;
        *) echo "--harness takes stages, pipeline or profile" >&2; exit 2 ;;
      esac
      shift ;;
    *) args+=("$1") ;;
  esac
  shift
done

if [ "$build" = 1 ]; then
  # The apps (their jars are copied to local-pipeline/target/apps), the broker's jars and the harness; no tests.
  ./mvnw -q -B -o -DskipTests package -pl benchmarks -am
fi

# The build's revision for the results; -dirty when the work tree has changes.
revision=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
if [ "$revision" != unknown ] && ! git diff --quiet HEAD 2>/dev/null; then revision="$revision-dirty"; fi
# A status line redrawn in place on a terminal; plain lines into a file or a pipe.
tty=false
if [ -t 1 ]; then tty=true; fi

# TAGPULSE_BENCH_JVM="-Xmx256m -XX:+UseSerialGC" adds JVM options to the stage children's (by default the local
# pipeline's for each app: its heap, -Xmx128m or the sink's -Xmx96m, then -XX:+UseSerialGC and
# -XX:TrimNativeHeapInterval=5000 where the JVM has it); a later -Xmx wins. Children run with MALLOC_ARENA_MAX=2, as
# the local pipeline's apps do.
export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"
exec java -Xmx512m -XX:+UseSerialGC -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  ${TAGPULSE_BENCH_JVM:+"-Dtagpulse.bench.jvm=$TAGPULSE_BENCH_JVM"} \
  -Dtagpulse.local.home="$PWD/local-pipeline/target" \
  -Dtagpulse.bench.revision="$revision" -Dtagpulse.bench.tty="$tty" \
  -cp "$PWD/benchmarks/target/classes:$(cat benchmarks/target/harness-classpath.txt)" \
  "$main" ${args[@]+"${args[@]}"}
