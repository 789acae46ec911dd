"""Shipped and custom tables -> validated pandas frames keyed by ISO3 and unit type id; geography
(origins and distances). May import files/ and scenario/; nothing above.
"""
