"""Where a ledger's bytes live: one TOML file, or a folder with one file per office.

`LedgerStore` is what reading and recording need to know about that: which files to read, in
which order, which file an office's new records go into, and which lock writers hold. `FileStore`
and `FolderStore` are its two implementations; `open_store` picks one for a path. `write_records`
is the one way records reach a file: the whole file is replaced at once (tomlformat.py says why).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Protocol

from kehoach.core.hashing import blake2b
from kehoach.core.ledger.model import FileInfo, Record
from kehoach.core.ledger.tomlformat import END_BYTES, joined, render_batch, resealed, sealed_header
from kehoach.core.storage import atomic_write

LOCK_NAME = ".kehoach.lock"
_NAME_BYTES = 200  # an office file's name before ".toml", in UTF-8 bytes; any file system takes 255


class LedgerStore(Protocol):
    path: Path

    def files(self) -> list[Path]:
        """The files the ledger consists of now, in the order they are read."""
        ...

    def file_for(self, office: str) -> Path:
        """The file an office's new records are appended to."""
        ...

    def lock_path(self) -> Path:
        """The lock file every writer holds while it appends."""
        ...


class FileStore:
    """A ledger in one file (which may not exist yet)."""

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


class FolderStore:
    """A ledger folder: each office appends to its own *.toml file; all are read, by name, as one."""

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


@dataclass(frozen=True)
class Written:
    """What `write_records` did to a file: the first `kept` bytes of the old file are the first
    bytes of the new one, `added` follows them (the new records), then the end line."""

    kept: int
    added: bytes


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
