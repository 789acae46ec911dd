"""The checks before the solve passed, yet the solver proves no plan exists: which rule family is to blame."""
from __future__ import annotations

import tempfile
from pathlib import Path

from planner.inputs import ModelData
from planner.model import build_allocation
from planner.solvers import SolveOptions
from planner.solvers.lexicographic import solve_in_turn


def explain_allocation(d: ModelData, options: SolveOptions, log_path: Path | None = None) -> list[str]:
    """Reasons in planners' words.

    The personnel band's floor is elastic, so only its top can make a plan impossible: re-solve
    without fairness and name the members that cheapest plan puts above their band's top.
    """
    fair = d.fairness
    if not fair.on_personnel:
        return ["capacities, caveats and the multinationality cap cannot all hold together "
                "(each requirement alone can be met)"]
    with tempfile.TemporaryDirectory() as tmp:
        built = build_allocation(d.with_fairness_off())
        result, _ = solve_in_turn(built.model, built.objectives, options, log_path or Path(tmp) / "relaxed.log")
    if not result.has_plan:
        return ["capacities, caveats and the multinationality cap cannot all hold together, "
                "even with the fairness rule off"]
    rules = {"band": f"the personnel band (+-{fair.tolerance:.0%} of key share)",
             "gini": f"the Gini bound ({fair.gini_max:g}) on personnel shares"}
    rule = rules.get(fair.mode, f"fairness mode {fair.mode}")
    lines = [f"{rule} cannot be met together with capacities, caveats and multinationality; "
             f"without it a plan exists"]
    if fair.mode == "band":
        band = d.reference
        units = built.model.value("units", result.x)
        burden = (units * d.triples["person_months_per_unit"].to_numpy()).groupby(["period", "state"]).sum()
        over = band.assign(burden=burden.reindex(band.index, fill_value=0).to_numpy())
        over = over[over["burden"] > over["hi"] + 1e-6]
        for (period, state), row in over.sort_values("burden", ascending=False).head(3).iterrows():
            when = f" in {period}" if len(d.periods) > 1 else ""
            lines.append(f"{state}{when}: the cheapest plan gives it {row['burden']:.0f} person-months, above its "
                         f"band's top {row['hi']:.0f} (band {row['lo']:.0f}-{row['hi']:.0f})")
        lines.append("members are pushed above their band's top when units are large against their share or "
                     "others cannot field the unit types: widen fairness.tolerance, relax caveats or the "
                     "multinationality cap, or add capacity elsewhere")
    return lines
