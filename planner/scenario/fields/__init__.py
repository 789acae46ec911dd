"""The scenario's sections, one file per concept; planner/scenario/schema.py assembles them."""
