"""The house: one folder per stage of the flow, imports only run down the layers, no circle.

The allowed arrows are docs/ARCHITECTURE.md's table: a room may import the rooms below it, never
one above it or a sibling on its own floor. Imports are read with `ast` (every import, at module
level or inside a function), so a lazy import cannot hide an arrow that runs back up.
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "planner"

# Floors, lowest first; a room imports only rooms on lower floors (and itself).
FLOORS = [
    {"planner.errors", "planner.paths", "planner.files", "planner.version"},
    {"planner.scenario"},
    {"planner.data", "planner.keys"},
    {"planner.inputs"},
    {"planner.model"},
    {"planner.solvers"},
    {"planner.results"},
    {"planner.check"},
    {"planner.export"},
    {"planner.run"},
    {"planner.analysis"},
    {"planner.bench"},
    {"planner.api"},
    {"planner.cli"},
]
FLOOR = {room: level for level, rooms in enumerate(FLOORS) for room in rooms}
# The package face (`import planner`) sits above everything for what it exports, and below
# everything for its version string, which any room may read.
FACE = "planner"
TOP_LEVEL_MODULES = {"__init__.py", "errors.py", "paths.py", "version.py"}
MAX_LINES = 300


def modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


def room_of(module: str) -> str:
    parts = module.split(".")
    return ".".join(parts[:2]) if len(parts) > 1 else module


def imports_of(module: str, path: Path) -> set[str]:
    """Every planner module `module` imports, resolved to the module itself where it is one."""
    known = modules()
    out = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [f"{node.module}.{alias.name}" for alias in node.names] + [node.module]
        else:
            continue
        for name in names:
            if not name.startswith("planner"):
                continue
            while name not in known and "." in name:
                name = name.rsplit(".", 1)[0]
            if name in known and name != module:
                out.add(name)
    return out


def graph() -> dict[str, set[str]]:
    return {name: imports_of(name, path) for name, path in modules().items()}


def test_every_room_is_on_a_floor():
    rooms = {room_of(m) for m in modules()} - {FACE}
    assert rooms <= set(FLOOR), f"rooms without a floor in FLOORS: {sorted(rooms - set(FLOOR))}"


def test_no_import_runs_back_up_or_sideways():
    wrong = []
    for module, targets in graph().items():
        if module == FACE:
            continue
        for target in targets:
            here, there = room_of(module), room_of(target)
            if there == FACE or here == there:
                continue
            if FLOOR[there] >= FLOOR[here]:
                wrong.append(f"{module} -> {target} ({here} floor {FLOOR[here]}, {there} floor {FLOOR[there]})")
    assert not wrong, "imports that run back up or sideways:\n" + "\n".join(sorted(wrong))


def test_no_import_circle():
    edges = {m: {t for t in ts if t != FACE} for m, ts in graph().items() if m != FACE}
    state: dict[str, int] = {}
    cycles = []

    def visit(node, trail):
        state[node] = 1
        for nxt in sorted(edges.get(node, ())):
            if state.get(nxt) == 1:
                cycles.append(" -> ".join(trail[trail.index(nxt):] + [nxt]) if nxt in trail else f"{node} -> {nxt}")
            elif nxt not in state:
                visit(nxt, trail + [nxt])
        state[node] = 2

    for node in sorted(edges):
        if node not in state:
            visit(node, [node])
    assert not cycles, "import circles:\n" + "\n".join(cycles)


def test_only_the_face_errors_and_paths_live_at_the_top():
    loose = {p.name for p in PACKAGE.glob("*.py")} - TOP_LEVEL_MODULES
    assert not loose, f"modules at planner/ top level: {sorted(loose)}"


@pytest.mark.parametrize("path", sorted(PACKAGE.rglob("*.py")), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_file_over_300_lines(path):
    assert len(path.read_text().splitlines()) <= MAX_LINES


def test_the_layer_check_sees_a_backward_arrow(tmp_path, monkeypatch):
    """A deliberate arrow from model/ up to run/ must be caught (the check can fail)."""
    fake = tmp_path / "planner"
    for path in PACKAGE.rglob("*.py"):
        target = fake / path.relative_to(PACKAGE)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(path.read_text())
    (fake / "model" / "backwards.py").write_text("from planner.run.pipeline import solve_inputs\n")
    import sys

    monkeypatch.setattr(sys.modules[__name__], "PACKAGE", fake)
    with pytest.raises(AssertionError, match="planner.model.backwards -> planner.run.pipeline"):
        test_no_import_runs_back_up_or_sideways()
