# Bug 031: redressc diff put each item's value together in 2,048 bytes, so two refusals whose
# conditions differ only past that (a long list of facts) were called the same, and the
# auditor was told nothing had changed. Values are now compared whole. And the condition was
# written with a pair of brackets for each "and", 79 deep; a run of one operator has none.
# Run by tests/run.sh with BIN and T set.
policy() { # policy LAST: a refusal of 80 long-named facts, the last one LAST
    printf 'policy long\norganisation "Long Conditions"\n'
    seq 81 | sed 's/.*/fact a_fact_with_a_rather_long_name_& is yes\/no/'
    printf 'refuse long when '
    seq 79 | sed 's/.*/a_fact_with_a_rather_long_name_&/' | paste -sd' ' - | sed 's/ / and /g' | tr -d '\n'
    printf ' and a_fact_with_a_rather_long_name_%s because "Long" §1\n' "$1"
    printf 'stage s1 "Stage 1":\n    entered on receipt §2\n    respond within 10 working days of receipt §3\nend\n'
}
policy 80 >"$T/031-old.policy"
policy 81 >"$T/031-new.policy"
"$BIN/redressc" check "$T/031-old.policy" >"$T/031.err" 2>&1 || { cat "$T/031.err"; exit 1; }
"$BIN/redressc" diff "$T/031-old.policy" "$T/031-new.policy" >"$T/031.out" 2>&1
grep -q "^changed  refusal long: .*_80); reason Long" "$T/031.out" &&
    grep -q "^  *-> .*_81); reason Long" "$T/031.out" ||
    { echo "the changed condition was not reported:"; cat "$T/031.out"; exit 1; }
grep -q '((' "$T/031.out" && { echo "brackets within a run of and:"; cat "$T/031.out"; exit 1; }
exit 0
