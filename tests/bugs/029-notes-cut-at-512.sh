# Bug 029: a decision's note was put together in 512 bytes and cut there, so a reason given
# in the log (an extension's, a refused escalation's: the officer's own words, of any length)
# lost its end without a word, and a cut inside a UTF-8 sequence was written as U+FFFD; and
# the note that lists what a response left out was cut at 400 bytes, naming only the first
# elements. Notes are now whole, however long.
# Run by tests/run.sh with BIN and T set.
fail=0
long=$(printf 'x%.0s' $(seq 600))
accents=$(printf '\303\251%.0s' $(seq 300))
{ printf '{"case":"A","type":"received","date":"2024-06-03","stage":"stage1"}\n'
  printf '{"case":"A","type":"acknowledged","date":"2024-06-04"}\n'
  printf '{"case":"A","type":"extended","date":"2024-06-05","working_days":5,"reason":"Weill %s"}\n' "$accents"
  printf '{"case":"A","type":"responded","date":"2024-06-10","outcome":"upheld"}\n'
  printf '{"case":"A","type":"escalation_requested","date":"2024-06-11"}\n'
  printf '{"case":"A","type":"escalation_refused","date":"2024-06-12","reason":"%sEND"}\n' "$long"
} >"$T/029.jsonl"
"$BIN/greatwell-complaints" eval --as-of 2024-07-01 --quiet "$T/029.jsonl" >"$T/029.out" ||
    { echo "status $?"; exit 1; }
grep -q "Weill $accents\"" "$T/029.out" || { echo "the extension's reason was cut"; fail=1; }
grep -q "ufffd" "$T/029.out" && { echo "a UTF-8 sequence was cut"; fail=1; }
grep -q "refused on 2024-06-12: ${long}END\"" "$T/029.out" ||
    { echo "the refusal's reason was cut"; fail=1; }
# a response that gives none of 40 elements with long names: all 40 are named
{ printf 'policy many\norganisation "Many Elements"\noutcomes: upheld, not_upheld §1\n'
  printf 'stage s1 "Stage 1":\n    entered on receipt §2\n    respond within 10 working days of receipt §3\n'
  printf '    response includes: '
  seq 40 | sed 's/.*/an_element_with_a_long_name_number_&/' | paste -sd, - | sed 's/,/, /g'
  printf ' §4\nend\n'
} >"$T/029.policy"
printf '{"case":"B","type":"received","date":"2024-06-03"}\n{"case":"B","type":"responded","date":"2024-06-10","outcome":"upheld","includes":[]}\n' >"$T/029b.jsonl"
"$BIN/redressc" run "$T/029.policy" --as-of 2024-07-01 --quiet "$T/029b.jsonl" >"$T/029b.out" 2>&1 ||
    { cat "$T/029b.out"; exit 1; }
grep -q "left out an_element_with_a_long_name_number_1, .*_number_39, an_element_with_a_long_name_number_40 (" "$T/029b.out" ||
    { echo "the elements left out were not all named:"; cat "$T/029b.out"; fail=1; }
exit $fail
