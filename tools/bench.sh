#!/bin/sh
# tools/bench.sh: what `make bench` runs. For each seed policy, a deterministic generated log of
# each size (about five events a case), evaluated by the compiled engine and by the interpreter
# (redressc run); events a second, MB a second and peak memory, written to bench/RESULTS.md.
# BENCH_SIZES overrides the sizes in events (default "100000 1000000 10000000").
set -eu
cd "$(dirname "$0")/.."
BIN=${BIN:-bin}
SIZES=${BENCH_SIZES:-"100000 1000000 10000000"}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT INT TERM
out=bench/RESULTS.md

# seconds and peak kilobytes of one run, from GNU time, the best of three for small inputs
measure() {
    best=""
    runs=3
    [ "$(wc -c <"$log")" -gt 200000000 ] && runs=1
    for _ in $(seq $runs); do
        /usr/bin/time -f "%e %M" -o "$T/time" "$@" >/dev/null 2>"$T/err" || { cat "$T/err"; exit 1; }
        read -r secs kb <"$T/time"
        if [ -z "$best" ] || awk "BEGIN{exit !($secs < $best)}"; then best=$secs; peak=$kb; fi
    done
    echo "$best $peak"
}

row() { # LABEL EVENTS BYTES SECONDS KB
    awk -v l="$1" -v e="$2" -v b="$3" -v s="$4" -v k="$5" 'BEGIN {
        if (s < 0.005) s = 0.005
        printf "| %s | %d | %.2f | %.1f | %.1f | %.1f |\n", l, e, s, e / s / 1e6, b / s / 1e6, k / 1024 }'
}

{
    echo "# Benchmarks"
    echo
    echo "Made by \`make bench\` (tools/bench.sh) on $(date -u +%Y-%m-%d)."
    echo
    echo "- machine: $(nproc) cores, $(awk -F': ' '/model name/{print $2; exit}' /proc/cpuinfo),"
    echo "  $(awk '/MemTotal/{printf "%.0f GiB", $2/1048576}' /proc/meminfo) of memory; one core used"
    echo "- compiler: $(cc --version | head -1)"
    echo "- logs: \`redressc gen POLICY --cases N --seed 1\`, about five events a case, cases"
    echo "  interleaved by date; 'grouped log' is the same log sorted by case, and"
    echo "  \`--grouped\` tells the engine so, to decide each case as the next begins"
    echo "- engine: \`bin/NAME-complaints eval --quiet --as-of 2024-05-20 LOG\`;"
    echo "  interpreter: \`redressc run policies/NAME.policy --quiet --as-of 2024-05-20 LOG\`"
    echo "- times are wall-clock seconds, best of three below 200 MB; memory is peak resident set"
    echo
} >"$out.tmp"

for p in policies/*.policy; do
    name=$(basename "$p" .policy)
    {
        echo "## $name"
        echo
        echo "| run | events | seconds | M events/s | MB/s | peak MiB |"
        echo "|---|---|---|---|---|---|"
    } >>"$out.tmp"
    for n in $SIZES; do
        log="$T/$name-$n.jsonl"
        "$BIN/redressc" gen "$p" --cases $((n / 5)) --seed 1 >"$log"
        events=$(wc -l <"$log")
        bytes=$(wc -c <"$log")
        set -- $(measure "$BIN/$name-complaints" eval --quiet --as-of 2024-05-20 "$log")
        row "engine" "$events" "$bytes" "$1" "$2" >>"$out.tmp"
        engine_s=$1
        set -- $(measure "$BIN/redressc" run "$p" --quiet --as-of 2024-05-20 "$log")
        row "interpreter" "$events" "$bytes" "$1" "$2" >>"$out.tmp"
        interp_s=$1
        LC_ALL=C sort -t'"' -k4,4 -s "$log" >"$T/grouped.jsonl"
        log="$T/grouped.jsonl"
        set -- $(measure "$BIN/$name-complaints" eval --quiet --as-of 2024-05-20 "$log")
        row "engine, grouped log" "$events" "$bytes" "$1" "$2" >>"$out.tmp"
        set -- $(measure "$BIN/$name-complaints" eval --grouped --quiet --as-of 2024-05-20 "$log")
        row "engine --grouped, grouped log" "$events" "$bytes" "$1" "$2" >>"$out.tmp"
        awk -v e="$engine_s" -v i="$interp_s" -v n="$events" 'BEGIN {
            if (e < 0.005) e = 0.005
            printf "\nAt %d events the compiled engine takes %.2fx the interpreter'"'"'s time.\n\n", n, e / i }' >>"$out.tmp"
        rm -f "$T"/*.jsonl
    done
done
# Where the time goes: a profile of the Salix engine on a million events, when perf works here.
if command -v perf >/dev/null 2>&1; then
    "$BIN/redressc" gen policies/salix.policy --cases 200000 --seed 1 >"$T/p.jsonl"
    if perf record -q -o "$T/perf.data" "$BIN/salix-complaints" eval --quiet --as-of 2024-05-20 \
        "$T/p.jsonl" >/dev/null 2>&1; then
        {
            echo "## Where the time goes"
            echo
            echo "\`perf record\` of \`bin/salix-complaints eval\` on a million generated events, the"
            echo "functions taking the most samples:"
            echo
            echo '```'
            perf report -i "$T/perf.data" --stdio 2>/dev/null | grep -v '^#' | grep -v '^$' | head -14
            echo '```'
            echo
        } >>"$out.tmp"
    fi
    rm -f "$T/p.jsonl"
fi
cat bench/NOTES.md >>"$out.tmp"
mv "$out.tmp" "$out"
echo "wrote $out"
