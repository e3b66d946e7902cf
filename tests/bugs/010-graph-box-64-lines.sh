# Bug 010: redressc graph kept a box's lines in an array of 64, so a policy with more grounds of
# refusal (or duties in a stage) than that lost the rest from its drawing without a word. A box
# now holds every line. A policy with 70 grounds: all 70 in the graph's box and on the card.
# Run by tests/run.sh with BIN and T set.
{
    echo 'policy many'
    echo 'organisation "Many Grounds Homes"'
    echo 'fact f is yes/no'
    i=0
    while [ $i -lt 70 ]; do
        echo "refuse g$i when f because \"G$i\" §$i"
        i=$((i + 1))
    done
    echo 'stage s1 "One":'
    echo '    entered on receipt §1'
    echo '    respond within 10 working days of receipt §2'
    echo 'end'
} >"$T/010.policy"
"$BIN/redressc" graph "$T/010.policy" >"$T/010.dot" 2>/dev/null || exit 1
"$BIN/redressc" render "$T/010.policy" >"$T/010.md" 2>/dev/null || exit 1
grep -q 'g0 (§0)\\lg1 (§1)' "$T/010.dot" && grep -q 'g69 (§69)\\l' "$T/010.dot" ||
    { echo "the graph lost grounds"; exit 1; }
[ "$(grep -c '^- `g[0-9]*`: refused when f' "$T/010.md")" = 70 ] || { echo "the card lost grounds"; exit 1; }
