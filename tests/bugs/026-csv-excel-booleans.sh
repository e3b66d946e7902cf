# Bug 026: Excel writes a CSV's booleans as TRUE and FALSE, and the reader took only true,
# false, yes and no in lower case: every such event was refused ("must be true or false, not
# \"TRUE\""), an anonymous complaint among them. A CSV boolean's word is now read in any case;
# JSON's true and false are JSON's, as before.
# Run by tests/run.sh with BIN and T set.
printf 'case,type,date,facts.anonymous\r\nA,received,2024-05-01,TRUE\r\nB,received,2024-05-01,Yes\r\nC,received,2024-05-01,FALSE\r\n' >"$T/026.csv"
"$BIN/salix-complaints" eval --as-of 2024-05-20 --quiet "$T/026.csv" >"$T/026.out" || { echo "status $?"; exit 1; }
fail=0
for c in A:refused B:refused C:open; do # Salix refuses an anonymous complaint (§10)
    grep -q "^{\"case\":\"${c%:*}\",\"policy\":\"salix\",\"as_of\":\"2024-05-20\",\"status\":\"${c#*:}\"" "$T/026.out" ||
        { echo "${c%:*} is not ${c#*:}"; fail=1; }
done
printf '{"case":"D","type":"received","date":"2024-05-01","facts":{"anonymous":TRUE}}\n' >"$T/026.jsonl"
"$BIN/salix-complaints" eval --as-of 2024-05-20 "$T/026.jsonl" >/dev/null 2>&1
[ $? = 1 ] || { echo "JSON's TRUE was taken"; fail=1; }
exit $fail
