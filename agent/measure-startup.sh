#!/usr/bin/env bash
# The agent's start-up cost on a hello-world app. Runs, in rotating order, N rounds of
#   plain:   java -cp DIR Hello
#   no-op:   java -javaagent:noop.jar -cp DIR Hello        (an agent whose premain does nothing:
#            what -javaagent itself costs, the floor for any agent)
#   agent:   java -javaagent:agent/target/adaptive-pool-agent.jar[=ARGS] -cp DIR Hello
# and prints the median wall time of each and the median of the per-round differences.
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

# wall time of one run in microseconds; the output must be exactly "hello", and stderr hold
# nothing but the agent's own "pool ..." and "serving metrics ..." lines
run() {
  local start end out
  start=$(date +%s%N)
  out=$("${bin}java" $1 -cp "$work" "$app" 2>"$work/stderr")
  end=$(date +%s%N)
  if [ "$out" != "hello" ] || grep -qv '^\[adaptive-pool-agent\] \(pool \|serving metrics \)' "$work/stderr"; then
    echo "unexpected output with '$1': $out" >&2
    cat "$work/stderr" >&2
    exit 1
  fi
  echo $(( (end - start) / 1000 ))
}

median() {
  sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print int((v[NR / 2] + v[NR / 2 + 1]) / 2) }'
}

ms() {
  echo "$1" | awk '{ printf "%7.1f ms", $1 / 1000 }'
}

for v in "${variants[@]}"; do run "$v" > /dev/null; done   # warm the file cache

: > "$work/t0"; : > "$work/t1"; : > "$work/t2"
for r in $(seq 1 "$rounds"); do
  for k in 0 1 2; do
    i=$(( (r + k) % 3 ))
    run "${variants[$i]}" >> "$work/t$i"
  done
done
paste "$work/t0" "$work/t1" "$work/t2" > "$work/rounds"

"${bin}java" -version 2>&1 | head -1
echo "app: $app; rounds: $rounds; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "agent: ${variants[2]}"
echo "plain java                 median $(ms "$(median < "$work/t0")")"
echo "no-op -javaagent           median $(ms "$(median < "$work/t1")")   added $(ms "$(awk '{print $2 - $1}' "$work/rounds" | median)")"
echo "adaptive-pool-agent        median $(ms "$(median < "$work/t2")")   added $(ms "$(awk '{print $3 - $1}' "$work/rounds" | median)")"
echo "agent over the no-op agent                        $(ms "$(awk '{print $3 - $2}' "$work/rounds" | median)")"
