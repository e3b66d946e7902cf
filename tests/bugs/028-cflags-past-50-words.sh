# Bug 028: redressc build put the compiler's command line in a table of 64 and dropped, unsaid,
# every REDRESS_CFLAGS word past about the 50th (and every extern library past the room left),
# so a build could go on without the flags it was asked for. The table is now as long as the
# line. Here the 61st word is one the compiler refuses: the build must fail on it.
# Run by tests/run.sh with BIN and T set (and REDRESS_INCLUDE, REDRESS_LIB as make check sets).
words=$(seq 60 | sed 's/^/-DREDRESS_UNUSED_/' | paste -sd' ' -)
REDRESS_CFLAGS="$REDRESS_CFLAGS $words --no-such-option-028" \
    "$BIN/redressc" build policies/salix.policy -o "$T/028-complaints" >"$T/028.out" 2>&1
rc=$?
[ $rc = 1 ] || { echo "status $rc, want 1: the last word did not reach the compiler"; exit 1; }
grep -q 'no-such-option-028' "$T/028.out" && grep -q 'redressc: error: the C compiler failed' "$T/028.out" ||
    { cat "$T/028.out"; exit 1; }
# and the same words without the bad one build
REDRESS_CFLAGS="$REDRESS_CFLAGS $words" "$BIN/redressc" build policies/salix.policy -o "$T/028-complaints" ||
    { echo "the 60 good words did not build"; exit 1; }
