# Bug 050: every log file given stayed open while the engine ran, so a folder of more daily
# exports than the process may open files (Linux allows 1,024 by default) could not be read:
# "cannot open ...: Too many open files", status 2, nothing decided. A file is now closed as
# soon as it is mapped. Here 300 files, each one case received on 2024-05-01, are read with
# 64 files allowed, in each reading mode; Salix acknowledges within 2 working days (§15).
# Run by tests/run.sh with BIN and T set.
mkdir -p "$T/050"
i=0
while [ $i -lt 300 ]; do
    i=$((i + 1))
    printf '{"case":"C-%d","type":"received","date":"2024-05-01"}\n' $i >"$T/050/day-$i.jsonl"
done
fail=0
for mode in "" --grouped; do
    (ulimit -n 64 && "$BIN/salix-complaints" eval $mode --as-of 2024-05-20 "$T"/050/day-*.jsonl) \
        >"$T/050.out" 2>"$T/050.err"
    rc=$?
    n=$(grep -c '"duty":"acknowledge","due":"2024-05-03"' "$T/050.out")
    [ $rc = 0 ] && [ "$n" = 300 ] || { echo "eval $mode: status $rc, $n of 300 cases"; head -3 "$T/050.err"; fail=1; }
done
(ulimit -n 64 && "$BIN/salix-complaints" due --as-of 2024-05-20 --format csv "$T"/050/day-*.jsonl) \
    >"$T/050.due" 2>/dev/null || { echo "due: status $?"; fail=1; }
[ "$(grep -c ',acknowledge,2024-05-03,overdue,' "$T/050.due")" = 300 ] || { echo "due: not 300 rows"; fail=1; }
exit $fail
