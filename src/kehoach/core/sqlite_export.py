"""`export --format sqlite`: a province's plan, records and status as plain SQLite tables, written
INTO a database that may already hold other provinces (docs/sqlite.md).

Every row carries (province, year). One export of a (province, year) deletes that pair's rows in
every table and inserts them anew in ONE transaction (BEGIN IMMEDIATE … COMMIT): a failure, or a
kill, leaves the database as it was (SQLite's rollback journal), and other provinces' rows are
never touched. A new file is built beside its name and linked into place, so it appears whole or
not at all. A file that is not a SQLite database, or holds tables of another kehoach schema, is
refused and left byte for byte.

Decimals are stored exactly, as TEXT holding the digits the JSON contract prints (`10111.7`), and
again as REAL in a `<column>_num` companion for sorting and arithmetic (a REAL may differ from the
decimal beyond ~15 digits). The columns of `status` (and `indicators`) are the keys the caller
gives: the status JSON/CSV contract (render/contract.py), so there is one list; their SQL types
follow the core's Progress fields. Nothing here prints.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import sqlite3
import stat
import typing
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from kehoach.core.numbers import plain
from kehoach.core.periods import Period
from kehoach.errors import CannotWrite, DiskError, KehoachError, TryAgain, UsageError
from kehoach.i18n import _

SCHEMA_VERSION = 1
APPLICATION = "kehoach"
HEADER = b"SQLite format 3\x00"  # the first 16 bytes of every SQLite database file
TABLES = ("plans", "indicators", "records", "status")
NUM_SUFFIX = "_num"

# The plans table: one row per (province, year) exported.
PLAN_COLUMNS: tuple[tuple[str, str], ...] = (
    ("province", "TEXT NOT NULL"),
    ("year", "INTEGER NOT NULL"),
    ("title", "TEXT"),
    ("title_en", "TEXT"),
    ("baseline_year", "INTEGER"),
    ("source", "TEXT"),
    ("plan_file", "TEXT"),
    ("plan_file_sha256", "TEXT"),
    ("ledger", "TEXT"),
    ("exported_at", "TEXT"),
    ("kehoach_version", "TEXT"),
)

# The records table: every record of the ledger, revisions included (the full history).
# `value` is the exact decimal as text, `value_num` the same as REAL. No `stage` column yet: the
# ledger has no stages (another issue adds them; a nullable column can be appended then).
RECORD_COLUMNS: tuple[tuple[str, str], ...] = (
    ("province", "TEXT NOT NULL"),
    ("year", "INTEGER NOT NULL"),
    ("record_id", "TEXT NOT NULL"),
    ("indicator", "TEXT NOT NULL"),
    ("period", "TEXT NOT NULL"),
    ("area", "TEXT"),
    ("value", "TEXT NOT NULL"),
    ("value_num", "REAL"),
    ("recorded_at", "TEXT"),
    ("by", "TEXT"),
    ("office", "TEXT"),
    ("source", "TEXT"),
    ("note", "TEXT"),
    ("revises", "TEXT"),
    ("also_revises", "TEXT"),
    ("reason", "TEXT"),
    ("in_force", "INTEGER NOT NULL"),
    ("seq", "INTEGER NOT NULL"),
)


@dataclass
class ProvinceExport:
    """What one province's export writes. `indicators` and `status` are rows with the keys of
    `indicator_fields` and `status_fields` (each status row also has `as_of`)."""

    province: str
    year: int
    plan: dict[str, Any]
    indicator_fields: tuple[str, ...]
    indicators: list[dict[str, Any]]
    status_fields: tuple[str, ...]
    status: list[dict[str, Any]]
    records: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class Written:
    """What a write did: rows per table, and whether an earlier export of the pair was replaced."""

    counts: dict[str, int]
    replaced: bool
    created: bool


# ───────────────────────────── rows ─────────────────────────────


def plan_row(plan: Any, plan_path: Path | None, ledger_path: Path | None, exported_at: datetime, version: str) -> dict[str, Any]:
    """The plans row: the plan's heading, where it was read from (and its SHA-256), the ledger."""
    m = plan.plan
    digest = None
    if plan_path is not None:
        try:
            digest = hashlib.sha256(Path(plan_path).read_bytes()).hexdigest()
        except OSError:  # pragma: no cover - the plan was just read; nothing to hash if it went
            digest = None
    return {
        "title": m.title,
        "title_en": m.title_en,
        "baseline_year": m.baseline_year,
        "source": m.source,
        "plan_file": str(plan_path) if plan_path is not None else None,
        "plan_file_sha256": digest,
        "ledger": str(ledger_path) if ledger_path is not None else None,
        "exported_at": exported_at.isoformat(timespec="seconds"),
        "kehoach_version": version,
    }


def record_rows(ledger: Any) -> list[dict[str, Any]]:
    """Every record in read order (a revision after what it revises), with its office (the file of
    a ledger folder; None in a one-file ledger) and whether it is the value in force."""
    if ledger is None:
        return []
    in_force = {r.id for r in ledger.effective().values()}
    folder = ledger.path.is_dir()
    rows = []
    for seq, r in enumerate(ledger.records, 1):
        rows.append(
            {
                "record_id": r.id,
                "indicator": r.indicator,
                "period": str(r.period),
                "area": r.area,
                "value": r.value,
                "value_num": r.value,
                "recorded_at": r.recorded_at.isoformat(),
                "by": r.by,
                "office": Path(r.file).stem if folder and r.file else None,
                "source": r.source,
                "note": r.note,
                "revises": r.revises,
                "also_revises": list(r.also_revises),
                "reason": r.reason,
                "in_force": r.id in in_force,
                "seq": seq,
            }
        )
    return rows


def status_periods(plan: Any, ledger: Any) -> list[Period]:
    """The months the status table is written for: every month of the plan year with a value in force."""
    if ledger is None:
        return []
    from kehoach.core.succession import MergedLedger, merged_view

    year = plan.plan.year
    periods = {r.period for r in ledger.effective().values() if r.period.year == year}
    view = merged_view(plan, ledger)
    if isinstance(view, MergedLedger):  # a merged province's months before it existed: their combined values
        periods |= {period for (_id, period), c in view.combined.items() if c.value is not None and period.year == year}
    return sorted(periods)


def status_snapshots(plan: Any, ledger: Any, today: date | None) -> list[tuple[Period, list[Any]]]:
    """`status --as-of P` for every month P with a record, for the whole province and each area."""
    from kehoach.core.status import build_status

    out = []
    for period in status_periods(plan, ledger):
        rows = []
        for area in [None, *(a.name for a in plan.areas)]:
            rows += build_status(plan, ledger, as_of=period, area=area, today=today).rows
        out.append((period, rows))
    return out


# ───────────────────────────── schema ─────────────────────────────


def _hints() -> dict[str, Any]:
    from kehoach.core.progress import Progress

    return typing.get_type_hints(Progress)


def _kind(name: str, hints: dict[str, Any]) -> str:
    """decimal, integer, boolean, json or text: from the type of the Progress field of that name."""
    hint = hints.get(name)
    if hint is None:
        return "text"
    args = set(typing.get_args(hint)) or {hint}
    args.discard(type(None))
    origins = {typing.get_origin(a) or a for a in args}
    if Decimal in origins:
        return "decimal"
    if bool in origins:
        return "boolean"
    if int in origins:
        return "integer"
    if origins & {list, dict, tuple}:
        return "json"
    return "text"


_SQL = {"decimal": "TEXT", "integer": "INTEGER", "boolean": "INTEGER", "json": "TEXT", "text": "TEXT"}


def contract_columns(fields: Sequence[str]) -> list[tuple[str, str]]:
    """The columns for contract keys: each key with its SQL type, then a REAL `<key>_num` for each
    decimal key (appended after all the keys, so the first columns are the CSV's, in its order)."""
    hints = _hints()
    kinds = [(f, _kind(f, hints)) for f in fields]
    return [(f, _SQL[k]) for f, k in kinds] + [(f + NUM_SUFFIX, "REAL") for f, k in kinds if k == "decimal"]


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def schema_sql(indicator_fields: Sequence[str], status_fields: Sequence[str]) -> list[str]:
    """The CREATE statements of a new database."""

    def table(name: str, head: Iterable[tuple[str, str]], cols: Iterable[tuple[str, str]], tail: str) -> str:
        body = ",\n  ".join(f"{_q(c)} {t}" for c, t in [*head, *cols])
        return f"CREATE TABLE {name} (\n  {body}{tail}\n)"

    key = (("province", "TEXT NOT NULL"), ("year", "INTEGER NOT NULL"))
    ind_cols = [(c, "TEXT NOT NULL" if c == "id" else t) for c, t in contract_columns(indicator_fields)]
    st_cols = [(c, "TEXT NOT NULL" if c == "id" else t) for c, t in contract_columns(status_fields)]
    return [
        "CREATE TABLE meta (\n  key TEXT PRIMARY KEY,\n  value TEXT\n)",
        table("plans", PLAN_COLUMNS, (), ",\n  PRIMARY KEY (province, year)"),
        table("indicators", key, ind_cols, ",\n  PRIMARY KEY (province, year, id)"),
        table("records", RECORD_COLUMNS, (), ",\n  PRIMARY KEY (province, year, record_id)"),
        table("status", (*key, ("as_of", "TEXT NOT NULL")), st_cols, ""),
        # The whole province's rows have area NULL (as in the JSON), which a PRIMARY KEY would not
        # keep unique: this index does, one row per month, indicator and area.
        'CREATE UNIQUE INDEX status_key ON status (province, year, as_of, id, ifnull(area, \'\'))',
        "CREATE INDEX status_indicator ON status (province, year, id)",
        "CREATE INDEX records_indicator ON records (province, year, indicator, period)",
    ]


# ───────────────────────────── cells ─────────────────────────────


def _json(v: Any) -> str:
    """JSON text; a decimal inside it is a string of its exact digits."""
    return json.dumps(v, ensure_ascii=False, default=lambda o: plain(o) if isinstance(o, Decimal) else str(o))


def _cell(v: Any) -> Any:
    if isinstance(v, bool):
        return int(v)
    if v is None or isinstance(v, (str, int, float)):
        return v
    if isinstance(v, Decimal):
        return plain(v)
    if isinstance(v, (list, tuple, dict)):
        return _json(v)
    return str(v)


def _num(v: Any) -> float | None:
    if v is None:
        return None
    try:
        return float(v)
    except (TypeError, ValueError):
        return None


def _contract_cells(row: dict[str, Any], columns: Sequence[tuple[str, str]]) -> dict[str, Any]:
    out = {}
    for c, _t in columns:
        if c.endswith(NUM_SUFFIX) and c not in row and c[: -len(NUM_SUFFIX)] in row:
            out[c] = _num(row[c[: -len(NUM_SUFFIX)]])
        else:
            out[c] = _cell(row.get(c))
    return out


# ───────────────────────────── writing ─────────────────────────────


def write_province(output: Path, export: ProvinceExport, *, keep: Iterable[Path] = (), timeout: float = 10.0) -> Written:
    """Write `export` into the SQLite database `output` (made if missing), replacing the rows of
    its (province, year) and no other, in one transaction. Never over a path in `keep`."""
    from kehoach.core.outfile import check_output, is_stdout

    if is_stdout(output):
        raise UsageError(_("{flag_format} sqlite needs {flag_output} FILE.sqlite (a database is a file, not a stream)"))
    target = check_output(output, keep)
    try:
        st = os.stat(target)
    except FileNotFoundError:
        return _write_new(target, output, export, timeout)
    except OSError as e:
        raise _os_problem(e, output) from None
    _check_existing(target, output, st)
    conn = _connect(target, output, timeout, create=False)
    try:
        return _fill(conn, output, export, created=False)
    finally:
        conn.close()


def _check_existing(target: Path, output: Path, st: os.stat_result) -> None:
    mode = st.st_mode
    if stat.S_ISDIR(mode):
        raise CannotWrite(_("cannot write {output}: it is a folder; name a file").format(output=output))
    if not stat.S_ISREG(mode):
        raise CannotWrite(
            _("{output} is not a regular file; a SQLite database must be one").format(output=output),
            hint=_("name a .sqlite file"), option="output"
        )
    if not st.st_mode & 0o222 or not os.access(target, os.W_OK):
        raise CannotWrite(_("{output} is read-only; nothing was changed").format(output=output),
                          hint=_("choose another file"), option="output")
    if st.st_size == 0:
        return  # SQLite reads an empty file as an empty database
    try:
        with open(target, "rb") as f:
            head = f.read(len(HEADER))
    except OSError as e:
        raise _os_problem(e, output) from None
    if head != HEADER:
        raise CannotWrite(
            _("{output} exists and is not a SQLite database; refusing to write into it, nothing was changed").format(
                output=output
            ),
            hint=_("name a new file, or an earlier kehoach export (.sqlite)"), option="output"
        )


def _write_new(target: Path, output: Path, export: ProvinceExport, timeout: float) -> Written:
    """A new database, built in a temp file beside `target` and linked into place: it appears whole."""
    import tempfile

    folder = target.parent
    if not folder.is_dir():
        raise CannotWrite(_("cannot write {path}: the folder does not exist").format(path=output))
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as e:
        raise _os_problem(e, output) from None
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        conn = _connect(tmp, output, timeout, create=True)
        try:
            written = _fill(conn, output, export, created=True)
        finally:
            conn.close()
        from kehoach.core.storage import _fsync_dir, _umask

        os.chmod(tmp, 0o666 & ~_umask())
        _link_into_place(tmp, target, output)
        _fsync_dir(folder)
        return written
    except OSError as e:
        raise _os_problem(e, output) from None
    finally:
        tmp.unlink(missing_ok=True)
        Path(str(tmp) + "-journal").unlink(missing_ok=True)


def _link_into_place(tmp: Path, target: Path, output: Path) -> None:
    """Never over a file made meanwhile by someone else: a hard link fails if the name exists."""
    try:
        os.link(tmp, target)
    except FileExistsError:
        raise TryAgain(
            _("{output} was created by someone else while it was being written; nothing was changed").format(output=output),
            hint=_("run the export again: it will write into that database"),
        ) from None
    except OSError as e:
        if e.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV, errno.EMLINK, errno.ENOSYS):
            raise
        os.replace(tmp, target)  # a filesystem without hard links


def _connect(path: Path, output: Path, timeout: float, *, create: bool) -> sqlite3.Connection:
    # mode=rw: an existing database is opened, never made anew by a typo or a race.
    uri = f"{path.absolute().as_uri()}?mode={'rwc' if create else 'rw'}"
    try:
        conn = sqlite3.connect(uri, uri=True, timeout=timeout, isolation_level=None)
        conn.execute("PRAGMA synchronous = FULL")
    except sqlite3.Error as e:
        raise _db_problem(e, output) from None
    return conn


def _fill(conn: sqlite3.Connection, output: Path, export: ProvinceExport, *, created: bool) -> Written:
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.Error as e:
        raise _db_problem(e, output) from None
    try:
        _prepare_schema(conn, output, export)
        key = (export.province, export.year)
        replaced = conn.execute("SELECT count(*) FROM plans WHERE province = ? AND year = ?", key).fetchone()[0] > 0
        for t in TABLES:
            conn.execute(f"DELETE FROM {t} WHERE province = ? AND year = ?", key)
        counts = {
            "plans": _insert(conn, "plans", [dict(export.plan)], export),
            "indicators": _insert(conn, "indicators", export.indicators, export),
            "records": _insert(conn, "records", export.records, export),
            "status": _insert(conn, "status", export.status, export),
        }
        conn.execute("COMMIT")
    except BaseException as e:
        try:
            conn.execute("ROLLBACK")
        except sqlite3.Error:  # pragma: no cover - SQLite rolled back already (e.g. a full disk)
            pass
        if isinstance(e, sqlite3.Error):
            raise _db_problem(e, output) from None
        raise
    return Written(counts, replaced, created)


def _columns(conn: sqlite3.Connection, table: str) -> list[str]:
    return [r[1] for r in conn.execute(f"PRAGMA table_info({table})")]


def _prepare_schema(conn: sqlite3.Connection, output: Path, export: ProvinceExport) -> None:
    """Make kehoach's tables in a database without them; in one of ours, check the schema version
    and append the columns a newer contract added (a compatible change, as in the JSON)."""
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    ours = [t for t in ("meta", *TABLES) if t in tables]
    if not ours:
        for sql in schema_sql(export.indicator_fields, export.status_fields):
            conn.execute(sql)
        conn.executemany("INSERT INTO meta (key, value) VALUES (?, ?)",
                         [("application", APPLICATION), ("schema_version", str(SCHEMA_VERSION))])
        return
    meta: dict[str, str] = {}
    if "meta" in tables:
        try:
            meta = dict(conn.execute("SELECT key, value FROM meta").fetchall())
        except sqlite3.Error:
            meta = {}
    if meta.get("application") != APPLICATION or "schema_version" not in meta:
        raise CannotWrite(
            _("{output} is a SQLite database with tables kehoach did not make ({tables}); "
              "refusing to write into it, nothing was changed").format(output=output, tables=", ".join(ours)),
            hint=_("name a new file, or an earlier kehoach export"), option="output"
        )
    if meta["schema_version"] != str(SCHEMA_VERSION):
        raise CannotWrite(
            _("{output} holds kehoach tables of schema version {found}; this kehoach writes version "
              "{version}; nothing was changed").format(output=output, found=meta["schema_version"], version=SCHEMA_VERSION),
            hint=_("export into a new file, or use the kehoach that made it"), option="output"
        )
    missing = [t for t in TABLES if t not in tables]
    if missing:
        raise CannotWrite(
            _("{output}: the kehoach tables {tables} are missing; nothing was changed").format(
                output=output, tables=", ".join(missing)
            ),
            hint=_("export into a new file"), option="output"
        )
    for table, fields in (("indicators", export.indicator_fields), ("status", export.status_fields)):
        have = set(_columns(conn, table))
        for c, t in contract_columns(fields):
            if c not in have:
                conn.execute(f"ALTER TABLE {table} ADD COLUMN {_q(c)} {t}")


def _insert(conn: sqlite3.Connection, table: str, rows: list[dict[str, Any]], export: ProvinceExport) -> int:
    if not rows:
        return 0
    if table == "plans":
        cols: Sequence[tuple[str, str]] = PLAN_COLUMNS[2:]
        head: tuple[str, ...] = ("province", "year")
    elif table == "records":
        cols, head = RECORD_COLUMNS[2:], ("province", "year")
    elif table == "indicators":
        cols, head = contract_columns(export.indicator_fields), ("province", "year")
    else:
        cols, head = contract_columns(export.status_fields), ("province", "year", "as_of")
    names = [*head, *(c for c, _t in cols)]
    sql = f"INSERT INTO {table} ({', '.join(_q(n) for n in names)}) VALUES ({', '.join('?' * len(names))})"
    values = []
    for row in rows:
        cells = _contract_cells(row, cols) if table in ("indicators", "status") else {c: _cell(row.get(c)) for c, _t in cols}
        if table == "records":
            cells["value_num"] = _num(row.get("value"))
        first = [export.province, export.year] + ([_cell(row["as_of"])] if table == "status" else [])
        values.append([*first, *(cells[c] for c, _t in cols)])
    conn.executemany(sql, values)
    return len(values)


# ───────────────────────────── problems ─────────────────────────────


def _db_problem(e: sqlite3.Error, output: Path) -> KehoachError:
    name = getattr(e, "sqlite_errorname", "") or ""
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
        return TryAgain(_("{output} is in use by another program writing to it; nothing was changed").format(output=output),
                        hint=_("try again in a moment"))
    if name.startswith("SQLITE_FULL"):
        return DiskError(_("the disk is full: could not write {path}; nothing was changed").format(path=output),
                         hint=_("free some space and try again"))
    if name.startswith(("SQLITE_NOTADB", "SQLITE_CORRUPT")):
        return CannotWrite(
            _("{output} is not a usable SQLite database ({reason}); nothing was changed").format(
                output=output, reason=e
            ),
            hint=_("name a new file, or an earlier kehoach export (.sqlite)"), option="output"
        )
    if name.startswith(("SQLITE_READONLY", "SQLITE_CANTOPEN", "SQLITE_PERM", "SQLITE_AUTH")):
        return CannotWrite(_("cannot write {path}: {reason}; nothing was changed").format(path=output, reason=e))
    return DiskError(_("could not write {path}: {reason}; nothing was changed").format(path=output, reason=e))


def _os_problem(e: OSError, output: Path) -> Exception:
    from kehoach.core.storage import _os_error

    return _os_error(e, output)
