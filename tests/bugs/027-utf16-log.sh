# Bug 027: a log saved as UTF-16 (Windows PowerShell's > writes it so) had every line refused
# as invalid JSON, one error a line, with no word of why. It is now named once as UTF-16, by
# its byte order mark (never valid UTF-8), with status 2, however it is read.
# Run by tests/run.sh with BIN and T set.
e="$BIN/salix-complaints"
fail=0
for order in UTF-16LE UTF-16BE; do
    { if [ $order = UTF-16LE ]; then printf '\377\376'; else printf '\376\377'; fi
      iconv -f UTF-8 -t $order examples/salix-events.jsonl; } >"$T/027.jsonl" || exit 1
    for how in file grouped-file pipe grouped-pipe; do
        case $how in
        file) "$e" eval --as-of 2024-05-20 "$T/027.jsonl" ;;
        grouped-file) "$e" eval --grouped --as-of 2024-05-20 "$T/027.jsonl" ;;
        pipe) cat "$T/027.jsonl" | "$e" eval --as-of 2024-05-20 ;;
        grouped-pipe) cat "$T/027.jsonl" | "$e" eval --grouped --as-of 2024-05-20 ;;
        esac >"$T/027.out" 2>"$T/027.err"
        rc=$?
        [ $rc = 2 ] || { echo "$order, $how: status $rc"; fail=1; }
        [ -s "$T/027.out" ] && { echo "$order, $how: decisions written"; fail=1; }
        [ "$(grep -c 'error: .* is UTF-16 (it begins with a UTF-16 byte order mark), where an event log is UTF-8; save it as UTF-8' "$T/027.err")" = 1 ] &&
            ! grep -q 'invalid JSON' "$T/027.err" || { echo "$order, $how:"; head -3 "$T/027.err"; fail=1; }
    done
done
exit $fail
