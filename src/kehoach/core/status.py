"""The status view: every indicator's progress, narrowed down as the user asks."""

from __future__ import annotations

from dataclasses import dataclass

from kehoach.core.periods import Period
from kehoach.core.progress import Progress, assess, summarise, summarise_targets


@dataclass
class StatusResult:
    rows: list[Progress]
    summary: dict[str, int]
    any_actual: bool
    as_of: Period | None
    area: str | None
    targets: dict[str, int] | None = None  # the numbered targets by verdict


def build_status(
    plan,
    ledger,
    *,
    as_of: Period | None = None,
    area: str | None = None,
    groups: list[str] | None = None,
    numbers: list[int] | None = None,
    attention: bool = False,
) -> StatusResult:
    from kehoach.core.ledger import latest_actuals

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
                actual = latest.get(ind.id)
                if actual is not None:
                    p.actual, p.period = actual.value, actual.period
                p.status = "no_target"
                p.area = area
                p.history = history.get(ind.id, [])
                rows.append(p)
                continue
            p = assess(
                target, ind, target.group, plan.plan.thresholds, latest.get(ind.id), at.target, at.baseline,
                history=history.get(ind.id, []),
            )
        else:
            p = assess(target, ind, target.group, plan.plan.thresholds, latest.get(ind.id), history=history.get(ind.id, []))
        p.area = area
        rows.append(p)
    any_actual = bool(latest)
    if attention:
        rows = [r for r in rows if r.needs_attention]
    return StatusResult(rows, summarise(rows), any_actual, as_of, area, summarise_targets(rows))


def build_by_area(plan, ledger, indicator_id: str, *, as_of: Period | None = None) -> StatusResult:
    """One indicator across the whole province and every area the plan lists."""
    target = plan.find(indicator_id)[0]
    rows: list[Progress] = []
    any_actual = False
    for area in [None, *(a.name for a in plan.areas)]:
        r = build_status(plan, ledger, as_of=as_of, area=area, numbers=[target.number])
        rows += [p for p in r.rows if p.id == indicator_id]
        any_actual = any_actual or r.any_actual
    return StatusResult(rows, summarise(rows), any_actual, as_of, None)
