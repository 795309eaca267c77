#!/usr/bin/env bash
# Burst comparison: each contender (cached pool, virtual threads, fixed pool, AdaptivePoolExecutor,
# the legacy app under the agent) in its own child JVM at the same open-loop arrival rate.
# Defaults are sized for a 2-core, 24 GiB machine and take about 2-3 minutes; see --help.
#   benchmarks/burst.sh                      # everything, defaults
#   benchmarks/burst.sh --rate 5000 --seconds 10 --contenders fixed,adaptive
# Output: a Markdown table on stdout; CSV, PNG and per-contender logs in benchmarks/target/burst/.
# JAVA=/path/to/bin/java picks the JVM for the parent and (by default) the children.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
jar="$here/target/benchmarks.jar"
if [[ ! -f "$jar" ]]; then
  echo "burst.sh: $jar not found; build it first, from the repository root: mvn -q -DskipTests package -pl agent,benchmarks -am" >&2
  exit 2
fi
java="${JAVA:-java}"
exec "$java" -cp "$jar" io.adaptivepool.benchmarks.burst.BurstComparison \
  --out "$here/target/burst" --agent "$here/../agent/target/adaptive-pool-agent.jar" "$@"
