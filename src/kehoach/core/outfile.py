"""Where `-o FILE` writes go: the format from the suffix, never over the plan or ledger in use,
through a symlink to its target, as a stream to a device or pipe, atomically to a regular file.

Nothing here prints; every refusal is a KehoachError naming the file and the problem.
"""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TextIO

from kehoach.errors import CannotWrite, UsageError
from kehoach.i18n import _

STDOUT = "-"

# What `export -o` writes, by suffix.
EXPORT_SUFFIXES: dict[str, str] = {
    ".csv": "csv",
    ".json": "json",
    ".xlsx": "xlsx",
    ".sqlite": "sqlite",  # a database written into, not replaced (core/sqlite_export.py)
    ".sqlite3": "sqlite",
    ".db": "sqlite",
}


def is_stdout(output: Path | str | None) -> bool:
    return output is not None and str(output) == STDOUT


def choose_format(output: Path | None, given: str | None, suffixes: Mapping[str, str], default: str) -> str:
    """The format to write: the suffix of `output` decides, `--format` must agree with it, and an
    unknown suffix is refused with the list of formats. No output, `-` or no suffix: `--format`."""
    known = ", ".join(f"{s} ({f})" for s, f in suffixes.items())
    if output is None or is_stdout(output) or not output.suffix:
        return given or default
    suffix = output.suffix.lower()
    meant = suffixes.get(suffix)
    if meant is None:
        raise UsageError(
            _("{output}: unknown suffix {suffix}; this command writes {known}").format(
                output=output, suffix=repr(output.suffix), known=known
            ),
            hint=_("name the file with one of these suffixes, or use {flag_o} - for stdout"), option="output"
        )
    if given is not None and given != meant:
        raise UsageError(
            _("{output}: the suffix {suffix} means {meant}, but {flag_format} is {given}").format(
                output=output, suffix=output.suffix, meant=meant, given=given
            ),
            hint=_("drop {flag_format}, or name the file with the suffix for {given} ({known})").format(given=given, known=known),
            option="output",
        )
    return meant


WORKSPACE_FILE = "kehoach.toml"  # as kehoach.paths names it


def in_use(plan_path: Path | None, ledger_path: Path | None, workspace: Path | None = None) -> list[Path]:
    """The files an output must never replace: the plan and the ledger (file or folder) in use,
    and the workspace file (of the workspace in use, and beside the plan)."""
    out: list[Path] = []
    if workspace is not None:
        out.append(workspace / WORKSPACE_FILE)
    if plan_path is not None:
        out.append(plan_path)
        out.append(plan_path.with_name(WORKSPACE_FILE))
    if ledger_path is not None:
        out.append(ledger_path)
        if not ledger_path.is_dir():
            out.append(ledger_path.with_name(ledger_path.name + ".lock"))
    return out


def _real(p: Path) -> str:
    return os.path.realpath(os.path.abspath(p))


def check_output(output: Path, keep: Iterable[Path]) -> Path:
    """The path to write to (a symlink's target), after refusing the plan or a ledger in use.

    A ledger folder is kept whole: any file written inside it would be read as an office's file."""
    if is_stdout(output):
        return output
    target = Path(_real(output))
    for p in keep:
        real = _real(p)
        if str(target) == real or (os.path.isdir(real) and str(target).startswith(real.rstrip(os.sep) + os.sep)):
            inside = os.path.isdir(real) and str(target) != real
            what = _("the ledger folder") if inside else str(p)
            raise CannotWrite(
                _("{output}: refusing to write over {what} in use").format(output=output, what=what),
                hint=_("choose another file name for the output"), option="output"
            )
    return target


def write_output(output: Path, data: bytes, keep: Iterable[Path] = (), stdout: TextIO | None = None) -> None:
    """Write `data` to `output`: `-` is stdout; a symlink is followed to its target; a regular
    file (or a new one) is replaced atomically; a character device or a FIFO is written as a
    stream; a folder, block device or socket is refused. Never over a path in `keep`. `stdout`:
    the stream `-` stands for (sys.stdout when not given)."""
    from kehoach.core.storage import _os_error, atomic_write

    if is_stdout(output):
        out = stdout or sys.stdout
        out.flush()
        out.buffer.write(data)
        out.buffer.flush()
        return
    target = check_output(output, keep)
    try:
        st = os.stat(target)
    except FileNotFoundError:
        atomic_write(target, data)
        return
    except OSError as e:
        raise _os_error(e, output) from None
    mode = st.st_mode
    if stat.S_ISREG(mode):
        if not st.st_mode & 0o222 or not os.access(target, os.W_OK):
            raise CannotWrite(
                _("{output} is read-only; nothing was changed").format(output=output), hint=_("choose another file"),
                option="output",
            )
        atomic_write(target, data)
    elif stat.S_ISDIR(mode):
        raise CannotWrite(_("cannot write {output}: it is a folder; name a file").format(output=output))
    elif stat.S_ISCHR(mode) or stat.S_ISFIFO(mode):
        _stream(target, output, data)
    else:
        kind = _("a block device") if stat.S_ISBLK(mode) else _("a socket") if stat.S_ISSOCK(mode) else _("not a regular file")
        raise CannotWrite(
            _("{output} is {kind}; kehoach writes to regular files, character devices and pipes only").format(
                output=output, kind=kind
            ), option="output"
        )


def _stream(target: Path, output: Path, data: bytes) -> None:
    from kehoach.core.storage import _os_error, write_all

    try:
        fd = os.open(target, os.O_WRONLY)
    except OSError as e:
        raise _os_error(e, output) from None
    try:
        write_all(fd, data)
    except OSError as e:
        raise _os_error(e, output) from None
    finally:
        os.close(fd)
