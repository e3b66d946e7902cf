# Bug 008: output that could not be written (a full disk) was lost without a word, and the run
# still ended with status 0, so a truncated file of decisions passed for a whole one. Every
# command line now ends with status 2 and says so. Run by tests/run.sh with BIN and T set.
fail=0
full() { # WHO COMMAND...: with standard output a full device, status 2 and WHO's message
    who=$1
    shift
    "$@" >/dev/full 2>"$T/008.err"
    rc=$?
    if [ "$rc" != 2 ] || ! grep -q "^$who: error: cannot write the output" "$T/008.err"; then
        echo "$*: status $rc"
        cat "$T/008.err"
        fail=1
    fi
}
log=examples/salix-events.jsonl
full salix-complaints "$BIN/salix-complaints" eval --as-of 2024-05-20 "$log"
full salix-complaints "$BIN/salix-complaints" eval --format table --as-of 2024-05-20 "$log"
full salix-complaints "$BIN/salix-complaints" due --as-of 2024-05-20 "$log"
full salix-complaints "$BIN/salix-complaints" report --from 2024-01-01 --to 2024-05-20 "$log"
full salix-complaints "$BIN/salix-complaints" explain
full redressc "$BIN/redressc" emit-c policies/salix.policy
full redressc "$BIN/redressc" gen policies/salix.policy --cases 10
full redressc "$BIN/redressc" run policies/salix.policy --as-of 2024-05-20 "$log"
full redressc "$BIN/redressc" render policies/salix.policy --format html
full redressc "$BIN/redressc" graph policies/salix.policy
full redressc "$BIN/redressc" fmt policies/salix.policy
for cmd in emit-c render graph fmt; do
    "$BIN/redressc" $cmd policies/salix.policy -o /dev/full 2>"$T/008.err"
    rc=$?
    if [ "$rc" != 2 ] || ! grep -q "^redressc: error: cannot write /dev/full" "$T/008.err"; then
        echo "$cmd -o /dev/full: status $rc"
        fail=1
    fi
done
exit $fail
