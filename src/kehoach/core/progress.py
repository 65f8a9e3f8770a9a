"""The progress maths: % of plan, gap, expected position and a verdict per indicator.

docs/method.md states these rules in words; this module is the one place they are computed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from itertools import pairwise

from kehoach.core.numbers import round_to
from kehoach.core.periods import Period
from kehoach.core.planview import is_percent_unit

VERDICTS = ("achieved", "on_track", "at_risk", "off_track", "no_data", "missed")
# "missed" (Không đạt KH) is final: December's value, or the latest once the plan year is over.
ATTENTION = ("at_risk", "off_track", "missed")
HUNDRED = Decimal(100)


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
    # added with issue 9 (appended to the JSON/CSV contract in render/contract.py)
    change: str | None = None  # "percent" | "points": the target is a change against `base`
    reference: Decimal | None = None  # the one level the year is judged against
    base_source: str | None = None  # where the change's base comes from: "plan" or "ledger YYYY-12"
    final: bool | None = None  # the verdict is the year's: December, or the year is over
    target_text: str | None = None  # the target as written: "dưới 4,5%", "tăng 12%"
    falls_back: bool = False  # a year-to-date flow below an earlier month of the same year
    # added with issue 16: the months where such a total fell (each below the month recorded before it)
    falls: list[Fall] = field(default_factory=list)
    # "projection": a year over without December judged a flow on its full-year projection (an estimate);
    # "actual": the verdict rests on the value recorded; None with no value
    verdict_basis: str | None = None
    exceeded: bool = False  # beyond the target, not only at it ("vượt"), from exact numbers
    # Offices disagree on the value shown (two records of its key stand, neither revising the other):
    # each as {value, by, office, record_id}, the one in force last; None when they agree.
    conflict: list[dict] | None = None
    # The same figures unrounded: verdicts and sentences use these (round once, for display).
    exact: dict = field(default_factory=dict, repr=False)
    # A merged province's value for a month before the merger (core/succession.py): how it was
    # combined from its predecessors' values; None when it is not combined.
    combined_from: dict | None = None
    # added with issue 18 (docs/method.md, "The month's own value" … "A growth scenario"); exact:
    # JSON and CSV round them to 2 decimals, a display once to 1.
    month_value: Decimal | None = None  # YTD(m) − YTD(m−1): "tháng 5 ước đạt 405,6 tỷ đồng"
    previous_month_value: Decimal | None = None  # the month before's own value ("thực hiện tháng trước")
    mom_percent: Decimal | None = None  # "tăng 15,37 % so với tháng trước"
    month_percent_of_plan: Decimal | None = None  # the month's value ÷ the annual target: "đạt 6,16 % kế hoạch năm"
    last_year_month_value: Decimal | None = None  # the same month's own value a year earlier
    month_yoy_percent: Decimal | None = None  # "tăng 38,42 % so với cùng kỳ" (the month against the month)
    frequency: str = "monthly"  # "quarterly": recorded for 03, 06, 09, 12 only
    expected_basis: str | None = None  # "scenario": a growth scenario's value for the period; "plan"
    # other bases of the target ("dự toán Trung ương giao"), each judged by the same rule
    other_targets: list[OtherStanding] = field(default_factory=list)
    # an amendment in force for `period` ("kế hoạch điều chỉnh"): from when, by what; the plan's first target
    amended_from: Period | None = None
    amendment_source: str | None = None
    original_target: Decimal | None = None
    original_spec: Spec | None = field(default=None, repr=False)
    amendments: list[Spec] = field(default_factory=list, repr=False)  # every amendment of the plan
    # added with issue 18: the stage of the value in force (estimate, preliminary, official), None when not said
    stage: str | None = None

    @property
    def needs_attention(self) -> bool:
        return self.status in ATTENTION

    @property
    def is_percent(self) -> bool:
        return is_percent_unit(self.unit)


def change_level(change: str, base: Decimal, value: Decimal) -> Decimal:
    """The level a planned change reaches from its base: "tăng 12%" of 20,65 is 20,65 × 1,12 = 23,128;
    "giảm 3 điểm" from 17,78 is 14,78."""
    if change == "percent":
        return base * (HUNDRED + value) / HUNDRED
    return base + value


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
    """Where the indicator should stand by `period` if the year goes to plan, and how that was found.
    Exact: rounded only for display, never before a comparison."""
    f = period.fraction
    if kind == "flow":
        if profile is not None:
            month, year = profile
            return target * month / year, "last_year_profile"
        return _dec(Fraction(target) * f), "pro_rata"
    if kind == "rate" or baseline is None:
        return target, "target"
    return _dec(Fraction(baseline) + (Fraction(target) - Fraction(baseline)) * f), "linear"


def projection(actual: Decimal, period: Period, profile: tuple[Decimal, Decimal] | None = None) -> Decimal:
    """A flow's full-year value if the rest of the year goes as the months so far (or as last year did)."""
    if profile is not None:
        month, year = profile
        return actual * year / month
    return actual * 12 / period.month


def percent_of_plan(
    direction: str, target: Decimal, baseline: Decimal | None, actual: Decimal, *, exact: bool = False
) -> Decimal | None:
    """'đạt X% kế hoạch': actual ÷ target; for lower-is-better target ÷ actual (≥ 100 means met);
    for a structure share, the part of the planned move from the baseline already made.
    Rounded to 2 decimals for display unless `exact`."""
    r = (lambda v: v) if exact else (lambda v: round_to(v, 2))
    if direction == "higher":
        return None if target == 0 else r(actual / target * HUNDRED)
    if direction == "lower":
        return None if actual <= 0 else r(target / actual * HUNDRED)
    return part_of_change(target, baseline, actual, exact=exact)


def part_of_change(reference: Decimal, base: Decimal | None, actual: Decimal, *, exact: bool = False) -> Decimal | None:
    """The part of a planned change already made, in percent: poverty 17,78 → 16,28 against
    "giảm 3 điểm" (reference 14,78) is −1,5 ÷ −3 = 50%."""
    if base is None or reference == base:
        return None
    v = (actual - base) / (reference - base) * HUNDRED
    return v if exact else round_to(v, 2)


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
    """Performance against the expected position, in percent (100 = exactly on the path). Exact:
    round it for display only."""
    if direction == "higher":
        if expected > 0:
            return actual / expected * HUNDRED
        return HUNDRED if actual >= expected else Decimal(0)
    if direction == "lower":
        if actual > 0:
            return expected / actual * HUNDRED
        return HUNDRED
    if baseline is None or target == baseline:
        return None
    progress = (actual - baseline) / (target - baseline)
    if kind == "rate":
        return progress * HUNDRED
    return progress * HUNDRED * 12 / period.month


def is_final(kind: str, period: Period) -> bool:
    """A met target is final for a year-to-date total (it can only grow) or in December; before
    that a rate, level or share that meets its target is on track, not yet achieved."""
    return kind in ("flow", "count") or period.month == 12


def verdict(
    achieved: bool,
    score_value: Decimal | None,
    gap: Decimal,
    thresholds,
    final: bool = True,
    *,
    year_end: bool = False,
    at_bound: bool = False,
) -> str:
    """The verdict from exact numbers. `year_end`: the value is December's or the year is over, so
    the target is met (achieved) or not (missed). `at_bound`: the value stands exactly on the
    reference without meeting it (a strict "dưới"/"trên"), which is never on track."""
    if year_end:
        return "achieved" if achieved else "missed"
    if achieved:
        return "achieved" if final else "on_track"
    if score_value is None:  # a share with no baseline: judged by its distance in points
        distance = abs(gap)
        if distance <= thresholds.share_on_track_points and not at_bound:
            return "on_track"
        return "at_risk" if distance <= thresholds.share_at_risk_points else "off_track"
    if score_value >= thresholds.on_track:
        return "at_risk" if at_bound else "on_track"
    if score_value >= thresholds.at_risk:
        return "at_risk"
    return "off_track"


def remaining(reference: Decimal, actual: Decimal, achieved: bool) -> Decimal:
    """How much is still needed to meet the target, in the indicator's unit; 0 once met. (A value
    exactly on a strict bound has no finite amount left: assess leaves it None.)"""
    if achieved:
        return Decimal(0)
    return abs(reference - actual)


def falls_back(history: list[Actual], year: int) -> bool:
    """A year-to-date flow that is lower than an earlier month of the same year (1,2 in June,
    1,0 in August): accepted, since revisions may lower it, but worth a look."""
    values = [a.value for a in sorted(history, key=lambda a: a.period) if a.period.year == year]
    return any(later < max(values[:i]) for i, later in enumerate(values) if i > 0)


def falls(history: list[Actual], year: int) -> list[Fall]:
    """Where a year-to-date total fell: each month of `year` below the month recorded before it.
    20.000 in October, 17.000 in November, 18.000 in December fell in November (December is below
    October too, but it rose). There is one whenever `falls_back` is true: a value below an
    earlier maximum has a drop somewhere between the two."""
    months = [a for a in sorted(history, key=lambda a: a.period) if a.period.year == year]
    return [Fall(b.period, b.value, a.period, a.value) for a, b in pairwise(months) if b.value < a.value]


def on_pace_to_bound(kind: str, reference: Decimal, baseline: Decimal | None, actual: Decimal, period: Period,
                     profile: tuple[Decimal, Decimal] | None = None) -> bool:
    """Whether the value stands exactly on the expected position, in exact rationals: a flow whose
    pace lands on the reference (183.500 by June of "trên 367.000": × 12 ÷ 6 = 367.000 exactly),
    a level on its straight line to it, a rate at it. For a strict bound that is not on track."""
    a, ref, f = Fraction(actual), Fraction(reference), period.fraction
    if kind == "flow":
        if profile is not None:
            month, year = profile
            return a * Fraction(year) == ref * Fraction(month)
        return a == ref * f
    if kind == "rate" or baseline is None:
        return a == ref
    return a == Fraction(baseline) + (ref - Fraction(baseline)) * f


def change_score(kind: str, reference: Decimal, base: Decimal | None, actual: Decimal, period: Period) -> Decimal | None:
    """A target stated as a change (not a flow), judged as provinces judge a reduction: the part of
    the change made against the part expected by now, in percent. Poverty 17,78 against "giảm 3
    điểm" (14,78): nothing made by June is 0 % of the 50 % expected → score 0; 16,91 in October
    is 0,87 ÷ 3 = 29 % made of the 10/12 = 83,3 % expected → score 34,8. None when the change is 0."""
    part = part_of_change(reference, base, actual, exact=True)
    if part is None:
        return None
    return _dec(Fraction(part) / period.fraction)


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
        p.yoy_percent = (p.actual - before) / before * HUNDRED  # exact: JSON rounds to 2, displays to 1


@dataclass(frozen=True)
class Spec:
    """One target of an indicator as the plan sets it: the main target, another basis of it
    (`other_targets`: "dự toán Trung ương giao") or an amendment in force from `start`. The same
    rule (`judge`) judges each: one method, whichever target it is."""

    target: Decimal
    form: str = "value"
    high: Decimal | None = None
    change: str | None = None
    text: str | None = None
    label: str | None = None
    label_en: str | None = None
    source: str | None = None
    start: Period | None = None  # an amendment: the first period judged against it
    scenario: dict[Period, Decimal] | None = None  # a rate's planned value by period


@dataclass
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
    expected_method: str | None = None
    expected_basis: str | None = None  # "scenario" | "plan" (None with no value)
    score: Decimal | None = None
    achieved: bool = False
    status: str = "no_data"
    exceeded: bool = False
    remaining: Decimal | None = None
    projection: Decimal | None = None
    projection_percent: Decimal | None = None
    verdict_basis: str | None = None
    final: bool | None = None


@dataclass
class OtherStanding:
    """How the value stands against another basis of its target ("105,5 % dự toán HĐND tỉnh
    giao"): the spec, and the same figures the main target gets."""

    spec: Spec
    judgement: Judgement

    def __getattr__(self, name):  # the judgement's figures as attributes: o.percent_of_plan, o.status
        if name in ("spec", "judgement"):
            raise AttributeError(name)
        return getattr(self.judgement, name)


def parse_month(text: str) -> Period:
    """A "YYYY-MM" key of the plan (an amendment's `from`, a scenario's period), checked by the plan."""
    year, month = text.strip().split("-")
    return Period(int(year), int(month))


def indicator_specs(ind) -> tuple[Spec, list[Spec], list[Spec]]:
    """The main target, its amendments (in the order they take effect) and its other bases."""
    main = Spec(ind.target, ind.target_form, ind.target_high, getattr(ind, "change", None),
                getattr(ind, "target_text", None), source=getattr(ind, "target_source", None),
                scenario=_scenario(getattr(ind, "scenario", None)))
    amendments = sorted(
        (Spec(a.target, a.target_form, a.target_high, a.change, a.target_text, source=a.source,
              start=parse_month(a.start), scenario=_scenario(a.scenario))
         for a in getattr(ind, "amendments", None) or []),
        key=lambda s: s.start or Period(0, 1),
    )
    others = [Spec(o.target, o.target_form, o.target_high, o.change, o.target_text, label=o.label,
                   label_en=o.label_en, source=o.source) for o in getattr(ind, "other_targets", None) or []]
    return main, amendments, others


def _scenario(raw) -> dict[Period, Decimal] | None:
    return {parse_month(k): v for k, v in raw.items()} if raw else None


def in_force(main: Spec, amendments: list[Spec], period: Period | None) -> Spec:
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
    kind: str,
    direction: str,
    baseline: Decimal | None,
    actual: Actual | None,
    history: list[Actual],
    thresholds,
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
    j = Judgement(reference=ref, level_target=level_target, level_high=level_high)
    if baseline is not None:
        j.change_needed = ref - baseline
        if not is_percent and baseline != 0:
            j.change_needed_percent = (ref - baseline) / abs(baseline) * HUNDRED  # exact, as yoy_percent
    if actual is None:
        return j
    j.gap = actual.value - ref
    # % of plan: for a planned change (not a year-to-date flow), the part of the change made.
    by_change = change is not None and kind != "flow"
    if by_change:
        pop = part_of_change(ref, baseline, actual.value, exact=True)
    else:
        pop = percent_of_plan(direction, ref, baseline, actual.value, exact=True)
    profile = last_year_profile(history, actual.period) if kind == "flow" else None
    expected, j.expected_method = expected_position(kind, ref, baseline, actual.period, profile)
    december = actual.period.month == 12
    year_end = december or year_over
    # A growth scenario: the rate planned for this period is the expected position (before the
    # year's end, when the annual target itself is what counts); a period without one falls back.
    planned = spec.scenario.get(actual.period) if spec.scenario and kind == "rate" and not year_end else None
    j.expected_basis = "plan"
    if planned is not None:
        expected, j.expected_method, j.expected_basis = planned, "scenario", "scenario"
    sc = score(kind, direction, ref, baseline, actual.value, expected, actual.period)
    if by_change:  # the part of the change made against the part expected (docs/method.md)
        made = change_score(kind, ref, baseline, actual.value, actual.period)
        sc = sc if made is None else made
    achieved = is_achieved(direction, level_target, baseline, actual.value, form, level_high, thresholds.about_tolerance)
    j.final = december if year_end else None
    proj = proj_pop = None
    if kind == "flow":
        proj = projection(actual.value, actual.period, profile)
        proj_pop = percent_of_plan(direction, ref, baseline, proj, exact=True)
    judged = actual.value
    j.verdict_basis = "actual"
    if year_over and not december and kind == "flow" and not achieved and proj is not None:
        # A year-to-date total with no December once the year is over: judged on its full-year
        # projection, an estimate (final stays false), not on the months so far.
        judged, j.verdict_basis = proj, "projection"
        achieved = is_achieved(direction, level_target, baseline, proj, form, level_high, thresholds.about_tolerance)
    # A strict bound ("trên"/"dưới") not met exactly at it, or exactly on pace to it, is never on track.
    strict = form in ("above", "below")
    at_bound = not achieved and (
        actual.value == ref
        or (strict and not year_end and on_pace_to_bound(kind, ref, baseline, actual.value, actual.period, profile))
    )
    # on a strict bound nothing finite "remains", yet it is not met: no amount (null), not 0
    j.remaining = None if at_bound and actual.value == ref else remaining(ref, actual.value, achieved)
    # Against a scenario the period's planned rate decides, not the annual figure: a rate above the
    # year's target but below the quarter's scenario is behind the province's own path.
    j.status = verdict(
        achieved and planned is None, sc, j.gap, thresholds, is_final(kind, actual.period),
        year_end=year_end, at_bound=at_bound,
    )
    j.achieved = achieved
    j.exceeded = achieved and (
        judged > ref if direction == "higher" else judged < ref if direction == "lower" else False
    )
    j.percent_of_plan, j.expected, j.score, j.projection, j.projection_percent = pop, expected, sc, proj, proj_pop
    return j


def assess(
    target_obj,
    ind,
    group_id: str,
    thresholds,
    actual: Actual | None,
    target=None,
    baseline=None,
    history: list[Actual] | None = None,
    *,
    area_target=None,
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
        target=spec.target,
        baseline=baseline,
        baseline_kind=(ind.baseline_kind if not is_area else "estimate") if baseline is not None else None,
        target_form=spec.form,
        target_high=spec.high,
        history=history,
        change=spec.change,
    )
    p.frequency = getattr(ind, "frequency", "monthly")
    if not is_area:
        p.target_text = spec.text  # the plan's own wording, when it gives one
    if spec is not main:  # an amendment in force: the plan's first target stays on record
        p.amended_from, p.amendment_source = spec.start, spec.source
        p.original_target, p.original_spec = main.target, main
    p.amendments = amendments
    # One reference for the year (docs/method.md, "The baseline"): the ledger's December of the
    # baseline year when recorded, else the plan's estimate — for the path, the change and the
    # year-on-year comparison alike. An area keeps its own baseline.
    if baseline is not None and not is_area:
        official = None
        if baseline_year is not None:
            official = next((a.value for a in history if a.period == Period(baseline_year, 12)), None)
        if official is not None:
            baseline, p.base_source = official, f"ledger {baseline_year}-12"
        else:
            p.base_source = "plan"
        p.baseline = baseline
    common = {"year_over": year_over, "is_percent": p.is_percent}
    j = judge(spec, ind.kind, ind.direction, baseline, actual, history, thresholds, **common)
    p.other_targets = [
        OtherStanding(o, judge(o, ind.kind, ind.direction, baseline, actual, history, thresholds, **common))
        for o in others
    ]
    p.reference, p.change_needed, p.change_needed_percent = j.reference, j.change_needed, j.change_needed_percent
    if actual is None:
        return p
    p.actual, p.period = actual.value, actual.period
    p.gap, p.expected_method, p.expected_basis, p.remaining = j.gap, j.expected_method, j.expected_basis, j.remaining
    p.final, p.verdict_basis, p.status, p.exceeded = j.final, j.verdict_basis, j.status, j.exceeded
    if ind.kind == "flow":
        p.falls_back = falls_back(p.history, actual.period.year)
        p.falls = falls(p.history, actual.period.year) if p.falls_back else []
    p.exact = {"percent_of_plan": j.percent_of_plan, "expected": j.expected, "score": j.score,
               "projection": j.projection, "projection_percent": j.projection_percent}
    # percent_of_plan stays exact on the object (displays round it once, to 1 decimal: 94,545… → 94,5);
    # JSON and CSV round it to 2 decimals (render/contract.py). The others keep their 2 decimals here.
    p.percent_of_plan = j.percent_of_plan
    p.expected, p.score, p.projection, p.projection_percent = (
        None if v is None else round_to(v, 2) for v in (j.expected, j.score, j.projection, j.projection_percent)
    )
    year_on_year(p)
    if ind.kind == "flow":
        month_figures(p, j.reference)
    return p


def own_values(history: list[Actual], step: int = 1) -> dict[Period, Decimal]:
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


def month_figures(p: Progress, reference: Decimal) -> None:
    """The month's own value of a year-to-date flow and what provinces say of it (docs/method.md,
    "The month's own value"): against the month before's own value ("so với tháng trước"), as a
    share of the annual target ("đạt 6,16 % kế hoạch năm") and against the same month a year
    earlier ("so với cùng kỳ"). A quarterly flow's "month" is its quarter."""
    if p.period is None:
        return
    step = 3 if p.frequency == "quarterly" else 1
    own = own_values(p.history, step)
    p.month_value = own.get(p.period)
    if p.month_value is None:
        return
    if p.period.month > step:
        p.previous_month_value = own.get(Period(p.period.year, p.period.month - step))
    p.mom_percent = change_percent(p.month_value, p.previous_month_value)
    if reference != 0:
        p.month_percent_of_plan = p.month_value / reference * HUNDRED
    p.last_year_month_value = own.get(Period(p.period.year - 1, p.period.month))
    p.month_yoy_percent = change_percent(p.month_value, p.last_year_month_value)


def summarise(rows: list[Progress], *, area_view: bool = False) -> dict[str, int]:
    """Counts of the indicators by verdict; an area view also counts `no_target` (an indicator
    with no target for that area), never as `no_data`."""
    counts = dict.fromkeys(VERDICTS, 0)
    if area_view:
        counts["no_target"] = 0
    for r in rows:
        counts[r.status] = counts.get(r.status, 0) + 1
    return {"indicators": len(rows), **counts}


# How a numbered target stands, from its indicators: the worst measured verdict wins; "achieved"
# needs every indicator achieved; a target with nothing measured has no data.
_WORST = ("missed", "off_track", "at_risk", "on_track", "achieved")


def target_verdict(statuses: list[str]) -> str:
    measured = [s for s in statuses if s in _WORST]
    if not measured:
        # an area view: a target none of whose indicators has a target for the area has none itself
        return "no_target" if statuses and all(s == "no_target" for s in statuses) else "no_data"
    statuses = [s for s in statuses if s != "no_target"]  # judged on the indicators the area has targets for
    if all(s == "achieved" for s in statuses):
        return "achieved"
    worst = min(measured, key=_WORST.index)
    return "on_track" if worst == "achieved" else worst


def summarise_targets(rows: list[Progress], *, area_view: bool = False) -> dict[str, int]:
    """Counts of the numbered targets by verdict: '14/18 chỉ tiêu đạt và vượt kế hoạch'; an area
    view counts `no_target` apart, as `summarise` does."""
    by_target: dict[int, list[str]] = {}
    for r in rows:
        by_target.setdefault(r.target_number, []).append(r.status)
    counts = dict.fromkeys(VERDICTS, 0)
    if area_view:
        counts["no_target"] = 0
    for statuses in by_target.values():
        v = target_verdict(statuses)
        counts[v] = counts.get(v, 0) + 1
    return {"targets": len(by_target), **counts}


# ───────────── appended for the renderers: the maths that charts and the HTML report draw ─────────────


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
        profile = last_year_profile(p.history, period) if p.kind == "flow" else None
        path[m] = expected_position(p.kind, ref, p.baseline, period, profile)[0]
    return path


def expected_percent_of_target(p: Progress) -> Decimal | None:
    """The expected position as a % of the annual target (the tick on the report's bar chart);
    None when there is none to show (no expected position, lower-is-better, or a zero target)."""
    if p.expected is None or p.direction != "higher" or not p.target:
        return None
    return p.expected / p.target * 100
