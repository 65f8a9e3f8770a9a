"""The ledger store interface: reading and recording ask a store for records (read, append under
its lock, describe), so a store that is not a TOML file plugs in beside the file and the folder,
and the index is a layer in front of the stores it can cache."""

from __future__ import annotations

import contextlib
from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from kehoach.core.ledger import CachedStore, FileStore, FolderStore, Ledger, StoreInfo, Written, index, open_cached
from kehoach.core.ledger.reading import read_ledger
from kehoach.core.ledger.store import FileState
from kehoach.core.recording import add_records
from kehoach.core.status import build_status
from kehoach.errors import TryAgain
from tests.core.test_ledger import PLAN, c

pytestmark = pytest.mark.usefixtures("english")


class MemoryStore:
    """A store that is not a file: its records are held in a list (as a database would hold them)."""

    kind = "memory"

    def __init__(self, path):
        self.path = path
        self.rows = []
        self.appends = 0
        self.locked = 0

    def files(self):
        return []

    def file_for(self, office):
        return self.path.with_name(f"{office}.memory")  # a name for the office's records, not a file

    def lock_path(self):
        return self.path.with_name("memory.lock")

    @contextlib.contextmanager
    def lock(self, timeout=0):
        self.locked += 1
        yield

    def read(self, known_ids, areas, rules):
        return Ledger(path=self.path, records=list(self.rows), exists=bool(self.rows))

    def append(self, file, records, *, info, identity, written_at):
        self.appends += 1
        self.rows += [replace(r, file=file.name, line=len(self.rows) + n) for n, r in enumerate(records, start=1)]
        return Written(0, b"")

    def state(self, file):
        return FileState(len(self.rows), 0, 0, True)

    def describe(self):
        return StoreInfo(self.kind, self.path, (), self.lock_path())


def test_records_go_to_a_store_that_is_not_a_file_and_come_back_from_it(tmp_path):
    store = MemoryStore(tmp_path / "province-db")
    today = date(2025, 8, 1)
    add_records(PLAN, store.path, [c(value="10111.7")], "Sở Tài chính", store=store, cache_dir=tmp_path, today=today)
    add_records(PLAN, store.path, [c(value="10200", revise="official figure")], "Sở Tài chính", store=store,
                cache_dir=tmp_path, today=today)
    assert store.appends == 2 and store.locked == 2  # each append under the store's own lock
    assert not store.path.exists() and not list(tmp_path.glob("*.sqlite"))  # no file and no index was made
    view = read_ledger(store.path, store=store, cache_dir=tmp_path, plan=PLAN)
    assert [r.value for r in view.records] == [Decimal("10111.7"), Decimal("10200")]
    assert view.records[1].revises == view.records[0].id  # the revision rule of every ledger
    row = next(p for p in build_status(PLAN, view, today=today).rows if p.id == "budget_revenue")
    assert row.actual == Decimal("10200")


def test_a_store_that_is_not_a_file_is_read_through_the_cache_as_it_is(tmp_path):
    store = MemoryStore(tmp_path / "db")
    store.path.write_text("not a ledger")  # a database file, say: the index and the first read leave it alone
    cached = CachedStore(store, tmp_path / "cache")
    assert cached.read(None, None, None).records == []
    assert cached.describe().index is None and cached.describe().kind == "memory"


@pytest.mark.parametrize("folder", [False, True])
def test_the_index_is_a_layer_in_front_of_the_file_stores(tmp_path, folder):
    path = tmp_path / ("ledger" if folder else "ledger.toml")
    if folder:
        path.mkdir()
    cache = tmp_path / "cache"
    add_records(PLAN, path, [c(value="10111.7")], "office", cache_dir=cache)
    cached = open_cached(path, cache)
    assert isinstance(cached.store, FolderStore if folder else FileStore)
    assert cached.describe().kind == ("folder" if folder else "file")
    assert cached.describe().index == index.index_path(path, cache)
    first = cached.read(None, None, None)
    assert isinstance(first, index.IndexedLedger)
    # an append through the layer reaches the files and the index alike
    add_records(PLAN, path, [c("tourists", value="1.2")], "office", cache_dir=cache)
    through_index = cached.read(None, None, None)
    from_files = cached.store.read(None, None, None)
    assert [(r.id, r.value) for r in through_index.records] == [(r.id, r.value) for r in from_files.records]
    assert len(from_files.records) == 2


def test_an_index_that_answered_for_other_bytes_refuses_the_append(tmp_path):
    path, cache = tmp_path / "ledger.toml", tmp_path / "cache"
    add_records(PLAN, path, [c(value="10111.7")], "office", cache_dir=cache)
    cached = open_cached(path, cache)
    view = cached.read(None, None, None)
    before = path.read_bytes()
    with pytest.raises(TryAgain, match="changed while recording"):
        cached.append(path, [], read=view, size=len(before) + 1, identity=None, written_at=view.records[0].recorded_at)
    assert path.read_bytes() == before
