# Bug 022: a CSV record was split into a table of 256 fields and the rest were dropped, unsaid:
# a CRM export of 304 columns lost its facts.anonymous column, so an anonymous complaint that
# Salix refuses (§10) was decided as open; and a log whose "case" column came after the 256th
# was not taken for CSV at all. A record with more fields than its header has columns (a
# comma left unquoted in a reason, most likely) had the extra ones dropped, unsaid, though
# every field after the comma had moved a column. Records are now split whole, and one with
# too many fields is reported.
# Run by tests/run.sh with BIN and T set.
e="$BIN/salix-complaints"
pad() { # pad N: N column names, x1 to xN (with tr, only their commas: N - 1 empty fields)
    seq "$1" | sed 's/^/x/' | paste -sd, -
}
fail=0
# facts.anonymous as the 304th column
{ printf 'case,type,date,%s,facts.anonymous\n' "$(pad 300)"
  printf 'A,received,2024-05-01,%s,true\n' "$(pad 300 | tr -cd ,)"; } >"$T/022-wide.csv"
for grouped in "" --grouped; do
    "$e" eval $grouped --as-of 2024-05-20 --quiet "$T/022-wide.csv" >"$T/022.out" || { echo "wide: status $?"; fail=1; }
    grep -q '"status":"refused","stage":"stage1","refusal":{"rule":"anonymous"' "$T/022.out" ||
        { echo "wide $grouped: the anonymous complaint is not refused:"; cut -c1-160 "$T/022.out"; fail=1; }
done
# "case" as the 301st column
{ printf '%s,case,type,date\n' "$(pad 300)"
  printf '%s,B,received,2024-05-01\n' "$(pad 300 | tr -cd ,)"; } >"$T/022-late.csv"
"$e" eval --as-of 2024-05-20 --quiet "$T/022-late.csv" >"$T/022.out" || { echo "late case column: status $?"; fail=1; }
grep -q '^{"case":"B","policy":"salix","as_of":"2024-05-20","status":"open","stage":"stage1"' "$T/022.out" ||
    { echo "late case column: no decision for B"; fail=1; }
# a reason with an unquoted comma: one field too many
printf 'case,type,date,reason\nC,received,2024-05-01,\nC,acknowledged,2024-05-02,late, sorry\n' >"$T/022-comma.csv"
"$e" eval --as-of 2024-05-20 "$T/022-comma.csv" >/dev/null 2>"$T/022.err"
[ $? = 1 ] || { echo "unquoted comma: status not 1"; fail=1; }
grep -qx "$T/022-comma.csv:3: error: the record has 5 fields, but the header names 4 columns" "$T/022.err" ||
    { echo "unquoted comma: not reported"; cat "$T/022.err"; fail=1; }
exit $fail
