"""An independent check of a written plan: every hard rule, and every figure the files state,
re-computed from allocation.csv and the scenario with this package's own arithmetic.

It never imports the model and never believes a total in the files: personnel and cost of every
row, requirements per year (its own phase-in), who may serve where (its own eligibility, mission
politics and minimum contingents), bloc caps, contingent sizes, contributors and lead nations, each
member's band widened by its own smallest contribution, a partial plan's shortfall.csv, the common
fund, missions.csv, summary.json's status, gap, objective and totals, and for a trajectory its
forces path and equipment. A malformed or foreign result folder is a list of violations, never an
internal error. `planner verify`
prints them (exit 1); `planner solve` runs it on every plan before calling it solved.
"""
from __future__ import annotations

from pathlib import Path

from planner.check.verify.allocation import (
    check_capacity,
    check_caveats,
    check_multinationality,
    check_requirements,
    check_rows,
)
from planner.check.verify.burden import check_burden
from planner.check.verify.facts import facts_of
from planner.check.verify.files import read_plan
from planner.check.verify.inspections import check_inspections
from planner.check.verify.membership import check_membership_over_time
from planner.check.verify.politics import check_blocs, check_contingents, check_politics, leads_of
from planner.check.verify.reduction import check_pledges_held, check_reduction_rule
from planner.check.verify.reports import check_missions, check_shortfall, check_summary
from planner.check.verify.roster import check_roster
from planner.check.verify.stationing import check_stationing
from planner.check.verify.trajectory import check_trajectory, forces_of
from planner.check.verify.violation import Violation
from planner.inputs import Inputs
from planner.inputs.epochs import YearInputs

__all__ = ["Violation", "verify"]


def verify(inputs: Inputs, out: Path) -> list[Violation]:
    """Every broken rule of the plan in `out` (empty: the plan is valid)."""
    trajectory = inputs.trajectory is not None
    files, found = read_plan(inputs, out, trajectory)
    if files is None or any(v.rule in ("scenario mismatch", "membership") for v in found):
        return found        # not a plan of this scenario: the other rules would only repeat it
    facts = facts_of(inputs)
    alloc, states = files.allocation, files.states
    forces = None
    if trajectory:
        forces, unreadable = forces_of(out)
        found += unreadable
    partial = files.summary.get("status") == "partial"
    # Rules on a mission's personnel are on what it receives (all of it, unless the plan is partial).
    delivered = alloc.groupby(["year", "mission"])["personnel"].sum()
    leads, unreadable = leads_of(files.missions)
    found += unreadable
    found += check_rows(facts, alloc)
    found += check_politics(facts.rules, alloc)
    found += check_caveats(inputs, alloc)
    found += check_requirements(facts, alloc, partial)
    found += check_shortfall(facts, alloc, files.shortfall, files.summary)
    found += check_capacity(inputs, facts, alloc)
    found += check_multinationality(inputs, delivered, alloc)
    found += check_blocs(inputs, facts.rules, delivered, alloc)
    found += check_contingents(inputs, facts, facts.rules, delivered, alloc, leads)
    per_year = _per_year(inputs, facts)
    for year in facts.years:
        # The key, band and fund of a year are its members' (joins and leaves change them).
        found += check_burden(*per_year[year], alloc[alloc["year"] == year], states[states["year"] == year], year)
    found += check_membership_over_time(inputs, alloc, states, facts.years)
    found += check_missions(facts, alloc, files.missions)
    found += check_summary(inputs, facts, alloc, states, files.summary, per_year)
    found += check_roster(inputs, facts, alloc, files.roster, files.roster_burden, files.summary, forces)
    if trajectory and forces is not None:
        found += check_trajectory(inputs, forces, files.summary, out)
        found += check_reduction_rule(inputs, facts, forces, files.summary, alloc)
        found += check_pledges_held(inputs, facts, forces, alloc, files.roster)
        found += check_inspections(inputs, forces, out)
        found += check_stationing(inputs, forces, out)
    return found


def _per_year(inputs: Inputs, facts) -> dict:
    """year -> (inputs, facts) of that year's members: the scenario's own unless joins or leaves
    change who is in (each distinct membership resolved once)."""
    year_inputs, by_id = YearInputs(inputs), {id(inputs): facts}
    out = {}
    for year in facts.years:
        mine = year_inputs(year)
        if id(mine) not in by_id:
            by_id[id(mine)] = facts_of(mine)
        out[year] = (mine, by_id[id(mine)])
    return out
