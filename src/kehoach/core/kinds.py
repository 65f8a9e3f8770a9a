"""The closed sets of the domain, as enums, and one table of behaviour for each set that has some.

Every member is a `str` (StrEnum): JSON, CSV, TOML, f-strings and comparisons with a literal see
the same text as before ("achieved", "higher", "range"), so the contract (docs/contract.md) and
every report stay byte for byte what they were. What the enum adds is the checker: a misspelt
member is an error, and a `match` over a set ends in `assert_never`, so a member a branch forgot
is an error too.

A table row says everything one member means to the maths (`FORM_RULES[TargetForm.BELOW].strict`);
its look (words, symbol, colours) is render's (render/look.py). Each table is built by a function
that matches every member, so mypy proves it complete: a new member without a row does not type-check.

This module imports nothing but the standard library, and its rows are NamedTuples (a sixth of a
dataclass's cost to define): the start-up path (`kehoach record`) pays for it.
"""

from __future__ import annotations

from enum import Enum, StrEnum, auto
from typing import NamedTuple, assert_never


class Verdict(StrEnum):
    """An indicator's (or a numbered target's) standing; docs/method.md, "Verdicts". The order is
    the order of the counts in `status --format json` ("summary")."""

    ACHIEVED = "achieved"
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    OFF_TRACK = "off_track"
    NO_DATA = "no_data"
    # final: December's value, or the latest once the plan year is over, does not meet the target
    MISSED = "missed"
    # an area view only: the indicator has no target for that area
    NO_TARGET = "no_target"


class Direction(StrEnum):
    """Which way is better: higher (revenue), lower (poverty), toward (a structure share)."""

    HIGHER = "higher"
    LOWER = "lower"
    TOWARD = "toward"


class Kind(StrEnum):
    """What an indicator measures (docs/method.md, "Kinds")."""

    FLOW = "flow"  # a year-to-date total: revenue, visitors
    RATE = "rate"  # a growth rate: GRDP growth, CPI
    LEVEL = "level"  # a level at a date: poverty rate, doctors per 10.000
    SHARE = "share"  # a structure share of a whole (share_of)
    COUNT = "count"  # a whole number of things: communes meeting a standard


class TargetForm(StrEnum):
    """How the plan words its target (docs/method.md, "Targets as plans write them"):
    value "đạt 14,0%" · at_least "ít nhất/tối thiểu" · above "trên" · at_most "không quá/tối đa"
    · below "dưới" · about "khoảng" · range "7,5–8,0" (target … target_high)."""

    VALUE = "value"
    AT_LEAST = "at_least"
    ABOVE = "above"
    AT_MOST = "at_most"
    BELOW = "below"
    ABOUT = "about"
    RANGE = "range"


class Change(StrEnum):
    """A target stated as a change against the baseline year (docs/method.md, "Targets stated as
    a change"): percent "tăng 12%" (baseline × 1,12) · points "giảm 3 điểm %" (baseline − 3)."""

    PERCENT = "percent"
    POINTS = "points"


class BaselineKind(StrEnum):
    """How the plan's baseline was found: an estimate of the year, derived from other figures, or
    a mid-year value."""

    ESTIMATE = "estimate"
    DERIVED = "derived"
    MID_YEAR = "mid_year"


class Combine(StrEnum):
    """How a merged province's value for a month before it existed is made from its predecessors'
    (core/combine.py, docs/merged-provinces.md)."""

    SUM = "sum"
    WEIGHTED = "weighted"
    PER_CAPITA = "per_capita"
    RECOUNT = "recount"
    NONE = "none"


class Frequency(StrEnum):
    """How often an indicator is published (docs/method.md, "Quarterly indicators")."""

    MONTHLY = "monthly"
    QUARTERLY = "quarterly"  # quý I, 6 tháng, 9 tháng, cả năm: months 03, 06, 09, 12


class Stage(StrEnum):
    """How far a figure has come (Nghị định 62/2024, docs/stages.md), in this order."""

    ESTIMATE = "estimate"  # ước tính
    PRELIMINARY = "preliminary"  # sơ bộ
    OFFICIAL = "official"  # chính thức


class ExpectedMethod(StrEnum):
    """How the expected position for a period was found (the JSON key `expected_method`)."""

    PRO_RATA = "pro_rata"  # a year-to-date total: the target × months ÷ 12
    LAST_YEAR_PROFILE = "last_year_profile"  # … or as last year's months added up to its December
    TARGET = "target"  # a rate (or anything without a baseline): the target itself, all year
    LINEAR = "linear"  # a level: a straight line from the baseline to the target
    SCENARIO = "scenario"  # a growth scenario's planned rate for the period


class ExpectedBasis(StrEnum):
    """What the expected position follows (the JSON key `expected_basis`)."""

    PLAN = "plan"
    SCENARIO = "scenario"


class VerdictBasis(StrEnum):
    """What the verdict rests on (the JSON key `verdict_basis`): the value recorded, or a flow's
    full-year projection once the year is over without December."""

    ACTUAL = "actual"
    PROJECTION = "projection"


# ─────────────────────────────── behaviour tables ───────────────────────────────


class VerdictRule(NamedTuple):
    attention: bool  # `status --attention` and `check` flag it
    # worst first among the measured verdicts (a numbered target takes its worst indicator's);
    # None: nothing was measured
    rank: int | None
    counted: bool  # every summary counts it; one that is not is counted in an area view only


def _verdict_rule(v: Verdict) -> VerdictRule:
    match v:
        case Verdict.MISSED:
            return VerdictRule(attention=True, rank=0, counted=True)
        case Verdict.OFF_TRACK:
            return VerdictRule(attention=True, rank=1, counted=True)
        case Verdict.AT_RISK:
            return VerdictRule(attention=True, rank=2, counted=True)
        case Verdict.ON_TRACK:
            return VerdictRule(attention=False, rank=3, counted=True)
        case Verdict.ACHIEVED:
            return VerdictRule(attention=False, rank=4, counted=True)
        case Verdict.NO_DATA:
            return VerdictRule(attention=False, rank=None, counted=True)
        case Verdict.NO_TARGET:
            return VerdictRule(attention=False, rank=None, counted=False)
        case _:
            assert_never(v)


VERDICT_RULES: dict[Verdict, VerdictRule] = {v: _verdict_rule(v) for v in Verdict}


class Pace(Enum):
    """How an indicator's expected position moves through the year."""

    YEAR_TO_DATE = auto()  # a total that adds up: the target pro rata (or on last year's profile)
    CONSTANT = auto()  # a rate: the target itself in every month
    LINEAR = auto()  # a level: on a straight line from the baseline (the target without one)


class KindRule(NamedTuple):
    pace: Pace
    final_when_met: bool  # met is final before December: a year-to-date total or a count only grows
    is_change: bool  # a growth rate is itself a change: compared in points, never stated as a change
    whole: bool  # its values are whole numbers


def _kind_rule(k: Kind) -> KindRule:
    match k:
        case Kind.FLOW:
            return KindRule(Pace.YEAR_TO_DATE, final_when_met=True, is_change=False, whole=False)
        case Kind.RATE:
            return KindRule(Pace.CONSTANT, final_when_met=False, is_change=True, whole=False)
        case Kind.LEVEL | Kind.SHARE:
            return KindRule(Pace.LINEAR, final_when_met=False, is_change=False, whole=False)
        case Kind.COUNT:
            return KindRule(Pace.LINEAR, final_when_met=True, is_change=False, whole=True)
        case _:
            assert_never(k)


KIND_RULES: dict[Kind, KindRule] = {k: _kind_rule(k) for k in Kind}


class Meets(Enum):
    """How a value meets a target of a given form (core/progress.py, `is_achieved`)."""

    REACHES = auto()  # at the target or beyond it in the indicator's direction
    ABOVE = auto()  # strictly above it: the target itself does not meet "trên"
    BELOW = auto()  # strictly below it: the target itself does not meet "dưới"
    NEAR = auto()  # within the plan's about_tolerance percent of it, or beyond it in the direction
    BETWEEN = auto()  # the range's end in the direction, or between both ends for a share


class FormRule(NamedTuple):
    direction: Direction | None  # the direction its wording implies ("dưới" is lower-is-better); None: any
    strict: bool  # the bound itself does not meet it: a value at it, or on pace to it, is not on track
    # a range (target … target_high): measured against one end, the one in the direction (for a
    # share the one nearer the baseline); every other form against the target itself
    two_ends: bool
    meets: Meets


def _form_rule(f: TargetForm) -> FormRule:
    match f:
        case TargetForm.VALUE:
            return FormRule(None, strict=False, two_ends=False, meets=Meets.REACHES)
        case TargetForm.AT_LEAST:
            return FormRule(Direction.HIGHER, strict=False, two_ends=False, meets=Meets.REACHES)
        case TargetForm.ABOVE:
            return FormRule(Direction.HIGHER, strict=True, two_ends=False, meets=Meets.ABOVE)
        case TargetForm.AT_MOST:
            return FormRule(Direction.LOWER, strict=False, two_ends=False, meets=Meets.REACHES)
        case TargetForm.BELOW:
            return FormRule(Direction.LOWER, strict=True, two_ends=False, meets=Meets.BELOW)
        case TargetForm.ABOUT:
            return FormRule(None, strict=False, two_ends=False, meets=Meets.NEAR)
        case TargetForm.RANGE:
            return FormRule(None, strict=False, two_ends=True, meets=Meets.BETWEEN)
        case _:
            assert_never(f)


FORM_RULES: dict[TargetForm, FormRule] = {f: _form_rule(f) for f in TargetForm}


class ChangeRule(NamedTuple):
    positive_base: bool  # measured as a percentage of its base, which must be above 0
    percent_unit: bool  # percentage points: only for an indicator written in %


def _change_rule(c: Change) -> ChangeRule:
    match c:
        case Change.PERCENT:
            return ChangeRule(positive_base=True, percent_unit=False)
        case Change.POINTS:
            return ChangeRule(positive_base=False, percent_unit=True)
        case _:
            assert_never(c)


CHANGE_RULES: dict[Change, ChangeRule] = {c: _change_rule(c) for c in Change}


def frequency_step(f: Frequency) -> int:
    """Months from one value to the next: a quarterly indicator's "month" is its quarter."""
    match f:
        case Frequency.MONTHLY:
            return 1
        case Frequency.QUARTERLY:
            return 3
        case _:
            assert_never(f)
