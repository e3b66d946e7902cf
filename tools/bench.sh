#!/bin/sh
# tools/bench.sh: what `make bench` runs. For each seed policy, a deterministic generated log of
# each size (about five events a case), evaluated by the compiled engine and by the interpreter
# (redressc run); events a second, MB a second and peak memory, written to bench/RESULTS.md.
# BENCH_SIZES overrides the sizes in events (default "100000 1000000 10000000"); BENCH_CSV the
# size of the CSV logs and BENCH_PIPE of the logs fed through a pipe (default 1000000 each).
set -eu
cd "$(dirname "$0")/.."
BIN=${BIN:-bin}
SIZES=${BENCH_SIZES:-"100000 1000000 10000000"}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT INT TERM
out=bench/RESULTS.md

# CPU time too, where perf can count it: on a shared machine a run's wall clock may include
# spells when another tenant has the core, which its CPU time does not.
PERF=""
if command -v perf >/dev/null 2>&1 && perf stat -x, -e task-clock -o "$T/perf" true 2>/dev/null; then
    PERF="perf stat -x, -e task-clock -o $T/perf --"
fi

# Seconds, peak kilobytes and CPU seconds (0 without perf) of one run. GNU time gives the
# memory; its clock counts only hundredths, so the time is taken around it in nanoseconds
# (which adds the few milliseconds of starting time).
run_once() {
    t0=$(date +%s%N)
    $PERF /usr/bin/time -f "%M" -o "$T/time" "$@" >/dev/null 2>"$T/err" || { cat "$T/err" >&2; exit 1; }
    t1=$(date +%s%N)
    read -r kb <"$T/time"
    c=0
    [ -n "$PERF" ] && c=$(awk -F, '/task-clock/ { printf "%.4f", $1 / 1000 }' "$T/perf")
    awk -v a="$t0" -v b="$t1" -v k="$kb" -v c="$c" 'BEGIN { printf "%.4f %s %s\n", (b - a) / 1e9, k, c }'
}

# keep NAME SECONDS KB CPU: the least wall clock (with that run's memory) and, apart, the
# least CPU time of the runs of NAME so far, in $T/best.NAME.
keep() {
    [ $# -eq 4 ] || { echo "bench: a run of $1 failed" >&2; exit 1; }
    f="$T/best.$1"
    if [ -f "$f" ]; then
        read -r s k c <"$f"
        awk -v s="$s" -v k="$k" -v c="$c" -v s2="$2" -v k2="$3" -v c2="$4" 'BEGIN {
            if (s2 < s) { s = s2; k = k2 }
            if (c2 < c) c = c2
            print s, k, c }' >"$f"
    else
        echo "$2 $3 $4" >"$f"
    fi
}

# The best of five runs below 200 MB of log, else of two: the machine this was written on is
# shared, and slows by a third for minutes at a time.
runs_for() { if [ "$(wc -c <"$1")" -lt 200000000 ]; then echo 5; else echo 2; fi; }

measure() {
    rm -f "$T/best.one"
    for _ in $(seq "$(runs_for "$log")"); do keep one $(run_once "$@"); done
    cat "$T/best.one"
}

# The time a command takes on an empty log: starting the process, and the clock's own cost.
# Subtracted from each run, so events a second count only the work on events.
startup() {
    log="$T/empty.jsonl"
    : >"$log"
    set -- $(measure "$@" "$log")
    echo "$1 $3"
}
less() { awk -v a="$1" -v b="$2" 'BEGIN { d = a - b; printf "%.4f", d < 0.0005 ? 0.0005 : d }'; }

row() { # LABEL EVENTS BYTES SECONDS KB CPU-SECONDS
    awk -v l="$1" -v e="$2" -v b="$3" -v s="$4" -v k="$5" -v c="$6" -v perf="$PERF" 'BEGIN {
        if (s < 0.0005) s = 0.0005
        if (c < 0.0005) c = 0.0005
        printf "| %s | %d | %.3f | %.1f | %.1f | %.1f | ", l, e, s, e / s / 1e6, b / s / 1e6, k / 1024
        if (perf == "") printf "- | - |\n"
        else printf "%.3f | %.1f |\n", c, e / c / 1e6 }'
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
    echo "- times are wall-clock seconds, the best of five runs below 200 MB of log, else of two,"
    echo "  the four runs of each size taking turns (a slow spell of the machine falls on all),"
    echo "  less the time the same command takes on an empty log (starting the process and"
    echo "  reading the clock; given under each heading); memory is peak resident set"
    echo "- CPU seconds are perf's task-clock (the least of the same runs, less the same on an"
    echo "  empty log): where they match the wall clock the run was not kept off its core, and"
    echo "  what varies between runs is the processor's own speed; '-' where perf cannot count"
    echo
} >"$out.tmp"

for p in policies/*.policy; do
    name=$(basename "$p" .policy)
    set -- $(startup "$BIN/$name-complaints" eval --quiet --as-of 2024-05-20)
    engine_start=$1 engine_cpu=$2
    set -- $(startup "$BIN/redressc" run "$p" --quiet --as-of 2024-05-20)
    interp_start=$1 interp_cpu=$2
    {
        echo "## $name"
        echo
        awk -v e="$engine_start" -v i="$interp_start" 'BEGIN { printf "On an empty log (taken from each " \
            "time below): engine %.1f ms, interpreter %.1f ms.\n\n", e * 1000, i * 1000 }'
        echo "| run | events | seconds | M events/s | MB/s | peak MiB | CPU seconds | M events/s of CPU |"
        echo "|---|---|---|---|---|---|---|---|"
    } >>"$out.tmp"
    for n in $SIZES; do
        log="$T/$name-$n.jsonl"
        "$BIN/redressc" gen "$p" --cases $((n / 5)) --seed 1 >"$log"
        events=$(wc -l <"$log")
        bytes=$(wc -c <"$log")
        LC_ALL=C sort -t'"' -k4,4 -s "$log" >"$T/grouped.jsonl"
        # The four runs of a size take turns, round after round, so that a slow spell of the
        # machine falls on all of them rather than on one.
        rm -f "$T"/best.*
        for _ in $(seq "$(runs_for "$log")"); do
            keep engine $(run_once "$BIN/$name-complaints" eval --quiet --as-of 2024-05-20 "$log")
            keep interp $(run_once "$BIN/redressc" run "$p" --quiet --as-of 2024-05-20 "$log")
            keep grouped $(run_once "$BIN/$name-complaints" eval --quiet --as-of 2024-05-20 \
                "$T/grouped.jsonl")
            keep flag $(run_once "$BIN/$name-complaints" eval --grouped --quiet --as-of 2024-05-20 \
                "$T/grouped.jsonl")
        done
        set -- $(cat "$T/best.engine")
        engine_s=$(less "$1" "$engine_start")
        row "engine" "$events" "$bytes" "$engine_s" "$2" "$(less "$3" "$engine_cpu")" >>"$out.tmp"
        set -- $(cat "$T/best.interp")
        interp_s=$(less "$1" "$interp_start")
        row "interpreter" "$events" "$bytes" "$interp_s" "$2" "$(less "$3" "$interp_cpu")" >>"$out.tmp"
        set -- $(cat "$T/best.grouped")
        row "engine, grouped log" "$events" "$bytes" "$(less "$1" "$engine_start")" "$2" \
            "$(less "$3" "$engine_cpu")" >>"$out.tmp"
        set -- $(cat "$T/best.flag")
        row "engine --grouped, grouped log" "$events" "$bytes" "$(less "$1" "$engine_start")" "$2" \
            "$(less "$3" "$engine_cpu")" >>"$out.tmp"
        awk -v e="$engine_s" -v i="$interp_s" -v n="$events" 'BEGIN {
            if (e < 0.0005) e = 0.0005
            printf "\nAt %d events the compiled engine takes %.2fx the interpreter'"'"'s time.\n\n", n, e / i }' >>"$out.tmp"
        rm -f "$T"/*.jsonl
    done
done
# The tables after the engines' (CSV, pipes): their columns, and the engine's time on an empty
# log (engine_start, engine_cpu), taken from each of its rows.
side_head() {
    echo "| engine | log | events | seconds | M events/s | MB/s | peak MiB | CPU seconds | M events/s of CPU |"
    echo "|---|---|---|---|---|---|---|---|---|"
}
engine_startup() {
    set -- $(startup "$BIN/$1-complaints" eval --quiet --as-of 2024-05-20)
    engine_start=$1 engine_cpu=$2
}

# rows_of NAME KEY LABEL [KEY LABEL...]: rows "NAME | LABEL" of the best runs kept as KEY, less
# the engine's time on an empty log; events, bytes, engine_start and engine_cpu are the caller's.
rows_of() {
    name=$1
    shift
    while [ $# -ge 2 ]; do
        read -r s kb c <"$T/best.$1"
        row "$name | $2" "$events" "$bytes" "$(less "$s" "$engine_start")" "$kb" \
            "$(less "$c" "$engine_cpu")"
        shift 2
    done
}

# CSV logs: the same generated million events (BENCH_CSV events) as CSV, interleaved and sorted
# by case, read by each engine without --grouped (both are marked first, as JSON Lines are),
# and the sorted log with --grouped.
# Logs from a pipe: the JSON Lines log of BENCH_PIPE events, interleaved, fed to each engine
# through a pipe (copied to a file in TMPDIR, then read as a file is), beside the same file.
# One table each, their rows gathered engine by engine.
CSV_N=${BENCH_CSV:-1000000}
PIPE_N=${BENCH_PIPE:-1000000}
: >"$T/csv.rows"
: >"$T/pipe.rows"
for p in policies/*.policy; do
    name=$(basename "$p" .policy)
    engine_startup "$name"
    log="$T/$name.csv"
    "$BIN/redressc" gen "$p" --cases $((CSV_N / 5)) --seed 1 --format csv >"$log"
    { head -1 "$log"; tail -n +2 "$log" | LC_ALL=C sort -s -t, -k1,1; } >"$T/grouped.csv"
    events=$(($(wc -l <"$log") - 1))
    bytes=$(wc -c <"$log")
    rm -f "$T"/best.*
    for _ in $(seq "$(runs_for "$log")"); do
        keep csv $(run_once "$BIN/$name-complaints" eval --quiet --as-of 2024-05-20 "$log")
        keep csvg $(run_once "$BIN/$name-complaints" eval --quiet --as-of 2024-05-20 "$T/grouped.csv")
        keep csvgg $(run_once "$BIN/$name-complaints" eval --grouped --quiet --as-of 2024-05-20 "$T/grouped.csv")
    done
    rows_of "$name" csv interleaved csvg grouped csvgg "grouped, \`--grouped\`" >>"$T/csv.rows"
    rm -f "$T"/*.csv
    log="$T/$name.jsonl"
    "$BIN/redressc" gen "$p" --cases $((PIPE_N / 5)) --seed 1 >"$log"
    events=$(wc -l <"$log")
    bytes=$(wc -c <"$log")
    rm -f "$T"/best.*
    for _ in $(seq "$(runs_for "$log")"); do
        keep file $(run_once "$BIN/$name-complaints" eval --quiet --as-of 2024-05-20 "$log")
        keep pipe $(cat "$log" | run_once "$BIN/$name-complaints" eval --quiet --as-of 2024-05-20)
    done
    rows_of "$name" file "a file" pipe "a pipe" >>"$T/pipe.rows"
    rm -f "$T"/*.jsonl
done
{
    echo "## CSV logs"
    echo
    echo "\`redressc gen POLICY --cases $((CSV_N / 5)) --seed 1 --format csv\` (the same events as the"
    echo "JSON Lines logs above), and the same sorted by case; \`eval --quiet --as-of 2024-05-20\`"
    echo "without \`--grouped\`, and on the sorted log with it; best of five, each less the time on"
    echo "an empty log, as above."
    echo
    side_head
    cat "$T/csv.rows"
    echo
    echo "## Logs from a pipe"
    echo
    echo "\`redressc gen POLICY --cases $((PIPE_N / 5)) --seed 1\` (the JSON Lines log above, interleaved),"
    echo "given as a file and fed through a pipe (\`cat LOG | NAME-complaints eval --quiet --as-of"
    echo "2024-05-20\`: the engine copies it to a file in \`\$TMPDIR\` first, then reads it as a file);"
    echo "best of five, each less the time on an empty log, as above. The pipe's time and CPU are the"
    echo "engine's alone, copying included; \`cat\` runs beside it."
    echo
    side_head
    cat "$T/pipe.rows"
    echo
} >>"$out.tmp"
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
