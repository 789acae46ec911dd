"""Validated inputs: a loaded scenario and its tables -> `Inputs` (pandas tables keyed by ISO3,
unit type and mission id) -> `ModelData` (everything the model is built from, derived once).

One room per concept: members and key, holdings and caps, missions and distances, eligibility,
the personnel band, the trajectory. May import scenario/, data/, keys/ and files/; nothing above.
"""
from planner.inputs.model_data import ModelData, model_data
from planner.inputs.plan import Inputs, resolve

__all__ = ["Inputs", "ModelData", "model_data", "resolve"]
