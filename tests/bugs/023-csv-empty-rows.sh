# Bug 023: a spreadsheet writes a row it holds no data in as empty fields (",,," and a CRLF),
# and Excel leaves such rows at the end of many exports; each was read as an event with no
# "case" ("missing \"case\""), so a clean log ended with status 1. A record of empty fields
# only is now no event, as a blank line is none, by the one rule the reader and the marking
# pass share; a record with any field given is read as before.
# Run by tests/run.sh with BIN and T set.
e="$BIN/salix-complaints"
{ cat examples/salix-events.csv; printf ',,,,,,,,,,,,,,,,,,,,,,\r\n, ,\r\n\r\n'; } >"$T/023.csv"
fail=0
for grouped in "" --grouped; do
    "$e" eval $grouped --as-of 2024-05-20 examples/salix-events.csv >"$T/023.want" 2>/dev/null
    want=$? # 1 with --grouped: the example log is not grouped by case, and says so
    "$e" eval $grouped --as-of 2024-05-20 "$T/023.csv" >"$T/023.got" 2>"$T/023.err"
    rc=$?
    [ $rc = $want ] || { echo "$grouped: status $rc, want $want"; cat "$T/023.err"; fail=1; }
    cmp -s "$T/023.want" "$T/023.got" || { echo "$grouped: the decisions differ"; fail=1; }
    grep -q 'missing "case"' "$T/023.err" && { echo "$grouped: an empty row read as an event"; fail=1; }
done
# one field given is no empty row: the event it makes is checked as any
printf 'case,type,date\r\nA,received,2024-05-01\r\n,received,\r\n' >"$T/023b.csv"
"$e" eval --as-of 2024-05-20 "$T/023b.csv" >/dev/null 2>"$T/023.err"
grep -qx "$T/023b.csv:3: error: missing \"case\"" "$T/023.err" || { echo "a row with a field lost its error"; cat "$T/023.err"; fail=1; }
exit $fail
