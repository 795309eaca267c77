#!/usr/bin/env bash
# Runs every shell command of the docs, as written, from the repository root, and fails loudly on
# any failure; first it checks every relative link of the docs (file and heading). Run it after
# the two commands of the README (`./demo.sh`, `mvn verify`), which build the jars the commands use.
#
# What runs: every fenced block whose language is sh, bash or shell, in README.md and docs/*.md.
# Each block runs on its own, as one `bash -euo pipefail` script, from the repository root, in a
# process group of its own (killed afterwards, with whatever the block left running), with a
# fresh TMPDIR and a time limit (CHECK_TIMEOUT, default 120 s).
#
# Conventions, on the line just before the opening fence:
#   <!-- not-run: REASON -->   not run, and listed with its reason (a GUI, a synopsis with
#                              placeholders, a server that runs until stopped...). A REASON that
#                              starts with "slow:" names a block that does run, but for minutes:
#                              --slow runs those too.
#   <!-- needs: TOOL -->       run only when TOOL is on the PATH; otherwise skipped and listed.
# A block must leave the working tree as it found it (files under target/ aside): the check
# compares `git status` before and after each block when the repository is a git work tree.
#
# Usage: docs/check-commands.sh [--slow] [--list] [FILE.md...]
#   --list   print the blocks and what would happen to each, run nothing
set -uo pipefail

cd "$(dirname "$0")/.."
root=$(pwd)

slow=false
list=false
files=()
for arg in "$@"; do
    case $arg in
        --slow) slow=true ;;
        --list) list=true ;;
        -h|--help) sed -n '2,22p' "$0"; exit 0 ;;
        -*) echo "check-commands: unknown option $arg" >&2; exit 2 ;;
        *) files+=("$arg") ;;
    esac
done
((${#files[@]})) || files=(README.md docs/*.md)
limit=${CHECK_TIMEOUT:-120}

work=$(mktemp -d "${TMPDIR:-/tmp}/check-commands.XXXXXX")
trap 'rm -rf "$work"' EXIT

git_state() {
    if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
        git status --porcelain --untracked-files=all
    fi
}

# Splits the files into blocks: work/block-N.sh, with work/block-N.meta holding
# "file<TAB>line<TAB>mode<TAB>detail" (mode: run, not-run, needs).
awk -v out="$work" '
    FNR == 1 { prev = "" }
    !inblock && /^```(sh|bash|shell)[[:space:]]*$/ {
        inblock = 1; n++; start = FNR
        mode = "run"; detail = ""
        if (match(prev, /<!--[[:space:]]*not-run:[[:space:]]*/)) {
            mode = "not-run"; detail = substr(prev, RSTART + RLENGTH); sub(/[[:space:]]*-->.*$/, "", detail)
        } else if (match(prev, /<!--[[:space:]]*needs:[[:space:]]*/)) {
            mode = "needs"; detail = substr(prev, RSTART + RLENGTH); sub(/[[:space:]]*-->.*$/, "", detail)
        }
        file = out "/block-" sprintf("%03d", n)
        printf "%s\t%d\t%s\t%s\n", FILENAME, start, mode, detail > (file ".meta")
        printf "" > (file ".sh")
        next
    }
    inblock && /^```[[:space:]]*$/ { inblock = 0; close(file ".sh"); close(file ".meta"); prev = ""; next }
    inblock { print > (file ".sh"); next }
    /^```/ { fence = !fence }
    NF { prev = $0 }
' "${files[@]}"

ran=0
failed=0
skipped=()
failures=()

# Relative links first (fast): every [text](path#anchor) outside code must name a file that exists
# and, in a Markdown file, a heading that exists (GitHub's anchors: lower case, punctuation dropped,
# spaces to hyphens).
anchors() {
    awk '/^```/ { fence = !fence; next } !fence && /^#+ / {
        h = $0; sub(/^#+ +/, "", h); h = tolower(h); gsub(/[^a-z0-9 _-]/, "", h); gsub(/ /, "-", h); print h }' "$1"
}
if ! $list; then
    for file in "${files[@]}"; do
        dir=$(dirname "$file")
        while IFS= read -r target; do
            path=${target%%#*}
            anchor=
            [[ $target == *#* ]] && anchor=${target#*#}
            resolved=$file
            [[ -n $path ]] && resolved=$dir/$path
            if [[ ! -e $resolved ]]; then
                failures+=("$file: link to $target: no such file")
            elif [[ -n $anchor && $resolved == *.md ]] && ! anchors "$resolved" | grep -xF -- "$anchor" > /dev/null; then
                failures+=("$file: link to $target: no such heading")
            fi
        done < <(awk '/^```/ { fence = !fence; next } !fence' "$file" | grep -o '\]([^)[:space:]]*)' \
                 | sed 's/^](//; s/)$//' | grep -v -E '^(https?:|mailto:)')
    done
    failed=${#failures[@]}
    for f in "${failures[@]}"; do
        echo "== FAILED $f"
    done
fi
for meta in "$work"/block-*.meta; do
    [[ -e $meta ]] || break
    IFS=$'\t' read -r file line mode detail < "$meta"
    script=${meta%.meta}.sh
    where="$file:$line"
    if [[ $mode == not-run ]] && ! { $slow && [[ $detail == slow:* ]]; }; then
        skipped+=("$where  not run: $detail")
        $list && printf 'skip  %s  (%s)\n' "$where" "$detail"
        continue
    fi
    if [[ $mode == needs ]] && ! command -v "$detail" >/dev/null 2>&1; then
        skipped+=("$where  needs $detail, which is not on the PATH")
        $list && printf 'skip  %s  (needs %s: absent)\n' "$where" "$detail"
        continue
    fi
    if $list; then
        printf 'run   %s\n' "$where"
        sed 's/^/        /' "$script"
        continue
    fi

    printf '== %s ... ' "$where"
    before=$(git_state)
    tmp=$(mktemp -d "$work/tmp.XXXXXX")
    pidfile=$tmp/.pgid
    started=$(date +%s)
    # setsid: a process group of its own, so that whatever the block starts in the background
    # can be ended with it. timeout makes itself the group leader, and exec keeps the pid.
    TMPDIR=$tmp setsid bash -c 'echo $$ > "$1"; exec timeout -k 5 "$2" bash -euo pipefail "$3"' \
        _ "$pidfile" "$limit" "$script" > "$tmp/.out" 2>&1 < /dev/null
    rc=$?
    if [[ -s $pidfile ]]; then
        kill -- "-$(cat "$pidfile")" 2>/dev/null || true
    fi
    took=$(($(date +%s) - started))
    after=$(git_state)
    ran=$((ran + 1))
    if ((rc == 0)) && [[ $before == "$after" ]]; then
        printf 'ok (%d s)\n' "$took"
        continue
    fi
    failed=$((failed + 1))
    if ((rc == 124)); then
        why="timed out after $limit s"
    elif ((rc != 0)); then
        why="exit code $rc"
    else
        why="it changed the working tree: $(diff <(echo "$before") <(echo "$after") | grep '^[<>]' | head -5 | tr '\n' ' ')"
    fi
    failures+=("$where: $why")
    printf 'FAILED (%s, %d s)\n' "$why" "$took"
    echo "---- the block ----------------------------------------------------------------"
    cat "$script"
    echo "---- its output (last 40 lines) -----------------------------------------------"
    tail -n 40 "$tmp/.out"
    echo "-------------------------------------------------------------------------------"
done

$list && exit 0
echo
echo "docs check: $ran block(s) run, $failed failed, ${#skipped[@]} not run"
for s in "${skipped[@]}"; do
    echo "  $s"
done
if ((failed)); then
    echo "FAILED:"
    for f in "${failures[@]}"; do
        echo "  $f"
    done
    exit 1
fi
