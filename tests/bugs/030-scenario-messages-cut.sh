# Bug 030: a failing scenario's message was put together in 128 bytes for what came out and
# 160 for what was expected, so a long approver, or a long note expected, was cut and the
# policy author read half a name. Both are now whole.
# Run by tests/run.sh with BIN and T set.
who="the Customer Focus Manager, the Service Lead for Tenancy and Neighbourhoods and the Director of Communities and Customer Service, acting together"
text="a note that the policy author expects the engine to give, word for word, which is longer than one hundred and sixty bytes so that the message naming it would have been cut"
{ printf 'policy long\norganisation "Long Names"\nfact amount is money\n'
  printf 'stage s1 "Stage 1":\n    entered on receipt §1\n    respond within 10 working days of receipt §2\nend\n'
  printf 'award paid of amount §3\napproval below £1,000 by "%s" §4\n' "$who"
  printf 'approval from £1,000 by "the Board" §4\n'
  printf 'scenario "an award of £10":\n    2024-06-03 received with amount £10.00\n    as of 2024-06-04\n'
  printf '    expect approval by "the Board"\n    expect note "%s"\nend\n' "$text"
} >"$T/030.policy"
"$BIN/redressc" test "$T/030.policy" >"$T/030.out" 2>&1
[ $? = 1 ] || { echo "the failing scenario did not fail the test:"; cat "$T/030.out"; exit 1; }
fail=0
grep -qF "expected approval by \"the Board\", got approval by $who" "$T/030.out" ||
    { echo "the approver was cut:"; cat "$T/030.out"; fail=1; }
grep -qF "expected a note containing \"$text\", got" "$T/030.out" ||
    { echo "the note expected was cut:"; cat "$T/030.out"; fail=1; }
exit $fail
