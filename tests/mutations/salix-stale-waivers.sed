# Waivers that waive nothing: one for a figure §15 does not give (as a waiver left from an
# earlier text of the document would be), one for the 2 working days that §15's rule encodes.
$a\
figure "5 working days" §15 is not encoded\
    because "An earlier text acknowledged within 5 working days."\
figure "2 working days" §15 is not encoded\
    because "Waived, though the acknowledgement rule encodes it."
