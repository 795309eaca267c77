#!/usr/bin/env bash
# adaptive-pool in one screen: the same legacy app, under the same burst, run twice:
# as it is (Executors.newCachedThreadPool(): a thread per waiting task) and with the agent
# (-javaagent:agent/target/adaptive-pool-agent.jar: a bounded adaptive pool, no code change).
#
# Usage: ./demo.sh            (needs a JDK 17+ and Maven 3.6.3+; builds what it needs, quietly)
# Extra arguments are passed to the legacy app, e.g. ./demo.sh --burst-size 1000
#        ./demo.sh --fixed    the second demo: a reader faster than Executors.newFixedThreadPool(4),
#                             whose queue has no bound, in a 256 MB heap; with the agent's replace=fixed
set -euo pipefail

cd "$(dirname "$0")"

AGENT_JAR=agent/target/adaptive-pool-agent.jar
APP_JAR=examples/legacy-app/target/legacy-app.jar
HEAP=-Xmx512m
AGENT_ARGS=metrics.host=127.0.0.1,metrics.port=0
FIXED=
if [[ ${1:-} == --fixed ]]; then
    FIXED=1
    shift
fi
APP_ARGS=("$@")

die() {
    printf 'demo.sh: %s\n' "$*" >&2
    exit 1
}

now() { date +%s; }

# ---- tools ---------------------------------------------------------------------------------
JAVA=java
if [[ -n ${JAVA_HOME:-} && -x $JAVA_HOME/bin/java ]]; then
    JAVA=$JAVA_HOME/bin/java
fi
command -v "$JAVA" >/dev/null 2>&1 || die "no 'java' found: install a JDK 17 or later, or set JAVA_HOME"
java_version=$("$JAVA" -XshowSettings:properties -version 2>&1 | awk -F' = ' '/java.specification.version/ {print $2}')
java_major=${java_version#1.}
java_major=${java_major%%.*}
[[ $java_major =~ ^[0-9]+$ ]] || die "could not tell the Java version of $JAVA"
((java_major >= 17)) || die "$JAVA is Java $java_version; the examples need JDK 17 or later (set JAVA_HOME)"
command -v mvn >/dev/null 2>&1 || die "no 'mvn' found: install Maven 3.6.3 or later"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/adaptive-pool-demo.XXXXXX")
started=$(now)

if [[ -n $FIXED ]]; then
    HEAP=-Xmx256m
    AGENT_ARGS=replace=cached,fixed,metrics.host=127.0.0.1,metrics.port=0
    printf 'adaptive-pool demo, fixed pool: one ingest job, one burst, run twice (Java %s, %s)\n' "$java_version" "$HEAP"
    printf '  the app: examples/legacy-app IngestApp, a reader handing 20000 records of 16-32 KB to\n'
    printf '           Executors.newFixedThreadPool(4), whose workers store one in 1 ms\n'
else
    printf 'adaptive-pool demo: one legacy app, one burst, run twice (Java %s, %s)\n' "$java_version" "$HEAP"
    printf '  the app: examples/legacy-app, old code on Executors.newCachedThreadPool(), never shut down;\n'
    printf '           2 bursts of 2500 tasks, each holding a 48-96 KB buffer while it waits for one of\n'
    printf '           40 database connections (20-50 ms a query)\n'
fi
((${#APP_ARGS[@]} == 0)) || printf '           changed by your options: %s\n' "${APP_ARGS[*]}"
printf '\n'

# ---- build ---------------------------------------------------------------------------------
# Rebuild when a jar is missing or any source or pom is newer than it.
stale() {
    local jar
    for jar in "$AGENT_JAR" "$APP_JAR"; do
        [[ -f $jar ]] || return 0
        if [[ -n $(find pom.xml executor jmx prometheus agent examples/pom.xml examples/legacy-app \
            -name target -prune -o -type f -newer "$jar" -print 2>/dev/null | head -n 1) ]]; then
            return 0
        fi
    done
    return 1
}

[[ -f agent/pom.xml ]] || die "this checkout has no agent module (agent/pom.xml), so there is nothing to demo yet"
if stale; then
    printf '[1/3] building the agent and the app (mvn -q package; the first build downloads plugins) ...'
    build_start=$(now)
    if ! mvn -q -B -Dmaven.test.skip=true -Dmaven.javadoc.skip=true -Dmaven.source.skip=true -pl agent,examples/legacy-app -am package >"$WORK/build.log" 2>&1; then
        printf ' FAILED\n'
        tail -n 30 "$WORK/build.log" >&2
        if grep -q 'Could not find the selected project in the reactor' "$WORK/build.log"; then
            die "the root pom.xml does not list the agent and examples modules yet; full log: $WORK/build.log"
        fi
        die "the build failed; full log: $WORK/build.log"
    fi
    printf ' done in %d s\n' $(($(now) - build_start))
else
    printf '[1/3] build is up to date (%s, %s)\n' "$AGENT_JAR" "$APP_JAR"
fi
[[ -f $AGENT_JAR ]] || die "$AGENT_JAR was not built; the agent module must build first (mvn -pl agent -am package)"
[[ -f $APP_JAR ]] || die "$APP_JAR was not built (mvn -pl examples/legacy-app -am package)"

# ---- runs ----------------------------------------------------------------------------------
# Prints the app's live status line in place while it runs (on a terminal), waits for it, and
# returns its exit status. $1: log file; the rest: the java command line.
METRICS_URL=
SCRAPE=
columns=$(tput cols 2>/dev/null || echo 80)
[[ $columns =~ ^[0-9]+$ ]] && ((columns >= 40)) || columns=80
run_app() {
    local log=$1
    shift
    : >"$log"
    "$@" >>"$log" 2>&1 &
    local pid=$! lines=0 line
    while kill -0 "$pid" 2>/dev/null; do
        if [[ -t 1 ]]; then
            line=$(grep -E '^ +[0-9.]+s +threads' "$log" | tail -n 1 | sed -E 's/^ +//; s/ +/ /g' || true)
            [[ -n $line ]] && printf '\r\033[K      %s' "${line:0:$((columns - 8))}"
        fi
        if [[ -z $SCRAPE ]] && grep -q 'serving metrics on http' "$log"; then
            METRICS_URL=$(grep -o 'serving metrics on http://[^ ]*' "$log" | head -n 1 | sed 's/serving metrics on //')
            lines=$(grep -cE '^ +[0-9.]+s +threads' "$log" || true)
            if ((lines >= 3)); then # mid-burst: scrape the side port once, to show it is live
                SCRAPE=$(http_get "$METRICS_URL" 2>/dev/null | grep -E '^adaptive_pool_(workers|queue_depth|jobs_submitted_total)\{' || true)
                [[ -n $SCRAPE ]] || SCRAPE=none
            fi
        fi
        if grep -q '^Exception in thread "main"' "$log"; then
            kill "$pid" 2>/dev/null || true # main died; only idle pool threads would keep the JVM up
        fi
        sleep 0.25
    done
    [[ -t 1 ]] && printf '\r\033[K'
    wait "$pid"
}

http_get() {
    if command -v curl >/dev/null 2>&1; then
        curl -fsS --max-time 5 "$1"
    else # bash's /dev/tcp, for machines without curl
        local rest=${1#http://} hostport path
        hostport=${rest%%/*}
        path=/${rest#*/}
        exec 3<>"/dev/tcp/${hostport%:*}/${hostport##*:}"
        printf 'GET %s HTTP/1.0\r\nHost: %s\r\n\r\n' "$path" "$hostport" >&3
        sed '1,/^\r*$/d' <&3
        exec 3<&-
    fi
}

# summary KEY LOG: a value from the app's SUMMARY line
summary() {
    awk -v key="$1" '/^SUMMARY / { for (i = 2; i <= NF; i++) { split($i, kv, "="); if (kv[1] == key) print kv[2] } }' "$2"
}

shown_args=${APP_ARGS[*]+ ${APP_ARGS[*]}}

# ---- the fixed-pool demo -------------------------------------------------------------------
if [[ -n $FIXED ]]; then
    INGEST=(-cp "$APP_JAR" com.acme.legacy.IngestApp)
    P=$WORK/without-agent.log
    A=$WORK/with-agent.log
    printf '[2/3] without the agent: java %s %s%s\n' "$HEAP" "${INGEST[*]}" "$shown_args"
    plain_status=0
    "$JAVA" "$HEAP" "${INGEST[@]}" "${APP_ARGS[@]+"${APP_ARGS[@]}"}" >"$P" 2>&1 || plain_status=$?
    grep -m1 '^OutOfMemoryError' "$P" | sed 's/^/      /' || true
    printf '[3/3] with the agent:    java %s -javaagent:%s=%s %s%s\n' "$HEAP" "$AGENT_JAR" "$AGENT_ARGS" \
        "${INGEST[*]}" "$shown_args"
    agent_status=0
    "$JAVA" "$HEAP" "-javaagent:$AGENT_JAR=$AGENT_ARGS" "${INGEST[@]}" "${APP_ARGS[@]+"${APP_ARGS[@]}"}" >"$A" 2>&1 \
        || agent_status=$?
    grep '^\[adaptive-pool-agent\] pool' "$A" | sed 's/^/      /' || true
    grep -q '^SUMMARY ' "$A" || die "the ingest job did not finish with the agent (status $agent_status); see $A"
    [[ $(summary executor "$A") == *AdaptivePoolExecutor ]] || die "the agent did not replace the fixed pool; see $A"
    row() { printf '  %-24s %24s %24s\n' "$1" "$2" "$3"; }
    if grep -q '^SUMMARY ' "$P"; then
        plain_held="$(summary peak_held "$P") ($(summary peak_held_mb "$P") MB)"
        plain_heap="$(summary peak_heap_mb "$P") MB"
        plain_done="$(summary records_stored "$P")/$(summary records_read "$P")"
    else # OutOfMemoryError after reading N records, N held (N MB)
        oom=$(grep -m1 '^OutOfMemoryError' "$P" || echo "status $plain_status")
        plain_held="$(sed -E 's/.*, ([0-9]+) held \(([0-9]+) MB\).*/\1+ (\2+ MB)/' <<<"$oom")"
        plain_heap="all ${HEAP#-Xmx}: out of memory"
        plain_done="died after $(sed -E 's/.*reading ([0-9]+) records.*/\1/' <<<"$oom") read"
    fi
    printf '\n'
    row '' 'without agent' 'with replace=fixed'
    row 'records held at peak' "$plain_held" "$(summary peak_held "$A") ($(summary peak_held_mb "$A") MB)"
    row 'peak heap used' "$plain_heap" "$(summary peak_heap_mb "$A") MB"
    row 'records stored' "$plain_done" "$(summary records_stored "$A")/$(summary records_read "$A")"
    printf '\n  The JDK'"'"'s fixed pool queues every record its 4 workers have not stored yet, without a bound.\n'
    printf '  With the agent the queue holds 1000 and the reader waits for room: the same 4 workers, the\n'
    printf '  same order, and the heap holds what the queue holds.\n'
    printf '\n  logs: %s   demo took %d s\n' "$WORK" $(($(now) - started))
    exit 0
fi

printf '[2/3] without the agent: java %s -jar %s%s\n' "$HEAP" "$APP_JAR" "$shown_args"
plain_status=0
run_app "$WORK/without-agent.log" "$JAVA" "$HEAP" -jar "$APP_JAR" "${APP_ARGS[@]+"${APP_ARGS[@]}"}" || plain_status=$?
grep -m1 -E 'OutOfMemoryError|unable to create' "$WORK/without-agent.log" | sed 's/^/      /' || true

printf '[3/3] with the agent:    java %s -javaagent:%s=%s -jar %s%s\n' "$HEAP" "$AGENT_JAR" "$AGENT_ARGS" "$APP_JAR" "$shown_args"
agent_status=0
run_app "$WORK/with-agent.log" "$JAVA" "$HEAP" "-javaagent:$AGENT_JAR=$AGENT_ARGS" -jar "$APP_JAR" "${APP_ARGS[@]+"${APP_ARGS[@]}"}" || agent_status=$?
grep '^\[adaptive-pool-agent\]' "$WORK/with-agent.log" | sed 's/^/      /' || true

P=$WORK/without-agent.log
A=$WORK/with-agent.log
if ! grep -q '^SUMMARY ' "$A"; then
    tail -n 20 "$A" >&2
    die "the app did not finish with the agent (status $agent_status); see $A"
fi
[[ $(summary executor "$A") == *AdaptivePoolExecutor ]] || die "the agent did not replace the app's pool; see $A"
# Without the agent the app may die (too many threads for this machine's limits): that is a result too.
plain_crash=
if ! grep -q '^SUMMARY ' "$P"; then
    plain_crash=$(grep -m1 -E 'Error|Exception' "$P" || echo "exit status $plain_status")
fi

# ---- the screen ----------------------------------------------------------------------------
mb() { if [[ $1 == -1 ]]; then printf 'n/a'; else printf '%s MB' "$1"; fi; }
secs() { awk -v ms="$1" 'BEGIN { printf "%.1f s", ms / 1000 }'; }
row() { printf '  %-22s %18s %18s\n' "$1" "$2" "$3"; }
# cell KEY LOG [FORMATTER]: a SUMMARY value, formatted, or "crashed" when the run has no SUMMARY
cell() {
    local v
    v=$(summary "$1" "$2")
    if [[ -z $v ]]; then printf 'crashed'; elif [[ -n ${3:-} ]]; then "$3" "$v"; else printf '%s' "$v"; fi
}
plain_threads=$(cell peak_threads "$P")
if [[ -n $plain_crash ]]; then # the last live line still tells how far it got
    plain_threads="$(grep -oE '\(peak +[0-9]+\)' "$P" | tail -n 1 | tr -dc '0-9')+, crashed"
fi

printf '\n'
row '' 'without agent' 'with agent'
row 'executor' 'cached pool' "adaptive, max $(grep -o 'maxWorkers=[0-9]*' "$A" | head -n 1 | cut -d= -f2)"
row 'peak threads' "$plain_threads" "$(cell peak_threads "$A")"
row 'peak memory (RSS)' "$(cell peak_rss_mb "$P" mb)" "$(cell peak_rss_mb "$A" mb)"
row 'peak heap used' "$(cell peak_heap_mb "$P" mb)" "$(cell peak_heap_mb "$A" mb)"
plain_tasks=crashed
[[ -n $plain_crash ]] || plain_tasks="$(cell tasks_completed "$P")/$(cell tasks_submitted "$P")"
row 'tasks completed' "$plain_tasks" "$(cell tasks_completed "$A")/$(cell tasks_submitted "$A")"
row 'time taken' "$(cell time_ms "$P" secs)" "$(cell time_ms "$A" secs)"
printf '  %-22s %18s %s\n' 'side-port metrics' '-' "${METRICS_URL:-not served (see $A)}"
if [[ -n $SCRAPE && $SCRAPE != none ]]; then
    printf '\n  scraped once mid-burst (the port closes when the app exits):\n'
    printf '%s\n' "$SCRAPE" | sed 's/^/    /'
fi
connections=$(grep -o 'on [0-9]* connections' "$A" | head -n 1 | tr -dc '0-9')
if [[ -n $plain_crash ]]; then
    printf '\n  Without the agent the app died: %s\n' "$plain_crash"
    printf '  With it, at most %s tasks ran at once and every task completed.\n' "$(summary peak_in_flight "$A")"
else
    printf '\n  The database answers %s queries at a time either way. The cached pool gave each of up to %s\n' \
        "$connections" "$(summary peak_in_flight "$P")"
    printf '  waiting tasks a thread of its own, buffer held; with the agent at most %s ran at once and\n' \
        "$(summary peak_in_flight "$A")"
    printf '  the rest waited in a bounded queue, not yet started.\n'
fi
printf '\n  logs: %s   demo took %d s\n' "$WORK" $(($(now) - started))
((agent_status == 0)) || die "the app exited with status $agent_status with the agent; see $A"
