"""What a ledger holds: records, the rule that decides which one is in force, and the questions
every reader of a ledger answers (the `LedgerView` protocol), whatever it was read from."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol, TypeVar

from kehoach.core.periods import Period
from kehoach.errors import Kind, Place, Problem
from kehoach.i18n import _

Key = tuple[str, Period, str | None]  # (indicator, period, area or None for the whole province)
K = TypeVar("K")


@dataclass(frozen=True)
class Record:
    id: str
    indicator: str
    period: Period
    value: Decimal
    recorded_at: datetime
    by: str = ""
    note: str = ""
    source: str = ""
    area: str | None = None
    revises: str | None = None
    reason: str | None = None
    file: str = ""
    line: int = 0
    # A revision that settles a conflict supersedes every record of its key that stood: `revises`
    # names the one that was in force, `also_revises` the others (written only when there are any).
    also_revises: tuple[str, ...] = ()
    # How far the figure has come (Nghị định 62/2024): "estimate" (ước tính), "preliminary" (sơ
    # bộ) or "official" (chính thức), in that order (STAGES); None when the record does not say.
    stage: str | None = None

    @property
    def key(self) -> Key:
        return (self.indicator, self.period, self.area)

    @property
    def superseded_ids(self) -> tuple[str, ...]:
        """Every record this one revises."""
        return ((self.revises,) if self.revises else ()) + self.also_revises

    def to_toml(self) -> dict[str, Any]:
        """The record as tomli-w should write it: whole values as integers (tomli-w would write
        Decimal('16500') as 16500.0), every other value as the exact decimal."""
        out: dict[str, Any] = {
            "id": self.id,
            "indicator": self.indicator,
            "period": str(self.period),
            "value": _toml_number(self.value),
        }
        if self.area is not None:
            out["area"] = self.area
        out["recorded_at"] = self.recorded_at
        out["by"] = self.by
        if self.note:
            out["note"] = self.note
        if self.source:
            out["source"] = self.source
        if self.revises:
            out["revises"] = self.revises
            out["reason"] = self.reason or ""
        if self.also_revises:
            out["also_revises"] = list(self.also_revises)
        if self.stage is not None:
            out["stage"] = self.stage
        return out


# The stages of a figure, earliest first: a year's GRDP is an estimate in the year, preliminary in
# October of the next, official in October of the year after (Nghị định 62/2024/NĐ-CP).
STAGES = ("estimate", "preliminary", "official")
# What a person may write for each (import column `stage`): the English word or the Vietnamese.
STAGE_WORDS = {
    "estimate": "estimate", "preliminary": "preliminary", "official": "official",
    "ước tính": "estimate", "sơ bộ": "preliminary", "chính thức": "official",
}


def stage_of(text: str) -> str | None:
    """The stage a word names (English or Vietnamese, any case or Unicode composition), or None."""
    import unicodedata

    return STAGE_WORDS.get(" ".join(unicodedata.normalize("NFC", text).casefold().split()))


def stage_name(stage: str | None) -> str:
    """A stage in the language of the session: "estimate" / "ước tính"…"""
    names = {"estimate": _("estimate"), "preliminary": _("preliminary"), "official": _("official")}
    return names.get(stage or "", _("not said"))


def stage_rank(stage: str | None) -> int:
    """A stage's place in STAGES (-1 when not said)."""
    return STAGES.index(stage) if stage in STAGES else -1


def _toml_number(d: Decimal) -> int | Decimal:
    exponent = d.as_tuple().exponent
    if isinstance(exponent, int) and exponent >= 0 and d == d.to_integral_value():
        return int(d)
    return d


def new_record_id(now: datetime) -> str:
    """Unique across offices and machines: UTC time plus 48 random bits."""
    import secrets  # only when recording: it loads OpenSSL, which every other command would pay for

    return _utc_stamp(now) + "-" + secrets.token_hex(6)


@lru_cache(maxsize=8)
def _utc_stamp(now: datetime) -> str:
    """The time part of a record id; the records of one import share one time."""
    return now.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def now_local() -> datetime:
    return datetime.now().astimezone().replace(microsecond=0)


def effective_of(records: list[Record]) -> dict[Key, Record]:
    """The value in force per (indicator, period, area), from records in append order.

    A record that a later one revises is superseded. Should two records of one key both stand
    (two offices recorded or revised the same figure, then merged through git), the later one
    recorded is in force, and on the same second the one read later; when their values differ
    that is a conflict (`conflicts_of`), which only a revision naming them settles.
    """
    return {k: v[-1] for k, v in standing_of(records).items()}


def standing_of(records: list[Record]) -> dict[Key, list[Record]]:
    """Per key, every record that no other record revises, in the order of the rule of the value
    in force (recorded time, then append order): the last is the one in force."""
    revised = {rid for r in records for rid in r.superseded_ids}
    groups: dict[Key, list[int]] = {}
    for n, r in enumerate(records):
        groups.setdefault(r.key, []).append(n)
    order = in_force_order(groups, (lambda n: records[n].id in revised) if revised else None,
                           lambda n: records[n].recorded_at)
    return {k: [records[n] for n in ns] for k, ns in order.items()}


def in_force_order(
    groups: dict[K, list[int]], revised: Callable[[int], bool] | None, instant: Callable[[int], Any]
) -> dict[K, list[int]]:
    """The rule of the value in force, over records held in any form: `groups` gives, per key, the
    positions of its records in append order; `revised(n)`, whether a record revises the one at n
    (None: none is revised); `instant(n)`, its recorded time, in any form that sorts as the instants
    do. Per key, the positions of the records that stand, ordered by recorded instant, then
    position: the last is in force. A key all of whose records are revised has none (a circle).
    Every reader of records in Python uses it (the index has its SQL, proven equal to it)."""
    if revised is not None:
        groups = {k: kept for k, ns in groups.items() if (kept := [n for n in ns if not revised(n)])}
    for ns in groups.values():
        if len(ns) > 1:
            ns.sort(key=lambda n: (instant(n), n))
    return groups


def revision_messages() -> dict[str, str]:
    """What is wrong with a `revises` (or `also_revises`) that a hand edit broke: the same words for
    the files read whole and for the index (index.py), so that both refuse the same ledgers."""
    return {
        "unknown": _("revises {id}, but no record has that id"),
        "self": _("revises its own id {id}"),
        "other_key": _("revises {id}, a record of another indicator, period or area"),
        "circle": _("the records of {indicator} {period} revise one another in a circle: none would be in force"),
    }


def at_line(message: str, file: str, line: int | None = None, key: str | None = None) -> Problem:
    """A problem of a ledger file, at a line of it (None or 0: the file as a whole) and a key."""
    return Problem(message, Kind.DATA, place=Place(file=file, line=line or None, key=key))


def revision_problems(records: list[Record]) -> list[Problem]:
    """Revisions a hand edit broke: a revised id no record has, a record revising itself or a record
    of another key, and records revising one another in a circle (the key would lose its value
    without a word). `record` never writes these; a ledger holding one is refused with its place."""
    said = revision_messages()
    by_id = {r.id: r for r in records}
    problems = []
    for r in records:
        for rid in r.superseded_ids:
            target = by_id.get(rid)
            what = "unknown" if target is None else "self" if rid == r.id else "other_key" if target.key != r.key else None
            if what:
                problems.append(at_line(said[what].format(id=repr(rid)), r.file, r.line))
    standing = standing_of(records)
    first: dict[Key, Record] = {}
    for r in records:
        first.setdefault(r.key, r)
    for key, r in first.items():
        if key not in standing:
            problems.append(at_line(said["circle"].format(indicator=r.indicator, period=r.period), r.file, r.line))
    return problems


def conflicts_of(records: list[Record]) -> dict[Key, list[Record]]:
    """The keys whose standing records disagree on the value — two offices, neither revising the
    other — with those records (the one in force last). The same value twice is no conflict."""
    return {k: v for k, v in standing_of(records).items() if len({r.value for r in v}) > 1}


@dataclass(frozen=True)
class FileInfo:
    """What a ledger file says about itself besides its records, as reading it found."""

    length: int  # its size in bytes
    sealed: bool = False  # it starts with the seal line, so it must end with the end line
    end: int | None = None  # where its end line starts, when nothing but blank space follows it
    province: str | None = None  # the plan it belongs to, from its [ledger] table
    year: int | None = None

    @property
    def identity(self) -> tuple[str, int] | None:
        return (self.province, self.year or 0) if self.province is not None else None


def same_province(a: str, b: str) -> bool:
    """Whether two names are one province: the same letters, whatever the case, spacing or
    Unicode composition ("Bắc Giang", "bắc  giang")."""
    import unicodedata

    def key(s: str) -> str:
        return " ".join(unicodedata.normalize("NFC", s).casefold().split())

    return key(a) == key(b)


@dataclass(frozen=True)
class PlanRules:
    """What a ledger is checked against besides its own format: the plan's years (a record outside
    them is warned about, as an unknown indicator is) and each indicator's value rule (a value the
    plan refuses in `record` — a negative amount of money — is refused when edited in by hand)."""

    years: tuple[int, int]
    indicator: Callable[[str], Any]  # the plan's indicator for an id, or None
    value_problem: Callable[[Any, Decimal], str | None]  # core.plan.value_problem
    # Whether an indicator's values in a file may break its rule, from their largest value (a
    # float, a screen only), whether any is negative, any not whole, any longer than 12 characters.
    may_break: Callable[[Any, float | None, bool, bool, bool], bool]

    def year_warning(self, file: str, line: int, year: int, n: int) -> Problem:
        from kehoach.i18n import _

        first, last = self.years
        return Problem.warning(_(
            "{n} record(s) for {year}, outside this plan's years {first}–{last} (a typo in the "
            "period?); they are shown in history but not used"
        ).format(n=n, year=year, first=first, last=last), Place(file=file, line=line))

    def value_message(self, file: str, line: int, problem: str) -> Problem:
        """A value of the file the plan refuses, at its line."""
        return at_line(_("value: {problem} (as `kehoach record` refuses it)").format(problem=problem), file, line)


class LedgerView(Protocol):
    """The records of a ledger as every command asks about them. Two implementations: `Ledger`
    (records read from the files, held in memory) and `index.IndexedLedger` (served from the
    SQLite index). Both are read under the rules of `effective_of`."""

    path: Path
    exists: bool
    warnings: list[Problem]  # what was read and is worth a look (Problem.warning), each with its place

    @property
    def records(self) -> list[Record]:
        """Every record, in append order (files by name, then position)."""
        ...

    def effective(self) -> dict[Key, Record]:
        """The record in force per (indicator, period, area)."""
        ...

    def effective_values(self, area: str | None) -> list[tuple[str, Period, Decimal]]:
        """(indicator, period, value) in force for one area (None: the whole province)."""
        ...

    def area_values(self, lacking: bool, keep: frozenset[str] = frozenset()) -> list[tuple[str, str, Period, Decimal]]:
        """(area, indicator, period, value) in force for every area. `lacking`: only for the
        (indicator, period) pairs the whole province has no value of, except the indicators in
        `keep`, given whole (the weights and denominators a roll-up reads beside its values)."""
        ...

    def current(self, key: Key) -> Record | None:
        """The record in force for one key, or None."""
        ...

    def records_of(self, indicator: str) -> list[Record]:
        """One indicator's records, in append order."""
        ...

    def in_force_ids(self, indicator: str) -> set[str]:
        """The ids of one indicator's records in force."""
        ...

    def standing(self, key: Key) -> list[Record]:
        """Every record of one key that no record revises, the one in force last (`standing_of`)."""
        ...

    def conflicts(self) -> dict[Key, list[Record]]:
        """The keys whose standing records disagree (`conflicts_of`), with those records."""
        ...

    def file_infos(self) -> dict[str, FileInfo]:
        """Per file read (by name), what it says about itself: sealed, where it ends, its plan."""
        ...


@dataclass
class Ledger:
    """All records read from a ledger file or folder, in file order (a LedgerView held in memory)."""

    path: Path
    records: list[Record] = field(default_factory=list)
    exists: bool = False
    warnings: list[Problem] = field(default_factory=list)
    infos: dict[str, FileInfo] = field(default_factory=dict)

    _standing: dict[Key, list[Record]] | None = field(default=None, repr=False)
    _effective: dict[Key, Record] | None = field(default=None, repr=False)

    def _stand(self) -> dict[Key, list[Record]]:
        if self._standing is None:
            self._standing = standing_of(self.records)
        return self._standing

    def effective(self) -> dict[Key, Record]:
        if self._effective is None:
            self._effective = {k: v[-1] for k, v in self._stand().items()}
        return self._effective

    def standing(self, key: Key) -> list[Record]:
        return list(self._stand().get(key, []))

    def conflicts(self) -> dict[Key, list[Record]]:
        return {k: list(v) for k, v in self._stand().items() if len({r.value for r in v}) > 1}

    def effective_values(self, area: str | None) -> list[tuple[str, Period, Decimal]]:
        return [(k[0], k[1], r.value) for k, r in self.effective().items() if k[2] == area]

    def area_values(self, lacking: bool, keep: frozenset[str] = frozenset()) -> list[tuple[str, str, Period, Decimal]]:
        eff = self.effective()
        return [(k[2], k[0], k[1], r.value) for k, r in eff.items() if k[2] is not None
                and (not lacking or k[0] in keep or (k[0], k[1], None) not in eff)]

    def current(self, key: Key) -> Record | None:
        return self.effective().get(key)

    def records_of(self, indicator: str) -> list[Record]:
        return [r for r in self.records if r.indicator == indicator]

    def in_force_ids(self, indicator: str) -> set[str]:
        return {r.id for k, r in self.effective().items() if k[0] == indicator}

    def file_infos(self) -> dict[str, FileInfo]:
        return dict(self.infos)


def known_at(view: LedgerView, day: date) -> LedgerView:
    """The ledger as it stood at the end of `day`: only the records recorded on or before it (the
    date of `recorded_at` in its own offset — what the office that wrote it called that day), with
    the values in force computed from those alone (a revision made later does not exist yet).
    Every command that reads a ledger reads this view the same way (--known-at). A view that can
    answer it itself (the index: `as_known_at`) does, without reading every record."""
    own = getattr(view, "as_known_at", None)
    answered: LedgerView = own(day) if own is not None else known_at_in_memory(view, day)
    # the day travels with the view, so that what is read beside it (a merged province's
    # predecessors' ledgers) is read as known on the same day
    answered.known_at_day = day  # type: ignore[attr-defined]
    return answered


def known_day(view: object) -> date | None:
    """The day a view is the ledger as known on (`known_at`), or None for the ledger as it is."""
    day = getattr(view, "known_at_day", None)
    return day if isinstance(day, date) else None


def known_at_in_memory(view: LedgerView, day: date) -> Ledger:
    """`known_at` by its rule, every record read into memory (what the index's answer must equal)."""
    kept = [r for r in view.records if r.recorded_at.date() <= day]
    return Ledger(path=view.path, records=kept, exists=view.exists, warnings=list(view.warnings),
                  infos=view.file_infos())
