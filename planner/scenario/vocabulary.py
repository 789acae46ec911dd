"""The words a scenario may use, each list defined once: the schema validates against these,
the command line lists them in its help, and a test holds the README to them.
"""
from __future__ import annotations

# Key components: each a share of the members' total of one figure of states.csv.
KEY_COMPONENTS = ("gdp", "gni", "population", "milex", "armed_forces")
KEY_METHODS = KEY_COMPONENTS + ("mix", "un", "un_peacekeeping", "nato")
# The UN scales depend on whom they are computed over (the average income that sets the low-income
# adjustment and the peacekeeping levels, the 22 % ceiling), so they alone take a basis.
UN_KEY_METHODS = ("un", "un_peacekeeping")
# world: over all UN members, then rebased to the members (as the UN assesses them); members: over
# the members alone (the scale as if the group were the whole UN).
KEY_BASES = ("world", "members")
DEFAULT_KEY_BASIS = "world"   # the UN's own rule
FAIRNESS_MODES = ("band", "minimax", "leximin", "gini", "off")
MISSION_KINDS = ("peacekeeping", "humanitarian", "disaster_response")
# The two faces of a member's burden the fairness rule can apply to.
BURDEN_FACES = ("personnel", "net_cost")
SOLVER_NAMES = ("highs", "cbc", "scip", "cpsat")
# Largest remainder, then the divisor methods (two names each for Jefferson and Webster).
APPORTION_METHODS = ("hamilton", "jefferson", "dhondt", "webster", "sainte_lague", "huntington_hill", "adams")
# Who cuts along a trajectory (planner/model/reduction.py).
REDUCTION_RULES = ("min_cost", "proportional", "bloc_parity", "equal_ceiling")
# What an equal ceiling is per: the states table column it divides forces by.
CEILING_BASES = ("population", "gdp_usd")
# Inspection periods of the CFE Protocol on Inspection (planner/results/inspections.py).
INSPECTION_PERIODS = ("baseline_validation", "reduction", "residual_validation", "residual")


def listed(words: tuple[str, ...]) -> str:
    """'a, b or c': for help texts and error messages."""
    return ", ".join(words[:-1]) + f" or {words[-1]}" if len(words) > 1 else "".join(words)
