"""A cache of a ledger file's records in SQLite, proven fresh against the file's content on every use.

The ledger file stays the one source of truth. The index remembers how many bytes of it it has
read (`size`) and the CRC-32 of exactly those bytes (`digest`). Every command reads the ledger's
bytes again and checks them:

- the first `size` bytes have that CRC-32: the index is exact for them, and only what was appended
  after them (normally one record, written by kehoach) is parsed and added;
- anything else — a hand edit anywhere, a shorter file, another file at that path, an index
  written by another kehoach version, a damaged index: the index is rebuilt from the whole file.

CRC-32 (zlib) rather than SHA-256 because it reads 19 MB (100,000 records) in 3.5 ms instead of
10 ms, which is what keeps `record` on a large ledger as fast as on an empty one. It is a check
against accidental change, which is what a hand edit is: it catches every change confined to 4
bytes in a row and any other change but for a chance of 1 in 4.3 billion; the size must match too.
The cost of a command therefore grows with what was appended since the last one (and a 3.5 ms read
per 100,000 records), not with the ledger. The index lives in the user's cache folder
(`kehoach paths` shows it) and can be deleted at any time. Folder ledgers are read in full.
"""

from __future__ import annotations

import os
import re
import sqlite3
import zlib
from datetime import datetime, timezone
from decimal import Decimal
from pathlib import Path

from kehoach import __version__
from kehoach.core.hashing import blake2b
from kehoach.core.ledger import Record, parse_ledger_bytes, problems_error, record_lines
from kehoach.core.periods import Period
from kehoach.errors import LedgerError

_COLUMNS = "seq, id, indicator, period, value, area, recorded_at, by, note, source, revises, reason, line"

_TABLES = """
CREATE TABLE meta (k TEXT PRIMARY KEY, v TEXT NOT NULL);
CREATE TABLE records (
    seq INTEGER PRIMARY KEY, id TEXT NOT NULL, indicator TEXT NOT NULL, period TEXT NOT NULL,
    value TEXT NOT NULL, area TEXT, recorded_at TEXT NOT NULL, by TEXT NOT NULL, note TEXT NOT NULL,
    source TEXT NOT NULL, revises TEXT, reason TEXT, line INTEGER NOT NULL,
    akey TEXT NOT NULL,  -- area or '' : NULL never equals NULL in SQL
    ts TEXT NOT NULL  -- recorded_at in UTC, YYYY-MM-DDTHH:MM:SS.ffffff
);
CREATE TABLE effective (
    indicator TEXT NOT NULL, period TEXT NOT NULL, akey TEXT NOT NULL, seq INTEGER NOT NULL,
    PRIMARY KEY (indicator, period, akey)
) WITHOUT ROWID;
CREATE TABLE names (  -- the indicators and areas the records name: checked against the plan
    kind TEXT NOT NULL, name TEXT NOT NULL, line INTEGER NOT NULL, n INTEGER NOT NULL,
    PRIMARY KEY (kind, name)
) WITHOUT ROWID;
"""
# Created after a rebuild has inserted every record: far faster than keeping them up to date row by row.
_INDEXES = """
CREATE UNIQUE INDEX records_id ON records (id);
CREATE INDEX records_key ON records (indicator, period, akey);
CREATE INDEX records_revises ON records (revises) WHERE revises IS NOT NULL;
CREATE INDEX effective_area ON effective (akey);
"""
_DDL = _TABLES + _INDEXES


# Any change to the tables gives another fingerprint, and an index made with other tables is rebuilt.
SCHEMA = blake2b(_DDL.encode()).hexdigest()[:16]


def index_path(ledger_file: Path) -> Path | None:
    from kehoach.paths import cache_dir

    folder = cache_dir()
    if folder is None:
        return None
    name = blake2b(str(ledger_file.resolve()).encode("utf-8", "surrogateescape")).hexdigest()[:32]
    return folder / "index" / f"{name}.sqlite"


def _row(r: Record, seq: int, line: int | None = None) -> tuple:
    return (
        seq,
        r.id,
        r.indicator,
        str(r.period),
        str(r.value),
        r.area,
        r.recorded_at.isoformat(),
        r.by,
        r.note,
        r.source,
        r.revises,
        r.reason,
        r.line if line is None else line,
        r.area or "",
        r.recorded_at.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f"),  # sorts as time does
    )


def _record(row: tuple, name: str) -> Record:
    seq, rid, ind, period, value, area, at, by, note, source, revises, reason, line = row
    year, month = period.split("-")
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
        file=name,
        line=line,
    )


class IndexedLedger:
    """The records of one ledger file, served from its index (same questions as ledger.Ledger)."""

    def __init__(self, path: Path, conn: sqlite3.Connection, size: int, crc: int, lines: int):
        self.path = path
        self.exists = True
        self.warnings: list[str] = []
        self.size = size  # the bytes of the file this answers for
        self._conn = conn
        self._crc = crc  # CRC-32 of those bytes, extended after an append
        self._lines = lines
        self._known: set[str] | None = None
        self._effective: dict | None = None

    # ── questions ──
    def _rows(self, sql: str, args=()) -> list[Record]:
        return [_record(r, self.path.name) for r in self._conn.execute(sql, args)]

    def _keep(self, rec: Record) -> bool:
        return self._known is None or rec.indicator in self._known

    @property
    def records(self) -> list[Record]:
        return [r for r in self._rows(f"SELECT {_COLUMNS} FROM records ORDER BY seq") if self._keep(r)]

    def effective(self) -> dict:
        if self._effective is None:
            rows = self._rows(f"SELECT {_prefixed()} FROM effective e JOIN records r ON r.seq = e.seq")
            self._effective = {r.key: r for r in rows if self._keep(r)}
        return self._effective

    def effective_values(self, area: str | None) -> list[tuple[str, Period, Decimal]]:
        """(indicator, period, value) in force for one area (None: the whole province)."""
        out = []
        sql = "SELECT r.indicator, r.period, r.value FROM effective e JOIN records r ON r.seq = e.seq WHERE e.akey = ?"
        for ind, period, value in self._conn.execute(sql, (area or "",)):
            if self._known is None or ind in self._known:
                year, month = period.split("-")
                out.append((ind, Period(int(year), int(month)), Decimal(value)))
        return out

    def records_of(self, indicator: str) -> list[Record]:
        """One indicator's records, in append order."""
        if self._known is not None and indicator not in self._known:
            return []
        return self._rows(f"SELECT {_COLUMNS} FROM records WHERE indicator = ? ORDER BY seq", (indicator,))

    def in_force_ids(self, indicator: str) -> set[str]:
        sql = "SELECT r.id FROM effective e JOIN records r ON r.seq = e.seq WHERE e.indicator = ?"
        return {rid for (rid,) in self._conn.execute(sql, (indicator,))}

    def current(self, key) -> Record | None:
        ind, period, area = key
        rows = self._rows(
            f"SELECT {_prefixed()} FROM effective e JOIN records r ON r.seq = e.seq "
            "WHERE e.indicator = ? AND e.period = ? AND e.akey = ?",
            (ind, str(period), area or ""),
        )
        return rows[0] if rows else None

    # ── checks that depend on the plan ──
    def check_plan(self, known_ids: set[str] | None, areas: set[str] | None) -> None:
        self._known = known_ids
        if known_ids is not None:
            sql = "SELECT name, line, n FROM names WHERE kind = 'indicator' ORDER BY line"
            for ind, line, n in self._conn.execute(sql):
                if ind not in known_ids:
                    self.warnings.append(
                        f"{self.path.name}:{line}: indicator {ind!r} is not in the plan; its {n} record(s) are ignored"
                    )
        if areas is not None:
            sql = "SELECT name, line FROM names WHERE kind = 'area'"
            bad = [(line, area) for area, line in self._conn.execute(sql) if area not in areas]
            if bad:
                line, area = min(bad)
                raise LedgerError(
                    f"{self.path.name}:{line}: area: {area!r} is not an area of the plan",
                    hint="fix the ledger by hand (nothing has been written), then run the command again",
                )

    # ── after kehoach appended to the file ──
    def appended(self, data: bytes, records: list[Record]) -> None:
        """Add what kehoach just appended to the file (under the ledger's lock), so that the next
        command need not parse it. Should another command have indexed it already, nothing to do."""
        before = {"size": str(self.size), "digest": _hex(self._crc)}
        self._crc = zlib.crc32(data, self._crc)
        lines = _header_lines(data, self._lines)
        try:
            with _writing(self._conn):
                now = _meta(self._conn)
                if now.get("size") == before["size"] and now.get("digest") == before["digest"]:
                    _insert(self._conn, records, lines)
                    _set_meta(self._conn, self.size + len(data), _hex(self._crc), self._lines + data.count(b"\n"))
        except sqlite3.Error:
            drop(self.path)  # the next command rebuilds it from the file
        self.size += len(data)
        self._lines += data.count(b"\n")
        self._effective = None


def _header_lines(data: bytes, lines_before: int) -> list[int]:
    """The lines, in the whole file, of the [[records]] headers in bytes kehoach appended to it."""
    return [lines_before + line for line in record_lines(data.decode("utf-8"))]


def _prefixed() -> str:
    return ", ".join(f"r.{c.strip()}" for c in _COLUMNS.split(","))


def _set_meta(conn, size: int, digest: str, lines: int) -> None:
    conn.executemany(
        "INSERT OR REPLACE INTO meta (k, v) VALUES (?, ?)",
        [
            ("schema", str(SCHEMA)),
            ("kehoach", __version__),
            ("size", str(size)),
            ("digest", digest),
            ("lines", str(lines)),
        ],
    )


_INSERT = (
    "INSERT INTO records (seq, id, indicator, period, value, area, recorded_at, by, note, source, revises, "
    "reason, line, akey, ts) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"
)

# The record in force per key, as ledger.effective_of defines it: not revised by any record; the
# latest recorded (UTC) wins, and on the same instant the one later in the file.
_EFFECTIVE = """
INSERT OR REPLACE INTO effective (indicator, period, akey, seq)
SELECT indicator, period, akey, seq FROM (
    SELECT indicator, period, akey, seq,
           ROW_NUMBER() OVER (PARTITION BY indicator, period, akey ORDER BY ts DESC, seq DESC) AS rank
    FROM records r
    WHERE NOT EXISTS (SELECT 1 FROM records x WHERE x.revises = r.id) {where}
) WHERE rank = 1
"""


def _insert(conn, records: list[Record], lines: list[int] | None = None) -> None:
    """Add records after those indexed (at `lines`, or their own) and bring the records in force
    up to date for their keys."""
    lines = lines or [r.line for r in records]
    (top,) = conn.execute("SELECT COALESCE(MAX(seq), 0) FROM records").fetchone()
    try:
        conn.executemany(_INSERT, [_row(r, top + 1 + n, line) for n, (r, line) in enumerate(zip(records, lines))])
    except sqlite3.IntegrityError:
        raise _duplicate_id(conn, records) from None
    names: dict[tuple[str, str], list[int]] = {}
    for r, line in zip(records, lines):
        for kind, name in (("indicator", r.indicator), ("area", r.area)):
            if name is not None:
                seen = names.setdefault((kind, name), [line, 0])
                seen[1] += 1
    conn.executemany(
        "INSERT INTO names (kind, name, line, n) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (kind, name) DO UPDATE SET n = n + excluded.n, line = MIN(line, excluded.line)",
        [(kind, name, line, n) for (kind, name), (line, n) in names.items()],
    )
    keys = {(r.indicator, str(r.period), r.area or "") for r in records}
    revised = [r.revises for r in records if r.revises]
    for n in range(0, len(revised), 500):
        chunk = revised[n : n + 500]
        sql = f"SELECT indicator, period, akey FROM records WHERE id IN ({','.join('?' * len(chunk))})"
        keys.update(conn.execute(sql, chunk))
    if len(keys) > 2000:  # a large import: every key in one statement
        conn.execute("DELETE FROM effective")
        conn.execute(_EFFECTIVE.format(where=""))
        return
    for key in keys:
        conn.execute("DELETE FROM effective WHERE indicator = ? AND period = ? AND akey = ?", key)
        conn.execute(_EFFECTIVE.format(where="AND indicator = ? AND period = ? AND akey = ?"), key)


# A whole file is indexed in pieces of this many records, so that reading 100,000 records never
# holds them all in memory at once.
_PIECE = 5000
_HEADER_BYTES = b"\n[[records]]\n"


def build_from(ledger_file: Path, data: bytes, records: list[Record]) -> None:
    """Index a ledger that kehoach has just written whole (a new ledger from a large import) from
    the records in hand, so that the next command need not read them back. Best effort: any
    failure leaves no index, and the next command builds one from the file."""
    path = index_path(ledger_file)
    if path is None:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = _connect(path)
    except (OSError, sqlite3.Error):
        return
    try:
        lines = _header_lines(data, 0)
        with _writing(conn):
            for statement in [f"DROP TABLE IF EXISTS {t}" for t in ("meta", "records", "effective", "names")]:
                conn.execute(statement)
            _run(conn, _TABLES)
            conn.executemany(_INSERT, [_row(r, n + 1, line) for n, (r, line) in enumerate(zip(records, lines))])
            _finish(conn, ledger_file.name)
            _set_meta(conn, len(data), _hex(zlib.crc32(data)), data.count(b"\n"))
    except (OSError, sqlite3.Error, LedgerError):
        conn.close()
        drop(ledger_file)
        return
    conn.close()


def _pieces(data: bytes):
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


def _rebuild(conn, name: str, data: bytes) -> None:
    """Index a whole ledger file into empty tables (inside the caller's transaction)."""
    problems: list[str] = []
    seq = 0
    for first_line, piece in _pieces(data):
        records, found = parse_ledger_bytes(piece, name, first_line=first_line)
        problems += found
        if not problems:
            conn.executemany(_INSERT, [_row(r, seq + 1 + n) for n, r in enumerate(records)])
        seq += len(records)
    if problems:
        raise problems_error(name, problems)
    _finish(conn, name)


def _finish(conn, name: str) -> None:
    """After every record of a file is inserted: ids used twice, the indexes, the records in
    force and the names, each in one statement."""
    dups = conn.execute(
        "SELECT id, MIN(line), MAX(line) FROM records GROUP BY id HAVING COUNT(*) > 1 ORDER BY MIN(line)"
    ).fetchall()
    if dups:
        raise problems_error(
            name, [f"{name}:{last}: record id {rid!r} is also used in {name}:{first}" for rid, first, last in dups]
        )
    _run(conn, _INDEXES)
    conn.execute(_EFFECTIVE.format(where=""))
    conn.execute(
        "INSERT INTO names (kind, name, line, n) SELECT 'indicator', indicator, MIN(line), COUNT(*) FROM records GROUP BY indicator"
    )
    conn.execute(
        "INSERT INTO names (kind, name, line, n) SELECT 'area', area, MIN(line), COUNT(*) FROM records "
        "WHERE area IS NOT NULL GROUP BY area"
    )


def _duplicate_id(conn, records: list[Record]) -> LedgerError:
    for r in records:
        found = conn.execute("SELECT line FROM records WHERE id = ?", (r.id,)).fetchone()
        if found:
            return LedgerError(f"{r.file}:{r.line}: record id {r.id!r} is also used in {r.file}:{found[0]}")
    seen: dict[str, int] = {}
    for r in records:
        if r.id in seen:
            return LedgerError(f"{r.file}:{r.line}: record id {r.id!r} is also used in {r.file}:{seen[r.id]}")
        seen[r.id] = r.line
    return LedgerError("duplicate record ids in the ledger")  # pragma: no cover


def drop(ledger_file: Path) -> None:
    path = index_path(ledger_file)
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
    return conn


def _meta(conn) -> dict[str, str]:
    try:
        return dict(conn.execute("SELECT k, v FROM meta"))
    except sqlite3.OperationalError:  # no such table: a new index
        return {}


def open_ledger(ledger_file: Path) -> IndexedLedger | None:
    """The ledger file's records from its index, brought up to date with the file as it is now.
    None when there is no usable cache folder: read the file instead. Raises LedgerError, naming
    file and line, when the file has a problem (as a full read would)."""
    path = index_path(ledger_file)
    if path is None:
        return None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    for _ in range(2):
        try:
            conn = _connect(path)
        except sqlite3.DatabaseError:
            drop(ledger_file)  # not a database (any more): start again
            continue
        except (OSError, sqlite3.Error):
            return None
        try:
            meta = _meta(conn)
            for _ in range(4):
                try:
                    return _sync(ledger_file, path, conn, meta)
                except _Again:
                    meta = _meta(conn)
            conn.close()
            return None  # pragma: no cover - four other writers in a row: read the file this time
        except sqlite3.DatabaseError:
            conn.close()
            drop(ledger_file)  # damaged: start again once
        except (OSError, sqlite3.Error):
            conn.close()
            return None
        except BaseException:
            conn.close()
            raise
    return None


def _hex(crc: int) -> str:
    return f"crc32:{crc:08x}"


def _read_prefix(f, size: int) -> int | None:
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


def _sync(ledger_file: Path, path: Path, conn, meta: dict) -> IndexedLedger:
    from kehoach.core.tomlfile import read_bytes

    name = ledger_file.name
    records: list[Record] = []
    try:
        with open(ledger_file, "rb", buffering=0) as f:
            size = _indexed_size(meta, os.fstat(f.fileno()).st_size)
            crc = _read_prefix(f, size) if size is not None else None
            if crc is not None and _hex(crc) == meta.get("digest"):
                tail = f.read() or b""
                head_ends_line = size == 0 or _byte_before(f, size) == b"\n"
            else:
                size = None
    except OSError:
        size = None  # read_bytes below names the problem
    if size is not None:
        lines = int(meta["lines"])
        if not tail:
            return IndexedLedger(ledger_file, conn, size, crc, lines)
        try:
            records = _parse_tail(name, tail, head_ends_line, lines)
        except _Reread:
            size = None
    rebuild = size is None
    if rebuild:
        tail = read_bytes(ledger_file, "ledger file")
        crc, size, lines = 0, 0, 0
    crc = zlib.crc32(tail, crc)
    with _writing(conn):
        if _meta(conn) != meta:  # another kehoach indexed the file meanwhile: start from its work
            raise _Again
        if rebuild:
            for statement in [f"DROP TABLE IF EXISTS {t}" for t in ("meta", "records", "effective", "names")]:
                conn.execute(statement)
            _run(conn, _TABLES)
            _rebuild(conn, name, tail)
        elif records:
            _insert(conn, records)
        lines += tail.count(b"\n")
        _set_meta(conn, size + len(tail), _hex(crc), lines)
    return IndexedLedger(ledger_file, conn, size + len(tail), crc, lines)


def _byte_before(f, pos: int) -> bytes:
    f.seek(pos - 1)
    return f.read(1)


def _run(conn, script: str) -> None:
    for statement in script.split(";"):
        if statement.strip():
            conn.execute(statement)


class _Again(Exception):
    pass


class _writing:
    """BEGIN IMMEDIATE … COMMIT (ROLLBACK on any error): one writer of the index at a time."""

    def __init__(self, conn):
        self.conn = conn

    def __enter__(self):
        self.conn.execute("BEGIN IMMEDIATE")

    def __exit__(self, kind, exc, tb):
        self.conn.execute("COMMIT" if kind is None else "ROLLBACK")
        return False


def _indexed_size(meta: dict, length: int) -> int | None:
    """How many bytes of the file the index says it holds, if it is an index this kehoach wrote."""
    if meta.get("schema") != str(SCHEMA) or meta.get("kehoach") != __version__:
        return None
    try:
        size = int(meta["size"])
        int(meta["lines"])
    except (KeyError, ValueError):
        return None
    return size if 0 <= size <= length else None


# What may be parsed on its own after the bytes the index holds: blank lines and comments, then a
# new [[records]] table. Anything else (a key added to the last table, say) changes the meaning of
# bytes already indexed, and the whole file is read again.
_TAIL_START = re.compile(rb"\A(?:[ \t]*(?:#[^\n]*)?\r?\n)*[ \t]*\[\[[ \t]*records[ \t]*\]\]")


class _Reread(Exception):
    pass


def _parse_tail(name: str, tail: bytes, prefix_ends_line: bool, lines_before: int) -> list[Record]:
    """The records in bytes appended after those indexed, with their lines in the whole file."""
    if not tail.strip():
        return []
    if not prefix_ends_line or not _TAIL_START.match(tail):
        raise _Reread
    return _parse_all(name, tail, lines_before + 1)


def _parse_all(name: str, data: bytes, first_line: int = 1) -> list[Record]:
    """Every record in the bytes, or a LedgerError listing every problem (ids used twice too)."""
    records, problems = parse_ledger_bytes(data, name, first_line=first_line)
    seen: dict[str, int] = {}
    for r in records:
        if r.id in seen:
            problems.append(f"{name}:{r.line}: record id {r.id!r} is also used in {name}:{seen[r.id]}")
        else:
            seen[r.id] = r.line
    if problems:
        raise problems_error(name, problems)
    return records
