"""Exports for people: the allocation and comparison workbooks, the HTML report with its map and
charts, the console summary. They read result tables (a ResultSet), never solver objects.
May import results/ and below; only run/, analysis/ and cli/ import it.
"""
