# Bug 017: the checker's test for a refusal that can never be reported, and conform's for a
# refusal on a ground the baseline permits, read a condition's parts into tables of 32 and
# dropped the rest. A refusal of 33 facts, the 33rd not in an earlier one of 33, was then
# called "never reported" (the 33rd went unread on both sides); and conform judged a ground by
# its first 32 facts. Conditions are now read whole.
# Run by tests/run.sh with BIN and T set.
cond() { # cond LAST: f1 and ... and f32 and LAST
    printf 'f%d and ' $(seq 32)
    printf '%s' "$1"
}
{
    printf 'policy many\norganisation "Many Facts"\n'
    printf 'fact f%d is yes/no\n' $(seq 34)
    printf 'refuse first when %s because "First" §1\n' "$(cond f33)"
    printf 'refuse second when %s because "Second" §2\n' "$(cond f34)"
    printf 'refuse third when %s and f34 because "Third" §3\n' "$(cond f33)"
    printf 'stage s1 "Stage 1":\n    entered on receipt §4\n    respond within 10 working days of receipt §5\nend\n'
} >"$T/017.policy"
"$BIN/redressc" check "$T/017.policy" >"$T/017.err" 2>&1 || { cat "$T/017.err"; exit 1; }
fail=0
# second needs f34, which first does not read: it is reported when f33 is false
grep -q "refusal 'second' is never reported" "$T/017.err" && { echo "second was called never reported"; fail=1; }
# third reads all 33 of first's facts: first always holds before it
grep -q "refusal 'third' is never reported: refusal 'first' holds whenever it does" "$T/017.err" ||
    { echo "third was not called never reported:"; cat "$T/017.err"; fail=1; }
# conform, against a baseline of first alone: second reads f34 and not f33, a ground first
# does not permit; third reads every fact first reads, so first's ground permits it
grep -v '^refuse second\|^refuse third' "$T/017.policy" >"$T/017-base.policy"
"$BIN/redressc" conform "$T/017.policy" --baseline "$T/017-base.policy" >"$T/017.conform" 2>&1
grep -q "refusal second" "$T/017.conform" ||
    { echo "conform let second pass on first's ground:"; cat "$T/017.conform"; fail=1; }
grep -q "refusal third" "$T/017.conform" &&
    { echo "conform refused third, which reads every fact first does"; fail=1; }
exit $fail
