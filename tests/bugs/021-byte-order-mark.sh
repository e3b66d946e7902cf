# Bug 021: a log whose file began with a UTF-8 byte order mark, as Excel's "CSV UTF-8" writes
# one before the header, had every line rejected ("invalid JSON at column 1"): the header, BOM
# and all, was not taken for CSV. Every reader now steps over a BOM at the start of a file:
# mapped and streamed, with --grouped and without, in the marking pass, and the library's
# feeds. Each way, a log with a BOM must give what the same log gives without one.
# Run by tests/run.sh with BIN and T set (and SAN as make check sets it).
e="$BIN/salix-complaints"
run() { # run HOW LOG...: the engine on the logs, read that way
    how=$1
    shift
    case $how in
    file) "$e" eval --as-of 2024-05-20 "$@" ;;
    grouped-file) "$e" eval --grouped --as-of 2024-05-20 "$@" ;;
    pipe) cat "$@" | "$e" eval --as-of 2024-05-20 ;;
    grouped-pipe) cat "$@" | "$e" eval --grouped --as-of 2024-05-20 ;;
    interpreter) "$BIN/redressc" run policies/salix.policy --as-of 2024-05-20 "$@" ;;
    esac 2>&1 | sed "s|^$log:|LOG:|; s|^$bom:|LOG:|" # errors name the file: both as LOG
}
fail=0
for log in examples/salix-events.jsonl examples/salix-events.csv tests/unit/window.jsonl; do
    bom="$T/021-bom.${log##*.}"
    printf '\357\273\277' | cat - "$log" >"$bom"
    for how in file grouped-file pipe grouped-pipe interpreter; do
        run $how "$log" >"$T/021.want"
        run $how "$bom" >"$T/021.got"
        cmp -s "$T/021.want" "$T/021.got" || { echo "$log, $how:"; diff "$T/021.want" "$T/021.got" | head -5; fail=1; }
    done
    run file "$bom" "$bom" >"$T/021.got" # a mark at the start of each file
    run file "$log" "$log" | cmp -s - "$T/021.got" || { echo "$log, twice: differs"; fail=1; }
done
# the library, fed a byte at a time (the mark split over three feeds)
mkdir -p "$T/021"
"$BIN/redressc" build policies/salix.policy --library -o "$T/021" &&
    cc -std=c11 -Wall -Wextra -pedantic -Werror $SAN -I"$T/021" tests/unit/feed-in-pieces.c \
        -L"$T/021" -lsalix -Wl,-rpath,"$T/021" -o "$T/021/pieces" || exit 1
printf '\357\273\277' | cat - examples/salix-events.csv >"$T/021-bom.csv"
"$T/021/pieces" 2024-05-20 "$T/021-bom.csv" 1 >"$T/021.got" &&
    "$e" eval --as-of 2024-05-20 examples/salix-events.csv 2>/dev/null | cmp -s - "$T/021.got" ||
    { echo "the library, fed a byte at a time: differs"; fail=1; }
exit $fail
