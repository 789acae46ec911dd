"""The inputs of one year of a trajectory whose membership changes (joins, leaves): the members out
of the peace force that year are held to arms control only, and the key, the band and the fund are
those of the year's members."""
from __future__ import annotations

from planner.inputs.plan import Inputs


class YearInputs:
    """year -> the inputs of that year's peace force, resolved once per distinct membership."""

    def __init__(self, inputs: Inputs):
        self.inputs = inputs
        self._by_absent: dict[tuple, Inputs] = {}

    def absent(self, year) -> tuple[str, ...]:
        tr = self.inputs.trajectory
        return tr.absent.get(int(year), ()) if tr is not None else ()

    def __call__(self, year) -> Inputs:
        absent = self.absent(year)
        if not absent:
            return self.inputs
        if absent not in self._by_absent:
            sc = self.inputs.scenario
            # Joins and leaves are spent: the year's members are fixed by the arms-control-only list.
            self._by_absent[absent] = self.inputs.variant({
                "arms_control_only": sorted(set(sc.arms_control_only) | set(absent)),
                "trajectory.joins": {}, "trajectory.leaves": {}})
        return self._by_absent[absent]
