# Bug 036: "a 10-working-day target", a figure written as one word, was no figure to audit
# ("10-" was followed by "working-day", and a unit was matched with a space in it only), so
# a rule encoding it was found to use a figure its paragraph does not give. A hyphen within a
# unit now stands for the space; every seed policy gives the same findings against its
# document written that way as against it as published.
# Run by tests/run.sh with BIN and T set.
. tests/bugs/audit-same.inc
same_for_all 036 "with its units hyphenated" sed 's/\([0-9]\) working days/\1-working-day/g; s/\([0-9]\) days/\1-day/g'
