"""The plan as pydantic models: what a plan file may say, and the checks that make it usable.

These are the schema only; a plan that passes them is copied into core/planview.py's plain
objects, which carry the behaviour (find, indicators, …) and can be cached without pydantic.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field
from pydantic_core import PydanticCustomError

from kehoach.core import kinds
from kehoach.core.numbers import magnitude_problem

# The closed sets (core/kinds.py) as field types. The model is strict, and strict pydantic takes
# only enum members from Python; a plan file holds text, so these fields alone are validated in lax
# mode, which takes a member's text ("flow") and nothing else a TOML file can hold. A wrong value is
# an "enum" error listing the members, in the order the enum gives them (plan.py words it).
Kind = Annotated[kinds.Kind, Field(strict=False)]
Direction = Annotated[kinds.Direction, Field(strict=False)]
BaselineKind = Annotated[kinds.BaselineKind, Field(strict=False)]
TargetForm = Annotated[kinds.TargetForm, Field(strict=False)]
Change = Annotated[kinds.Change, Field(strict=False)]
Combine = Annotated[kinds.Combine, Field(strict=False)]
Frequency = Annotated[kinds.Frequency, Field(strict=False)]


def _number(value: Any) -> Decimal:
    """Accept TOML integers and decimals (read with parse_float=Decimal); refuse anything else."""
    if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
        shown = f'"{value}"' if isinstance(value, str) else repr(value)
        raise PydanticCustomError("number", "expected a number, got {shown}", {"shown": shown})
    d = Decimal(value)
    if not d.is_finite():
        raise PydanticCustomError("finite", "expected a finite number, got {shown}", {"shown": str(value)})
    problem = magnitude_problem(d)
    if problem:
        raise PydanticCustomError("magnitude", "{problem}", {"problem": problem})
    return d


Number = Annotated[Decimal, BeforeValidator(_number)]
# Characters no document can carry (XML 1.0 refuses them; a terminal obeys them): a plan's text
# reaches the screen, HTML and .docx, so it is refused at the door, with its place.
_UNPRINTABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


def _printable(value: str) -> str:
    bad = _UNPRINTABLE.search(value)
    if bad:
        raise PydanticCustomError(
            "control_character",
            "holds the control character U+{code} at character {at}: remove it",
            {"code": f"{ord(bad.group()):04X}", "at": bad.start() + 1},
        )
    return value


Text = Annotated[str, Field(min_length=1), AfterValidator(_printable)]
Identifier = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=64)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Thresholds(_Strict):
    """Verdict thresholds, in percent of the expected position (docs/method.md)."""

    on_track: Number = Decimal(100)
    at_risk: Number = Decimal(90)
    # "khoảng X" (about) counts as met within this many percent of X.
    about_tolerance: Number = Decimal(1)
    # A share with no baseline is judged by its distance from the planned share, in points.
    share_on_track_points: Number = Decimal(1)
    share_at_risk_points: Number = Decimal(2)


class PlanMeta(_Strict):
    title: Text
    title_en: Text | None = None
    province: Text
    year: Annotated[int, Field(ge=1900, le=2200)]
    baseline_year: Annotated[int, Field(ge=1900, le=2200)]
    source: Text | None = None
    # The report's frame (Decree 30/2020): the issuing body's lines as written ("ỦY BAN NHÂN DÂN",
    # "THÀNH PHỐ HÀ NỘI") and the place in the date line ("Hà Nội, ngày … tháng … năm 2025").
    issuer: Annotated[list[Text], Field(min_length=1, max_length=4)] | None = None
    place: Text | None = None
    thresholds: Thresholds = Thresholds()


class Group(_Strict):
    id: Identifier
    name: Text
    name_en: Text | None = None


class OtherTarget(_Strict):
    """Another basis for the same indicator ("bằng 117,6 % dự toán Trung ương giao và 105,5 % dự
    toán HĐND tỉnh giao"): judged by the same rule as the main target (docs/method.md, "Several
    targets"). It restates the target whole: nothing is taken from the main one."""

    label: Text
    label_en: Text | None = None
    target: Number
    target_form: TargetForm = kinds.TargetForm.VALUE
    target_high: Number | None = None
    change: Change | None = None
    target_text: Text | None = None
    source: Text


class Amendment(_Strict):
    """A target changed during the year (Nghị quyết 226/NQ-CP replaced 25/NQ-CP): periods from
    `from` on are judged against it, earlier ones against the target in force then. It restates
    the target whole (scenario included): nothing is taken from the target it replaces."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, populate_by_name=True)

    start: Annotated[str, Field(alias="from")]
    target: Number
    target_form: TargetForm = kinds.TargetForm.VALUE
    target_high: Number | None = None
    change: Change | None = None
    target_text: Text | None = None
    source: Text
    scenario: dict[str, Number] | None = None


class Indicator(_Strict):
    id: Identifier
    name: Text
    name_en: Text
    unit: Text
    unit_en: Text | None = None
    kind: Kind
    direction: Direction
    share_of: Identifier | None = None
    target: Number
    target_form: TargetForm = kinds.TargetForm.VALUE
    target_high: Number | None = None
    change: Change | None = None
    target_text: Text | None = None
    target_source: Text | None = None
    target_ref: Text | None = None
    target_note: Text | None = None
    baseline: Number | None = None
    baseline_kind: BaselineKind = kinds.BaselineKind.ESTIMATE
    baseline_source: Text | None = None
    baseline_ref: Text | None = None
    baseline_note: Text | None = None
    # A note in each language (see planview.note_in): `show` gives the one asked for, and the
    # other, marked, when that is all there is. The plain `*_note` is the note as first written.
    target_note_vi: Text | None = None
    target_note_en: Text | None = None
    baseline_note_vi: Text | None = None
    baseline_note_en: Text | None = None
    # A merged province: how this indicator's value for a month before the merger is
    # made from the predecessors' (docs/merged-provinces.md). None: it is not combined (no value).
    combine: Combine | None = None
    weights: dict[str, Number] | None = None  # weighted: the published shares, by predecessor name
    weight: Identifier | None = None  # weighted: an indicator of the predecessors' ledgers weighing each
    denominator: Identifier | None = None  # per_capita: the predecessors' population indicator
    numerator: Identifier | None = None  # per_capita: Σ numerator ÷ Σ denominator (else value × denominator)
    from_ids: dict[str, Identifier] | None = None  # predecessor name → its id of this indicator
    # docs/method.md: how often it is published; other bases of the same
    # target; the target as changed during the year; a growth rate's planned path by period
    frequency: Frequency = kinds.Frequency.MONTHLY
    other_targets: list[OtherTarget] = []
    amendments: list[Amendment] = []
    scenario: dict[str, Number] | None = None


class Target(_Strict):
    number: Annotated[int, Field(ge=1)]
    source_label: Text | None = None
    group: Identifier
    wording: Text
    indicators: Annotated[list[Indicator], Field(min_length=1)]


class AreaTarget(_Strict):
    indicator: Identifier
    target: Number
    baseline: Number | None = None
    baseline_source: Text | None = None
    note: Text | None = None


class Predecessor(_Strict):
    """A province merged into this one: its plan and ledger (paths relative to this plan file) and
    the last month it reported alone ("YYYY-MM")."""

    name: Text
    plan: Text
    ledger: Text
    until: Text


class Area(_Strict):
    name: Text
    kind: Text | None = None
    parent: Text | None = None
    targets: list[AreaTarget] = []
    # Areas that end and begin (the district level ended on 1 July 2025): the first and
    # last month ("YYYY-MM") the area reports, and the areas that take over from it when it ends.
    from_: Text | None = Field(default=None, alias="from")
    until: Text | None = None
    becomes: list[Text] = []


class Plan(_Strict):
    plan: PlanMeta
    groups: Annotated[list[Group], Field(min_length=1)]
    targets: Annotated[list[Target], Field(min_length=1)]
    areas: list[Area] = []
    predecessors: list[Predecessor] = []
