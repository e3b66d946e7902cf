# Bug 018: a report kept its month-by-month counts in tables of 120, so a period of more than
# ten years lost every month after the 120th from the JSON, CSV and HTML, unsaid. The table is
# now as long as the period. A report of 2010 to 2026 (204 months) must hold them all, and its
# months must add up to those of 2010 to 2018 and 2019 to 2026, each under ten years.
# Run by tests/run.sh with BIN and T set.
"$BIN/redressc" gen policies/salix.policy --cases 3000 --seed 2 >"$T/018.jsonl" || exit 1
report() { # report FROM TO: the months' received counts, a line each
    "$BIN/salix-complaints" report --from "$1" --to "$2" --quiet "$T/018.jsonl" >"$T/018.json" || exit 1
    grep -o '"month":"[0-9-]*","received":[0-9]*' "$T/018.json"
}
report 2010-01-01 2026-12-31 >"$T/018.whole"
report 2010-01-01 2018-12-31 >"$T/018.parts"
report 2019-01-01 2026-12-31 >>"$T/018.parts"
n=$(wc -l <"$T/018.whole")
[ "$n" = 204 ] || { echo "$n months, want 204"; exit 1; }
tail -1 "$T/018.whole" | grep -q '"month":"2026-12"' || { echo "the last month is not 2026-12"; exit 1; }
cmp -s "$T/018.whole" "$T/018.parts" || { diff "$T/018.whole" "$T/018.parts" | head; exit 1; }
# and the log has complaints in the months past the 120th, so the test can tell
grep -q '"month":"202[0-6]-[0-9]*","received":[1-9]' "$T/018.whole" || { echo "nothing after 2019"; exit 1; }
