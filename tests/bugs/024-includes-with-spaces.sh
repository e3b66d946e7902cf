# Bug 024: a response's "includes" named elements exactly, spaces and all, so a CSV cell typed
# as people type lists, "stage; outcome; reasons", matched only its first name, and the engine
# said a Sedgemoor stage 1 response left out five of the six elements it had given (a finding
# against the landlord that the log does not bear out). Spaces and tabs at either end of a
# name are now no part of it, in CSV and in JSON; a name still has to be the policy's own.
# Run by tests/run.sh with BIN and T set.
e="$BIN/sedgemoor-complaints"
all="stage;outcome;reasons;remedy;outstanding_actions;escalation"
{ printf 'case,type,date,outcome,includes\n'
  printf 'A,received,2024-05-01,,\nA,responded,2024-05-03,upheld,%s\n' "$(echo "$all" | sed 's/;/; /g')"
  printf 'B,received,2024-05-01,,\nB,responded,2024-05-03,upheld,%s\n' "$all"
  printf 'C,received,2024-05-01,,\nC,responded,2024-05-03,upheld,%s\n' "$(echo "$all" | sed 's/;escalation$/; Escalation/')"
} >"$T/024.csv"
"$e" eval --as-of 2024-05-20 --quiet "$T/024.csv" >"$T/024.out" || { echo "status $?"; exit 1; }
fail=0
for c in A B; do
    grep "^{\"case\":\"$c\"" "$T/024.out" | grep -q '"notes":\[\]' ||
        { echo "$c: a note where the response gave every element:"; grep "^{\"case\":\"$c\"" "$T/024.out" | grep -o '"notes".*'; fail=1; }
done
grep '^{"case":"C"' "$T/024.out" | grep -q 'left out escalation (' ||
    { echo "C: Escalation was taken for escalation"; fail=1; }
printf '%s\n' '{"case":"D","type":"received","date":"2024-05-01"}' \
    '{"case":"D","type":"responded","date":"2024-05-03","outcome":"upheld","includes":[" stage","outcome ","reasons","remedy","outstanding_actions","\tescalation"]}' >"$T/024.jsonl"
"$e" eval --as-of 2024-05-20 --quiet "$T/024.jsonl" | grep -q '"notes":\[\]' || { echo "D (JSON): a note"; fail=1; }
exit $fail
