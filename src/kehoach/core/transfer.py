"""Bulk work: reading records from CSV or Excel files, and writing the ledger out again."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from kehoach.core.numbers import NumberFormatError, magnitude_problem, parse_number, plain
from kehoach.core.recording import Candidate
from kehoach.core.tomlfile import read_bytes
from kehoach.errors import DataError, UsageError

REQUIRED = ("id", "period", "value")
OPTIONAL = ("note", "by", "source", "area", "revise")
EXPORT_FIELDS = ("id", "period", "value", "area", "note", "by", "source")
EXPORT_ALL_FIELDS = EXPORT_FIELDS + ("revise", "record_id", "recorded_at", "revises")
# Columns that `export --all` writes for reference and `import` ignores.
IGNORED = ("record_id", "recorded_at", "revises")


def read_import(path: Path, default_by: str, locale: str | None) -> list[Candidate]:
    """Every row of a CSV or .xlsx file as a Candidate; every bad row is reported, by row number."""
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        header, rows = _xlsx_rows(path)
    elif suffix in (".csv", ".txt", ""):
        header, rows = _csv_rows(path)
    else:
        raise UsageError(f"{path.name}: import reads .csv or .xlsx files, not {suffix}")
    name = path.name
    columns = [str(h).strip().lower() if h is not None else "" for h in header]
    missing = [c for c in REQUIRED if c not in columns]
    unknown = [c for c in columns if c and c not in REQUIRED + OPTIONAL + IGNORED]
    problems = []
    if missing:
        problems.append(f"{name}: row 1: missing column(s) {', '.join(missing)} (the header must have id,period,value)")
    if unknown:
        problems.append(f"{name}: row 1: unknown column(s) {', '.join(unknown)}; allowed: {', '.join(REQUIRED + OPTIONAL)}")
    if problems:
        raise DataError(problems[0] if len(problems) == 1 else f"{name}: the header is wrong", details=problems[1:] if len(problems) == 1 else problems)
    out: list[Candidate] = []
    for n, cells in rows:
        if all(c is None or str(c).strip() == "" for c in cells):
            continue
        rec = {col: cells[i] if i < len(cells) else None for i, col in enumerate(columns) if col}
        try:
            value = _value(rec.get("value"), locale)
        except NumberFormatError as e:
            problems.append(f"{name}: row {n}: value: {e}")
            continue
        period = _period_text(rec.get("period"))
        out.append(
            Candidate(
                indicator=_text(rec.get("id")),
                period=period,
                value=value,
                by=_text(rec.get("by")) or default_by,
                note=_text(rec.get("note")),
                source=_text(rec.get("source")),
                area=_text(rec.get("area")) or None,
                revise=_text(rec.get("revise")) or None,
                row=n,
            )
        )
    if problems:
        raise DataError(f"{name}: {len(problems)} bad row(s); nothing was written", details=problems)
    return out


def _csv_rows(path: Path):
    data = read_bytes(path, "import file")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        raise DataError(f"{path.name}: row {line}: not UTF-8 text", hint="save the file as 'CSV UTF-8'") from None
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        raise DataError(f"{path.name}: the file is empty") from None
    except csv.Error as e:
        raise DataError(f"{path.name}: row 1: {e}") from None
    rows = []
    try:
        for row in reader:
            rows.append((reader.line_num, row))
    except csv.Error as e:
        raise DataError(f"{path.name}: row {reader.line_num}: {e}") from None
    return header, rows


def _xlsx_rows(path: Path):
    read_bytes(path, "import file")  # the same clear errors for a missing or unreadable file
    try:
        from openpyxl import load_workbook

        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as e:
        raise DataError(f"{path.name}: not a readable Excel workbook ({type(e).__name__}: {e})") from None
    try:
        ws = wb.worksheets[0]
        it = ws.iter_rows(values_only=True)
        header = next(it, None)
        if header is None:
            raise DataError(f"{path.name}: the first sheet is empty")
        rows = [(n, list(r)) for n, r in enumerate(it, start=2)]
    finally:
        wb.close()
    return list(header), rows


def _text(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    return str(v).strip()


def _value(v: Any, locale: str | None) -> Decimal:
    if v is None or (isinstance(v, str) and not v.strip()):
        raise NumberFormatError("the value is empty")
    if isinstance(v, bool):
        raise NumberFormatError(f"{v!r} is not a number")
    if isinstance(v, int):
        v = Decimal(v)
    if isinstance(v, float):
        # A spreadsheet keeps a binary double; its shortest repr is the number the person typed.
        d = Decimal(repr(v))
    elif isinstance(v, Decimal):
        d = v
    else:
        return parse_number(str(v), locale)
    problem = magnitude_problem(d)
    if problem:
        raise NumberFormatError(problem)
    return d


def _period_text(v: Any) -> str:
    # Excel turns a typed 2025-06 into a date; take its year and month back.
    if isinstance(v, (datetime, date)):
        return f"{v.year:04d}-{v.month:02d}"
    return _text(v)


def export_rows(ledger, include_all: bool) -> list[dict[str, Any]]:
    """Effective records (or the full history, oldest first) as rows that `import` reads back."""
    if include_all:
        records = list(ledger.records)  # read order is append order: a revision after what it revises
    else:
        records = sorted(ledger.effective().values(), key=lambda r: (r.indicator, r.period, r.area or ""))
    rows = []
    for r in records:
        row: dict[str, Any] = {
            "id": r.indicator,
            "period": str(r.period),
            "value": r.value,
            "area": r.area,
            "note": r.note,
            "by": r.by,
            "source": r.source,
        }
        if include_all:
            row["revise"] = r.reason if r.revises else None
            row["record_id"] = r.id
            row["recorded_at"] = r.recorded_at.isoformat()
            row["revises"] = r.revises
        rows.append(row)
    return rows


def write_xlsx(path: Path, rows: list[dict[str, Any]], fields: tuple[str, ...]) -> None:
    from openpyxl import Workbook

    from kehoach.core.storage import atomic_write

    wb = Workbook()
    ws = wb.active
    ws.title = "records"
    ws.append(list(fields))
    for row in rows:
        out = []
        for f in fields:
            v = row.get(f)
            if isinstance(v, Decimal):
                # Whole numbers as integers; others as the float nearest the exact decimal.
                v = int(v) if v == v.to_integral_value() else float(plain(v))
            out.append(v)
        ws.append(out)
    buf = io.BytesIO()
    wb.save(buf)
    atomic_write(path, buf.getvalue())
