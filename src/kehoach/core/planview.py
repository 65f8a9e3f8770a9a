"""The validated plan as plain objects: what every command works with once pydantic has checked it.

pydantic (core/models.py) is the schema and the gatekeeper; these classes are what it lets through,
copied field by field. They import nothing heavy, so a plan that was validated before can be
loaded from the cache (core/plancache.py) without importing pydantic at all.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from kehoach.i18n import MONEY_WORDS, other_languages
from kehoach.i18n import own_text as own_text
from kehoach.i18n import plan_text as plan_text


class View:
    """Attributes only, from a pydantic model's fields; equal when their fields are."""

    def __init__(self, **fields: Any) -> None:
        self.__dict__.update(fields)

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and other.__dict__ == self.__dict__

    def __repr__(self) -> str:
        return f"{type(self).__name__}({', '.join(f'{k}={v!r}' for k, v in self.__dict__.items())})"


class Thresholds(View):
    pass


class PlanMeta(View):
    pass


class Group(View):
    id: str
    name: str


class AreaTarget(View):
    pass


class Predecessor(View):
    name: str
    plan: str
    ledger: str
    until: str


class OtherTarget(View):
    pass


class Amendment(View):
    pass


class Area(View):
    name: str
    targets: list[AreaTarget]
    from_: str | None
    until: str | None
    becomes: list[str]


class Target(View):
    number: int
    group: str
    indicators: list[Indicator]


def is_percent_unit(unit: str) -> bool:
    """Every unit written as a percentage is one: "%", "% GRDP", "%/năm" (gaps in points)."""
    return unit.strip().startswith("%")


class Indicator(View):
    id: str
    unit: str
    unit_en: str | None
    kind: str

    @property
    def is_percent(self) -> bool:
        return is_percent_unit(self.unit)

    @property
    def unit_label_en(self) -> str:
        return self.unit_en or self.unit

    @property
    def is_money(self) -> bool:
        unit = self.unit.lower()
        return any(word in unit for word in MONEY_WORDS)

    @property
    def allows_negative(self) -> bool:
        """Growth rates may fall below zero; money, visits, counts and ratios cannot."""
        return self.kind == "rate" and not self.is_money

    @property
    def upper_bound(self) -> Decimal | None:
        """A percentage that is a part of a whole cannot pass 100 (a growth rate can)."""
        if is_percent_unit(self.unit) and self.kind != "rate":
            return Decimal(100)
        return None


def note_in(ind: object, key: str, lang: str) -> tuple[str, str | None] | None:
    """The note `key` ("target_note", "baseline_note") in the language `lang`, as (text, None);
    when the plan has it only in another language, (text, that language) so that it can be
    marked; None when there is no note. The plain `key` is the note as the plan first wrote it,
    in whatever language: it stands for a language that has no variant of its own."""
    own = getattr(ind, f"{key}_{lang}", None)
    if own:
        return own, None
    plain = getattr(ind, key, None)
    if plain:
        return plain, None
    for other in other_languages(lang):
        theirs = getattr(ind, f"{key}_{other}", None)
        if theirs:
            return theirs, other
    return None


class Plan(View):
    plan: PlanMeta
    groups: list[Group]
    targets: list[Target]
    areas: list[Area]

    def __init__(self, **fields: Any) -> None:
        super().__init__(**fields)
        self._by_id = {i.id: (t, i) for t in self.targets for i in t.indicators}
        self._areas = {a.name: a for a in self.areas}

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Plan) and type(other) is type(self) and _public(other) == _public(self)

    def __reduce__(self) -> tuple[Any, tuple[dict[str, Any]]]:
        # Pickle the fields only; unpickling runs __init__, which rebuilds the lookups.
        return (_make_plan, (_public(self),))

    def indicators(self) -> list[tuple[Target, Indicator]]:
        return list(self._by_id.values())

    def indicator_ids(self) -> list[str]:
        return list(self._by_id)

    def find(self, indicator_id: str) -> tuple[Target, Indicator] | None:
        return self._by_id.get(indicator_id)

    def group(self, group_id: str) -> Group:
        return next(g for g in self.groups if g.id == group_id)

    def area(self, name: str) -> Area | None:
        return self._areas.get(name)


def _make_plan(fields: dict[str, Any]) -> Plan:
    return Plan(**fields)


def _public(v: View) -> dict[str, Any]:
    return {k: x for k, x in v.__dict__.items() if not k.startswith("_")}


VIEWS = {c.__name__: c for c in (Thresholds, PlanMeta, Group, AreaTarget, Area, Target, Indicator, Plan,
                                  Predecessor, OtherTarget, Amendment)}


def from_model(model: Any) -> Any:
    """A pydantic model (and every model inside it) as the View of the same name."""
    from pydantic import BaseModel

    def convert(value: Any) -> Any:
        if isinstance(value, BaseModel):
            cls = VIEWS[type(value).__name__]
            return cls(**{name: convert(getattr(value, name)) for name in type(value).model_fields})
        if isinstance(value, list):
            return [convert(v) for v in value]
        return value

    return convert(model)
