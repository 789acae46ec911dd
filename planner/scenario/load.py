"""Read a scenario file: YAML -> `extends:` chain -> defaults -> validated `Scenario`.

Precedence, lowest first: data/defaults.yaml, then each scenario in the
`extends:` chain from the root ancestor down to the file named. Mappings merge
key by key; any other value (lists included, so `missions:` and `opt_out:`)
replaces the inherited one whole, and so does `key:` (a key's method and
weights only make sense together). Every problem found is reported at once,
each naming the file, line and field.
"""
from __future__ import annotations

import copy
import functools
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

# libyaml's loader where PyYAML was built with it: the pure-Python one dominated load times.
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

from planner.errors import InputError, Problem
from planner.paths import DEFAULTS_FILE
from planner.scenario.schema import Scenario

Path_ = tuple[Any, ...]


@dataclass(frozen=True)
class LoadedScenario:
    """A validated scenario and where each of its fields was written."""

    scenario: Scenario
    file: Path
    chain: tuple[Path, ...]
    origins: dict[Path_, tuple[Path, int]] = field(repr=False)

    def where(self, *path: Any) -> str:
        """`file:line` of the most specific field on `path` that a file set."""
        for end in range(len(path), -1, -1):
            hit = self.origins.get(tuple(path[:end]))
            if hit:
                return f"{hit[0]}:{hit[1]}"
        return str(self.file)

    def problem(self, path: tuple[Any, ...], message: str) -> Problem:
        return Problem(self.where(*path), dotted(path), message)

    @property
    def base_dir(self) -> Path:
        return self.file.parent


def dotted(path: tuple[Any, ...]) -> str:
    """('missions', 2, 'requirements') -> 'missions[2].requirements'."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def load_scenario(path: str | Path, overrides: dict[str, Any] | None = None) -> LoadedScenario:
    """Load, merge and validate a scenario; raise InputError listing every problem.

    `overrides` (dotted path -> value, e.g. {"fairness.tolerance": 0.1}) are applied
    last, as a sweep or a command-line variant does; they set the value whole.
    """
    file = Path(path)
    if file.suffix.lower() == ".xlsx":
        return _load_workbook(file, overrides)
    chain = _extends_chain(file)
    defaults, default_origins = _read_yaml(DEFAULTS_FILE)
    merged, origins = defaults, dict(default_origins)
    has_section = {key: False for key in OPTIONAL_SECTIONS}
    for ancestor in chain:
        document, doc_origins = _read_yaml(ancestor)
        document.pop("extends", None)
        for key in OPTIONAL_SECTIONS:
            has_section[key] |= key in document
        merged = _deep_merge(merged, document)
        origins = _replace_origins(origins, doc_origins, document)
    for key, present in has_section.items():
        if not present:   # defaults for a section no scenario asked for
            merged.pop(key, None)
    for dotted_path, value in (overrides or {}).items():
        merged = _set_path(merged, dotted_path, value, file)
    try:
        scenario = Scenario.model_validate(merged)
    except ValidationError as exc:
        loaded = LoadedScenario(None, file, tuple(chain), origins)  # type: ignore[arg-type]
        raise InputError([_problem_from(loaded, err) for err in exc.errors()]) from None
    return LoadedScenario(scenario, file, tuple(chain), origins)


def _load_workbook(file: Path, overrides: dict | None) -> LoadedScenario:
    """An input workbook is a whole scenario: defaults, then its sheets (no extends)."""
    from planner.scenario.workbook import read_workbook

    document, doc_origins = read_workbook(file)
    defaults, _ = _read_yaml(DEFAULTS_FILE)
    merged = _deep_merge(defaults, document)
    if "trajectory" not in document:
        merged.pop("trajectory", None)
    for dotted_path, value in (overrides or {}).items():
        merged = _set_path(merged, dotted_path, value, file)
    try:
        scenario = Scenario.model_validate(merged)
    except ValidationError as exc:
        loaded = LoadedScenario(None, file, (file,), doc_origins)  # type: ignore[arg-type]
        raise InputError([_problem_from(loaded, err) for err in exc.errors()]) from None
    return LoadedScenario(scenario, file, (file,), doc_origins)


def _problem_from(loaded: LoadedScenario, err: dict) -> Problem:
    loc = tuple(part for part in err["loc"] if not (isinstance(part, str) and part.startswith("function-")))
    message = err["msg"]
    if err["type"] == "extra_forbidden":
        message = "unknown field (check its spelling against the README)"
    elif err["type"] == "missing":
        message = "required field is missing"
    elif "input" in err and err["type"] not in ("value_error",) and not isinstance(err["input"], (dict, list)):
        message = f"{message}, got {err['input']!r}"
    message = message.removeprefix("Value error, ")
    return loaded.problem(loc, message)


def _extends_chain(file: Path) -> list[Path]:
    """Files from the root ancestor down to `file`; a cycle is an input error."""
    chain: list[Path] = []
    seen: list[Path] = []
    current = file
    while True:
        resolved = current.resolve()
        if resolved in seen:
            cycle = " -> ".join(p.name for p in seen[seen.index(resolved):] + [resolved])
            raise InputError(Problem(str(current), "extends", f"cycle in extends: {cycle}"))
        seen.append(resolved)
        chain.append(current)
        document, origins = _read_yaml(current)
        parent = document.get("extends")
        if parent is None:
            break
        if not isinstance(parent, str) or not parent:
            line = origins.get(("extends",), (current, 0))[1]
            raise InputError(Problem(f"{current}:{line}", "extends", "must be the path of another scenario file"))
        current = current.parent / parent
    return list(reversed(chain))


def _read_yaml(file: Path) -> tuple[dict, dict[Path_, tuple[Path, int]]]:
    if file == DEFAULTS_FILE:   # read on every load: parsed once per process and version
        document, origins = _read_defaults(file.stat().st_mtime_ns)
        return copy.deepcopy(document), dict(origins)
    return _parse_yaml(file)


@functools.lru_cache(maxsize=2)
def _read_defaults(mtime_ns: int):
    return _parse_yaml(DEFAULTS_FILE)


def _parse_yaml(file: Path) -> tuple[dict, dict[Path_, tuple[Path, int]]]:
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
    origins: dict[Path_, tuple[Path, int]] = {}
    problems: list[Problem] = []
    _index_lines(node, (), file, origins, problems)
    problems += [Problem(f"{file}:{line}", dotted(path), "number must be finite")
                 for path, line in _non_finite(document, (), origins, file)]
    if problems:
        raise InputError(problems)
    return document, origins


def _index_lines(node, path: Path_, file: Path, origins: dict, problems: list[Problem]) -> None:
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


def _non_finite(value: Any, path: Path_, origins: dict, file: Path):
    if isinstance(value, float) and not math.isfinite(value):
        yield path, origins.get(path, (file, 0))[1]
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _non_finite(item, path + (key,), origins, file)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _non_finite(item, path + (i,), origins, file)


def _set_path(document: dict, dotted_path: str, value: Any, file: Path) -> dict:
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


def _replace_origins(origins: dict, new: dict, document: dict) -> dict:
    """Take the new file's lines; where it replaces a value whole (a list, a scalar),
    forget the lines of what it replaced, so errors never point at overridden text."""
    replaced = [path for path in new if not isinstance(_get(document, path), dict) or path[0] in REPLACED_WHOLE]
    kept = {path: where for path, where in origins.items()
            if not any(path[:len(r)] == r and len(path) > len(r) for r in replaced)}
    kept.update(new)
    return kept


def _get(document, path):
    try:
        for part in path:
            document = document[part]
    except (KeyError, IndexError, TypeError):
        return None
    return document


# Sections whose defaults apply only when a scenario has the section.
OPTIONAL_SECTIONS = ("trajectory",)

# Top-level fields replaced whole even when both sides are mappings.
REPLACED_WHOLE = {"key"}


def _deep_merge(base: dict, override: dict, top: bool = True) -> dict:
    merged = copy.deepcopy(base)
    for key, value in override.items():
        if top and key in REPLACED_WHOLE:
            merged[key] = copy.deepcopy(value)
        elif isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _deep_merge(merged[key], value, top=False)
        else:
            merged[key] = copy.deepcopy(value)
    return merged
