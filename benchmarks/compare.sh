#!/usr/bin/env bash
# Before and after in one run (issue 20): the table of record of an earlier build and of this work tree, measured
# group by group in turn on the same machine, each build by its own benchmarks command, then side by side:
# benchmarks/target/compare/comparison.md and comparison.json (plus each build's results under before/ and after/).
#
#   benchmarks/compare.sh REVISION [--no-build] [--quick] [--only stages,rest,pipeline,startup]
#
# REVISION is checked out in a git worktree under benchmarks/target/compare/ and built offline there (package only:
# nothing is installed into the Maven repository). The groups alternate which build goes first, so that neither
# always runs on the warmer or the busier machine. A full run takes about twice benchmarks/run.sh's 28 minutes.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

if [ $# -lt 1 ] || [[ "$1" == --* ]]; then
  echo "usage: benchmarks/compare.sh REVISION [--no-build] [--quick] [--only stages,rest,pipeline,startup]" >&2
  exit 2
fi
revision=$(git rev-parse --short "$1^{commit}") || { echo "no such revision: $1" >&2; exit 2; }
shift
build=1
quick=()
groups=(stages rest pipeline startup)
while [ $# -gt 0 ]; do
  case "$1" in
    --no-build) build=0 ;;
    --quick) quick=(--quick) ;;
    --only)
      [ -n "${2:-}" ] || { echo "--only needs a value" >&2; exit 2; }
      IFS=, read -r -a groups <<< "$2"
      shift ;;
    *) echo "unknown option $1; use --no-build, --quick, --only GROUPS" >&2; exit 2 ;;
  esac
  shift
done
for group in "${groups[@]}"; do
  case "$group" in
    stages|rest|pipeline|startup) ;;
    *) echo "--only takes stages,rest,pipeline,startup, not '$group'" >&2; exit 2 ;;
  esac
done

out=$root/benchmarks/target/compare
before_tree=$out/src-$revision
mkdir -p "$out"
git worktree prune
if [ ! -d "$before_tree" ]; then
  git worktree add --detach "$before_tree" "$revision" >/dev/null
fi
if [ "$build" = 1 ]; then
  echo "Building $revision in $before_tree and this work tree (offline, no tests) ..."
  (cd "$before_tree" && ./mvnw -q -B -o -DskipTests package -pl benchmarks -am)
  ./mvnw -q -B -o -DskipTests package -pl benchmarks -am
fi
rm -rf "$out/before" "$out/after"

# One group of one build, by that build's own command, into before/GROUP or after/GROUP.
measure() {
  local which=$1 tree=$2 group=$3
  echo "== $group: $which ($(cd "$tree" && git rev-parse --short HEAD)), $(date -u +%H:%M:%S) UTC, load $(cut -d' ' -f1-3 /proc/loadavg)"
  (cd "$tree" && benchmarks/run.sh --no-build ${quick[@]+"${quick[@]}"} --only "$group" --out "$out/$which/$group") \
    || echo "$group on the $which build failed (exit $?): see $out/$which/$group/benchmarks.log"
}

first=before
for group in "${groups[@]}"; do
  if [ "$first" = before ]; then
    measure before "$before_tree" "$group"
    measure after "$root" "$group"
    first=after
  else
    measure after "$root" "$group"
    measure before "$before_tree" "$group"
    first=before
  fi
done

exec java -Xmx256m -XX:+UseSerialGC \
  -cp "$root/benchmarks/target/classes:$(cat "$root/benchmarks/target/harness-classpath.txt")" \
  io.tagpulse.benchmarks.record.Comparison "$out/before" "$out/after" "$out"
