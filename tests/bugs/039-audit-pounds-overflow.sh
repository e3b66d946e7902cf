# Bug 039 (found by tools/fuzz.sh audit): an amount of money in a document was read into a
# 64-bit count of pounds however many digits it had, and "£" followed by 19 or more digits
# overflowed it (undefined behaviour; check-sanitize stops on it). An amount of a trillion
# pounds or more is now no figure, as a number of ten digits or more is none.
# Run by tests/run.sh with BIN and T set.
{ cat ../shared/published/sedgemoor.txt
  printf 'An award of \302\2431111111111111111111111111 would be absurd, as would \302\24399999999999999999999.99.\n'
} >"$T/039.txt"
"$BIN/redressc" audit policies/sedgemoor.policy --document "$T/039.txt" >"$T/039.out" 2>&1
rc=$?
[ $rc -le 1 ] || { echo "status $rc"; cat "$T/039.out"; exit 1; }
grep -q "runtime error" "$T/039.out" && { grep "runtime error" "$T/039.out"; exit 1; }
# the same findings as the document without the sentence: neither amount is a figure
"$BIN/redressc" audit policies/sedgemoor.policy --document ../shared/published/sedgemoor.txt 2>&1 |
    tail -1 >"$T/039.plain"
tail -1 "$T/039.out" | cmp -s - "$T/039.plain" || { echo "findings differ:"; cat "$T/039.out"; exit 1; }
