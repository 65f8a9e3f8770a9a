"""The SQLite index as a caching layer around any ledger store.

`CachedStore` answers what a `LedgerStore` answers, faster: a read is served from the index (kept
fresh against the files on every use), or, for a large ledger's first read, from its text
(scanned.py); only when neither can serve does the store read every record into memory. An
append goes to the store, then into the index, so that the next command need not read back
what was just written. The store never knows there is a cache.

The index proves itself fresh by the files' bytes, so it caches the stores of TOML files (a file,
a folder); another store (a database a province's IT runs) is read and written through it as it is.
"""

from __future__ import annotations

import sqlite3
from contextlib import AbstractContextManager
from datetime import datetime
from pathlib import Path

from kehoach.core.ledger import index, scanned
from kehoach.core.ledger.model import FileInfo, LedgerView, PlanRules, Record
from kehoach.core.ledger.store import (
    FileState,
    LedgerStore,
    StoreInfo,
    Written,
    changed_underneath,
    open_store,
    refuse_strange,
)
from kehoach.core.storage import DEFAULT_LOCK_TIMEOUT


class CachedStore:
    """A store with the ledger index in `cache_dir` in front of it (None: no index; a large
    ledger is still answered from its text)."""

    def __init__(self, store: LedgerStore, cache_dir: Path | None):
        self.store = store
        self.path = store.path
        self.kind = store.kind
        self.cache_dir = cache_dir
        self._files = store.kind in ("file", "folder")  # what the index and the first read can answer for

    def state(self, file: Path) -> FileState:
        return self.store.state(file)

    def files(self) -> list[Path]:
        return self.store.files()

    def file_for(self, office: str) -> Path:
        return self.store.file_for(office)

    def lock_path(self) -> Path:
        return self.store.lock_path()

    def lock(self, timeout: float = DEFAULT_LOCK_TIMEOUT) -> AbstractContextManager[None]:
        return self.store.lock(timeout)

    def describe(self) -> StoreInfo:
        info = self.store.describe()
        return StoreInfo(info.kind, info.path, info.files, info.lock,
                         index.index_path(self.path, self.cache_dir) if self._files else None)

    def read(self, known_ids: set[str] | None, areas: set[str] | None, rules: PlanRules | None) -> LedgerView:
        path, cache_dir = self.path, self.cache_dir
        if not self._files:
            return self.store.read(known_ids, areas, rules)
        refuse_strange(path)
        if path.exists():
            # no cache folder, or a large ledger read for the first time: answered from the text, no index
            from_text, mark = scanned.first_read(path, cache_dir)
            if cache_dir is None or from_text:
                view = scanned.read_scanned(path, known_ids, areas, rules)
                if view is not None:
                    if mark is not None:
                        scanned.remember_read(mark)  # the next read builds the index
                    return view
            indexed = index.open_ledger(path, cache_dir)
            if indexed is not None:
                if mark is not None:
                    scanned.forget_read(mark)  # read once before without an index, which is built now
                try:
                    indexed.check_plan(known_ids, areas, rules)
                    return indexed
                except sqlite3.Error:
                    index.drop(path, cache_dir)  # a damaged cache: read the file itself this time
        return self.store.read(known_ids, areas, rules)

    def append(
        self, file: Path, records: list[Record], *, read: LedgerView, size: int, identity: tuple[str, int] | None,
        written_at: datetime, follow: bool = True,
    ) -> Written:
        """Append `records` to `file`, which was `size` bytes when `read` was read (the caller holds
        the lock and has checked the file is still so), then bring the index up to date.
        `follow=False`: leave the index to see the change itself on its next use — for a write of
        several files (a restore), whose records may revise records of a file not written yet."""
        indexed = read if isinstance(read, index.IndexedLedger) else None
        indexed_size = indexed.file_size(file.name) if indexed is not None else None
        if indexed_size not in (None, size):  # the index answered for other bytes than the file's now
            raise changed_underneath(file)
        info: FileInfo | None = read.file_infos().get(file.name) if size > 0 else None
        written = self.store.append(file, records, info=info, identity=identity, written_at=written_at)
        if follow and indexed is not None and indexed_size is not None and size > 0:
            indexed.appended(file, written.added, records, written.kept)
        elif follow and size == 0 and len(records) > 2000 and file == self.path and self._files:
            index.build_from(file, written.added, records, self.cache_dir, identity)  # a large import into a new ledger
        return written


def open_cached(path: Path, cache_dir: Path | None, store: LedgerStore | None = None) -> CachedStore:
    """The store for a ledger path (or `store`, when the caller has one of its own), with the index
    in `cache_dir` in front of it."""
    return CachedStore(store if store is not None else open_store(path), cache_dir)
