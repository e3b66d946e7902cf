# Bug 037: "10 business days" and "14 calendar days", as many policies name their units, were
# no figures to audit, so the rules encoding them were found to use figures their paragraphs
# do not give. Business days are working days, and calendar days days; every seed policy
# gives the same findings against its document written that way as against it as published.
# Run by tests/run.sh with BIN and T set.
. tests/bugs/audit-same.inc
same_for_all 037 "in business and calendar days" \
    sed 's/\([0-9]\) working days/\1 business days/g; s/\([0-9]\) days/\1 calendar days/g'
