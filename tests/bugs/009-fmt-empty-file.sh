# Bug 009: redressc fmt on a file with no tokens (empty, blank, or a comment alone) compared two
# empty token lists with memcmp on null pointers, undefined behaviour that UBSan stops on
# (make check-sanitize). It now lays them out: nothing, nothing, and the comment alone. The first
# mend left one more: finding a line's first word offset a null buffer on a comment alone,
# which clang's UBSan reports (make fuzz FUZZ=fmt found it) and GCC's does not check.
# Run by tests/run.sh with BIN and T set.
printf '' >"$T/009-empty.policy"
printf '\n \t\n\n' >"$T/009-blank.policy"
printf '  # alone\t' >"$T/009-comment.policy"
fail=0
for f in empty blank comment; do
    "$BIN/redressc" fmt "$T/009-$f.policy" >"$T/009.out" || { echo "$f: status $?"; fail=1; }
done
[ -z "$("$BIN/redressc" fmt "$T/009-blank.policy")" ] || { echo "blank lines were kept"; fail=1; }
[ "$("$BIN/redressc" fmt "$T/009-comment.policy")" = "# alone" ] || { echo "the comment changed"; fail=1; }
"$BIN/redressc" fmt --check "$T/009-empty.policy" || { echo "--check on an empty file"; fail=1; }
"$BIN/redressc" fmt "$T/009-comment.policy" -o "$T/009-comment.policy" &&
    [ "$(cat "$T/009-comment.policy")" = "# alone" ] || { echo "in place"; fail=1; }
exit $fail
