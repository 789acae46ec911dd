"""Scenario files: schema (the fields) and load (YAML, extends, defaults, validation)."""
from planner.scenario.load import LoadedScenario, load_scenario
from planner.scenario.schema import Scenario

__all__ = ["LoadedScenario", "Scenario", "load_scenario"]
