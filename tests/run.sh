#!/bin/sh
# tests/run.sh: every test, chosen by file extension, from the checkout's top folder.
# Ends with the line "N passed, M failed"; exits non-zero when anything failed.
set -u
cd "$(dirname "$0")/.." || exit 2
B=${B:-build}
BIN=${BIN:-bin}
SAN=${SAN:-}
SHARED=${REDRESS_SHARED:-../shared}
# Graphviz, to read the graphs redressc writes; required where REDRESS_REQUIRE_DOT=1
DOT=$(command -v dot || true)
if [ -z "$DOT" ] && [ "${REDRESS_REQUIRE_DOT:-0}" = 1 ]; then DOT=dot; fi
export REDRESS_INCLUDE=runtime REDRESS_LIB="$B/libredress.a" REDRESS_CFLAGS="$SAN"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT INT TERM
pass=0
fail=0
skipped=0

ok() { pass=$((pass + 1)); }
bad() {
    fail=$((fail + 1))
    echo "FAIL $*"
}
# lacking OUT: the lines on standard input that are not, each as it is, somewhere in OUT.
lacking() {
    while IFS= read -r want; do grep -qF -- "$want" "$1" || echo "$want"; done
}
# check NAME COMMAND...: one test that passes when COMMAND exits 0; its output on failure.
check() {
    what=$1
    shift
    if "$@" >"$T/log" 2>&1; then ok; else cat "$T/log"; bad "$what"; fi
}
# with_tool TOOL FOUND REQUIRED NAME FUNC: check NAME with FUNC where TOOL was found (FOUND
# not empty); where it was not, a failure when REQUIRED is 1, else a check counted as skipped.
with_tool() {
    if [ -n "$2" ]; then
        check "$4" "$5"
    elif [ "$3" = 1 ]; then
        bad "$4: no $1 on this machine"
    else
        skipped=$((skipped + 1))
        echo "SKIP $4: no $1 here (CI installs it)"
    fi
}

# ---- unit programs: calendars, JSON, allocation failure ----
check calendar "$B/test-calendar"
if [ -d "$SHARED/peer-tests/JSONTestSuite/test_parsing" ]; then
    check json-suite "$B/test-json" "$SHARED/peer-tests/JSONTestSuite/test_parsing"
else
    bad "json-suite: $SHARED/peer-tests/JSONTestSuite not found (set REDRESS_SHARED)"
fi
check alloc-failure "$B/test-alloc" examples/salix-events.jsonl
check alloc-failure-csv "$B/test-alloc" tests/unit/window.csv
# the fast event reader never accepts what the full parser refuses, nor reads other fields
check read-failure "$B/test-read"
check fast-reader "$B/test-scan" examples/*.jsonl tests/e2e/*.jsonl tests/bugs/*.jsonl tests/unit/facts.jsonl
# a log marked first (each case's last line) hands each case over as soon as it and those
# before it are complete, with the decisions of the same log held to the end
check streamed-cases "$B/test-window" tests/unit/window.jsonl
check streamed-examples "$B/test-window" examples/*.jsonl tests/unit/window.jsonl tests/unit/sorted-tail.jsonl
# CSV too: records over several lines, blank lines, quoted ids; with JSON Lines, and a sorted
# CSV tail whose ids must be found again when the order breaks in the files before it
check streamed-csv "$B/test-window" tests/unit/window.csv
check streamed-csv-mixed "$B/test-window" examples/salix-events.csv tests/unit/window.jsonl tests/unit/window.csv tests/unit/sorted-tail.csv

# ---- broken policies: NAME.policy with NAME.err, the exact diagnostics, exit status 1 ----
for p in tests/policy/*.policy tests/bugs/*.policy; do
    base=${p%.policy}
    if [ -f "$base.err" ]; then
        "$BIN/redressc" check "$p" >"$T/out" 2>"$T/err"
        rc=$?
        want=$(cat "$base.status" 2>/dev/null || echo 1)
        if [ "$rc" != "$want" ]; then bad "$p: exit status $rc, want $want"
        elif ! diff -u "$base.err" "$T/err"; then bad "$p: diagnostics differ"
        elif [ -s "$T/out" ]; then bad "$p: wrote to standard output"
        else ok; fi
    fi
    # NAME.c: the generated C, exactly, and it compiles without a warning.
    if [ -f "$base.c" ]; then
        "$BIN/redressc" emit-c "$p" >"$T/gen.c" 2>"$T/err"
        if ! diff -u "$base.c" "$T/gen.c"; then bad "$p: generated C differs"
        else check "$p: compiles with -Werror" cc -std=c11 -Wall -Wextra -pedantic -Werror \
            -Iruntime -c "$T/gen.c" -o "$T/gen.o"; fi
    fi
done

# ---- the seed policies: clean, warning-free C, deterministic, scenarios pass ----
for p in policies/*.policy; do
    name=$(basename "$p" .policy)
    "$BIN/redressc" check "$p" >"$T/out" 2>&1
    if [ $? -ne 0 ] || [ -s "$T/out" ]; then cat "$T/out"; bad "$p: check is not clean"; else ok; fi
    "$BIN/redressc" emit-c "$p" >"$T/a.c"
    mkdir -p "$T/copy" && cp "$p" "$T/copy/" && (cd "$T/copy" && "$OLDPWD/$BIN/redressc" emit-c "$name.policy") >"$T/b.c"
    if cmp -s "$T/a.c" "$T/b.c"; then ok; else bad "$p: emit-c depends on where the file is"; fi
    check "$p: C compiles with -Werror" cc -std=c11 -Wall -Wextra -pedantic -Werror -Iruntime \
        -c "$T/a.c" -o "$T/a.o"
    check "$p: scenarios" "$BIN/$name-complaints" test
    check "$p: scenarios in the interpreter" "$BIN/redressc" test "$p"
    # The coverage report, where one is pinned.
    if [ -f "tests/coverage/$name.out" ]; then
        "$BIN/redressc" check --coverage "$p" >"$T/cov" 2>&1
        if diff -u "tests/coverage/$name.out" "$T/cov"; then ok; else bad "$p: coverage report differs"; fi
    fi
done

# ---- test engines: policies written to exercise the language, built and their scenarios run ----
mkdir -p "$T/bin"
for p in tests/engines/*.policy; do
    check "$p: builds and its scenarios pass" "$BIN/redressc" build "$p" -o "$T/bin/$(basename "$p" .policy)-complaints"
done

# ---- end to end: NAME.cmd (engine and arguments), NAME.out, NAME.err, NAME.expect ----
for c in tests/e2e/*.cmd tests/engines/*.cmd tests/bugs/*.cmd; do
    base=${c%.cmd}
    set -- $(cat "$c")
    engine=$BIN/$1-complaints
    [ -x "$engine" ] || engine=$T/bin/$1-complaints
    shift
    in=/dev/null
    [ -f "$base.stdin" ] && in=$base.stdin   # a log fed on standard input
    "$engine" eval "$@" <"$in" >"$T/out" 2>"$T/err"
    rc=$?
    check "$base: every decision is valid JSON" "$B/test-json" --lines "$T/out"
    want=$(cat "$base.status" 2>/dev/null || echo 0)
    if [ "$rc" != "$want" ]; then bad "$base: exit status $rc, want $want"; else ok; fi
    if [ -f "$base.out" ]; then
        if diff -u "$base.out" "$T/out" >"$T/d"; then ok; else head -40 "$T/d"; bad "$base: output differs"; fi
    fi
    if [ -f "$base.err" ]; then
        if diff -u "$base.err" "$T/err" >"$T/d"; then ok; else head -40 "$T/d"; bad "$base: errors differ"; fi
    fi
    # Hand-derived expectations: each line names a case and text its decision must hold.
    if [ -f "$base.expect" ]; then
        if awk -v out="$T/out" '
            BEGIN { while ((getline l < out) > 0) lines[n++] = l }
            /^#/ || NF == 0 { next }
            {
                id = $1; want = substr($0, length($1) + 2); found = 0
                for (i = 0; i < n; i++)
                    if (index(lines[i], "{\"case\":\"" id "\"") == 1 && index(lines[i], want)) found = 1
                if (!found) { print FILENAME ":" FNR ": case " id " lacks " want; bad = 1 }
            }
            END { exit bad }' "$base.expect"; then ok; else bad "$base: expectations not met"; fi
    fi
done

# ---- bugs that need a command line of their own: NAME.sh, run with BIN and T ----
for s in tests/bugs/*.sh; do
    check "$s" env BIN="$BIN" T="$T" sh "$s"
done

# ---- the interpreter and the engines print the same decisions, byte for byte ----
same_as_engine() { # ENGINE POLICY ARGS...: redressc run against the compiled engine
    engine=$1 policy=$2
    shift 2
    "$engine" eval "$@" >"$T/e.out" 2>"$T/e.err"
    rc1=$?
    "$BIN/redressc" run "$policy" "$@" >"$T/r.out" 2>"$T/r.err"
    rc2=$?
    [ $rc1 = $rc2 ] && cmp -s "$T/e.out" "$T/r.out" && cmp -s "$T/e.err" "$T/r.err" ||
        { diff "$T/e.out" "$T/r.out" | head -5; echo "status $rc1 and $rc2"; return 1; }
}
for p in policies/*.policy; do
    name=$(basename "$p" .policy)
    for log in examples/*.jsonl tests/e2e/*.jsonl tests/bugs/*.jsonl; do
        check "redressc run = $name-complaints on $log" same_as_engine "$BIN/$name-complaints" "$p" \
            --as-of 2024-05-20 "$log"
    done
done

# ---- extern functions: the closures example through both paths ----
check closures-interpreted "$BIN/redressc" test examples/closures/closures.policy
check closures-compiled "$BIN/redressc" build examples/closures/closures.policy -o "$T/bin/closures-complaints"
check closures-same-decisions same_as_engine "$T/bin/closures-complaints" \
    examples/closures/closures.policy --as-of 2025-03-20 examples/closures/events.jsonl

# ---- a missing library or function is an error that names both ----
names_both() { # POLICY LIBRARY FUNCTION
    "$BIN/redressc" test "$1" >/dev/null 2>"$T/x.err"
    rc=$?
    [ $rc = 1 ] && grep -qF "$2" "$T/x.err" && grep -qF "$3" "$T/x.err" ||
        { cat "$T/x.err"; echo "status $rc"; return 1; }
}
check extern-missing-library names_both tests/extern/missing-library.policy libnothing-here.so office_closed
check extern-missing-symbol names_both tests/extern/missing-symbol.policy libclosures.so redress_on_leave

# ---- differential testing: interpreter and engine on 10,000 generated cases per policy ----
for p in policies/*.policy; do
    name=$(basename "$p" .policy)
    check "difftest $name" "$BIN/redressc" difftest "$p" --engine "$BIN/$name-complaints" --cases 10000 --seed 1
done
check "difftest closures" "$BIN/redressc" difftest examples/closures/closures.policy \
    --engine "$T/bin/closures-complaints" --cases 10000 --seed 2
# ... and it must catch a real difference: an engine built from a policy with one figure changed.
catches_difference() {
    sed -f tests/mutations/salix-ack-3-days.sed policies/salix.policy >"$T/mut.policy"
    "$BIN/redressc" emit-c "$T/mut.policy" >"$T/mut.c" 2>/dev/null &&
        cc -std=c11 -Iruntime $SAN "$T/mut.c" "$B/libredress.a" -o "$T/mut-complaints" || return 1
    "$BIN/redressc" difftest policies/salix.policy --engine "$T/mut-complaints" --cases 2000 --seed 3 >"$T/dt.out"
    [ $? = 1 ] && grep -q '^DIFFERENCE' "$T/dt.out" && grep -q '"duty":"acknowledge","due":' "$T/dt.out" &&
        # the engine's explain --json says it was built from another text of the policy
        head -1 "$T/dt.out" | grep -q "^note: $T/mut-complaints was built from another version of salix (sha256 [0-9a-f]\{12\}\.\.\.), not from this salix.policy (sha256 [0-9a-f]\{12\}\.\.\.): it may differ for that reason alone$" ||
        { head -3 "$T/dt.out"; return 1; }
    # another landlord's engine is named as such; the engine of this very file, not at all
    "$BIN/redressc" difftest policies/salix.policy --engine "$BIN/southway-complaints" --cases 50 --seed 3 >"$T/dt.out"
    [ $? = 1 ] && head -1 "$T/dt.out" | grep -q "^note: $BIN/southway-complaints was built from the policy southway (sha256" ||
        { head -3 "$T/dt.out"; return 1; }
    "$BIN/redressc" difftest policies/salix.policy --engine "$BIN/salix-complaints" --cases 50 --seed 3 >"$T/dt.out"
    [ $? = 0 ] && ! grep -q '^note:' "$T/dt.out" || { head -3 "$T/dt.out"; return 1; }
}
check difftest-catches-a-difference catches_difference
# ... and the policy's own scenarios fail, naming the duty: received Monday 2024-03-04, 3
# working days is Thursday 2024-03-07, where §15's 2 give Wednesday
mutant_scenarios() {
    "$BIN/redressc" test "$T/mut.policy" >"$T/mt.out" 2>/dev/null
    [ $? = 1 ] && grep -qx "  mut.policy:109: stage1 acknowledge: expected due 2024-03-06, got due 2024-03-07" "$T/mt.out"
}
check scenario-failure-names-the-duty mutant_scenarios
# A due date expected a day off names the bank holidays and closure days between the two
# dates, the days an author most often forgets or counts: received Wed 2024-05-01, 3 working
# days pass 6 May (the early May bank holiday) to Tue 7 May; received Mon 2024-12-23, 3
# working days are Tue 24 December, Mon 30 and Tue 31, past Christmas, Boxing Day and the
# policy's closure on Fri 27 December. Where only a weekend lies between, nothing is added,
# nor where the duty counts calendar days (10 days from Tue 30 April is Fri 10 May, whatever
# 6 May is). A note expected in other words than the engine's is shown the notes given, and a
# duty, a window or an award the case does not have, those it has.
scenario_days_off() {
    cat >"$T/off.policy" <<'E'
policy off
organisation "Test Homes"
closed on 2024-12-27 "Office closed"
stage stage1 "Stage 1":
    entered on receipt §1
    acknowledge within 3 working days of receipt §2
    respond within 10 working days of receipt §3
end
stage stage2 "Stage 2":
    entered on request §4
    respond within 10 days of the escalation request §5
end
scenario "May":
    2024-05-01 received
    as of 2024-05-02
    expect stage1 acknowledge due 2024-05-06
end
scenario "Christmas":
    2024-12-23 received
    as of 2024-12-24
    expect stage1 acknowledge due 2024-12-24
end
scenario "a weekend":
    2024-05-08 received
    as of 2024-05-09
    expect stage1 acknowledge due 2024-05-10
end
scenario "calendar days":
    2024-04-29 received
    2024-04-30 escalation_requested
    as of 2024-05-01
    expect stage2 respond due 2024-05-03
end
scenario "a note's words":
    2024-05-01 received
    2024-05-02 extended with working_days 2
    as of 2024-05-03
    expect note "extended by 2 working days"
end
scenario "what the case has":
    2024-05-01 received
    as of 2024-05-03
    expect stage2 respond due 2024-06-01
    expect window escalation closes 2024-06-01
end
E
    "$BIN/redressc" test "$T/off.policy" >"$T/off.out" 2>/dev/null
    [ $? = 1 ] && grep -qx "  off.policy:16: stage1 acknowledge: expected due 2024-05-06, got due 2024-05-07; not working days between them: 2024-05-06 (a bank holiday)" "$T/off.out" &&
        grep -qx "  off.policy:21: stage1 acknowledge: expected due 2024-12-24, got due 2024-12-31; not working days between them: 2024-12-25 (a bank holiday), 2024-12-26 (a bank holiday), 2024-12-27 (a closure day)" "$T/off.out" &&
        grep -qx "  off.policy:26: stage1 acknowledge: expected due 2024-05-10, got due 2024-05-13" "$T/off.out" &&
        grep -qx "  off.policy:32: stage2 respond: expected due 2024-05-03, got due 2024-05-10" "$T/off.out" &&
        grep -qx '  off.policy:38: expected a note containing "extended by 2 working days", got 1 note, none containing it: "stage1 response extended on 2024-05-02 by 2 working days"' "$T/off.out" &&
        grep -qx '  off.policy:43: stage2 respond: expected due 2024-06-01, got no such duty on the case (it has stage1 acknowledge, stage1 respond)' "$T/off.out" &&
        grep -qx '  off.policy:44: expected escalation closes 2024-06-01, got no escalation window on the case (it has none)' "$T/off.out" ||
        { cat "$T/off.out"; return 1; }
    # an award the case was not given: those it was (2 days of heating at £2.50, 1 to 3 May)
    cat >"$T/award.policy" <<'E'
policy awards
organisation "Test Homes"
fact heat_from is a date
fact heat_until is a date
fact agreed_sum is money
stage stage1 "Stage 1":
    entered on receipt §1
    respond within 10 working days of receipt §2
end
award heat £2.50 a day from heat_from to heat_until §3
award settled of agreed_sum §4
scenario "no sum agreed":
    2024-05-01 received with heat_from 2024-05-01, heat_until 2024-05-03
    as of 2024-05-03
    expect award settled £10.00
end
E
    "$BIN/redressc" test "$T/award.policy" >"$T/off.out" 2>/dev/null
    [ $? = 1 ] && grep -qx '  award.policy:15: expected settled £10.00, got no settled award (it has heat £5.00)' "$T/off.out" ||
        { cat "$T/off.out"; return 1; }
}
check scenario-failures-say-why scenario_days_off

# ---- due lists exactly eval's pending and overdue duties, soonest first, for every engine ----
# duty_rows: "case stage duty due status", one a line, sorted, from eval's decisions or due's rows
duty_rows() {
    awk '{
        if (!match($0, /^\{"case":"[^"]*"/)) next
        id = substr($0, 10, RLENGTH - 10)
        rest = $0
        while (match(rest, /"stage":"[^"]*","duty":"[^"]*","due":"[^"]*",("done":[^,]*,)?"status":"(pending|overdue)"/)) {
            d = substr(rest, RSTART, RLENGTH); rest = substr(rest, RSTART + RLENGTH)
            gsub(/"(stage|duty|due|done|status)":|"/, "", d); n = split(d, f, ",")
            print id, f[1], f[2], f[3], f[n]
        }
    }' | sort
}
due_is_eval() {
    for p in policies/*.policy; do
        name=$(basename "$p" .policy)
        "$BIN/redressc" gen "$p" --cases 2000 --seed 11 >"$T/de.jsonl" || return 1
        "$BIN/$name-complaints" eval --as-of 2024-05-20 "$T/de.jsonl" 2>/dev/null | duty_rows >"$T/de.eval"
        "$BIN/$name-complaints" due --as-of 2024-05-20 --format jsonl "$T/de.jsonl" 2>/dev/null >"$T/de.due"
        duty_rows <"$T/de.due" >"$T/de.rows"
        [ -s "$T/de.eval" ] && cmp -s "$T/de.eval" "$T/de.rows" ||
            { echo "$name: due and eval differ"; diff "$T/de.eval" "$T/de.rows" | head -5; return 1; }
        sed 's/.*"due":"\([^"]*\)".*/\1/' "$T/de.due" | sort -c ||
            { echo "$name: due is not soonest first"; return 1; }
    done
}
check due-is-eval due_is_eval

# ---- due and report: NAME.cmd (engine, command, arguments), NAME.out, NAME.expect ----
for c in tests/cli/*.cmd; do
    base=${c%.cmd}
    set -- $(cat "$c")
    engine=$1
    shift
    "$BIN/$engine-complaints" "$@" >"$T/out" 2>/dev/null
    rc=$?
    if [ $rc != 0 ]; then bad "$base: exit status $rc"; continue; fi
    if [ -f "$base.out" ]; then
        if diff -u "$base.out" "$T/out" >"$T/d"; then ok; else head -20 "$T/d"; bad "$base: output differs"; fi
    fi
    missing=$(grep -v '^#' "$base.expect" | lacking "$T/out")
    if [ -z "$missing" ]; then ok; else bad "$base: lacks $missing"; fi
done
# due names, on stderr, the worklist's cases that a refused line named: A's acknowledgement
# (2024-05-32) is refused, so its acknowledgement is listed as pending though it may be done;
# B, all read, is not named
due_doubtful() {
    printf '%s\n' '{"case":"A","type":"received","date":"2024-05-01"}' \
        '{"case":"A","type":"acknowledged","date":"2024-05-32"}' \
        '{"case":"B","type":"received","date":"2024-05-01"}' >"$T/dd.jsonl"
    for g in "" --grouped; do
        "$BIN/salix-complaints" due $g --as-of 2024-05-02 "$T/dd.jsonl" >"$T/dd.out" 2>"$T/dd.err"
        [ $? = 1 ] && grep -q '^A  *stage1   acknowledge  2024-05-03 pending' "$T/dd.out" &&
            grep -qx 'salix-complaints: 1 case on the worklist has lines refused, so its duties may be wrong: A' "$T/dd.err" ||
            { cat "$T/dd.out" "$T/dd.err"; return 1; }
        # and in the rows a program reads, where stderr may go unseen: A's, and not B's
        "$BIN/salix-complaints" due $g --as-of 2024-05-02 --format jsonl "$T/dd.jsonl" >"$T/dd.out" 2>/dev/null
        grep -q '^{"case":"A","stage":"stage1","duty":"acknowledge",.*,"lines_refused":true}$' "$T/dd.out" &&
            grep -q '^{"case":"B","stage":"stage1","duty":"acknowledge",.*,"lines_refused":false}$' "$T/dd.out" ||
            { cat "$T/dd.out"; return 1; }
        "$BIN/salix-complaints" due $g --as-of 2024-05-02 --format csv "$T/dd.jsonl" >"$T/dd.out" 2>/dev/null
        [ "$(grep -c '^A,stage1,.*,true$' "$T/dd.out")" = 2 ] && [ "$(grep -c '^B,stage1,.*,false$' "$T/dd.out")" = 2 ] ||
            { cat "$T/dd.out"; return 1; }
    done
}
check due-names-cases-with-refused-lines due_doubtful
# The text and HTML reports group a number's digits by three for people to read; ungrouped,
# each is the JSON report's own count of the same log.
grouped_numbers() {
    "$BIN/redressc" gen policies/sedgemoor.policy --cases 20000 --seed 4 >"$T/g.jsonl" || return 1
    for f in json text html; do
        "$BIN/sedgemoor-complaints" report --from 2018-01-01 --to 2026-12-31 --homes 1234567 \
            --format $f "$T/g.jsonl" >"$T/g.$f" 2>/dev/null || return 1
    done
    refused=$(grep -o '"refused":[0-9]*' "$T/g.json" | cut -d: -f2)
    pence=$(grep -o '"compensation_pence":[0-9]*' "$T/g.json" | cut -d: -f2)
    [ "$refused" -ge 1000 ] && [ "$pence" -ge 100000 ] || { echo "too few to group: $refused, $pence"; return 1; }
    text_refused=$(sed -n 's/^Refused: //p' "$T/g.text")
    text_money=$(sed -n 's/^Compensation awarded: £//p' "$T/g.text")
    echo "$text_refused" | grep -Eqx '[0-9]{1,3}(,[0-9]{3})+' || { echo "refused: $text_refused"; return 1; }
    echo "$text_money" | grep -Eqx '[0-9]{1,3}(,[0-9]{3})*\.[0-9]{2}' || { echo "money: $text_money"; return 1; }
    [ "$(echo "$text_refused" | tr -d ,)" = "$refused" ] || { echo "$text_refused is not $refused"; return 1; }
    [ "$(echo "$text_money" | tr -d ,.)" = "$pence" ] || { echo "£$text_money is not $pence pence"; return 1; }
    grep -qx 'homes: 1,234,567' "$T/g.text" && grep -qF ', for 1,234,567 homes.' "$T/g.html" &&
        grep -qF "Complaints refused: $text_refused." "$T/g.html"
}
check report-numbers-grouped grouped_numbers
check csv-equals-jsonl sh -c "'$BIN/salix-complaints' eval --as-of 2024-05-20 examples/salix-events.csv 2>/dev/null |
    cmp -s - tests/e2e/salix-example.out"
# every field quoted: the quoted-field reader gives the same decisions as the plain one
check csv-quoted-equals-plain sh -c "sed 's/[^,]*/\"&\"/g' examples/salix-events.csv >'$T/quoted.csv' &&
    grep -q '^\"case\",' '$T/quoted.csv' &&
    '$BIN/salix-complaints' eval --as-of 2024-05-20 '$T/quoted.csv' 2>/dev/null | cmp -s - tests/e2e/salix-example.out"
# A generated log as CSV (redressc gen --format csv) gives every engine the decisions and the
# errors of the same log as JSON Lines, interleaved and sorted by case (the CSV then read as
# grouped, its records marked first as the JSON lines are), and with every field quoted
for p in policies/*.policy; do
    name=$(basename "$p" .policy)
    "$BIN/redressc" gen "$p" --cases 400 --seed 3 >"$T/gen.jsonl"
    "$BIN/redressc" gen "$p" --cases 400 --seed 3 --format csv >"$T/gen.csv"
    LC_ALL=C sort -s -t'"' -k4,4 "$T/gen.jsonl" >"$T/gen-sorted.jsonl"
    { head -1 "$T/gen.csv"; tail -n +2 "$T/gen.csv" | LC_ALL=C sort -s -t, -k1,1; } >"$T/gen-sorted.csv"
    # and with every field quoted, as spreadsheets write it
    cp "$T/gen.jsonl" "$T/gen-quoted.jsonl"
    sed 's/[^,]*/"&"/g' "$T/gen.csv" >"$T/gen-quoted.csv"
    for log in gen gen-sorted gen-quoted; do
        check "csv-equals-jsonl-$name-$log" sh -c "'$BIN/$name-complaints' eval --as-of 2024-05-20 \
            '$T/$log.jsonl' >'$T/j.out' 2>&1; '$BIN/$name-complaints' eval --as-of 2024-05-20 \
            '$T/$log.csv' 2>&1 | sed 's/\.csv:[0-9]*:/.jsonl:/' >'$T/c.out'; sed -i 's/\.jsonl:[0-9]*:/.jsonl:/' '$T/j.out'; cmp -s '$T/j.out' '$T/c.out'"
    done
done

# ---- long case ids (past what waits in the reader's pipe) give the same decisions ----
long_ids() {
    pad=xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx
    sed "s/\"case\":\"\([^\"]*[13579]\)\"/\"case\":\"$pad\1\"/" examples/greatwell-events.jsonl >"$T/long.jsonl"
    grep -q "$pad" "$T/long.jsonl" || return 1
    "$BIN/greatwell-complaints" eval --as-of 2024-05-20 "$T/long.jsonl" 2>/dev/null | sed "s/$pad//" >"$T/l1"
    "$BIN/greatwell-complaints" eval --as-of 2024-05-20 examples/greatwell-events.jsonl 2>/dev/null >"$T/l2"
    cmp -s "$T/l1" "$T/l2"
}
check long-case-ids long_ids

# ---- streamed logs: mapped files are marked first; a stream, or any CSV, is held whole ----
# ENGINE "COMMAND" FILE1 FILE2 [LINES]: the same output and errors, from files and piped; piped,
# FILE2 goes without its first LINES lines (a CSV header: the two are then one log)
files_as_piped() {
    "$BIN/$1-complaints" $2 "$3" "$4" >"$T/s.out" 2>"$T/s.err"
    { cat "$3"; tail -n +$((${5:-0} + 1)) "$4"; } | "$BIN/$1-complaints" $2 >"$T/s.ref" 2>"$T/r.err"
    sed 's/^[^:]*:[0-9]*: //' "$T/s.err" >"$T/s.err2"   # file names and lines differ
    sed 's/^[^:]*:[0-9]*: //' "$T/r.err" >"$T/r.err2"
    [ -s "$T/s.ref" ] && cmp -s "$T/s.out" "$T/s.ref" && cmp -s "$T/s.err2" "$T/r.err2"
}

streamed() {
    "$BIN/redressc" gen policies/hoc2024.policy --cases 3000 --seed 6 >"$T/s.jsonl"
    head -n 8000 "$T/s.jsonl" >"$T/s1.jsonl"   # cases run on from one file into the next
    tail -n +8001 "$T/s.jsonl" >"$T/s2.jsonl"
    for c in "eval --as-of 2024-05-20" "due --as-of 2024-05-20 --format jsonl" \
             "report --from 2022-01-01 --to 2023-12-31"; do
        "$BIN/hoc2024-complaints" $c "$T/s1.jsonl" "$T/s2.jsonl" tests/unit/window.jsonl \
            >"$T/s.out" 2>/dev/null
        cat "$T/s1.jsonl" "$T/s2.jsonl" tests/unit/window.jsonl |
            "$BIN/hoc2024-complaints" $c >"$T/s.ref" 2>/dev/null
        [ -s "$T/s.ref" ] && cmp -s "$T/s.out" "$T/s.ref" || { echo "marking changes $c"; return 1; }
    done
    # damaged logs over two files: cut lines, bad dates, blank lines, CR endings, a space
    # before "case" (the marking pass's own reading of a line, not the plain prefix)
    for seed in 1 2 3 4 5 6; do
        set -- salix southway greatwell sedgemoor hhal hoc2024
        eval "e=\${$seed}"
        "$BIN/redressc" gen "policies/$e.policy" --cases 400 --seed "$seed" |
            awk -v s="$seed" 'BEGIN { srand(s) } {
                x = rand()
                if (x < .03) $0 = substr($0, 1, int(rand() * length($0)))
                else if (x < .05) sub(/"date":"/, "\"date\":\"x")
                else if (x < .06) print ""
                else if (x < .07) sub(/^[{]"case":/, "{ \"case\":")
                else if (x < .08) $0 = $0 "\r"
                print }' >"$T/d.jsonl"
        head -n 700 "$T/d.jsonl" >"$T/d1.jsonl"
        tail -n +701 "$T/d.jsonl" >"$T/d2.jsonl"
        "$BIN/$e-complaints" eval --as-of 2024-05-20 "$T/d1.jsonl" "$T/d2.jsonl" >"$T/s.out" 2>/dev/null
        cat "$T/d1.jsonl" "$T/d2.jsonl" | "$BIN/$e-complaints" eval --as-of 2024-05-20 >"$T/s.ref" 2>/dev/null
        [ -s "$T/s.ref" ] && cmp -s "$T/s.out" "$T/s.ref" || { echo "marking changes $e, damaged"; return 1; }
    done
    # a log grouped by case, clean and damaged, over two files: the marking pass finds it
    # grouped and it is read as --grouped reads it; the same bytes piped are held whole
    for seed in 1 4; do
        "$BIN/redressc" gen policies/sedgemoor.policy --cases 400 --seed "$seed" |
            LC_ALL=C sort -t'"' -k4,4 -s >"$T/g.jsonl"
        [ "$seed" = 4 ] && awk 'NR % 37 == 0 { $0 = substr($0, 1, 20) } NR % 53 == 0 { print "" } { print }' \
            "$T/g.jsonl" >"$T/g2.jsonl" && mv "$T/g2.jsonl" "$T/g.jsonl"
        head -n 1001 "$T/g.jsonl" >"$T/g1.jsonl"
        tail -n +1002 "$T/g.jsonl" >"$T/g2.jsonl"
        for c in "eval --as-of 2024-05-20" "due --as-of 2024-05-20 --format jsonl" \
                 "report --from 2022-01-01 --to 2023-12-31"; do
            files_as_piped sedgemoor "$c" "$T/g1.jsonl" "$T/g2.jsonl" ||
                { echo "a grouped log read as grouped changes $c (seed $seed)"; return 1; }
        done
    done
    # --grouped on files: while the ids come in order nothing is kept, and when the order breaks
    # the ids read so far are found again in the text; the same bytes piped keep a list.
    # Sorted, then cases out of order, cases that come back, an escaped id, broken lines.
    "$BIN/redressc" gen policies/salix.policy --cases 300 --seed 9 |
        LC_ALL=C sort -t'"' -k4,4 -s >"$T/o.jsonl"
    awk 'NR == 400 { print "{\"case\":\"G-1\",\"type\":\"facts\",\"date\":\"2024-01-02\"}" }
         NR == 500 { print "{\"type\":\"satisfied\",\"case\":\"G-\\u0031\",\"date\":\"2024-01-03\"}" }
         NR == 600 { print "{\"case\":\"Q-1\",\"type"; print "{\"case\":\"A-0\",\"type\":\"received\",\"date\":\"2024-01-02\"}" }
         NR == 700 { print "{\"case\":\"Q-1\",\"type\":\"received\",\"date\":\"2024-01-02\"}"
                     print "{\"case\":\"G-10\",\"type\":\"withdrawn\",\"date\":\"2024-01-04\"}" }
         { print }' "$T/o.jsonl" >"$T/o2.jsonl"
    head -n 550 "$T/o2.jsonl" >"$T/o3.jsonl"
    tail -n +551 "$T/o2.jsonl" >"$T/o4.jsonl"
    for c in "eval --grouped --as-of 2024-05-20" "due --grouped --as-of 2024-05-20 --format jsonl" \
             "report --grouped --from 2022-01-01 --to 2023-12-31"; do
        files_as_piped salix "$c" "$T/o3.jsonl" "$T/o4.jsonl" &&
            grep -q 'case "G-1" appears again' "$T/s.err2" && grep -q 'case "G-10" appears again' "$T/s.err2" &&
            ! grep -q '"Q-1" appears again' "$T/s.err2" || { echo "--grouped, ids found again, changes $c"; return 1; }
    done
    # the same in CSV, two files each with its header: the ids are found again by record. A-0's
    # record runs over two lines, A-1's id is quoted, A-2's line ends in CRLF; after the order
    # breaks (G-1 again), each comes back and must be caught, as the pipe's list catches it
    "$BIN/redressc" gen policies/salix.policy --cases 300 --seed 9 --format csv >"$T/o.csv"
    tail -n +2 "$T/o.csv" | LC_ALL=C sort -t, -k1,1 -s >"$T/o.rec"
    awk -v g1="$(grep -m1 '^G-1,' "$T/o.csv")" '
        BEGIN { e = ",,,,,,,,,,,,,,,,,"; print "A-0,received,2024-01-02,\"comm"; print "ent\"" e
                print "\"A-1\",received,2024-01-02," e; print "A-2,received,2024-01-02," e "\r" }
        NR == 400 { print g1 }
        NR == 500 { print "A-0,withdrawn,2024-01-03," e; print "A-1,withdrawn,2024-01-03," e }
        NR == 600 { print "A-2,withdrawn,2024-01-03," e }
        { print }' "$T/o.rec" >"$T/o2.rec"
    { head -n 1 "$T/o.csv"; head -n 550 "$T/o2.rec"; } >"$T/o3.csv"
    { head -n 1 "$T/o.csv"; tail -n +551 "$T/o2.rec"; } >"$T/o4.csv"
    for c in "eval --grouped --as-of 2024-05-20" "due --grouped --as-of 2024-05-20 --format jsonl" \
             "report --grouped --from 2022-01-01 --to 2023-12-31"; do
        files_as_piped salix "$c" "$T/o3.csv" "$T/o4.csv" 1 ||
            { echo "--grouped CSV, ids found again, changes $c"; return 1; }
        for id in G-1 A-0 A-1 A-2; do
            grep -q "case \"$id\" appears again" "$T/s.err2" || { echo "--grouped CSV: $id not caught ($c)"; return 1; }
        done
    done
    # a case begun in a JSON Lines file goes on in a CSV one: nothing may be marked
    head -n 35 examples/salix-events.jsonl >"$T/a.jsonl"
    sed -n '1p;37,$p' examples/salix-events.csv >"$T/b.csv"
    "$BIN/salix-complaints" eval --as-of 2024-05-20 "$T/a.jsonl" "$T/b.csv" 2>/dev/null |
        cmp -s - tests/e2e/salix-example.out || { echo "a JSON Lines file then CSV"; return 1; }
}
check streamed-logs streamed

# Ids as CRMs write them: cases are made, handed over and made again in three sizes by the
# length of their ids (up to 11 bytes, up to 27, longer: rt_held.c). The same log with its
# ids lengthened, two cases in three into the second size and one into the third, gives the
# same decisions once the ids are shortened again.
long_ids() {
    "$BIN/redressc" gen policies/sedgemoor.policy --cases 3000 --seed 8 >"$T/l.jsonl" || return 1
    sed 's/"case":"G-\([0-9]*[05]\)"/"case":"A-CASE-REFERENCE-LONGER-THAN-27-\1"/
         s/"case":"G-\([0-9]*\)"/"case":"CMP-2024-000\1"/' "$T/l.jsonl" >"$T/l-long.jsonl"
    "$BIN/sedgemoor-complaints" eval --as-of 2024-05-20 "$T/l.jsonl" >"$T/l.ref" 2>/dev/null
    "$BIN/sedgemoor-complaints" eval --as-of 2024-05-20 "$T/l-long.jsonl" 2>/dev/null |
        sed 's/"case":"A-CASE-REFERENCE-LONGER-THAN-27-/"case":"G-/; s/"case":"CMP-2024-000/"case":"G-/' \
        >"$T/l.out"
    grep -q '"case":"CMP-2024-000' "$T/l-long.jsonl" && grep -q '"case":"A-CASE-REF' "$T/l-long.jsonl" &&
        [ -s "$T/l.ref" ] && cmp -s "$T/l.out" "$T/l.ref"
}
check long-case-ids long_ids

# ---- grouped logs: decided case by case, in flat memory, with the same decisions ----
grouped() {
    "$BIN/redressc" gen policies/salix.policy --cases 3000 --seed 4 | LC_ALL=C sort -t'"' -k4,4 -s >"$T/grouped.jsonl"
    "$BIN/salix-complaints" eval --as-of 2024-05-20 "$T/grouped.jsonl" >"$T/g1" 2>/dev/null
    "$BIN/salix-complaints" eval --grouped --as-of 2024-05-20 "$T/grouped.jsonl" >"$T/g2" 2>/dev/null
    cmp -s "$T/g1" "$T/g2" || { echo "--grouped changes the decisions"; return 1; }
    # due and report too: the same worklist and the same counts, case by case
    for c in "due --as-of 2024-05-20 --format jsonl" "report --from 2022-01-01 --to 2023-12-31" \
             "report --from 2022-01-01 --to 2023-12-31 --format csv"; do
        "$BIN/salix-complaints" $c "$T/grouped.jsonl" >"$T/g1" 2>/dev/null
        "$BIN/salix-complaints" $c --grouped "$T/grouped.jsonl" >"$T/g2" 2>/dev/null
        [ -s "$T/g1" ] && cmp -s "$T/g1" "$T/g2" || { echo "--grouped changes $c"; return 1; }
    done
    # grouped but not sorted: B, C, A, then B again (found once ids stop coming in order),
    # and sorted until A comes back after B
    printf '%s\n' '{"case":"B","type":"received","date":"2024-05-01"}' \
        '{"case":"C","type":"received","date":"2024-05-01"}' \
        '{"case":"A","type":"received","date":"2024-05-01"}' \
        '{"case":"B","type":"withdrawn","date":"2024-05-02"}' >"$T/unsorted.jsonl"
    "$BIN/salix-complaints" eval --grouped --as-of 2024-05-20 "$T/unsorted.jsonl" >"$T/g.out" 2>"$T/g.err"
    [ $? = 1 ] && grep -q 'unsorted.jsonl:4: error: case "B" appears again' "$T/g.err" ||
        { echo "B not caught"; return 1; }
    [ "$(grep -c '"status":"open"' "$T/g.out")" = 3 ] || { echo "B, C and A should each be open"; return 1; }
    printf '%s\n' '{"case":"A","type":"received","date":"2024-05-01"}' \
        '{"case":"B","type":"received","date":"2024-05-01"}' \
        '{"case":"A","type":"withdrawn","date":"2024-05-02"}' >"$T/sorted.jsonl"
    "$BIN/salix-complaints" eval --grouped --as-of 2024-05-20 "$T/sorted.jsonl" >/dev/null 2>"$T/g.err"
    grep -q 'sorted.jsonl:3: error: case "A" appears again' "$T/g.err" || { echo "A not caught"; return 1; }
    # a log that is not grouped: each line whose case comes back is refused, and said why
    "$BIN/salix-complaints" eval --grouped --as-of 2024-05-20 examples/salix-events.jsonl >/dev/null 2>"$T/g.err"
    [ $? = 1 ] && grep -q 'appears again after other cases' "$T/g.err"
}
check grouped-logs grouped

# ---- the embeddable library: two landlords in one program, the same decisions as the engines ----
library() {
    # -o names a folder not made yet, two deep: redressc makes it
    "$BIN/redressc" build policies/salix.policy --library -o "$T/lib/both" || return 1
    "$BIN/redressc" build policies/southway.policy --library -o "$T/lib/both" || return 1
    cc -std=c11 -Wall -Wextra -pedantic -Werror $SAN -I"$T/lib/both" examples/library/two_landlords.c \
        -L"$T/lib/both" -lsalix -lsouthway -Wl,-rpath,"$T/lib/both" -o "$T/two_landlords" || return 1
    "$T/two_landlords" 2024-05-20 examples/salix-events.jsonl examples/southway-events.jsonl \
        "$T/two.json" >"$T/two.out" || return 1
    { "$BIN/salix-complaints" eval --as-of 2024-05-20 examples/salix-events.jsonl
      "$BIN/southway-complaints" eval --as-of 2024-05-20 examples/southway-events.jsonl; } 2>/dev/null |
        cmp -s - "$T/two.json" || { echo "JSON differs from the engines'"; return 1; }
    # the structs, against hand-derived expectations
    grep -qx 'salix S-01 open stage1 stage1.acknowledge=2024-05-15:met stage1.respond=2024-05-28:pending' "$T/two.out" &&
        grep -qx 'salix S-09 refused stage1 stage1.acknowledge=2024-05-03:waived stage1.respond=2024-05-16:waived refused:anonymous' "$T/two.out" &&
        grep -q '^southway SW-02 open stage1 informal.resolve=2024-05-07:waived stage1.acknowledge=2024-05-08:overdue' "$T/two.out" ||
        { cat "$T/two.out"; return 1; }
    # only the API is exported: the runtime inside each library is hidden
    exported=$(nm -D --defined-only "$T/lib/both/libsalix.so" | awk '{print $3}' | grep -v '^salix_engine_' | wc -l)
    [ "$exported" = 0 ] || { echo "$exported other symbols exported"; return 1; }
}
check library-two-landlords library
# The API's types are written twice, in runtime/redress.h for the runtime and by emit.c into
# each NAME.h; a field added to one and not the other would misread every decision.
api_types_agree() {
    sed -n '/^#ifndef REDRESS_API_TYPES/,/^#endif/p' runtime/redress.h >"$T/types.rt"
    sed -n '/^#ifndef REDRESS_API_TYPES/,/^#endif/p' "$T/lib/both/salix.h" >"$T/types.lib"
    [ -s "$T/types.rt" ] && diff -u "$T/types.rt" "$T/types.lib"
}
check library-api-types-agree api_types_agree
# every rejected line told to on_reject, numbered in the whole log fed in pieces, as eval
# numbers the same log's lines in a file
rejects() {
    cc -std=c11 -Wall -Wextra -pedantic -Werror $SAN -I"$T/lib/both" tests/unit/feed-rejects.c \
        -L"$T/lib/both" -lsalix -Wl,-rpath,"$T/lib/both" -o "$T/rejects" || return 1
    "$T/rejects" "$T/rejects.jsonl" >"$T/rejects.told" || return 1
    "$BIN/salix-complaints" eval --as-of 2024-05-20 "$T/rejects.jsonl" 2>&1 >/dev/null |
        sed -n "s|^$T/rejects.jsonl:\([0-9]*\): error: |\1: |p" | cmp -s - "$T/rejects.told" ||
        { echo "eval numbers or words them otherwise"; return 1; }
}
check library-rejects rejects
# several threads at once, each with engines of its own, get the decisions one thread alone
# gets (make check-threads runs it under ThreadSanitizer)
threads() {
    cc -std=c11 -Wall -Wextra -pedantic -Werror $SAN -pthread -I"$T/lib/both" tests/unit/threads.c \
        -L"$T/lib/both" -lsalix -lsouthway -Wl,-rpath,"$T/lib/both" -o "$T/threads" || return 1
    "$T/threads" examples/salix-events.jsonl examples/southway-events.jsonl
}
check library-threads threads

# ---- the HTML report, rendered by a real browser ----
# Headless chromium, once found; `browse FILE ARGS...` opens FILE in it. in_browser NAME FUNC
# runs a browser check (with_tool: skipped where there is no chromium and none is required).
BROWSER=$(command -v chromium || command -v chromium-browser || true)
browse() {
    file=$1
    shift
    timeout 120 "$BROWSER" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --user-data-dir="$T/chromium" "$@" "file://$file"
}
in_browser() { with_tool chromium "$BROWSER" "${REDRESS_REQUIRE_BROWSER:-0}" "$1" "$2"; }
html_renders() {
    "$BIN/salix-complaints" report --from 2024-01-01 --to 2024-05-20 --homes 8000 --format html \
        examples/salix-events.jsonl >"$T/report.html" 2>/dev/null || return 1
    browse "$T/report.html" --dump-dom >"$T/dom.html" 2>/dev/null || return 1
    browse "$T/report.html" --window-size=900,1300 --screenshot="$T/report.png" >/dev/null 2>&1 || return 1
    bars=$(grep -o '<rect class="received"' "$T/dom.html" | wc -l)
    size=$(wc -c <"$T/report.png")
    # five months of bars in the DOM the browser built, and a screenshot with content in it
    [ "$bars" = 5 ] && grep -q 'CH02 stage 1 responses within' "$T/dom.html" && [ "$size" -gt 20000 ] ||
        { echo "bars $bars, screenshot $size bytes"; return 1; }
}
in_browser html-report-renders-in-chromium html_renders

# ---- every JSONTestSuite file as an event log: rejected or read, never a crash ----
if [ -d "$SHARED/peer-tests/JSONTestSuite/test_parsing" ]; then
    crashed=0
    for f in "$SHARED"/peer-tests/JSONTestSuite/test_parsing/*.json; do
        "$BIN/salix-complaints" eval --as-of 2024-01-01 "$f" >/dev/null 2>"$T/js.err"
        rc=$?
        # status 2 is said of a file in UTF-16 only (bug 027), by its byte order mark
        if [ $rc = 2 ] && grep -q 'is UTF-16' "$T/js.err" &&
            head -c 2 "$f" | od -An -tx1 | grep -Eq 'ff fe|fe ff'; then continue; fi
        if [ $rc -gt 1 ]; then echo "status $rc on $f"; crashed=1; fi
    done
    if [ $crashed -eq 0 ]; then ok; else bad "engine crashed on a JSONTestSuite file"; fi
fi

# ---- a policy that tries to inject C: builds with -Werror, runs, text comes back intact ----
inject() {
    "$BIN/redressc" emit-c tests/inject/inject.policy >"$T/inject.c" || return 1
    cc -std=c11 -Wall -Wextra -pedantic -Werror -Iruntime -c "$T/inject.c" -o "$T/inject.o" || return 1
    "$BIN/redressc" build tests/inject/inject.policy -o "$T/inject-complaints" || return 1
    mkdir -p "$T/run" && touch "$T/run/redress-inject-marker"
    (cd "$T/run" && printf '%s\n' '{"case":"X","type":"received","date":"2024-03-01","facts":{"main":true,"int":true}}' |
        "$T/inject-complaints" eval --as-of 2024-03-02) >"$T/inject.out" || return 1
    [ -f "$T/run/redress-inject-marker" ] || { echo "the marker file was removed"; return 1; }
    grep -qF '"reason":"\"); remove(\"redress-inject-marker\"); (\" */ /* ??/"' "$T/inject.out" ||
        { echo "the refusal reason did not come back intact"; cat "$T/inject.out"; return 1; }
    "$T/inject-complaints" explain >"$T/explain.out" || return 1
    grep -qF 'Evil "Homes"); int main(void) { return 42; } /*' "$T/explain.out" ||
        { echo "the organisation did not come back intact"; return 1; }
}
check injection inject

# ---- command lines: misuse is status 2, help and version are status 0 ----
usage() {
    want=$1
    shift
    "$@" >/dev/null 2>&1
    rc=$?
    [ "$rc" = "$want" ] || { echo "$*: exit status $rc, want $want"; return 1; }
}
check cli-redressc-no-args usage 2 "$BIN/redressc"
check cli-redressc-unknown usage 2 "$BIN/redressc" frobnicate policies/salix.policy
check cli-redressc-missing-file usage 2 "$BIN/redressc" check no-such.policy
check cli-redressc-help usage 0 "$BIN/redressc" --help
check cli-engine-no-args usage 2 "$BIN/salix-complaints"
check cli-engine-bad-date usage 2 "$BIN/salix-complaints" eval --as-of 2024-02-30 examples/salix-events.jsonl
check cli-engine-bad-format usage 2 "$BIN/salix-complaints" eval --format xml examples/salix-events.jsonl
check cli-engine-missing-file usage 2 "$BIN/salix-complaints" eval no-such-file.jsonl
check cli-engine-version usage 0 "$BIN/salix-complaints" --version
check cli-engine-explain-json usage 0 "$BIN/salix-complaints" explain --json
says() { # says STATUS TEXT CMD...: the status, and TEXT in what it writes to standard error
    want=$1 text=$2
    shift 2
    "$@" >/dev/null 2>"$T/says"
    rc=$?
    [ "$rc" = "$want" ] || { echo "$*: exit status $rc, want $want"; return 1; }
    grep -qF -- "$text" "$T/says" || { echo "$*: no \"$text\" in:"; cat "$T/says"; return 1; }
}
# an option given last without its value is named, not called unknown
check cli-engine-as-of-no-value says 2 "salix-complaints: error: --as-of needs a value" \
    "$BIN/salix-complaints" eval --as-of
check cli-engine-to-no-value says 2 "salix-complaints: error: --to needs a value" \
    "$BIN/salix-complaints" report --from 2024-01-01 --to
check cli-engine-from-for-eval says 2 'salix-complaints: error: unknown option "--from" for eval' \
    "$BIN/salix-complaints" eval --from 2024-01-01 examples/salix-events.jsonl
# a folder given as a log, a policy or a document is named as unreadable, not read as empty
check cli-engine-folder-log says 2 "salix-complaints: error: cannot read tests: Is a directory" \
    "$BIN/salix-complaints" eval tests
check cli-engine-folder-stdin says 2 "salix-complaints: error: cannot read <stdin>: Is a directory" \
    sh -c "\"$BIN/salix-complaints\" eval --grouped <tests"
check cli-redressc-folder-policy says 2 "redressc: error: cannot read tests: Is a directory" \
    "$BIN/redressc" check tests
check cli-redressc-folder-document says 2 "redressc: error: cannot read tests: Is a directory" \
    "$BIN/redressc" audit policies/salix.policy --document tests
# redressc's misuse says what is wrong, then the usage of that command alone
check cli-redressc-no-value says 2 "redressc: error: -o needs a value" "$BIN/redressc" build policies/salix.policy -o
check cli-redressc-cases says 2 "redressc: error: --cases wants a whole number from 1 to 100000000, not 'abc'" \
    "$BIN/redressc" gen policies/salix.policy --cases abc
check cli-redressc-seed says 2 "redressc: error: --seed wants a whole number, not 'x'" \
    "$BIN/redressc" gen policies/salix.policy --seed x
check cli-redressc-format says 2 "redressc: error: render has no format 'pdf' (markdown html)" \
    "$BIN/redressc" render policies/salix.policy --format pdf
check cli-redressc-option says 2 "redressc: error: check takes no option '--library'" \
    "$BIN/redressc" check policies/salix.policy --library
check cli-redressc-needs says 2 "redressc: error: audit needs --document TEXT, the document the policy cites" \
    "$BIN/redressc" audit policies/salix.policy
check cli-redressc-command says 2 "redressc: error: unknown command 'chek'; did you mean 'check'?" \
    "$BIN/redressc" chek policies/salix.policy
own_usage() { # the usage that follows is the command's own lines, not all of them
    "$BIN/redressc" diff policies/salix.policy 2>"$T/u"
    [ "$(grep -c 'redressc ' "$T/u")" = 2 ] && grep -q '^usage: redressc diff OLD NEW' "$T/u" ||
        { cat "$T/u"; return 1; }
}
check cli-redressc-own-usage own_usage
# more homes than a long holds is refused, not taken as the most it holds
check cli-engine-homes-overflow says 2 "salix-complaints: error: --homes wants a whole number of homes" \
    "$BIN/salix-complaints" report --from 2024-01-01 --to 2024-05-01 --homes 99999999999999999999 \
    examples/salix-events.jsonl
check cli-engine-homes-zero says 2 'salix-complaints: error: --homes wants a whole number of homes, 1 or more, not "0"' \
    "$BIN/salix-complaints" report --from 2024-01-01 --to 2024-05-01 --homes 0 examples/salix-events.jsonl
stdin_same() {
    "$BIN/salix-complaints" eval --as-of 2024-05-20 examples/salix-events.jsonl >"$T/f" 2>/dev/null
    "$BIN/salix-complaints" eval --as-of 2024-05-20 <examples/salix-events.jsonl >"$T/s" 2>/dev/null
    cmp -s "$T/f" "$T/s"
}
check cli-engine-stdin stdin_same
# A log from a pipe is copied to a file and read twice, as a file is: the same decisions, for
# every example log, JSON Lines and CSV. Where no file can be made (TMPDIR names no folder) it
# is read as it comes, every event held: the same again. A copy that fails part way (here at a
# limit of a few hundred bytes a file) stops the run, status 2, with nothing decided.
pipe_same() {
    for log in examples/*-events.jsonl examples/*-events.csv; do
        name=$(basename "$log" | sed 's/-events\..*//')
        e="$BIN/$name-complaints"
        "$e" eval --as-of 2024-05-20 "$log" >"$T/f" 2>"$T/fe"
        cat "$log" | "$e" eval --as-of 2024-05-20 >"$T/p" 2>"$T/pe"
        cmp -s "$T/f" "$T/p" && cmp -s "$T/fe" "$T/pe" || { echo "$log from a pipe"; return 1; }
        cat "$log" | TMPDIR="$T/no-such-folder" "$e" eval --as-of 2024-05-20 >"$T/p" 2>"$T/pe"
        cmp -s "$T/f" "$T/p" && cmp -s "$T/fe" "$T/pe" || { echo "$log, no TMPDIR"; return 1; }
    done
}
check cli-engine-pipe pipe_same
pipe_copy_fails() {
    (trap '' XFSZ; ulimit -f 1; cat examples/salix-events.jsonl |
        TMPDIR="$T" "$BIN/salix-complaints" eval --as-of 2024-05-20 >"$T/p" 2>"$T/pe")
    rc=$?
    [ "$rc" = 2 ] && [ ! -s "$T/p" ] && grep -q "^salix-complaints: error: cannot keep <stdin> in a file in $T to read it twice: .*; give the log as a file, or with --grouped if it is sorted by case\$" "$T/pe" ||
        { echo "status $rc"; cat "$T/pe"; return 1; }
}
check cli-engine-pipe-copy-fails pipe_copy_fails
# A copy that cannot be mapped (here under a 30 MB limit on address space, for a 41 MB log)
# stops the run too: the pipe is spent by then, and reading on would decide nothing. Not under
# the sanitizers, whose shadow memory needs more address space than any such limit allows.
pipe_copy_unmapped() {
    "$BIN/redressc" gen policies/greatwell.policy --cases 120000 --seed 1 >"$T/big.jsonl"
    (ulimit -v 30000; cat "$T/big.jsonl" |
        TMPDIR="$T" "$BIN/greatwell-complaints" eval --as-of 2024-05-20 >"$T/p" 2>"$T/pe")
    rc=$?
    rm -f "$T/big.jsonl"
    [ "$rc" = 2 ] && [ ! -s "$T/p" ] && grep -q "^greatwell-complaints: error: cannot keep <stdin> in a file in $T to read it twice: " "$T/pe" ||
        { echo "status $rc"; cat "$T/pe"; return 1; }
}
if [ -z "$SAN" ]; then check cli-engine-pipe-unmapped pipe_copy_unmapped; fi

# ---- auditors' tools: golden output for every seed policy ----
for p in policies/*.policy; do
    name=$(basename "$p" .policy)
    doc="$SHARED/published/$name.txt"
    if [ -f "tests/auditors/$name.audit" ] && [ -f "$doc" ]; then
        "$BIN/redressc" audit "$p" --document "$doc" >"$T/a" 2>&1
        rc=$?
        sed "s#$SHARED/#../shared/#g" "$T/a" >"$T/a2"
        if [ $rc -eq 0 ] && diff -u "tests/auditors/$name.audit" "$T/a2"; then ok; else bad "$p: audit (status $rc)"; fi
    fi
    if [ -f "tests/auditors/$name.conform" ]; then
        "$BIN/redressc" conform "$p" --baseline policies/hoc2024.policy >"$T/c" 2>&1
        if diff -u "tests/auditors/$name.conform" "$T/c"; then ok; else bad "$p: conform"; fi
    fi
    # What is deployed says what the source says: the engine's explain --json against the file.
    "$BIN/$name-complaints" explain --json >"$T/deployed.json"
    check "$p: the engine's explain --json matches its source" "$BIN/redressc" diff "$T/deployed.json" "$p"
done
check conform-code-against-itself "$BIN/redressc" conform policies/hoc2024.policy --baseline policies/hoc2024.policy
# Another landlord's document, given by mistake, is named as such in the first finding, in
# either format; the organisation is found in its own document however the text wraps it.
wrong_document() {
    "$BIN/redressc" audit policies/salix.policy --document "$SHARED/published/southway.txt" >"$T/wd" 2>&1
    [ $? = 1 ] && sed -n 2p "$T/wd" | grep -qx "policies/salix.policy:7:14: $SHARED/published/southway.txt never names Salix Homes, the policy's organisation: is it the document this policy encodes?" ||
        { head -3 "$T/wd"; return 1; }
    "$BIN/redressc" audit policies/hhal.policy --document "$SHARED/published/greatwell.txt" --format json >"$T/wd" 2>&1
    grep -q '"findings":\[{"kind":"organisation_not_named","where":"policies/hhal.policy:' "$T/wd" || { head -c 300 "$T/wd"; return 1; }
    # "Salix Homes" broken over a line, in capitals, with a no-break space: still named
    sed 's/Salix Homes/SALIX\n\xc2\xa0HOMES/g' "$SHARED/published/salix.txt" >"$T/wrapped.txt"
    "$BIN/redressc" audit policies/salix.policy --document "$T/wrapped.txt" >"$T/wd" 2>&1
    ! grep -q "never names" "$T/wd" || { grep "never names" "$T/wd"; return 1; }
}
check audit-names-the-wrong-document wrong_document
# The figures a policy waives are part of what its engine says it enforces, with the reason,
# in explain's text and JSON (whence diff compares them: tests/auditors/*.diff).
explain_waivers() {
    "$BIN/southway-complaints" explain >"$T/ew" &&
        grep -qx "Figures of the document not encoded:" "$T/ew" &&
        grep -q "^  '24 hours' (§4.2): Attending emergency repairs within twenty-four hours" "$T/ew" &&
        "$BIN/southway-complaints" explain --json | grep -q '"not_encoded":\[{"figure":"24 hours","cite":"4.4; 6.4","because":"The 24-hour' ||
        { tail -5 "$T/ew"; return 1; }
}
check explain-lists-waived-figures explain_waivers
# An auditor pipes the deployed engine's explain --json into diff (-), or saves it under any
# name: it is read as JSON by what it holds, not by its name. A changed figure still shows.
piped_explain() {
    "$BIN/salix-complaints" explain --json | "$BIN/redressc" diff policies/salix.policy - >"$T/pe" 2>&1 &&
        grep -qx '0 differences' "$T/pe" || { cat "$T/pe"; return 1; }
    "$BIN/salix-complaints" explain --json >"$T/deployed.explain"
    "$BIN/redressc" diff "$T/deployed.explain" policies/salix.policy >"$T/pe" 2>&1 &&
        grep -qx '0 differences' "$T/pe" || { cat "$T/pe"; return 1; }
    sed -f tests/mutations/salix-ack-3-days.sed policies/salix.policy >"$T/m3.policy"
    "$BIN/salix-complaints" explain --json | "$BIN/redressc" diff - "$T/m3.policy" >"$T/pe" 2>&1
    [ $? = 1 ] && grep -q 'acknowledge' "$T/pe" || { cat "$T/pe"; return 1; }
}
check diff-reads-explain-from-a-pipe piped_explain
for f in tests/auditors/*.diff; do
    set -- $(basename "$f" .diff | tr '~' ' ')
    "$BIN/redressc" diff "policies/$1.policy" "policies/$2.policy" >"$T/d" 2>&1
    if diff -u "$f" "$T/d"; then ok; else bad "$f: diff output differs"; fi
done

# ---- mutations of the seed policies: audit and diff must each catch what they can see ----
for m in tests/mutations/*.sed; do
    name=$(basename "$m" .sed)
    p=${name%%-*}
    mkdir -p "$T/mut" && sed -f "$m" "policies/$p.policy" >"$T/mut/$p.policy"
    if [ -f "tests/mutations/$name.audit" ]; then
        "$BIN/redressc" audit "$T/mut/$p.policy" --document "$SHARED/published/$p.txt" >"$T/ma" 2>&1
        rc=$?
        missing=$(lacking "$T/ma" <"tests/mutations/$name.audit")
        if [ $rc -eq 1 ] && [ -z "$missing" ]; then ok; else cat "$T/ma"; bad "$m: audit (status $rc) missed: $missing"; fi
    fi
    if [ -f "tests/mutations/$name.diff" ]; then
        "$BIN/redressc" diff "policies/$p.policy" "$T/mut/$p.policy" >"$T/md" 2>&1
        rc=$?
        missing=$(lacking "$T/md" <"tests/mutations/$name.diff")
        if [ $rc -eq 1 ] && [ -z "$missing" ]; then ok; else cat "$T/md"; bad "$m: diff (status $rc) missed: $missing"; fi
    fi
done

# ---- policy cards (render) and graphs (graph): golden output, the figures of the published
# documents (tests/cards/NAME.expect), and every paragraph a rule cites on the card; with
# tests/cards/awards.policy for what no seed policy has (closure days, caps, bands) ----
# Graphviz reads policy $p's graph: a box for each stage, one for receipt, one each for the
# Ombudsman, the grounds of refusal, what is not a complaint, each other procedure and closing.
dot_nodes() {
    want=$(sed -e '/^scenario /,$d' "$p" | awk '/^stage /{n++} /^refuse |^time limit/{r=1} /^not a complaint/{k=1}
        /^redirect /{n++} /^ombudsman /{n++} /closes automatically/{c=1} END {print n + 1 + r + k + c}')
    nodes=$("$DOT" -Tplain "$T/graph.dot" 2>"$T/dot.err" | grep -c '^node ')
    [ "$nodes" = "$want" ] && [ ! -s "$T/dot.err" ] || { cat "$T/dot.err"; echo "dot finds $nodes nodes, want $want"; return 1; }
}
for p in policies/*.policy tests/cards/*.policy; do
    name=$(basename "$p" .policy)
    "$BIN/redressc" render "$p" >"$T/card.md" 2>"$T/card.err"
    rc=$?
    if [ $rc = 0 ] && [ ! -s "$T/card.err" ]; then ok; else cat "$T/card.err"; bad "$p: render (status $rc)"; fi
    if [ -f "tests/cards/$name.md" ]; then
        if diff -u "tests/cards/$name.md" "$T/card.md"; then ok; else bad "$p: the card differs"; fi
    fi
    if [ -f "tests/cards/$name.expect" ]; then
        missing=$(grep -v '^#' "tests/cards/$name.expect" | lacking "$T/card.md")
        if [ -z "$missing" ]; then ok; else bad "$p: the card lacks $missing"; fi
    fi
    # the rules' citations (before the scenarios, outside comments), each found on the card
    # once Markdown's escapes are taken off
    sed 's/\\\(.\)/\1/g' "$T/card.md" >"$T/card.txt"
    missing=$(sed -e '/^scenario /,$d' -e '/^[[:space:]]*#/d' "$p" | grep -o '§[0-9][0-9.a-z]*\|§"[^"]*"' |
        sort -u | lacking "$T/card.txt")
    if [ -z "$missing" ]; then ok; else bad "$p: the card lacks the citations $missing"; fi
    "$BIN/redressc" render "$p" --format html >"$T/card.html" 2>&1 && grep -q '^</html>$' "$T/card.html"
    if [ $? = 0 ]; then ok; else bad "$p: render --format html"; fi
    "$BIN/redressc" graph "$p" >"$T/graph.dot" 2>&1
    if [ $? = 0 ]; then ok; else cat "$T/graph.dot"; bad "$p: graph"; fi
    if [ -f "tests/cards/$name.dot" ]; then
        if diff -u "tests/cards/$name.dot" "$T/graph.dot"; then ok; else bad "$p: the graph differs"; fi
    fi
    with_tool dot "$DOT" "${REDRESS_REQUIRE_DOT:-0}" "$p: Graphviz finds its nodes" dot_nodes
done
# A policy whose every string tries to break out of the page or the graph: Graphviz finds the
# three nodes and two edges it should, and (below) the browser finds no element it should not.
graph_injection() {
    "$BIN/redressc" graph tests/inject/markup.policy | "$DOT" -Tplain >"$T/m.plain" || return 1
    [ "$(grep -c '^node ' "$T/m.plain")" = 3 ] && [ "$(grep -c '^edge ' "$T/m.plain")" = 2 ] ||
        { cat "$T/m.plain"; return 1; }
}
with_tool dot "$DOT" "${REDRESS_REQUIRE_DOT:-0}" graph-injection graph_injection
# In Markdown every <, [, `, | and # of the policy's text is backslashed: the only bare < is the
# card's own line break, no line is a heading but the card's own, and each row keeps its cells.
markdown_injection() {
    "$BIN/redressc" render tests/inject/markup.policy >"$T/m.md" || return 1
    grep -qF '\<script\>document.title' "$T/m.md" || { echo "the organisation is not escaped"; return 1; }
    if sed -e 's/<br>//g' -e 's/`[A-Za-z0-9_ -]*`//g' "$T/m.md" | grep -n '\(^\|[^\\]\)[<`[]'; then
        echo "a bare < [ or \` above"; return 1
    fi
    if grep -n '^#' "$T/m.md" | grep -v '^[0-9]*:#\{1,3\} [A-Z`\\]'; then echo "a heading above"; return 1; fi
    # each row of a table has as many cells as the table's first row
    sed 's/\\|//g' "$T/m.md" | awk -F'|' '/^\| / { if (!inrow) want = NF; inrow = 1; if (NF != want) { print; bad = 1 } next }
        { inrow = 0 } END { exit bad }' || { echo "a row with cells added above"; return 1; }
}
check card-markdown-injection markdown_injection
card_renders() {
    "$BIN/redressc" render policies/salix.policy --format html >"$T/salix-card.html" || return 1
    "$BIN/redressc" render tests/inject/markup.policy --format html >"$T/markup.html" || return 1
    browse "$T/salix-card.html" --dump-dom >"$T/salix-dom.html" 2>/dev/null || return 1
    browse "$T/markup.html" --dump-dom >"$T/markup-dom.html" 2>/dev/null || return 1
    # Salix: two stages, two duty tables, six grounds of refusal, the 2 working days of §15
    [ "$(grep -c '<h3>' "$T/salix-dom.html")" = 2 ] && [ "$(grep -o '<table>' "$T/salix-dom.html" | wc -l)" = 4 ] &&
        grep -q '<td>acknowledge</td><td>2 working days</td><td>receipt</td><td>§15' "$T/salix-dom.html" ||
        { echo "the Salix card lacks its stages or duties"; return 1; }
    # the injection page: one heading of the first level, one style, and none of what it tried
    for tag in '<script' '<img' '<iframe' '<b>' '<em>' '<hr' '<a ' ; do
        if grep -q "$tag" "$T/markup-dom.html"; then echo "the page has $tag"; return 1; fi
    done
    [ "$(grep -o '<h1>' "$T/markup-dom.html" | wc -l)" = 1 ] && [ "$(grep -o '<style' "$T/markup-dom.html" | wc -l)" = 1 ] &&
        grep -qF '&lt;script&gt;document.title' "$T/markup-dom.html" && ! grep -q '<title>owned' "$T/markup-dom.html" ||
        { echo "the injection page was changed"; return 1; }
}
in_browser card-renders-in-chromium card_renders
check cli-render-bad-format usage 2 "$BIN/redressc" render policies/salix.policy --format json
check cli-graph-bad-format usage 2 "$BIN/redressc" graph policies/salix.policy --format html
check cli-render-unwritable usage 2 "$BIN/redressc" render policies/salix.policy -o "$T/no-such-dir/card.md"
check cli-render-broken-policy usage 1 "$BIN/redressc" render tests/policy/$(ls tests/policy | grep '\.policy$' | head -1)

# ---- fmt: the one layout, checked by the parser's tokens, and written whole or not at all ----
# (messy.policy's line 25 has a no-break space, pasted from a word processor, where messy.out
# has a space: the lexer takes it as a blank, and fmt writes a space)
fmt_messy() {
    "$BIN/redressc" fmt tests/fmt/messy.policy >"$T/messy.out" || return 1
    diff -u tests/fmt/messy.out "$T/messy.out" || return 1
    "$BIN/redressc" fmt "$T/messy.out" | cmp -s - "$T/messy.out" || { echo "laid out again, it changes"; return 1; }
    out=$("$BIN/redressc" fmt --check tests/fmt/messy.policy)
    rc=$?
    [ $rc = 1 ] && [ "$out" = "tests/fmt/messy.policy:1: not laid out as redressc fmt writes it" ] ||
        { echo "--check: status $rc, $out"; return 1; }
    "$BIN/redressc" fmt --check tests/fmt/messy.out || return 1
    # from standard input, as an editor gives it, to standard output
    "$BIN/redressc" fmt - <tests/fmt/messy.policy | cmp -s - tests/fmt/messy.out || { echo "fmt -"; return 1; }
    [ "$("$BIN/redressc" fmt --check - <tests/fmt/messy.policy)" = "<stdin>:1: not laid out as redressc fmt writes it" ] ||
        { echo "fmt --check -"; return 1; }
    # several files: each checked, status 1 when any is not laid out, and that one named
    out=$("$BIN/redressc" fmt --check tests/fmt/messy.out tests/fmt/messy.policy policies/salix.policy)
    rc=$?
    [ $rc = 1 ] && [ "$out" = "tests/fmt/messy.policy:1: not laid out as redressc fmt writes it" ] ||
        { echo "--check of three files: status $rc, $out"; return 1; }
    # in place: rewritten whole, with its permissions, and nothing left beside it
    cp tests/fmt/messy.policy "$T/inplace.policy" && chmod 640 "$T/inplace.policy"
    "$BIN/redressc" fmt "$T/inplace.policy" -o "$T/inplace.policy" && cmp -s "$T/inplace.policy" tests/fmt/messy.out &&
        [ "$(stat -c %a "$T/inplace.policy")" = 640 ] && [ -z "$(ls "$T" | grep 'inplace.policy.fmt-')" ] ||
        { echo "in place: $(stat -c %a "$T/inplace.policy"), $(ls "$T")"; return 1; }
}
check fmt-messy fmt_messy
fmt_refuses() {
    # a file the parser refuses: status 1, its errors, and the file as it was
    cp tests/policy/missing-end.policy "$T/broken.policy"
    "$BIN/redressc" fmt "$T/broken.policy" -o "$T/broken.policy" >"$T/o" 2>"$T/e"
    rc=$?
    [ $rc = 1 ] && [ ! -s "$T/o" ] && grep -q ': error: ' "$T/e" && cmp -s tests/policy/missing-end.policy "$T/broken.policy" ||
        { echo "a broken policy: status $rc"; return 1; }
    # a folder that is not there: status 2
    "$BIN/redressc" fmt tests/fmt/messy.policy -o "$T/no-such-dir/x.policy" 2>/dev/null
    [ $? = 2 ] || { echo "an unwritable -o: not status 2"; return 1; }
}
check fmt-refuses fmt_refuses
for p in policies/*.policy tests/engines/*.policy tests/inject/*.policy tests/cards/*.policy tests/fmt/messy.out; do
    check "$p: laid out as redressc fmt lays it out" "$BIN/redressc" fmt --check "$p"
done

# ---- make install: an installed redressc finds its runtime and builds an engine ----
installed() {
    make -s install PREFIX="$T/prefix" B="$B" BIN="$BIN" SAN="$SAN" >/dev/null || return 1
    env -u REDRESS_INCLUDE -u REDRESS_LIB \
        "$T/prefix/bin/redressc" build policies/salix.policy -o "$T/prefix-salix" || return 1
    "$T/prefix-salix" eval --as-of 2024-05-20 examples/salix-events.jsonl >"$T/i.out" 2>/dev/null &&
        "$BIN/salix-complaints" eval --as-of 2024-05-20 examples/salix-events.jsonl 2>/dev/null |
        cmp -s - "$T/i.out"
}
check make-install installed

if [ "$skipped" -gt 0 ]; then echo "$pass passed, $fail failed, $skipped skipped"
else echo "$pass passed, $fail failed"; fi
[ "$fail" -eq 0 ]
