"""What each column of the result tables means, in words and units: the workbook's Glossary sheet."""
from __future__ import annotations

import pandas as pd

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
    "within_band": "the member's personnel burden keeps its band",
    "binding": "the fairness limits the member sits at: the top or floor of its personnel band (or how far short "
               "of the floor), the net cost band",
    "data_notes": "how missing figures were filled",
    "required": "units the mission requires",
    "filled": "units sent",
    "personnel_required": "people the mission requires",
    "lead": "the lead (framework) nation of the mission",
    "year": "the trajectory's year",
    "national_personnel": "the member's armed forces, personnel",
    "contributed_personnel": "personnel the member deploys to the peace force",
    "semester": "half year of the standby roster (H1: January-June)",
    "tier": "readiness tier (reserve: national units on standby outside the packages)",
    "package": "package number within its tier (0: the reserve)",
    "role": "framework nation, contributor or reserve",
    "personnel_semesters": "people on standby x semesters, over the roster",
    "covered": "the standby staffs this set of contingencies at once in every semester",
    "unmet_person_months": "person-months the standby cannot staff, in the worst semester",
}


def glossary_table(columns: list[str]) -> pd.DataFrame:
    """column, meaning: every column named in `columns` that the glossary knows, in that order."""
    seen = [c for c in dict.fromkeys(columns) if c in GLOSSARY]
    return pd.DataFrame({"column": seen, "meaning": [GLOSSARY[c] for c in seen]})
