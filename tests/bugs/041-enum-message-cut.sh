# Bug 041: a fact of many values, refused, was worded in 300 bytes with the values listed in
# 256, so the value the log gave, which comes last, was cut off ('not "repairs' and no more),
# and the list stopped mid-way without saying so. The list now stops where it must with how
# many there are, the value given is always whole, and a slip is named as for event types.
# Run by tests/run.sh with BIN and T set.
fail=0
{ printf 'policy en\norganisation "Enum Homes"\nfact subject is one of '
  seq 40 | sed 's/.*/subject_number_&/' | paste -sd, - | sed 's/,/, /g'
  printf 'refuse r when subject is subject_number_1 because "R" §1\n'
  printf 'stage s1 "S":\n    entered on receipt §2\n    respond within 10 working days of receipt §3\nend\n'
} >"$T/041.policy"
printf '{"case":"A","type":"received","date":"2024-06-03","facts":{"subject":"repairs"}}\n' >"$T/041.jsonl"
"$BIN/redressc" run "$T/041.policy" --as-of 2024-06-10 "$T/041.jsonl" 2>"$T/041.err" >/dev/null
grep -q 'subject_number_9, \.\.\. (40 in all), not "repairs"$' "$T/041.err" ||
    { echo "the message was cut:"; cat "$T/041.err"; fail=1; }
printf '{"case":"B","type":"received","date":"2024-06-03","facts":{"subject":"repair"}}\n' >"$T/041b.jsonl"
"$BIN/hhal-complaints" eval --as-of 2024-06-10 "$T/041b.jsonl" 2>"$T/041.err" >/dev/null
grep -q 'not "repair"; did you mean "repairs"?$' "$T/041.err" ||
    { echo "no suggestion for a slip:"; cat "$T/041.err"; fail=1; }
exit $fail
