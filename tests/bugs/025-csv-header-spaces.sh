# Bug 025: a CSV header typed as "case, type, date" named its columns " type" and " date", so
# every record was refused for a missing "type", with no word of the header. Spaces and tabs
# about a column's name are now no part of it (no field's name has any); a value's are still
# its own (RFC 4180), and the error for one says what was meant.
# Run by tests/run.sh with BIN and T set.
e="$BIN/salix-complaints"
fail=0
sed '1s/,/, /g' examples/salix-events.csv >"$T/025.csv"
grep -q '^case, type, date, ' "$T/025.csv" || { echo "the header was not spaced"; exit 1; }
"$e" eval --as-of 2024-05-20 examples/salix-events.csv >"$T/025.want" 2>/dev/null
"$e" eval --as-of 2024-05-20 "$T/025.csv" >"$T/025.got" 2>"$T/025.err" ||
    { echo "status $?"; cat "$T/025.err"; fail=1; }
cmp -s "$T/025.want" "$T/025.got" || { echo "the decisions differ"; fail=1; }
printf 'case,type,date\nA, received,2024-05-01\n' >"$T/025b.csv"
"$e" eval --as-of 2024-05-20 "$T/025b.csv" >/dev/null 2>"$T/025.err"
grep -qx "$T/025b.csv:2: error: unknown event type \" received\"; did you mean \"received\"?" "$T/025.err" ||
    { echo "a value's space:"; cat "$T/025.err"; fail=1; }
exit $fail
