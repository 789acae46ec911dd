"""How the planner writes files: atomically, deterministically, and with text that never starts a formula.

Everything here is below every stage of the flow: any room may import it; it imports nothing
of the planner but `errors`.
"""
