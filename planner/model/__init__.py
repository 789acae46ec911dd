"""The allocation MILP: built once, in one modelling layer (linear.py), from Inputs."""
from planner.model.build import BuiltModel, build_model

__all__ = ["BuiltModel", "build_model"]
