"""The areas' values a roll-up reads: the index answers `area_values` as the records read into
memory do, and a view of the province, which asks only for the pairs the province lacks, shows the
same roll-ups as asking for every pair and dropping the province's own. All values are MADE-UP TEST
VALUES on the bundled plan with two test areas."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kehoach.core.ledger import HEADER, Ledger, Record, index, render_records
from kehoach.core.periods import Period
from kehoach.core.plan import load_plan
from kehoach.core.rollup import rollups
from kehoach.paths import cache_dir
from tests.conftest import AREAS
from tests.core.test_ledger import PLAN_FILE, read_ledger

AREA_NAMES = ["Lục Ngạn", "Yên Dũng"]


@st.composite
def area_histories(draw):
    """Records of two indicators (a flow that rolls up, a rate that does not) for the province and
    its two areas over three months, some revised."""
    base = datetime(2025, 7, 5, 2, 0, tzinfo=UTC)
    out: list[Record] = []
    for n in range(draw(st.integers(1, 18))):
        indicator = draw(st.sampled_from(["budget_revenue", "poverty_rate"]))
        period = Period(2025, draw(st.integers(4, 6)))
        area = draw(st.sampled_from([None, *AREA_NAMES]))
        same = [r.id for r in out if r.key == (indicator, period, area)]
        revises = draw(st.one_of(st.none(), st.sampled_from(same))) if same else None
        out.append(Record(id=f"r{n}", indicator=indicator, period=period, value=Decimal(draw(st.integers(1, 99))),
                          recorded_at=base + timedelta(seconds=n), area=area, revises=revises,
                          reason="fix" if revises else None))
    return out


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(area_histories(), st.sampled_from([frozenset(), frozenset({"budget_revenue"}), frozenset({"poverty_rate"})]))
def test_the_index_and_memory_give_the_same_area_values_and_roll_ups(tmp_path, recs, keep):
    plan_path = tmp_path / "plan.toml"
    plan_path.write_text(PLAN_FILE.read_text(encoding="utf-8") + AREAS, encoding="utf-8")
    plan = load_plan(plan_path)
    path = tmp_path / "ledger.toml"
    index.drop(path, cache_dir())
    path.write_bytes(HEADER.encode() + b"\n" + render_records(recs))
    indexed = read_ledger(path, set(plan.indicator_ids()), set(AREA_NAMES))
    memory = Ledger(path, list(recs))
    for lacking in (False, True):
        assert sorted(indexed.area_values(lacking, keep)) == sorted(memory.area_values(lacking, keep))
    own = {(i, per) for i, per, _v in memory.effective_values(None)}
    lacking_only = memory.area_values(True, keep)
    assert all((i, per) not in own or i in keep for _a, i, per, _v in lacking_only)
    assert {t for t in memory.area_values(False) if t[1] in keep or (t[1], t[2]) not in own} == set(lacking_only)
    for ledger in (indexed, memory):
        every = rollups(plan, ledger)
        assert rollups(plan, ledger, lacking=True) == {k: c for k, c in every.items() if k not in own}
