"""The algebra only: ModelData in, a LinearModel out, one file per constraint family (each
builder's docstring states the rows it adds), a row builder (rows.py), no I/O and no solver.
May import inputs/ and below; nothing above.
"""
from planner.model.build import BuiltModel, build_allocation

__all__ = ["BuiltModel", "build_allocation"]
