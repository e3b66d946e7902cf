# A changed figure: Stage 1 acknowledgement in 3 working days where §15 says 2.
s/acknowledge within 2 working days of receipt §15/acknowledge within 3 working days of receipt §15/
