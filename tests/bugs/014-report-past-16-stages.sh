# Bug 014: a report counted the cases entering each stage in tables of 16, so a policy of more
# stages had the rest left out of every format, and a measure of a stage from the 17th on
# read past its table (UBSan: "index 19 out of bounds for type 'long int [16]'"). The tables
# now hold as many stages as a policy may have (127, bug 013).
# Run by tests/run.sh with BIN and T set (and REDRESS_INCLUDE, REDRESS_LIB as make check sets).
. tests/bugs/many-stages.inc
{
    stages 20
    printf 'measure "Entering stage 20" is received at s20 §3\n'
} >"$T/014.policy"
"$BIN/redressc" build "$T/014.policy" -o "$T/014-complaints" || { echo "build: status $?"; exit 1; }
# two complaints received straight into s17 and s20 (SPEC §4: "stage" on received), one into s1
printf '%s\n' '{"case":"A","type":"received","date":"2024-03-01","stage":"s17"}' \
    '{"case":"B","type":"received","date":"2024-03-04","stage":"s20"}' \
    '{"case":"C","type":"received","date":"2024-03-05"}' >"$T/014.jsonl"
"$T/014-complaints" report --from 2024-01-01 --to 2024-12-31 --quiet "$T/014.jsonl" >"$T/014.json" ||
    { echo "report: status $?"; exit 1; }
fail=0
for want in '"s1":1' '"s16":0' '"s17":1' '"s20":1'; do
    grep -qF "$want" "$T/014.json" || { echo "the report lacks $want"; fail=1; }
done
grep -qF '{"name":"Entering stage 20","value":1,' "$T/014.json" ||
    { echo "the measure of s20 is not 1:"; grep -o '"Entering stage 20"[^}]*' "$T/014.json"; fail=1; }
exit $fail
