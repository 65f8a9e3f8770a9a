"""A cache of a ledger's records in SQLite, proven fresh against the files' content on every use.

The ledger — one TOML file, or a folder of them read as one — stays the only source of truth. For
each file the index remembers how many bytes it has read (`size`) and the CRC-32 of exactly those
bytes (`digest`). Every command reads each file again and checks them:

- the first `size` bytes have that CRC-32: the index is exact for them, and only what was appended
  after them (normally one record, written by kehoach) is parsed and added;
- anything else — a hand edit anywhere, a shorter file, another file at that path — and that file
  is read again whole; a file gone from a folder leaves the index with its records; an index
  written by another kehoach version, or damaged, is rebuilt from scratch.

CRC-32 (zlib) rather than SHA-256 because it reads 19 MB (100,000 records) in 3.5 ms instead of
10 ms, which is what keeps `record` on a large ledger as fast as on an empty one. It is a check
against accidental change, which is what a hand edit is: it catches every change confined to 4
bytes in a row and any other change but for a chance of 1 in 4.3 billion; the size must match too.
The cost of a command therefore grows with what was appended since the last one (and a 3.5 ms read
per 100,000 records), not with the ledger. The index lives in the cache folder the caller gives
(`kehoach paths` shows the user's) and can be deleted at any time; with no cache folder there is no
index and the files are read whole.

Order: records are in force by the rules of ledger.effective_of over the files in name order, so
each record has its file and its position in that file, and "later" means a later recorded time,
then a later file name, then a later position.
"""

from __future__ import annotations

import io
import os
import re
import sqlite3
import zlib
from collections.abc import Iterator
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from kehoach import __version__
from kehoach.core.hashing import blake2b
from kehoach.core.ledger import fastread
from kehoach.core.ledger.fastread import Scanned, local_and_utc
from kehoach.core.ledger.model import FileInfo, Key, PlanRules, Record, at_line, revision_messages
from kehoach.core.ledger.store import ledger_files
from kehoach.core.ledger.tomlformat import (
    END_BYTES,
    ending,
    fix_hint,
    parse_ledger_bytes,
    problems_error,
    record_lines,
    require_end,
    scan_bytes,
    scanned_value,
)
from kehoach.core.periods import Period
from kehoach.core.tomlfile import read_bytes
from kehoach.errors import LedgerError, Place, Problem
from kehoach.i18n import _

_COLUMNS = "file, pos, id, indicator, period, value, area, recorded_at, by, note, source, revises, reason, line, also, stage"

_TABLES = """
CREATE TABLE meta (k TEXT PRIMARY KEY, v TEXT NOT NULL);
CREATE TABLE files (  -- seal: 0 not sealed, 1 its end line follows the bytes held, 2 it is among them
    name TEXT PRIMARY KEY, size INTEGER NOT NULL, digest TEXT NOT NULL, lines INTEGER NOT NULL,
    seal INTEGER NOT NULL, province TEXT, year INTEGER
);
CREATE TABLE records (
    seq INTEGER PRIMARY KEY, file TEXT NOT NULL, pos INTEGER NOT NULL,
    id TEXT NOT NULL, indicator TEXT NOT NULL, period TEXT NOT NULL,
    value TEXT NOT NULL, area TEXT, recorded_at TEXT NOT NULL, by TEXT NOT NULL, note TEXT NOT NULL,
    source TEXT NOT NULL, revises TEXT, reason TEXT, line INTEGER NOT NULL,
    akey TEXT NOT NULL,  -- area or '' : NULL never equals NULL in SQL
    ts TEXT NOT NULL,  -- recorded_at in UTC, YYYY-MM-DDTHH:MM:SS.ffffff
    nvalue TEXT NOT NULL,  -- the value in one canonical form: equal values, equal text
    also TEXT,  -- also_revises as JSON, or NULL
    stage TEXT  -- estimate, preliminary, official, or NULL when the record does not say
);
CREATE TABLE links (  -- the records a revision (the record `reviser`) also revises (also_revises), by file
    file TEXT NOT NULL, target TEXT NOT NULL, reviser TEXT NOT NULL
);
CREATE TABLE effective (  -- conflict: the key's standing records disagree on the value
    indicator TEXT NOT NULL, period TEXT NOT NULL, akey TEXT NOT NULL, seq INTEGER NOT NULL,
    conflict INTEGER NOT NULL,
    PRIMARY KEY (akey, indicator, period)  -- an area's values are one range of it
) WITHOUT ROWID;
CREATE TABLE names (  -- the indicators and areas the records name: checked against the plan
    kind TEXT NOT NULL, name TEXT NOT NULL, file TEXT NOT NULL, line INTEGER NOT NULL, n INTEGER NOT NULL,
    hi REAL, neg INTEGER NOT NULL DEFAULT 0, frac INTEGER NOT NULL DEFAULT 0, long INTEGER NOT NULL DEFAULT 0,
    first TEXT, last TEXT,  -- for indicators: what values may break a rule (_NEG_SQL…), the periods they span
    PRIMARY KEY (kind, name, file)
) WITHOUT ROWID;
"""
# Created after a rebuild has inserted every record: far faster than keeping them up to date row by row.
_INDEXES = """
CREATE UNIQUE INDEX records_id ON records (id);
CREATE INDEX records_key ON records (indicator, period, akey);
CREATE INDEX records_file ON records (file, pos);
CREATE INDEX records_revises ON records (revises) WHERE revises IS NOT NULL;
CREATE INDEX links_target ON links (target);
CREATE INDEX effective_conflict ON effective (conflict) WHERE conflict;
"""
_DDL = _TABLES + _INDEXES

# Any change to the tables gives another fingerprint, and an index made with other tables is rebuilt.
SCHEMA = blake2b(_DDL.encode()).hexdigest()[:16]

_INSERT = (
    "INSERT INTO records (file, pos, id, indicator, period, value, area, recorded_at, by, note, source, revises, "
    "reason, line, also, akey, ts, nvalue, stage) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"
)

# The record in force per key, as ledger.effective_of defines it: not revised by any record; the
# latest recorded (UTC) wins, and on the same instant the one read later (file name, position).
# A conflict (ledger.conflicts_of): the standing records of the key do not all have one value.
_STANDING = """
    NOT EXISTS (SELECT 1 FROM records x WHERE x.revises = r.id)
    AND NOT EXISTS (SELECT 1 FROM links l WHERE l.target = r.id)"""
_IN_FORCE = f"""
INSERT OR REPLACE INTO effective (indicator, period, akey, seq, conflict)
SELECT indicator, period, akey, seq, 0 FROM records r
WHERE {_STANDING} {{where}} AND NOT EXISTS (
    SELECT 1 FROM records b WHERE b.indicator = r.indicator AND b.period = r.period AND b.akey = r.akey
    AND (b.ts, b.file, b.pos) > (r.ts, r.file, r.pos) AND {_STANDING.replace("r.id", "b.id")}
)
ORDER BY akey, indicator, period
"""
# Only a key with more than one record can be in conflict: those are found from the index on the
# key alone (most keys have one record), and only their records are read.
_CONFLICTS = f"""
WITH multi AS (
    SELECT indicator, period, akey FROM records WHERE 1 {{where}} GROUP BY indicator, period, akey HAVING COUNT(*) > 1
)
UPDATE effective SET conflict = 1 WHERE (indicator, period, akey) IN (
    SELECT r.indicator, r.period, r.akey FROM multi m
    JOIN records r ON r.indicator = m.indicator AND r.period = m.period AND r.akey = m.akey
    WHERE {_STANDING}
    GROUP BY r.indicator, r.period, r.akey HAVING MIN(r.nvalue) <> MAX(r.nvalue)
)
"""


def _any_revision(conn: sqlite3.Connection) -> bool:
    """Whether any record revises another (from the partial index on `revises`: no scan)."""
    found = conn.execute(
        "SELECT EXISTS (SELECT 1 FROM records WHERE revises IS NOT NULL) OR EXISTS (SELECT 1 FROM links)"
    ).fetchone()
    return bool(found[0])


def _effective(conn: sqlite3.Connection, key: tuple[str, str, str] | None = None) -> None:
    """Bring the records in force (and their conflict flags) up to date: for one key, or all."""
    if key is None:
        sql = _IN_FORCE.format(where="")
        if not _any_revision(conn):  # no record revises any: every record stands, and only the latest of a key is in force
            sql = sql.replace(_STANDING.replace("r.id", "b.id"), "1").replace(_STANDING, "1")
        conn.execute(sql)
        (records,) = conn.execute("SELECT COUNT(*) FROM records").fetchone()
        (keys,) = conn.execute("SELECT COUNT(*) FROM effective").fetchone()
        if records != keys:  # else every key has one record: no conflict can be
            conn.execute(_CONFLICTS.format(where=""))
        return
    where = "AND indicator = ? AND period = ? AND akey = ?"
    conn.execute(_IN_FORCE.format(where=where), key)
    conn.execute(_CONFLICTS.format(where=where), key)

# A whole file is indexed in pieces of this many records, so that reading 100,000 records never
# holds them all in memory at once.
_PIECE = 5000
_HEADER_BYTES = b"\n[[records]]\n"

# What may be parsed on its own after the bytes the index holds: blank lines and comments, then a
# new [[records]] table. Anything else (a key added to the last table, say) changes the meaning of
# bytes already indexed, and the whole file is read again.
_TAIL_START = re.compile(rb"\A(?:[ \t]*(?:#[^\n]*)?\r?\n)*[ \t]*\[\[[ \t]*records[ \t]*\]\]")


def index_path(ledger_path: Path, cache_dir: Path | None) -> Path | None:
    """Where the index of this ledger lives in `cache_dir` (None: no cache folder, no index)."""
    if cache_dir is None:
        return None
    name = blake2b(str(ledger_path.resolve()).encode("utf-8", "surrogateescape")).hexdigest()[:32]
    return cache_dir / "index" / f"{name}.sqlite"


def _utc(r: Record) -> str:
    """recorded_at in UTC, YYYY-MM-DDTHH:MM:SS.ffffff: sorts as time does (the year in 4 digits).
    An instant that falls outside Python's calendar in UTC (1 January of year 1 east of Greenwich,
    31 December 9999 west of it) is written as the day before or after it, which sorts in place."""
    try:
        return r.recorded_at.astimezone(UTC).replace(tzinfo=None).isoformat(timespec="microseconds")
    except OverflowError:
        from datetime import timedelta

        local = r.recorded_at.replace(tzinfo=None)
        shifted = datetime.combine(date(2000, 1, 2), local.time()) - (r.recorded_at.utcoffset() or timedelta())
        day = "0000-12-31" if local.year == 1 else "9999-12-32"
        return f"{day}T{shifted.time().isoformat(timespec='microseconds')}"


def canonical(d: Decimal) -> str:
    """One text per value, for equality only: 1.2, 1.20 and 12E-1 are all '1.2', 1E+2 is '100'."""
    if d == 0:
        return "0"
    text = str(d)
    if "E" in text:
        text = format(d, "f")  # plain digits, exactly
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def _row(r: Record, file: str, pos: int, line: int | None = None,
         times: dict[tuple[datetime, Any], tuple[str, str]] | None = None) -> tuple[Any, ...]:
    """A record as the index holds it. `times`: the texts of recorded times already worked out
    (the records of one import share one time), by the time and its offset."""
    key = (r.recorded_at, r.recorded_at.utcoffset())  # equal instants in other offsets are other texts
    known = times.get(key) if times is not None else None
    if known is None:
        known = (r.recorded_at.isoformat(), _utc(r))
        if times is not None:
            times[key] = known
    return (
        file,
        pos,
        r.id,
        r.indicator,
        str(r.period),
        str(r.value),
        r.area,
        known[0],
        r.by,
        r.note,
        r.source,
        r.revises,
        r.reason,
        r.line if line is None else line,
        _also_text(r.also_revises),
        r.area or "",
        known[1],
        canonical(r.value),
        r.stage,
    )


def _scanned_rows(scanned: list[Scanned], file: str, first: int, cache: dict[str, str]) -> list[tuple[Any, ...]] | None:
    """What `_row` gives for each record, from the text `fastread.scan` found (no Record built);
    None when a time cannot be put in UTC (a year at the edge of the calendar): the full reader
    then reads that part."""
    out = []
    try:
        for n, (line, (rid, ind, period, value, area, at, by, note, source, revises, reason, also, stage)) in enumerate(scanned):
            if value[0] != "0" and value[:2] != "-0":  # at least 1 in size: its text is str(Decimal) already
                text, same = value, value.rstrip("0").rstrip(".") if "." in value else value
            else:
                d = scanned_value(value)
                text, same = str(d), canonical(d)
            local, ts = local_and_utc(at, cache)
            out.append((file, first + n, rid, ind, period, text, area, local, by, note or "", source or "", revises,
                        reason, line, _also_text(fastread.also(also)) if also else None, area or "", ts, same, stage))
    except (ValueError, OverflowError):
        return None
    return out


def _also_text(also: tuple[str, ...]) -> str | None:
    if not also:
        return None
    import json

    return json.dumps(list(also), ensure_ascii=False)


def _record(row: tuple[Any, ...]) -> Record:
    file, _pos, rid, ind, period, value, area, at, by, note, source, revises, reason, line, also, stage = row
    year, month = period.split("-")
    if also is not None:
        import json

        also = tuple(json.loads(also))
    return Record(
        id=rid,
        indicator=ind,
        period=Period(int(year), int(month)),
        value=Decimal(value),
        recorded_at=datetime.fromisoformat(at),
        by=by,
        note=note,
        source=source,
        area=area,
        revises=revises,
        reason=reason,
        file=file,
        line=line,
        also_revises=also or (),
        stage=stage,
    )


def _prefixed() -> str:
    return ", ".join(f"r.{c.strip()}" for c in _COLUMNS.split(","))


class FileState:
    """What the index holds of one file: its first `size` bytes, their CRC-32 and line count; how
    it is sealed (`seal`, as in the files table) and the plan its [ledger] table names. A sealed
    file that ends with its end line is held up to the start of that line, never with it: the
    next write replaces that line, and what is held must stay the start of the file. `length`:
    the file's whole size when it was last read (the held bytes, then the end line)."""

    def __init__(self, size: int, crc: int, lines: int, seal: int = 0, province: str | None = None,
                 year: int | None = None, length: int | None = None):
        self.size, self.crc, self.lines, self.seal = size, crc, lines, seal
        self.province, self.year = province, year
        self.length = size if length is None else length

    def info(self) -> FileInfo:
        return FileInfo(self.length, self.seal > 0, self.size if self.seal == 1 else None, self.province, self.year)


class IndexedLedger:
    """The records of a ledger, served from its index (the same questions as ledger.Ledger)."""

    # What the questions read: the table of the records in force, a condition on the records
    # (`r`) to keep, and what makes a record standing. KnownAtLedger narrows all three to a day.
    _eff = "effective"
    _cut = ""
    _standing = _STANDING

    def __init__(self, path: Path, conn: sqlite3.Connection, files: dict[str, FileState], cache_dir: Path):
        self.path = path
        self.exists = True
        self.warnings: list[Problem] = []
        self.files = files
        self._conn = conn
        self._cache_dir = cache_dir
        self._known: set[str] | None = None
        self._effective: dict[Key, Record] | None = None

    def file_size(self, name: str) -> int | None:
        """How many bytes this file had when the index answered for it (None: a file it does not know)."""
        state = self.files.get(name)
        return state.length if state else None

    def file_infos(self) -> dict[str, FileInfo]:
        return {name: state.info() for name, state in self.files.items()}

    # ── questions ──
    def _rows(self, sql: str, args: tuple[Any, ...] = ()) -> list[Record]:
        return [_record(r) for r in self._conn.execute(sql, args)]

    def _keep(self, rec: Record) -> bool:
        return self._known is None or rec.indicator in self._known

    @property
    def records(self) -> list[Record]:
        return [r for r in self._rows(f"SELECT {_COLUMNS} FROM records r WHERE 1 {self._cut} ORDER BY file, pos")
                if self._keep(r)]

    def effective(self) -> dict[Key, Record]:
        if self._effective is None:
            rows = self._rows(f"SELECT {_prefixed()} FROM {self._eff} e JOIN records r ON r.seq = e.seq")
            self._effective = {r.key: r for r in rows if self._keep(r)}
        return self._effective

    def effective_values(self, area: str | None) -> list[tuple[str, Period, Decimal]]:
        """(indicator, period, value) in force for one area (None: the whole province)."""
        out = []
        sql = f"SELECT r.indicator, r.period, r.value FROM {self._eff} e JOIN records r ON r.seq = e.seq WHERE e.akey = ?"
        for ind, period, value in self._conn.execute(sql, (area or "",)):
            if self._known is None or ind in self._known:
                year, month = period.split("-")
                out.append((ind, Period(int(year), int(month)), Decimal(value)))
        return out

    def area_values(self, lacking: bool, keep: frozenset[str] = frozenset()) -> list[tuple[str, str, Period, Decimal]]:
        """(area, indicator, period, value) in force for every area; `lacking`: see model.LedgerView."""
        sql = f"SELECT e.akey, r.indicator, r.period, r.value FROM {self._eff} e JOIN records r ON r.seq = e.seq WHERE e.akey <> ''"
        args: tuple[str, ...] = ()
        if lacking:  # the province's own pair is one lookup in the primary key (akey, indicator, period)
            sql += (f" AND (r.indicator IN ({','.join('?' * len(keep))}) OR NOT EXISTS (SELECT 1 FROM {self._eff} p "
                    "WHERE p.akey = '' AND p.indicator = e.indicator AND p.period = e.period))")
            args = tuple(sorted(keep))
        out = []
        periods: dict[str, Period] = {}
        for akey, ind, text, value in self._conn.execute(sql, args):
            if self._known is None or ind in self._known:
                period = periods.get(text)
                if period is None:
                    year, month = text.split("-")
                    period = periods[text] = Period(int(year), int(month))
                out.append((akey, ind, period, Decimal(value)))
        return out

    def records_of(self, indicator: str) -> list[Record]:
        """One indicator's records, in append order."""
        if self._known is not None and indicator not in self._known:
            return []
        return self._rows(f"SELECT {_COLUMNS} FROM records r WHERE indicator = ? {self._cut} ORDER BY file, pos",
                          (indicator,))

    def in_force_ids(self, indicator: str) -> set[str]:
        sql = (f"SELECT r.id FROM records r JOIN {self._eff} e ON e.akey = r.akey AND e.indicator = r.indicator "
               "AND e.period = r.period AND e.seq = r.seq WHERE r.indicator = ?")
        return {rid for (rid,) in self._conn.execute(sql, (indicator,))}

    def standing(self, key: Key) -> list[Record]:
        ind, period, area = key
        if not self._keep_id(ind):
            return []
        return self._rows(
            f"SELECT {_prefixed()} FROM records r WHERE r.indicator = ? AND r.period = ? AND r.akey = ? "
            f"{self._cut} AND {self._standing} ORDER BY r.ts, r.file, r.pos",
            (ind, str(period), area or ""),
        )

    def conflicts(self) -> dict[Key, list[Record]]:
        sql = f"SELECT indicator, period, akey FROM {self._eff} WHERE conflict"
        out = {}
        for ind, period, akey in self._conn.execute(sql).fetchall():
            if self._keep_id(ind):
                year, month = period.split("-")
                key = (ind, Period(int(year), int(month)), akey or None)
                out[key] = self.standing(key)
        return out

    def _keep_id(self, indicator: str) -> bool:
        return self._known is None or indicator in self._known

    def current(self, key: Key) -> Record | None:
        ind, period, area = key
        rows = self._rows(
            f"SELECT {_prefixed()} FROM {self._eff} e JOIN records r ON r.seq = e.seq "
            "WHERE e.indicator = ? AND e.period = ? AND e.akey = ?",
            (ind, str(period), area or ""),
        )
        return rows[0] if rows else None

    def as_known_at(self, day: date) -> IndexedLedger:
        """This ledger as it stood at the end of `day` (model.known_at), from the index."""
        return KnownAtLedger(self, day)

    # ── checks that depend on the plan ──
    def check_plan(self, known_ids: set[str] | None, areas: set[str] | None, rules: PlanRules | None = None) -> None:
        self._known = known_ids
        if known_ids is not None:
            found: dict[str, list[Any]] = {}
            for ind, file, line, n in self._conn.execute(
                "SELECT name, file, line, n FROM names WHERE kind = 'indicator' ORDER BY file, line"
            ):
                if ind not in known_ids:
                    found.setdefault(ind, [file, line, 0])[2] += n
            for ind, (file, line, n) in found.items():
                self.warnings.append(Problem.warning(
                    _("indicator {id} is not in the plan; its {n} record(s) are ignored").format(id=repr(ind), n=n),
                    Place(file=file, line=line, indicator=ind)))
        if areas is not None:
            sql = "SELECT name, file, line FROM names WHERE kind = 'area' ORDER BY file, line"
            bad = [(file, line, area) for area, file, line in self._conn.execute(sql) if area not in areas]
            if bad:
                file, line, area = bad[0]
                raise LedgerError.at(Place(file=file, line=line, key="area"),
                                     _("{area} is not an area of the plan").format(area=repr(area)), hint=fix_hint())
        if rules is not None:
            self._check_rules(rules)

    def _check_rules(self, rules: PlanRules) -> None:
        """Records outside the plan's years (a warning) and values the plan refuses (an error),
        from the names table; the records themselves are read only where a value may break a rule."""
        first, last = rules.years
        lo, hi = f"{first:04d}-01", f"{last:04d}-12"
        sql = "SELECT DISTINCT file FROM names WHERE kind = 'indicator' AND (first < ? OR last > ?) ORDER BY file"
        for (file,) in self._conn.execute(sql, (lo, hi)).fetchall():  # only a file with such records is read
            years = (
                "SELECT substr(period, 1, 4), MIN(line), COUNT(*) FROM records WHERE file = ? AND (period < ? OR "
                "period > ?) GROUP BY substr(period, 1, 4) ORDER BY MIN(line)"
            )
            for year, line, n in self._conn.execute(years, (file, lo, hi)).fetchall():
                self.warnings.append(rules.year_warning(file, line, int(year), n))
        problems: list[Problem] = []
        sql = "SELECT name, file, hi, neg, frac, long FROM names WHERE kind = 'indicator' ORDER BY file, line"
        for name, file, hi, neg, frac, long in self._conn.execute(sql).fetchall():
            ind = rules.indicator(name)
            if ind is None or not rules.may_break(ind, hi, bool(neg), bool(frac), bool(long)):
                continue
            each = "SELECT line, value FROM records WHERE indicator = ? AND file = ? ORDER BY pos"
            for line, value in self._conn.execute(each, (name, file)).fetchall():
                problem = rules.value_problem(ind, Decimal(value))
                if problem:
                    problems.append(rules.value_message(file, line, problem))
        if problems:
            raise problems_error(self.path.name, problems)

    # ── after kehoach appended to one of the files ──
    def appended(self, file: Path, data: bytes, records: list[Record], kept: int) -> None:
        """Add what kehoach just wrote to `file` (under the ledger's lock) — its first `kept` bytes
        unchanged, then `data` holding `records`, then the end line — so that the next command
        need not parse it. When the bytes the index holds are not exactly those `kept` bytes, or
        another command has indexed the file already, there is nothing to do: the next command
        sees the change by the CRC-32 and reads what it must."""
        state = self.files[file.name]
        if state.size != kept or state.seal != 1:
            return
        crc = zlib.crc32(data, state.crc)
        lines = _header_lines(data, state.lines)
        size, count = state.size + len(data), state.lines + data.count(b"\n")
        try:
            with _writing(self._conn):
                now = self._conn.execute("SELECT size, digest FROM files WHERE name = ?", (file.name,)).fetchone()
                if now == (state.size, _hex(state.crc)):
                    _insert(self._conn, file.name, records, lines)
                    _set_file(self._conn, file.name, FileState(size, crc, count, 1, state.province, state.year))
        except sqlite3.Error:
            drop(self.path, self._cache_dir)  # the next command rebuilds it from the files
        self.files[file.name] = FileState(size, crc, count, 1, state.province, state.year, size + len(END_BYTES))
        self._effective = None


# The ledger as it stood at the end of a day (model.known_at): only the records whose recorded_at
# falls on or before it, in their own offset — the first 10 characters of the text the index
# holds — and the values in force worked out from those alone. Only the keys that a later record
# touches (one of its own, or one whose record it revises) can differ from the records in force
# now; those are worked out again, every other key is read from `effective` as it is.
_ON_OR_BEFORE = "substr({t}.recorded_at, 1, 10) <= '{day}'"
_STANDING_AT = """
    NOT EXISTS (SELECT 1 FROM records x WHERE x.revises = r.id AND {x_kept})
    AND NOT EXISTS (SELECT 1 FROM links l JOIN records x ON x.id = l.reviser WHERE l.target = r.id AND {x_kept})"""
_KNOWN_AT = """
DROP VIEW IF EXISTS temp.effective_at_{n};
DROP TABLE IF EXISTS temp.late_keys_{n};
DROP TABLE IF EXISTS temp.late_effective_{n};
CREATE TEMP TABLE late_keys_{n} (
    indicator TEXT NOT NULL, period TEXT NOT NULL, akey TEXT NOT NULL, PRIMARY KEY (indicator, period, akey)
) WITHOUT ROWID;
INSERT OR IGNORE INTO late_keys_{n} SELECT indicator, period, akey FROM records x WHERE NOT ({x_kept});
INSERT OR IGNORE INTO late_keys_{n} SELECT t.indicator, t.period, t.akey FROM records x JOIN records t ON t.id = x.revises
    WHERE NOT ({x_kept});
INSERT OR IGNORE INTO late_keys_{n} SELECT t.indicator, t.period, t.akey FROM links l JOIN records x ON x.id = l.reviser
    JOIN records t ON t.id = l.target WHERE NOT ({x_kept});
CREATE TEMP TABLE late_effective_{n} (
    indicator TEXT NOT NULL, period TEXT NOT NULL, akey TEXT NOT NULL, seq INTEGER NOT NULL, conflict INTEGER NOT NULL,
    PRIMARY KEY (akey, indicator, period)
) WITHOUT ROWID;
INSERT INTO late_effective_{n} (indicator, period, akey, seq, conflict)
SELECT r.indicator, r.period, r.akey, r.seq, 0 FROM late_keys_{n} k
JOIN records r ON r.indicator = k.indicator AND r.period = k.period AND r.akey = k.akey
WHERE {r_kept} AND {r_standing} AND NOT EXISTS (
    SELECT 1 FROM records b WHERE b.indicator = r.indicator AND b.period = r.period AND b.akey = r.akey
    AND {b_kept} AND (b.ts, b.file, b.pos) > (r.ts, r.file, r.pos) AND {b_standing}
);
UPDATE late_effective_{n} SET conflict = 1 WHERE (
    SELECT COUNT(DISTINCT r.nvalue) FROM records r
    WHERE r.indicator = late_effective_{n}.indicator AND r.period = late_effective_{n}.period AND r.akey = late_effective_{n}.akey
    AND {r_kept} AND {r_standing}
) > 1;
CREATE TEMP VIEW effective_at_{n} AS
SELECT indicator, period, akey, seq, conflict FROM main.effective e WHERE NOT EXISTS (
    SELECT 1 FROM temp.late_keys_{n} k WHERE k.indicator = e.indicator AND k.period = e.period AND k.akey = e.akey
)
UNION ALL SELECT indicator, period, akey, seq, conflict FROM temp.late_effective_{n}
"""


class KnownAtLedger(IndexedLedger):
    """`base` as it stood at the end of `day` (model.known_at), answered from the index: the same
    questions, over the records recorded on or before that day. Built in the connection's own
    temporary tables: the index itself is not changed."""

    _made = 0  # views made so far: each has its own temporary tables, so that two can coexist

    def __init__(self, base: IndexedLedger, day: date):
        super().__init__(base.path, base._conn, base.files, base._cache_dir)
        KnownAtLedger._made += 1
        n = KnownAtLedger._made
        self._eff = f"effective_at_{n}"
        self.warnings = list(base.warnings)
        self._known = base._known
        text = day.isoformat()  # digits and dashes only: safe to write into the SQL
        def kept(t: str) -> str:
            return _ON_OR_BEFORE.format(t=t, day=text)
        self._cut = "AND " + kept("r")
        self._standing = _STANDING_AT.format(x_kept=kept("x"))
        _run(self._conn, _KNOWN_AT.format(
            n=n, x_kept=kept("x"), r_kept=kept("r"), b_kept=kept("b"), r_standing=self._standing,
            b_standing=_STANDING_AT.replace("r.id", "b.id").format(x_kept=kept("x")),
        ))


def _header_lines(data: bytes, lines_before: int) -> list[int]:
    """The lines, in the whole file, of the [[records]] headers in bytes kehoach appended to it."""
    return [lines_before + line for line in record_lines(data.decode("utf-8"))]


def _hex(crc: int) -> str:
    return f"crc32:{crc:08x}"


def _set_file(conn: sqlite3.Connection, name: str, state: FileState) -> None:
    conn.execute(
        "INSERT OR REPLACE INTO files (name, size, digest, lines, seal, province, year) VALUES (?,?,?,?,?,?,?)",
        (name, state.size, _hex(state.crc), state.lines, state.seal, state.province, state.year),
    )


# What the plan's value rules need to know of an indicator's values in a file, kept up to date
# with its records: the largest (as REAL, a screen only: the exact check reads the records), any
# negative, any not whole, any written in more than 12 characters (whose REAL may sit on a bound
# it passes). Written for SQL over the value's text and, the same, in Python.
_NEG_SQL = "substr(value, 1, 1) = '-'"
_FRAC_SQL = "(instr(value, '.') OR instr(value, 'E-'))"
_LONG_SQL = "length(value) > 12"


def _long(value: Decimal) -> int:
    return int(len(str(value)) > 12)


def _neg(value: Decimal) -> int:
    return int(str(value).startswith("-"))


def _frac(value: Decimal) -> int:
    text = str(value)
    return int("." in text or "E-" in text)


def _count_names(conn: sqlite3.Connection, file: str, records: list[Record], lines: list[int]) -> None:
    names: dict[tuple[str, str], list[Any]] = {}
    for r, line in zip(records, lines, strict=True):
        for kind, name in (("indicator", r.indicator), ("area", r.area)):
            if name is not None:
                entry = names.setdefault((kind, name), [line, 0, None, 0, 0, 0, None, None])
                entry[1] += 1
                if kind == "indicator":
                    high, period = float(r.value), str(r.period)
                    entry[2] = high if entry[2] is None else max(entry[2], high)
                    entry[3] |= _neg(r.value)
                    entry[4] |= _frac(r.value)
                    entry[5] |= _long(r.value)
                    entry[6] = period if entry[6] is None else min(entry[6], period)
                    entry[7] = period if entry[7] is None else max(entry[7], period)
    conn.executemany(
        "INSERT INTO names (kind, name, file, line, n, hi, neg, frac, long, first, last) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
        "ON CONFLICT (kind, name, file) DO UPDATE SET n = n + excluded.n, line = MIN(line, excluded.line), "
        "hi = MAX(IFNULL(hi, excluded.hi), IFNULL(excluded.hi, hi)), neg = MAX(neg, excluded.neg), "
        "frac = MAX(frac, excluded.frac), long = MAX(long, excluded.long), "
        "first = MIN(IFNULL(first, excluded.first), IFNULL(excluded.first, first)), "
        "last = MAX(IFNULL(last, excluded.last), IFNULL(excluded.last, last))",
        [(kind, name, file, *entry) for (kind, name), entry in names.items()],
    )


def _insert_rows(
    conn: sqlite3.Connection, file: str, records: list[Record], first: int, lines: list[int] | None = None
) -> None:
    """The records of one file from position `first` on, and the links of those that also revise others."""
    lines = lines or [r.line for r in records]
    times: dict[tuple[datetime, Any], tuple[str, str]] = {}
    conn.executemany(_INSERT, [_row(r, file, first + n, line, times)
                               for n, (r, line) in enumerate(zip(records, lines, strict=True))])
    links = [(file, target, r.id) for r in records for target in r.also_revises]
    if links:
        conn.executemany("INSERT INTO links (file, target, reviser) VALUES (?, ?, ?)", links)


def _insert(
    conn: sqlite3.Connection, file: str, records: list[Record], lines: list[int] | None = None, check: bool = True
) -> None:
    """Add records appended to one file and bring the records in force up to date for their keys.
    `check`: refuse broken revisions now (False when other files' appends are still to come)."""
    lines = lines or [r.line for r in records]
    (first,) = conn.execute("SELECT COUNT(*) FROM records WHERE file = ?", (file,)).fetchone()
    try:
        _insert_rows(conn, file, records, first, lines)
    except sqlite3.IntegrityError:
        raise _duplicate_id(conn, file, records, lines) from None
    _count_names(conn, file, records, lines)
    keys = {(r.indicator, str(r.period), r.area or "") for r in records}
    revised = [rid for r in records for rid in r.superseded_ids]
    for n in range(0, len(revised), 500):
        chunk = revised[n : n + 500]
        sql = f"SELECT indicator, period, akey FROM records WHERE id IN ({','.join('?' * len(chunk))})"
        keys.update(conn.execute(sql, chunk))
    if len(keys) > 2000:  # a large import: every key in one statement
        conn.execute("DELETE FROM effective")
        _effective(conn)
        if check:
            _check_revisions(conn, file)
        return
    for key in keys:
        conn.execute("DELETE FROM effective WHERE indicator = ? AND period = ? AND akey = ?", key)
        _effective(conn, key)
    if revised and check:
        _check_revisions(conn, file, keys, file, first)


# Revisions a hand edit broke (model.revision_problems says the same for files read whole): a
# `revises` or `also_revises` naming no record, itself, or a record of another key;
# a key whose records all revise one another, so that none is in force. {where} narrows the check to
# what was just appended.
_BAD_REVISES = """
SELECT r.file, r.line, r.revises, CASE WHEN t.seq IS NULL THEN 'unknown' WHEN t.seq = r.seq THEN 'self'
       ELSE 'other_key' END
FROM records r LEFT JOIN records t ON t.id = r.revises
WHERE r.revises IS NOT NULL {where}
  AND (t.seq IS NULL OR t.seq = r.seq OR t.indicator <> r.indicator OR t.period <> r.period OR t.akey <> r.akey)
ORDER BY r.file, r.line
"""
_BAD_LINKS = """
SELECT l.file, l.target, CASE WHEN t.seq IS NULL THEN 'unknown' WHEN t.seq = s.seq THEN 'self' ELSE 'other_key' END
FROM links l JOIN records s ON s.id = l.reviser LEFT JOIN records t ON t.id = l.target
WHERE (t.seq IS NULL OR t.seq = s.seq OR t.indicator <> s.indicator OR t.period <> s.period OR t.akey <> s.akey) {where}
"""
_CIRCLES = """
SELECT r.file, MIN(r.line), r.indicator, r.period FROM records r
WHERE NOT EXISTS (SELECT 1 FROM effective e WHERE e.indicator = r.indicator AND e.period = r.period AND e.akey = r.akey)
{where} GROUP BY r.indicator, r.period, r.akey ORDER BY r.file, MIN(r.line)
"""


def _check_revisions(conn: sqlite3.Connection, name: str, keys: set[tuple[str, str, str]] | None = None,
                     file: str | None = None, first: int = 0) -> None:
    """Refuse the ledger when a revision is broken (see _BAD_REVISES): everywhere after a rebuild,
    or only for the records appended to `file` from position `first` and the `keys` they touch."""
    said = revision_messages()
    problems: list[Problem] = []
    if keys is None:
        rows = conn.execute(_BAD_REVISES.format(where="")).fetchall()
        links = conn.execute(_BAD_LINKS.format(where="")).fetchall()
        # records revising one another need a record that revises: none, no circle (and no scan)
        circles = conn.execute(_CIRCLES.format(where="")).fetchall() if _any_revision(conn) else []
    else:
        rows = conn.execute(_BAD_REVISES.format(where="AND r.file = ? AND r.pos >= ?"), (file, first)).fetchall()
        links = conn.execute(_BAD_LINKS.format(where="AND l.file = ?"), (file,)).fetchall()
        circles = []
        for key in keys:
            circles += conn.execute(
                _CIRCLES.format(where="AND r.indicator = ? AND r.period = ? AND r.akey = ?"), key
            ).fetchall()
    problems += [at_line(said[what].format(id=repr(rid)), f, line) for f, line, rid, what in rows]
    problems += [at_line(said[what].format(id=repr(rid)), f, key="also_revises") for f, rid, what in links]
    problems += [at_line(said["circle"].format(indicator=ind, period=per), f, line) for f, line, ind, per in circles]
    if problems:
        raise problems_error(name, problems)


def _duplicate_id(conn: sqlite3.Connection, file: str, records: list[Record], lines: list[int]) -> LedgerError:
    seen: dict[str, int] = {}
    for r, line in zip(records, lines, strict=True):
        found = conn.execute("SELECT file, line FROM records WHERE id = ?", (r.id,)).fetchone()
        other = f"{found[0]}:{found[1]}" if found else f"{file}:{seen[r.id]}" if r.id in seen else None
        if other is not None:
            problem = at_line(_id_used_twice(r.id, other), file, line)
            return LedgerError(problem.line(), problems=(problem,))
        seen[r.id] = line
    return LedgerError(_("duplicate record ids in the ledger"))  # pragma: no cover


def _id_used_twice(rid: str, where: str) -> str:
    return _("record id {id} is also used in {place}").format(id=repr(rid), place=where)


def _pieces(data: bytes) -> Iterator[tuple[int, bytes]]:
    """(first line, bytes) parts of a ledger file, cut just before [[records]] header lines.
    A file with multi-line strings (which could hold such a line) is read in one piece."""
    if b'"""' in data or b"'''" in data:
        yield 1, data
        return
    start, line, count, pos = 0, 1, 0, 0
    while True:
        pos = data.find(_HEADER_BYTES, pos)
        if pos < 0:
            break
        pos += 1  # the header starts after the newline
        count += 1
        if count % _PIECE == 0:
            yield line, data[start:pos]
            line += data.count(b"\n", start, pos)
            start = pos
    yield line, data[start:]


def _insert_file(conn: sqlite3.Connection, name: str, data: bytes, problems: list[Problem]) -> FileState:
    """Index one whole file, piece by piece; its problems are added to `problems`. A sealed file
    without its end line is refused (tomlformat.require_end). What the index then holds of it."""
    end = require_end(data, name)
    meta: dict[str, Any] = {}
    pos = 0
    cache: dict[str, str] = {}
    for first_line, piece in _pieces(data):
        scanned = scan_bytes(piece, name, first_line, meta)
        rows = _scanned_rows(scanned, name, pos, cache) if scanned is not None else None
        if rows is not None:  # the records as kehoach writes them: straight to rows, no Record built
            if not problems:
                conn.executemany(_INSERT, rows)
                links = [(name, target, s[1][0]) for s in scanned or () if s[1][11] for target in fastread.also(s[1][11])]
                if links:
                    conn.executemany("INSERT INTO links (file, target, reviser) VALUES (?, ?, ?)", links)
            pos += len(rows)
            continue
        records, found = parse_ledger_bytes(piece, name, first_line=first_line, meta=meta)
        problems += found
        if not problems:
            _insert_rows(conn, name, records, pos)
        pos += len(records)
    if end.sealed and end.end is not None and not end.closed:
        size, seal = end.end, 1  # held up to its end line, which the next write replaces
    else:
        size, seal = len(data), 2 if end.sealed else 0
    return FileState(size, zlib.crc32(memoryview(data)[:size]), data.count(b"\n", 0, size), seal, meta.get("province"),
                     meta.get("year"), len(data))  # fmt: skip


def _finish(conn: sqlite3.Connection, name: str) -> None:
    """After whole files were inserted: ids used twice, the indexes, the records in force and the
    names, each in one statement."""
    try:
        _run(conn, _INDEXES)  # the unique index on ids is the check for an id used twice
    except sqlite3.IntegrityError:
        dups = conn.execute(
            "SELECT id, MIN(file || ':' || line), MAX(file || ':' || line) FROM records GROUP BY id HAVING COUNT(*) > 1"
        ).fetchall()
        places = [(rid, first, last.rpartition(":")) for rid, first, last in dups]  # "file:line", as the query joins them
        raise problems_error(name, [at_line(_id_used_twice(rid, first), file, int(line)) for rid, first, (file, _c, line)
                                    in places]) from None
    conn.execute("DELETE FROM effective")
    _effective(conn)
    _check_revisions(conn, name)
    conn.execute("DELETE FROM names")
    # NOT INDEXED: one pass over the table and a sort beat walking the key index, which reads the
    # rows out of order (60 ms against 90 at 100,000 records)
    conn.execute(
        "INSERT INTO names (kind, name, file, line, n, hi, neg, frac, long, first, last) SELECT 'indicator', indicator, "
        f"file, MIN(line), COUNT(*), MAX(CAST(value AS REAL)), MAX({_NEG_SQL}), MAX({_FRAC_SQL}), MAX({_LONG_SQL}), "
        "MIN(period), MAX(period) FROM records NOT INDEXED GROUP BY indicator, file"
    )
    conn.execute(
        "INSERT INTO names (kind, name, file, line, n) SELECT 'area', area, file, MIN(line), COUNT(*) "
        "FROM records WHERE area IS NOT NULL GROUP BY area, file"
    )


def build_from(
    ledger_file: Path, body: bytes, records: list[Record], cache_dir: Path | None, identity: tuple[str, int] | None
) -> None:
    """Index a ledger file that kehoach has just written whole (a new ledger from a large import:
    `body`, then the end line) from the records in hand, so that the next command need not read
    them back. Best effort: any failure leaves no index, and the next command builds one from
    the file."""
    path = index_path(ledger_file, cache_dir)
    if path is None:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = _connect(path)
    except (OSError, sqlite3.Error):
        return
    try:
        lines = _header_lines(body, 0)
        with _writing(conn):
            _reset(conn)
            name = ledger_file.name
            _insert_rows(conn, name, records, 0, lines)
            _finish(conn, name)
            province, year = identity if identity else (None, None)
            _set_file(conn, name, FileState(len(body), zlib.crc32(body), body.count(b"\n"), 1, province, year))
    except (OSError, sqlite3.Error, LedgerError):
        conn.close()
        drop(ledger_file, cache_dir)
        return
    conn.close()


def drop(ledger_path: Path, cache_dir: Path | None) -> None:
    """Delete the ledger's index (and SQLite's side files), if there is one."""
    path = index_path(ledger_path, cache_dir)
    if path is None:
        return
    for p in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        try:
            p.unlink()
        except OSError:
            pass


def _connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, timeout=30, isolation_level=None)  # transactions are explicit
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    # Up to 64 MiB of pages, taken only as they are used: a rebuild of 100,000 records (35 MB) then
    # writes its pages once, at the commit, instead of spilling them to the WAL as it goes (0.2 s).
    conn.execute("PRAGMA cache_size = -65536")
    return conn


def _state(conn: sqlite3.Connection) -> tuple[dict[str, str], dict[str, tuple[Any, ...]]]:
    """The index's version and the files it holds (empty when it is new or not ours)."""
    try:
        meta = dict(conn.execute("SELECT k, v FROM meta"))
        if meta.get("schema") != SCHEMA or meta.get("kehoach") != __version__:
            return meta, {}
        files = {row[0]: row[1:] for row in conn.execute("SELECT name, size, digest, lines, seal, province, year FROM files")}
        return meta, files
    except sqlite3.OperationalError:  # no such table: a new index
        return {}, {}


def _reset(conn: sqlite3.Connection) -> None:
    for table in ("meta", "files", "records", "links", "effective", "names"):
        conn.execute(f"DROP TABLE IF EXISTS {table}")
    _run(conn, _TABLES)
    conn.executemany("INSERT INTO meta (k, v) VALUES (?, ?)", [("schema", SCHEMA), ("kehoach", __version__)])


def _run(conn: sqlite3.Connection, script: str) -> None:
    for statement in script.split(";"):
        if statement.strip():
            conn.execute(statement)


class _Again(Exception):
    pass


class _Reread(Exception):
    pass


class _writing:
    """BEGIN IMMEDIATE … COMMIT (ROLLBACK on any error): one writer of the index at a time."""

    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn

    def __enter__(self) -> None:
        self.conn.execute("BEGIN IMMEDIATE")

    def __exit__(self, kind: object, exc: object, tb: object) -> None:
        self.conn.execute("COMMIT" if kind is None else "ROLLBACK")


def open_ledger(ledger_path: Path, cache_dir: Path | None) -> IndexedLedger | None:
    """The ledger's records from its index, brought up to date with its files as they are now.
    None when there is no usable cache folder: read the files instead. Raises LedgerError, naming
    file and line, when a file has a problem (as a full read would)."""
    path = index_path(ledger_path, cache_dir)
    if path is None or cache_dir is None:
        return None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    for _attempt in range(2):
        try:
            conn = _connect(path)
        except sqlite3.DatabaseError:
            drop(ledger_path, cache_dir)  # not a database (any more): start again
            continue
        except (OSError, sqlite3.Error):
            return None
        try:
            for _try in range(4):
                try:
                    return _sync(ledger_path, conn, cache_dir)
                except _Again:
                    continue
            conn.close()
            return None  # pragma: no cover - four other writers in a row: read the files this time
        except sqlite3.DatabaseError:
            conn.close()
            drop(ledger_path, cache_dir)  # damaged: start again once
        except (OSError, sqlite3.Error):
            conn.close()
            return None
        except BaseException:
            conn.close()
            raise
    return None


def _read_prefix(f: io.RawIOBase, size: int) -> int | None:
    """CRC-32 of the first `size` bytes, read in 1 MiB pieces (no copy of a large file in memory);
    None if the file is shorter now."""
    buf = bytearray(min(size, 1 << 20) or 1)
    view = memoryview(buf)
    crc, left = 0, size
    while left:
        n = f.readinto(view[: min(left, len(buf))])
        if not n:
            return None
        crc = zlib.crc32(view[:n], crc)
        left -= n
    return crc


def _check_file(file: Path, known: tuple[Any, ...] | None) -> tuple[FileState, bytes] | None:
    """(state, tail) when the index holds a prefix of the file as it is now; None otherwise."""
    if known is None:
        return None
    size, digest, lines, seal, province, year = known
    try:
        with open(file, "rb", buffering=0) as f:
            length = os.fstat(f.fileno()).st_size
            if length < size:
                return None
            crc = _read_prefix(f, size)
            if crc is None or _hex(crc) != digest:
                return None
            tail = f.read() or b""
            if tail and size:
                f.seek(size - 1)
                if f.read(1) != b"\n":
                    return None  # the bytes held end mid-line: what follows changes them
    except OSError:
        return None
    return FileState(size, crc, lines, seal, province, year, length), tail


def _sync(ledger_path: Path, conn: sqlite3.Connection, cache_dir: Path) -> IndexedLedger:
    meta, known = _state(conn)
    fresh_index = not meta or meta.get("schema") != SCHEMA or meta.get("kehoach") != __version__
    files = ledger_files(ledger_path)
    names = [f.name for f in files]
    states: dict[str, FileState] = {}
    tails: dict[str, tuple[list[Record], bytes, int]] = {}
    whole: dict[str, bytes] = {}
    for file in files:
        checked = None if fresh_index else _check_file(file, known.get(file.name))
        if checked is not None:
            state, tail = checked
            states[file.name] = state
            part, seal = tail, state.seal
            if state.seal == 1:  # the end line must be in what follows the bytes held
                found = ending(tail)
                if found.end is None:  # cut short (or its end line deleted): reading it whole says which
                    whole[file.name] = read_bytes(file, "ledger file")
                    continue
                part, seal = (tail, 2) if found.closed else (tail[: found.end], 1)
            if part or seal != state.seal:
                try:
                    tails[file.name] = (_parse_tail(file.name, part, state.lines), part, seal)
                except _Reread:
                    whole[file.name] = read_bytes(file, "ledger file")
        else:
            whole[file.name] = read_bytes(file, "ledger file")
    gone = [name for name in known if name not in names]
    if not (tails or whole or gone or fresh_index):
        return IndexedLedger(ledger_path, conn, states, cache_dir)

    rebuild = fresh_index or bool(whole) or bool(gone)
    problems: list[Problem] = []
    with _writing(conn):
        if _state(conn)[1] != known:  # another kehoach indexed these files meanwhile: start from its work
            raise _Again
        if fresh_index:
            _reset(conn)
        elif rebuild:
            indexes = conn.execute("SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL")
            for (name,) in indexes.fetchall():  # _finish makes them again, after the inserts
                conn.execute(f"DROP INDEX {name}")
        for name in [*gone, *whole]:
            conn.execute("DELETE FROM records WHERE file = ?", (name,))
            conn.execute("DELETE FROM links WHERE file = ?", (name,))
            conn.execute("DELETE FROM files WHERE name = ?", (name,))
        for name, data in whole.items():
            states[name] = _insert_file(conn, name, data, problems)
        for name, (records, part, seal) in tails.items():
            state = states[name]
            if rebuild:
                (first,) = conn.execute("SELECT COUNT(*) FROM records WHERE file = ?", (name,)).fetchone()
                _insert_rows(conn, name, records, first)
            else:
                _insert(conn, name, records, check=False)  # checked below, once every file is in
            states[name] = FileState(state.size + len(part), zlib.crc32(part, state.crc), state.lines + part.count(b"\n"),
                                     seal, state.province, state.year, state.length)  # fmt: skip
        if problems:
            raise problems_error(ledger_path.name, problems)
        if rebuild:
            _finish(conn, ledger_path.name)
        elif tails or whole:
            _check_revisions(conn, ledger_path.name)
        for name, state in states.items():
            _set_file(conn, name, state)
    return IndexedLedger(ledger_path, conn, states, cache_dir)


def _parse_tail(name: str, tail: bytes, lines_before: int) -> list[Record]:
    """The records in bytes appended after those indexed, with their lines in the whole file."""
    if not tail.strip():
        return []
    if not _TAIL_START.match(tail):
        raise _Reread
    meta: dict[str, Any] = {}
    records, problems = parse_ledger_bytes(tail, name, first_line=lines_before + 1, meta=meta)
    if meta:  # a [ledger] table among the records: only the whole file says what it means
        raise _Reread
    if problems:
        raise problems_error(name, problems)
    return records
