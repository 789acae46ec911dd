"""peaceforce: a regional peace-force contingent planner.

Data flows one way: scenario (YAML) -> validated inputs (pandas tables) ->
model -> solve -> results (pandas tables) -> exports.
"""
__version__ = "0.1.0"
