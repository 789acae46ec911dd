"""peaceforce: a regional peace-force contingent planner.

Data flows one way: scenario (YAML) -> validated inputs (pandas tables) ->
model -> solve -> results (pandas tables) -> exports.

For notebooks: planner.load_scenario, planner.solve (a Plan), planner.verify, planner.compare,
planner.sweep (planner/api/, which the command line is a thin layer over); loaded on first use,
so that `import planner` and the command line stay quick.
"""
from planner.version import __version__

__all__ = ["__version__", "Plan", "compare", "load_scenario", "solve", "sweep", "verify"]
_API = ("Plan", "compare", "load_scenario", "solve", "sweep", "verify")


def __getattr__(name: str):
    if name in _API:
        from planner import api

        return getattr(api, name)
    raise AttributeError(f"module 'planner' has no attribute {name!r}")
