"""The error tree and the exit codes: every failure a user can see maps to one code here."""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """Exit codes, after sysexits.h. Documented in the README; scripts rely on them."""

    OK = 0
    ATTENTION = 1  # checked, and something needs attention (kehoach check)
    USAGE = 2  # wrong usage: unknown command, option or indicator id (Click uses 2 too)
    DATA_ERROR = 65  # bad data: a plan or ledger file, or a value, that is wrong
    NO_INPUT = 66  # an input file or folder does not exist
    SOFTWARE = 70  # an internal error: a bug in kehoach
    CANT_CREATE = 73  # cannot write the output (permissions, read-only, missing folder)
    IO_ERROR = 74  # an I/O error such as a full disk
    TEMP_FAIL = 75  # try again later: the ledger is locked or changed underneath
    INTERRUPTED = 130  # Ctrl-C


class KehoachError(Exception):
    """An error meant for the user: a message, an optional hint, and an exit code."""

    exit_code: ExitCode = ExitCode.SOFTWARE

    def __init__(self, message: str, *, hint: str | None = None, details: list[str] | None = None):
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.details = details or []


class UsageError(KehoachError):
    exit_code = ExitCode.USAGE


class DataError(KehoachError):
    """A file or value the user supplied is wrong."""

    exit_code = ExitCode.DATA_ERROR


class PlanError(DataError):
    """The plan file cannot be used."""


class LedgerError(DataError):
    """The ledger cannot be read or the record cannot be accepted."""


class InputMissing(KehoachError):
    exit_code = ExitCode.NO_INPUT


class CannotWrite(KehoachError):
    exit_code = ExitCode.CANT_CREATE


class DiskError(KehoachError):
    exit_code = ExitCode.IO_ERROR


class TryAgain(KehoachError):
    exit_code = ExitCode.TEMP_FAIL
