"""Areas that roll up into the province: where the province has no value of its own for a month, the
sum (or weighted value) of its areas' values is its value, and where both exist `check` reports
any difference (docs/merged-provinces.md, "Areas that roll up").

An indicator's `combine` key says how its areas' values make the province's, with the rules of
core/combine.py that also combine a merged province's predecessors:

- no `combine`: a flow (revenue, visitors) is summed; any other kind has no roll-up (a rate or a
  share of the areas is never their plain mean, and kehoach does not guess its weight);
- ``sum`` / ``recount``: the sum of the areas' values;
- ``weighted`` with ``weight``: Σ vᵢ·wᵢ ÷ Σ wᵢ, each area's value of the weight indicator for the
  same month weighing it (``weights``, published shares, name predecessors, not areas: no roll-up);
- ``per_capita``: Σ numerators ÷ Σ denominators, each area's population (``denominator``);
- ``none``: no roll-up.

A roll-up needs every area in force in that month (`from`/`until` in the plan): one missing area is
"no data", never a partial sum. Only the areas with no `parent` roll into the province (an area
with a parent is part of that parent, and counting both would count it twice). Nothing here reads
a file or prints.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from kehoach.core.combine import Combined, Method, Part
from kehoach.core.periods import Period, parse_period
from kehoach.i18n import _

# The methods that divide: their exact result has more digits than any recorded figure, so a
# province's figure is compared with it rounded to the province's own decimals.
DIVIDING = ("weighted", "per_capita")


def rollup_method(ind: Any) -> Method | None:
    """How an indicator's areas make the province's value, or None (no roll-up)."""
    method: Method | None = getattr(ind, "combine", None)
    if method is None:
        return "sum" if ind.kind == "flow" else None
    if method == "none":
        return None
    if method == "weighted" and getattr(ind, "weight", None) is None:
        return None  # published shares name predecessors, not areas
    return method


def areas_in_force(plan: Any, period: Period) -> list[str]:
    """The areas that roll up into the province in `period`: those with no parent whose months
    (`from`, `until`) include it, in the plan's order."""
    out = []
    for a in plan.areas:
        if getattr(a, "parent", None) is not None:
            continue
        start, end = getattr(a, "from_", None), getattr(a, "until", None)
        if start is not None and period < parse_period(start):
            continue
        if end is not None and period > parse_period(end):
            continue
        out.append(a.name)
    return out


def rollups(plan: Any, ledger: Any, *, lacking: bool = False) -> dict[tuple[str, Period], Combined]:
    """Per (indicator, period) that any area in force has a value for, the areas' roll-up: with a
    value, or with the reason it has none (the areas missing). `lacking`: only the pairs the whole
    province has no value of (what a view of the province shows; `check` compares the others)."""
    from kehoach.core.succession import combine_for

    if ledger is None or not plan.areas:
        return {}
    methods = {ind.id: (ind, m) for _t, ind in plan.indicators() if (m := rollup_method(ind)) is not None}
    if not methods:
        return {}
    # what a roll-up reads beside its own values, for every month: the weights, numerators, denominators
    beside = frozenset(i for ind, m in methods.values() for i in (
        getattr(ind, "weight", None) if m == "weighted" else None,
        getattr(ind, "numerator", None) if m == "per_capita" else None,
        getattr(ind, "denominator", None) if m == "per_capita" else None) if i is not None)
    values: dict[str, dict[tuple[str, Period], Decimal]] = {a.name: {} for a in plan.areas}
    for area, i, per, v in ledger.area_values(lacking, beside):
        if area in values:
            values[area][(i, per)] = v
    own = {(i, per) for i, per, _v in ledger.effective_values(None)} if lacking and beside else set()
    out: dict[tuple[str, Period], Combined] = {}
    for ind, method in methods.values():
        recorded = ind.numerator if method == "per_capita" and getattr(ind, "numerator", None) else ind.id
        periods = sorted({per for vals in values.values() for (i, per) in vals if i == recorded})
        for period in periods:
            if (ind.id, period) in own:
                continue  # the province has its own value: no roll-up is shown
            here = areas_in_force(plan, period)
            if not here:
                continue

            def value_of(k: int, indicator: str | None, here: list[str] = here, period: Period = period) -> Decimal | None:
                return values[here[k]].get((indicator, period)) if indicator is not None else None

            out[(ind.id, period)] = combine_for(ind, method, here, [ind.id] * len(here), value_of, shares=False)
    return out


class RolledUpLedger:
    """A ledger view whose whole-province values include the areas' roll-ups for the (indicator,
    period) pairs it has no value of (its own, or a merged province's combined one). Every other
    question goes to the ledger underneath."""

    def __init__(self, ledger: Any, rolled: dict[tuple[str, Period], Combined]) -> None:
        self._ledger = ledger
        self.rolled = rolled
        self._have = {(i, per) for i, per, _v in ledger.effective_values(None)}

    def __getattr__(self, name: str) -> Any:
        return getattr(self._ledger, name)

    def effective_values(self, area: str | None) -> list[tuple[str, Period, Decimal]]:
        own: list[tuple[str, Period, Decimal]] = list(self._ledger.effective_values(area))
        if area is not None:
            return own
        return own + [(i, per, c.value) for (i, per), c in self.rolled.items()
                      if c.value is not None and (i, per) not in self._have]

    def rolled_up(self, indicator: str, period: Period) -> bool:
        """Whether the value shown for `period` is the areas' roll-up."""
        c = self.rolled.get((indicator, period))
        return c is not None and c.value is not None and (indicator, period) not in self._have

    def rollup_for(self, indicator: str, period: Period | None, as_of: Period | None) -> tuple[Period, Combined] | None:
        """The roll-up behind a value shown for `period`; with no value shown (period None), the latest
        one up to `as_of` that has none, so that the areas missing are named."""
        if period is not None:
            return (period, self.rolled[(indicator, period)]) if self.rolled_up(indicator, period) else None
        empty = [(per, c) for (i, per), c in self.rolled.items()
                 if i == indicator and c.value is None and (i, per) not in self._have
                 and (as_of is None or per <= as_of)]
        return max(empty, key=lambda t: t[0]) if empty else None


def rolled_up_view(plan: Any, ledger: Any) -> Any:
    """The ledger a plan with areas is read through for the whole province (the ledger itself for a
    plan without areas, or with no area that rolls up)."""
    if ledger is None or not getattr(plan, "areas", None) or isinstance(ledger, RolledUpLedger):
        return ledger
    from kehoach.core.succession import MergedLedger

    cached = plan.__dict__.get("_rolled_up")
    if cached is not None and cached[0] is ledger:
        return cached[1]
    base = ledger.own if isinstance(ledger, MergedLedger) else ledger  # the areas are in the province's own ledger
    rolled = rollups(plan, base, lacking=True)
    view = RolledUpLedger(ledger, rolled) if rolled else ledger
    plan.__dict__["_rolled_up"] = (ledger, view)
    return view


def rolled_up_from(c: Combined, period: Period, ind: Any) -> dict[str, Any]:
    """The JSON of a status row's `rolled_up_from`: the method, the period, the value, each area's
    value and weight, the areas missing and why there is no value."""
    from kehoach.core.succession import missing_items, missing_names, no_data_message

    message = None
    if c.reason in ("missing_value", "missing_weight"):
        message = no_data_message(missing_items(c, ind, [ind.id] * len(c.parts)), period, areas=True)
    elif c.reason == "zero_weight":
        message = _("no data: the weights of {period} add up to zero").format(period=period)
    return {
        "method": c.method,
        "period": str(period),
        "value": c.value,
        "areas": [{"area": p.name, "value": p.value, "weight": p.weight} for p in c.parts],
        "missing": missing_names(c, missing_items(c, ind, [ind.id] * len(c.parts))),
        "message": message,
    }


def annotate_rollups(rows: Iterable[Any], plan: Any, ledger: Any, as_of: Period | None, area: str | None) -> None:
    """Set each whole-province status row's `rolled_up_from` (None when its value is not rolled up)."""
    if not isinstance(ledger, RolledUpLedger) or area is not None:
        return
    for p in rows:
        found = ledger.rollup_for(p.id, p.period, as_of)
        if found is None:
            continue
        ind = plan.find(p.id)[1]
        p.rolled_up_from = rolled_up_from(found[1], found[0], ind)
        if p.period is not None:
            p.combined_from = None  # the value shown is the areas', not a combination


# ───────────── the province's own figure against its areas': a finding for `check` ─────────────


@dataclass(frozen=True)
class AreaDifference:
    """A month where the province's own figure and its areas' roll-up differ: `areas_value` is the
    roll-up as compared (a weighted or per-head one rounded to the province's decimals),
    `difference` the province's figure minus it."""

    indicator: str
    period: Period
    method: Method
    province_value: Decimal
    areas_value: Decimal
    difference: Decimal
    parts: tuple[Part, ...]


def compared(own: Decimal, c: Combined) -> Decimal:
    """The roll-up as it is compared with the province's figure `own`."""
    assert c.value is not None
    if c.method not in DIVIDING:
        return c.value
    exponent = own.as_tuple().exponent
    places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    return c.value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def find_area_differences(plan: Any, ledger: Any, *, as_of: Period | None = None,
                          indicators: Callable[[str], bool] | None = None) -> list[AreaDifference]:
    """Every indicator and month of the plan year (≤ as_of) where the province's own record and its
    areas' complete roll-up differ. `ledger` is the province's own (not a merged province's view:
    a combined value is not the province's own record)."""
    if ledger is None or not plan.areas:
        return []
    own = {(i, per): v for i, per, v in ledger.effective_values(None)}
    out = []
    for (ind, period), c in sorted(rollups(plan, ledger).items(), key=lambda kv: (kv[0][1], kv[0][0])):
        if c.value is None or period.year != plan.plan.year or (as_of is not None and period > as_of):
            continue
        if indicators is not None and not indicators(ind):
            continue
        mine = own.get((ind, period))
        if mine is None:
            continue
        theirs = compared(mine, c)
        if theirs != mine:
            out.append(AreaDifference(ind, period, c.method, mine, theirs, mine - theirs, c.parts))
    return out
