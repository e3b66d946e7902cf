# Bug 040: files as Windows Notepad saves them. A policy saved as UTF-8 with a byte order mark
# failed on its first byte ("unexpected character" shown as nothing, as the mark is
# invisible); a policy saved as "Unicode" (UTF-16) gave an error for every other byte; and a
# document saved so was read without a word of complaint, its every figure missed (Salix's
# policy against its own document: 40 findings). The mark is now stepped over, as the engines
# step over one in logs (bug 021), and fmt writes the file without it; UTF-16 is refused once,
# saying so.
# Run by tests/run.sh with BIN and T set.
fail=0
{ printf '\357\273\277'; cat policies/salix.policy; } >"$T/040-bom.policy"
"$BIN/redressc" check "$T/040-bom.policy" >"$T/040.out" 2>&1 || { echo "BOM:"; cat "$T/040.out"; fail=1; }
"$BIN/redressc" fmt "$T/040-bom.policy" | cmp -s - policies/salix.policy ||
    { echo "fmt did not write the policy without its mark"; fail=1; }
"$BIN/redressc" fmt --check "$T/040-bom.policy" >"$T/040.out" 2>&1
[ $? = 1 ] && grep -q "040-bom.policy:1: not laid out" "$T/040.out" ||
    { echo "fmt --check passed a file with a mark fmt would not write:"; cat "$T/040.out"; fail=1; }
iconv -f UTF-8 -t UTF-16 policies/salix.policy >"$T/040-u16.policy"
"$BIN/redressc" check "$T/040-u16.policy" >"$T/040.out" 2>&1
rc=$?
[ $rc = 1 ] && [ "$(wc -l <"$T/040.out")" = 2 ] &&
    grep -q "040-u16.policy:1:1: error: the file is UTF-16 (it begins with a UTF-16 byte order mark), where a policy is UTF-8; save it as UTF-8" "$T/040.out" ||
    { echo "UTF-16 policy, status $rc:"; head -5 "$T/040.out"; fail=1; }
iconv -f UTF-8 -t UTF-16 ../shared/published/salix.txt >"$T/040-u16.txt"
"$BIN/redressc" audit policies/salix.policy --document "$T/040-u16.txt" >"$T/040.out" 2>&1
rc=$?
[ $rc = 2 ] && grep -q "040-u16.txt is UTF-16 (it begins with a UTF-16 byte order mark), where a document is read as UTF-8; save it as UTF-8" "$T/040.out" ||
    { echo "UTF-16 document, status $rc:"; tail -2 "$T/040.out"; fail=1; }
exit $fail
