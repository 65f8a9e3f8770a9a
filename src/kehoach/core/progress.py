"""The progress maths: % of plan, gap, expected position and a verdict per indicator.

docs/method.md states these rules in words; this module is the one place they are computed. What a
kind, a direction or a target form means to them is one row of core/kinds.py's tables; every branch
over such a set ends in `assert_never`, so a member a branch forgot does not type-check.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from itertools import pairwise
from typing import Any, NamedTuple, Protocol, assert_never

from kehoach.core.kinds import (
    FORM_RULES,
    KIND_RULES,
    VERDICT_RULES,
    BaselineKind,
    Change,
    Direction,
    ExpectedBasis,
    ExpectedMethod,
    Frequency,
    Kind,
    Meets,
    Pace,
    Stage,
    TargetForm,
    Verdict,
    VerdictBasis,
    frequency_step,
)
from kehoach.core.numbers import round_to
from kehoach.core.periods import Period
from kehoach.core.planview import is_percent_unit

# The verdicts every summary counts, in the order of its keys (an area view adds no_target).
VERDICTS: tuple[Verdict, ...] = tuple(v for v in Verdict if VERDICT_RULES[v].counted)
# What needs attention; "missed" (Không đạt KH) is final: December's value, or the latest once the
# plan year is over.
ATTENTION: tuple[Verdict, ...] = tuple(v for v in Verdict if VERDICT_RULES[v].attention)
HUNDRED = Decimal(100)


# ── what the maths reads of the plan: planview's objects (and pydantic's models, in tests) have
# these attributes; the closed sets may come as their text, and are made members here. ──


class ThresholdsLike(Protocol):
    @property
    def on_track(self) -> Decimal: ...
    @property
    def at_risk(self) -> Decimal: ...
    @property
    def about_tolerance(self) -> Decimal: ...
    @property
    def share_on_track_points(self) -> Decimal: ...
    @property
    def share_at_risk_points(self) -> Decimal: ...


class TargetLike(Protocol):
    """A numbered target of the plan."""

    @property
    def number(self) -> int: ...
    @property
    def source_label(self) -> str | None: ...


class StatedTarget(Protocol):
    """A target as the plan states it: the main one, another basis of it, an amendment."""

    @property
    def target(self) -> Decimal: ...
    @property
    def target_form(self) -> str: ...
    @property
    def target_high(self) -> Decimal | None: ...
    @property
    def change(self) -> str | None: ...
    @property
    def target_text(self) -> str | None: ...


class OtherTargetLike(StatedTarget, Protocol):
    @property
    def label(self) -> str: ...
    @property
    def label_en(self) -> str | None: ...
    @property
    def source(self) -> str: ...


class AmendmentLike(StatedTarget, Protocol):
    @property
    def start(self) -> str: ...
    @property
    def source(self) -> str: ...
    @property
    def scenario(self) -> Mapping[str, Decimal] | None: ...


class IndicatorLike(StatedTarget, Protocol):
    @property
    def id(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def name_en(self) -> str: ...
    @property
    def unit(self) -> str: ...
    @property
    def unit_label_en(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def direction(self) -> str: ...
    @property
    def baseline(self) -> Decimal | None: ...
    @property
    def baseline_kind(self) -> str: ...
    @property
    def target_source(self) -> str | None: ...
    @property
    def frequency(self) -> str: ...
    @property
    def scenario(self) -> Mapping[str, Decimal] | None: ...
    @property
    def other_targets(self) -> Sequence[OtherTargetLike]: ...
    @property
    def amendments(self) -> Sequence[AmendmentLike]: ...


class AreaTargetLike(Protocol):
    @property
    def target(self) -> Decimal: ...
    @property
    def baseline(self) -> Decimal | None: ...


@dataclass(frozen=True)
class Actual:
    """The effective year-to-date value of an indicator for one period."""

    period: Period
    value: Decimal


@dataclass(frozen=True)
class Fall:
    """A year-to-date total lower than the month recorded before it: 17.000 in November after
    20.000 in October (the month named is the one where it fell)."""

    period: Period
    value: Decimal
    before_period: Period
    before: Decimal


@dataclass
class Progress:
    """One indicator's standing: the plan's numbers, the latest actual and what follows from them.

    `assess` computes every field and builds it once. A few are the ledger's, not the plan's and
    the value's, and are set by core/status.py after it (and core/succession.py for
    `combined_from`): `area`, `conflict`, `stage`, and an area view's row for an indicator the area
    has no target for (no_target, the province's target taken off). That is why it is not frozen.
    """

    id: str
    target_number: int
    target_label: str | None
    group: str
    name: str
    name_en: str
    unit: str
    unit_en: str
    kind: Kind
    direction: Direction
    target: Decimal | None
    baseline: Decimal | None
    baseline_kind: BaselineKind | None
    target_form: TargetForm = TargetForm.VALUE
    target_high: Decimal | None = None
    actual: Decimal | None = None
    period: Period | None = None
    percent_of_plan: Decimal | None = None
    gap: Decimal | None = None
    remaining: Decimal | None = None
    expected: Decimal | None = None
    expected_method: ExpectedMethod | None = None
    score: Decimal | None = None
    status: Verdict = Verdict.NO_DATA
    change_needed: Decimal | None = None
    change_needed_percent: Decimal | None = None
    area: str | None = None
    last_year: Decimal | None = None
    yoy_percent: Decimal | None = None
    yoy_points: Decimal | None = None
    projection: Decimal | None = None
    projection_percent: Decimal | None = None
    history: list[Actual] = field(default_factory=list)
    # appended to the JSON/CSV contract in render/contract.py, in this order
    change: Change | None = None  # the target is a change against `base`
    reference: Decimal | None = None  # the one level the year is judged against
    base_source: str | None = None  # where the change's base comes from: "plan" or "ledger YYYY-12"
    final: bool | None = None  # the verdict is the year's: December, or the year is over
    target_text: str | None = None  # the target as written: "dưới 4,5%", "tăng 12%"
    falls_back: bool = False  # a year-to-date flow below an earlier month of the same year
    # the months where such a total fell (each below the month recorded before it)
    falls: list[Fall] = field(default_factory=list)
    # "projection": a year over without December judged a flow on its full-year projection (an estimate);
    # "actual": the verdict rests on the value recorded; None with no value
    verdict_basis: VerdictBasis | None = None
    exceeded: bool = False  # beyond the target, not only at it ("vượt"), from exact numbers
    # Offices disagree on the value shown (two records of its key stand, neither revising the other):
    # each as {value, by, office, record_id}, the one in force last; None when they agree.
    conflict: list[dict[str, Any]] | None = None
    # The same figures unrounded: verdicts and sentences use these (round once, for display).
    exact: dict[str, Decimal | None] = field(default_factory=dict, repr=False)
    # A merged province's value for a month before the merger (core/succession.py): how it was
    # combined from its predecessors' values; None when it is not combined.
    combined_from: dict[str, Any] | None = None
    # The areas' roll-up behind a whole-province value the province has no record of (core/rollup.py);
    # None when the value shown is not rolled up.
    rolled_up_from: dict[str, Any] | None = None
    # docs/method.md, "The month's own value" … "A growth scenario"; exact: JSON and CSV round them
    # to 2 decimals, a display once to 1.
    month_value: Decimal | None = None  # YTD(m) − YTD(m−1): "tháng 5 ước đạt 405,6 tỷ đồng"
    previous_month_value: Decimal | None = None  # the month before's own value ("thực hiện tháng trước")
    mom_percent: Decimal | None = None  # "tăng 15,37 % so với tháng trước"
    month_percent_of_plan: Decimal | None = None  # the month's value ÷ the annual target: "đạt 6,16 % kế hoạch năm"
    last_year_month_value: Decimal | None = None  # the same month's own value a year earlier
    month_yoy_percent: Decimal | None = None  # "tăng 38,42 % so với cùng kỳ" (the month against the month)
    frequency: Frequency = Frequency.MONTHLY  # quarterly: recorded for 03, 06, 09, 12 only
    expected_basis: ExpectedBasis | None = None  # a growth scenario's value for the period, or the plan's
    # other bases of the target ("dự toán Trung ương giao"), each judged by the same rule
    other_targets: list[OtherStanding] = field(default_factory=list)
    # an amendment in force for `period` ("kế hoạch điều chỉnh"): from when, by what; the plan's first target
    amended_from: Period | None = None
    amendment_source: str | None = None
    original_target: Decimal | None = None
    original_spec: Spec | None = field(default=None, repr=False)
    amendments: list[Spec] = field(default_factory=list, repr=False)  # every amendment of the plan
    # the stage of the value in force (estimate, preliminary, official), None when not said
    stage: Stage | None = None

    @property
    def needs_attention(self) -> bool:
        return VERDICT_RULES[self.status].attention

    @property
    def is_percent(self) -> bool:
        return is_percent_unit(self.unit)


def change_level(change: Change, base: Decimal, value: Decimal) -> Decimal:
    """The level a planned change reaches from its base: "tăng 12%" of 20,65 is 20,65 × 1,12 = 23,128;
    "giảm 3 điểm" from 17,78 is 14,78."""
    match change:
        case Change.PERCENT:
            return base * (HUNDRED + value) / HUNDRED
        case Change.POINTS:
            return base + value
        case _:
            assert_never(change)


def _dec(q: Fraction | Decimal) -> Decimal:
    if isinstance(q, Fraction):
        return Decimal(q.numerator) / Decimal(q.denominator)
    return q


def reference_target(
    direction: Direction, form: TargetForm, target: Decimal, high: Decimal | None, baseline: Decimal | None
) -> Decimal:
    """The one number a target is measured against. For a range: its lower end when higher is
    better, its upper end when lower is better, and for a share the end nearer the baseline."""
    if not FORM_RULES[form].two_ends or high is None:
        return target
    match direction:
        case Direction.HIGHER:
            return target
        case Direction.LOWER:
            return high
        case Direction.TOWARD:
            if baseline is not None and baseline >= high:
                return high
            if baseline is not None and baseline <= target:
                return target
            return round_to((target + high) / 2, 4)
        case _:
            assert_never(direction)


Profile = tuple[Decimal, Decimal]  # last year's value at a month and for its whole year


def last_year_profile(history: Sequence[Actual], period: Period) -> Profile | None:
    """Last year's value at this month and for the whole year (December), when the ledger has both."""
    values = {a.period: a.value for a in history}
    month = values.get(Period(period.year - 1, period.month))
    year = values.get(Period(period.year - 1, 12))
    if month is None or year is None or month <= 0 or year <= 0 or month > year:
        return None
    return month, year


def expected_position(
    kind: Kind, target: Decimal, baseline: Decimal | None, period: Period, profile: Profile | None = None
) -> tuple[Decimal, ExpectedMethod]:
    """Where the indicator should stand by `period` if the year goes to plan, and how that was found.
    Exact: rounded only for display, never before a comparison."""
    f = period.fraction
    pace = KIND_RULES[kind].pace
    match pace:
        case Pace.YEAR_TO_DATE:
            if profile is not None:
                month, year = profile
                return target * month / year, ExpectedMethod.LAST_YEAR_PROFILE
            return _dec(Fraction(target) * f), ExpectedMethod.PRO_RATA
        case Pace.CONSTANT:
            return target, ExpectedMethod.TARGET
        case Pace.LINEAR:
            if baseline is None:
                return target, ExpectedMethod.TARGET
            return _dec(Fraction(baseline) + (Fraction(target) - Fraction(baseline)) * f), ExpectedMethod.LINEAR
        case _:
            assert_never(pace)


def projection(actual: Decimal, period: Period, profile: Profile | None = None) -> Decimal:
    """A flow's full-year value if the rest of the year goes as the months so far (or as last year did)."""
    if profile is not None:
        month, year = profile
        return actual * year / month
    return actual * 12 / period.month


def percent_of_plan(
    direction: Direction, target: Decimal, baseline: Decimal | None, actual: Decimal, *, exact: bool = False
) -> Decimal | None:
    """'đạt X% kế hoạch': actual ÷ target; for lower-is-better target ÷ actual (≥ 100 means met);
    for a structure share, the part of the planned move from the baseline already made.
    Rounded to 2 decimals for display unless `exact`."""

    def r(v: Decimal) -> Decimal:
        return v if exact else round_to(v, 2)

    match direction:
        case Direction.HIGHER:
            return None if target == 0 else r(actual / target * HUNDRED)
        case Direction.LOWER:
            return None if actual <= 0 else r(target / actual * HUNDRED)
        case Direction.TOWARD:
            return part_of_change(target, baseline, actual, exact=exact)
        case _:
            assert_never(direction)


def part_of_change(reference: Decimal, base: Decimal | None, actual: Decimal, *, exact: bool = False) -> Decimal | None:
    """The part of a planned change already made, in percent: poverty 17,78 → 16,28 against
    "giảm 3 điểm" (reference 14,78) is −1,5 ÷ −3 = 50%."""
    if base is None or reference == base:
        return None
    v = (actual - base) / (reference - base) * HUNDRED
    return v if exact else round_to(v, 2)


def _reaches(direction: Direction, target: Decimal, baseline: Decimal | None, actual: Decimal) -> bool:
    """At the target or beyond it in the indicator's direction; a share, on the far side of it
    from the baseline (or at it, with no baseline to say which side is far)."""
    match direction:
        case Direction.HIGHER:
            return actual >= target
        case Direction.LOWER:
            return actual <= target
        case Direction.TOWARD:
            if baseline is None or target == baseline:
                return actual == target
            return (actual - target) * (target - baseline) >= 0
        case _:
            assert_never(direction)


def is_achieved(
    direction: Direction,
    target: Decimal,
    baseline: Decimal | None,
    actual: Decimal,
    form: TargetForm = TargetForm.VALUE,
    high: Decimal | None = None,
    about_tolerance: Decimal = Decimal(1),
) -> bool:
    """Whether the value meets the target as the plan words it (docs/method.md)."""
    meets = FORM_RULES[form].meets
    match meets:
        case Meets.REACHES:
            return _reaches(direction, target, baseline, actual)
        case Meets.ABOVE:
            return actual > target
        case Meets.BELOW:
            return actual < target
        case Meets.NEAR:
            slack = abs(target) * about_tolerance / HUNDRED
            match direction:
                case Direction.HIGHER:
                    return actual >= target - slack
                case Direction.LOWER:
                    return actual <= target + slack
                case Direction.TOWARD:
                    return abs(actual - target) <= slack
                case _:
                    assert_never(direction)
        case Meets.BETWEEN:
            if high is None:  # a range the plan check would refuse: its one end, as a value
                return _reaches(direction, target, baseline, actual)
            match direction:
                case Direction.HIGHER:
                    return actual >= target
                case Direction.LOWER:
                    return actual <= high
                case Direction.TOWARD:
                    return target <= actual <= high
                case _:
                    assert_never(direction)
        case _:
            assert_never(meets)


def score(
    kind: Kind, direction: Direction, target: Decimal, baseline: Decimal | None, actual: Decimal, expected: Decimal,
    period: Period,
) -> Decimal | None:
    """Performance against the expected position, in percent (100 = exactly on the path). Exact:
    round it for display only."""
    match direction:
        case Direction.HIGHER:
            if expected > 0:
                return actual / expected * HUNDRED
            return HUNDRED if actual >= expected else Decimal(0)
        case Direction.LOWER:
            if actual > 0:
                return expected / actual * HUNDRED
            return HUNDRED
        case Direction.TOWARD:
            if baseline is None or target == baseline:
                return None
            progress = (actual - baseline) / (target - baseline)
            if KIND_RULES[kind].pace is Pace.CONSTANT:
                return progress * HUNDRED
            return progress * HUNDRED * 12 / period.month
        case _:
            assert_never(direction)


def is_final(kind: Kind, period: Period) -> bool:
    """A met target is final for a year-to-date total (it can only grow) or in December; before
    that a rate, level or share that meets its target is on track, not yet achieved."""
    return KIND_RULES[kind].final_when_met or period.month == 12


def verdict(
    achieved: bool,
    score_value: Decimal | None,
    gap: Decimal,
    thresholds: ThresholdsLike,
    final: bool = True,
    *,
    year_end: bool = False,
    at_bound: bool = False,
) -> Verdict:
    """The verdict from exact numbers. `year_end`: the value is December's or the year is over, so
    the target is met (achieved) or not (missed). `at_bound`: the value stands exactly on the
    reference without meeting it (a strict "dưới"/"trên"), which is never on track."""
    if year_end:
        return Verdict.ACHIEVED if achieved else Verdict.MISSED
    if achieved:
        return Verdict.ACHIEVED if final else Verdict.ON_TRACK
    if score_value is None:  # a share with no baseline: judged by its distance in points
        distance = abs(gap)
        if distance <= thresholds.share_on_track_points and not at_bound:
            return Verdict.ON_TRACK
        return Verdict.AT_RISK if distance <= thresholds.share_at_risk_points else Verdict.OFF_TRACK
    if score_value >= thresholds.on_track:
        return Verdict.AT_RISK if at_bound else Verdict.ON_TRACK
    if score_value >= thresholds.at_risk:
        return Verdict.AT_RISK
    return Verdict.OFF_TRACK


def remaining(reference: Decimal, actual: Decimal, achieved: bool) -> Decimal:
    """How much is still needed to meet the target, in the indicator's unit; 0 once met. (A value
    exactly on a strict bound has no finite amount left: assess leaves it None.)"""
    if achieved:
        return Decimal(0)
    return abs(reference - actual)


def exceeds(direction: Direction, judged: Decimal, reference: Decimal) -> bool:
    """Beyond the reference in the indicator's direction, not only at it ("vượt"); a share is
    never said to exceed its planned share."""
    match direction:
        case Direction.HIGHER:
            return judged > reference
        case Direction.LOWER:
            return judged < reference
        case Direction.TOWARD:
            return False
        case _:
            assert_never(direction)


def falls_back(history: Sequence[Actual], year: int) -> bool:
    """A year-to-date flow that is lower than an earlier month of the same year (1,2 in June,
    1,0 in August): accepted, since revisions may lower it, but worth a look."""
    values = [a.value for a in sorted(history, key=lambda a: a.period) if a.period.year == year]
    return any(later < max(values[:i]) for i, later in enumerate(values) if i > 0)


def falls(history: Sequence[Actual], year: int) -> list[Fall]:
    """Where a year-to-date total fell: each month of `year` below the month recorded before it.
    20.000 in October, 17.000 in November, 18.000 in December fell in November (December is below
    October too, but it rose). There is one whenever `falls_back` is true: a value below an
    earlier maximum has a drop somewhere between the two."""
    months = [a for a in sorted(history, key=lambda a: a.period) if a.period.year == year]
    return [Fall(b.period, b.value, a.period, a.value) for a, b in pairwise(months) if b.value < a.value]


def on_pace_to_bound(kind: Kind, reference: Decimal, baseline: Decimal | None, actual: Decimal, period: Period,
                     profile: Profile | None = None) -> bool:
    """Whether the value stands exactly on the expected position, in exact rationals: a flow whose
    pace lands on the reference (183.500 by June of "trên 367.000": × 12 ÷ 6 = 367.000 exactly),
    a level on its straight line to it, a rate at it. For a strict bound that is not on track."""
    a, ref, f = Fraction(actual), Fraction(reference), period.fraction
    pace = KIND_RULES[kind].pace
    match pace:
        case Pace.YEAR_TO_DATE:
            if profile is not None:
                month, year = profile
                return a * Fraction(year) == ref * Fraction(month)
            return a == ref * f
        case Pace.CONSTANT:
            return a == ref
        case Pace.LINEAR:
            if baseline is None:
                return a == ref
            return a == Fraction(baseline) + (ref - Fraction(baseline)) * f
        case _:
            assert_never(pace)


def change_score(kind: Kind, reference: Decimal, base: Decimal | None, actual: Decimal, period: Period) -> Decimal | None:
    """A target stated as a change (not a flow), judged as provinces judge a reduction: the part of
    the change made against the part expected by now, in percent. Poverty 17,78 against "giảm 3
    điểm" (14,78): nothing made by June is 0 % of the 50 % expected → score 0; 16,91 in October
    is 0,87 ÷ 3 = 29 % made of the 10/12 = 83,3 % expected → score 34,8. None when the change is 0."""
    part = part_of_change(reference, base, actual, exact=True)
    if part is None:
        return None
    return _dec(Fraction(part) / period.fraction)


class YearOnYear(NamedTuple):
    """'so với cùng kỳ': the same month a year earlier and the change since, in points for a
    percentage or a rate, else in percent (exact: JSON rounds to 2, displays to 1)."""

    last_year: Decimal | None = None
    percent: Decimal | None = None
    points: Decimal | None = None


def year_on_year(actual: Actual, history: Sequence[Actual], in_points: bool) -> YearOnYear:
    """Against the same month a year earlier, when the ledger holds it."""
    period = actual.period
    before = next((a.value for a in history if a.period == Period(period.year - 1, period.month)), None)
    if before is None:
        return YearOnYear()
    if in_points:
        return YearOnYear(before, points=actual.value - before)
    if before > 0:
        return YearOnYear(before, percent=(actual.value - before) / before * HUNDRED)
    return YearOnYear(before)


@dataclass(frozen=True)
class Spec:
    """One target of an indicator as the plan sets it: the main target, another basis of it
    (`other_targets`: "dự toán Trung ương giao") or an amendment in force from `start`. The same
    rule (`judge`) judges each: one method, whichever target it is."""

    target: Decimal
    form: TargetForm = TargetForm.VALUE
    high: Decimal | None = None
    change: Change | None = None
    text: str | None = None
    label: str | None = None
    label_en: str | None = None
    source: str | None = None
    start: Period | None = None  # an amendment: the first period judged against it
    scenario: dict[Period, Decimal] | None = None  # a rate's planned value by period


@dataclass(frozen=True)
class Judgement:
    """What one target makes of one value: everything `assess` puts on the Progress object, and
    an OtherTarget's standing. Exact numbers: rounding is for display."""

    reference: Decimal
    level_target: Decimal
    level_high: Decimal | None
    change_needed: Decimal | None = None
    change_needed_percent: Decimal | None = None
    gap: Decimal | None = None
    percent_of_plan: Decimal | None = None
    expected: Decimal | None = None
    expected_method: ExpectedMethod | None = None
    expected_basis: ExpectedBasis | None = None  # None with no value
    score: Decimal | None = None
    achieved: bool = False
    status: Verdict = Verdict.NO_DATA
    exceeded: bool = False
    remaining: Decimal | None = None
    projection: Decimal | None = None
    projection_percent: Decimal | None = None
    verdict_basis: VerdictBasis | None = None
    final: bool | None = None


@dataclass
class OtherStanding:
    """How the value stands against another basis of its target ("105,5 % dự toán HĐND tỉnh
    giao"): the spec, and the same figures the main target gets."""

    spec: Spec
    judgement: Judgement

    # the figures a sentence reads of it, as it reads them of a Progress (render/sentences.py)
    @property
    def status(self) -> Verdict:
        return self.judgement.status

    @property
    def percent_of_plan(self) -> Decimal | None:
        return self.judgement.percent_of_plan

    @property
    def exceeded(self) -> bool:
        return self.judgement.exceeded

    @property
    def reference(self) -> Decimal:
        return self.judgement.reference

    @property
    def gap(self) -> Decimal | None:
        return self.judgement.gap

    @property
    def remaining(self) -> Decimal | None:
        return self.judgement.remaining


def parse_month(text: str) -> Period:
    """A "YYYY-MM" key of the plan (an amendment's `from`, a scenario's period), checked by the plan."""
    year, month = text.strip().split("-")
    return Period(int(year), int(month))


def _change(text: str | None) -> Change | None:
    return None if text is None else Change(text)


def indicator_specs(ind: IndicatorLike) -> tuple[Spec, list[Spec], list[Spec]]:
    """The main target, its amendments (in the order they take effect) and its other bases."""
    main = Spec(ind.target, TargetForm(ind.target_form), ind.target_high, _change(ind.change), ind.target_text,
                source=ind.target_source, scenario=_scenario(ind.scenario))
    amendments = sorted(
        (Spec(a.target, TargetForm(a.target_form), a.target_high, _change(a.change), a.target_text, source=a.source,
              start=parse_month(a.start), scenario=_scenario(a.scenario))
         for a in ind.amendments),
        key=lambda s: s.start or Period(0, 1),
    )
    others = [Spec(o.target, TargetForm(o.target_form), o.target_high, _change(o.change), o.target_text,
                   label=o.label, label_en=o.label_en, source=o.source) for o in ind.other_targets]
    return main, amendments, others


def _scenario(raw: Mapping[str, Decimal] | None) -> dict[Period, Decimal] | None:
    return {parse_month(k): v for k, v in raw.items()} if raw else None


def in_force(main: Spec, amendments: Sequence[Spec], period: Period | None) -> Spec:
    """The target in force for `period`: the latest amendment that starts by then, else the plan's."""
    if period is None:
        return main
    chosen = main
    for a in amendments:
        if a.start is not None and a.start <= period:
            chosen = a
    return chosen


def judge(
    spec: Spec,
    kind: Kind,
    direction: Direction,
    baseline: Decimal | None,
    actual: Actual | None,
    history: Sequence[Actual],
    thresholds: ThresholdsLike,
    *,
    year_over: bool = False,
    is_percent: bool = False,
) -> Judgement:
    """One target against one value, by the method of docs/method.md: the reference, % of plan,
    the expected position (a scenario's value for the period when a rate has one), the score and
    the verdict. `baseline` is the year's reference baseline (already chosen by `assess`)."""
    change, form = spec.change, spec.form
    level_target, level_high = spec.target, spec.high
    if change is not None and baseline is not None:
        level_target = change_level(change, baseline, spec.target)
        level_high = change_level(change, baseline, spec.high) if spec.high is not None else None
    ref = reference_target(direction, form, level_target, level_high, baseline)
    change_needed = change_needed_percent = None
    if baseline is not None:
        change_needed = ref - baseline
        if not is_percent and baseline != 0:
            change_needed_percent = (ref - baseline) / abs(baseline) * HUNDRED  # exact, as yoy_percent
    plan_figures = Judgement(ref, level_target, level_high, change_needed, change_needed_percent)
    if actual is None:
        return plan_figures
    gap = actual.value - ref
    year_to_date = KIND_RULES[kind].pace is Pace.YEAR_TO_DATE
    # % of plan: for a planned change (not a year-to-date flow), the part of the change made.
    by_change = change is not None and not year_to_date
    if by_change:
        pop = part_of_change(ref, baseline, actual.value, exact=True)
    else:
        pop = percent_of_plan(direction, ref, baseline, actual.value, exact=True)
    profile = last_year_profile(history, actual.period) if year_to_date else None
    expected, expected_method = expected_position(kind, ref, baseline, actual.period, profile)
    december = actual.period.month == 12
    year_end = december or year_over
    # A growth scenario: the rate planned for this period is the expected position (before the
    # year's end, when the annual target itself is what counts); a period without one falls back.
    planned = (spec.scenario.get(actual.period)
               if spec.scenario and KIND_RULES[kind].pace is Pace.CONSTANT and not year_end else None)
    expected_basis = ExpectedBasis.PLAN
    if planned is not None:
        expected, expected_method, expected_basis = planned, ExpectedMethod.SCENARIO, ExpectedBasis.SCENARIO
    sc = score(kind, direction, ref, baseline, actual.value, expected, actual.period)
    if by_change:  # the part of the change made against the part expected (docs/method.md)
        made = change_score(kind, ref, baseline, actual.value, actual.period)
        sc = sc if made is None else made
    achieved = is_achieved(direction, level_target, baseline, actual.value, form, level_high, thresholds.about_tolerance)
    proj = proj_pop = None
    if year_to_date:
        proj = projection(actual.value, actual.period, profile)
        proj_pop = percent_of_plan(direction, ref, baseline, proj, exact=True)
    judged, basis = actual.value, VerdictBasis.ACTUAL
    if year_over and not december and year_to_date and not achieved and proj is not None:
        # A year-to-date total with no December once the year is over: judged on its full-year
        # projection, an estimate (final stays false), not on the months so far.
        judged, basis = proj, VerdictBasis.PROJECTION
        achieved = is_achieved(direction, level_target, baseline, proj, form, level_high, thresholds.about_tolerance)
    # A strict bound ("trên"/"dưới") not met exactly at it, or exactly on pace to it, is never on track.
    at_bound = not achieved and (
        actual.value == ref
        or (FORM_RULES[form].strict and not year_end
            and on_pace_to_bound(kind, ref, baseline, actual.value, actual.period, profile))
    )
    # Against a scenario the period's planned rate decides, not the annual figure: a rate above the
    # year's target but below the quarter's scenario is behind the province's own path.
    status = verdict(
        achieved and planned is None, sc, gap, thresholds, is_final(kind, actual.period),
        year_end=year_end, at_bound=at_bound,
    )
    return Judgement(
        ref, level_target, level_high, change_needed, change_needed_percent,
        gap=gap,
        percent_of_plan=pop,
        expected=expected,
        expected_method=expected_method,
        expected_basis=expected_basis,
        score=sc,
        achieved=achieved,
        status=status,
        exceeded=achieved and exceeds(direction, judged, ref),
        # on a strict bound nothing finite "remains", yet it is not met: no amount (null), not 0
        remaining=None if at_bound and actual.value == ref else remaining(ref, actual.value, achieved),
        projection=proj,
        projection_percent=proj_pop,
        verdict_basis=basis,
        final=december if year_end else None,
    )


def _round2(v: Decimal | None) -> Decimal | None:
    return None if v is None else round_to(v, 2)


def assess(
    target_obj: TargetLike,
    ind: IndicatorLike,
    group_id: str,
    thresholds: ThresholdsLike,
    actual: Actual | None,
    target: Decimal | None = None,
    baseline: Decimal | None = None,
    history: Sequence[Actual] | None = None,
    *,
    area_target: AreaTargetLike | None = None,
    baseline_year: int | None = None,
    year_over: bool = False,
) -> Progress:
    """The standing of one indicator given its latest effective actual (or none) and its history.

    `area_target` (an [[areas.targets]] entry) replaces the province's target and baseline: an area
    row never shows the province's baseline. (`target`/`baseline` keep working for older callers.)
    `year_over`: the plan year has ended, so the latest value gets a final verdict.
    """
    history = list(history or [])
    if area_target is not None:
        target, baseline = area_target.target, area_target.baseline
    is_area = area_target is not None or target is not None
    target = ind.target if target is None else target
    if not is_area:
        baseline = ind.baseline if baseline is None else baseline
        main, amendments, others = indicator_specs(ind)
    else:  # an area's target is a plain value, with no wording, amendment or other basis
        main, amendments, others = Spec(target), [], []
    spec = in_force(main, amendments, actual.period if actual is not None else None)
    kind, direction = Kind(ind.kind), Direction(ind.direction)
    baseline_kind = None
    if baseline is not None:
        baseline_kind = BaselineKind(ind.baseline_kind) if not is_area else BaselineKind.ESTIMATE
    # One reference for the year (docs/method.md, "The baseline"): the ledger's December of the
    # baseline year when recorded, else the plan's estimate — for the path, the change and the
    # year-on-year comparison alike. An area keeps its own baseline.
    base_source = None
    if baseline is not None and not is_area:
        official = None
        if baseline_year is not None:
            official = next((a.value for a in history if a.period == Period(baseline_year, 12)), None)
        if official is not None:
            baseline, base_source = official, f"ledger {baseline_year}-12"
        else:
            base_source = "plan"
    is_percent = is_percent_unit(ind.unit)

    def judged(s: Spec) -> Judgement:
        return judge(s, kind, direction, baseline, actual, history, thresholds, year_over=year_over,
                     is_percent=is_percent)

    j = judged(spec)
    measured = actual is not None
    year_to_date = measured and KIND_RULES[kind].pace is Pace.YEAR_TO_DATE
    fell = year_to_date and actual is not None and falls_back(history, actual.period.year)
    frequency = Frequency(ind.frequency)
    yoy = year_on_year(actual, history, is_percent or KIND_RULES[kind].is_change) if actual is not None else YearOnYear()
    month = (month_figures(actual.period, history, frequency, j.reference)
             if year_to_date and actual is not None else MonthFigures())
    amended = spec is not main  # an amendment in force: the plan's first target stays on record
    return Progress(
        id=ind.id,
        target_number=target_obj.number,
        target_label=target_obj.source_label,
        group=group_id,
        name=ind.name,
        name_en=ind.name_en,
        unit=ind.unit,
        unit_en=ind.unit_label_en,
        kind=kind,
        direction=direction,
        target=spec.target,
        baseline=baseline,
        baseline_kind=baseline_kind,
        target_form=spec.form,
        target_high=spec.high,
        actual=actual.value if actual is not None else None,
        period=actual.period if actual is not None else None,
        # percent_of_plan stays exact on the object (displays round it once, to 1 decimal: 94,545… → 94,5);
        # JSON and CSV round it to 2 decimals (render/contract.py). The others keep their 2 decimals here.
        percent_of_plan=j.percent_of_plan,
        gap=j.gap,
        remaining=j.remaining,
        expected=_round2(j.expected),
        expected_method=j.expected_method,
        score=_round2(j.score),
        status=j.status,
        change_needed=j.change_needed,
        change_needed_percent=j.change_needed_percent,
        last_year=yoy.last_year,
        yoy_percent=yoy.percent,
        yoy_points=yoy.points,
        projection=_round2(j.projection),
        projection_percent=_round2(j.projection_percent),
        history=history,
        change=spec.change,
        reference=j.reference,
        base_source=base_source,
        final=j.final,
        target_text=spec.text if not is_area else None,  # the plan's own wording, when it gives one
        falls_back=fell,
        falls=falls(history, actual.period.year) if fell and actual is not None else [],
        verdict_basis=j.verdict_basis,
        exceeded=j.exceeded,
        exact={"percent_of_plan": j.percent_of_plan, "expected": j.expected, "score": j.score,
               "projection": j.projection, "projection_percent": j.projection_percent} if measured else {},
        month_value=month.value,
        previous_month_value=month.previous,
        mom_percent=month.mom_percent,
        month_percent_of_plan=month.percent_of_plan,
        last_year_month_value=month.last_year,
        month_yoy_percent=month.yoy_percent,
        frequency=frequency,
        expected_basis=j.expected_basis,
        other_targets=[OtherStanding(o, judged(o)) for o in others],
        amended_from=spec.start if amended else None,
        amendment_source=spec.source if amended else None,
        original_target=main.target if amended else None,
        original_spec=main if amended else None,
        amendments=amendments,
    )


def own_values(history: Sequence[Actual], step: int = 1) -> dict[Period, Decimal]:
    """Each period's own value of a year-to-date flow: YTD(m) − YTD(m − step), only when both are
    recorded; the first period of a year (January, or quý I when `step` is 3) is its YTD itself.
    Lạng Sơn's "tháng 5 ước đạt 405,6 tỷ đồng" is May's total less April's."""
    values = {a.period: a.value for a in history}
    out: dict[Period, Decimal] = {}
    for period, value in values.items():
        if period.month == step:
            out[period] = value
        elif period.month > step:
            before = values.get(Period(period.year, period.month - step))
            if before is not None:
                out[period] = value - before
    return out


def change_percent(value: Decimal | None, before: Decimal | None) -> Decimal | None:
    """(value − before) ÷ before × 100, exact; None without both or when `before` is not positive."""
    if value is None or before is None or before <= 0:
        return None
    return (value - before) / before * HUNDRED


class MonthFigures(NamedTuple):
    """A year-to-date flow's own value for its month and what provinces say of it (None: not known)."""

    value: Decimal | None = None
    previous: Decimal | None = None
    mom_percent: Decimal | None = None
    percent_of_plan: Decimal | None = None
    last_year: Decimal | None = None
    yoy_percent: Decimal | None = None


def month_figures(period: Period, history: Sequence[Actual], frequency: Frequency, reference: Decimal) -> MonthFigures:
    """The month's own value of a year-to-date flow and what provinces say of it (docs/method.md,
    "The month's own value"): against the month before's own value ("so với tháng trước"), as a
    share of the annual target ("đạt 6,16 % kế hoạch năm") and against the same month a year
    earlier ("so với cùng kỳ"). A quarterly flow's "month" is its quarter."""
    step = frequency_step(frequency)
    own = own_values(history, step)
    value = own.get(period)
    if value is None:
        return MonthFigures()
    previous = own.get(Period(period.year, period.month - step)) if period.month > step else None
    last_year = own.get(Period(period.year - 1, period.month))
    return MonthFigures(
        value=value,
        previous=previous,
        mom_percent=change_percent(value, previous),
        percent_of_plan=value / reference * HUNDRED if reference != 0 else None,
        last_year=last_year,
        yoy_percent=change_percent(value, last_year),
    )


def _counts(area_view: bool) -> dict[str, int]:
    return dict.fromkeys(VERDICTS if not area_view else (*VERDICTS, Verdict.NO_TARGET), 0)


def summarise(rows: Sequence[Progress], *, area_view: bool = False) -> dict[str, int]:
    """Counts of the indicators by verdict; an area view also counts `no_target` (an indicator
    with no target for that area), never as `no_data`."""
    counts = _counts(area_view)
    for r in rows:
        counts[r.status] = counts.get(r.status, 0) + 1
    return {"indicators": len(rows), **counts}


def _rank(v: Verdict) -> int:
    rank = VERDICT_RULES[v].rank
    assert rank is not None, f"{v} is not a measured verdict"
    return rank


def target_verdict(statuses: Sequence[Verdict]) -> Verdict:
    """How a numbered target stands, from its indicators: the worst measured verdict wins;
    "achieved" needs every indicator achieved; a target with nothing measured has no data."""
    measured = [s for s in statuses if VERDICT_RULES[s].rank is not None]
    if not measured:
        # an area view: a target none of whose indicators has a target for the area has none itself
        none = bool(statuses) and all(s == Verdict.NO_TARGET for s in statuses)
        return Verdict.NO_TARGET if none else Verdict.NO_DATA
    judged = [s for s in statuses if s != Verdict.NO_TARGET]  # on the indicators the area has targets for
    if all(s == Verdict.ACHIEVED for s in judged):
        return Verdict.ACHIEVED
    worst = Verdict(min(measured, key=_rank))
    return Verdict.ON_TRACK if worst == Verdict.ACHIEVED else worst


def summarise_targets(rows: Sequence[Progress], *, area_view: bool = False) -> dict[str, int]:
    """Counts of the numbered targets by verdict: '14/18 chỉ tiêu đạt và vượt kế hoạch'; an area
    view counts `no_target` apart, as `summarise` does."""
    by_target: dict[int, list[Verdict]] = {}
    for r in rows:
        by_target.setdefault(r.target_number, []).append(r.status)
    counts = _counts(area_view)
    for statuses in by_target.values():
        v = target_verdict(statuses)
        counts[v] = counts.get(v, 0) + 1
    return {"targets": len(by_target), **counts}


# ───────────── for the renderers: the maths that charts and the HTML report draw ─────────────


def expected_path(p: Progress, year: int) -> dict[int, Decimal]:
    """Where the plan expects the indicator at the end of each month of `year` (month → value),
    from the same rule as the verdict's expected position (docs/method.md). Needs a target."""
    assert p.target is not None, "expected_path needs an indicator with a target"
    ref = p.reference if p.reference is not None else reference_target(
        p.direction, p.target_form, p.target, p.target_high, p.baseline
    )
    path = {}
    for m in range(1, 13):
        period = Period(year, m)
        profile = last_year_profile(p.history, period) if KIND_RULES[p.kind].pace is Pace.YEAR_TO_DATE else None
        path[m] = expected_position(p.kind, ref, p.baseline, period, profile)[0]
    return path


def expected_percent_of_target(p: Progress) -> Decimal | None:
    """The expected position as a % of the annual target (the tick on the report's bar chart);
    None when there is none to show (no expected position, lower-is-better, or a zero target)."""
    if p.expected is None or p.direction != Direction.HIGHER or not p.target:
        return None
    return p.expected / p.target * 100
