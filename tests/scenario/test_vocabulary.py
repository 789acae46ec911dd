"""One source for each list of words: the schema, the code that acts on the words, the command
line's help and the README agree with scenario/vocabulary.py."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from planner.cli import app
from planner.keys.apportion import DIVISORS
from planner.keys.weighted import COMPONENT_COLUMNS
from planner.scenario.vocabulary import (
    APPORTION_METHODS,
    BURDEN_FACES,
    FAIRNESS_MODES,
    KEY_COMPONENTS,
    KEY_METHODS,
    MISSION_KINDS,
    SOLVER_NAMES,
)
from planner.solvers import SOLVERS

README = (Path(__file__).resolve().parents[2] / "README.md").read_text()


def test_the_code_acts_on_exactly_the_words_listed():
    assert set(COMPONENT_COLUMNS) == set(KEY_COMPONENTS)
    assert set(APPORTION_METHODS) == {"hamilton", *DIVISORS}
    assert SOLVERS == SOLVER_NAMES


@pytest.mark.parametrize("words", [KEY_METHODS, FAIRNESS_MODES, MISSION_KINDS, BURDEN_FACES, SOLVER_NAMES,
                                   APPORTION_METHODS], ids=["keys", "modes", "kinds", "faces", "solvers", "apportion"])
def test_the_readme_names_every_word(words):
    missing = [w for w in words if not re.search(rf"`{w}`|\b{w}\b", README)]
    assert not missing, f"README does not mention {missing}"


def test_help_lists_the_solvers_from_the_vocabulary():
    for command in ("solve", "frontier", "compare", "sweep"):
        text = CliRunner().invoke(app, [command, "--help"], terminal_width=200).output
        assert all(name in text for name in SOLVER_NAMES), command
