# Bug 016: redressc audit read a document's figures into a table of 512 and stopped there, so a
# longer document's later figures went unchecked, and their findings unsaid: an auditor was
# told of 511 unencoded figures where there were 600. (A paragraph's figures, read to check a
# rule's, stopped at 128 the same way, and a citation's paragraphs at 16.) The figures are now
# read in rounds until none is left.
# Run by tests/run.sh with BIN and T set.
{
    printf '1. Complaints\nMany Figures responds to a complaint within 10 working days of receiving it.\n\n'
    printf '2. Other matters\n'
    printf 'Item %d is done within 3 days.\n' $(seq 600)
} >"$T/016.txt"
printf 'policy many\norganisation "Many Figures"\nstage s1 "Stage 1":\n    entered on receipt §1\n    respond within 10 working days of receipt §1\nend\n' >"$T/016.policy"
"$BIN/redressc" audit "$T/016.policy" --document "$T/016.txt" >"$T/016.out"
rc=$?
[ $rc = 1 ] || { echo "status $rc, want 1 (findings)"; exit 1; }
# the one figure of §1 is encoded; each of §2's 600 is not
n=$(grep -c "'3 days' (3 days) is not encoded" "$T/016.out")
[ "$n" = 600 ] || { echo "$n unencoded figures found, want 600"; exit 1; }
grep -qx '600 findings' "$T/016.out" || { tail -1 "$T/016.out"; exit 1; }
grep -qF "016.txt:604:25 (§2): '3 days'" "$T/016.out" || { echo "the last figure, on line 604, is not named"; exit 1; }
