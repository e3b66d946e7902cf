# A dropped citation: the time limit cites §14 instead of §13.
/^time limit 6 months/,/^    §13$/s/^    §13$/    §14/
