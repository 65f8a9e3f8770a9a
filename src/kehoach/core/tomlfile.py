"""Reading TOML files safely: exact decimals, and every way a file can be broken as one clear error."""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

from kehoach.errors import DataError, InputMissing, Place
from kehoach.i18n import _

_POSITION = re.compile(r"^(?P<msg>.*?)\s*\(at line (?P<line>\d+), column (?P<col>\d+)\)$", re.S)
_EOF = re.compile(r"^(?P<msg>.*?)\s*\(at end of document\)$", re.S)


def read_bytes(path: Path, what: str, hint: str | Callable[[], str] | None = None) -> bytes:
    """Read a whole file, turning every OS failure into a message naming the file. `hint` may be a
    function, called only when the file is missing (a translated hint costs the catalogue's load)."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise InputMissing(_("{what} not found: {path}").format(what=_what(what), path=path),
                           hint=hint() if callable(hint) else hint) from None
    except IsADirectoryError:
        raise InputMissing(_("{what} is a folder, not a file: {path}").format(what=_what(what), path=path),
                           hint=hint() if callable(hint) else hint) from None
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
        raise error.at(Place(file=name, line=line, char=col), _("not UTF-8 text (byte {byte})").format(
            byte=f"0x{data[e.start]:02x}"), hint=_("save the file as UTF-8 (in Excel or Notepad: 'Save as… UTF-8')")) from None


def parse_toml(text: str, name: str, error: type[DataError] = DataError, first_line: int = 1) -> dict[str, Any]:
    """Parse TOML with exact decimals; a syntax error names line and column with an excerpt.

    `first_line`: the line of the file where `text` starts (a part of a file parsed alone)."""
    import tomllib  # here, not at the top: a cached plan and an indexed ledger never need it

    if not text.strip():
        raise error.at(Place(file=name), _("the file is empty"))
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
            raise error.at(Place(file=name, line=line, char=col), toml_message(m["msg"]), details=details) from None
        m = _EOF.match(raw)
        if m:
            line = text.count("\n") + first_line
            raise error.at(Place(file=name, line=line), _("{problem} at the end of the file").format(
                problem=toml_message(m["msg"]))) from None
        raise error.at(Place(file=name), raw) from None
    except RecursionError:
        raise error.at(Place(file=name), _("nested too deeply to read")) from None
    except ValueError as e:  # e.g. an integer of more than 4300 digits
        if "digits" in str(e):
            raise error.at(Place(file=name), _("a whole number has more than 4300 digits, too many to read")) from None
        raise error.at(Place(file=name), _("not a TOML file that can be read ({problem})").format(problem=e)) from None


_TOML_PATTERNS = (
    (re.compile(r"^Expected (?P<what>.+)$"), "expected"),
    (re.compile(r"^Found invalid character (?P<what>.+)$"), "invalid"),
    (re.compile(r"^Illegal character (?P<what>.+)$"), "illegal"),
    (re.compile(r"^Cannot declare (?P<what>.+) twice$"), "twice"),
    (re.compile(r"^Cannot mutate immutable namespace (?P<what>.+)$"), "immutable"),
    (re.compile(r"^Cannot redefine namespace (?P<what>.+)$"), "redefine"),
    (re.compile(r"^Duplicate inline table key (?P<what>.+)$"), "duplicate"),
)


def toml_message(msg: str) -> str:
    """A syntax error of Python's TOML reader (tomllib), in the language of the session (its
    English words are the msgids)."""
    fixed = {
        "Cannot overwrite a value": _("Cannot overwrite a value"),
        "Unescaped '\\' in a string": _("Unescaped '\\' in a string"),
        "Unterminated string": _("Unterminated string"),
        "Unclosed inline table": _("Unclosed inline table"),
        "Unclosed array": _("Unclosed array"),
        "Invalid value": _("Invalid value"),
        "Invalid statement": _("Invalid statement"),
        "Invalid initial character for a key part": _("Invalid initial character for a key part"),
        "Invalid hex value": _("Invalid hex value"),
        "Invalid date or datetime": _("Invalid date or datetime"),
        "Expected ']]' at the end of an array declaration": _("Expected ']]' at the end of an array declaration"),
        "Expected ']' at the end of a table declaration": _("Expected ']' at the end of a table declaration"),
        "Expected '=' after a key in a key/value pair": _("Expected '=' after a key in a key/value pair"),
        "Escaped character is not a Unicode scalar value": _("Escaped character is not a Unicode scalar value"),
        "Expected newline or end of document after a statement": _(
            "Expected a new line (or the end of the file) after a statement"),
    }
    if msg in fixed:
        return fixed[msg]
    for pattern, kind in _TOML_PATTERNS:
        m = pattern.match(msg)
        if m:
            said = {
                "expected": _("Expected {what}"),
                "invalid": _("Found invalid character {what}"),
                "illegal": _("Illegal character {what}"),
                "twice": _("Cannot declare {what} twice"),
                "immutable": _("Cannot mutate immutable namespace {what}"),
                "redefine": _("Cannot redefine namespace {what}"),
                "duplicate": _("Duplicate inline table key {what}"),
            }[kind]
            return said.format(what=_key_path(m["what"]))
    return msg


def _key_path(what: str) -> str:
    """tomllib names a table by its key tuple, ('plan', 'thresholds'): a person writes plan.thresholds."""
    if what.startswith("(") and what.endswith(")"):
        import ast

        try:
            keys = ast.literal_eval(what)
        except (ValueError, SyntaxError):
            return what
        if isinstance(keys, tuple) and all(isinstance(k, str) for k in keys):
            return ".".join(keys)
    return what
