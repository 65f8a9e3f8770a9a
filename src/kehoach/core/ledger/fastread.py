"""The reader for ledger records exactly as kehoach writes them: one regular expression per record.

`render_records` writes every record in one shape: the `[[records]]` line, then `key = value`
lines in a fixed order (id, indicator, period, value, area, recorded_at, by, note, source,
revises and reason, also_revises, stage; the optional ones left out), plain strings without
escapes, plain decimals, offset date-times, then a blank line or a comment line (a write's batch
line, the end line). `scan` recognises that shape and nothing else, one compiled pattern per
record, so that reading 100,000 records costs a fraction of what a TOML parser costs.

It is a subset reader, never a second parser: the moment a text holds anything else — keys in
another order, an escape, a comment after a value, a value out of the range `record` accepts,
a date that does not exist — `scan` returns None and the caller reads the text with the full
reader (tomlformat: the small TOML subset reader, else tomllib), which finds every problem and
names its line as it always did. What a record means therefore never depends on which reader
read it (tests/core/test_fastread.py compares them on random ledgers).
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Any

# A basic string without escapes or control characters (tab included: tomli-w escapes it).
_STR = r'"([^"\\\x00-\x1f\x7f]*)"'
# A record id: not empty (the full reader refuses an empty one, with its line).
_ID = r'"([^"\\\x00-\x1f\x7f]+)"'
# Times and offsets as tomllib's own patterns allow them; the date is checked by datetime.
_TIME = r"(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]"
_DATETIME = (
    r"([0-9]{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])[T ]" + _TIME
    + r"(?:\.[0-9]{6})?[+-](?:[01][0-9]|2[0-3]):[0-5][0-9])"
)
# What `record` accepts (numbers.magnitude_problem): at most 15 digits before the point, 10 after.
_VALUE = r"(-?(?:0|[1-9][0-9]{0,14})(?:\.[0-9]{1,10})?)"
# Blank lines and comment lines (no control characters but tab, as TOML allows in a comment).
_GAP = r"(?:#[^\x00-\x08\x0a-\x1f\x7f]*\n|\n)*"

_RECORD = (
    r"\[\[records\]\]\n"
    rf"id = {_ID}\n"
    rf"indicator = {_STR}\n"
    r'period = "([0-9]{4}-(?:0[1-9]|1[0-2]))"\n'
    rf"value = {_VALUE}\n"
    rf"(?:area = {_STR}\n)?"
    rf"recorded_at = {_DATETIME}\n"
    rf"by = {_STR}\n"
    rf"(?:note = {_STR}\n)?"
    rf"(?:source = {_STR}\n)?"
    rf"(?:revises = {_ID}\nreason = {_STR}\n"
    r'(?:also_revises = \[\n((?:    "[^"\\\x00-\x1f\x7f]*",\n)+)\]\n)?)?'
    r'(?:stage = "(estimate|preliminary|official)"\n)?'
    + _GAP
)
_FIRST = r"^\[\[records\]\]\n"
_compiled: list[re.Pattern[str]] = []


def _patterns() -> list[re.Pattern[str]]:
    """The record pattern and the first-record pattern, compiled when first needed (a command
    served by the index alone never is)."""
    if not _compiled:
        _compiled.extend([re.compile(_RECORD), re.compile(_FIRST, re.M)])
    return _compiled


# One record as `scan` found it: the line of its [[records]] header, and the text of each value
# (None: the key is not there) in the order of `_RECORD`'s groups — id, indicator, period, value,
# area, recorded_at, by, note, source, revises, reason, also_revises (its lines: `also`), stage.
Scanned = tuple[int, tuple[Any, ...]]


def scan(text: str, first_line: int = 1) -> tuple[str, list[Scanned]] | None:
    """(the text before the first record, the records) when every record of `text` is in the shape
    kehoach writes, and only blank lines and comments lie between and after them; None otherwise.
    The text before the first record (the header, `format`, `[ledger]`) is the caller's to read.
    `first_line`: the line of the file on which `text` starts."""
    if '"""' in text or "'''" in text:
        return None  # a multi-line string could hold a line that looks like a record
    if not text.endswith("\n"):
        text += "\n"  # the same document to TOML, and every line of it ends alike
    record, first_record = _patterns()
    first = first_record.search(text)
    if first is None:
        return None
    start = first.start()
    count = text.count
    line = first_line + count("\n", 0, start)
    out: list[Scanned] = []
    valid_days: dict[str, bool] = {}
    pos = start
    for m in record.finditer(text, start):
        begin, end = m.span()
        if begin != pos:
            return None  # something between two records that this reader does not know
        found = m.groups()
        at = found[5]
        if at[8:10] > "28" or at[:4] == "0000":  # the 29th to the 31st, or year 0: whether that day exists
            day = at[:10]
            ok = valid_days.get(day)
            if ok is None:
                ok = valid_days[day] = _is_date(day)
            if not ok:
                return None
        out.append((line, found))
        line += count("\n", begin, end)
        pos = end
    if pos != len(text):
        return None
    return text[:start], out


def also(lines: str | None) -> tuple[str, ...]:
    """The ids of an also_revises array as `scan` found its lines."""
    return tuple(item[5:-2] for item in lines.split("\n")[:-1]) if lines else ()


def _is_date(day: str) -> bool:
    try:
        datetime.strptime(day, "%Y-%m-%d")
    except ValueError:
        return False
    return True


def local_and_utc(at: str, cache: dict[str, str]) -> tuple[str, str]:
    """A recorded_at text in the shape `scan` accepts, as `datetime.isoformat()` writes it, and
    its UTC time as the index sorts it (YYYY-MM-DDTHH:MM:SS.ffffff). `cache` holds the UTC
    minute of each local minute and offset already seen: a ledger's records come in bursts."""
    offset = at[-6:]
    if offset == "-00:00":
        offset = "+00:00"  # how isoformat writes a zero offset
    if len(at) == 32:
        frac = at[19:26]
        local = at[:10] + "T" + at[11:19] + ("" if frac == ".000000" else frac) + offset
    else:
        frac = ".000000"
        local = at[:10] + "T" + at[11:19] + offset
    key = at[:16] + offset
    minute = cache.get(key)
    if minute is None:
        sign = -1 if offset[0] == "-" else 1
        shift = timedelta(hours=int(offset[1:3]), minutes=int(offset[4:6])) * sign
        naive = datetime(int(at[:4]), int(at[5:7]), int(at[8:10]), int(at[11:13]), int(at[14:16]))
        minute = cache[key] = (naive - shift).isoformat(timespec="minutes")
    return local, minute + at[16:19] + frac
