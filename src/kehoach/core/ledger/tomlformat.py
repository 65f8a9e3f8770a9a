"""The ledger's file format: a small, regular subset of TOML, read fast and written as tomli-w would.

A ledger file is a header, `format = 1`, then one [[records]] table per record. This module turns
bytes into records (every problem named by its line) and records into bytes; it knows nothing of
files, folders, locks or the index.
"""

from __future__ import annotations

import re
from datetime import datetime
from decimal import Decimal
from typing import Any

from kehoach.core.ledger.model import Record
from kehoach.core.numbers import magnitude_problem, plain
from kehoach.core.periods import PeriodError, parse_period
from kehoach.core.tomlfile import decode, parse_toml
from kehoach.errors import DataError, LedgerError
from kehoach.i18n import _

LEDGER_FORMAT = 1
HEADER = (
    "# kehoach ledger: year-to-date values, one [[records]] table each.\n"
    "# Append-only: to correct a value, record a revision (kehoach record … --revise REASON);\n"
    "# do not edit or delete records here. Values are exact decimals in the indicator's unit.\n"
    f"format = {LEDGER_FORMAT}\n"
)
_RECORD_KEYS = {
    "id",
    "indicator",
    "period",
    "value",
    "area",
    "recorded_at",
    "by",
    "note",
    "source",
    "revises",
    "reason",
    "also_revises",
}
_REQUIRED = ("id", "indicator", "period", "value", "recorded_at")


FIX_HINT = "fix the ledger by hand (nothing has been written), then run the command again"  # English; fix_hint()


def fix_hint() -> str:
    """FIX_HINT in the language of the session."""
    return _("fix the ledger by hand (nothing has been written), then run the command again")
_ERROR_LINE = re.compile(r"^[^:]*:(\d+)[:]")


def cut_short_hint(text: str, first_line: int, message: str, name: str = "ledger") -> str | None:
    """A recovery hint for a ledger whose end was damaged while a record was being appended — a
    crash or a power cut — or None when the problem does not look like that. `text` is the end of
    a ledger file, starting at line `first_line`; `message` names the line of the problem.

    Two damages are recognised:
    - zero bytes at the end of the file (what a power cut leaves when the file's new size reached
      the disk but its data did not): when what precedes them is whole, delete only the zero bytes;
    - a last record cut short: the file ends mid-line, or in zero bytes, inside the last record
      (or inside the [[records]] line that starts it): delete that record's lines.
    A hint is only given when doing exactly what it says leaves records that all read (checked
    here), so it never costs a complete record.
    """
    m = _ERROR_LINE.match(message)
    if m is None:
        return None
    core = text.rstrip("\x00")
    zeros = len(text) - len(core)
    if zeros and _whole(core, name, first_line):
        line = core.count("\n") + first_line  # the line on which the zero bytes start
        return _(
            "the file ends in {zeros} zero byte(s), from line {line} on: what a crash or power cut leaves "
            "while a record is being appended (that record was never confirmed). Delete the zero bytes at the "
            "end of the file (an editor shows them as ^@ or NUL) and nothing else, then record the last value "
            "again if it is missing"
        ).format(zeros=zeros, line=line)
    headers = record_lines(core)
    if not headers or (core.endswith("\n") and not zeros):
        return None
    lines = text.split("\n")
    end = first_line + len(lines) - 1
    start = headers[-1] + first_line - 1
    if core.split("\n")[-1].lstrip().startswith("["):
        start = end  # cut inside the [[records]] line itself: the record before it is whole
    if int(m[1]) < start or not _whole("\n".join(lines[: start - first_line]), name, first_line):
        return None
    span = _("line {n}").format(n=start) if start == end else _("lines {first}–{last}").format(first=start, last=end)
    return _(
        "the last record ({span}) is cut short, most likely by a crash or power cut while it was being "
        "written; it was never confirmed. Delete {span}, then record that value again"
    ).format(span=span)


def _whole(text: str, name: str, first_line: int) -> bool:
    """Whether ledger text reads with no problem at all (what a recovery hint must leave)."""
    try:
        _records, problems = _parse(text.encode("utf-8"), name, None, None, None, first_line, hints=False)
    except DataError:
        return False
    return not problems


def _cut_in_a_character(data: bytes) -> str | None:
    """The text of bytes that end (before any zero bytes) in the first bytes of a UTF-8 character
    — a write cut off inside it — with that character shown as U+FFFD; None for other bytes."""
    core = data.rstrip(b"\x00")
    if core.startswith(b"\xef\xbb\xbf"):
        core = core[3:]
    for n in (1, 2, 3):
        try:
            head = core[:-n].decode("utf-8")
        except UnicodeDecodeError:
            continue
        try:
            core[-n:].decode("utf-8")
        except UnicodeDecodeError as e:
            if e.reason == "unexpected end of data":
                return head + "\ufffd" + "\x00" * (len(data) - len(core))
        return None
    return None


def problems_error(name: str, problems: list[str]) -> LedgerError:
    """Every problem found in a ledger, as one error that lists them."""
    hint = fix_hint()
    if len(problems) == 1:
        return LedgerError(problems[0], hint=hint)
    return LedgerError(f"{name}: " + _("{n} problems").format(n=len(problems)), details=problems, hint=hint)


def parse_ledger_bytes(
    data: bytes,
    name: str,
    known_ids: set[str] | None = None,
    areas: set[str] | None = None,
    warnings: list[str] | None = None,
    first_line: int = 1,
) -> tuple[list[Record], list[str]]:
    """The records in a ledger file's bytes (or in bytes appended to it that start at line
    `first_line`), and every problem found, each naming its line."""
    return _parse(data, name, known_ids, areas, warnings, first_line, hints=True)


def _parse(
    data: bytes,
    name: str,
    known_ids: set[str] | None,
    areas: set[str] | None,
    warnings: list[str] | None,
    first_line: int,
    *,
    hints: bool,
) -> tuple[list[Record], list[str]]:
    if not data.strip():
        return [], []
    try:
        text = decode(data, name, LedgerError, first_line)
    except LedgerError as e:
        cut = _cut_in_a_character(data) if hints else None
        if cut is not None:
            e.hint = cut_short_hint(cut, first_line, e.message, name) or e.hint
        raise
    raw = fast_parse(text)
    if raw is None:
        try:
            raw = parse_toml(text, name, LedgerError, first_line)
        except LedgerError as e:
            if hints:
                e.hint = e.hint or cut_short_hint(text, first_line, e.message, name) or fix_hint()
            raise
    problems: list[str] = []
    fmt = raw.get("format", LEDGER_FORMAT)
    if fmt != LEDGER_FORMAT:
        return [], [f"{name}: " + _("ledger format {format} is not one this kehoach reads (expected {expected})").format(
            format=repr(fmt), expected=LEDGER_FORMAT)]
    extra = set(raw) - {"format", "records"}
    if extra:
        problems.append(f"{name}: " + _("unknown top-level key(s): {keys}").format(keys=", ".join(sorted(extra))))
    items = raw.get("records", [])
    if not isinstance(items, list):
        return [], [*problems, f"{name}: " + _("'records' must be a list of [[records]] tables")]
    shift = first_line - 1
    lines = record_lines(text)
    records = []
    for n, item in enumerate(items):
        local = lines[n] if n < len(lines) else 0
        line = local + shift if local else 0
        where = f"{name}:{line}: " + _record_n(n + 1) if line else f"{name}: " + _record_n(n + 1)
        try:
            rec = _record_from_toml(item, name, line, areas)
        except DataError as e:
            key = e.message.split(":", 1)[0]
            key_line = _key_line(text, local, key) if local else 0
            if key_line:
                where = f"{name}:{key_line + shift}: " + _record_n(n + 1)
            problems.append(f"{where}: {e.message}")
            continue
        if known_ids is not None and rec.indicator not in known_ids:
            if warnings is not None:
                warnings.append(f"{where}: " + _("indicator {id} is not in the plan; the record is ignored").format(
                    id=repr(rec.indicator)))
            continue
        records.append(rec)
    if hints and problems and not text.endswith("\n"):
        hint = cut_short_hint(text, first_line, problems[0], name)  # the first problem is the earliest
        if hint is not None:  # a last record that reads as TOML but was cut off at a key's end
            error = problems_error(name, problems)
            error.hint = hint
            raise error
    return records, problems


# ── A fast reader for ledgers as kehoach writes them ──
# tomllib reads about 40,000 records a second; a ledger of 100,000 records would take seconds.
# kehoach writes a small, regular subset of TOML (tomli-w's output: `key = value` lines, simple
# strings, plain decimals, offset date-times), which this reads line by line. The moment a file
# holds anything outside that subset — an escape it does not know, a comment with control
# characters, other spacing, another table — it returns None and tomllib reads the whole file, so
# what a file means never depends on which reader read it (tests/core/test_ledger.py compares them).
_FAST_KEY = re.compile(r"([a-z_]+) = (.*)")
_FAST_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?")
_FAST_DATETIME = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]{1,6})?(?:Z|[+-][0-9]{2}:[0-9]{2})"
)
_FAST_UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def fast_parse(text: str) -> dict[str, Any] | None:
    """The document as tomllib.loads(text, parse_float=Decimal) would give it, or None when the
    text is not in the subset this reads (then tomllib must)."""
    if _FAST_UNSAFE.search(text) or "\r" in text:
        return None
    doc: dict[str, Any] = {}
    table: dict[str, Any] = doc
    records: list[dict[str, Any]] = []
    lines = iter(text.split("\n"))
    for line in lines:
        if not line or line[0] == "#":
            continue
        if line == "[[records]]":
            table = {}
            records.append(table)
            continue
        m = _FAST_KEY.fullmatch(line)
        if m is None:
            return None
        key, raw = m.groups()
        if key in table or not raw:
            return None  # a duplicate key or no value: tomllib reports it
        value: Any
        if raw[0] == '"':
            if "\\" in raw or raw.count('"') != 2 or raw[-1] != '"':
                value = _fast_string(raw)
                if value is None:
                    return None
            else:
                value = raw[1:-1]
        elif _FAST_NUMBER.fullmatch(raw):
            value = Decimal(raw) if "." in raw else int(raw)
        elif _FAST_DATETIME.fullmatch(raw):
            try:
                value = datetime.fromisoformat(raw)
            except ValueError:
                return None
        elif raw == "[":  # an array of plain strings as tomli-w writes it: one item a line, then ]
            value = []
            for item in lines:
                if item == "]":
                    break
                if not (item.startswith('    "') and item.endswith('",')):
                    return None
                text_value = _fast_string(item[4:-1])
                if text_value is None:
                    return None
                value.append(text_value)
            else:
                return None
        else:
            return None
        table[key] = value
    if records:
        if "records" in doc:
            return None
        doc["records"] = records
    return doc


def _fast_string(raw: str) -> str | None:
    """A basic TOML string as written after `key = ` (or in an array), or None when it is not one."""
    if "\\" in raw or raw.count('"') != 2 or raw[-1] != '"':
        import tomllib

        try:  # escapes, a trailing comment…: exactly as tomllib reads this one value
            value = tomllib.loads(f"v = {raw}")["v"]
        except tomllib.TOMLDecodeError:
            return None
        return value if isinstance(value, str) else None
    return raw[1:-1]


_HEADER_LINE = re.compile(r"^[ \t]*\[\[[ \t]*records[ \t]*\]\]", re.M)


def _key_line(text: str, header_line: int, key: str) -> int:
    """The line of `key = …` inside the record that starts at header_line, or 0."""
    lines = text.splitlines()
    for n in range(header_line, len(lines)):
        stripped = lines[n].lstrip()
        if stripped.startswith("[["):
            break
        if re.match(rf"{re.escape(key)}[ \t]*=", stripped):
            return n + 1
    return 0


def record_lines(text: str) -> list[int]:
    """The line of each [[records]] header, counting newlines once (linear in the text)."""
    out, line, pos = [], 1, 0
    for m in _HEADER_LINE.finditer(text):
        line += text.count("\n", pos, m.start())
        pos = m.start()
        out.append(line)
    return out


def _record_n(n: int) -> str:
    return _("record {n}").format(n=n)


def _record_from_toml(item: Any, name: str, line: int, areas: set[str] | None) -> Record:
    if not isinstance(item, dict):
        raise LedgerError(_("expected a table"))
    unknown = set(item) - _RECORD_KEYS
    if unknown:
        raise LedgerError(_("unknown key(s): {keys}").format(keys=", ".join(sorted(unknown))))
    for key in _REQUIRED:
        if key not in item:
            raise LedgerError(f"{key}: " + _("required key is missing"))
    for key in ("id", "indicator", "period", "by", "note", "source", "area", "revises", "reason"):
        if key in item and not isinstance(item[key], str):
            raise LedgerError(f"{key}: " + _("expected text, got {value}").format(value=repr(item[key])))
    also = item.get("also_revises")
    if also is not None:
        if not isinstance(also, list) or not all(isinstance(x, str) for x in also):
            raise LedgerError("also_revises: " + _("expected a list of record ids, got {value}").format(value=repr(also)))
        if also and "revises" not in item:
            raise LedgerError("also_revises: " + _("only a revision (with `revises`) may name other records it revises"))
    value = item["value"]
    if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
        shown = f'"{value}"' if isinstance(value, str) else repr(value)
        raise LedgerError("value: " + _("expected a number, got {shown}").format(shown=shown))
    value = Decimal(value)
    problem = magnitude_problem(value)
    if problem:
        raise LedgerError(f"value: {problem}")
    try:
        period = parse_period(item["period"])
    except PeriodError as e:
        raise LedgerError(f"period: {e}") from None
    at = item["recorded_at"]
    if not isinstance(at, datetime) or at.tzinfo is None:
        raise LedgerError("recorded_at: " + _("expected a date-time with a time zone, e.g. 2025-07-05T09:12:00+07:00"))
    area = item.get("area")
    if area is not None and areas is not None and area not in areas:
        raise LedgerError("area: " + _("{area} is not an area of the plan").format(area=repr(area)))
    return Record(
        id=item["id"],
        indicator=item["indicator"],
        period=period,
        value=value,
        recorded_at=at,
        by=item.get("by", ""),
        note=item.get("note", ""),
        source=item.get("source", ""),
        area=area,
        revises=item.get("revises"),
        reason=item.get("reason"),
        file=name,
        line=line,
        also_revises=tuple(also) if also else (),
    )


def render_records(records: list[Record]) -> bytes:
    """The TOML text of some records, ready to append after a ledger's existing bytes.

    What tomli-w writes for Record.to_toml(), line for line, but about ten times faster: a plain
    string is written as it is, and only a string that needs escapes goes through tomli-w.
    Decimals are written as plain digits (never 1e-7), which any TOML reader reads exactly.
    """
    blocks = []
    for r in records:
        lines = ["[[records]]"]
        for key, value in r.to_toml().items():
            if isinstance(value, str):
                text = _toml_string(value)
            elif isinstance(value, list):  # also_revises: as tomli-w writes an array
                text = "[\n" + "".join(f"    {_toml_string(v)},\n" for v in value) + "]"
            elif isinstance(value, (datetime, int)):
                text = str(value)
            else:
                text = plain(value)
            lines.append(f"{key} = {text}")
        blocks.append("\n".join(lines) + "\n")
    return "\n".join(blocks).encode("utf-8")


_PLAIN_STRING = re.compile(r'[^"\\\x00-\x1f\x7f]*')


def _toml_string(s: str) -> str:
    if _PLAIN_STRING.fullmatch(s):
        return f'"{s}"'
    import tomli_w

    return tomli_w.dumps({"v": s})[4:-1]
