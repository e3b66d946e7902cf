# Bug 045: running out of memory inside the library's feed, end or decide ended the program
# the library was linked into (status 3), as it ends an engine's command line. Now each call
# returns -1 and the engine, spent, is fit only to be freed, which frees everything. For
# every seed policy, tests/unit/test-alloc.c is built with the policy's own C and makes each
# allocation of a run fail in turn: the library's calls, and eval's (which ends cleanly).
# Run by tests/run.sh with BIN and T set, and REDRESS_LIB and REDRESS_CFLAGS (the runtime
# as make built it, and its sanitizers).
mkdir -p "$T/045"
"$BIN/redressc" gen policies/hhal.policy --cases 60 --seed 45 >"$T/045/hhal-gen.jsonl" || exit 1
status=0
for p in policies/*.policy; do
    name=$(basename "$p" .policy)
    "$BIN/redressc" emit-c "$p" -o "$T/045/$name.c" || exit 1
    cc -std=c11 -Wall -Wextra -pedantic -Werror -O1 $REDRESS_CFLAGS -Iruntime -Itests/unit \
        -DREDRESS_POLICY_C="\"$T/045/$name.c\"" tests/unit/test-alloc.c "$REDRESS_LIB" \
        -o "$T/045/$name" || exit 1
    logs="examples/$name-events.jsonl"
    [ "$name" = salix ] && logs="$logs examples/salix-events.csv"
    [ "$name" = hhal ] && logs="$logs $T/045/hhal-gen.jsonl"
    for log in $logs; do
        out=$("$T/045/$name" "$log") || { echo "$name $log:"; echo "$out" | grep -v '^alloc:'; status=1; }
    done
done
exit $status
