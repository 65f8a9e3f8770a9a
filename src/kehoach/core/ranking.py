"""`kehoach rank`: the provinces of a SQLite export (core/sqlite_export.py) ranked by one indicator's
value for one month — "địa phương có tốc độ tăng GRDP cao nhất" (docs/sqlite.md, "Ranking").

The file is opened read-only (SQLite's `mode=ro`): nothing is ever written to it, not even a
journal. A file that is not there is InputMissing (66); one that is not a kehoach export (not
SQLite, or SQLite without kehoach's `meta`, or of another schema version) is a DataError (65).

A province's value for the month is its whole-province status row of that month (`as_of`) when
the value shown is that month's own (`period = as_of`); any other province of the same plan year
is listed after the ranked ones as no data. The order comes from the indicator's `direction` in
the provinces' plan rows: higher first for "higher", lower first for "lower"; "toward" (about a
target) has no better end and is listed highest first. Ties share a rank (1, 2, 2, 4). Values are
compared as exact decimals (the TEXT columns), never as REAL.
"""

from __future__ import annotations

import os
import sqlite3
import stat
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from kehoach.core.periods import Period, parse_period
from kehoach.core.sqlite_export import APPLICATION, HEADER, SCHEMA_VERSION
from kehoach.errors import DataError, InputMissing, TryAgain, UsageError
from kehoach.i18n import _

# The JSON/CSV rows of `kehoach rank`, in this order (appended to, never reordered).
RANK_FIELDS = ("rank", "province", "value", "unit", "percent_of_plan", "status", "stage", "year", "period",
               "target_text")


@dataclass
class RankRow:
    province: str
    year: int
    rank: int | None = None  # None: no value for the month (listed last, not ranked)
    value: Decimal | None = None
    unit: str | None = None
    unit_en: str | None = None
    percent_of_plan: Decimal | None = None
    status: str = "no_data"
    stage: str | None = None
    period: str | None = None  # the month ranked (None when the province has no value for it)
    target_text: str | None = None

    def as_row(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in RANK_FIELDS}


@dataclass
class Ranking:
    indicator: str
    name: str | None
    name_en: str | None
    year: int | None
    period: Period | None
    direction: str | None
    order: str  # "desc" | "asc"
    rows: list[RankRow] = field(default_factory=list)

    @property
    def ranked(self) -> list[RankRow]:
        return [r for r in self.rows if r.rank is not None]


def open_export(path: Path, timeout: float = 10.0) -> sqlite3.Connection:
    """A read-only connection to a kehoach export, checked; the file is never written."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise InputMissing(_("{path} does not exist").format(path=path),
                           hint=_("name a file written by {cmd_export} {flag_o} FILE.sqlite")) from None
    except OSError as e:
        raise InputMissing(_("cannot read {path}: {reason}").format(path=path, reason=e.strerror)) from None
    if stat.S_ISDIR(st.st_mode):
        raise InputMissing(_("{path} is a folder, not a kehoach export").format(path=path),
                           hint=_("name a file written by {cmd_export} {flag_o} FILE.sqlite"))
    try:
        with open(path, "rb") as f:
            head = f.read(len(HEADER))
    except OSError as e:
        raise InputMissing(_("cannot read {path}: {reason}").format(path=path, reason=e.strerror)) from None
    if head != HEADER:
        raise DataError(_("{path} is not a kehoach export: it is not a SQLite database").format(path=path),
                        hint=_("name a file written by {cmd_export} {flag_o} FILE.sqlite"))
    try:
        conn = sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro", uri=True, timeout=timeout)
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    except sqlite3.Error as e:
        raise _problem(e, path) from None
    try:
        meta = dict(conn.execute("SELECT key, value FROM meta").fetchall()) if "meta" in tables else {}
    except sqlite3.Error:
        meta = {}
    if meta.get("application") != APPLICATION:
        conn.close()
        raise DataError(_("{path} is a SQLite database, but not a kehoach export (its meta table does not say "
                          "application = kehoach)").format(path=path),
                        hint=_("name a file written by {cmd_export} {flag_o} FILE.sqlite"))
    if meta.get("schema_version") != str(SCHEMA_VERSION):
        conn.close()
        raise DataError(_("{path} is a kehoach export of schema version {found}; this kehoach reads version "
                          "{version}").format(path=path, found=meta.get("schema_version"), version=SCHEMA_VERSION),
                        hint=_("read it with the kehoach that made it, or export again"))
    lacking = [t for t in ("plans", "indicators", "status") if t not in tables]
    if lacking:
        conn.close()
        raise DataError(_("{path}: the kehoach tables {tables} are missing").format(path=path, tables=", ".join(lacking)),
                        hint=_("export again into a new file"))
    return conn


def _problem(e: sqlite3.Error, path: Path) -> Exception:
    name = getattr(e, "sqlite_errorname", "") or ""
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
        return TryAgain(_("{path} is in use by another program writing to it").format(path=path),
                        hint=_("try again in a moment"))
    if name.startswith(("SQLITE_NOTADB", "SQLITE_CORRUPT")):
        return DataError(_("{path} is not a usable SQLite database ({reason})").format(path=path, reason=e),
                         hint=_("name a file written by {cmd_export} {flag_o} FILE.sqlite"))
    return DataError(_("could not read {path}: {reason}").format(path=path, reason=e))


def _columns(conn: sqlite3.Connection, table: str) -> set[str]:
    return {r[1] for r in conn.execute(f"PRAGMA table_info({table})")}


def _dec(v: Any) -> Decimal | None:
    if v is None:
        return None
    try:
        return Decimal(str(v))
    except InvalidOperation:
        return None


def rank(path: Path, indicator: str, *, period: Period | None = None, year: int | None = None,
         top: int | None = None, timeout: float = 10.0) -> Ranking:
    """Rank the provinces of the export at `path` by `indicator` (the provinces' own id) for one
    month: `period`, or the latest month of `year` (default: the latest year) that any province
    has that indicator's own value for."""
    if period is not None and year is not None and period.year != year:
        raise UsageError(_("{flag_period} {period} is not in {flag_year} {year}").format(period=period, year=year))
    conn = open_export(path, timeout)
    try:
        return _rank(conn, path, indicator, period, year if year is not None else (period.year if period else None), top)
    except sqlite3.Error as e:
        raise _problem(e, path) from None
    finally:
        conn.close()


def _rank(conn: sqlite3.Connection, path: Path, indicator: str, period: Period | None, year: int | None,
          top: int | None) -> Ranking:
    have = _columns(conn, "indicators")
    wanted = [c for c in ("province", "year", "name", "name_en", "unit", "unit_en", "direction") if c in have]
    plans = conn.execute("SELECT " + ", ".join(f'"{c}"' for c in wanted) + " FROM indicators WHERE id = ?"
                         + (" AND year = ?" if year is not None else "") + " ORDER BY year, province",
                         (indicator, year) if year is not None else (indicator,)).fetchall()
    found = [dict(zip(wanted, r, strict=True)) for r in plans]
    if not found:
        known = [r[0] for r in conn.execute("SELECT DISTINCT id FROM indicators" + (" WHERE year = ?" if year else "")
                                            + " ORDER BY id", (year,) if year else ())]
        from kehoach.core.plan import close_matches

        close = close_matches(indicator, known, n=1)
        if not known and year is not None:  # the id may be right and the year not in the file
            years = [str(r[0]) for r in conn.execute("SELECT DISTINCT year FROM indicators ORDER BY year")]
            raise UsageError(_("{path} holds no province's plan for {year}").format(path=path, year=year),
                             hint=_("the years in the file: {years}").format(years=", ".join(years) or "—"))
        where = _("in {year}").format(year=year) if year is not None else _("in any year")
        raise UsageError(_("no province of {path} has an indicator {id} {where}").format(path=path, id=repr(indicator),
                                                                                       where=where),
                         hint=(_("did you mean {name}?").format(name=repr(close[0])) if close
                               else _("the provinces' ids: {ids}").format(ids=", ".join(known[:20]) or "—")))
    status_cols = _columns(conn, "status")
    if year is None:
        latest = conn.execute("SELECT max(year) FROM status WHERE id = ? AND area IS NULL AND period = as_of "
                              "AND actual IS NOT NULL", (indicator,)).fetchone()[0]
        year = int(latest) if latest is not None else max(int(f["year"]) for f in found)
        found = [f for f in found if int(f["year"]) == year]
    if period is None:
        latest = conn.execute("SELECT max(as_of) FROM status WHERE id = ? AND year = ? AND area IS NULL "
                              "AND period = as_of AND actual IS NOT NULL", (indicator, year)).fetchone()[0]
        period = parse_period(latest) if latest is not None else None
    direction = _one(found, "direction", indicator, path)
    _one(found, "unit", indicator, path)
    order = "asc" if direction == "lower" else "desc"
    fields = [c for c in ("province", "actual", "percent_of_plan", "status", "stage", "target_text", "period")
              if c in status_cols]
    rows_by_province: dict[str, dict[str, Any]] = {}
    if period is not None:
        for r in conn.execute("SELECT " + ", ".join(f'"{c}"' for c in fields) + " FROM status WHERE id = ? AND year = ? "
                              "AND as_of = ? AND area IS NULL", (indicator, year, str(period))):
            rows_by_province[r[0]] = dict(zip(fields, r, strict=True))
    out: list[RankRow] = []
    for f in found:
        row = RankRow(province=f["province"], year=int(f["year"]), unit=f.get("unit"), unit_en=f.get("unit_en"))
        s = rows_by_province.get(f["province"])
        value = _dec(s.get("actual")) if s is not None and s.get("period") == str(period) else None
        if s is not None and value is not None:
            row.value, row.period = value, str(period)
            row.percent_of_plan = _dec(s.get("percent_of_plan"))
            row.status, row.stage, row.target_text = s.get("status") or "no_data", s.get("stage"), s.get("target_text")
        out.append(row)
    ranked = sorted((r for r in out if r.value is not None),
                    key=lambda r: ((-r.value if order == "desc" else r.value) if r.value is not None else Decimal(0),
                                   r.province))
    for n, r in enumerate(ranked):
        r.rank = n + 1 if n == 0 or r.value != ranked[n - 1].value else ranked[n - 1].rank
    rest = sorted((r for r in out if r.value is None), key=lambda r: r.province)
    rows = ranked + rest
    if top is not None:
        rows = [r for r in ranked if r.rank is not None and r.rank <= top]
    first = found[0]
    return Ranking(indicator, first.get("name"), first.get("name_en"), year, period, direction, order, rows)


def _one(found: list[dict[str, Any]], key: str, indicator: str, path: Path) -> str | None:
    """The one direction (or unit) the provinces' plans give the indicator; provinces that disagree
    cannot be ranked against each other."""
    values = {f.get(key) for f in found}
    if len(values) <= 1:
        return next(iter(values), None)
    said = "; ".join(f"{f['province']} {f.get(key)}" for f in found)
    if key == "direction":
        raise DataError(_("{path}: the provinces' plans give {id} different directions ({said}); they cannot be "
                          "ranked together").format(path=path, id=indicator, said=said),
                        hint=_("rank one year, or give the provinces' plans one direction"))
    raise DataError(_("{path}: the provinces' plans give {id} different units ({said}); they cannot be ranked "
                      "together").format(path=path, id=indicator, said=said),
                    hint=_("rank one year, or give the provinces' plans one unit"))
