"""`--set PATH=VALUE`: one field of a scenario changed from the command line, a sweep or a diagnosis.

A path is dotted (`fairness.tolerance`, `missions.0.requirements.medical_team`); list items go by
index. Values are read as YAML scalars, except that YAML 1.1's yes/no/on/off stay words
(`fairness.mode=off`). A sweep gives several values at once: `PATH=V1,V2,...`.
"""
from __future__ import annotations

import copy
from typing import Any

import yaml

from planner.errors import InputError, Problem


def parse_sets(sets: list[str]) -> dict[str, list]:
    """['a.b=1,2', 'key=gdp,un'] -> {'a.b': [1, 2], 'key': ['gdp', 'un']}; values read as YAML scalars."""
    grid: dict[str, list] = {}
    for item in sets:
        path, sep, values = item.partition("=")
        if not sep or not path or not values:
            raise InputError(Problem("--set", "", f"expected PATH=V1,V2,..., got {item!r}"))
        if path in grid:
            raise InputError(Problem("--set", path, "set twice"))
        grid[path] = [scalar(v) for v in values.split(",")]
    return grid


def scalar(text: str):
    """A YAML scalar, except that YAML 1.1's yes/no/on/off stay words (`fairness.mode=off`)."""
    value = yaml.safe_load(text)
    if isinstance(value, bool) and text.strip().lower() not in ("true", "false"):
        return text.strip()
    return value


def set_path(document: dict, dotted_path: str, value: Any) -> dict:
    """Set `a.b.0.c` in a copy of `document`; list items by index."""
    document = copy.deepcopy(document)
    parts = dotted_path.split(".")
    node = document
    for depth, part in enumerate(parts):
        last = depth == len(parts) - 1
        if isinstance(node, list):
            if not part.isdigit() or int(part) >= len(node):
                raise InputError(Problem(f"--set {dotted_path}", "", f"{part!r} is not an index of that list"))
            part = int(part)
        elif not isinstance(node, dict):
            raise InputError(Problem(f"--set {dotted_path}", "", f"{'.'.join(parts[:depth])} holds no fields"))
        if last:
            node[part] = copy.deepcopy(value)
        else:
            if isinstance(node, dict) and not isinstance(node.get(part), (dict, list)):
                node[part] = {}
            node = node[part]
    return document
