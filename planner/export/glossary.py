"""What each column of the result tables means, in words and units: the workbook's Glossary sheet."""
from __future__ import annotations

import pandas as pd

from planner.data.equipment import CFE_CATEGORIES

GLOSSARY = {
    "state": "member, ISO3 code (the By state sheet gives its name)",
    "name": "the member's name",
    "mission": "mission id (the Force generation sheet gives its name)",
    "capability": "unit type (data/capabilities.csv)",
    "units": "whole units sent",
    "personnel": "people deployed (units x personnel per unit)",
    "months": "months the mission runs in the plan's year",
    "person_months": "personnel x months: the troops' burden, person-months",
    "cost_usd": "deployment cost over the mission's months, USD",
    "key_share": "the member's share of the burden-sharing key (money)",
    "personnel_share": "share of the people deployed",
    "person_months_share": "share of the person-months deployed",
    "personnel_key_share": "personnel key share among the members that can send forces (the reference share)",
    "person_months_band_lo": "floor of the member's band, person-months (whole)",
    "person_months_band_hi": "top of the member's band, person-months (whole)",
    "personnel_deviation": "person-month share / reference share - 1, as %: +20 % carries a fifth more than its "
                           "share; the band is +-tolerance widened by one smallest contribution (a whole unit, or "
                           "the minimum contingent), so a small member can be far from 0 % and inside its band",
    "fund_payment_usd": "paid into the common fund, USD",
    "reimbursement_usd": "reimbursed by the fund for personnel deployed, USD",
    "net_cost_usd": "cost - reimbursement + payment, USD",
    "net_cost_share": "share of the members' net cost",
    "net_cost_deviation": "net cost share / key share - 1, as %",
    "burden": "forces and money / capacity-limited (cannot reach its band floor) / money only (no eligible forces)",
    "within_band": "yes: the member's personnel burden keeps its band; no: it does not",
    "binding": "the fairness limits the member sits at: the top or floor of its personnel band (or how far short "
               "of the floor), the net cost band",
    "data_notes": "how missing figures were filled",
    "required": "units the mission requires",
    "filled": "units sent",
    "personnel_required": "people the mission requires",
    "lead": "the lead (framework) nation of the mission, ISO3 code",
    # The force-generation table (missions down, the contributing states across, each headed by its
    # code and name: those columns are states, not explained here).
    "mission name": "the mission's name (the Force generation sheet gives it on the mission's first line)",
    "total units": "units all states send to the line; on the Total line, all units sent",
    # A partial plan's gaps.
    "short": "units the plan leaves unfilled: required - filled",
    "personnel_short": "people the unfilled units would have brought",
    # A trajectory.
    "year": "the trajectory's year",
    "baseline_personnel": "the member's armed forces before the trajectory's first year, personnel",
    "national_personnel": "the member's armed forces in the year, personnel (by year: all members together)",
    "contributed_personnel": "personnel the member deploys to the peace force (by year: all members together)",
    "milex_usd": "the member's spending on its armed forces in the year: personnel x cost per soldier, USD",
    "peace_dividend_usd": "national spending saved against the start (the personnel cut x cost per soldier), "
                          "less the member's net cost of the peace force in the year, USD",
    "cost_per_person_usd": "what the member spends a year per soldier, USD",
    "cost_per_person_source": "where that cost per soldier comes from",
    "semester": "half year of the standby roster (H1: January-June)",
    "tier": "readiness tier (reserve: national units on standby outside the packages)",
    "package": "package number within its tier (0: the reserve)",
    "role": "framework nation, contributor or reserve",
    "personnel_semesters": "people on standby x semesters, over the roster",
    "target": "the member's key share of all the personnel-semesters on standby",
    "band_lo": "floor of the member's band: the target less the tolerance and one smallest usable unit, "
               "personnel-semesters",
    "band_hi": "top of the member's band: the target plus the tolerance and one smallest usable unit, "
               "personnel-semesters",
    "in_band": "yes: the member's standby keeps its band; money: below its floor, it carries the rest in money",
    "contingencies": "a set of contingencies happening at once (their ids joined by +)",
    "size": "how many contingencies the set holds",
    "probability": "the chance of this set at once within a year, the contingencies' likelihoods taken as "
                   "independent (0 to 1)",
    "covered": "yes: the standby staffs this set of contingencies at once in every semester; no: it does not",
    "worst_semester": "the semester in which the standby falls furthest short of the set",
    "unmet_units": "units the standby cannot supply to the set, in the worst semester",
    "unmet_person_months": "person-months the standby cannot staff, in the worst semester",
    # The workbook's Inputs and Glossary sheets.
    "field": "a setting of the scenario: its path in the scenario file, sections joined by dots",
    "value": "the setting's value",
    "header": "a column's header in this workbook",
    "column": "the same column's name in the CSV files (for the Force generation, Inputs and Glossary "
              "sheets, which have no CSV file: its name in their own table)",
    "meaning": "what the column holds, in words and units",
}
# Equipment under a trajectory's reduction rules, one pair per CFE category.
GLOSSARY.update({c: f"{c.replace('_', ' ')} the member holds at the year's end (a CFE category), items"
                 for c in CFE_CATEGORIES})
GLOSSARY.update({f"{c}_destroyed": f"{c.replace('_', ' ')} destroyed in the year to keep the member's ceiling, "
                 "items" for c in CFE_CATEGORIES})


def glossary_table(columns: list[str]) -> pd.DataFrame:
    """column, meaning: every column named in `columns` that the glossary knows, in that order."""
    seen = [c for c in dict.fromkeys(columns) if c in GLOSSARY]
    return pd.DataFrame({"column": seen, "meaning": [GLOSSARY[c] for c in seen]})
