"""The status view: every indicator's progress, narrowed down as the user asks."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from kehoach.core.kinds import Stage, Verdict
from kehoach.core.periods import Period
from kehoach.core.progress import Progress, assess, summarise, summarise_targets
from kehoach.errors import UsageError
from kehoach.i18n import _, spelling


@dataclass
class StatusResult:
    rows: list[Progress]
    summary: dict[str, int]
    any_actual: bool
    as_of: Period | None
    area: str | None
    targets: dict[str, int] | None = None  # the numbered targets by verdict
    conflicts: list[Conflict] = field(default_factory=list)  # offices that disagree, in what is shown
    year_over: bool = False  # the plan year is over and no earlier month was asked for (final verdicts)


@dataclass
class Conflict:
    """Offices that disagree on one value: two or more records of one key stand, none revising
    another, and their values differ (kehoach check fails on it; a revision settles it)."""

    indicator: str
    period: Period
    area: str | None
    entries: list[dict[str, Any]]  # {value, by, office, record_id}, the one in force (the latest) last

    @property
    def in_force(self) -> dict[str, Any]:
        return self.entries[-1]


def conflict_entries(ledger: Any, records: Any) -> list[dict[str, Any]]:
    """The JSON shape of a conflict's records: value, by, office (the office file of a ledger
    folder; None in a one-file ledger) and record id."""
    folder = ledger.path.is_dir()
    return [
        {"value": r.value, "by": r.by, "office": Path(r.file).stem if folder and r.file else None, "record_id": r.id}
        for r in records
    ]


def find_conflicts(ledger: Any, *, as_of: Period | None = None, area: str | None = None, everywhere: bool = True,
                   indicators: set[str] | None = None) -> list[Conflict]:
    """The conflicts in a ledger up to `as_of`: for one area, or (`everywhere`, with area None)
    the whole province and every area, since a district's figures feed the province's."""
    out = []
    for (ind, period, where), records in sorted(ledger.conflicts().items(), key=lambda kv: _order(kv[0])):
        if as_of is not None and period > as_of:
            continue
        if indicators is not None and ind not in indicators:
            continue
        if where != area and not (everywhere and area is None):
            continue
        out.append(Conflict(ind, period, where, conflict_entries(ledger, records)))
    return out


def _order(key: tuple[str, Period, str | None]) -> tuple[str, Period, str]:
    ind, period, area = key
    return (ind, period, area or "")


def build_status(
    plan: Any,
    ledger: Any,
    *,
    as_of: Period | None = None,
    area: str | None = None,
    groups: list[str] | None = None,
    numbers: list[int] | None = None,
    attention: bool = False,
    today: date | None = None,
) -> StatusResult:
    """`today` (default: the clock) says whether the plan year is over: then, unless an earlier
    `as_of` is asked for, the latest value gets a final verdict (docs/method.md, "Year end")."""
    from kehoach.core.ledger import latest_actuals
    from kehoach.core.rollup import annotate_rollups, rolled_up_view
    from kehoach.core.succession import annotate, merged_view

    ledger = merged_view(plan, ledger)  # a merged province: its predecessors' months, combined
    ledger = rolled_up_view(plan, ledger)  # the areas' roll-up where the province has no value
    year = plan.plan.year
    today = today or date.today()
    year_over = today > date(year, 12, 31) and (as_of is None or as_of >= Period(year, 12))
    common = {"baseline_year": plan.plan.baseline_year, "year_over": year_over}

    latest, history = latest_actuals(plan, ledger, as_of, area) if ledger is not None else ({}, {})
    area_obj = plan.area(area) if area is not None else None
    area_targets = {t.indicator: t for t in area_obj.targets} if area_obj is not None else {}
    rows: list[Progress] = []
    for target, ind in plan.indicators():
        if groups and target.group not in groups:
            continue
        if numbers and target.number not in numbers:
            continue
        if area is not None:
            at = area_targets.get(ind.id)
            if at is None:
                p = assess(target, ind, target.group, plan.plan.thresholds, None)
                p.target, p.baseline, p.baseline_kind, p.change_needed, p.change_needed_percent = (None,) * 5
                p.target_text = p.base_source = None  # the province's wording is not this area's target
                actual = latest.get(ind.id)
                if actual is not None:
                    p.actual, p.period = actual.value, actual.period
                p.status = Verdict.NO_TARGET
                p.area = area
                p.history = history.get(ind.id, [])
                rows.append(p)
                continue
            p = assess(
                target, ind, target.group, plan.plan.thresholds, latest.get(ind.id),
                history=history.get(ind.id, []), area_target=at, **common,
            )
        else:
            p = assess(
                target, ind, target.group, plan.plan.thresholds, latest.get(ind.id),
                history=history.get(ind.id, []), **common,
            )
        p.area = area
        rows.append(p)
    any_actual = bool(latest)
    conflicts: list[Conflict] = []
    if ledger is not None:
        conflicts = find_conflicts(ledger, as_of=as_of, area=area, indicators={p.id for p in rows})
        shown = {(c.indicator, c.period, c.area): c for c in conflicts}
        for p in rows:
            c = shown.get((p.id, p.period, area)) if p.period is not None else None
            p.conflict = c.entries if c is not None else None
        for p in rows:  # the stage the value shown rests on
            rec = ledger.current((p.id, p.period, area)) if p.period is not None else None
            p.stage = Stage(rec.stage) if rec is not None and rec.stage is not None else None
    annotate(rows, ledger, as_of, area, plan)  # combined_from
    annotate_rollups(rows, plan, ledger, as_of, area)  # rolled_up_from
    if attention:
        rows = [r for r in rows if r.needs_attention]
    area_view = area is not None
    return StatusResult(rows, summarise(rows, area_view=area_view), any_actual, as_of, area,
                        summarise_targets(rows, area_view=area_view), conflicts, year_over=year_over)


def build_by_area(plan: Any, ledger: Any, indicator_id: str, *, as_of: Period | None = None, today: date | None = None) -> StatusResult:
    """One indicator across the whole province and every area the plan lists."""
    target = plan.find(indicator_id)[0]
    rows: list[Progress] = []
    any_actual = False
    conflicts: list[Conflict] = []
    for area in [None, *(a.name for a in plan.areas)]:
        r = build_status(plan, ledger, as_of=as_of, area=area, numbers=[target.number], today=today)
        rows += [p for p in r.rows if p.id == indicator_id]
        any_actual = any_actual or r.any_actual
        conflicts += [c for c in r.conflicts if c.indicator == indicator_id and c.area == area]
    return StatusResult(rows, summarise(rows, area_view=True), any_actual, as_of, None, conflicts=conflicts)


def check_by_area(plan: Any, indicator_id: str | None, *, area: str | None = None, groups: list[str] | None = None,
                  numbers: list[int] | None = None, attention: bool = False) -> None:
    """The rules of `status --by-area`: an indicator of the plan, shown in the whole province and
    every area, so with no area, group, target or attention filter beside it (UsageError)."""
    if indicator_id is None:
        return
    _indicator(plan, indicator_id)
    for name, given in (("flag_area", area is not None), ("flag_group", bool(groups)), ("flag_target", bool(numbers)),
                        ("flag_attention", attention)):
        if given:
            raise UsageError(_("{option} and {flag_by_area} cannot be used together").format(option=spelling(name)),
                             hint=_("{flag_by_area} shows one indicator in the whole province and every area"))


def period_problem(plan: Any, period: Period) -> str | None:
    """Why `period` cannot be a reporting period of this plan (`--as-of`, `--period`), or None.

    status, check, chart and report all ask this, so one period is refused or accepted by all four.
    """
    if period.year != plan.plan.year:
        return _("{period} is not in the plan year {year}").format(period=period, year=plan.plan.year)
    return None


def check_selection(plan: Any, groups: list[str] | None = None, numbers: list[int] | None = None) -> None:
    """Refuse a group or a target number that the plan does not have (`status --group/--target`)."""
    from kehoach.errors import UsageError

    known_groups = [g.id for g in plan.groups]
    for g in groups or []:
        if g not in known_groups:
            raise UsageError(_("unknown group {group}").format(group=repr(g)),
                             hint=_("groups: {names}").format(names=", ".join(known_groups)))
    known_numbers = {t.number for t in plan.targets}
    for n in numbers or []:
        if n not in known_numbers:
            raise UsageError(_("there is no target {n}").format(n=n),
                             hint=_("targets run 1–{last}").format(last=len(plan.targets)))


def latest_period(result: StatusResult, year: int | None = None) -> Period | None:
    """The report's default period: the latest recorded (as of it, the result is the same) — or,
    once the plan year is over, December: the result is then the year's verdict, the same as
    `--period YYYY-12`, never a mid-year title over year-end verdicts."""
    latest = max((p.period for p in result.rows if p.period is not None), default=None)
    if result.year_over and latest is not None:
        return Period(year if year is not None else latest.year, 12)
    return latest


def history_of(ledger: Any, indicator_id: str, area: str | None = None) -> tuple[list[Any], set[str]]:
    """One indicator's records in the order people read them (period, area, then when recorded,
    then append order), and the ids of those that no longer stand (revised or superseded). A
    record in a conflict still stands (`conflicting_ids`): it is not superseded."""
    records = ledger.records_of(indicator_id)  # append order
    order = {r.id: n for n, r in enumerate(records)}
    records = [r for r in records if area is None or r.area == area]
    records.sort(key=lambda r: (r.period, r.area or "", r.recorded_at, order[r.id]))
    standing = ledger.in_force_ids(indicator_id) | conflicting_ids(ledger, indicator_id)
    return records, {r.id for r in records if r.id not in standing}


def own_by_key(ind: Any, records: list[Any], in_force: set[str]) -> dict[tuple[str | None, Period], tuple[Any, Any]]:
    """(area, period) → (own value, % change on the period before's own value), for the records in
    force of a year-to-date flow (core.progress.own_values); empty for any other kind."""
    from kehoach.core.progress import Actual, change_percent, own_values

    if ind.kind != "flow":
        return {}
    step = 3 if getattr(ind, "frequency", "monthly") == "quarterly" else 1
    by_area: dict[str | None, list[Actual]] = {}
    for r in records:
        if r.id in in_force:
            by_area.setdefault(r.area, []).append(Actual(r.period, r.value))
    out: dict[tuple[str | None, Period], tuple[Any, Any]] = {}
    for where, history in by_area.items():
        own = own_values(history, step)
        for period, value in own.items():
            before = own.get(Period(period.year, period.month - step)) if period.month > step else None
            out[(where, period)] = (value, change_percent(value, before))
    return out


@dataclass
class IndicatorView:
    """`kehoach show`: one indicator — its target, its progress as `status` computes it, and its
    records in the order people read them (`superseded`: those no longer standing)."""

    target: Any
    indicator: Any
    progress: Progress
    records: list[Any]
    superseded: set[str]


def show_indicator(plan: Any, ledger: Any, indicator_id: str, *, today: date) -> IndicatorView:
    """Everything `show` says of one indicator of the plan."""
    target, ind = _indicator(plan, indicator_id)
    result = build_status(plan, ledger, numbers=[target.number], today=today)
    progress = next(p for p in result.rows if p.id == ind.id)
    records, superseded = history_of(ledger, ind.id)
    return IndicatorView(target, ind, progress, records, superseded)


@dataclass
class HistoryView:
    """`kehoach history`: one indicator's records (of one area, or of all), which stand, which are
    in conflict, and what the trend and "each period on its own" lines show."""

    indicator: Any
    area: str | None
    records: list[Any]
    superseded: set[str]  # revised or superseded: no longer standing
    conflicting: set[str]  # standing, but another office's record disagrees
    conflicts: list[Conflict]
    in_force: set[str]
    own: dict[tuple[str | None, Period], tuple[Any, Any]]  # (area, period) → (own value, % on the period before)
    trend: list[Any]  # the whole province's values in force in the plan year, in reading order
    months: list[tuple[Period, tuple[Any, Any]]]  # the area's own values in the plan year, by period


def history_view(plan: Any, ledger: Any, indicator_id: str, area: str | None = None) -> HistoryView:
    """Everything `history` says of one indicator, for one area or the whole ledger."""
    ind = _indicator(plan, indicator_id)[1]
    records, superseded = history_of(ledger, ind.id, area)
    in_force = ledger.in_force_ids(ind.id)
    own = own_by_key(ind, records, in_force)
    year = plan.plan.year
    return HistoryView(
        indicator=ind,
        area=area,
        records=records,
        superseded=superseded,
        conflicting=conflicting_ids(ledger, ind.id),
        conflicts=find_conflicts(ledger, area=area, everywhere=area is None, indicators={ind.id}),
        in_force=in_force,
        own=own,
        trend=[r.value for r in records if r.id in in_force and r.area is None and r.period.year == year],
        months=[(k[1], v) for k, v in sorted(own.items(), key=lambda kv: kv[0][1]) if k[0] == area and k[1].year == year],
    )


def _indicator(plan: Any, indicator_id: str) -> tuple[Any, Any]:
    found = plan.find(indicator_id)
    if found is None:
        from kehoach.core.recording import unknown_indicator

        raise unknown_indicator(plan, indicator_id)
    return found  # type: ignore[no-any-return]


def conflicting_ids(ledger: Any, indicator_id: str) -> set[str]:
    """The ids of one indicator's records that stand in a conflict (offices that disagree)."""
    return {r.id for key, records in ledger.conflicts().items() if key[0] == indicator_id for r in records}


# ───────────── data that is due and not recorded: a finding for `check` ─────────────

# Kinds every periodic report gives (a year-to-date total, a growth rate): due once the first
# quarter is over even without last year's records to learn from.
REPORTED_EVERY_PERIOD = ("flow", "rate")
FIRST_QUARTER = 3


@dataclass
class Missing:
    """An indicator whose value for a period that is over has not been recorded.

    `reason`: "last_year" — last year's ledger had a value by month `due.month`, and this year has
    none for `due` or later; "nothing_recorded" — nothing at all is recorded for the plan year once
    its first quarter is over, and the indicator is one every report gives (a flow or a rate)."""

    indicator: str
    due: Period
    latest: Period | None
    reason: str
    last_year: Period | None = None


def last_month_over(year: int, today: date, as_of: Period | None = None) -> Period | None:
    """The last month of the plan year that is over by `today` (capped at `as_of`), or None."""
    if today > date(year, 12, 31):
        over = Period(year, 12)
    elif today.year < year or today.month == 1:
        return None
    else:
        over = Period(year, today.month - 1)
    return min(over, as_of) if as_of is not None else over


def recorded_in_year(plan: Any, ledger: Any, as_of: Period | None = None) -> bool:
    """Whether the ledger holds any value of the plan year (≤ as_of), for the province or any area."""
    if ledger is None:
        return False
    year = plan.plan.year
    for area in [None, *(a.name for a in plan.areas)]:
        if any(period.year == year and (as_of is None or period <= as_of) for _i, period, _v in ledger.effective_values(area)):
            return True
    return False


def find_missing(plan: Any, result: StatusResult, *, today: date, as_of: Period | None = None, ledger: Any = None) -> list[Missing]:
    """The indicators with no value for a period that is over by `today` (docs/method.md, "Missing
    data"). What is due is learned from the ledger: a value recorded last year by month m is due
    this year once month m is over — so forest cover, recorded only in December, is not missing in
    June. With nothing recorded for the plan year at all, flows and rates are due once the first
    quarter is over ("nothing" means nothing in the whole ledger: a district that records is a ledger
    in use). An indicator with no target in an area view is never due."""
    year = plan.plan.year
    cutoff = last_month_over(year, today, as_of)
    if cutoff is None:
        return []
    nothing_this_year = not any(p.period is not None for p in result.rows) and not recorded_in_year(plan, ledger, as_of)
    out: list[Missing] = []
    for p in result.rows:
        if p.status == "no_target":
            continue
        months_last_year = [a.period.month for a in p.history if a.period.year == year - 1]
        due_months = [m for m in months_last_year if m <= cutoff.month]
        if due_months:
            due = Period(year, max(due_months))
            if p.period is None or p.period < due:
                out.append(Missing(p.id, due, p.period, "last_year", Period(year - 1, due.month)))
            continue
        if nothing_this_year and p.kind in REPORTED_EVERY_PERIOD and cutoff.month >= FIRST_QUARTER:
            out.append(Missing(p.id, Period(year, FIRST_QUARTER), None, "nothing_recorded"))
    return out
