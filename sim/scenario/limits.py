"""Bounds on numbers that no real value comes near, so that every run's arithmetic and outputs stay valid.

They are input checks, not facts about the world: a run's daily casualty and fighter counts are stored as
32-bit integers (sim/record.py), and a Poisson mean over ~9e18 or an exponent over ~700 fails mid-run.
"""

MAX_MAGNITUDE = 1e12  # any number in any input file (scenario, sweep, episode, calibration), when its field has no bound
MAX_KILLED_PER_ACT = 10_000  # a casualty mean or count of one act or attack: 20,000 such acts still fit 32 bits
MAX_FIGHTERS = 100_000  # one TTP cell's fighters, and its carrying capacity
