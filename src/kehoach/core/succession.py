"""A merged province's months before it existed: its predecessors' plans and ledgers, read and combined.

A plan with `[[predecessors]]` (docs/merged-provinces.md) is read through `merged_view`: a ledger view
that answers from the merged province's own ledger and, for a period up to the predecessors' `until`
that the merged ledger has no record of, with the value combined from each predecessor's value in
force (core/combine.py). Status and progress ask it as they ask any ledger, so that the first half
of 2025 of the new Bắc Ninh is Bắc Giang's and the old Bắc Ninh's, and "so với cùng kỳ" in 2026 has a base.

Only the whole province is combined (area None): a predecessor's districts are not the merged
province's areas.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from kehoach.core.combine import Combined, Method, Part, combine, not_comparable, weighted
from kehoach.core.periods import Period, parse_period
from kehoach.errors import InputMissing, PlanError
from kehoach.i18n import _


@dataclass
class LoadedPredecessor:
    name: str
    plan: Any  # planview.Plan
    ledger: Any  # LedgerView
    until: Period
    plan_path: Path


def plan_source(plan: Any) -> Path | None:
    """The file a plan was loaded from (load_plan notes it), which predecessors' paths are relative to."""
    source = plan.__dict__.get("_source")
    return source if isinstance(source, Path) else None


def load_predecessors(plan: Any, plan_path: Path | None = None, day: date | None = None) -> list[LoadedPredecessor]:
    """Each predecessor's plan and ledger (as known on `day`, when given: the merged ledger is
    read as known on that day too), checked against the merged plan. Raises PlanError (a
    predecessor whose plan is of another year, or lacks an indicator the merged plan combines) or
    InputMissing (a predecessor's plan or ledger that is not there)."""
    from kehoach.core.ledger import known_at, read_ledger
    from kehoach.core.plan import load_plan

    plan_path = plan_path or plan_source(plan)
    cache_dir = plan.__dict__.get("_cache_dir")  # the merged plan's cache folder serves its predecessors too
    base = plan_path.parent if plan_path is not None else Path()
    name = plan_path.name if plan_path is not None else _("the plan")
    out = []
    for p in plan.predecessors:
        until = parse_period(p.until)  # checked with the plan (core/plan.py succession_problems)
        where = f"{name}: " + _("predecessor {id}").format(id=p.name)
        pred_path = base / p.plan
        try:
            pred_plan = load_plan(pred_path, cache_dir=cache_dir)
        except InputMissing as e:
            raise InputMissing(f"{where} › plan: {e.message}",
                               hint=_("give the path of the predecessor's plan, relative to the plan file")) from None
        if pred_plan.plan.year != until.year:
            raise PlanError(
                f"{where} › plan: " + _("{file} is the plan for {year}, but {name} reported alone until {until}: "
                                        "its plan must be the one for {until_year}").format(
                    file=pred_path.name, year=pred_plan.plan.year, name=p.name, until=until, until_year=until.year),
                hint=_("name the predecessor's plan of the year it last reported alone"))
        for _t, ind in plan.indicators():
            if ind.combine is None or ind.combine == "none":
                continue
            own = (ind.from_ids or {}).get(p.name, ind.id)
            if pred_plan.find(own) is None:
                raise PlanError(
                    f"{where} › " + _("indicator {id}").format(id=ind.id) + ": "
                    + _("the plan of {name} ({file}) has no indicator {own}").format(
                        name=p.name, file=pred_path.name, own=repr(own)),
                    hint=_("map it with from_ids = {{ \"{name}\" = \"its id\" }}").format(name=p.name))
        ledger_path = base / p.ledger
        if not ledger_path.exists():
            raise InputMissing(
                f"{where} › ledger: " + _("the ledger {path} does not exist").format(path=ledger_path),
                hint=_("give the path of the predecessor's ledger, relative to the plan file"))
        # every indicator it holds: a weight or a population need not be one of its plan's targets
        ledger = read_ledger(ledger_path, None, None, plan=pred_plan, cache_dir=cache_dir)
        if day is not None:
            ledger = known_at(ledger, day)
        out.append(LoadedPredecessor(p.name, pred_plan, ledger, until, pred_path))
    return out


def own_ids(ind: Any, preds: list[LoadedPredecessor]) -> list[str]:
    """Each predecessor's id of the merged plan's indicator `ind` (its `from_ids`, else the same id)."""
    return [(ind.from_ids or {}).get(p.name, ind.id) for p in preds]


def combinations(plan: Any, preds: list[LoadedPredecessor]) -> dict[tuple[str, Period], Combined]:
    """Per (indicator of the merged plan, period up to `until`), the combination of the predecessors'
    values in force for the whole province: with a value, or with the reason it has none."""
    if not preds:
        return {}
    until = min(p.until for p in preds)
    values = [{(i, per): v for i, per, v in p.ledger.effective_values(None)} for p in preds]
    names = [p.name for p in preds]
    out: dict[tuple[str, Period], Combined] = {}
    for _t, ind in plan.indicators():
        if ind.combine is None:
            continue
        own = own_ids(ind, preds)
        recorded = [ind.numerator] * len(preds) if ind.combine == "per_capita" and ind.numerator else own
        periods = sorted({per for vals, i in zip(values, recorded, strict=True) for (j, per) in vals if j == i
                          and per <= until})
        for period in periods:

            def value_of(k: int, indicator: str | None, period: Period = period) -> Decimal | None:
                return values[k].get((indicator, period)) if indicator is not None else None

            out[(ind.id, period)] = combine_for(ind, ind.combine, names, own, value_of)
    return out


def combine_for(ind: Any, method: Method, names: list[str], own: list[str],
                value_of: Callable[[int, str | None], Decimal | None], *, shares: bool = True) -> Combined:
    """Combine the parts `names` by `method`: `own[k]` is part k's id of the indicator, `value_of(k,
    id)` its value of an indicator for the period (None: not recorded). The weight, numerator and
    denominator indicators come from `ind`; `shares`: the published `weights` may be used (a
    merged province's predecessors; areas have none)."""
    n = len(names)
    mine = [value_of(k, own[k]) for k in range(n)]
    if method == "none":
        return not_comparable([Part(name, v) for name, v in zip(names, mine, strict=True)])
    if method in ("sum", "recount"):
        return combine(method, [Part(name, v) for name, v in zip(names, mine, strict=True)])
    if method == "weighted":
        if shares and ind.weights is not None:
            return weighted([Part(name, v, ind.weights.get(name)) for name, v in zip(names, mine, strict=True)],
                            shares=True)
        ws = [value_of(k, ind.weight) for k in range(n)]
        return weighted([Part(name, v, w) for name, v, w in zip(names, mine, ws, strict=True)])
    # per_capita: Σ numerators ÷ Σ denominators; without a numerator indicator, each part's own
    # per-head value times its population is its numerator, so no exchange rate is needed.
    dens = [value_of(k, ind.denominator) for k in range(n)]
    if ind.numerator is not None:
        nums = [value_of(k, ind.numerator) for k in range(n)]
        return combine("per_capita", [Part(name, v, d) for name, v, d in zip(names, nums, dens, strict=True)])
    got = weighted([Part(name, v, d) for name, v, d in zip(names, mine, dens, strict=True)])
    return replace(got, method="per_capita")


# What a missing figure was for, in a combination: the value itself, or what weighs or divides it.
Role = str  # "value" | "weight" | "numerator" | "denominator"


def missing_items(c: Combined, ind: Any, own: list[str]) -> list[tuple[str, str, Role]]:
    """What a combination without a value lacks: (part's name, indicator id, role) for each figure
    not recorded — a predecessor's (or an area's) value, or its weight, numerator or denominator."""
    out: list[tuple[str, str, Role]] = []
    for k, p in enumerate(c.parts):
        if p.value is None:
            if c.method == "per_capita" and getattr(ind, "numerator", None) is not None:
                out.append((p.name, ind.numerator, "numerator"))
            else:
                out.append((p.name, own[k], "value"))
        if c.method == "weighted" and p.weight is None and getattr(ind, "weight", None) is not None:
            out.append((p.name, ind.weight, "weight"))
        elif c.method == "per_capita" and p.weight is None and getattr(ind, "denominator", None) is not None:
            out.append((p.name, ind.denominator, "denominator"))
    return out


def missing_names(c: Combined, items: list[tuple[str, str, Role]]) -> list[str]:
    """The parts that lack a figure (a value, a weight, a population), in the parts' order."""
    lacking = {name for name, _i, _r in items} | set(c.missing)
    return [p.name for p in c.parts if p.name in lacking]


def missing_item_text(name: str, indicator: str, role: Role) -> str:
    if role == "weight":
        return _("{name} has no {indicator} (the weight)").format(name=name, indicator=indicator)
    if role == "denominator":
        return _("{name} has no {indicator} (the denominator)").format(name=name, indicator=indicator)
    if role == "numerator":
        return _("{name} has no {indicator} (the numerator)").format(name=name, indicator=indicator)
    return _("{name} has no {indicator}").format(name=name, indicator=indicator)


def no_data_message(items: list[tuple[str, str, Role]], period: Period, *, areas: bool = False) -> str:
    """"no data for 2025-06: Bắc Ninh (cũ) has no grdp_last_year_same_period (the weight); …", in the
    session's language: which part lacks which figure."""
    said = "; ".join(missing_item_text(*item) for item in items)
    if areas:
        return _("no data for {period}: {missing}; a roll-up never uses only some of the areas").format(
            period=period, missing=said)
    return _("no data for {period}: {missing}; a combination never uses only some of the predecessors").format(
        period=period, missing=said)


class MergedLedger:
    """The merged province's ledger, with its predecessors' combined values for the periods it has
    no record of, up to `until`. Every other question goes to the merged ledger itself."""

    def __init__(self, ledger: Any, combined: dict[tuple[str, Period], Combined],
                 ids: dict[str, list[str]] | None = None) -> None:
        self._ledger = ledger
        self.combined = combined
        self.ids = ids or {}  # per indicator, each predecessor's id of it (for the no-data message)
        self._own = {(i, per) for i, per, _v in ledger.effective_values(None)}

    @property
    def own(self) -> Any:
        """The merged province's own ledger (its areas' records are there)."""
        return self._ledger

    def __getattr__(self, name: str) -> Any:
        return getattr(self._ledger, name)

    def effective_values(self, area: str | None) -> list[tuple[str, Period, Decimal]]:
        own: list[tuple[str, Period, Decimal]] = list(self._ledger.effective_values(area))
        if area is not None:
            return own
        have = {(i, per) for i, per, _v in own}
        return own + [(i, per, c.value) for (i, per), c in self.combined.items()
                      if c.value is not None and (i, per) not in have]

    def combination_for(self, indicator: str, period: Period | None, as_of: Period | None) -> Combined | None:
        """The combination behind a value shown for `period`; with no value shown (period None), the
        latest one up to `as_of` that has none, so that the reason (a predecessor's missing value,
        not comparable) is seen."""
        if period is not None:
            c = self.combined.get((indicator, period))
            return c if c is not None and c.value is not None and (indicator, period) not in self._own else None
        empty = [(per, c) for (i, per), c in self.combined.items()
                 if i == indicator and c.value is None and (as_of is None or per <= as_of)]
        return max(empty, key=lambda t: t[0])[1] if empty else None


def merged_view(plan: Any, ledger: Any) -> Any:
    """The ledger a merged plan is read through (the ledger itself for any other plan). The
    predecessors are read once per plan and ledger."""
    if ledger is None or not getattr(plan, "predecessors", None) or isinstance(ledger, MergedLedger):
        return ledger
    cached = plan.__dict__.get("_merged")
    if cached is not None and cached[0] is ledger:
        return cached[1]
    from kehoach.core.ledger import known_day

    preds = load_predecessors(plan, day=known_day(ledger))
    ids = {ind.id: own_ids(ind, preds) for _t, ind in plan.indicators() if ind.combine is not None}
    view = MergedLedger(ledger, combinations(plan, preds), ids)
    plan.__dict__["_merged"] = (ledger, view)
    return view


def combined_from(c: Combined, period: Period, ind: Any = None, own: list[str] | None = None) -> dict[str, Any]:
    """The JSON of a status row's `combined_from`: the method, the period, each predecessor's value
    and weight, what is missing, and (`missing_values`) which figure of which predecessor."""
    own = own if own is not None else [getattr(ind, "id", "?")] * len(c.parts)
    items = missing_items(c, ind, own) if c.reason in ("missing_value", "missing_weight") else []
    message = None
    if c.reason == "not_comparable":
        message = _("not comparable: the merged province's figure has no counterpart before the merger")
    elif c.reason in ("missing_value", "missing_weight"):
        message = no_data_message(items, period)
    elif c.reason == "zero_weight":
        message = _("no data: the weights of {period} add up to zero").format(period=period)
    elif c.normalised:
        message = _("the shares add up to {total}, not 100: they were scaled to 100").format(total=c.weight_total)
    return {
        "method": c.method,
        "period": str(period),
        "value": c.value,
        "normalised": c.normalised,
        "predecessors": c.combined_from(),
        "missing": missing_names(c, items),
        "message": message,
        # appended: each figure missing, {name, indicator, role: value|weight|numerator|denominator}
        "missing_values": [{"name": n, "indicator": i, "role": r} for n, i, r in items],
    }


def annotate(rows: Iterable[Any], ledger: Any, as_of: Period | None, area: str | None, plan: Any = None) -> None:
    """Set each status row's `combined_from` (None when its value is not combined)."""
    view = ledger
    while view is not None and not isinstance(view, MergedLedger) and hasattr(view, "_ledger"):
        view = view._ledger  # under the areas' roll-up
    if not isinstance(view, MergedLedger) or area is not None:
        return
    for p in rows:
        c = view.combination_for(p.id, p.period, as_of)
        if c is not None:
            period = p.period if p.period is not None else _period_of(view, p.id, c)
            ind = plan.find(p.id)[1] if plan is not None and plan.find(p.id) is not None else None
            p.combined_from = combined_from(c, period, ind, view.ids.get(p.id))


def _period_of(ledger: MergedLedger, indicator: str, c: Combined) -> Period:
    return next(per for (i, per), x in ledger.combined.items() if i == indicator and x is c)


def area_months_problem(plan: Any, area: str, period: Period) -> str | None:
    """Why a value cannot be recorded for an area in `period`: the area had not begun or had ended
    (`from`/`until` in the plan; `becomes` names where its figures go), or None."""
    a = plan.area(area)
    if a is None:
        return None
    start = getattr(a, "from_", None)
    if start is not None and period < parse_period(start):
        return _("the area {area} begins in {start}: there is no record of it for {period}").format(
            area=area, start=start, period=period)
    end = getattr(a, "until", None)
    if end is not None and period > parse_period(end):
        becomes = getattr(a, "becomes", [])
        if becomes:
            return _("the area {area} ended in {until}: a record for {period} belongs to {becomes}").format(
                area=area, until=end, period=period, becomes=", ".join(becomes))
        return _("the area {area} ended in {until}: there is no record of it for {period}").format(
            area=area, until=end, period=period)
    return None
