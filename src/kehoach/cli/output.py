"""The one place a command's result is written: to stdout, or to `-o FILE` through core/outfile.

A command builds a `Document` (what it can give: a JSON document, rows for CSV, a drawing for the
terminal, text or bytes already rendered in another format) and hands it to `emit` with the
format asked for. Each format has its writer in `WRITERS`; a format the document cannot give is
refused. Messages to stderr are not results and are written where they are decided.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kehoach.environment import Environment
from kehoach.errors import UsageError
from kehoach.i18n import _

DEFAULT_PAGER = "less -FRX"  # git's: quit when it fits, keep colours, leave the text on the screen

Draw = Callable[[Environment], object]  # what it returns is not looked at
Rendered = Callable[[], "str | bytes"]


@dataclass
class Document:
    """What a command can write. `json`: the JSON document (default: the rows); `rows` and
    `fields`: the CSV table (`excel`: the CSV Excel opens); `draw`: the table for people, drawn on
    the Environment it is given, offered as the format `terminal` (table, or text); `paged`: drawn through a pager when taller than the terminal;
    `rendered`: the other formats (md, html, docx, xlsx, text…), each a function giving its text
    or bytes; `binary`: text is written to stdout as UTF-8 bytes, as a file would be."""

    json: Any = None
    rows: Sequence[Mapping[str, Any]] | None = None
    fields: Sequence[str] | None = None
    excel: bool = False
    draw: Draw | None = None
    terminal: str = "table"
    paged: bool = False
    rendered: dict[str, Rendered] = field(default_factory=dict)
    binary: bool = False

    def formats(self) -> list[str]:
        offered = [name for name, can in ((self.terminal, self.draw is not None), ("json", self.json is not None or self.rows is not None),
                                          ("csv", self.rows is not None)) if can]
        return offered + [name for name in self.rendered if name not in offered]


def _terminal(document: Document, env: Environment) -> None:
    assert document.draw is not None
    if document.paged:
        _page(document.draw, env)
    else:
        document.draw(env)
    env.stdout.flush()


def _json(document: Document, env: Environment) -> str | bytes:
    if "json" in document.rendered:
        return document.rendered["json"]()
    from kehoach.render import jsonout

    return jsonout.dumps(document.json if document.json is not None else list(document.rows or []))


def _csv(document: Document, env: Environment) -> str | bytes:
    if "csv" in document.rendered:
        return document.rendered["csv"]()
    from kehoach.render import csvout

    rows = list(document.rows or [])
    fields = list(document.fields) if document.fields is not None else (list(rows[0].keys()) if rows else [])
    return csvout.dumps(rows, fields, excel=document.excel)


def _rendered(name: str) -> Callable[[Document, Environment], str | bytes]:
    def write(document: Document, env: Environment) -> str | bytes:
        return document.rendered[name]()

    return write


# Every format a command may write, and its writer: it draws on the terminal itself (None), or
# gives the text or bytes that `emit` then writes to stdout or to the file.
WRITERS: dict[str, Callable[[Document, Environment], str | bytes | None]] = {
    "table": _terminal,
    "json": _json,
    "csv": _csv,
    **{name: _rendered(name) for name in ("text", "md", "brief", "html", "docx", "xlsx", "toml")},
}


def stdout_is_terminal() -> bool:
    """Whether stdout is a terminal: the answer the command's Environment is given (tests replace
    it to stand in for a terminal)."""
    import sys

    return sys.stdout.isatty()


def environment() -> Environment:
    """The Environment of this command; whether stdout is a terminal is asked of
    `stdout_is_terminal`, the one answer tests replace to stand in for a terminal."""
    return Environment.from_process(stdout_isatty=stdout_is_terminal())


def emit(document: Document, fmt: Any, output: Path | None = None, env: Environment | None = None,
         keep: Iterable[Path] = ()) -> None:
    """Write `document` in the format `fmt` (an enum member or its name): to stdout, or to
    `output` (`-` is stdout) through the safe writer, never over a path in `keep`."""
    name = getattr(fmt, "value", fmt)
    if name not in document.formats() or name not in WRITERS:
        raise UsageError(
            _("--format {format}: this command writes {formats}").format(format=name, formats=", ".join(document.formats())))
    env = env or environment()
    payload = WRITERS["table" if document.draw is not None and name == document.terminal else name](document, env)
    if payload is None:
        return
    if output is None and isinstance(payload, str) and not document.binary:
        env.stdout.write(payload)
        env.stdout.flush()  # a full device or a closed pipe is reported here, not at exit
        return
    from kehoach.core.outfile import write_output

    data = payload.encode("utf-8") if isinstance(payload, str) else payload
    write_output(output if output is not None else Path("-"), data, keep, stdout=env.stdout)


def _page(draw: Draw, env: Environment) -> None:
    """`draw`, through a pager when its output is taller than the terminal, as git does: $PAGER
    (`less -FRX` when unset; empty or `cat` for none), never when piped."""
    command = env.environ.get("PAGER", DEFAULT_PAGER).strip()
    if command in ("", "cat") or not env.stdout_isatty:
        draw(env)
        return
    import io
    import shlex
    import shutil
    import subprocess

    screen = io.StringIO()  # what a table would print on this terminal, kept to count its lines
    draw(env.to(screen, isatty=True))
    text = screen.getvalue()
    real = env.stdout
    if text.count("\n") < shutil.get_terminal_size().lines:
        real.write(text)
        real.flush()
        return
    pager_env = dict(env.environ)
    pager_env.setdefault("LESS", "FRX")
    pager_env.setdefault("LV", "-c")
    try:
        pager = subprocess.Popen(shlex.split(command), stdin=subprocess.PIPE, env=pager_env)
    except OSError:  # no such pager: the text as it is
        real.write(text)
        real.flush()
        return
    assert pager.stdin is not None
    try:
        pager.stdin.write(text.encode(getattr(real, "encoding", None) or "utf-8", "replace"))
        pager.stdin.close()
    except BrokenPipeError:  # the reader quit the pager before the end: nothing wrong
        pass
    pager.wait()
