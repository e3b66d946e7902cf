# Bug 033: a document made from a PDF by pdftotext begins each page with a form feed, and a
# numbered paragraph at the top of a page was then not found: Sedgemoor's policy, audited
# against its own document with a page break before "3. Scope of the Policy", had a finding
# that §3 names no paragraph. A form feed is now a blank, as a space is; every seed policy
# gives the same findings against its document paged every 40 lines as against it whole.
# Run by tests/run.sh with BIN and T set.
fail=0
for p in greatwell hhal salix sedgemoor southway; do
    doc=../shared/published/$p.txt
    awk 'NR % 40 == 0 { printf "\f" } { print }' "$doc" >"$T/033-$p.txt"
    "$BIN/redressc" audit policies/$p.policy --document "$doc" 2>&1 | tail -1 >"$T/033-whole"
    "$BIN/redressc" audit policies/$p.policy --document "$T/033-$p.txt" 2>&1 | tail -1 >"$T/033-paged"
    cmp -s "$T/033-whole" "$T/033-paged" ||
        { echo "$p: $(cat "$T/033-whole") whole, but $(cat "$T/033-paged") in pages"; fail=1; }
done
exit $fail
