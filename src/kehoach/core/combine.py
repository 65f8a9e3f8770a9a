"""How the figures of provinces that merged combine into the merged province's figure (pure, exact).

Vietnam's provinces merged on 1 July 2025; a merged province's months before that belong to
provinces that no longer exist, and its first half-year is theirs, combined (docs/merged-provinces.md):

- ``sum``        flows add up: revenue, investment, visitors (Hưng Yên's two halves, 44.963 + 28.928).
- ``weighted``   growth rates and shares are weighted by size, never averaged: Σ vᵢ·wᵢ ÷ Σ wᵢ, with
                 the shares the statistics office published (normalised, and said to be, when they do
                 not add up to exactly 100) or with each predecessor's value of a weight indicator.
- ``per_capita`` a value per person: Σ numeratorsᵢ ÷ Σ denominatorsᵢ (total GRDP ÷ total population).
- ``recount``    a count over a list of units (communes meeting the new-rural standard): the sum of
                 each predecessor's count. The true re-count on the new list of units is the merged
                 province's own figure; only a record of the merged province can give it.
- ``none``       not comparable: the merged province's figure has no counterpart before it existed.

A combination that lacks any predecessor's value (or weight) has no value: never a partial sum.
Nothing here reads a file or prints; every number is a Decimal.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, localcontext
from typing import Literal

Method = Literal["sum", "weighted", "per_capita", "recount", "none"]
HUNDRED = Decimal(100)
# Digits kept by a division: far more than any figure of a plan has, so that the rounding a reader
# sees is the only one.
PRECISION = 28

# Why a combination has no value (Combined.reason): the words are the caller's to choose.
Reason = Literal["missing_value", "missing_weight", "zero_weight", "not_comparable"]


@dataclass(frozen=True)
class Part:
    """One predecessor's contribution: its value, and for `weighted` its weight (a share, or its
    value of the weight indicator), for `per_capita` its denominator (then `value` is the numerator)."""

    name: str
    value: Decimal | None
    weight: Decimal | None = None


@dataclass(frozen=True)
class Combined:
    """The merged value (None: no data, or not comparable) and what it was made of."""

    method: Method
    value: Decimal | None
    parts: tuple[Part, ...]
    reason: Reason | None = None  # why there is no value
    missing: tuple[str, ...] = ()  # the predecessors lacking a value or a weight
    normalised: bool = False  # given shares that did not add up to exactly 100 were scaled to 100
    weight_total: Decimal | None = None

    @property
    def comparable(self) -> bool:
        return self.method != "none"

    def combined_from(self) -> list[dict[str, object]]:
        """The JSON shape: each predecessor's value and weight (null where there is none)."""
        return [{"name": p.name, "value": p.value, "weight": p.weight} for p in self.parts]


def combine(method: Method, parts: list[Part], *, shares: bool = False) -> Combined:
    """Combine by `method`. `shares` (weighted only): the weights are published shares in percent."""
    if method == "sum":
        return combine_sum(parts)
    if method == "recount":
        return recount(parts)
    if method == "weighted":
        return weighted(parts, shares=shares)
    if method == "per_capita":
        return per_capita(parts)
    return not_comparable(parts)


def _lacking_value(method: Method, parts: tuple[Part, ...]) -> Combined | None:
    missing = tuple(p.name for p in parts if p.value is None)
    if missing or not parts:
        return Combined(method, None, parts, "missing_value", missing)
    return None


def _lacking_weight(method: Method, parts: tuple[Part, ...]) -> Combined | None:
    lacking = _lacking_value(method, parts)
    if lacking is not None:
        return lacking
    missing = tuple(p.name for p in parts if p.weight is None)
    if missing:
        return Combined(method, None, parts, "missing_weight", missing)
    return None


def combine_sum(parts: list[Part], method: Method = "sum") -> Combined:
    """Σ vᵢ: flows (revenue, investment) add up. Any value missing: no value."""
    held = tuple(parts)
    lacking = _lacking_value(method, held)
    if lacking is not None:
        return lacking
    return Combined(method, sum((p.value for p in held if p.value is not None), Decimal(0)), held)


def recount(parts: list[Part]) -> Combined:
    """A count over a list of units: the sum of each predecessor's count. The re-count on the new
    list (units merged, split or renamed) needs the merged province's own figure: a record of the
    merged province for the period stands before this sum."""
    return combine_sum(parts, "recount")


def weighted(parts: list[Part], *, shares: bool = False) -> Combined:
    """Σ vᵢ·wᵢ ÷ Σ wᵢ. With `shares` (published shares in percent), shares that do not add up to
    exactly 100 are normalised, and the result says so. A weight missing, or all weights zero: no value."""
    held = tuple(parts)
    lacking = _lacking_weight("weighted", held)
    if lacking is not None:
        return lacking
    total = sum((p.weight for p in held if p.weight is not None), Decimal(0))
    if total == 0 or any(p.weight is not None and p.weight < 0 for p in held):
        return Combined("weighted", None, held, "zero_weight", weight_total=total)
    with localcontext() as ctx:
        ctx.prec = PRECISION
        weighted_sum = sum((p.value * p.weight for p in held if p.value is not None and p.weight is not None),
                           Decimal(0))
        value = weighted_sum / total
    return Combined("weighted", value, held, normalised=shares and total != HUNDRED, weight_total=total)


def per_capita(parts: list[Part]) -> Combined:
    """Σ numeratorsᵢ ÷ Σ denominatorsᵢ: each part's `value` is its numerator (GRDP), its `weight`
    its denominator (population). Never the mean of the per-head values."""
    held = tuple(parts)
    lacking = _lacking_weight("per_capita", held)
    if lacking is not None:
        return lacking
    total = sum((p.weight for p in held if p.weight is not None), Decimal(0))
    if total <= 0:
        return Combined("per_capita", None, held, "zero_weight", weight_total=total)
    with localcontext() as ctx:
        ctx.prec = PRECISION
        value = sum((p.value for p in held if p.value is not None), Decimal(0)) / total
    return Combined("per_capita", value, held, weight_total=total)


def not_comparable(parts: list[Part]) -> Combined:
    """`none`: the merged province's figure has no counterpart in its predecessors ('không so sánh được')."""
    return Combined("none", None, tuple(parts), "not_comparable")
