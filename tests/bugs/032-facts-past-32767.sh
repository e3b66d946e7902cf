# Bug 032: an event counts its facts, and the fact index finds them, in 16 bits, and nothing
# stopped a policy declaring more facts than that: with 33,000, a refusal on the last one was
# never made (the case stayed open). The checker now refuses the 32,768th fact, and a policy
# of 32,767 decides on its last; checking such a policy is linear (it took 8 s).
# Run by tests/run.sh with BIN and T set.
policy() { # policy N: N facts, a refusal on the last
    printf 'policy many\norganisation "Many Facts"\n'
    seq "$1" | sed 's/.*/fact f& is yes\/no/'
    printf 'refuse last when f%d because "The last fact" §1\n' "$1"
    printf 'stage s1 "Stage 1":\n    entered on receipt §2\n    respond within 10 working days of receipt §3\nend\n'
}
fail=0
policy 32768 >"$T/032-over.policy"
"$BIN/redressc" check "$T/032-over.policy" >"$T/032.err" 2>&1 && { echo "32,768 facts were accepted"; fail=1; }
grep -q "^$T/032-over.policy:32770:6: error: a policy may declare at most 32767 facts; 'f32768' is one more" "$T/032.err" ||
    { echo "no error at the 32,768th fact:"; grep error "$T/032.err" | head -3; fail=1; }
policy 32767 >"$T/032.policy"
printf '{"case":"A","type":"received","date":"2024-06-03","facts":{"f32767":true}}\n' >"$T/032.jsonl"
"$BIN/redressc" run "$T/032.policy" --as-of 2024-06-10 --quiet "$T/032.jsonl" >"$T/032.out" 2>"$T/032.run.err" ||
    { echo "run failed:"; grep error "$T/032.run.err" | head -3; exit 1; }
grep -q '"status":"refused","stage":"s1","refusal":{"rule":"last"' "$T/032.out" ||
    { echo "the refusal on the last fact was not made:"; cut -c1-200 "$T/032.out"; fail=1; }
exit $fail
