"""The checked-plan cache: never a stale plan, never an error of its own."""

from __future__ import annotations

from decimal import Decimal

from kehoach.core import plancache
from kehoach.core.plan import load_plan
from tests.conftest import PLAN_FILE


def test_an_edited_plan_is_checked_again(write_plan, plan_text):
    path = write_plan(plan_text)
    first = load_plan(path)
    assert plancache.get(path.read_bytes()) == first  # cached
    path.write_text(plan_text.replace("target = 16500", "target = 16600", 1), encoding="utf-8")
    second = load_plan(path)
    assert second.find("budget_revenue")[1].target == Decimal(16600)


def test_the_cached_plan_equals_a_fresh_check():
    cached = load_plan(PLAN_FILE)
    assert load_plan(PLAN_FILE) == cached == load_plan(PLAN_FILE, cache=False)
    assert cached.find("tourists") is not None  # the lookups are rebuilt when unpickled


def test_a_damaged_cache_entry_is_ignored(write_plan, plan_text):
    path = write_plan(plan_text)
    load_plan(path)
    entry = plancache.entry_path(path.read_bytes())
    entry.write_bytes(b"\x80\x05 not a pickle")
    assert load_plan(path).find("budget_revenue")[1].target == Decimal(16500)


def test_an_invalid_plan_is_never_cached(write_plan, plan_text):
    import pytest

    from kehoach.errors import PlanError

    path = write_plan(plan_text.replace("target = 16500", 'target = "16.500"', 1))
    with pytest.raises(PlanError):
        load_plan(path)
    assert plancache.get(path.read_bytes()) is None


def test_old_entries_are_pruned(write_plan, plan_text, monkeypatch):
    monkeypatch.setattr(plancache, "KEEP", 3)
    for n in range(5):
        load_plan(write_plan(plan_text + f"\n# edit {n}\n", f"p{n}.toml"))
    folder = plancache.entry_path(b"x").parent
    assert len(list(folder.glob("*.json"))) == 3
