"""The ledger's file format: a small, regular subset of TOML, read fast and written as tomli-w would.

A ledger file is a header, `format = 1`, the `[ledger]` table naming the plan it belongs to, then
one [[records]] table per record and, last, the end line. This module turns bytes into records
(every problem named by its line) and records into bytes; it knows nothing of files, folders,
locks or the index.

How a file proves it is whole: a file kehoach writes starts with `SEAL_LINE` and ends with
`END_LINE`, and kehoach writes the end line nowhere else — every write replaces the file with its
old content less the end line, the new records and a new end line (store.py). So a file cut short
anywhere (a copy that stopped, a full disk on a shared drive) has lost its end line, and a file
that starts with the seal line but has no end line is refused, with a hint that says what is left
(`ending`, `require_end`). A cut inside the first line is refused too (the file is then a piece
of the seal line). Files without the seal line — written by hand, or by kehoach before it wrote
one — are read as before, and get it on their next write. Records added by hand after the end
line are read as they stand.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from kehoach.core.ledger import fastread
from kehoach.core.ledger.model import STAGES, Record, at_line
from kehoach.core.numbers import magnitude_problem, plain
from kehoach.core.periods import Period, PeriodError, parse_period
from kehoach.core.tomlfile import decode, parse_toml
from kehoach.errors import DataError, LedgerError, Place, Problem
from kehoach.i18n import _

LEDGER_FORMAT = 1
_RULES = (
    "# Append-only: to correct a value, record a revision (kehoach record … --revise REASON);\n"
    "# do not edit or delete records here. Values are exact decimals in the indicator's unit.\n"
)
# The header of ledgers written by hand, or by kehoach before it sealed its files: read as they are.
HEADER = "# kehoach ledger: year-to-date values, one [[records]] table each.\n" + _RULES + f"format = {LEDGER_FORMAT}\n"
# The first line of every file kehoach writes now: such a file must end with END_LINE.
SEAL_LINE = "# kehoach ledger: year-to-date values, one [[records]] table each, then the end line.\n"
END_LINE = "# kehoach: end of ledger (a file without this last line was cut short)"
# Before the records of one write, when there are several (an import): how many, and when.
BATCH_LINE = "# kehoach: the next {n} records were written together on {at}"
_BATCH = re.compile(r"^# kehoach: the next (\d+) records were written together on (\S+)[ \t]*\r?$", re.M)
_SEAL, _END = SEAL_LINE.encode(), END_LINE.encode()


def sealed_header(identity: tuple[str, int] | None) -> str:
    """The header of a new ledger file: the seal line, the rules, the format and the plan it
    belongs to (`identity`: its province and year)."""
    head = SEAL_LINE + _RULES + f"format = {LEDGER_FORMAT}\n"
    return head + "\n" + ledger_table(*identity) if identity else head


def ledger_table(province: str, year: int) -> str:
    """The [ledger] table: the province and year of the plan that wrote the file first."""
    return f"[ledger]\nprovince = {_toml_string(province)}\nyear = {int(year)}\n"
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
    "stage",
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


@dataclass(frozen=True)
class Ending:
    """How a ledger file's bytes end, as the format defines it (`ending`)."""

    sealed: bool  # the file starts with SEAL_LINE (or is a piece of it): its end line is required
    end: int | None  # the offset of its last end line; None when it has none
    closed: bool  # something other than blank space follows that end line (records added by hand)


_BOM = b"\xef\xbb\xbf"
END_BYTES = _END + b"\n"


def ending(data: bytes) -> Ending:
    """Whether a file is sealed, and where its end line is. Cheap: the end line is looked for from
    the end, where kehoach writes it."""
    start = 3 if data.startswith(_BOM) else 0
    sealed = data.startswith(_SEAL, start) or (len(data) > start and _SEAL.startswith(data[start:]))
    end = last_end_line(data, start)
    closed = False
    if end is not None:
        eol = data.find(b"\n", end)
        closed = eol >= 0 and bool(data[eol + 1 :].strip())
    return Ending(sealed, end, closed)


def last_end_line(data: bytes, start: int = 0) -> int | None:
    """The offset of the last line of `data` that is the end line (trailing blanks allowed), or None."""
    pos = len(data)
    while True:
        pos = data.rfind(_END, start, pos)
        if pos < 0:
            return None
        if pos == start or data[pos - 1] == 0x0A:
            eol = data.find(b"\n", pos)
            if not data[pos + len(_END) : eol if eol >= 0 else len(data)].strip(b" \t\r"):
                return pos


def require_end(data: bytes, name: str) -> Ending:
    """`ending(data)`, refusing a sealed file without its end line: it was cut short. The error
    names the line the file ends on, and the hint what is left of the last write and how to go
    back to the ledger as it was before it."""
    found = ending(data)
    if found.sealed and found.end is None:
        raise _cut_error(data, name)
    return found


_BATCH_START = "# kehoach: the next "


def _cut_error(data: bytes, name: str) -> LedgerError:
    """What is left of a sealed file cut short, and how to go back to the ledger as it was before
    the write the cut fell in: every sentence counts what it names (the hint after a cut in an
    import of 100,000 records says how many of them are in the file)."""
    core = data.rstrip(b"\x00")
    zeros = len(data) - len(core)
    text = core.decode("utf-8", "replace").removeprefix("\ufeff")
    last = max(text.count("\n") + (0 if text.endswith("\n") or not text else 1), 1)  # the last line with bytes
    message = f"{name}:{last}: " + _(
        "the file ends without its end line: it was cut short after line {line}, and what followed is missing"
    ).format(line=last)
    restore = _(
        "restore the file from a copy if you have one (git, or a backup made with `{cmd_export_all}`, "
        "given back by `{cmd_import}`)"
    )
    heads = record_lines(text)
    if not text.startswith(SEAL_LINE) or not heads:
        return LedgerError(message, hint=_("no record is left in the file: {restore}").format(restore=restore))
    steps = [_("delete the {n} zero byte(s) at the end of the file (an editor shows them as ^@ or NUL)").format(n=zeros)] if zeros else []
    add_end = _("add the line `{end}` at the end").format(end=END_LINE)
    tail = text.rsplit("\n", 1)[-1].rstrip("\r")  # the line cut in two, if the cut fell inside one
    batches = list(_BATCH.finditer(text))
    batch = batches[-1] if batches else None
    b_line = text.count("\n", 0, batch.start()) + 1 if batch else 0
    in_batch = len([h for h in heads if h > b_line]) if batch else 0
    whole_last = text.endswith("\n\n")  # kehoach leaves a blank line after a record only when it is whole
    batch_piece = bool(tail) and not _BATCH.match(tail) and (_BATCH_START.startswith(tail) or tail.startswith(_BATCH_START))
    if tail and (END_LINE.startswith(tail) or batch_piece):
        # A cut inside the end line, or inside the line that opens the next write (the two begin
        # alike): every record before that line is whole either way.
        steps.append(_("make line {line} read exactly `{end}`").format(line=last, end=END_LINE))
        if END_LINE.startswith(tail) and not _BATCH_START.startswith(tail):
            said = _("only the end line (line {line}) is cut short; the {n} record(s) before it are all whole").format(
                line=last, n=len(heads))
            return LedgerError(message, hint=_("{said}. If nothing was added by hand after it: {steps}").format(
                said=said, steps=_(", then ").join(steps)))
        said = _("line {line} is cut short: the end line, or the start of a write of which nothing else is left; the "
                 "{n} record(s) before it are all whole, and whatever was written after it is missing").format(line=last, n=len(heads))
        return _cut(message, said, restore, _("if nothing more was written after them"), steps)
    if batch is not None and in_batch <= int(batch[1]) and not (whole_last and in_batch == int(batch[1])):
        total = int(batch[1])
        said = _("line {line} begins the {total} records written together on {at}: {present} of them are in the file").format(
            line=b_line, total=total, at=batch[2], present=in_batch)
        if in_batch and not whole_last:
            said += _(", the last perhaps cut short")
        steps += [_lines(b_line, last), add_end]
        return _cut(message, said, restore, _("to go back to the ledger as it was before that write"), steps,
                    _("then import those {total} records again").format(total=total))
    if whole_last:  # the cut fell between two writes: every record left is whole
        said = _("the {n} record(s) in the file are all whole; the end line is missing, and so is anything written "
                 "after line {line}").format(n=len(heads), line=last)
        return _cut(message, said, restore, _("if line {line} was the end of the last write").format(line=last),
                    [*steps, add_end])
    first = last if tail.lstrip().startswith("[") else heads[-1]  # cut in the [[records]] line: the record before is whole
    said = _("the last record ({lines}) may be cut short, and whatever was written after it is missing").format(
        lines=_("line {n}").format(n=first) if first == last else _("lines {first}–{last}").format(first=first, last=last))
    steps += [_lines(first, last), add_end]
    return _cut(message, said, restore, _("to go back to the ledger as it was before that write"), steps,
                _("then record that value again"))


def _lines(first: int, last: int) -> str:
    if first == last:
        return _("delete line {first}").format(first=first)
    return _("delete lines {first}–{last}").format(first=first, last=last)


def _cut(message: str, said: str, restore: str, when: str, steps: list[str], again: str | None = None) -> LedgerError:
    hint = _("{said}. {restore}; otherwise, {when}: {steps}").format(
        said=said, restore=restore[0].upper() + restore[1:], when=when, steps=_(", then ").join(steps))
    return LedgerError(message, hint=hint + (f"; {again}" if again else ""))


def render_batch(records: list[Record], written_at: datetime) -> bytes:
    """The records of one write, ready to follow a file's kept bytes: when there are several,
    after a line saying how many (what a hint names after a cut: "190 of the 100000 records")."""
    body = render_records(records)
    if len(records) < 2:
        return body
    return (BATCH_LINE.format(n=len(records), at=written_at.isoformat()) + "\n").encode("utf-8") + body


_RECORDS_LINE = re.compile(rb"^[ \t]*\[\[[ \t]*records[ \t]*\]\]", re.M)


def resealed(old: bytes, identity: tuple[str, int] | None, has_identity: bool) -> tuple[bytes, int]:
    """An existing file's bytes as kehoach rewrites them before the records it adds: sealed (the
    header of a file without the seal line gets it), with the [ledger] table when it has none and
    `identity` is known, and without its end line. Also how many of the old bytes at its start
    are unchanged. Every other byte — comments, hand formatting — is kept."""
    found = ending(old)
    body, kept = old, len(old)
    if found.end is not None:
        eol = old.find(b"\n", found.end)
        body = old[: found.end] + (old[eol + 1 :] if eol >= 0 else b"")
        kept = found.end
    if not found.sealed:
        body, kept = body.removeprefix(_BOM), 0
        legacy = HEADER.encode("utf-8")
        body = (SEAL_LINE + _RULES + f"format = {LEDGER_FORMAT}\n").encode("utf-8") + body[len(legacy):] if body.startswith(legacy) else _SEAL + body
    if identity is not None and not has_identity:
        m = _RECORDS_LINE.search(body)
        at = m.start() if m else len(body)
        floor = len(_SEAL) if body.startswith(_SEAL) else 0  # the seal line stays first
        while at > floor:  # above the comments and blank lines that lead into the first record
            prev = body.rfind(b"\n", 0, at - 1) + 1
            line = body[prev : at - 1].strip()
            if line and not line.startswith(b"#"):
                break
            at = prev
        table = b"\n" + ledger_table(*identity).encode("utf-8")
        if at and body[at - 1 : at] != b"\n":
            table = b"\n" + table
        body = body[:at] + table + body[at:]
        kept = min(kept, at)
    return body, kept


def joined(body: bytes) -> bytes:
    """What goes between a file's bytes and the next write's records: one blank line."""
    if body.endswith(b"\n\n") or not body:
        return b""
    return b"\n" if body.endswith(b"\n") else b"\n\n"


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


def problems_error(name: str, problems: list[Problem]) -> LedgerError:
    """Every problem found in a ledger, as one error that lists them (each with its place) and
    holds them as values (`.problems`)."""
    hint = fix_hint()
    lines = [p.line() for p in problems]
    if len(problems) == 1:
        return LedgerError(lines[0], hint=hint, problems=tuple(problems))
    return LedgerError(f"{name}: " + _("{n} problems").format(n=len(problems)), details=lines, hint=hint,
                       problems=tuple(problems))


def parse_ledger_bytes(
    data: bytes,
    name: str,
    known_ids: set[str] | None = None,
    areas: set[str] | None = None,
    warnings: list[Problem] | None = None,
    first_line: int = 1,
    meta: dict[str, Any] | None = None,
) -> tuple[list[Record], list[Problem]]:
    """The records in a ledger file's bytes (or in bytes appended to it that start at line
    `first_line`), and every problem found, each naming its line. `meta`, when given, receives
    the plan the file belongs to (`province`, `year`) from its [ledger] table, if it has one."""
    return _parse(data, name, known_ids, areas, warnings, first_line, hints=True, meta=meta)


def _parse(
    data: bytes,
    name: str,
    known_ids: set[str] | None,
    areas: set[str] | None,
    warnings: list[Problem] | None,
    first_line: int,
    *,
    hints: bool,
    meta: dict[str, Any] | None = None,
) -> tuple[list[Record], list[Problem]]:
    if not data.strip():
        return [], []
    try:
        text = decode(data, name, LedgerError, first_line)
    except LedgerError as e:
        cut = _cut_in_a_character(data) if hints else None
        if cut is not None:
            e.hint = cut_short_hint(cut, first_line, e.message, name) or e.hint
        raise
    scanned = canonical_records(text, first_line, meta)
    if scanned is not None:
        fast = _records_of(scanned, name, known_ids, areas, warnings)
        if fast is not None:
            return fast, []
    raw = fast_parse(text)
    if raw is None:
        _refuse_huge_numbers(text, name, first_line)  # tomllib would fail on them without a line
        try:
            raw = parse_toml(text, name, LedgerError, first_line)
        except LedgerError as e:
            if hints:
                e.hint = e.hint or cut_short_hint(text, first_line, e.message, name) or fix_hint()
            raise
    problems: list[Problem] = []
    fmt = raw.get("format", LEDGER_FORMAT)
    if fmt != LEDGER_FORMAT:
        return [], [at_line(_("ledger format {format} is not one this kehoach reads (expected {expected})").format(
            format=_shown(fmt), expected=LEDGER_FORMAT), name)]
    extra = set(raw) - {"format", "records", "ledger"}
    if extra:
        problems.append(at_line(_("unknown top-level key(s): {keys}").format(keys=", ".join(sorted(extra))), name))
    if "ledger" in raw:
        problem = _identity(raw["ledger"], meta)
        if problem:
            line = _table_line(text, "ledger")
            problems.append(at_line(problem, name, line + first_line - 1 if line else None, "[ledger]"))
    items = raw.get("records", [])
    if not isinstance(items, list):
        return [], [*problems, at_line(_("'records' must be a list of [[records]] tables"), name)]
    shift = first_line - 1
    lines = record_lines(text)
    records = []
    for n, item in enumerate(items):
        local = lines[n] if n < len(lines) else 0
        line = local + shift if local else 0
        try:
            rec = _record_from_toml(item, name, line, areas)
        except DataError as e:
            key = e.message.split(":", 1)[0]
            key_line = _key_line(text, local, key) if local else 0
            problems.append(at_line(e.message, name, key_line + shift if key_line else line, _record_n(n + 1)))
            continue
        if known_ids is not None and rec.indicator not in known_ids:
            if warnings is not None:
                warnings.append(Problem.warning(
                    _("indicator {id} is not in the plan; the record is ignored").format(id=repr(rec.indicator)),
                    Place(file=name, line=line or None, indicator=rec.indicator, key=_record_n(n + 1))))
            continue
        records.append(rec)
    if hints and problems and not text.endswith("\n"):
        hint = cut_short_hint(text, first_line, problems[0].line(), name)  # the first problem is the earliest
        if hint is not None:  # a last record that reads as TOML but was cut off at a key's end
            error = problems_error(name, problems)
            error.hint = hint
            raise error
    return records, problems


def scan_bytes(data: bytes, name: str, first_line: int = 1, meta: dict[str, Any] | None = None) -> list[fastread.Scanned] | None:
    """The records of a ledger file's bytes (or a part of them starting at line `first_line`) as
    `fastread.scan` finds them, when the whole text is in the shape kehoach writes and has no
    problem; None otherwise: then `parse_ledger_bytes` must read them, and finds what is wrong."""
    if not data.strip():
        return None
    try:
        text = decode(data, name, LedgerError, first_line)
    except LedgerError:
        return None
    return canonical_records(text, first_line, meta)


def canonical_records(text: str, first_line: int, meta: dict[str, Any] | None) -> list[fastread.Scanned] | None:
    """`fastread.scan` of a ledger's text, the header before the records included: its `format`
    and `[ledger]` table must be as kehoach writes them and hold no problem (None otherwise).
    `meta` receives the plan the [ledger] table names."""
    found = fastread.scan(text, first_line)
    if found is None:
        return None
    head, records = found
    raw = fast_parse(head) if head.strip() else {}
    if raw is None or set(raw) - {"format", "ledger"} or raw.get("format", LEDGER_FORMAT) != LEDGER_FORMAT:
        return None
    if "ledger" in raw:
        said: dict[str, Any] = {}
        if _identity(raw["ledger"], said) is not None:
            return None
        if meta is not None:
            meta.update(said)
    return records


def scanned_value(text: str) -> Decimal:
    """A value's text as `scan` found it, as the full reader gives it (an integer's text as an int)."""
    return Decimal(text) if "." in text else Decimal(int(text))


def record_of_scanned(name: str, line: int, found: tuple[Any, ...]) -> Record:
    """The Record of what `scan` found of one record in the file `name`, at `line`."""
    rid, ind, period, value, area, at, by, note, source, revises, reason, also, stage = found
    return Record(
        id=rid, indicator=ind, period=Period(int(period[:4]), int(period[5:])), value=scanned_value(value),
        recorded_at=datetime.fromisoformat(at), by=by, note=note or "", source=source or "", area=area,
        revises=revises, reason=reason, file=name, line=line, also_revises=fastread.also(also), stage=stage,
    )


def _records_of(
    scanned: list[fastread.Scanned], name: str, known_ids: set[str] | None, areas: set[str] | None,
    warnings: list[Problem] | None,
) -> list[Record] | None:
    """Records from what `scan` found, the plan's indicators and areas checked as `_parse` checks
    them; None when an area is not the plan's (the full reader then says so, with its place)."""
    out = []
    ignored = []
    for n, (line, found) in enumerate(scanned):
        ind, area = found[1], found[4]
        if area is not None and areas is not None and area not in areas:
            return None
        if known_ids is not None and ind not in known_ids:
            ignored.append(Problem.warning(
                _("indicator {id} is not in the plan; the record is ignored").format(id=repr(ind)),
                Place(file=name, line=line or None, indicator=ind, key=_record_n(n + 1))))
            continue
        out.append(record_of_scanned(name, line, found))
    if warnings is not None:
        warnings.extend(ignored)
    return out


def _identity(table: Any, meta: dict[str, Any] | None) -> str | None:
    """What is wrong with a [ledger] table, or None; a good one is put into `meta`."""
    if not isinstance(table, dict):
        return _("expected a table with province and year")
    unknown = set(table) - {"province", "year"}
    if unknown:
        return _("unknown key(s): {keys}").format(keys=", ".join(sorted(unknown)))
    province, year = table.get("province"), table.get("year")
    if not isinstance(province, str) or not province.strip():
        return "province: " + _("expected the name of the plan's province, got {value}").format(value=_shown(province))
    if isinstance(year, bool) or not isinstance(year, int) or not 1000 <= year <= 9999:
        return "year: " + _("expected the plan's year, got {value}").format(value=_shown(year))
    if meta is not None:
        meta.update(province=province, year=year)
    return None


def _shown(value: Any) -> str:
    """A value for a message: repr, shortened when it is long (a number of 5,000 digits)."""
    text = repr(value) if not isinstance(value, Decimal) else str(value)
    return text if len(text) <= 40 else text[:20] + "…" + _(" ({n} characters)").format(n=len(text))


def _table_line(text: str, table: str) -> int:
    """The line of the `[table]` header in `text`, or 0."""
    m = re.search(rf"^[ \t]*\[[ \t]*{re.escape(table)}[ \t]*\]", text, re.M)
    return text.count("\n", 0, m.start()) + 1 if m else 0


# An integer of this many digits makes tomllib fail (Python refuses to convert longer digit strings).
_HUGE_NUMBER = re.compile(r"^[ \t]*([A-Za-z0-9_-]+)[ \t]*=[ \t]*[+-]?([0-9_]{4000,})", re.M)


def _refuse_huge_numbers(text: str, name: str, first_line: int) -> None:
    """A number with thousands of digits, refused with its line before tomllib fails on it."""
    m = _HUGE_NUMBER.search(text)
    if m:
        line = text.count("\n", 0, m.start()) + first_line
        digits = len(m[2].replace("_", ""))
        raise LedgerError.at(Place(file=name, line=line, key=m[1]), _("a number of {n} digits is too large").format(n=digits),
                             hint=fix_hint())


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
        if line == "[ledger]":  # the plan the file belongs to: once, before the records
            if "ledger" in doc or records:
                return None
            table = doc["ledger"] = {}
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
            # (an integer of thousands of digits stays a Decimal: int() refuses it, and the check of
            # the value says it is too large, with its line)
            value = Decimal(raw) if "." in raw or len(raw) > 4000 else int(raw)
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


def record_from_table(item: dict[str, Any], name: str, line: int, areas: set[str] | None) -> Record:
    """A record from a table of its keys (as a [[records]] table gives them: text, a Decimal or
    int value, an offset date-time), checked as every record of a ledger file is; LedgerError
    saying which key is wrong. (For a backup's rows: `import` of `export --all`.)"""
    return _record_from_toml(item, name, line, areas)


def _record_from_toml(item: Any, name: str, line: int, areas: set[str] | None) -> Record:
    if not isinstance(item, dict):
        raise LedgerError(_("expected a table"))
    unknown = set(item) - _RECORD_KEYS
    if unknown:
        raise LedgerError(_("unknown key(s): {keys}").format(keys=", ".join(sorted(unknown))))
    for key in _REQUIRED:
        if key not in item:
            raise LedgerError(f"{key}: " + _("required key is missing"))
    for key in ("id", "indicator", "period", "by", "note", "source", "area", "revises", "reason", "stage"):
        if key in item and not isinstance(item[key], str):
            raise LedgerError(f"{key}: " + _("expected text, got {value}").format(value=repr(item[key])))
    for key in ("id", "revises"):  # a revision of "" would revise nothing, and a record with no id no revision can name
        if item.get(key) == "":
            raise LedgerError(f"{key}: " + _("a record id cannot be empty"))
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
        raise LedgerError(f"value: {problem.replace(str(value), _shown(value))}")  # 5,000 digits are not shown
    try:
        period = parse_period(item["period"])
    except PeriodError as e:
        raise LedgerError(f"period: {e}") from None
    at = item["recorded_at"]
    if not isinstance(at, datetime) or at.tzinfo is None:
        raise LedgerError("recorded_at: " + _("expected a date-time with a time zone, e.g. 2025-07-05T09:12:00+07:00"))
    stage = item.get("stage")
    if stage is not None and stage not in STAGES:
        raise LedgerError("stage: " + _("{stage} is not a stage: expected one of {stages}").format(
            stage=_shown(stage), stages=", ".join(STAGES)))
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
        stage=stage,
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
