"""The README's sample diagnosis is the program's own output on the shipped infeasible example, so
it cannot drift. Refresh it after a deliberate change with:

    python -m tests.test_readme --refresh
"""
from __future__ import annotations

import sys

from typer.testing import CliRunner

from planner.cli import app
from planner.paths import DATA_DIR, SCENARIO_DIR

ROOT = DATA_DIR.parent
README = ROOT / "README.md"
START, END = "  <!-- diagnosis example -->\n", "  <!-- end diagnosis example -->\n"
EXAMPLE = SCENARIO_DIR / "examples" / "infeasible.yaml"


def diagnosis(tmp) -> str:
    """What `planner solve` prints for the example, with its path as a reader would type it."""
    result = CliRunner().invoke(app, ["solve", str(EXAMPLE.relative_to(ROOT)), "--out", str(tmp / "never")])
    assert result.exit_code == 1, result.output
    return result.output


def block(output: str) -> str:
    """The README block: the output, indented for the list item it sits in."""
    return "  ```\n" + "".join(f"  {line}\n" for line in output.rstrip("\n").splitlines()) + "  ```\n"


def written() -> str:
    text = README.read_text()
    return text[text.index(START) + len(START):text.index(END)]


def test_readme_diagnosis_is_the_programs_output(tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)
    assert written() == block(diagnosis(tmp_path)), "README example drifted: python -m tests.test_readme --refresh"


def test_the_example_names_the_short_mission_first(tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)
    lines = diagnosis(tmp_path).splitlines()
    assert lines[1].startswith("  - mission anatolia-earthquake is short")
    assert "utility_helicopter_unit" in lines[1]


if __name__ == "__main__" and "--refresh" in sys.argv:
    import os
    import tempfile
    from pathlib import Path

    os.chdir(ROOT)
    with tempfile.TemporaryDirectory() as tmp:
        new = block(diagnosis(Path(tmp)))
    text = README.read_text()
    README.write_text(text[:text.index(START) + len(START)] + new + text[text.index(END):])
    print(f"wrote the diagnosis example into {README}")
