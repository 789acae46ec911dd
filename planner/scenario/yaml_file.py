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
# A scenario is a few kilobytes; a world-scale one a few hundred. Larger files, or aliases that
# expand a small file into millions of values (a "billion laughs"), are refused before loading.
MAX_BYTES = 4 * 1024 * 1024
MAX_VALUES = 500_000

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
        if file.stat().st_size > MAX_BYTES:
            raise InputError(Problem(str(file), "", f"file is larger than {MAX_BYTES // (1024 * 1024)} MB; "
                                                    "a scenario is a few kilobytes"))
        text = file.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(Problem(str(file), "", "file not found")) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(Problem(str(file), "", f"cannot read: {exc}")) from None
    return parse_yaml_text(text, file)


def parse_yaml_text(text: str, file: Path | str) -> tuple[dict, Origins]:
    """A YAML mapping and the line of each field; `file` names it in every problem."""
    try:
        node = yaml.compose(text, Loader=LOADER)
        expanded = _expanded_size(node, {})
        if expanded > MAX_VALUES:
            raise InputError(Problem(str(file), "", f"the YAML expands to more than {MAX_VALUES:,} values "
                                                    "(aliases repeating aliases?); refused"))
        document = yaml.load(text, Loader=LOADER)
    except RecursionError:
        raise InputError(Problem(str(file), "", "the YAML nests too deeply")) from None
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


def _expanded_size(node, memo: dict) -> int:
    """Values the composed graph holds once every alias is expanded (each node counted once per
    place it appears), computed without expanding anything."""
    if node is None:
        return 0
    key = id(node)
    if key in memo:
        return memo[key]
    memo[key] = MAX_VALUES + 1          # a cycle expands without end
    if isinstance(node, yaml.MappingNode):
        size = 1 + sum(_expanded_size(k, memo) + _expanded_size(v, memo) for k, v in node.value)
    elif isinstance(node, yaml.SequenceNode):
        size = 1 + sum(_expanded_size(item, memo) for item in node.value)
    else:
        size = 1
    memo[key] = min(size, MAX_VALUES + 1)
    return memo[key]


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
