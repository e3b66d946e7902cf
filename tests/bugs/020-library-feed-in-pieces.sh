# Bug 020: the library read each feed as a whole file. A line split between two feeds was two
# broken lines, both rejected; and a CSV log's header was forgotten at the end of each feed,
# so the next feed's records were read as JSON and rejected: "feed as often as you like"
# held only for feeds of whole JSON lines. A feed now goes on from the last: its partial last
# line waits for the next (or for decide), and a CSV header and an open quoted field carry on.
# A log fed in pieces of 1, 7, 64 and 100000 bytes must give the lines eval prints for it.
# Run by tests/run.sh with BIN and T set (and SAN as make check sets it).
mkdir -p "$T/020"
"$BIN/redressc" build policies/salix.policy --library -o "$T/020" || exit 1
cc -std=c11 -Wall -Wextra -pedantic -Werror $SAN -I"$T/020" tests/unit/feed-in-pieces.c \
    -L"$T/020" -lsalix -Wl,-rpath,"$T/020" -o "$T/020/pieces" || exit 1
sed 's/[^,]*/"&"/g' examples/salix-events.csv >"$T/020/quoted.csv"
# every fifth record with a reason over two lines, and every line ended with CRLF
awk -F, -v OFS=, 'NR > 1 && NR % 5 == 0 { $12 = "\"first line\nsecond, \"\"quoted\"\" line\"" } { print }' \
    examples/salix-events.csv | sed 's/$/\r/' >"$T/020/lines.csv"
grep -q '^second, ""quoted"" line"' "$T/020/lines.csv" || { echo "no record over two lines"; exit 1; }
for log in examples/salix-events.jsonl examples/salix-events.csv "$T/020/quoted.csv" "$T/020/lines.csv"; do
    "$BIN/salix-complaints" eval --as-of 2024-05-20 "$log" >"$T/020/whole.json" 2>/dev/null
    for n in 1 7 64 100000; do
        "$T/020/pieces" 2024-05-20 "$log" $n >"$T/020/pieces.json" ||
            { echo "$log in pieces of $n: status $?"; exit 1; }
        cmp -s "$T/020/whole.json" "$T/020/pieces.json" || { echo "$log in pieces of $n differs"; exit 1; }
    done
done
