# Bug 042: an "extended" event until a day on or before the response was due changes nothing,
# as SPEC §3's deadlines go, but the decision said only that the response was "extended ...
# until" that day, and a reader took the earlier day for the new deadline. The decision now
# says the due date stands, and which it is; an extension that does move it says nothing more.
# Run by tests/run.sh with BIN and T set.
{ printf '{"case":"A","type":"received","date":"2024-06-03","stage":"stage1"}\n'
  printf '{"case":"A","type":"extended","date":"2024-06-04","until":"2024-06-10"}\n'
  printf '{"case":"B","type":"received","date":"2024-06-03","stage":"stage1"}\n'
  printf '{"case":"B","type":"extended","date":"2024-06-04","until":"2024-06-20"}\n'
  # past the limit of 10 working days, counted up to it (2024-07-01), and until days either side
  printf '{"case":"C","type":"received","date":"2024-06-03","stage":"stage1"}\n'
  printf '{"case":"C","type":"extended","date":"2024-06-04","working_days":15}\n'
  printf '{"case":"C","type":"extended","date":"2024-06-05","until":"2024-06-28"}\n'
  printf '{"case":"D","type":"received","date":"2024-06-03","stage":"stage1"}\n'
  printf '{"case":"D","type":"extended","date":"2024-06-04","working_days":15}\n'
  printf '{"case":"D","type":"extended","date":"2024-06-05","until":"2024-07-05"}\n'
} >"$T/042.jsonl"
"$BIN/greatwell-complaints" eval --as-of 2024-06-12 --quiet "$T/042.jsonl" >"$T/042.out" || exit 1
fail=0
# Greatwell's stage 1 response is due 10 working days after it was logged: 2024-06-17
grep '^{"case":"A"' "$T/042.out" | grep -q '"due":"2024-06-17".*"the stage1 response extension until 2024-06-10 is not past its due date, 2024-06-17, which stands"' ||
    { echo "A: no word that the due date stands"; grep '^{"case":"A"' "$T/042.out"; fail=1; }
grep '^{"case":"B"' "$T/042.out" | grep -q '"due":"2024-06-20"' ||
    { echo "B: the extension did not move the due date"; fail=1; }
grep '^{"case":"B"' "$T/042.out" | grep -q 'which stands' && { echo "B: said to stand"; fail=1; }
# the date that stands is the due date after the limit, and an until cut back by the limit
# too moved nothing that stands
grep '^{"case":"C"' "$T/042.out" | grep -q '"due":"2024-07-01".*"the stage1 response extension until 2024-06-28 is not past its due date, 2024-07-01, which stands"' ||
    { echo "C: not the due date after the limit"; grep '^{"case":"C"' "$T/042.out"; fail=1; }
grep '^{"case":"D"' "$T/042.out" | grep -q 'which stands' && { echo "D: said to stand"; fail=1; }
exit $fail
