# A changed amount: heaters at £3.00 a day where the policy says £2.50.
s/^award heaters £2.50 a day/award heaters £3.00 a day/
s/expect award heaters £30.00/expect award heaters £36.00/
s/expect award heaters £52.50/expect award heaters £63.00/
