# Bug 038: a figure whose line ends inside it ("within 20\nworking days", as text wrapped
# at a width has it) was no figure to audit. A line's end between a number and its unit, or
# between the words of a unit, is now a blank like a space; every seed policy gives the same
# findings against its document broken so as against it as published. (A document wrapped
# throughout is another matter: its short lines read as headings. docs/auditing.md.)
# Run by tests/run.sh with BIN and T set.
. tests/bugs/audit-same.inc
same_for_all 038 "with its figures over two lines" \
    sed 's/\([0-9]\) working days/\1\nworking days/g; s/working days of/working\ndays of/g'
