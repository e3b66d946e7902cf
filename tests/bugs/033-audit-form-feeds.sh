# Bug 033: a document made from a PDF by pdftotext begins each page with a form feed, and a
# numbered paragraph at the top of a page was then not found: Sedgemoor's policy, audited
# against its own document with a page break before "3. Scope of the Policy", had a finding
# that §3 names no paragraph. A form feed is now a blank, as a space is; every seed policy
# gives the same findings against its document paged every 40 lines as against it whole.
# Run by tests/run.sh with BIN and T set.
. tests/bugs/audit-same.inc
same_for_all 033 "in pages" awk 'NR % 40 == 0 { printf "\f" } { print }'
