# Bug 054: eval's and due's CSV wrote a case id as the log gave it, so an id beginning as a
# formula does ("=HYPERLINK(...)", "+44 161 ...": a CRM takes ids and references from anyone)
# was run by the spreadsheet the complaints team opened it in. Such a cell is now begun with
# ', which a spreadsheet shows as text; the JSON keeps the id as given, and an id that merely
# holds such a character (A-1) is written as before. Received Wed 1 May 2024: acknowledgement
# due Fri 3 May (2 working days, Salix section 15), response Thu 16 May (10 working days,
# section 17, past the bank holiday of Mon 6 May); on 20 May both are overdue.
# Run by tests/run.sh with BIN and T set.
d=$T/054
mkdir -p "$d"
cat >"$d/log.jsonl" <<'E'
{"case":"=HYPERLINK(\"http://x\",\"click\")","type":"received","date":"2024-05-01"}
{"case":"@SUM(1)","type":"received","date":"2024-05-01"}
{"case":"A-1","type":"received","date":"2024-05-01"}
E
cat >"$d/eval.want" <<'E'
case,status,stage,refusal,refusal_cite,duty_stage,duty,due,done,duty_status,provisional,cite,notes
"'=HYPERLINK(""http://x"",""click"")",open,stage1,,,stage1,acknowledge,2024-05-03,,overdue,false,15; Service Standards,
"'=HYPERLINK(""http://x"",""click"")",open,stage1,,,stage1,respond,2024-05-16,,overdue,false,17; Service Standards,
"'@SUM(1)",open,stage1,,,stage1,acknowledge,2024-05-03,,overdue,false,15; Service Standards,
"'@SUM(1)",open,stage1,,,stage1,respond,2024-05-16,,overdue,false,17; Service Standards,
A-1,open,stage1,,,stage1,acknowledge,2024-05-03,,overdue,false,15; Service Standards,
A-1,open,stage1,,,stage1,respond,2024-05-16,,overdue,false,17; Service Standards,
E
cat >"$d/due.want" <<'E'
case,stage,duty,due,status,days_overdue,provisional,cite,lines_refused
"'=HYPERLINK(""http://x"",""click"")",stage1,acknowledge,2024-05-03,overdue,10,false,15; Service Standards,false
"'@SUM(1)",stage1,acknowledge,2024-05-03,overdue,10,false,15; Service Standards,false
A-1,stage1,acknowledge,2024-05-03,overdue,10,false,15; Service Standards,false
"'=HYPERLINK(""http://x"",""click"")",stage1,respond,2024-05-16,overdue,2,false,17; Service Standards,false
"'@SUM(1)",stage1,respond,2024-05-16,overdue,2,false,17; Service Standards,false
A-1,stage1,respond,2024-05-16,overdue,2,false,17; Service Standards,false
E
fail=0
"$BIN/salix-complaints" eval --as-of 2024-05-20 --format csv "$d/log.jsonl" >"$d/eval.out" 2>/dev/null
diff -u "$d/eval.want" "$d/eval.out" || fail=1
"$BIN/salix-complaints" due --as-of 2024-05-20 --format csv "$d/log.jsonl" >"$d/due.out" 2>/dev/null
diff -u "$d/due.want" "$d/due.out" || fail=1
"$BIN/salix-complaints" eval --as-of 2024-05-20 "$d/log.jsonl" 2>/dev/null |
    grep -q '^{"case":"=HYPERLINK(\\"http://x\\",\\"click\\")","policy"' || { echo "-- the JSON's id changed"; fail=1; }
exit $fail
