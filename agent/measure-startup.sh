#!/usr/bin/env bash
# The agent's start-up cost on a hello-world app: wall time of `java -cp DIR Hello` against
# `java -javaagent:agent/target/adaptive-pool-agent.jar[=ARGS] -cp DIR Hello`, run in pairs
# (order alternating), reporting the medians and the median of the paired differences.
#
# Builds nothing but the one-line Hello class (into a temporary directory); build the jar first:
#   cd /work/main && mvn -q -o -f agent/pom.xml package -DskipTests
# Usage:
#   agent/measure-startup.sh [RUNS] [AGENT_ARGS]       RUNS defaults to 11 (at least 7)
#   JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 agent/measure-startup.sh 11
#   agent/measure-startup.sh 11 metrics.enabled=false  (what the side-port server adds)
set -euo pipefail

runs=${1:-11}
agent_args=${2:-}
here=$(cd "$(dirname "$0")" && pwd)
jar="$here/target/adaptive-pool-agent.jar"
java_bin=${JAVA_HOME:+$JAVA_HOME/bin/}java
javac_bin=${JAVA_HOME:+$JAVA_HOME/bin/}javac

if [ ! -f "$jar" ]; then
  echo "no $jar: build it first (mvn -q -o -f agent/pom.xml package -DskipTests)" >&2
  exit 2
fi
if [ "$runs" -lt 7 ]; then
  echo "use at least 7 runs" >&2
  exit 2
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cat > "$work/Hello.java" <<'EOF'
public class Hello {
    public static void main(String[] args) {
        System.out.println("hello");
    }
}
EOF
"$javac_bin" --release 8 -nowarn -d "$work" "$work/Hello.java" 2>/dev/null

agent_opt="-javaagent:$jar${agent_args:+=$agent_args}"

# wall time of one run in microseconds; the output must be exactly "hello"
run() {
  local start end out
  start=$(date +%s%N)
  out=$("$java_bin" "$@" -cp "$work" Hello 2>"$work/stderr")
  end=$(date +%s%N)
  if [ "$out" != "hello" ]; then
    echo "unexpected output: $out" >&2
    cat "$work/stderr" >&2
    exit 1
  fi
  echo $(( (end - start) / 1000 ))
}

median() {
  sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print int((v[NR / 2] + v[NR / 2 + 1]) / 2) }'
}

# warm the file cache and the CDS archive mapping
run > /dev/null
run "$agent_opt" > /dev/null

: > "$work/plain"; : > "$work/agent"; : > "$work/diff"
for i in $(seq 1 "$runs"); do
  if [ $((i % 2)) -eq 1 ]; then
    p=$(run); a=$(run "$agent_opt")
  else
    a=$(run "$agent_opt"); p=$(run)
  fi
  echo "$p" >> "$work/plain"; echo "$a" >> "$work/agent"; echo $((a - p)) >> "$work/diff"
done

plain=$(median < "$work/plain")
agent=$(median < "$work/agent")
diff=$(median < "$work/diff")
"$java_bin" -version 2>&1 | head -1
echo "runs: $runs pairs; agent: $agent_opt"
printf 'plain java Hello      median %6.1f ms\n' "$(echo "$plain / 1000" | bc -l)"
printf 'with the agent        median %6.1f ms\n' "$(echo "$agent / 1000" | bc -l)"
printf 'added (paired median)        %6.1f ms\n' "$(echo "$diff / 1000" | bc -l)"
