"""Analysts' tools over whole runs: compare scenarios side by side, sweep a grid of variants, trace
the price of fairness (frontier), print a key, apportion a table. May import run/ and below.
"""
