"""The orchestration: one scenario from file to a checked plan (pipeline.py), a trajectory solved by
periods (trajectory.py), the price of fairness beside it (price.py), and publishing a result folder
(stage, verify, move: publish.py). May import every stage below it; only analysis/, cli/ and
bench/ import it.
"""
