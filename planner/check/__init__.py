"""Trusting the answer: verify (a written plan re-checked with its own arithmetic, never the model's
code) and diagnose (why no plan exists: shortfalls before any solve, the rule family to blame,
the smallest relaxations). May import results/, solve/, model/, inputs/ and below.
"""
