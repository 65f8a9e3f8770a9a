"""The process's surroundings as one object: the streams, whether they are terminals, the width to
draw for and whether to colour. Built once per command (`Environment.from_process()`); renderers
are handed what they need from it instead of reading `sys.stdout` or `COLUMNS` themselves, and
tests build their own."""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import TextIO

from kehoach.i18n import _

PIPED_WIDTH = 160  # a table piped or redirected is drawn this wide unless COLUMNS says otherwise
DUMB_TERMINALS = ("dumb", "unknown")


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # a closed or a fake stream
        return False


def piped_width(environ: Mapping[str, str]) -> int:
    """The width of a table that is not going to a terminal: COLUMNS, else 160."""
    try:
        return int(environ.get("COLUMNS", "")) or PIPED_WIDTH
    except ValueError:
        return PIPED_WIDTH


def terminal_width(environ: Mapping[str, str]) -> int:
    """The width of the terminal, measured as Rich measures it: 80 for a dumb terminal, else the
    size of the first standard stream that is a terminal, COLUMNS (digits only) over it, else 80."""
    if environ.get("TERM", "").lower() in DUMB_TERMINALS:
        return 80
    width = 0
    for fd in (0, 1, 2):
        try:
            width = os.get_terminal_size(fd).columns
        except (AttributeError, ValueError, OSError):
            continue
        break
    columns = environ.get("COLUMNS")
    if columns is not None and columns.isdigit():
        width = int(columns)
    return width or 80


def escapes_wanted(isatty: bool, environ: Mapping[str, str]) -> bool:
    """Whether stdout takes terminal escapes (bold, colour): TTY_COMPATIBLE=0/1 decides, then
    FORCE_COLOR (set and not empty: yes; set empty: no), else whether stdout is a terminal."""
    compatible = environ.get("TTY_COMPATIBLE", "")
    if compatible in ("0", "1"):
        return compatible == "1"
    force = environ.get("FORCE_COLOR")
    if force is not None:
        return force != ""
    return isatty


@dataclass(frozen=True)
class Environment:
    """Where a command writes and how. `width` is the width tables are drawn for; `styled`, that
    stdout takes escapes (bold, dim); `colour`, that they may be coloured too (not with NO_COLOR,
    not on a dumb terminal)."""

    stdout: TextIO
    stderr: TextIO
    stdout_isatty: bool = False
    stderr_isatty: bool = False
    width: int = PIPED_WIDTH
    styled: bool = False
    colour: bool = False
    environ: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def from_process(cls, environ: Mapping[str, str] | None = None, *, stdout_isatty: bool | None = None) -> Environment:
        """The process's own: sys.stdout and sys.stderr as they are now, and os.environ.
        `stdout_isatty`: what the commands are told of stdout, when a caller knows better than
        the stream (the width and the escapes still follow the stream itself)."""
        env = dict(os.environ if environ is None else environ)
        out, err = sys.stdout, sys.stderr
        isatty = _isatty(out)
        drawn = cls._drawing(isatty, env)
        return cls(stdout=out, stderr=err, stdout_isatty=isatty if stdout_isatty is None else stdout_isatty,
                   stderr_isatty=_isatty(err), width=drawn[0], styled=drawn[1], colour=drawn[2], environ=env)

    @staticmethod
    def _drawing(isatty: bool, env: Mapping[str, str]) -> tuple[int, bool, bool]:
        """The width, escapes and colour of a table drawn for a stream that is (or is not) a terminal."""
        styled = escapes_wanted(isatty, env)
        dumb = env.get("TERM", "").lower() in DUMB_TERMINALS
        width = terminal_width(env) if isatty else piped_width(env)
        return width, styled, styled and not dumb and env.get("NO_COLOR", "") == ""

    def to(self, stdout: TextIO, *, isatty: bool) -> Environment:
        """The same surroundings writing to another stream, drawn for it as for a terminal (or
        not): the screen a pager is given."""
        width, styled, colour = self._drawing(isatty, self.environ)
        return replace(self, stdout=stdout, stdout_isatty=isatty, width=width, styled=styled, colour=colour)

    def warn(self, message: str) -> None:
        """A warning on stderr, worded as every warning is."""
        self.stderr.write(_("Warning: {message}").format(message=message) + "\n")
