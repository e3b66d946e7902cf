# A removed refusal: no time limit, and the scenarios that expected it.
/^time limit 6 months/,/^    assuming/d
/^scenario "§13: six months and a day/,/^end$/d
/^scenario "§13: without a date of awareness/,/^end$/d
