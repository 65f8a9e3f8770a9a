"""Bulk work: reading records from CSV or Excel files, and writing the ledger out again."""

from __future__ import annotations

import csv
import io
import re
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kehoach.core.numbers import (
    ANY_SPACE,
    NumberFormatError,
    magnitude_problem,
    parse_number,
    plain,
    without_spaced_groups,
)
from kehoach.core.recording import Candidate
from kehoach.core.tomlfile import read_bytes
from kehoach.errors import DataError, Kind, Place, Problem, UsageError
from kehoach.i18n import _

if TYPE_CHECKING:
    from kehoach.core.ledger.model import LedgerView, Record

REQUIRED = ("id", "period", "value")
OPTIONAL = ("note", "by", "source", "area", "revise", "stage")
_FIELDS = ("id", "period", "value", "area", "note", "by", "source")
# (stage, added later, comes last in both: a column appended, none moved; docs/stages.md)
EXPORT_FIELDS = (*_FIELDS, "stage")
# `export --all` is a backup: every field of every record, and the office file it is in (a folder
# ledger), so that `import` of it gives back the same records (`read_backup`, recording.restore_records).
EXPORT_ALL_FIELDS = (*_FIELDS, "revise", "record_id", "recorded_at", "revises", "also_revises", "office", "stage")
# Columns of `export --all` that only a backup's restore reads (a file with `record_id` is one).
IGNORED = ("record_id", "recorded_at", "revises", "also_revises", "office")


def read_import(path: Path, default_by: str, locale: str | None, plan: Any = None) -> list[Candidate]:
    """Every row of a CSV or .xlsx file as a Candidate; every bad row is reported, by row number.

    `plan` tells which indicators are percentages: a cell shown as 7,5% is 7.5 for them and is
    refused for any other unit (without a plan, every percentage is refused)."""
    suffix = path.suffix.lower()
    delimiter = None
    if suffix in (".xlsx", ".xlsm"):
        header, rows = _xlsx_rows(path)
    elif suffix in (".csv", ".txt", ""):
        header, rows, delimiter = _csv_rows(path)
    else:
        raise UsageError(_("{file}: import reads .csv or .xlsx files, not {suffix}").format(file=path.name, suffix=suffix))
    name = path.name
    columns = [str(h).strip().lower() if h is not None else "" for h in header]
    missing = [c for c in REQUIRED if c not in columns]
    unknown = [c for c in columns if c and c not in REQUIRED + OPTIONAL + IGNORED]
    problems = _named_twice(name, columns, sheet=suffix in (".xlsx", ".xlsm"))
    if missing:
        problems.append(_at(_("missing column(s) {columns} (the header must have id,period,value)").format(
            columns=", ".join(missing)), name, 1))
    if unknown:
        problems.append(_at(_("unknown column(s) {columns}; allowed: {allowed}").format(
            columns=", ".join(unknown), allowed=", ".join(REQUIRED + OPTIONAL)), name, 1))
    if problems:
        if len(problems) == 1:
            raise _one(problems[0])
        raise DataError(_("{file}: the header is wrong").format(file=name), details=[p.line() for p in problems],
                        problems=tuple(problems))
    out: list[Candidate] = []
    width = len(columns)
    convention = _Convention.of(delimiter, rows, columns.index("value"), width) if locale is None else None
    for n, cells in rows:
        if all(c is None or str(c).strip() == "" for c in cells):
            continue
        if len(cells) != width:
            problems.append(_width_problem(name, n, len(cells), width, suffix in (".xlsx", ".xlsm")))
            continue
        rec = {col: cells[i] for i, col in enumerate(columns) if col}
        indicator = _text(rec.get("id"))
        try:
            value = _value(rec.get("value"), locale, plan, indicator, convention)
        except NumberFormatError as e:
            problems.append(_at(_("value: {problem}").format(problem=e), name, n))
            continue
        revise = _revise(rec.get("revise"))
        if isinstance(revise, _Refused):
            problems.append(_at(revise.problem, name, n, "revise"))
            continue
        stage = _stage(rec.get("stage"))
        if isinstance(stage, _Refused):
            problems.append(_at(stage.problem, name, n, "stage"))
            continue
        period = _period_text(rec.get("period"))
        out.append(
            Candidate(
                indicator=indicator,
                period=period,
                value=value,
                by=_text(rec.get("by")) or default_by,
                note=_verbatim(rec.get("note")),
                source=_verbatim(rec.get("source")),
                area=_text(rec.get("area")) or None,
                revise=revise,
                row=n,
                stage=stage,
            )
        )
    if problems:
        raise _bad_rows(name, problems)
    return out


def _at(message: str, file: str, row: int, column: str | None = None) -> Problem:
    """A problem of an import file, at a row (1: the header) and a column."""
    return Problem(message, Kind.DATA, place=Place(file=file, row=row, column=column))


def _one(problem: Problem) -> DataError:
    return DataError(problem.line(), problems=(problem,))


def _bad_rows(name: str, problems: list[Problem]) -> DataError:
    """An import file with bad rows: every one listed, nothing written."""
    return DataError(_("{file}: {count} bad row(s); nothing was written").format(file=name, count=len(problems)),
                     details=[p.line() for p in problems], problems=tuple(problems))


def _named_twice(name: str, columns: list[str], sheet: bool) -> list[Problem]:
    """A header naming a column twice: refused, since only one of the two could be read."""
    def position(i: int) -> str:
        if not sheet:
            return str(i + 1)
        from openpyxl.utils import get_column_letter

        return str(get_column_letter(i + 1))  # openpyxl has no type information

    first: dict[str, int] = {}
    problems = []
    for i, c in enumerate(columns):
        if not c:
            continue
        if c in first:
            problems.append(_at(_("the header names the column {column} twice, in columns {first} and {second}; "
                                  "keep one").format(column=repr(c), first=position(first[c]), second=position(i)), name, 1))
        else:
            first[c] = i
    return problems


def _width_problem(name: str, n: int, got: int, width: int, sheet: bool) -> Problem:
    if got > width:
        cause = (
            _("a cell right of the header's last column") if sheet
            else _("an unquoted decimal comma (write 1.6, or quote \"1,6\") or a comma inside an unquoted note")
        )
        return _at(_("{got} cells but the header has {width}; most likely {cause}").format(got=got, width=width, cause=cause),
                   name, n)
    return _at(_("{got} cells but the header has {width}; a cell is missing").format(got=got, width=width), name, n)


DELIMITERS = (",", ";", "\t")


def detect_delimiter(text: str, name: str) -> str:
    """The delimiter of a CSV file, from its header line: the one of , ; TAB that it uses.
    Header names hold none of them, so exactly one may appear; two is refused, never guessed."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    found = [d for d in DELIMITERS if d in first]
    if len(found) > 1:
        shown = _(" and ").join("TAB" if d == "\t" else repr(d) for d in found)
        raise DataError(
            _("{file}: row 1: the header uses both {separators}; cannot tell which separates the columns").format(
                file=name, separators=shown
            ),
            hint=_("separate the header's names with one character: , or ; or TAB"),
        )
    return found[0] if found else ","


def _csv_rows(path: Path) -> tuple[list[str], list[tuple[int, list[str]]], str]:
    data = read_bytes(path, "import file")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        raise DataError(
            _("{file}: row {row}: not UTF-8 text").format(file=path.name, row=line), hint=_("save the file as 'CSV UTF-8'")
        ) from None
    delimiter = detect_delimiter(text, path.name)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        header = next(reader)
    except StopIteration:
        raise DataError(_("{file}: the file is empty").format(file=path.name)) from None
    except csv.Error as e:
        raise _one(_at(_csv_problem(e), path.name, 1)) from None
    rows = []
    try:
        for row in reader:
            rows.append((reader.line_num, row))
    except csv.Error as e:
        raise _one(_at(_csv_problem(e), path.name, reader.line_num)) from None
    return header, rows, delimiter


def _csv_problem(e: csv.Error) -> str:
    """Python's csv error in the session's language (its English words are Python's, not ours)."""
    text = str(e)
    if text.startswith("field larger than field limit"):
        return _("a cell is too long (more than {n} characters); a note this long is most likely a missing "
                 "closing quote").format(n=csv.field_size_limit())
    m = re.match(r"^'(.+)' expected after '\"'$", text)
    if m:
        return _("a quoted cell must end at its closing quote (expected {char} after the quote); "
                 "write a quote inside a cell as two quotes (\"\")").format(char=repr(m[1]))
    if text.startswith("unexpected end of data"):
        return _("the file ends inside a quoted cell: a closing quote is missing")
    if "NUL" in text:
        return _("the file holds a NUL character: it is not text (save it as CSV UTF-8)")
    if text.startswith("new-line character seen in unquoted field"):
        return _("a line break inside a cell that is not quoted")
    return _("not readable as CSV ({problem})").format(problem=text)


def _xlsx_rows(path: Path) -> tuple[list[Any], list[tuple[int, list[Any]]]]:
    read_bytes(path, "import file")  # the same clear errors for a missing or unreadable file
    try:
        from openpyxl import load_workbook

        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as e:  # noqa: BLE001 - a damaged workbook raises many kinds (zip, XML, KeyError…)
        raise DataError(
            _("{file}: not a readable Excel workbook ({problem})").format(file=path.name, problem=f"{type(e).__name__}: {e}")
        ) from None
    try:
        ws = _active_sheet(wb, path.name)
        it = ws.iter_rows()
        first = next(it, None)
        if first is None:
            raise DataError(_("{file}: the sheet {sheet} is empty").format(file=path.name, sheet=repr(ws.title)))
        header = [_cell(c.value) for c in first]
        rows = [(n, [_sheet_value(c) for c in r]) for n, r in enumerate(it, start=2)]
    finally:
        wb.close()
    # A formula without a cached value (a file written by a program, never opened in Excel) reads
    # as empty: find it and say where, instead of importing an empty cell.
    if any(v is None for r in [header, *(r for _, r in rows)] for v in r) and _has_formulas(path):
        _refuse_uncached_formulas(path, ws.title, header, rows)
    width = len(header)
    while width and header[width - 1] in (None, ""):
        width -= 1  # empty columns right of the header
    trimmed = []
    for n, r in rows:
        while len(r) > width and (r[-1] is None or r[-1] == ""):
            r.pop()
        trimmed.append((n, r + [None] * (width - len(r))))
    return header[:width], trimmed


def _active_sheet(wb: Any, name: str) -> Any:
    """The sheet the person sees when the workbook opens (Excel's active tab), never a hidden one:
    a hidden first sheet often holds last month's figures."""
    visible = [ws for ws in wb.worksheets if getattr(ws, "sheet_state", "visible") == "visible"]
    if not visible:
        raise DataError(_("{file}: the workbook has no visible sheet").format(file=name),
                        hint=_("show the sheet with the figures (Excel: right-click a tab › Unhide) and save"))
    ws = wb.active
    if ws is None:
        return visible[0]
    if not any(ws is w for w in wb.worksheets):
        raise DataError(_("{file}: the active sheet {sheet} is a chart, not a table of figures").format(
            file=name, sheet=repr(ws.title)),
            hint=_("open the sheet with the figures so that it is the one shown, and save the workbook"))
    if getattr(ws, "sheet_state", "visible") != "visible":
        raise DataError(
            _("{file}: the active sheet {sheet} is hidden; cannot tell which sheet holds the figures").format(
                file=name, sheet=repr(ws.title)),
            hint=_("open the sheet with the figures so that it is the one shown, and save the workbook"),
        )
    return ws


def _cell(v: Any) -> Any:
    return ooxml_unescape(v) if isinstance(v, str) else v


class _Percent:
    """A spreadsheet number shown through a % format: the cell holds 0.075 and shows 7,5%."""

    __slots__ = ("number",)

    def __init__(self, number: int | float) -> None:
        self.number = number


# Quoted text ("%") and escaped characters (\%) in a number format are shown as they are: only a
# bare % makes Excel show the number times 100.
_FORMAT_LITERALS = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]')


def _is_percent_format(number_format: str | None) -> bool:
    return bool(number_format) and "%" in _FORMAT_LITERALS.sub("", number_format or "")


def _sheet_value(c: Any) -> Any:
    v = c.value
    if isinstance(v, (int, float)) and not isinstance(v, bool) and _is_percent_format(getattr(c, "number_format", None)):
        return _Percent(v)
    return _cell(v)


_FORMULA_TAG = re.compile(rb"<(?:\w+:)?f[\s>/]")


def _has_formulas(path: Path) -> bool:
    """Whether any worksheet holds a formula: a quick look at the XML before a second, slow read."""
    import zipfile

    try:
        with zipfile.ZipFile(path) as z:
            return any(
                _FORMULA_TAG.search(z.read(n)) for n in z.namelist() if n.startswith("xl/worksheets/") and n.endswith(".xml")
            )
    except (OSError, zipfile.BadZipFile, KeyError):
        return True  # let the full read say what is wrong


def _refuse_uncached_formulas(path: Path, sheet: str, header: list[Any], rows: list[tuple[int, list[Any]]]) -> None:
    from openpyxl import load_workbook

    values = {1: header, **dict(rows)}
    wb = load_workbook(path, read_only=True, data_only=False)
    try:
        empty = [
            c.coordinate
            for n, row in enumerate(wb[sheet].iter_rows(), start=1)
            for i, c in enumerate(row)
            if getattr(c, "data_type", None) == "f"
            and (i >= len(values.get(n, ())) or values[n][i] is None)
        ]
    finally:
        wb.close()
    if empty:
        shown = ", ".join(empty[:10]) + (_(" and {count} more").format(count=len(empty) - 10) if len(empty) > 10 else "")
        raise DataError(
            _("{file}: sheet {sheet}: formula cell(s) {cells} have no saved value").format(
                file=path.name, sheet=repr(sheet), cells=shown
            ),
            hint=_(
                "open the file in Excel or LibreOffice and save it (that stores each formula's value), "
                "or paste the values as plain values"
            ),
        )


def _text(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    return str(v).strip()


def _verbatim(v: Any) -> str:
    """A note or source as typed: spaces and all (only a spreadsheet's whole number loses .0)."""
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    return v if isinstance(v, str) else str(v)


class _Convention:
    """How a CSV file writes decimals, from its separator when no --locale says it: `;` is the
    vi-VN (and European) Excel's, with decimal commas (17.173 = 17173, 10111,7); `,` is the
    English one, with decimal points (17.173 = 17.173). A file whose own values contradict its
    separator (a 14.14 in a `;` file) has no convention: a value that reads two ways is refused,
    naming the row that contradicts. TAB and spreadsheets' text cells have none either."""

    __slots__ = ("against", "locale", "separator")

    def __init__(self, locale: str | None, separator: str, against: tuple[int, str] | None = None) -> None:
        self.locale = locale
        self.separator = separator
        self.against = against  # (row, text): a value written the other way

    @classmethod
    def of(cls, delimiter: str | None, rows: list[tuple[int, list[Any]]], column: int, width: int) -> _Convention | None:
        assumed = {";": "vi", ",": "en"}.get(delimiter or "")
        if assumed is None or delimiter is None:
            return None
        other = "en" if assumed == "vi" else "vi"
        # Only these can be written the other way: a dot in a decimal-comma file (14.14); a comma
        # or two dots in a decimal-point file (10111,7, 1.234.567). The rest is not parsed twice.
        maybe = (lambda v: "." in v) if assumed == "vi" else (lambda v: "," in v or v.count(".") > 1)
        for n, cells in rows:
            v = cells[column] if len(cells) == width else None
            text = _number_text(v) if isinstance(v, str) and maybe(v) else None
            if text is not None and _reads(text, other) and not _reads(text, assumed):
                return cls(None, delimiter, (n, v.strip()))  # type: ignore[union-attr]
        return cls(assumed, delimiter)

    def explain(self, problem: NumberFormatError) -> NumberFormatError:
        if self.against is None:
            return problem
        said = _("decimal commas") if self.separator == ";" else _("decimal points")
        return NumberFormatError(
            _("{problem} (a file separated by {separator} writes {convention}, but row {row} has {text}, "
              "written the other way)").format(problem=problem, separator=repr(self.separator), convention=said,
                                               row=self.against[0], text=repr(self.against[1])))


def _reads(text: str, locale: str) -> bool:
    try:
        parse_number(text, locale)
    except NumberFormatError:
        return False
    return True


def _number_text(v: str) -> str | None:
    """A value's text as it is parsed (no %, no thousands spaces), or None if it cannot be one."""
    text = v.strip()
    if text.endswith("%"):
        text = text[:-1].rstrip()
    if ANY_SPACE.search(text):
        try:
            text = without_spaced_groups(text)
        except NumberFormatError:
            return None
    return text


def _parse_text(text: str, locale: str | None, convention: _Convention | None) -> Decimal:
    if locale is not None or convention is None:
        return parse_number(text, locale)
    if convention.locale is not None:
        try:
            return parse_number(text, convention.locale)
        except NumberFormatError:
            pass  # not a number in the file's convention: the general reading says why
    try:
        return parse_number(text, None)
    except NumberFormatError as e:
        raise convention.explain(e) from None


def _value(v: Any, locale: str | None, plan: Any = None, indicator: str = "",
           convention: _Convention | None = None) -> Decimal:
    if v is None or (isinstance(v, str) and not v.strip()):
        raise NumberFormatError(_("the value is empty"))
    if isinstance(v, bool):
        raise NumberFormatError(_("{value} is not a number").format(value=repr(v)))
    if isinstance(v, _Percent):
        d = _from_sheet(v.number).scaleb(2)  # exactly: 0.075 → 7.5, never 7.500000000000001
        problem = magnitude_problem(d)
        if problem:
            raise NumberFormatError(problem)
        if d == d.to_integral_value():
            d = d.quantize(Decimal(1))  # 1 shown as 100%: 100, not 1E+2
        _percent_allowed(plan, indicator, plain(d) + "%")
    elif isinstance(v, (int, float)):
        d = _from_sheet(v)
    elif isinstance(v, Decimal):
        d = v
    else:
        text = str(v).strip()
        if text.endswith("%"):  # "7,5%": the percentage itself, for an indicator measured in %
            _percent_allowed(plan, indicator, repr(text))
            text = text[:-1].rstrip()
        if ANY_SPACE.search(text):
            text = without_spaced_groups(text)
        return _parse_text(text, locale, convention)
    problem = magnitude_problem(d)
    if problem:
        raise NumberFormatError(problem)
    return d


def _from_sheet(v: int | float) -> Decimal:
    # A spreadsheet keeps a binary double; its shortest repr is the number the person typed.
    return Decimal(v) if isinstance(v, int) else Decimal(repr(v))


def _percent_allowed(plan: Any, indicator: str, shown: str) -> None:
    """A value written or shown as a percentage is only right for an indicator measured in %."""
    from kehoach.i18n import unit_of

    found = plan.find(indicator) if plan is not None else None
    if found is None:
        raise NumberFormatError(
            _("{value} is a percentage, but {id} is not an indicator of the plan, so its unit is unknown").format(
                value=shown, id=repr(indicator)))
    ind = found[1]
    if not ind.is_percent:
        raise NumberFormatError(
            _("{value} is a percentage, but {id} is measured in {unit}, not in %: give the value in {unit}").format(
                value=shown, id=indicator, unit=unit_of(ind)))


class _Refused:
    """A cell read as something the user cannot have meant: why, for the row's message."""

    __slots__ = ("problem",)

    def __init__(self, problem: str) -> None:
        self.problem = problem


# What a spreadsheet's yes/no column says: a revise cell holding one of these is not a reason.
_YES_NO = frozenset(
    ["true", "false", "yes", "no", "y", "n", "x", "-", "—", "none", "null", "n/a",
     "có", "không", "khong", "đúng", "dung", "sai", "rồi", "chưa"]
)  # fmt: skip
_NUMBER_LIKE = re.compile(r"^[+-]?\d+([.,]\d+)?%?$")


def _stage(v: Any) -> str | _Refused | None:
    """A stage cell: estimate, preliminary, official, or ước tính, sơ bộ, chính thức (any case);
    empty: not said."""
    from kehoach.core.ledger.model import stage_of

    text = _text(v)
    if not text:
        return None
    found = stage_of(text)
    if found is None:
        return _Refused(_("{value} is not a stage: write estimate, preliminary or official (ước tính, sơ bộ, "
                          "chính thức), or leave the cell empty").format(value=repr(text)))
    return found


def _revise(v: Any) -> str | _Refused | None:
    """The reason of a revision, or None for an empty cell. A cell that reads as yes/no (FALSE, 0,
    không, an Excel TRUE/FALSE) or as a number is refused: taken as a reason, it would replace the
    value in force when the person meant "no revision"."""
    if v is None:
        return None
    if isinstance(v, bool):
        return _Refused(_("{value} is a yes/no cell, not a reason; leave the cell empty when the row revises "
                          "nothing, or write why the value is corrected").format(value="TRUE" if v else "FALSE"))
    if isinstance(v, (int, float, Decimal)):
        return _Refused(_("{value} is a number, not a reason; leave the cell empty when the row revises "
                          "nothing, or write why the value is corrected").format(value=_text(v)))
    text = str(v).strip()
    if not text:
        return None
    import unicodedata

    if unicodedata.normalize("NFC", text).casefold() in _YES_NO:
        return _Refused(_("{value} reads as yes/no, not a reason; leave the cell empty when the row revises "
                          "nothing, or write why the value is corrected").format(value=repr(text)))
    if _NUMBER_LIKE.match(text):
        return _Refused(_("{value} is a number, not a reason; leave the cell empty when the row revises "
                          "nothing, or write why the value is corrected").format(value=repr(text)))
    return text


def _period_text(v: Any) -> str:
    # Excel turns a typed 2025-06 into a date; take its year and month back.
    if isinstance(v, (datetime, date)):
        return f"{v.year:04d}-{v.month:02d}"
    return _text(v)


def export_rows(ledger: LedgerView, include_all: bool) -> list[dict[str, Any]]:
    """Effective records as rows that `import` reads back, or (`include_all`) the full history as
    a backup: every record in the ledger's own order — office file by office file (by name), each
    in the order it was written, which is what decides a tie between records of one second —
    with every field, so that `import` of it gives back the same ledger (`read_backup`)."""
    if include_all:
        records = list(ledger.records)
    else:
        records = sorted(ledger.effective().values(), key=lambda r: (r.indicator, r.period, r.area or ""))
    folder = include_all and ledger.path.is_dir()
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
            row["revise"] = r.reason
            row["record_id"] = r.id
            row["recorded_at"] = r.recorded_at.isoformat()
            row["revises"] = r.revises
            row["also_revises"] = _ids_cell(r.also_revises)
            row["office"] = Path(r.file).stem if folder and r.file else None
        row["stage"] = r.stage
        rows.append(row)
    return rows


def _ids_cell(ids: tuple[str, ...]) -> str | None:
    """Record ids in one cell: separated by spaces, or as a JSON list when one holds a space."""
    if not ids:
        return None
    if any(not i or i != i.strip() or " " in i or i.startswith("[") for i in ids):
        import json

        return json.dumps(list(ids), ensure_ascii=False)
    return " ".join(ids)


def _ids_of(cell: str) -> tuple[str, ...]:
    if cell.startswith("["):
        import json

        try:
            ids = json.loads(cell)
        except ValueError:
            ids = None
        if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
            raise DataError(_("also_revises: expected record ids, got {value}").format(value=repr(cell)))
        return tuple(ids)
    return tuple(cell.split())


class BackupRow:
    """One row of a backup: the record it holds, the office file it was in (None: a file ledger's)."""

    __slots__ = ("office", "record", "row")

    def __init__(self, row: int, record: Record, office: str | None) -> None:
        self.row, self.record, self.office = row, record, office


_PLAIN_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?")


def is_backup(path: Path) -> bool:
    """Whether an import file is a backup (`export --all`: it has a record_id column), from its
    header alone. A file that cannot be read is left to read_import to report."""
    suffix = path.suffix.lower()
    try:
        if suffix in (".xlsx", ".xlsm"):
            from openpyxl import load_workbook

            wb = load_workbook(path, read_only=True, data_only=True)
            try:
                header = next(wb.worksheets[0].iter_rows(values_only=True, max_row=1), ())
            finally:
                wb.close()
        else:
            text = path.read_bytes().decode("utf-8-sig")
            first = next((line for line in text.splitlines() if line.strip()), "")
            header = next(csv.reader([first], delimiter=detect_delimiter(first, path.name)), [])
    except Exception:  # noqa: BLE001 - unreadable, damaged: read_import says what is wrong
        return False
    return "record_id" in [str(h).strip().lower() for h in header if h is not None]


def read_backup(path: Path) -> list[BackupRow]:
    """The records of a backup file, exactly as `export --all` wrote them: ids, times, who, the
    revision links and office files. Every record is checked as a ledger file's record is; every
    bad row is reported by number, and nothing is restored from a file with one."""
    from kehoach.core.ledger.tomlformat import record_from_table

    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        header, rows = _xlsx_rows(path)
        decimal_comma = False
    else:  # `export --all --excel` writes ; between cells and decimal commas
        header, rows, delimiter = _csv_rows(path)
        decimal_comma = delimiter == ";"
    name = path.name
    columns = [str(h).strip().lower() if h is not None else "" for h in header]
    missing = [c for c in ("record_id", "id", "period", "value", "recorded_at") if c not in columns]
    if missing:
        raise DataError(_("{file}: row 1: a backup needs the column(s) {columns}, as `{cmd_export_all}` writes them")
                        .format(file=name, columns=", ".join(missing)))  # fmt: skip
    out: list[BackupRow] = []
    problems: list[Problem] = []
    for n, cells in rows:
        if all(c is None or str(c).strip() == "" for c in cells):
            continue
        if len(cells) != len(columns):
            problems.append(_width_problem(name, n, len(cells), len(columns), suffix in (".xlsx", ".xlsm")))
            continue
        cell = {col: cells[i] for i, col in enumerate(columns) if col}
        try:
            item = _backup_item(cell, decimal_comma)
            record = record_from_table(item, name, n, None)
        except DataError as e:
            problems.append(_at(e.message, name, n))
            continue
        office = _text(cell.get("office")) or None
        out.append(BackupRow(n, record, office))
    if problems:
        raise _bad_rows(name, problems)
    return out


def _backup_item(cell: dict[str, Any], decimal_comma: bool = False) -> dict[str, Any]:
    """A backup row's cells as a [[records]] table: text as written, the value and the time exact."""
    item: dict[str, Any] = {
        "id": _text(cell.get("record_id")),
        "indicator": _text(cell.get("id")),
        "period": _period_text(cell.get("period")),
        "value": _backup_value(cell.get("value"), decimal_comma),
        "recorded_at": _backup_time(cell.get("recorded_at")),
        "by": _verbatim(cell.get("by")),
        "note": _verbatim(cell.get("note")),
        "source": _verbatim(cell.get("source")),
    }
    if not item["id"]:
        raise DataError("record_id: " + _("a backup row needs the record's id (to add new values, import a file "
                                          "without the record_id column)"))  # fmt: skip
    for key in ("area", "revises"):
        if _text(cell.get(key)):
            item[key] = _text(cell.get(key))
    reason = _verbatim(cell.get("revise"))
    if reason or "revises" in item:
        item["reason"] = reason
    also = _text(cell.get("also_revises"))
    if also:
        item["also_revises"] = list(_ids_of(also))
    if _text(cell.get("stage")):  # as export wrote it; the record's check refuses another word
        item["stage"] = _text(cell.get("stage"))
    return item


def _backup_value(v: Any, decimal_comma: bool = False) -> Decimal:
    """A value exactly as export wrote it: plain digits with a point, or with a comma in a file
    written with --excel (a spreadsheet's number as the shortest decimal that is that number)."""
    if isinstance(v, bool) or v is None:
        raise DataError("value: " + _("expected a number, got {shown}").format(shown=repr(v)))
    if isinstance(v, int):
        return Decimal(v)
    if isinstance(v, float):
        return Decimal(repr(v))
    if isinstance(v, Decimal):
        return v
    text = str(v).strip()
    if decimal_comma and "." not in text:
        text = text.replace(",", ".", 1)
    if not _PLAIN_NUMBER.fullmatch(text):
        raise DataError("value: " + _("{value} is not a number as export writes it (e.g. 10111.7)").format(value=repr(text)))
    return Decimal(text)


def _backup_time(v: Any) -> Any:
    if isinstance(v, datetime):
        return v
    try:
        return datetime.fromisoformat(_text(v))
    except ValueError:
        raise DataError("recorded_at: " + _("expected a date-time with a time zone, e.g. 2025-07-05T09:12:00+07:00")) from None


# OOXML writes a character XML cannot hold (a control character) as _xHHHH_, and a literal
# "_xHHHH_" as _x005F_xHHHH_; Excel reads both back. openpyxl does neither, so it is done here.
_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b-\x1f\ufffe\uffff]|_(?=x[0-9A-Fa-f]{4}_)")
_OOXML_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")


def ooxml_escape(text: str) -> str:
    return _XML_ILLEGAL.sub(lambda m: f"_x{ord(m[0]):04X}_", text)


def ooxml_unescape(text: str) -> str:
    return _OOXML_ESCAPE.sub(lambda m: chr(int(m[1], 16)), text) if "_x" in text else text


def _xlsx_number(v: Decimal, exact: bool = False) -> int | float | str:
    """Whole numbers as integers and others as the float that reads back as the same decimal;
    a value a float cannot hold exactly (more than ~15 digits) as text, which import reads exactly.
    `exact` (a backup): every value but a whole number as text, written as the ledger writes it
    (a number cell would give back 16.5 for 16.500, and 16500 for 16500.0)."""
    if exact:
        return int(v) if v.as_tuple().exponent == 0 and abs(v) < 10**15 else plain(v)
    if v == v.to_integral_value() and abs(v) < 10**15:
        return int(v)
    f = float(plain(v))
    # openpyxl writes a float with 15–16 significant digits, so only those round-trip as numbers
    fits = len(v.normalize().as_tuple().digits) <= 15 and Decimal(repr(f)) == v
    return f if fits else plain(v)


def xlsx_bytes(rows: list[dict[str, Any]], fields: tuple[str, ...], exact: bool = False) -> bytes:
    """The rows as an .xlsx workbook. Every text cell is text (never a formula, whatever it
    starts with), so `import` reads back every field exactly; with `exact` (a backup) every
    value too, as it is written in the ledger (16.500 stays 16.500)."""
    from openpyxl import Workbook
    from openpyxl.cell.cell import Cell

    wb = Workbook()
    ws = wb.active
    ws.title = "records"
    ws.append(list(fields))
    for row in rows:
        out = []
        for f in fields:
            v = row.get(f)
            if isinstance(v, Decimal):
                v = _xlsx_number(v, exact)
            if isinstance(v, str):
                cell = Cell(ws, value=None)
                cell._value = ooxml_escape(v)
                cell.data_type = "s"  # text, even when it starts with = + - @
                v = cell
            out.append(v)
        ws.append(out)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
