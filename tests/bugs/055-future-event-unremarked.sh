# Bug 055: an event dated after the as-of date is not applied (SPEC section 5: it has not
# happened), and with no --as-of, where the as-of date is today's, such an event is almost
# surely misdated (a year mistyped): it went unremarked, and the duty it did showed as
# overdue. Now the decision says so. With --as-of given, later events are the ordinary
# matter of deciding a past day, and nothing is said. The dates are in 2199, after any day
# this test runs on.
# Run by tests/run.sh with BIN and T set.
d=$T/055
mkdir -p "$d"
cat >"$d/log.jsonl" <<'E'
{"case":"A","type":"received","date":"2024-05-01"}
{"case":"A","type":"acknowledged","date":"2199-12-30"}
{"case":"A","type":"responded","date":"2199-12-31"}
{"case":"B","type":"received","date":"2024-05-01"}
{"case":"B","type":"acknowledged","date":"2199-12-31"}
{"case":"C","type":"received","date":"2024-05-01"}
E
fail=0
day='[0-9]\{4\}-[0-9]\{2\}-[0-9]\{2\}'
for how in "" --grouped; do
    "$BIN/salix-complaints" eval $how "$d/log.jsonl" >"$d/out" 2>/dev/null
    grep -q "^{\"case\":\"A\",.*\"notes\":\[\"2 events dated after today ($day), the first on 2199-12-30, are not applied, as they have not happened yet: are their dates right?\"\]}$" "$d/out" &&
        grep -q "^{\"case\":\"B\",.*\"notes\":\[\"an event dated 2199-12-31, after today ($day), is not applied, as it has not happened yet: is its date right?\"\]}$" "$d/out" &&
        grep -q '^{"case":"C",.*"notes":\[\]}$' "$d/out" ||
        { echo "-- eval $how:"; cat "$d/out"; fail=1; }
done
"$BIN/redressc" run policies/salix.policy "$d/log.jsonl" 2>/dev/null | cmp -s - "$d/out" ||
    { echo "-- redressc run differs from the engine"; fail=1; }
"$BIN/salix-complaints" eval --as-of 2024-05-20 "$d/log.jsonl" 2>/dev/null | grep -q 'dated after' &&
    { echo "-- remarked on with --as-of given"; fail=1; }
exit $fail
