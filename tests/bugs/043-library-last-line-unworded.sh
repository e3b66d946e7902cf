# Bug 043: the library read a log's last line, when no newline ended it, only in decide, which
# has no way to give an error: a bad last line was counted in no feed's return and worded
# nowhere (docs/library.md said so, and to end the last feed with a newline). NAME_engine_end
# now reads that line and words its rejection, as feed does for every other line.
# Run by tests/run.sh with BIN and T set (and SAN as make check sets it).
mkdir -p "$T/043"
"$BIN/redressc" build policies/salix.policy --library -o "$T/043" || exit 1
cc -std=c11 -Wall -Wextra -pedantic -Werror $SAN -I"$T/043" tests/unit/feed-end.c \
    -L"$T/043" -lsalix -Wl,-rpath,"$T/043" -o "$T/043/end" || exit 1
"$T/043/end"
