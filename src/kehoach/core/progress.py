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
    target: Decimal
    baseline: Decimal | None
    baseline_kind: str | None
    actual: Decimal | None = None
    period: Period | None = None
    percent_of_plan: Decimal | None = None
    gap: Decimal | None = None
    expected: Decimal | None = None
    score: Decimal | None = None
    status: str = "no_data"
    change_needed: Decimal | None = None
    change_needed_percent: Decimal | None = None
    area: str | None = None
    history: list[Actual] = field(default_factory=list)

    @property
    def needs_attention(self) -> bool:
        return self.status in ATTENTION


def _dec(q: Fraction | Decimal) -> Decimal:
    if isinstance(q, Fraction):
        return Decimal(q.numerator) / Decimal(q.denominator)
    return q


def expected_position(kind: str, target: Decimal, baseline: Decimal | None, period: Period) -> Decimal:
    """Where the indicator should stand by `period` if the year goes to plan."""
    f = period.fraction
    if kind == "flow":
        return round_to(_dec(Fraction(target) * f), 2)
    if kind == "rate" or baseline is None:
        return target
    return round_to(_dec(Fraction(baseline) + (Fraction(target) - Fraction(baseline)) * f), 2)


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


def is_achieved(direction: str, target: Decimal, baseline: Decimal | None, actual: Decimal) -> bool:
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


def verdict(achieved: bool, score_value: Decimal | None, gap: Decimal, thresholds) -> str:
    if achieved:
        return "achieved"
    if score_value is None:  # a share with no baseline: judged by its distance in points
        distance = abs(gap)
        return "on_track" if distance <= 1 else "at_risk" if distance <= 2 else "off_track"
    if score_value >= thresholds.on_track:
        return "on_track"
    if score_value >= thresholds.at_risk:
        return "at_risk"
    return "off_track"


def assess(target_obj, ind, group_id: str, thresholds, actual: Actual | None, target=None, baseline=None) -> Progress:
    """The standing of one indicator given its latest effective actual (or none)."""
    target = ind.target if target is None else target
    baseline = ind.baseline if baseline is None else baseline
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
    )
    if baseline is not None:
        p.change_needed = target - baseline
        if ind.unit.strip() != "%" and baseline != 0:
            p.change_needed_percent = round_to((target - baseline) / abs(baseline) * HUNDRED, 2)
    if actual is None:
        return p
    p.actual, p.period = actual.value, actual.period
    p.gap = actual.value - target
    p.percent_of_plan = percent_of_plan(ind.direction, target, baseline, actual.value)
    p.expected = expected_position(ind.kind, target, baseline, actual.period)
    p.score = score(ind.kind, ind.direction, target, baseline, actual.value, p.expected, actual.period)
    achieved = is_achieved(ind.direction, target, baseline, actual.value)
    p.status = verdict(achieved, p.score, p.gap, thresholds)
    return p


def summarise(rows: list[Progress]) -> dict[str, int]:
    counts = {v: 0 for v in VERDICTS}
    for r in rows:
        counts[r.status] = counts.get(r.status, 0) + 1
    return {"indicators": len(rows), **counts}
