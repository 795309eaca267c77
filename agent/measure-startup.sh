#!/usr/bin/env bash
# The agent's start-up cost on a hello-world app. Runs, in rotating order, N rounds of
#   plain:   java -cp DIR Hello
#   no-op:   java -javaagent:noop.jar -cp DIR Hello        (an agent whose premain does nothing:
#            what -javaagent itself costs, the floor for any agent)
#   agent:   java -javaagent:agent/target/adaptive-pool-agent.jar[=ARGS] -cp DIR Hello
# and prints the median wall time of each and the median of the per-round differences, and the same
# for CPU time (user + system of the JVM): on a machine shared with other work, wall times move with
# the load, CPU times much less.
#
# Builds nothing but the hello classes and the no-op agent (into a temporary directory); build
# the jar first:
#   mvn -q -DskipTests package -pl agent -am      (from the repository root)
# Usage:
#   agent/measure-startup.sh [ROUNDS] [AGENT_ARGS]     ROUNDS defaults to 11 (at least 7)
#   JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 agent/measure-startup.sh 11
#   agent/measure-startup.sh 11 metrics.enabled=false  (without the side-port server)
#   APP=HelloPool agent/measure-startup.sh 11          (says hello from one Executors.newCachedThreadPool:
#                                                        adds the first rewrite and the first pool)
#   BASELINE=/path/to/older/adaptive-pool-agent.jar agent/measure-startup.sh 11
#                                                       (a fourth variant in the same rounds: an older build
#                                                        of the agent, to compare two builds under one load)
set -euo pipefail

app=${APP:-Hello}
rounds=${1:-11}
agent_args=${2:-}
here=$(cd "$(dirname "$0")" && pwd)
jar="$here/target/adaptive-pool-agent.jar"
bin=${JAVA_HOME:+$JAVA_HOME/bin/}

if [ ! -f "$jar" ]; then
  echo "no $jar: build it first (from the repository root: mvn -q -DskipTests package -pl agent -am)" >&2
  exit 2
fi
if [ "$rounds" -lt 7 ]; then
  echo "use at least 7 rounds" >&2
  exit 2
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cat > "$work/Hello.java" <<'JAVA'
public class Hello {
    public static void main(String[] args) {
        System.out.println("hello");
    }
}
JAVA
cat > "$work/HelloPool.java" <<'JAVA'
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

public class HelloPool {
    public static void main(String[] args) throws Exception {
        ExecutorService pool = Executors.newCachedThreadPool();
        System.out.println(pool.submit(() -> "hello").get());
        pool.shutdown();
    }
}
JAVA
cat > "$work/Noop.java" <<'JAVA'
public class Noop {
    public static void premain(String args, java.lang.instrument.Instrumentation instrumentation) {
    }
}
JAVA
"${bin}javac" --release 8 -nowarn -d "$work" "$work/Hello.java" "$work/HelloPool.java" "$work/Noop.java" 2>/dev/null
printf 'Premain-Class: Noop\n' > "$work/manifest"
"${bin}jar" cfm "$work/noop.jar" "$work/manifest" -C "$work" Noop.class

variants=("" "-javaagent:$work/noop.jar" "-javaagent:$jar${agent_args:+=$agent_args}")
if [ -n "${BASELINE:-}" ]; then
  variants+=("-javaagent:$BASELINE${agent_args:+=$agent_args}")
fi
n=${#variants[@]}

# wall time and CPU time (user + system) of one run in microseconds, "WALL CPU"; the output must be
# exactly "hello", and stderr hold nothing but the agent's own "pool ..." and "serving metrics ..." lines
run() {
  local start end out cpu
  local TIMEFORMAT='%3U %3S'
  start=$(date +%s%N)
  { time "${bin}java" $1 -cp "$work" "$app" >"$work/stdout" 2>"$work/stderr"; } 2>"$work/cpu"
  end=$(date +%s%N)
  out=$(cat "$work/stdout")
  if [ "$out" != "hello" ] || grep -qv '^\[adaptive-pool-agent\] \(pool \|serving metrics \)' "$work/stderr"; then
    echo "unexpected output with '$1': $out" >&2
    cat "$work/stderr" >&2
    exit 1
  fi
  cpu=$(awk '{ printf "%d", ($1 + $2) * 1000000 }' "$work/cpu")
  echo "$(( (end - start) / 1000 )) $cpu"
}

median() {
  sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print int((v[NR / 2] + v[NR / 2 + 1]) / 2) }'
}

ms() {
  echo "$1" | awk '{ printf "%7.1f ms", $1 / 1000 }'
}

for v in "${variants[@]}"; do run "$v" > /dev/null; done   # warm the file cache

for i in $(seq 0 $((n - 1))); do : > "$work/t$i"; done
for r in $(seq 1 "$rounds"); do
  for k in $(seq 0 $((n - 1))); do
    i=$(( (r + k) % n ))
    run "${variants[$i]}" >> "$work/t$i"
  done
done
paste $(for i in $(seq 0 $((n - 1))); do echo "$work/t$i"; done) > "$work/both"
awk '{ for (i = 1; i < NF; i += 2) printf "%s ", $i; print "" }' "$work/both" > "$work/rounds"   # wall
awk '{ for (i = 2; i <= NF; i += 2) printf "%s ", $i; print "" }' "$work/both" > "$work/cpu-rounds"

"${bin}java" -version 2>&1 | head -1
echo "app: $app; rounds: $rounds; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "agent: ${variants[2]}"
[ "$n" -gt 3 ] && echo "baseline: ${variants[3]}"
for kind in wall cpu; do
  r="$work/rounds"
  [ "$kind" = cpu ] && r="$work/cpu-rounds"
  echo "$kind time:"
  echo "  plain java               median $(ms "$(cut -d' ' -f1 "$r" | median)")"
  echo "  no-op -javaagent         median $(ms "$(cut -d' ' -f2 "$r" | median)")   added $(ms "$(awk '{print $2 - $1}' "$r" | median)")"
  echo "  adaptive-pool-agent      median $(ms "$(cut -d' ' -f3 "$r" | median)")   added $(ms "$(awk '{print $3 - $1}' "$r" | median)")"
  echo "  agent over the no-op agent                      $(ms "$(awk '{print $3 - $2}' "$r" | median)")"
  if [ "$n" -gt 3 ]; then
    echo "  baseline agent           median $(ms "$(cut -d' ' -f4 "$r" | median)")   added $(ms "$(awk '{print $4 - $1}' "$r" | median)")"
    echo "  baseline over the no-op agent                   $(ms "$(awk '{print $4 - $2}' "$r" | median)")"
  fi
done
