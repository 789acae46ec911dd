"""`--set PATH=VALUE`: one field of a scenario changed from the command line, a sweep or a diagnosis.

A path is dotted (`fairness.tolerance`, `missions.0.requirements.medical_team`); list items go by
index. A value is read as a YAML value (`0.1`, `gdp`, `[personnel, net_cost]`, `{gni: 0.5,
population: 0.5}`), except that YAML 1.1's yes/no/on/off stay words (`fairness.mode=off`); only
plain YAML is read (no tags). `planner solve` takes the whole text after `=` as one value; a sweep
gives several at once, `PATH=V1,V2,...`, split at the commas outside brackets and quotes.
"""
from __future__ import annotations

import copy
from typing import Any

import yaml

from planner.errors import InputError, Problem

# Paths and values of this length are typing accidents, not fields.
MAX_ARGUMENT = 2000


def parse_set(item: str) -> tuple[str, Any]:
    """'a.b=1' -> ('a.b', 1): one value, commas included (`description=hello, world`)."""
    path, value = _split(item)
    return path, scalar(value, item)


def parse_sets(sets: list[str]) -> dict[str, Any]:
    """Several --set arguments of one command: path -> value; a path set twice is an error."""
    out: dict[str, Any] = {}
    for item in sets:
        path, value = parse_set(item)
        if path in out:
            raise InputError(Problem(f"--set {item}", "", f"{path} is set twice"))
        out[path] = value
    return out


def parse_grid(sets: list[str]) -> dict[str, list]:
    """['a.b=1,2', 'key=gdp,un'] -> {'a.b': [1, 2], 'key': ['gdp', 'un']}: a sweep's grid."""
    grid: dict[str, list] = {}
    for item in sets:
        path, values = _split(item)
        if path in grid:
            raise InputError(Problem(f"--set {item}", "", f"{path} is set twice"))
        grid[path] = [scalar(v, item) for v in _top_level_commas(values)]
    return grid


def format_value(value: Any) -> str:
    """A value as `--set` reads it back: YAML flow style on one line (`{csto: 0.4, nato: 0.5}`)."""
    if isinstance(value, str):
        return value
    return yaml.safe_dump(value, default_flow_style=True, width=MAX_ARGUMENT).strip().removesuffix("\n...").strip()


def _split(item: str) -> tuple[str, str]:
    path, sep, value = item.partition("=")
    if len(item) > MAX_ARGUMENT:
        raise InputError(Problem(f"--set {item[:60]}...", "", f"longer than {MAX_ARGUMENT} characters"))
    if not sep or not path.strip() or not value.strip():
        raise InputError(Problem(f"--set {item}", "", "expected PATH=VALUE"))
    return path.strip(), value


def scalar(text: str, item: str = ""):
    """A plain YAML value, except that YAML 1.1's yes/no/on/off stay words (`fairness.mode=off`)."""
    try:
        value = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        reason = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise InputError(Problem(f"--set {item or text}", "", f"not a YAML value: {reason}")) from None
    if isinstance(value, bool) and text.strip().lower() not in ("true", "false"):
        return text.strip()
    return value


def _top_level_commas(text: str) -> list[str]:
    """Split at commas that are not inside [], {} or quotes."""
    parts, depth, quote, current = [], 0, "", ""
    for char in text:
        if quote:
            quote = "" if char == quote else quote
        elif char in "'\"":
            quote = char
        elif char in "[{":
            depth += 1
        elif char in "]}":
            depth -= 1
        elif char == "," and depth == 0:
            parts.append(current)
            current = ""
            continue
        current += char
    return parts + [current]


def set_path(document: dict, dotted_path: str, value: Any) -> dict:
    """Set `a.b.0.c` in a copy of `document`; list items by index."""
    document = copy.deepcopy(document)
    parts = dotted_path.split(".")
    node = document
    where = f"--set {dotted_path}"
    for depth, part in enumerate(parts):
        last = depth == len(parts) - 1
        if not part:
            raise InputError(Problem(where, "", "empty part in the path"))
        if isinstance(node, list):
            if not part.isdigit() or int(part) >= len(node):
                raise InputError(Problem(where, "", f"{part!r} is not an index of that list"))
            part = int(part)
        elif not isinstance(node, dict):
            raise InputError(Problem(where, "", f"{'.'.join(parts[:depth])} holds no fields"))
        if last:
            node[part] = copy.deepcopy(value)
        else:
            if isinstance(node, dict) and not isinstance(node.get(part), (dict, list)):
                node[part] = {}
            node = node[part]
    return document
