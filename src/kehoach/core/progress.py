"""The progress maths: % of plan, gap, expected position and a verdict per indicator.

docs/method.md states these rules in words; this module is the one place they are computed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from kehoach.core.numbers import round_to
from kehoach.core.periods import Period

VERDICTS = ("achieved", "on_track", "at_risk", "off_track", "no_data")
ATTENTION = ("at_risk", "off_track")
HUNDRED = Decimal(100)


@dataclass(frozen=True)
class Actual:
    """The effective year-to-date value of an indicator for one period."""

    period: Period
    value: Decimal


@dataclass
class Progress:
    """One indicator's standing: the plan's numbers, the latest actual and what follows from them."""

    id: str
    target_number: int
    target_label: str | None
    group: str
    name: str
    name_en: str
    unit: str
    unit_en: str
    kind: str
    direction: str
    target: Decimal | None
    baseline: Decimal | None
    baseline_kind: str | None
    target_form: str = "value"
    target_high: Decimal | None = None
    actual: Decimal | None = None
    period: Period | None = None
    percent_of_plan: Decimal | None = None
    gap: Decimal | None = None
    remaining: Decimal | None = None
    expected: Decimal | None = None
    expected_method: str | None = None
    score: Decimal | None = None
    status: str = "no_data"
    change_needed: Decimal | None = None
    change_needed_percent: Decimal | None = None
    area: str | None = None
    last_year: Decimal | None = None
    yoy_percent: Decimal | None = None
    yoy_points: Decimal | None = None
    projection: Decimal | None = None
    projection_percent: Decimal | None = None
    history: list[Actual] = field(default_factory=list)

    @property
    def needs_attention(self) -> bool:
        return self.status in ATTENTION

    @property
    def is_percent(self) -> bool:
        return self.unit.strip() == "%"


def _dec(q: Fraction | Decimal) -> Decimal:
    if isinstance(q, Fraction):
        return Decimal(q.numerator) / Decimal(q.denominator)
    return q


def reference_target(direction: str, form: str, target: Decimal, high: Decimal | None, baseline: Decimal | None) -> Decimal:
    """The one number a target is measured against. For a range: its lower end when higher is
    better, its upper end when lower is better, and for a share the end nearer the baseline."""
    if form != "range" or high is None:
        return target
    if direction == "higher":
        return target
    if direction == "lower":
        return high
    if baseline is not None and baseline >= high:
        return high
    if baseline is not None and baseline <= target:
        return target
    return round_to((target + high) / 2, 4)


def last_year_profile(history: list[Actual], period: Period) -> tuple[Decimal, Decimal] | None:
    """Last year's value at this month and for the whole year (December), when the ledger has both."""
    values = {a.period: a.value for a in history}
    month = values.get(Period(period.year - 1, period.month))
    year = values.get(Period(period.year - 1, 12))
    if month is None or year is None or month <= 0 or year <= 0 or month > year:
        return None
    return month, year


def expected_position(
    kind: str, target: Decimal, baseline: Decimal | None, period: Period, profile: tuple[Decimal, Decimal] | None = None
) -> tuple[Decimal, str]:
    """Where the indicator should stand by `period` if the year goes to plan, and how that was found."""
    f = period.fraction
    if kind == "flow":
        if profile is not None:
            month, year = profile
            return round_to(target * month / year, 2), "last_year_profile"
        return round_to(_dec(Fraction(target) * f), 2), "pro_rata"
    if kind == "rate" or baseline is None:
        return target, "target"
    return round_to(_dec(Fraction(baseline) + (Fraction(target) - Fraction(baseline)) * f), 2), "linear"


def projection(actual: Decimal, period: Period, profile: tuple[Decimal, Decimal] | None = None) -> Decimal:
    """A flow's full-year value if the rest of the year goes as the months so far (or as last year did)."""
    if profile is not None:
        month, year = profile
        return round_to(actual * year / month, 2)
    return round_to(actual * 12 / period.month, 2)


def percent_of_plan(direction: str, target: Decimal, baseline: Decimal | None, actual: Decimal) -> Decimal | None:
    """'đạt X% kế hoạch': actual ÷ target; for lower-is-better target ÷ actual (≥ 100 means met);
    for a structure share, the part of the planned move from the baseline already made."""
    if direction == "higher":
        return None if target == 0 else round_to(actual / target * HUNDRED, 2)
    if direction == "lower":
        return None if actual <= 0 else round_to(target / actual * HUNDRED, 2)
    if baseline is None or target == baseline:
        return None
    return round_to((actual - baseline) / (target - baseline) * HUNDRED, 2)


def is_achieved(
    direction: str,
    target: Decimal,
    baseline: Decimal | None,
    actual: Decimal,
    form: str = "value",
    high: Decimal | None = None,
    about_tolerance: Decimal = Decimal(1),
) -> bool:
    """Whether the value meets the target as the plan words it (docs/method.md)."""
    if form == "range" and high is not None:
        if direction == "higher":
            return actual >= target
        if direction == "lower":
            return actual <= high
        return target <= actual <= high
    if form == "above":
        return actual > target
    if form == "below":
        return actual < target
    if form == "about":
        slack = abs(target) * about_tolerance / HUNDRED
        if direction == "higher":
            return actual >= target - slack
        if direction == "lower":
            return actual <= target + slack
        return abs(actual - target) <= slack
    if direction == "higher":
        return actual >= target
    if direction == "lower":
        return actual <= target
    if baseline is None or target == baseline:
        return actual == target
    return (actual - target) * (target - baseline) >= 0


def score(
    kind: str, direction: str, target: Decimal, baseline: Decimal | None, actual: Decimal, expected: Decimal, period: Period
) -> Decimal | None:
    """Performance against the expected position, in percent (100 = exactly on the path)."""
    if direction == "higher":
        if expected > 0:
            return round_to(actual / expected * HUNDRED, 2)
        return HUNDRED if actual >= expected else Decimal(0)
    if direction == "lower":
        if actual > 0:
            return round_to(expected / actual * HUNDRED, 2)
        return HUNDRED
    if baseline is None or target == baseline:
        return None
    progress = (actual - baseline) / (target - baseline)
    if kind == "rate":
        return round_to(progress * HUNDRED, 2)
    return round_to(progress / _dec(period.fraction) * HUNDRED, 2)


def is_final(kind: str, period: Period) -> bool:
    """A met target is final for a year-to-date total (it can only grow) or in December; before
    that a rate, level or share that meets its target is on track, not yet achieved."""
    return kind in ("flow", "count") or period.month == 12


def verdict(achieved: bool, score_value: Decimal | None, gap: Decimal, thresholds, final: bool = True) -> str:
    if achieved:
        return "achieved" if final else "on_track"
    if score_value is None:  # a share with no baseline: judged by its distance in points
        distance = abs(gap)
        if distance <= thresholds.share_on_track_points:
            return "on_track"
        return "at_risk" if distance <= thresholds.share_at_risk_points else "off_track"
    if score_value >= thresholds.on_track:
        return "on_track"
    if score_value >= thresholds.at_risk:
        return "at_risk"
    return "off_track"


def remaining(reference: Decimal, actual: Decimal, achieved: bool) -> Decimal:
    """How much is still needed to meet the target, in the indicator's unit; 0 once met."""
    if achieved:
        return Decimal(0)
    return abs(reference - actual)


def year_on_year(p: Progress) -> None:
    """'so với cùng kỳ': against the same month a year earlier, when the ledger holds it.
    A percentage is compared in points; anything else as a percent change."""
    if p.actual is None or p.period is None:
        return
    before = next((a.value for a in p.history if a.period == Period(p.period.year - 1, p.period.month)), None)
    if before is None:
        return
    p.last_year = before
    if p.is_percent or p.kind == "rate":
        p.yoy_points = p.actual - before
    elif before > 0:
        p.yoy_percent = round_to((p.actual - before) / before * HUNDRED, 2)


def assess(
    target_obj,
    ind,
    group_id: str,
    thresholds,
    actual: Actual | None,
    target=None,
    baseline=None,
    history: list[Actual] | None = None,
) -> Progress:
    """The standing of one indicator given its latest effective actual (or none) and its history."""
    area_target = target is not None
    target = ind.target if target is None else target
    baseline = ind.baseline if baseline is None else baseline
    form = "value" if area_target else ind.target_form
    high = None if area_target else ind.target_high
    p = Progress(
        id=ind.id,
        target_number=target_obj.number,
        target_label=target_obj.source_label,
        group=group_id,
        name=ind.name,
        name_en=ind.name_en,
        unit=ind.unit,
        unit_en=ind.unit_label_en,
        kind=ind.kind,
        direction=ind.direction,
        target=target,
        baseline=baseline,
        baseline_kind=ind.baseline_kind if baseline is not None else None,
        target_form=form,
        target_high=high,
        history=list(history or []),
    )
    ref = reference_target(ind.direction, form, target, high, baseline)
    if baseline is not None:
        p.change_needed = ref - baseline
        if not p.is_percent and baseline != 0:
            p.change_needed_percent = round_to((ref - baseline) / abs(baseline) * HUNDRED, 2)
    if actual is None:
        return p
    p.actual, p.period = actual.value, actual.period
    p.gap = actual.value - ref
    p.percent_of_plan = percent_of_plan(ind.direction, ref, baseline, actual.value)
    profile = last_year_profile(p.history, actual.period) if ind.kind == "flow" else None
    p.expected, p.expected_method = expected_position(ind.kind, ref, baseline, actual.period, profile)
    p.score = score(ind.kind, ind.direction, ref, baseline, actual.value, p.expected, actual.period)
    achieved = is_achieved(ind.direction, target, baseline, actual.value, form, high, thresholds.about_tolerance)
    p.remaining = remaining(ref, actual.value, achieved)
    p.status = verdict(achieved, p.score, p.gap, thresholds, is_final(ind.kind, actual.period))
    if ind.kind == "flow":
        p.projection = projection(actual.value, actual.period, profile)
        p.projection_percent = percent_of_plan(ind.direction, ref, baseline, p.projection)
    year_on_year(p)
    return p


def summarise(rows: list[Progress]) -> dict[str, int]:
    counts = {v: 0 for v in VERDICTS}
    for r in rows:
        counts[r.status] = counts.get(r.status, 0) + 1
    return {"indicators": len(rows), **counts}


# How a numbered target stands, from its indicators: the worst measured verdict wins; "achieved"
# needs every indicator achieved; a target with nothing measured has no data.
_WORST = ("off_track", "at_risk", "on_track", "achieved")


def target_verdict(statuses: list[str]) -> str:
    measured = [s for s in statuses if s in _WORST]
    if not measured:
        return "no_data"
    if all(s == "achieved" for s in statuses):
        return "achieved"
    worst = min(measured, key=_WORST.index)
    return "on_track" if worst == "achieved" else worst


def summarise_targets(rows: list[Progress]) -> dict[str, int]:
    """Counts of the numbered targets by verdict: '14/18 chỉ tiêu đạt và vượt kế hoạch'."""
    by_target: dict[int, list[str]] = {}
    for r in rows:
        by_target.setdefault(r.target_number, []).append(r.status)
    counts = {v: 0 for v in VERDICTS}
    for statuses in by_target.values():
        counts[target_verdict(statuses)] += 1
    return {"targets": len(by_target), **counts}


# ───────────── appended for the renderers: the maths that charts and the HTML report draw ─────────────


def expected_path(p: Progress, year: int) -> dict[int, Decimal]:
    """Where the plan expects the indicator at the end of each month of `year` (month → value),
    from the same rule as the verdict's expected position (docs/method.md). Needs a target."""
    assert p.target is not None, "expected_path needs an indicator with a target"
    ref = reference_target(p.direction, p.target_form, p.target, p.target_high, p.baseline)
    path = {}
    for m in range(1, 13):
        period = Period(year, m)
        profile = last_year_profile(p.history, period) if p.kind == "flow" else None
        path[m] = expected_position(p.kind, ref, p.baseline, period, profile)[0]
    return path


def expected_percent_of_target(p: Progress) -> Decimal | None:
    """The expected position as a % of the annual target (the tick on the report's bar chart);
    None when there is none to show (no expected position, lower-is-better, or a zero target)."""
    if p.expected is None or p.direction != "higher" or not p.target:
        return None
    return p.expected / p.target * 100
