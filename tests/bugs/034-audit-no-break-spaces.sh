# Bug 034: a document saved from a word processor has no-break spaces where a number meets
# its unit ("10 working days", "6.17 Text"), and audit then found neither the figures nor the
# paragraphs: Salix's policy had 6 findings against its own document written so, Southway's
# 40. A no-break space is now a blank like any other, and a run of blanks is one; every seed
# policy gives the same findings against its document with them as without.
# Run by tests/run.sh with BIN and T set.
. tests/bugs/audit-same.inc
same_for_all 034 "with no-break spaces" \
    sed 's/\([0-9]\) /\1\xc2\xa0/g; s/working days/working\xc2\xa0days/g; s/within /within\xc2\xa0/g'
