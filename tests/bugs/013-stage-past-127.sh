# Bug 013: an event keeps its stage in a byte, and nothing bounded a policy's stages: with 128
# or more, the checker passed the policy, and the engine refused every event naming a stage
# from the 128th on ("names no stage of policy"), the index having wrapped negative. The
# checker now refuses the 128th stage, where it is declared; 127 still work to the last.
# Run by tests/run.sh with BIN and T set.
. tests/bugs/many-stages.inc
fail=0
stages 128 >"$T/013-128.policy"
"$BIN/redressc" check "$T/013-128.policy" >"$T/013.err" 2>&1
rc=$?
[ $rc = 1 ] || { echo "128 stages: status $rc, want 1"; fail=1; }
grep -qF "013-128.policy:511:7: error: a policy may have at most 127 stages; 's128' is one more" "$T/013.err" ||
    { echo "128 stages: not refused at the 128th"; cat "$T/013.err"; fail=1; }
stages 127 >"$T/013-127.policy"
"$BIN/redressc" check "$T/013-127.policy" || { echo "127 stages: status $?"; fail=1; }
printf '{"case":"A","type":"received","date":"2024-03-01","stage":"s127"}\n' >"$T/013.jsonl"
"$BIN/redressc" run "$T/013-127.policy" --as-of 2024-03-04 --quiet "$T/013.jsonl" >"$T/013.out" ||
    { echo "the event naming s127: status $?"; fail=1; }
grep -q '"stage":"s127"' "$T/013.out" || { echo "the case is not in s127"; cat "$T/013.out"; fail=1; }
exit $fail
