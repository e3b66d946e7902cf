# Bug 012: redressc build ran the engine it had just built, for its scenarios, by the name -o gave
# it (NAME-complaints by default), and a name without a slash is looked for on PATH. So
# `redressc build salix.policy` in a folder failed ("cannot run salix-complaints"); and where
# PATH held a program of that name, it was run in the new engine's place, so a scenario that
# fails went unseen and the engine was kept. The engine is now run as ./NAME.
# Run by tests/run.sh with BIN and T set.
top=$(pwd)
case $BIN in /*) bin=$BIN ;; *) bin=$top/$BIN ;; esac
# the builds below run in other folders: the runtime the Makefile names, by a path from here
case ${REDRESS_INCLUDE:-/} in /*) ;; *) REDRESS_INCLUDE=$top/$REDRESS_INCLUDE ;; esac
case ${REDRESS_LIB:-/} in /*) ;; *) REDRESS_LIB=$top/$REDRESS_LIB ;; esac
d=$T/012
mkdir -p "$d/fake" "$d/ok" "$d/wrong"
# Salix's own scenario for the Thursday before Easter, made to expect the wrong day.
sed 's/expect stage1 acknowledge due 2024-04-03 pending/expect stage1 acknowledge due 2024-04-04 pending/' \
    policies/salix.policy >"$d/wrong/salix.policy"
cmp -s policies/salix.policy "$d/wrong/salix.policy" && { echo "the scenario was not changed"; exit 1; }
printf '#!/bin/sh\nexit 0\n' >"$d/fake/salix-complaints"
chmod +x "$d/fake/salix-complaints"
fail=0
(cd "$d/wrong" && PATH="$d/fake:$PATH" "$bin/redressc" build salix.policy 2>"$d/wrong.err")
rc=$?
[ $rc = 1 ] || { echo "a failing scenario, a program of the engine's name on PATH: status $rc, want 1"; fail=1; }
[ -e "$d/wrong/salix-complaints" ] && { echo "the engine whose scenario fails was kept"; fail=1; }
grep -q "scenarios failed" "$d/wrong.err" || { echo "no word of the failing scenario"; cat "$d/wrong.err"; fail=1; }
cp policies/salix.policy "$d/ok/"
(cd "$d/ok" && PATH="$d/fake:$PATH" "$bin/redressc" build salix.policy -o engine) ||
    { echo "-o with a bare name: status $?"; fail=1; }
(cd "$d/ok" && "$bin/redressc" build salix.policy) || { echo "the default name: status $?"; fail=1; }
for e in engine salix-complaints; do
    [ -x "$d/ok/$e" ] && "$d/ok/$e" test >/dev/null || { echo "$e: not built, or its scenarios fail"; fail=1; }
done
exit $fail
