# Bug 019: the table formats (due's worklist, eval --format table) cut a case id to 16
# characters, so HOUSING-2024-000123456 and HOUSING-2024-000123457 both showed as
# HOUSING-2024-000: a complaints officer could not tell which case a duty was for. Ids are now
# shown whole (due widens its case column to the longest), controls still shown as '?'.
# Run by tests/run.sh with BIN and T set.
printf '%s\n' '{"case":"HOUSING-2024-000123456","type":"received","date":"2024-05-01"}' \
    '{"case":"HOUSING-2024-000123457","type":"received","date":"2024-05-02"}' \
    '{"case":"S-1","type":"received","date":"2024-05-02"}' \
    '{"case":"X-\u001b[31m","type":"received","date":"2024-05-02"}' >"$T/019.jsonl"
"$BIN/salix-complaints" due --as-of 2024-05-20 --quiet "$T/019.jsonl" >"$T/019.due" || exit 1
"$BIN/salix-complaints" eval --as-of 2024-05-20 --format table --quiet "$T/019.jsonl" >"$T/019.eval" || exit 1
fail=0
for id in HOUSING-2024-000123456 HOUSING-2024-000123457; do
    [ "$(grep -c "^$id " "$T/019.due")" = 2 ] || { echo "due: $id is not on its two rows"; fail=1; }
    grep -q "^$id " "$T/019.eval" || { echo "eval: $id is not shown whole"; fail=1; }
done
# every row of the worklist has its stage in the same column as the header's
col=$(head -1 "$T/019.due" | awk '{print index($0, "stage")}')
awk -v c="$col" 'NR > 1 && substr($0, c, 6) != "stage1" { bad = 1 } END { exit bad }' "$T/019.due" ||
    { echo "due's columns do not line up:"; cat "$T/019.due"; fail=1; }
grep -q "^X-?\[31m " "$T/019.due" || { echo "the escape was not shown as ?"; cat "$T/019.due"; fail=1; }
exit $fail
