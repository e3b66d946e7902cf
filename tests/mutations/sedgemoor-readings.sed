# Readings changed, no rule: the hot-water award read as paid only beside the heaters, and
# exactly £1,000 given to the managers. No decision changes, so only diff can see these, as
# the changes of reading they are.
s/whether or not fan heaters were provided: the text offers/only while fan heaters are provided too: the text offers/
s/exactly £1,000 goes to the Executive team/exactly £1,000 goes to the managers/
