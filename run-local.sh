#!/usr/bin/env bash
# README command 1: build what is needed, then run a real Kafka broker and the six Tagpulse apps on this machine,
# with the generator feeding them, until Ctrl-C (which stops every process it started).
#
#   ./run-local.sh [--no-build] [--clean] [--rate POSTS_PER_SECOND] [--no-generator] [--restarts N] [--no-cds]
set -euo pipefail
cd "$(dirname "$0")"
start_ms=$(date +%s%3N)

java=${JAVA:-java}   # JAVA=/path/to/bin/java picks another Java
if ! command -v "$java" >/dev/null 2>&1; then
  echo "Tagpulse needs Java 17 or later on the PATH (e.g. apt-get install openjdk-17-jdk-headless)." >&2
  exit 1
fi

build=1
args=()
for arg in "$@"; do
  if [ "$arg" = "--no-build" ]; then build=0; else args+=("$arg"); fi
done

if [ "$build" = 1 ]; then
  echo "Building Tagpulse (the first build downloads dependencies from Maven Central) ..."
  ./mvnw -q -B -DskipTests package
fi

# Started in the background by a non-interactive shell (bash -c './run-local.sh &'), this script gets SIGINT ignored;
# an ignored signal stays ignored across exec, and the JVM never handles one that is ignored at its start, so Ctrl-C
# or kill -INT would do nothing. Restore SIGINT's default for the launcher: GNU env can, else Perl.
default_sigint=()
if env --default-signal=INT true >/dev/null 2>&1; then
  default_sigint=(env --default-signal=INT)
elif command -v perl >/dev/null 2>&1; then
  default_sigint=(perl -e '$SIG{INT} = "DEFAULT"; exec { $ARGV[0] } @ARGV or die "cannot run $ARGV[0]: $!\n"')
fi

exec ${default_sigint[@]+"${default_sigint[@]}"} "$java" -Xmx64m -Dtagpulse.commandStartMillis="$start_ms" \
  -cp local-pipeline/target/classes io.tagpulse.local.LocalPipeline ${args[@]+"${args[@]}"}
