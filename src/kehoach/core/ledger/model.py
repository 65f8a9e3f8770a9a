"""What a ledger holds: records, the rule that decides which one is in force, and the questions
every reader of a ledger answers (the `LedgerView` protocol), whatever it was read from."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any, Protocol

from kehoach.core.periods import Period

Key = tuple[str, Period, str | None]  # (indicator, period, area or None for the whole province)


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

    @property
    def key(self) -> Key:
        return (self.indicator, self.period, self.area)

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
        return out


def _toml_number(d: Decimal) -> int | Decimal:
    exponent = d.as_tuple().exponent
    if isinstance(exponent, int) and exponent >= 0 and d == d.to_integral_value():
        return int(d)
    return d


def new_record_id(now: datetime) -> str:
    """Unique across offices and machines: UTC time plus 48 random bits."""
    import secrets  # only when recording: it loads OpenSSL, which every other command would pay for

    return now.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ") + "-" + secrets.token_hex(6)


def now_local() -> datetime:
    return datetime.now().astimezone().replace(microsecond=0)


def effective_of(records: list[Record]) -> dict[Key, Record]:
    """The value in force per (indicator, period, area), from records in append order.

    A record that a later one revises is superseded. Should two records of one key both stand
    (two offices revised the same figure, then merged through git), the later one recorded wins,
    and on the same second the one read later.
    """
    revised = {r.revises for r in records if r.revises}
    out: dict[Key, tuple[tuple[datetime, int], Record]] = {}
    for n, r in enumerate(records):
        if r.id in revised:
            continue
        rank = (r.recorded_at, n)
        cur = out.get(r.key)
        if cur is None or rank >= cur[0]:
            out[r.key] = (rank, r)
    return {k: v[1] for k, v in out.items()}


class LedgerView(Protocol):
    """The records of a ledger as every command asks about them. Two implementations: `Ledger`
    (records read from the files, held in memory) and `index.IndexedLedger` (served from the
    SQLite index). Both are read under the rules of `effective_of`."""

    path: Path
    exists: bool
    warnings: list[str]

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

    def current(self, key: Key) -> Record | None:
        """The record in force for one key, or None."""
        ...

    def records_of(self, indicator: str) -> list[Record]:
        """One indicator's records, in append order."""
        ...

    def in_force_ids(self, indicator: str) -> set[str]:
        """The ids of one indicator's records in force."""
        ...

    def file_size(self, name: str) -> int | None:
        """How many bytes of the file `name` a cache answers for; None when nothing is cached."""
        ...

    def appended(self, file: Path, data: bytes, records: list[Record]) -> None:
        """Told, under the ledger's lock, that kehoach appended `data` (holding `records`) to `file`."""
        ...


@dataclass
class Ledger:
    """All records read from a ledger file or folder, in file order (a LedgerView held in memory)."""

    path: Path
    records: list[Record] = field(default_factory=list)
    exists: bool = False
    warnings: list[str] = field(default_factory=list)

    _effective: dict[Key, Record] | None = field(default=None, repr=False)

    def effective(self) -> dict[Key, Record]:
        if self._effective is None:
            self._effective = effective_of(self.records)
        return self._effective

    def effective_values(self, area: str | None) -> list[tuple[str, Period, Decimal]]:
        return [(k[0], k[1], r.value) for k, r in self.effective().items() if k[2] == area]

    def current(self, key: Key) -> Record | None:
        return self.effective().get(key)

    def records_of(self, indicator: str) -> list[Record]:
        return [r for r in self.records if r.indicator == indicator]

    def in_force_ids(self, indicator: str) -> set[str]:
        return {r.id for k, r in self.effective().items() if k[0] == indicator}

    def file_size(self, name: str) -> int | None:
        return None  # read from the files themselves: no cache answers for any byte

    def appended(self, file: Path, data: bytes, records: list[Record]) -> None:
        self.records.extend(records)
        self._effective = None
