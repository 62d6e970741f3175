#!/usr/bin/env bash
# The stage benchmark (issue 8) and the pipeline's rate steps, each alone, as before the benchmarks command:
# benchmarks/run.sh --harness stages|pipeline does the work. Results: benchmarks/target/stage-results.md (and
# pipeline-results.md).
#
#   benchmarks/run-stages.sh [--no-build] [--records N] [--head-records M] [--runs R] [--stages a,b,...] [--jfr STAGE]
#                            [--out FILE]
#   benchmarks/run-stages.sh --pipeline [--no-build] [--rates 5000,10000,...] [--step-seconds S] [--warmup-seconds W]
#                            [--keep-going] [--app-arg APP=--key=value] [--app-jvm 'OPTIONS'] [--out FILE]
set -euo pipefail
harness=stages
args=()
for arg in "$@"; do
  if [ "$arg" = --pipeline ]; then harness=pipeline; else args+=("$arg"); fi
done
exec "$(dirname "$0")/run.sh" --harness "$harness" ${args[@]+"${args[@]}"}
