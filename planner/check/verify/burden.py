"""Burden rules, from the allocation itself (never from the totals states.csv claims): each
member's person-months (personnel x the months its missions run) within its band (widened by its
own smallest contribution), the Gini bound, and the
common fund putting every member's net cost within its band; states.csv must say the same."""
from __future__ import annotations

import numpy as np
import pandas as pd

from planner.check.verify.facts import Facts
from planner.check.verify.rules import minimum_of
from planner.check.verify.violation import TOL, USD_TOL, Violation, when
from planner.inputs import Inputs

# Shares in the files carry 8 decimals.
SHARE_TOL = 2e-8


def check_burden(inputs: Inputs, facts: Facts, alloc: pd.DataFrame, states: pd.DataFrame, year) -> list[Violation]:
    """All burden rules of one year; `alloc` and `states` are that year's rows."""
    people = alloc.groupby("state")["personnel"].sum().reindex(inputs.members, fill_value=0.0)
    months = alloc["personnel"] * facts.calendar["months"].reindex(alloc["mission"]).to_numpy()
    burden = months.groupby(alloc["state"]).sum().reindex(inputs.members, fill_value=0.0)
    cost = alloc.groupby("state")["cost_usd"].sum().reindex(inputs.members, fill_value=0.0)
    st = states.set_index("state").reindex(inputs.members)
    found = _states_table(inputs, st, people, burden, cost, year)
    fair = inputs.scenario.fairness
    if fair.mode != "off" and "personnel" in fair.apply_to:
        found += _personnel(inputs, facts, st, burden, year)
    found += _money(inputs, st, cost, burden, year)
    return found


def _states_table(inputs: Inputs, st: pd.DataFrame, people: pd.Series, burden: pd.Series, cost: pd.Series,
                  year) -> list[Violation]:
    """states.csv agrees with the allocation and the key."""
    found = []
    total = people.sum()
    for state in inputs.members:
        row = st.loc[state]
        if abs(row["personnel"] - people[state]) > TOL:
            found.append(Violation("states.csv", f"{state}{when(year)}: personnel {row['personnel']:g} written, "
                                                 f"{people[state]:g} in the allocation"))
        if abs(row["person_months"] - burden[state]) > TOL:
            found.append(Violation("states.csv", f"{state}{when(year)}: {row['person_months']:g} person-months "
                                                 f"written, {burden[state]:g} in the allocation"))
        if abs(row["cost_usd"] - cost[state]) > USD_TOL + 1e-9 * cost[state]:
            found.append(Violation("states.csv", f"{state}{when(year)}: cost USD {row['cost_usd']:,.2f} written, "
                                                 f"USD {cost[state]:,.2f} in the allocation"))
        if abs(row["key_share"] - inputs.key[state]) > SHARE_TOL:
            found.append(Violation("key", f"{state}{when(year)}: key share {row['key_share']:.8f} written, "
                                          f"{inputs.key[state]:.8f} by the scenario's key"))
        share = people[state] / total if total else 0.0
        if abs(row["personnel_share"] - share) > SHARE_TOL:
            found.append(Violation("states.csv", f"{state}{when(year)}: personnel share {row['personnel_share']:.8f} "
                                                 f"written, {share:.8f} in the allocation"))
    return found


def reference(inputs: Inputs, facts: Facts, year, delivered: float | None = None) -> pd.DataFrame:
    """The band of each member that can send forces in `year`: reference share (key over those
    members), the allowance (its smallest contribution), target, lo and hi, in person-months."""
    fair = inputs.scenario.fairness
    serve = facts.may_serve[facts.may_serve["year"] == year]
    people = serve.assign(p=facts.personnel.reindex(serve["capability"]).to_numpy())
    unit = people.groupby(["state", "mission"])["p"].min()
    required = facts.required[facts.required["year"] == year]
    mission_people = required.groupby("mission")["personnel"].sum()
    months = facts.calendar["months"]
    share = inputs.scenario.max_national_share
    missions = unit.index.get_level_values("mission")
    minimum = [minimum_of(facts.rules[m], share, mission_people[m]) for m in missions]
    # The smallest contribution a member can make to a mission: its smallest unit, or the minimum
    # contingent, for the months the mission runs; the band lets it make one in any mission open to it.
    smallest = pd.Series(np.maximum(unit.to_numpy(), minimum) * months.reindex(missions).to_numpy(),
                         index=unit.index).groupby("state").max()
    # A partial plan's band is measured on what it delivers (every rule on P follows delivery).
    total = float((required["personnel"] * months.reindex(required["mission"]).to_numpy()).sum()) \
        if delivered is None else delivered
    key = inputs.troops_key.reindex(smallest.index)
    target = key / key.sum() * total
    return pd.DataFrame({"target": target, "allowance": smallest,
                         "lo": np.maximum((1 - fair.tolerance) * target - smallest, 0.0),
                         "hi": (1 + fair.tolerance) * target + smallest})


def _personnel(inputs: Inputs, facts: Facts, st: pd.DataFrame, people: pd.Series, year) -> list[Violation]:
    found = []
    fair = inputs.scenario.fairness
    ref = reference(inputs, facts, year, float(people.sum()))   # people: person-months here
    shares = (ref["target"] / ref["target"].sum()).reindex(st.index)
    written = st["personnel_key_share"]
    differ = (written - shares).abs() > SHARE_TOL
    differ |= written.isna() != shares.isna()
    for state in st.index[differ.to_numpy()]:
        found.append(Violation("states.csv", f"{state}{when(year)}: reference share {written[state]} written, "
                                             f"{shares[state]} for a member that "
                                             f"{'may serve' if shares.notna()[state] else 'may serve nowhere'}"))
    for state in st.index.difference(ref.index):
        if people[state] > 0:   # it may serve nowhere, yet it deploys: caught by the allocation rules too
            found.append(Violation("fairness band", f"{state}{when(year)} sends {people[state]:g} person-months though "
                                                    f"it may serve in no mission"))
    if fair.mode == "band":
        for state, row in ref.iterrows():
            if people[state] > row["hi"] + TOL:
                found.append(Violation("fairness band", f"{state}{when(year)}: {people[state]:g} person-months above "
                                       f"its band's top {row['hi']:.1f} (+-{fair.tolerance:.0%} of "
                                       f"{row['target']:.1f}, plus its smallest contribution of {row['allowance']:g})"))
            if people[state] < row["lo"] - TOL and st.loc[state, "burden"] != "capacity-limited":
                found.append(Violation("fairness band", f"{state}{when(year)}: {people[state]:g} person-months below "
                                       f"its band's floor {row['lo']:.1f} and not marked capacity-limited"))
    elif fair.mode == "gini" and len(ref) > 1:
        k = (ref["target"] / ref["target"].sum()).to_numpy()
        share = people.reindex(ref.index).to_numpy() / max(people.reindex(ref.index).sum(), 1e-12)
        rho = share / k
        gini = 0.5 * float(np.sum(np.outer(k, k) * np.abs(rho[:, None] - rho[None, :])))
        if gini > fair.gini_max + TOL:
            found.append(Violation("gini bound", f"Gini of person-month shares / key {gini:.4f}{when(year)} "
                                                 f"> {fair.gini_max:g}"))
    return found


def _money(inputs: Inputs, st: pd.DataFrame, cost: pd.Series, people: pd.Series, year) -> list[Violation]:
    """The fund balances, reimburses at the agreed rate and no more than was spent beyond it, and puts
    net costs within the band."""
    found = []
    fair = inputs.scenario.fairness
    pay, back = st["fund_payment_usd"], st["reimbursement_usd"]
    # What the agreed rate owes each contributor for its person-months, and what the key makes each
    # member pay for it.
    owed = people * inputs.scenario.fund.reimbursement_usd_per_person_month
    assessed = inputs.key * owed.sum()
    net = cost - back + pay
    written = st["net_cost_usd"]
    for state in st.index[(written - net).abs() > USD_TOL]:
        found.append(Violation("states.csv", f"{state}{when(year)}: net cost USD {written[state]:,.2f} written, "
                                             f"cost - reimbursement + payment = USD {net[state]:,.2f}"))
    for state in st.index[(pay < -USD_TOL) | (back < -USD_TOL)]:
        found.append(Violation("fund", f"{state}{when(year)} has a negative payment or reimbursement"))
    money = {"band": fair.tolerance, "minimax": 0.0, "leximin": 0.0, "gini": fair.gini_max}.get(fair.mode)
    if money is None or "net_cost" not in fair.apply_to:
        for state in st.index[((pay - assessed).abs() > USD_TOL) | ((back - owed).abs() > USD_TOL)]:
            found.append(Violation("fund", f"{state}{when(year)}: payment USD {pay[state]:,.2f} and reimbursement "
                                           f"USD {back[state]:,.2f}, where the agreed rate and the key give "
                                           f"USD {assessed[state]:,.2f} and USD {owed[state]:,.2f}"))
        return found
    imbalance = pay.sum() - back.sum()
    if abs(imbalance) > USD_TOL * len(st):
        found.append(Violation("fund balance", f"payments and reimbursements differ by USD {imbalance:,.2f}"
                                               f"{when(year)}"))
    # Beyond the agreed rate, the settlement gives back at most what a member spent and paid in.
    for state in st.index[back - owed > cost + assessed + USD_TOL]:
        found.append(Violation("fund", f"{state}{when(year)} reimbursed more than it spent and paid in, beyond "
                                       f"the agreed rate"))
    total = cost.sum()
    if total > 0:
        slack = USD_TOL + SHARE_TOL * total
        lo = (1 - money) * inputs.key * total - slack
        hi = (1 + money) * inputs.key * total + slack
        for state in st.index[(net < lo) | (net > hi)]:
            found.append(Violation("net cost band", f"{state}{when(year)}: net cost USD {net[state]:,.2f} "
                                   f"outside {lo[state] + slack:,.2f}-{hi[state] - slack:,.2f}"))
    return found
