"""Problems as values, and the exit codes: every failure a user can see has a kind, and each kind
maps to one exit code here (`EXIT_CODES`), so one mistake gets one exit code in every command."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum, IntEnum
from typing import Self

from kehoach.i18n import _


class ExitCode(IntEnum):
    """Exit codes, after sysexits.h. Documented in docs/contract.md; scripts rely on them."""

    OK = 0
    ATTENTION = 1  # checked, and something needs attention (kehoach check)
    USAGE = 2  # wrong usage: unknown command or option, or a bad value typed on the command line
    DATA_ERROR = 65  # bad data: a plan, ledger or import file that is wrong, or a record the ledger refuses
    NO_INPUT = 66  # an input file or folder does not exist
    SOFTWARE = 70  # an internal error: a bug in kehoach
    CANT_CREATE = 73  # cannot write the output (permissions, read-only, missing folder)
    IO_ERROR = 74  # an I/O error such as a full disk
    TEMP_FAIL = 75  # try again later: the ledger is locked or changed underneath
    INTERRUPTED = 130  # Ctrl-C
    BROKEN_PIPE = 141  # the reader of stdout went away (128 + SIGPIPE)


class Kind(str, Enum):
    """What sort of problem it is; the exit code follows from the kind, never from where it was found."""

    USAGE = "usage"  # the command line: an unknown option, or a value typed there that is wrong
    DATA = "data"  # a file's content (plan, ledger, import) or a record the ledger's rules refuse
    MISSING_INPUT = "missing_input"  # a file or folder to read does not exist
    CANNOT_WRITE = "cannot_write"  # permissions, a read-only folder, a name too long
    IO = "io"  # the device failed: a full disk, an I/O error
    BUSY = "busy"  # locked by another writer, or changed underneath: try again
    CONFLICT = "conflict"  # offices disagree on a value (kehoach check fails on it)
    INTERNAL = "internal"  # a bug in kehoach


EXIT_CODES: dict[Kind, ExitCode] = {
    Kind.USAGE: ExitCode.USAGE,
    Kind.DATA: ExitCode.DATA_ERROR,
    Kind.MISSING_INPUT: ExitCode.NO_INPUT,
    Kind.CANNOT_WRITE: ExitCode.CANT_CREATE,
    Kind.IO: ExitCode.IO_ERROR,
    Kind.BUSY: ExitCode.TEMP_FAIL,
    Kind.CONFLICT: ExitCode.DATA_ERROR,
    Kind.INTERNAL: ExitCode.SOFTWARE,
}


def exit_code_for(kind: Kind) -> ExitCode:
    """The one place a kind of problem becomes an exit code."""
    return EXIT_CODES[kind]


@dataclass(frozen=True)
class Place:
    """Where a problem is, in parts a program can read: a file and a line of it, a row of an import
    file (and a column of it), the plan's target, indicator and area it is in, and `key`, the place as a person follows
    it in the file ("target 4 › indicator budget_revenue › target")."""

    file: str | None = None
    line: int | None = None
    char: int | None = None  # the character of the line, from 1 (a text file's syntax error)
    row: int | None = None
    column: str | None = None  # of an import file's row
    target: int | None = None
    indicator: str | None = None
    area: str | None = None
    key: str | None = None

    def text(self) -> str:
        """The place as messages begin with it: `plan.toml: target 4 › …`, `ledger.toml:12`, `row 3`."""
        parts = []
        if self.file is not None:
            at = "".join(f":{n}" for n in (self.line, self.char if self.line is not None else None) if n is not None)
            parts.append(self.file + at)
        if self.row is not None and self.column is not None:
            parts.append(_("row {row}, column {column}").format(row=self.row, column=self.column))
        elif self.row is not None:
            parts.append(_("row {row}").format(row=self.row))
        if self.key:
            parts.append(self.key)
        return ": ".join(parts)


@dataclass(frozen=True)
class Problem:
    """One problem as a value: where it is, what is wrong, what to do, and its kind."""

    message: str
    kind: Kind = Kind.INTERNAL
    where: str | None = None  # a file and place, an option name, a row
    hint: str | None = None
    details: tuple[str, ...] = ()
    # The setting whose value the message begins with ("output": the file to write), by its name:
    # the command line puts its flag before the message (`--output x.sqlite is read-only`); the
    # core never spells a flag.
    option: str | None = None
    place: Place | None = None  # where it is, in parts (a problem found in a file)

    @classmethod
    def warning(cls, message: str, place: Place | None = None) -> Problem:
        """What was read, and is worth a look, but refuses nothing: a ledger's record of an indicator
        the plan does not have, a plan's baseline from an older year (shown as `Warning: …`)."""
        return cls(message, Kind.DATA, place=place)

    @property
    def exit_code(self) -> ExitCode:
        return exit_code_for(self.kind)

    def line(self) -> str:
        """The problem on one line, its place first: `plan.toml: target 4 › group: unknown group 'x'`."""
        where = self.place.text() if self.place is not None else ""
        return f"{where}: {self.message}" if where else self.message

    def text(self) -> str:
        """The lines printed on stderr: `Error: where: message`, the details, then the hint, in the
        language of the session ("Lỗi:", "Gợi ý:" by default)."""
        head = f"{self.where}: {self.message}" if self.where else self.message
        lines = [_("Error: {message}").format(message=head)]
        lines += [line if line.startswith("  ") else f"  {line}" for line in self.details]
        if self.hint:
            lines.append(_("Hint: {hint}").format(hint=self.hint))
        return "\n".join(lines) + "\n"


class KehoachError(Exception):
    """An error meant for the user: it carries a Problem (message, hint, details, kind).

    The subclasses below only choose the kind; code deep in the core raises them, the CLI turns
    `.problem` into text and an exit code in one place.
    """

    kind: Kind = Kind.INTERNAL

    def __init__(
        self,
        message: str,
        *,
        hint: str | None = None,
        details: list[str] | None = None,
        kind: Kind | None = None,
        where: str | None = None,
        option: str | None = None,
        problems: tuple[Problem, ...] = (),
    ):
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.details = details or []
        self.where = where
        self.option = option
        self.problems = problems  # each problem found, as a value with its place, when there were several or one
        if kind is not None:
            self.kind = kind

    @property
    def exit_code(self) -> ExitCode:
        return exit_code_for(self.kind)

    @property
    def problem(self) -> Problem:
        return Problem(self.message, self.kind, self.where, self.hint, tuple(self.details), self.option)

    @classmethod
    def at(cls, place: Place, message: str, *, hint: str | None = None, details: list[str] | None = None) -> Self:
        """The error of one problem at `place`: its text begins with the place, and `.problems`
        holds it as a value."""
        problem = Problem(message, cls.kind, place=place, hint=hint, details=tuple(details or ()))
        return cls(problem.line(), hint=hint, details=details, problems=(problem,))

    @classmethod
    def of(cls, problem: Problem) -> KehoachError:
        return cls(problem.message, hint=problem.hint, details=list(problem.details), kind=problem.kind, where=problem.where,
                   option=problem.option)


class UsageError(KehoachError):
    kind = Kind.USAGE


class DataError(KehoachError):
    """A file or value the user supplied is wrong."""

    kind = Kind.DATA


class PlanError(DataError):
    """The plan file cannot be used."""


class LedgerError(DataError):
    """The ledger cannot be read or the record cannot be accepted."""


class InputMissing(KehoachError):
    kind = Kind.MISSING_INPUT


class CannotWrite(KehoachError):
    kind = Kind.CANNOT_WRITE


class DiskError(KehoachError):
    kind = Kind.IO


class TryAgain(KehoachError):
    kind = Kind.BUSY
