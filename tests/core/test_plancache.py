"""The checked-plan cache: never a stale plan, never an error of its own."""

from __future__ import annotations

from decimal import Decimal

import pytest

from kehoach.core import plancache
from kehoach.core.plan import load_plan
from tests.conftest import PLAN_FILE


@pytest.fixture
def cache_dir(tmp_path):
    return tmp_path / "cache"


def test_an_edited_plan_is_checked_again(write_plan, plan_text, cache_dir):
    path = write_plan(plan_text)
    first = load_plan(path, cache_dir=cache_dir)
    assert plancache.get(path.read_bytes(), cache_dir) == first  # cached
    path.write_text(plan_text.replace("target = 16500", "target = 16600", 1), encoding="utf-8")
    second = load_plan(path, cache_dir=cache_dir)
    assert second.find("budget_revenue")[1].target == Decimal(16600)


def test_the_cached_plan_equals_a_fresh_check(cache_dir):
    cached = load_plan(PLAN_FILE, cache_dir=cache_dir)
    assert load_plan(PLAN_FILE, cache_dir=cache_dir) == cached == load_plan(PLAN_FILE)  # no cache_dir: checked afresh
    assert cached.find("tourists") is not None  # the lookups are rebuilt when unpickled


def test_a_damaged_cache_entry_is_ignored(write_plan, plan_text, cache_dir):
    path = write_plan(plan_text)
    load_plan(path, cache_dir=cache_dir)
    entry = plancache.entry_path(path.read_bytes(), cache_dir)
    entry.write_bytes(b"\x80\x05 not a pickle")
    assert load_plan(path, cache_dir=cache_dir).find("budget_revenue")[1].target == Decimal(16500)


def test_an_invalid_plan_is_never_cached(write_plan, plan_text, cache_dir):
    import pytest

    from kehoach.errors import PlanError

    path = write_plan(plan_text.replace("target = 16500", 'target = "16.500"', 1))
    with pytest.raises(PlanError):
        load_plan(path, cache_dir=cache_dir)
    assert plancache.get(path.read_bytes(), cache_dir) is None


def test_old_entries_are_pruned(write_plan, plan_text, monkeypatch, cache_dir):
    monkeypatch.setattr(plancache, "KEEP", 3)
    for n in range(5):
        load_plan(write_plan(plan_text + f"\n# edit {n}\n", f"p{n}.toml"), cache_dir=cache_dir)
    folder = plancache.entry_path(b"x", cache_dir).parent
    assert len(list(folder.glob("*.json"))) == 3


def test_another_plans_entry_under_this_plans_key_is_never_shown(write_plan, plan_text, cache_dir):
    mine = write_plan(plan_text)
    other = write_plan(plan_text.replace("target = 16500", "target = 99999", 1), "other.toml")
    load_plan(mine, cache_dir=cache_dir)
    load_plan(other, cache_dir=cache_dir)
    entry = plancache.entry_path(mine.read_bytes(), cache_dir)
    entry.write_bytes(plancache.entry_path(other.read_bytes(), cache_dir).read_bytes())  # copied (or planted) over mine
    assert plancache.get(mine.read_bytes(), cache_dir) is None
    assert load_plan(mine, cache_dir=cache_dir).find("budget_revenue")[1].target == Decimal(16500)
    assert plancache.get(mine.read_bytes(), cache_dir).find("budget_revenue")[1].target == Decimal(16500)  # rebuilt


class _Payload:
    def __reduce__(self):
        import os

        return (os.mkdir, (os.path.join(os.getcwd(), "pickle-was-loaded"),))


def test_a_pickle_in_the_cache_is_never_loaded(write_plan, plan_text, isolated, cache_dir):
    import pickle

    path = write_plan(plan_text)
    entry = plancache.entry_path(path.read_bytes(), cache_dir)
    entry.parent.mkdir(parents=True, exist_ok=True)
    entry.write_bytes(pickle.dumps(_Payload()))
    entry.with_suffix(".pickle").write_bytes(pickle.dumps(_Payload()))  # where kehoach 0.1 looked
    assert load_plan(path, cache_dir=cache_dir).find("budget_revenue")[1].target == Decimal(16500)
    assert not (isolated / "pickle-was-loaded").exists()


def _decimals(value, where="plan"):
    from kehoach.core.planview import View

    if isinstance(value, Decimal):
        yield where, value.as_tuple()
    elif isinstance(value, list):
        for n, v in enumerate(value):
            yield from _decimals(v, f"{where}[{n}]")
    elif isinstance(value, View):
        for k, v in sorted(value.__dict__.items()):
            if not k.startswith("_"):
                yield from _decimals(v, f"{where}.{k}")


def test_every_number_comes_back_with_its_digits_and_exponent(write_plan, plan_text, cache_dir):
    path = write_plan(plan_text.replace("target = 16500", "target = 16500.00", 1))
    fresh = load_plan(path)  # no cache_dir: checked afresh
    load_plan(path, cache_dir=cache_dir)
    cached = plancache.get(path.read_bytes(), cache_dir)
    assert cached is not None
    assert list(_decimals(cached)) == list(_decimals(fresh))  # 16500.00 stays 16500.00, not 16500
    assert any(t.exponent == -2 for _, t in _decimals(cached))


def test_the_cache_folder_is_a_parameter(tmp_path, write_plan, plan_text, cache_dir):
    from kehoach.core.plan import parse_plan

    data = write_plan(plan_text).read_bytes()
    plan = parse_plan(data, "plan.toml")
    assert plancache.get(data, None) is None and plancache.entry_path(data, None) is None
    plancache.put(data, plan, None)  # no folder: nothing written anywhere
    folder = tmp_path / "elsewhere"
    plancache.put(data, plan, folder)
    assert plancache.get(data, folder) == plan
    assert [p.parent for p in folder.rglob("*.json")] == [folder / "plans"]
    assert plancache.get(data, cache_dir) is None  # no other folder was touched
