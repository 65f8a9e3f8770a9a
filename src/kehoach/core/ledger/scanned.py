"""A ledger read once, straight from its text: the first read of a large ledger that has no index.

Building the index of 100,000 records costs about a second of SQLite's own work (inserting the
rows, their indexes, the records in force, the commit), twice what `ledger balance` needs for
the whole of the same records. A ledger read only once — a predecessor's ledger read for a merged
province, one of the 34 provinces' ledgers a ministry compiles, a ledger copied to another
machine for one report — never gets that second back. So the first read of a large ledger
without an index answers from the text alone (`fastread.scan`), and the index is built by the
second read of the same ledger, which then pays for it once (as a web cache stores a page only
from its second request: nginx's `proxy_cache_min_uses`). A small ledger is indexed at once: its
index costs little.

`ScannedLedger` answers every question of `LedgerView` from the scanned text and makes a Record
only for what is asked: a `status` of the province makes a few hundred, not 100,000. It serves only
a ledger that is clean in every way the other readers check — every file in the shape kehoach
writes, no id used twice, no broken revision, every indicator and area the plan's, every value
within the plan's rules and years — so that it never has a warning or a problem to word: anything
else is read by the index as before, which finds it and names its place. Its answers equal the
index's and the in-memory reader's on any clean ledger (tests/core/test_scanned.py).
"""

from __future__ import annotations

import bisect
import os
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from kehoach.core.ledger import fastread, index
from kehoach.core.ledger.model import (
    FileInfo,
    Key,
    Ledger,
    LedgerView,
    PlanRules,
    Record,
    in_force_order,
    known_at_in_memory,
)
from kehoach.core.ledger.store import ledger_files
from kehoach.core.ledger.tomlformat import record_of_scanned, require_end, scan_bytes, scanned_value
from kehoach.core.periods import Period
from kehoach.core.tomlfile import read_bytes
from kehoach.errors import LedgerError, Problem

# A ledger of at least this many bytes (about 5,000 records) is read without an index the first
# time; a smaller one is indexed at once (its index costs a few tens of milliseconds).
SCAN_FIRST_BYTES = 1 << 20

_RKey = tuple[str, str, str | None]  # (indicator, period as text, area)


def read_once_path(ledger_path: Path, cache_dir: Path) -> Path | None:
    """The mark, beside where the ledger's index would be, that says it was read once without one."""
    where = index.index_path(ledger_path, cache_dir)
    return where.with_suffix(".read-once") if where is not None else None


def first_read(ledger_path: Path, cache_dir: Path | None) -> tuple[bool, Path | None]:
    """What this read does with the cache folder, looked at once: (True, the mark to leave) when it
    is answered from the text — no index of the ledger there yet, never read without one, large
    (SCAN_FIRST_BYTES); (False, the mark) when it was read once without an index: the index is
    built now, then the mark removed; (False, None) otherwise: the index as usual, or no cache."""
    where = index.index_path(ledger_path, cache_dir) if cache_dir is not None else None
    if where is None or where.exists():
        return False, None
    mark = where.with_suffix(".read-once")
    if mark.exists():
        return False, mark
    try:
        size = sum(f.stat().st_size for f in ledger_files(ledger_path))
    except OSError:
        return False, None
    return (True, mark) if size >= SCAN_FIRST_BYTES else (False, None)


def remember_read(mark: Path) -> None:
    """Leave the mark that makes the next read build the index (best effort: a cache folder that
    cannot be written to has no index either)."""
    try:
        mark.parent.mkdir(parents=True, exist_ok=True)
        mark.touch()
    except OSError:
        pass


def forget_read(mark: Path) -> None:
    """Remove the mark once the index is built."""
    try:
        os.unlink(mark)
    except OSError:
        pass


def read_scanned(
    path: Path, known_ids: set[str] | None, areas: set[str] | None, rules: PlanRules | None
) -> ScannedLedger | None:
    """The ledger at `path` as a ScannedLedger, when every file is in the shape kehoach writes and
    the ledger is clean (see the module's text); None otherwise: the caller reads it the usual way."""
    found: list[tuple[Any, ...]] = []
    lines: list[int] = []
    starts: list[tuple[int, str]] = []  # (the first record's place in `found`, the file's name), by file
    infos: dict[str, FileInfo] = {}
    try:
        for file in ledger_files(path):
            data = read_bytes(file, "ledger file")
            end = require_end(data, file.name)
            meta: dict[str, Any] = {}
            scanned = scan_bytes(data, file.name, 1, meta)
            if scanned is None:
                return None
            held = end.end if end.sealed and end.end is not None and not end.closed else None
            infos[file.name] = FileInfo(len(data), end.sealed, held, meta.get("province"), meta.get("year"))
            starts.append((len(found), file.name))
            lines += [line for line, _f in scanned]
            found += [f for _line, f in scanned]
    except LedgerError:
        return None
    view = ScannedLedger(path, found, lines, starts, infos)
    return view if view.clean(known_ids, areas, rules) else None


def _within(rules: PlanRules, values: dict[str, list[str]], periods: set[str]) -> bool:
    """Every record within the plan's years, and no value that may break its indicator's rule
    (the screen of IndexedLedger._check_rules: where a value may break one, the index decides)."""
    first, last = rules.years
    if not f"{first:04d}-01" <= min(periods) <= max(periods) <= f"{last:04d}-12":
        return False
    for name, texts in values.items():
        ind = rules.indicator(name)
        if ind is None:
            continue
        high = max(map(float, texts))
        negative = any(t[0] == "-" for t in texts)
        fractional = any("." in t for t in texts)
        # the index measures a value's text as Decimal writes it (0.0000001 as 1E-7)
        long = any(len(t if t[0] not in "0-" else str(scanned_value(t))) > 12 for t in texts)
        if rules.may_break(ind, high, negative, fractional, long):
            return False
    return True


class ScannedLedger:
    """A LedgerView over a ledger's scanned text (see the module's text): the rule of the value in
    force is `model.standing_of`'s, worked out over the texts, and Records are made on demand."""

    def __init__(self, path: Path, found: list[tuple[Any, ...]], lines: list[int], starts: list[tuple[int, str]],
                 infos: dict[str, FileInfo]):
        self.path = path
        self.exists = True
        self.warnings: list[Problem] = []
        self._rows = found  # each record's texts, in append order (files by name, then position)
        self._lines = lines
        self._starts = starts
        self._infos = infos
        self._made: dict[int, Record] = {}
        self._full: Ledger | None = None  # once every record is asked for, or one is added
        # Per key, the rows no row revises, in the order of `model.in_force_order` (recorded time as an
        # instant, its UTC text, then append order): the last is in force. Worked out by `clean`.
        self._standing: dict[_RKey, list[int]] = {}
        self._periods: dict[str, Period] = {}

    # ── the checks that decide whether this reader may answer ──
    def clean(self, known_ids: set[str] | None, areas: set[str] | None, rules: PlanRules | None) -> bool:
        """Whether no reader would find a problem or a warning in these records, for this plan; the
        records in force are worked out on the way (one pass over the records)."""
        rows = self._rows
        ids: dict[str, int] = {}
        groups: dict[_RKey, list[int]] = {}
        values: dict[str, list[str]] = {}  # per indicator, its values' texts
        revisers = []
        for n, f in enumerate(rows):
            rid = f[0]
            if rid in ids:
                return False  # an id used twice
            ids[rid] = n
            key = (f[1], f[2], f[4])
            group = groups.get(key)
            if group is None:
                groups[key] = [n]
            else:
                group.append(n)
            found = values.get(f[1])
            if found is None:
                values[f[1]] = [f[3]]
            else:
                found.append(f[3])
            if f[9] is not None or f[11]:
                revisers.append(n)
        revised: set[str] = set()
        for n in revisers:
            f = rows[n]
            for rid in ((f[9],) if f[9] is not None else ()) + fastread.also(f[11]):
                t = ids.get(rid)
                if t is None or t == n or (rows[t][1], rows[t][2], rows[t][4]) != (f[1], f[2], f[4]):
                    return False  # revises no record, itself, or a record of another key
                revised.add(rid)
        if not rows:
            return False
        named = {k[2] for k in groups}
        if "" in named:
            return False  # `area = ""`: the index reads it as the whole province (its key is area or ''), so it decides
        if known_ids is not None and not values.keys() <= known_ids:
            return False
        if areas is not None and not named - {None} <= areas:
            return False
        if rules is not None and not _within(rules, values, {k[1] for k in groups}):
            return False
        cache: dict[str, str] = {}
        every = len(groups)
        try:
            groups = in_force_order(groups, (lambda n: rows[n][0] in revised) if revised else None,
                                    lambda n: fastread.local_and_utc(rows[n][5], cache)[1])  # UTC text
        except (ValueError, OverflowError):  # a time at the edge of the calendar: the index orders it
            return False
        if len(groups) != every:
            return False  # records revising one another in a circle: a key without a record in force
        self._standing = groups
        return True

    # ── records, made when asked for ──
    def _record(self, n: int) -> Record:
        made = self._made.get(n)
        if made is None:
            file = self._starts[bisect.bisect_right(self._starts, (n, "\U0010ffff")) - 1][1]
            made = self._made[n] = record_of_scanned(file, self._lines[n], self._rows[n])
        return made

    def _period(self, text: str) -> Period:
        found = self._periods.get(text)
        if found is None:
            found = self._periods[text] = Period(int(text[:4]), int(text[5:]))
        return found

    def _ledger(self) -> Ledger:
        if self._full is None:
            self._full = Ledger(path=self.path, records=[self._record(n) for n in range(len(self._rows))],
                                exists=True, warnings=self.warnings, infos=dict(self._infos))
        return self._full

    @property
    def records(self) -> list[Record]:
        return self._ledger().records

    def _key(self, rkey: _RKey) -> Key:
        return (rkey[0], self._period(rkey[1]), rkey[2])

    def effective(self) -> dict[Key, Record]:
        if self._full is not None:
            return self._full.effective()
        return {self._key(k): self._record(ns[-1]) for k, ns in self._standing.items()}

    def effective_values(self, area: str | None) -> list[tuple[str, Period, Decimal]]:
        if self._full is not None:
            return self._full.effective_values(area)
        rows = self._rows
        return [(k[0], self._period(k[1]), scanned_value(rows[ns[-1]][3]))
                for k, ns in self._standing.items() if k[2] == area]

    def area_values(self, lacking: bool, keep: frozenset[str] = frozenset()) -> list[tuple[str, str, Period, Decimal]]:
        if self._full is not None:
            return self._full.area_values(lacking, keep)
        rows, stand = self._rows, self._standing
        return [(k[2], k[0], self._period(k[1]), scanned_value(rows[ns[-1]][3])) for k, ns in stand.items()
                if k[2] is not None and (not lacking or k[0] in keep or (k[0], k[1], None) not in stand)]

    def current(self, key: Key) -> Record | None:
        if self._full is not None:
            return self._full.current(key)
        ns = self._standing.get((key[0], str(key[1]), key[2]))
        return self._record(ns[-1]) if ns else None

    def records_of(self, indicator: str) -> list[Record]:
        if self._full is not None:
            return self._full.records_of(indicator)
        return [self._record(n) for n, f in enumerate(self._rows) if f[1] == indicator]

    def in_force_ids(self, indicator: str) -> set[str]:
        if self._full is not None:
            return self._full.in_force_ids(indicator)
        rows = self._rows
        return {rows[ns[-1]][0] for k, ns in self._standing.items() if k[0] == indicator}

    def standing(self, key: Key) -> list[Record]:
        if self._full is not None:
            return self._full.standing(key)
        return [self._record(n) for n in self._standing.get((key[0], str(key[1]), key[2]), [])]

    def conflicts(self) -> dict[Key, list[Record]]:
        if self._full is not None:
            return self._full.conflicts()
        rows = self._rows
        out = {}
        for k, ns in self._standing.items():
            if len(ns) > 1 and len({scanned_value(rows[n][3]) for n in ns}) > 1:
                out[self._key(k)] = [self._record(n) for n in ns]
        return out

    def as_known_at(self, day: date) -> LedgerView:
        """The ledger as it stood at the end of `day` (model.known_at): the records recorded on or
        before it (the date of recorded_at in its own offset), the values in force from those alone."""
        if self._full is None:
            upto = day.isoformat()
            keep = [n for n, f in enumerate(self._rows) if f[5][:10] <= upto]
            ends = [first for first, _name in self._starts[1:]] + [len(self._rows)]
            starts = []  # each file that keeps a record: where its first kept record is among `keep`
            for (first, name), end in zip(self._starts, ends, strict=True):
                if bisect.bisect_left(keep, first) < bisect.bisect_left(keep, end):
                    starts.append((bisect.bisect_left(keep, first), name))
            view = ScannedLedger(self.path, [self._rows[n] for n in keep], [self._lines[n] for n in keep], starts,
                                 self._infos)
            view.warnings = list(self.warnings)
            if keep and view.clean(None, None, None):
                return view
        return known_at_in_memory(self, day)  # a revision recorded before what it revises: the rule in memory

    # ── the files ──
    def file_infos(self) -> dict[str, FileInfo]:
        return dict(self._infos)
