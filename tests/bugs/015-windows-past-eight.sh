# Bug 015: a decision kept at most eight windows and dropped the rest without a word, so in a
# policy of ten stages, each asked for within 10 days of the last one's response, a case that
# had every response lost its last escalation window and the Ombudsman's (added last). A
# decision now has room for two windows a stage and the Ombudsman's.
# Run by tests/run.sh with BIN and T set.
{
    printf 'policy ten\norganisation "Ten Stages"\n'
    printf 'stage s1 "Stage 1":\n    entered on receipt §1\n    respond within 10 working days of receipt §2\nend\n'
    i=2
    while [ $i -le 10 ]; do
        printf 'stage s%d "Stage %d":\n' $i $i
        printf '    entered on request within 10 days of the s%d response §3\n' $((i - 1))
        printf '    respond within 10 working days of the escalation request §4\nend\n'
        i=$((i + 1))
    done
    printf 'ombudsman from the s10 response §5\n'
} >"$T/015.policy"
# received 2024-01-02; stage k answered on the 2nd of month k, and stage k + 1 asked for on
# the 5th, within its 10 days
{
    printf '{"case":"A","type":"received","date":"2024-01-02"}\n'
    i=1
    while [ $i -le 10 ]; do
        m=$(printf '%02d' $i)
        printf '{"case":"A","type":"responded","date":"2024-%s-02","outcome":"not_upheld"}\n' "$m"
        [ $i -lt 10 ] && printf '{"case":"A","type":"escalation_requested","date":"2024-%s-05"}\n' "$m"
        i=$((i + 1))
    done
} >"$T/015.jsonl"
"$BIN/redressc" run "$T/015.policy" --as-of 2024-12-31 --quiet "$T/015.jsonl" >"$T/015.out" ||
    { echo "run: status $?"; exit 1; }
fail=0
n=$(grep -o '"name":"escalation"' "$T/015.out" | wc -l)
[ "$n" = 9 ] || { echo "$n escalation windows, want 9 (stages 2 to 10)"; fail=1; }
grep -qF '{"name":"ombudsman","opens":"2024-10-02"' "$T/015.out" ||
    { echo "no Ombudsman window opening with the s10 response (2024-10-02):"; cat "$T/015.out"; fail=1; }
exit $fail
