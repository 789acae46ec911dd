"""Read a scenario file: YAML -> `extends:` chain -> defaults -> `--set` overrides -> validated `Scenario`.

Precedence, lowest first: data/defaults.yaml, then each scenario in the
`extends:` chain from the root ancestor down to the file named, then the
overrides. Mappings merge key by key; any other value (lists included, so
`missions:` and `opt_out:`) replaces the inherited one whole, and so does `key:`
(a key's method and weights only make sense together). Every problem found is
reported at once, each naming the file, line and field.
"""
from __future__ import annotations

import copy
import functools
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from planner.errors import InputError, Problem
from planner.paths import DEFAULTS_FILE
from planner.scenario.overrides import set_path
from planner.scenario.schema import Scenario
from planner.scenario.yaml_file import FieldPath, Origins, dotted, parse_yaml

# Sections whose defaults apply only when a scenario has the section.
OPTIONAL_SECTIONS = ("trajectory", "standby")
# Top-level fields replaced whole even when both sides are mappings.
# Tables a scenario replaces whole rather than merging into the defaults' (a key's weights, the
# blocs whose share is capped: writing {} must be able to remove every default entry).
REPLACED_WHOLE = (("key",), ("impartiality", "max_bloc_share"))


@dataclass(frozen=True)
class LoadedScenario:
    """A validated scenario, where each of its fields was written, and what it was made from:
    the merged document before overrides and the overrides, so that a variant (a diagnosis's
    relaxation) is made in memory, never by reading the files again."""

    scenario: Scenario
    file: Path
    chain: tuple[Path, ...]
    origins: Origins = field(repr=False)
    document: dict = field(repr=False, default_factory=dict)
    overrides: dict[str, Any] = field(default_factory=dict)
    # Custom tables (`tables:`) must lie in the scenario's folder tree unless this is set.
    allow_outside_tables: bool = False

    def where(self, *path: Any) -> str:
        """`--set PATH=VALUE` when the command line set the field (or a field inside it), else
        `file:line` of the most specific field on `path` that a file set."""
        dotted_path = ".".join(map(str, path))
        for key, value in self.overrides.items():
            inside = dotted_path == key or dotted_path.startswith(key + ".") or key.startswith(dotted_path + ".")
            if dotted_path and inside:
                return f"--set {key}={value}"
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

    def with_overrides(self, overrides: dict[str, Any]) -> LoadedScenario:
        """The same scenario with more fields set (later values win), validated again."""
        combined = {**self.overrides, **overrides}
        return _validated(replace(self, overrides=combined))


def load_scenario(path: str | Path, overrides: dict[str, Any] | None = None,
                  allow_outside_tables: bool = False) -> LoadedScenario:
    """Load, merge and validate a scenario; raise InputError listing every problem.

    `overrides` (dotted path -> value, e.g. {"fairness.tolerance": 0.1}) are applied
    last, as a sweep or a command-line variant does; they set the value whole.
    `allow_outside_tables` lets `tables:` name files outside the scenario's folder tree.
    """
    file = Path(path)
    if file.suffix.lower() == ".xlsx":
        return _load_workbook(file, overrides or {}, allow_outside_tables)
    chain = _extends_chain(file)
    defaults, default_origins = _read_defaults()
    merged, origins = defaults, dict(default_origins)
    has_section = {key: False for key in OPTIONAL_SECTIONS}
    for ancestor in chain:
        document, doc_origins = parse_yaml(ancestor)
        document.pop("extends", None)
        for key in OPTIONAL_SECTIONS:
            has_section[key] |= key in document
        merged = _deep_merge(merged, document)
        origins = _replace_origins(origins, doc_origins, document)
    for key, present in has_section.items():
        if not present:   # defaults for a section no scenario asked for
            merged.pop(key, None)
    return _validated(LoadedScenario(None, file, tuple(chain), origins, merged, dict(overrides or {}),  # type: ignore[arg-type]
                                     allow_outside_tables))


def _load_workbook(file: Path, overrides: dict, allow_outside_tables: bool) -> LoadedScenario:
    """An input workbook is a whole scenario: defaults, then its sheets (no extends)."""
    from planner.scenario.workbook import read_workbook

    document, doc_origins = read_workbook(file)
    defaults, _ = _read_defaults()
    merged = _deep_merge(defaults, document)
    for key in OPTIONAL_SECTIONS:
        if key not in document:
            merged.pop(key, None)
    return _validated(LoadedScenario(None, file, (file,), doc_origins, merged, dict(overrides),  # type: ignore[arg-type]
                                     allow_outside_tables))


def _validated(loaded: LoadedScenario) -> LoadedScenario:
    merged = loaded.document
    for dotted_path, value in loaded.overrides.items():
        merged = set_path(merged, dotted_path, value)
    try:
        scenario = Scenario.model_validate(merged)
    except ValidationError as exc:
        raise InputError([_problem_from(loaded, err) for err in exc.errors()]) from None
    return replace(loaded, scenario=scenario)


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
        document, origins = parse_yaml(current)
        parent = document.get("extends")
        if parent is None:
            break
        if not isinstance(parent, str) or not parent:
            line = origins.get(("extends",), (current, 0))[1]
            raise InputError(Problem(f"{current}:{line}", "extends", "must be the path of another scenario file"))
        current = current.parent / parent
    return list(reversed(chain))


def shipped_defaults() -> dict:
    """data/defaults.yaml as a document (what a scenario that sets nothing gets)."""
    return _read_defaults()[0]


def _read_defaults() -> tuple[dict, Origins]:
    """data/defaults.yaml, parsed once per process and file version (it is read on every load)."""
    document, origins = _parsed_defaults(DEFAULTS_FILE.stat().st_mtime_ns)
    return copy.deepcopy(document), dict(origins)


@functools.lru_cache(maxsize=2)
def _parsed_defaults(mtime_ns: int):
    return parse_yaml(DEFAULTS_FILE)


def _replace_origins(origins: Origins, new: Origins, document: dict) -> Origins:
    """Take the new file's lines; where it replaces a value whole (a list, a scalar),
    forget the lines of what it replaced, so errors never point at overridden text."""
    replaced = [path for path in new if not isinstance(_get(document, path), dict) or _whole(path)]
    kept = {path: where for path, where in origins.items()
            if not any(path[:len(r)] == r and len(path) > len(r) for r in replaced)}
    kept.update(new)
    return kept


def _get(document, path: FieldPath):
    try:
        for part in path:
            document = document[part]
    except (KeyError, IndexError, TypeError):
        return None
    return document


def _whole(path: FieldPath) -> bool:
    return any(tuple(path[:len(whole)]) == whole for whole in REPLACED_WHOLE)


def _deep_merge(base: dict, override: dict, at: FieldPath = ()) -> dict:
    merged = copy.deepcopy(base)
    for key, value in override.items():
        if (*at, key) in REPLACED_WHOLE:
            merged[key] = copy.deepcopy(value)
        elif isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _deep_merge(merged[key], value, (*at, key))
        else:
            merged[key] = copy.deepcopy(value)
    return merged
