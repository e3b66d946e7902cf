# Bug 044: a case whose every line was refused (a bad date, an unknown type, a bad fact) was
# decided ("nothing to evaluate") when the log was read grouped, and left out when it was
# read interleaved, through the library, or from a pipe held whole: the same log gave
# different cases by how it was read. Read interleaved, such a case is now made when its line
# is refused, in its place, as a grouped reading makes it; a line that is not JSON at all
# names no case either way. The cases listed are now the same every way.
# Run by tests/run.sh with BIN and T set.
e="$BIN/salix-complaints"
log=tests/e2e/salix-malformed.jsonl
ids() { grep -o '^{"case":"[^"]*"' | sort; }
"$e" eval --as-of 2024-05-20 "$log" 2>/dev/null | ids >"$T/044-file"
"$e" eval --as-of 2024-05-20 --grouped "$log" 2>/dev/null | ids >"$T/044-grouped"
TMPDIR=/nonexistent "$e" eval --as-of 2024-05-20 <"$log" 2>/dev/null | ids >"$T/044-pipe"
fail=0
grep -q '"M-3"' "$T/044-file" || { echo "M-3 (a bad date, its only line) is not listed"; fail=1; }
cmp -s "$T/044-file" "$T/044-grouped" || { echo "interleaved and grouped differ:"; diff "$T/044-file" "$T/044-grouped"; fail=1; }
cmp -s "$T/044-file" "$T/044-pipe" || { echo "a file and a pipe held whole differ:"; diff "$T/044-file" "$T/044-pipe"; fail=1; }
exit $fail
