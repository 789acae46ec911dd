"""Shipped and custom tables -> validated pandas frames keyed by ISO3 and unit type id."""
