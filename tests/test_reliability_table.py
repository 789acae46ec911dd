"""README's reliability table counts what the tests really try: its numbers are the test tables'."""
from __future__ import annotations

import re
from pathlib import Path

from tests.check.test_verify import PARTIAL_TAMPERS, TAMPERS
from tests.cli.test_bad_input import ATTACKS
from tests.data.test_tables import TABLE_CASES
from tests.run.test_publish import KILL_POINTS, OUT_CASES
from tests.scenario.test_bad_scenarios import CASES, MORE
from tests.scenario.test_workbook import HOSTILE

README = (Path(__file__).resolve().parents[1] / "README.md").read_text()


def kind(name: str) -> int:
    return sum(1 for attack in ATTACKS if attack[2] == name)


# Besides the tables: per class, the single tests that try one more case each (named in comments).
EXPECTED = {
    # + extends cycle, missing extends file, missing scenario file, unreadable scenario file
    "bad scenario files": len(CASES) + len(MORE) + 4 + kind("scenario"),
    "bad tables": len(TABLE_CASES) + kind("tables"),
    # + wrong types in a sheet, a sheet declaring fewer rows than it holds
    "bad workbooks": len(HOSTILE) + 2 + kind("workbook"),
    # + an unknown --solver
    "bad options": kind("options") + len(OUT_CASES) + 1,
    # + a scenario that is not the plan's, max contributors broken by --set, a partial status without
    # --allow-shortfall
    "tampered results": len(TAMPERS) + len(PARTIAL_TAMPERS) + 3,
    # + two solves into one folder, a crashed solver, a stage called infeasible against its own plan
    "faults": len(KILL_POINTS) + 3,
}


def test_the_readme_table_counts_the_cases_the_tests_try():
    rows = dict(re.findall(r"^\| (bad [a-z ]+|tampered results|faults) \(.*?\) \| (\d+) \|", README, re.M))
    assert {name: int(count) for name, count in rows.items()} == EXPECTED
