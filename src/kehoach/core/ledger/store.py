"""Where a ledger's records live: one TOML file, or a folder with one file per office.

`LedgerStore` is what reading and recording ask of a ledger, in terms of records: `read` every
record (checked, each problem with its file and line), `append` records to one of its files while
the writers' `lock` is held, `describe` what it is. `FileStore` and `FolderStore` are its two
implementations; `open_store` picks one for a path. A store that is not a file (a database a
province's IT runs) would be a third: the SQLite index (cached.py) is a caching layer around any
store. `write_records` is the one way records reach a file: the whole file is replaced at once
(tomlformat.py says why).
"""

from __future__ import annotations

import os
import re
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, NamedTuple, Protocol

from kehoach.core.hashing import blake2b
from kehoach.core.ledger.model import FileInfo, Ledger, PlanRules, Record, at_line, revision_problems
from kehoach.core.ledger.tomlformat import (
    END_BYTES,
    joined,
    parse_ledger_bytes,
    problems_error,
    render_batch,
    require_end,
    resealed,
    sealed_header,
)
from kehoach.core.storage import DEFAULT_LOCK_TIMEOUT, atomic_write, locked
from kehoach.core.tomlfile import read_bytes
from kehoach.errors import LedgerError, Problem, TryAgain
from kehoach.i18n import _

LOCK_NAME = ".kehoach.lock"
_NAME_BYTES = 200  # an office file's name before ".toml", in UTF-8 bytes; any file system takes 255


@dataclass(frozen=True)
class StoreInfo:
    """What a store is, for people and for the code that must treat a folder differently (restore
    puts each record back in its office's file)."""

    kind: str  # "file", "folder", or another store's own name
    path: Path
    files: tuple[Path, ...]
    lock: Path
    index: Path | None = None  # the caching layer's index file, when there is one


@dataclass(frozen=True)
class Written:
    """What `write_records` did to a file: the first `kept` bytes of the old file are the first
    bytes of the new one, `added` follows them (the new records), then the end line."""

    kept: int
    added: bytes


class FileState(NamedTuple):
    """Size, modification time, inode, and whether it ends with a newline: any edit changes one."""

    size: int
    mtime_ns: int
    inode: int
    ends_with_newline: bool


class LedgerStore(Protocol):
    path: Path
    kind: str  # "file" and "folder" are the stores of TOML files the index can cache

    def files(self) -> list[Path]:
        """The files the ledger consists of now, in the order they are read."""
        ...

    def file_for(self, office: str) -> Path:
        """The file an office's new records are appended to."""
        ...

    def lock_path(self) -> Path:
        """The lock file every writer holds while it appends."""
        ...

    def lock(self, timeout: float = DEFAULT_LOCK_TIMEOUT) -> AbstractContextManager[None]:
        """Hold the writers' lock (TryAgain after `timeout` seconds)."""
        ...

    def read(self, known_ids: set[str] | None, areas: set[str] | None, rules: PlanRules | None) -> Ledger:
        """Every record, checked; LedgerError naming file and line for what is wrong."""
        ...

    def append(
        self, file: Path, records: list[Record], *, info: FileInfo | None, identity: tuple[str, int] | None,
        written_at: datetime,
    ) -> Written:
        """Add records to one of the store's files (the caller holds the lock). `info`: what
        reading that file found (None: it is new)."""
        ...

    def state(self, file: Path) -> FileState:
        """The file as it is now: any edit changes it (a writer compares it before and after its read)."""
        ...

    def describe(self) -> StoreInfo:
        """What the store is: file or folder, its files and its lock."""
        ...


class _Files:
    """What a file ledger and a folder ledger do alike: read their files, append to one of them."""

    path: Path
    kind: str

    def files(self) -> list[Path]:
        raise NotImplementedError

    def lock_path(self) -> Path:
        raise NotImplementedError

    def lock(self, timeout: float = DEFAULT_LOCK_TIMEOUT) -> AbstractContextManager[None]:
        return locked(self.lock_path(), timeout)

    def describe(self) -> StoreInfo:
        return StoreInfo(self.kind, self.path, tuple(self.files()), self.lock_path())

    def state(self, file: Path) -> FileState:
        try:
            st = file.stat()
        except FileNotFoundError:
            return FileState(0, 0, 0, True)
        ends = True
        if st.st_size:
            with open(file, "rb") as f:
                f.seek(-1, 2)
                ends = f.read(1) == b"\n"
        return FileState(st.st_size, st.st_mtime_ns, st.st_ino, ends)

    def read(self, known_ids: set[str] | None, areas: set[str] | None, rules: PlanRules | None) -> Ledger:
        refuse_strange(self.path)
        ledger = Ledger(path=self.path, exists=self.path.exists())
        problems: list[Problem] = []
        seen: dict[str, str] = {}
        for file in self.files():
            data = read_bytes(file, "ledger file")
            end = require_end(data, file.name)  # a file cut short is refused, whatever its records
            meta: dict[str, Any] = {}
            records, file_problems = parse_ledger_bytes(data, file.name, known_ids, areas, ledger.warnings, meta=meta)
            ledger.infos[file.name] = FileInfo(
                len(data), end.sealed, end.end if not end.closed else None, meta.get("province"), meta.get("year")
            )
            problems.extend(file_problems)
            for r in records:
                if r.id in seen:
                    problems.append(at_line(_("record id {id} is also used in {place}").format(
                        id=repr(r.id), place=seen[r.id]), file.name, r.line))
                    continue
                seen[r.id] = f"{file.name}:{r.line}"
                ledger.records.append(r)
        if not problems:
            problems = revision_problems(ledger.records)
        if rules is not None and not problems:
            problems = check_records(ledger, rules)
        if problems:
            raise problems_error(self.path.name, problems)
        return ledger

    def append(
        self, file: Path, records: list[Record], *, info: FileInfo | None, identity: tuple[str, int] | None,
        written_at: datetime,
    ) -> Written:
        return write_records(file, records, info=info, identity=identity, written_at=written_at)


class FileStore(_Files):
    """A ledger in one file (which may not exist yet)."""

    kind = "file"

    def __init__(self, path: Path):
        self.path = path

    def files(self) -> list[Path]:
        return [self.path] if self.path.exists() else []

    def file_for(self, office: str) -> Path:
        return self.path

    def lock_path(self) -> Path:
        # Beside the real file: a symlink and its target are one ledger, so they must be one lock.
        real = Path(os.path.realpath(self.path))
        return real.with_name(real.name + ".lock")


class FolderStore(_Files):
    """A ledger folder: each office appends to its own *.toml file; all are read, by name, as one."""

    kind = "folder"

    def __init__(self, path: Path):
        self.path = path

    def files(self) -> list[Path]:
        return sorted(p for p in self.path.glob("*.toml") if p.is_file() and not p.name.startswith("."))

    def file_for(self, office: str) -> Path:
        safe = "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in office).strip("._") or "records"
        if len(safe.encode("utf-8")) > _NAME_BYTES:  # file names hold 255 bytes: a long office name is cut
            digest = blake2b(office.encode("utf-8", "surrogateescape"), digest_size=5).hexdigest()
            cut = safe.encode("utf-8")[: _NAME_BYTES - 11].decode("utf-8", "ignore").rstrip("._")
            safe = f"{cut}-{digest}"  # and told apart from others cut the same way
        return self.path / f"{safe}.toml"

    def lock_path(self) -> Path:
        return Path(os.path.realpath(self.path)) / LOCK_NAME


def open_store(path: Path) -> LedgerStore:
    """The store for a ledger path: a folder that exists is a folder ledger; anything else a file."""
    return FolderStore(path) if path.is_dir() else FileStore(path)


def ledger_files(path: Path) -> list[Path]:
    """The files a ledger consists of: the file itself, or a folder's *.toml files by name."""
    return open_store(path).files()


def lock_path_for(ledger_path: Path) -> Path:
    """The lock file writers hold: beside a ledger file, or inside a ledger folder."""
    return open_store(ledger_path).lock_path()


def refuse_strange(path: Path) -> None:
    """A ledger path that is there but neither a file nor a folder (a device, a socket) is refused."""
    if path.exists() and not path.is_dir() and not path.is_file():
        raise LedgerError(_("the ledger {path} is not a regular file or folder").format(path=path))


def changed_underneath(file: Path) -> TryAgain:
    """The refusal when a file changed between the writer's read and its write (a hand edit)."""
    return TryAgain(_("{file} changed while recording; nothing was written").format(file=file),
                    hint=_("run the command again"))


def check_records(ledger: Ledger, rules: PlanRules) -> list[Problem]:
    """What `IndexedLedger._check_rules` finds, for records read from the files: warnings are
    added to the ledger, the value problems returned."""
    first, last = rules.years
    years: dict[tuple[str, int], list[int]] = {}
    problems = []
    for r in ledger.records:
        if not first <= r.period.year <= last:
            entry = years.setdefault((r.file, r.period.year), [r.line, 0])
            entry[0], entry[1] = min(entry[0], r.line), entry[1] + 1
        ind = rules.indicator(r.indicator)
        problem = rules.value_problem(ind, r.value) if ind is not None else None
        if problem:
            problems.append(rules.value_message(r.file, r.line, problem))
    for (file, year), (line, n) in sorted(years.items(), key=lambda t: (t[0][0], t[1][0])):
        ledger.warnings.append(rules.year_warning(file, line, year, n))
    return problems


def write_records(
    path: Path,
    records: list[Record],
    *,
    info: FileInfo | None,
    identity: tuple[str, int] | None,
    written_at: datetime,
) -> Written:
    """Add records to a ledger file by replacing it whole: its old bytes less the end line, the
    records, a new end line — written to a temp file, fsynced and renamed over the old one. A
    kill at any moment leaves the file as it was or with every record, never part of them. A new
    file gets the sealed header with `identity` (the plan's province and year).

    `info` is what reading the file found (None: the file is new). The caller holds the ledger's
    lock and has checked the file is as it was read. A ledger that is a symlink is written
    through: replacing the link would put the records in a local file nobody else reads.
    """
    real = Path(os.path.realpath(path))
    sweep_temp_files(real)
    batch = render_batch(records, written_at)
    if info is None or info.length == 0:
        body = sealed_header(identity).encode("utf-8") + b"\n" + batch
        atomic_write(real, body + b"\n" + END_BYTES)
        return Written(0, body)
    if info.sealed and info.end is not None and info.province is not None:
        # The usual case: the file ends with its end line. Its bytes before that line are copied
        # in the kernel; only the records are written from here.
        with open(real, "rb", buffering=0) as f:
            fd = f.fileno()
            before = os.pread(fd, 2, max(info.end - 2, 0)) if info.end else b""
            if os.fstat(fd).st_size == info.length and os.pread(fd, len(END_BYTES), info.end).rstrip(b"\r\n") == END_BYTES.rstrip(b"\n"):
                added = joined(before) + batch + b"\n"
                atomic_write(real, added + END_BYTES, head=(fd, info.end))
                return Written(info.end, added)
    old = real.read_bytes()  # anything else: a file from before the seal, or with records added by hand after its end
    body, kept = resealed(old, identity, info.province is not None)
    data = body + joined(body) + batch + b"\n" + END_BYTES
    atomic_write(real, data)
    return Written(kept, data[kept : len(data) - len(END_BYTES)])


def sweep_temp_files(path: Path) -> None:
    """Delete the temp files a killed writer of this file left (under the ledger's lock, so no
    writer is using one): `.NAME.XXXXXXXX.tmp`, as storage.atomic_write names them."""
    import glob

    pattern = re.compile(rf"\.{re.escape(path.name)}\.[a-z0-9_]{{8}}\.tmp")
    try:
        for p in path.parent.glob(f".{glob.escape(path.name)}.*.tmp"):
            if pattern.fullmatch(p.name):
                p.unlink(missing_ok=True)
    except OSError:
        pass  # a temp file left behind is untidy, never wrong
