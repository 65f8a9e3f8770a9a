"""Where a ledger's bytes live: one TOML file, or a folder with one file per office.

`LedgerStore` is what reading and recording need to know about that: which files to read, in
which order, which file an office's new records go into, and which lock writers hold. `FileStore`
and `FolderStore` are its two implementations; `open_store` picks one for a path.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Protocol

from kehoach.core.hashing import blake2b
from kehoach.core.ledger.model import Record
from kehoach.core.ledger.tomlformat import HEADER, render_records
from kehoach.core.storage import append_bytes, atomic_write

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
        return self.path.with_name(self.path.name + ".lock")


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
        return self.path / LOCK_NAME


def open_store(path: Path) -> LedgerStore:
    """The store for a ledger path: a folder that exists is a folder ledger; anything else a file."""
    return FolderStore(path) if path.is_dir() else FileStore(path)


def ledger_files(path: Path) -> list[Path]:
    """The files a ledger consists of: the file itself, or a folder's *.toml files by name."""
    return open_store(path).files()


def lock_path_for(ledger_path: Path) -> Path:
    """The lock file writers hold: beside a ledger file, or inside a ledger folder."""
    return open_store(ledger_path).lock_path()


def append_records(path: Path, records: list[Record], *, size_before: int, ends_with_newline: bool) -> bytes:
    """Add records after a ledger file's existing bytes (comments and all) and return the bytes
    written. A new or empty file is written whole and atomically, with the header; an existing
    one is appended to, so that recording costs the same in a ledger of any size."""
    if size_before == 0:
        data = HEADER.encode("utf-8") + b"\n" + render_records(records)
        # A ledger that is a symlink (say to a shared drive's file) is written through: replacing
        # the link would put the records in a local file that nobody else reads.
        atomic_write(Path(os.path.realpath(path)) if path.is_symlink() else path, data)
        return data
    data = (b"" if ends_with_newline else b"\n") + b"\n" + render_records(records)
    append_bytes(path, data, size_before)
    return data
