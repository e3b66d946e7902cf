#!/bin/sh
# tools/fuzz.sh: afl++ against what reads untrusted input, built with AddressSanitizer and UBSan:
# an engine's log reader (JSON Lines and CSV; `engine` reads as eval does, `grouped` with
# --grouped), the compiler's front end (`compiler`: redressc check), its layout of policy files
# (`fmt`: redressc fmt, which reads the raw text with a scanner of its own) and the writers of
# cards and graphs (`render`: redressc render --format html, `graph`: redressc graph, on what
# parses and checks), and `audit`'s reading of a published document (redressc audit of Salix's
# policy against the fuzzed text). Not part of make check: a campaign finds what it finds in the time it is
# given.
# usage: sh tools/fuzz.sh engine|grouped|compiler|fmt|render|graph|audit [SECONDS] (default 600)
# Crashes and hangs are left in build/fuzz/TARGET/default/; the status is 1 when there are any.
set -eu
cd "$(dirname "$0")/.."
what=${1:-engine}
secs=${2:-600}
case $what in
engine | grouped | compiler | fmt | render | graph | audit) ;;
*)
    echo "usage: sh tools/fuzz.sh engine|grouped|compiler|fmt|render|graph|audit [SECONDS]" >&2
    exit 2
    ;;
esac
if ! command -v afl-fuzz >/dev/null || ! command -v afl-clang-fast >/dev/null; then
    echo "fuzz: needs afl++ (apt-get install afl++)" >&2
    exit 2
fi
B=build/afl
make -s B=$B BIN=$B/bin CC=afl-clang-fast CFLAGS="-O1 -g" \
    SAN="-fsanitize=address,undefined -fno-sanitize-recover=all" $B/bin/redressc $B/bin/sedgemoor-complaints
out=build/fuzz/$what
seeds=build/fuzz/$what.seeds
rm -rf "$out" "$seeds"
mkdir -p "$seeds" build/fuzz
case $what in
engine | grouped)
    # Small logs make quick runs: the examples' and tests' under 4 KB, and a generated one each way.
    for f in examples/*.jsonl examples/*.csv tests/e2e/*.jsonl tests/e2e/*.csv tests/unit/*.csv \
        tests/bugs/*.jsonl; do
        if [ "$(wc -c <"$f")" -lt 4000 ]; then cp "$f" "$seeds/"; fi
    done
    $B/bin/redressc gen policies/sedgemoor.policy --cases 6 --seed 3 >"$seeds/gen.jsonl"
    $B/bin/redressc gen policies/sedgemoor.policy --cases 6 --seed 3 --format csv >"$seeds/gen.csv"
    flag=""
    if [ "$what" = grouped ]; then flag=--grouped; fi
    set -- -x tests/fuzz/events.dict -t 2000 -- $B/bin/sedgemoor-complaints eval $flag --as-of 2024-05-20 @@
    ;;
compiler)
    cp tests/policy/*.policy tests/bugs/*.policy "$seeds/"
    set -- -x tests/fuzz/policy.dict -t 3000 -- $B/bin/redressc check @@
    ;;
fmt)
    cp tests/policy/*.policy tests/fmt/messy.policy tests/inject/*.policy "$seeds/"
    set -- -x tests/fuzz/policy.dict -t 3000 -- $B/bin/redressc fmt @@
    ;;
render | graph)
    # policies that check clean, so that the writers are reached
    cp policies/*.policy tests/cards/*.policy tests/inject/*.policy "$seeds/"
    if [ "$what" = render ]; then set -- render --format html; else set -- graph; fi
    set -- -x tests/fuzz/policy.dict -t 3000 -- $B/bin/redressc "$@" @@
    ;;
audit)
    # pieces of the published documents, small enough for quick runs
    for f in ../shared/published/*.txt; do
        split -b 3000 "$f" "$seeds/$(basename "$f" .txt)-"
    done
    set -- -t 3000 -- $B/bin/redressc audit policies/salix.policy --document @@
    ;;
esac
AFL_SKIP_CPUFREQ=1 AFL_NO_UI=1 AFL_NO_AFFINITY=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 \
    afl-fuzz -i "$seeds" -o "$out" -m none -V "$secs" "$@" >"$out.log" 2>&1 || true
runs=$(awk '/^execs_done/ { print $3 }' "$out/default/fuzzer_stats" 2>/dev/null || echo 0)
found=$(find "$out/default/crashes" "$out/default/hangs" -name 'id:*' 2>/dev/null | wc -l)
echo "fuzz $what: ${runs:-0} runs in $secs s, $found crashes or hangs (in $out/default; log $out.log)"
[ "$found" -eq 0 ]
