#!/usr/bin/env bash
# The overhead benchmark as interleaved single-fork pairs (adaptive, tpe-array, adaptive, ...): per
# cell (task x producers), the median of the per-pair throughput ratios and their spread. Defaults:
# 5 pairs, tasks noop and cpu1us, 1 and 8 producers, 3 x 1 s warm-up and 3 x 1 s measurement per
# run, about 6-7 minutes; see docs/performance.md.
#   benchmarks/interleaved.sh
#   benchmarks/interleaved.sh --pairs 7 --tasks noop --producers 1 --iterations 5
#   benchmarks/interleaved.sh --from benchmarks/target/interleaved/runs.csv   # the table again, no runs
#   benchmarks/interleaved.sh --tasks noop --prof gc,io.adaptivepool.benchmarks.ThreadsProfiler   # where the time goes
# Builds the benchmark jar when it is missing or older than the engine's or the benchmarks' sources.
# Output: progress on stderr, the table on stdout, runs.csv and interleaved.md in benchmarks/target/interleaved/.
# JAVA=/path/to/bin/java picks the JVM (the forked runs use the same).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
jar="$here/target/benchmarks.jar"
if [[ ! -f "$jar" || -n "$(find "$root/executor/src/main" "$here/src/main" "$here/pom.xml" -newer "$jar" -print -quit)" ]]; then
  echo "interleaved.sh: building $jar" >&2
  (cd "$root" && mvn -q -DskipTests package -pl benchmarks -am) >&2
fi
# "engine of <commit>": the last commit that changed the engine's sources, marked if they have local changes
engine=""
if git -C "$root" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  engine="$(git -C "$root" log -1 --format=%h -- executor/src/main)"
  if [[ -n "$(git -C "$root" status --porcelain -- executor/src/main)" ]]; then
    engine="$engine + local changes"
  fi
fi
exec "${JAVA:-java}" -cp "$jar" io.adaptivepool.benchmarks.InterleavedOverhead \
  --out "$here/target/interleaved" --engine "$engine" "$@"
