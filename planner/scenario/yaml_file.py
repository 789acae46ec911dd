"""One YAML file -> (document, where each field was written): duplicate keys and non-finite
numbers are errors, every line of a mapping key or list item is remembered for error messages."""
from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import yaml

from planner.errors import InputError, Problem

# libyaml's loader where PyYAML was built with it: the pure-Python one dominated load times.
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

FieldPath = tuple[Any, ...]
Origins = dict[FieldPath, tuple[Path, int]]


def dotted(path: FieldPath) -> str:
    """('missions', 2, 'requirements') -> 'missions[2].requirements'."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def parse_yaml(file: Path) -> tuple[dict, Origins]:
    try:
        text = file.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(Problem(str(file), "", "file not found")) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(Problem(str(file), "", f"cannot read: {exc}")) from None
    try:
        node = yaml.compose(text, Loader=LOADER)
        document = yaml.load(text, Loader=LOADER)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{file}:{mark.line + 1}" if mark else str(file)
        reason = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise InputError(Problem(where, "", f"YAML syntax error: {reason}")) from None
    if document is None:
        document = {}
    if not isinstance(document, dict):
        raise InputError(Problem(f"{file}:1", "", "a scenario must be a YAML mapping of field: value"))
    origins: Origins = {}
    problems: list[Problem] = []
    _index_lines(node, (), file, origins, problems)
    problems += [Problem(f"{file}:{line}", dotted(path), "number must be finite")
                 for path, line in _non_finite(document, (), origins, file)]
    if problems:
        raise InputError(problems)
    return document, origins


def _index_lines(node, path: FieldPath, file: Path, origins: Origins, problems: list[Problem]) -> None:
    """Record the line of every mapping key and list item; flag duplicate keys."""
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            key = key_node.value
            here = path + (key,)
            if key in seen:
                problems.append(Problem(f"{file}:{key_node.start_mark.line + 1}", dotted(here), "duplicate key"))
            seen.add(key)
            origins[here] = (file, key_node.start_mark.line + 1)
            _index_lines(value_node, here, file, origins, problems)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            origins[path + (i,)] = (file, item.start_mark.line + 1)
            _index_lines(item, path + (i,), file, origins, problems)


def _non_finite(value: Any, path: FieldPath, origins: Origins, file: Path):
    if isinstance(value, float) and not math.isfinite(value):
        yield path, origins.get(path, (file, 0))[1]
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _non_finite(item, path + (key,), origins, file)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _non_finite(item, path + (i,), origins, file)
