"""Reading TOML files safely: exact decimals, and every way a file can be broken as one clear error."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path
from typing import Any

from kehoach.errors import DataError, InputMissing
from kehoach.i18n import _

_POSITION = re.compile(r"^(?P<msg>.*?)\s*\(at line (?P<line>\d+), column (?P<col>\d+)\)$", re.S)
_EOF = re.compile(r"^(?P<msg>.*?)\s*\(at end of document\)$", re.S)


def read_bytes(path: Path, what: str, hint: str | None = None) -> bytes:
    """Read a whole file, turning every OS failure into a message naming the file."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise InputMissing(_("{what} not found: {path}").format(what=_what(what), path=path), hint=hint) from None
    except IsADirectoryError:
        raise InputMissing(_("{what} is a folder, not a file: {path}").format(what=_what(what), path=path),
                           hint=hint) from None
    except PermissionError:
        raise InputMissing(_("cannot read {what} {path}: permission denied").format(what=_what(what), path=path)) from None
    except OSError as e:
        raise InputMissing(_("cannot read {what} {path}: {reason}").format(
            what=_what(what), path=path, reason=e.strerror or e)) from None


def _what(what: str) -> str:
    """The kind of file `read_bytes` was asked to read ("plan file", "ledger file"…), for people."""
    names = {
        "plan file": _("plan file"),
        "ledger file": _("ledger file"),
        "import file": _("import file"),
    }
    return names.get(what, what)


def decode(data: bytes, name: str, error: type[DataError] = DataError, first_line: int = 1) -> str:
    """UTF-8 text, with a leading BOM (Notepad's) dropped; non-UTF-8 bytes are located (`first_line`:
    the line of the file where `data` starts, for a part of a file decoded alone)."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + first_line
        col = e.start - (data.rfind(b"\n", 0, e.start) + 1) + 1
        raise error(
            f"{name}:{line}:{col}: "
            + _("not UTF-8 text (byte {byte})").format(byte=f"0x{data[e.start]:02x}"),
            hint=_("save the file as UTF-8 (in Excel or Notepad: 'Save as… UTF-8')"),
        ) from None


def parse_toml(text: str, name: str, error: type[DataError] = DataError, first_line: int = 1) -> dict[str, Any]:
    """Parse TOML with exact decimals; a syntax error names line and column with an excerpt.

    `first_line`: the line of the file where `text` starts (a part of a file parsed alone)."""
    import tomllib  # here, not at the top: a cached plan and an indexed ledger never need it

    if not text.strip():
        raise error(f"{name}: " + _("the file is empty"))
    try:
        return tomllib.loads(text, parse_float=Decimal)
    except tomllib.TOMLDecodeError as e:
        raw = str(e)
        m = _POSITION.match(raw)
        if m:
            line, col = int(m["line"]), int(m["col"])
            lines = text.splitlines()
            excerpt = lines[line - 1] if 0 < line <= len(lines) else ""
            line += first_line - 1
            details = [f"  {line} | {excerpt}", "  " + " " * len(str(line)) + " | " + " " * (col - 1) + "^"]
            raise error(f"{name}:{line}:{col}: {m['msg']}", details=details) from None
        m = _EOF.match(raw)
        if m:
            line = text.count("\n") + first_line
            raise error(f"{name}:{line}: " + _("{problem} at the end of the file").format(problem=m["msg"])) from None
        raise error(f"{name}: {raw}") from None
    except RecursionError:
        raise error(f"{name}: " + _("nested too deeply to read")) from None
    except ValueError as e:  # e.g. an integer of more than 4300 digits
        raise error(f"{name}: {e}") from None
