# Bug 051: an option written after the log, as in "salix-complaints eval log.jsonl --as-of
# 2024-05-02", was taken for a file named "--as-of": "cannot open --as-of", status 2, nothing
# decided; and "redressc run --as-of D POLICY LOG" took "--as-of" for the policy. Options now
# come before or after the files, and after "--" every argument is a file. One case received
# on Wednesday 2024-05-01: Salix acknowledges within 2 working days (§15), by Friday
# 2024-05-03, so as of 2024-05-02 that duty is pending; as of today it would be overdue.
# Run by tests/run.sh with BIN and T set.
top=$(pwd)
BIN=$(cd "$BIN" && pwd)
mkdir -p "$T/051"
cd "$T/051" || exit 1
printf '{"case":"C-1","type":"received","date":"2024-05-01"}\n' >log.jsonl
cp log.jsonl ./--quiet
want='"duty":"acknowledge","due":"2024-05-03","done":null,"status":"pending"'
fail=0
expect() { # WHAT FILE: FILE holds the pending duty, as of 2024-05-02
    grep -qF "$want" "$2" && grep -qF '"as_of":"2024-05-02"' "$2" ||
        { echo "$1: no pending acknowledgement as of 2024-05-02"; head -3 "$2" err; fail=1; }
}
S=$BIN/salix-complaints
"$S" eval log.jsonl --as-of 2024-05-02 >a.out 2>err || { echo "eval LOG --as-of: status $?"; fail=1; }
expect "eval LOG --as-of" a.out
"$S" eval --quiet log.jsonl --format jsonl --as-of 2024-05-02 >b.out 2>err || fail=1
expect "eval --quiet LOG --format --as-of" b.out
[ ! -s err ] || { echo "--quiet before the log was not kept: $(cat err)"; fail=1; }
# after --, "--quiet" is a file: the one case, read twice, is one case of two received events
"$S" eval --as-of 2024-05-02 -- log.jsonl --quiet >c.out 2>err || { echo "-- FILES: status $?"; fail=1; }
grep -q '2 events read' err || { echo "-- FILES: the file named --quiet was not read"; fail=1; }
"$S" due log.jsonl --as-of 2024-05-02 --format csv >d.out 2>err || { echo "due LOG --as-of: status $?"; fail=1; }
grep -q '^C-1,.*acknowledge,2024-05-03,pending,' d.out || { echo "due LOG --as-of: no pending row"; cat d.out; fail=1; }
"$S" eval log.jsonl --bogus >e.out 2>err
rc=$?
[ $rc = 2 ] && grep -q 'unknown option "--bogus" for eval' err || { echo "eval LOG --bogus: status $rc"; fail=1; }
"$BIN/redressc" run --as-of 2024-05-02 "$top/policies/salix.policy" log.jsonl >f.out 2>err ||
    { echo "run --as-of POLICY LOG: status $?"; head -2 err; fail=1; }
cmp -s a.out f.out || { echo "run --as-of POLICY LOG differs from the engine's eval"; fail=1; }
exit $fail
