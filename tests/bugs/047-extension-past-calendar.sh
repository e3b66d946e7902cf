# Bug 047: extensions that add up past the calendar's last day (2210-12-31) left a response
# with no due date and no word why; due's worklist then printed the missing date as
# "2289-06-22" and put it first, as the soonest; and where a policy caps extensions, the cap
# was not applied to such a date, which it would have brought back into the calendar. Each
# event may extend by up to 3,650 working days; fourteen of them, 51,100 in all (about 196
# years), are past it from 2024.
# Run by tests/run.sh with BIN and T set.
{ printf '{"case":"A","type":"received","date":"2024-01-02"}\n'
  for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14; do
      printf '{"case":"A","type":"extended","date":"2024-01-03","working_days":3650}\n'
  done
} >"$T/047.jsonl"
# B: the same, and an extension until a day well inside the calendar, which moves nothing
sed 's/"case":"A"/"case":"B"/' "$T/047.jsonl" >"$T/047b.jsonl"
printf '{"case":"B","type":"extended","date":"2024-01-04","until":"2024-03-01"}\n' >>"$T/047b.jsonl"
fail=0
# Salix sets no cap (its §23): the due date is not known, and the decision says so
"$BIN/salix-complaints" eval --as-of 2024-05-20 "$T/047.jsonl" >"$T/047.out" 2>/dev/null || exit 1
grep -q '"duty":"respond","due":null,"done":null,"status":"pending"' "$T/047.out" ||
    { echo "salix: respond not pending with no due date"; fail=1; }
grep -q '"the stage1 response extended by 51100 working days in all falls after 2210-12-31, the last day the calendar holds: its due date is not known"' "$T/047.out" ||
    { echo "salix: no word why the due date is not known"; fail=1; }
# due lists it last, with no date: Salix acknowledges within 2 working days (§15), so from
# Tuesday 2024-01-02 that is due 2024-01-04
"$BIN/salix-complaints" due --as-of 2024-05-20 "$T/047.jsonl" 2>/dev/null | tail -n 2 >"$T/047.due"
sed -n 1p "$T/047.due" | grep -q '^A  *stage1  *acknowledge  *2024-01-04 overdue' &&
    sed -n 2p "$T/047.due" | grep -q '^A  *stage1  *respond  *- *pending' ||
    { echo "salix due:"; cat "$T/047.due"; fail=1; }
"$BIN/salix-complaints" due --as-of 2024-05-20 --format jsonl "$T/047.jsonl" 2>/dev/null |
    grep -q '"duty":"respond","due":null,' || { echo "salix due jsonl: not null"; fail=1; }
# The Code caps an extension at 10 working days (hoc2024, §6.4): acknowledged within 5
# working days (2024-01-09), answered 10 after that (2024-01-23, provisional: there was no
# acknowledgement), and 10 more: 2024-02-06
"$BIN/hoc2024-complaints" eval --as-of 2024-05-20 "$T/047.jsonl" 2>/dev/null |
    grep -q '"duty":"respond","due":"2024-02-06",' || { echo "hoc2024: not capped"; fail=1; }
"$BIN/salix-complaints" eval --as-of 2024-05-20 "$T/047b.jsonl" >"$T/047b.out" 2>/dev/null || exit 1
grep -q '"duty":"respond","due":null,' "$T/047b.out" && grep -q 'falls after 2210-12-31' "$T/047b.out" ||
    { echo "salix B: not past the calendar"; fail=1; }
grep -q 'which stands' "$T/047b.out" && { echo "salix B: a due date said to stand"; fail=1; }
exit $fail
