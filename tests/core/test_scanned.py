"""The first read of a large ledger, answered from its text without an index (core/ledger/scanned.py):
it gives every answer the index and the in-memory rule give, serves only ledgers nobody would find
anything wrong with (everything else is read through the index, with the index's own messages),
and the second read builds the index. All values are MADE-UP TEST VALUES on the bundled plan with
two test areas."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kehoach.core.ledger import HEADER, Ledger, Record, index, reading, render_records, scanned
from kehoach.core.ledger.model import known_at, known_at_in_memory
from kehoach.core.ledger.tomlformat import parse_ledger_bytes
from kehoach.core.periods import Period
from kehoach.core.plan import load_plan
from kehoach.errors import LedgerError
from kehoach.paths import cache_dir
from tests.conftest import AREAS, PLAN_FILE

pytestmark = pytest.mark.usefixtures("english")

AREA_NAMES = ["Lục Ngạn", "Yên Dũng"]
INDICATORS = ["budget_revenue", "tourists", "poverty_rate"]


@pytest.fixture
def plan(tmp_path):
    path = tmp_path / "areas.toml"
    path.write_text(PLAN_FILE.read_text(encoding="utf-8") + AREAS, encoding="utf-8")
    return load_plan(path)


WIDE = [Decimal("0"), Decimal("0.05"), Decimal("-0.3"), Decimal("0.0000001"), Decimal("123456789012.5"),
        Decimal("-0.0"), Decimal("7.10")]  # below 1, negative, written with an exponent by Decimal, long


@st.composite
def histories(draw, wide: bool = False):
    """Records for the province and two areas, with revisions (some settling a conflict with
    also_revises), equal instants written in several offsets, equal values written differently
    (5, 5.0, 5.00), split over one to three office files."""
    zones = [timezone(timedelta(hours=h)) for h in (7, 0, -5)]
    base = datetime(2025, 7, 5, 9, 0, tzinfo=UTC)
    out: list[Record] = []
    for n in range(draw(st.integers(1, 16))):
        at = (base + timedelta(seconds=draw(st.integers(0, 3)))).astimezone(draw(st.sampled_from(zones)))
        key = (draw(st.sampled_from(INDICATORS)), Period(2025, draw(st.integers(5, 6))),
               draw(st.sampled_from([None, *AREA_NAMES])))
        same = [r.id for r in out if r.key == key]
        revises = draw(st.one_of(st.none(), st.sampled_from(same))) if same else None
        also = tuple(draw(st.lists(st.sampled_from(same), max_size=2, unique=True))) if revises else ()
        also = tuple(a for a in also if a != revises)
        value = Decimal(draw(st.integers(1, 9))).quantize(Decimal(1).scaleb(-draw(st.integers(0, 2))))
        if wide:
            value = draw(st.sampled_from([value, *WIDE]))
        out.append(Record(id=f"r{n}", indicator=key[0], period=key[1], value=value, recorded_at=at, area=key[2],
                          by="office", note=draw(st.sampled_from(["", "ghi chú"])), revises=revises,
                          reason="fix" if revises else None, also_revises=also,
                          stage=draw(st.sampled_from([None, "estimate", "official"]))))
    files = draw(st.integers(1, 3))
    return out, [draw(st.integers(0, files - 1)) for _ in out]


def _write(path: Path, recs: list[Record], where: list[int]) -> None:
    """One file, or a folder of office files (a.toml, b.toml, …) holding the records as `where` says."""
    if max(where) == 0:
        path.write_bytes(HEADER.encode() + b"\n" + render_records(recs))
        return
    path.mkdir()
    for f in range(max(where) + 1):
        mine = [r for r, w in zip(recs, where, strict=True) if w == f]
        if mine:
            (path / f"{'abc'[f]}.toml").write_bytes(HEADER.encode() + b"\n" + render_records(mine))


def _in_memory(path: Path) -> Ledger:
    """The ledger read into memory by the full reader, the rule of `model` over its records."""
    files = sorted(path.glob("*.toml")) if path.is_dir() else [path]
    records = [r for f in files for r in parse_ledger_bytes(f.read_bytes(), f.name)[0]]
    return Ledger(path, records, exists=True)


def _answers(view, keys) -> dict:
    """Every question of LedgerView, asked of every key, area and indicator."""
    absent = ("tourists", Period(2025, 1), None)
    got = {  # `records` last: asking for every record makes the text reader hand over to the rule in memory
        "effective": view.effective(),
        "values": {a: sorted(view.effective_values(a)) for a in [None, *AREA_NAMES]},
        "areas": {(lacking, keep): sorted(view.area_values(lacking, keep))
                  for lacking in (False, True) for keep in (frozenset(), frozenset({"budget_revenue"}))},
        "current": {k: view.current(k) for k in [*keys, absent]},
        "records_of": {i: view.records_of(i) for i in INDICATORS},
        "in_force": {i: view.in_force_ids(i) for i in INDICATORS},
        "standing": {k: view.standing(k) for k in [*keys, absent]},
        "conflicts": view.conflicts(),
    }
    got["records"] = list(view.records)
    return got


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(histories(), st.booleans())
def test_the_text_answers_every_question_as_the_index_and_the_rule_do(tmp_path, plan, monkeypatch, drawn, whole_first):
    recs, where = drawn
    path = tmp_path / f"ledger-{len(list(tmp_path.iterdir()))}"
    if max(where) == 0:
        path = path.with_suffix(".toml")
    _write(path, recs, where)
    ids, areas = set(plan.indicator_ids()), set(AREA_NAMES)
    keys = sorted({r.key for r in recs}, key=str)

    view = scanned.read_scanned(path, ids, areas, reading.rules_for(plan))
    assert view is not None  # a ledger kehoach wrote, with nothing wrong: the text answers it
    if whole_first:
        assert len(view.records) == len(recs)  # every record made: the rule in memory answers from then on
    got = _answers(view, keys)
    assert got == _answers(_in_memory(path), keys)
    indexed = index.open_ledger(path, cache_dir())
    assert isinstance(indexed, index.IndexedLedger)
    indexed.check_plan(ids, areas, reading.rules_for(plan))
    assert got == _answers(indexed, keys)
    assert view.file_infos() == indexed.file_infos() and view.warnings == indexed.warnings == []


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(histories(wide=True), st.sampled_from([date(2025, 7, 4), date(2025, 7, 5), date(2025, 7, 6)]))
def test_the_text_answers_as_known_on_a_day_as_the_rule_does(tmp_path, plan, drawn, day):
    recs, where = drawn
    zones = [timedelta(hours=h) for h in (0, 7, -5)]  # the same instants fall on the 4th, 5th or 6th locally
    recs = [replace(r, recorded_at=r.recorded_at.astimezone(timezone(zones[n % 3])) + timedelta(hours=14 * (n % 2)))
            for n, r in enumerate(recs)]
    path = tmp_path / f"ledger-{len(list(tmp_path.iterdir()))}"
    if max(where) == 0:
        path = path.with_suffix(".toml")
    _write(path, recs, where)
    view = scanned.read_scanned(path, set(plan.indicator_ids()), set(AREA_NAMES), None)
    assert view is not None
    keys = sorted({r.key for r in recs}, key=str)
    got = _answers(view, keys)  # values of every size, the plan's rules not asked for
    assert got == _answers(_in_memory(path), keys)
    indexed = index.open_ledger(path, cache_dir())
    indexed.check_plan(set(plan.indicator_ids()), set(AREA_NAMES), None)
    assert got == _answers(indexed, keys)
    view = scanned.read_scanned(path, set(plan.indicator_ids()), set(AREA_NAMES), None)
    assert _answers(known_at(view, day), keys) == _answers(known_at_in_memory(_in_memory(path), day), keys)


def _line(path: Path, text: str) -> None:
    with open(path, "ab") as f:
        f.write(text.encode())


RECORD = '\n[[records]]\nid = "{id}"\nindicator = "{ind}"\nperiod = "{period}"\nvalue = {value}\n{area}' \
         'recorded_at = 2025-07-05T09:00:0{s}+07:00\nby = "office"\n{rev}'


def _rec(rid: str, ind: str = "tourists", period: str = "2025-06", value: str = "5", area: str | None = None,
         s: int = 0, revises: str | None = None) -> str:
    return RECORD.format(id=rid, ind=ind, period=period, value=value, s=s,
                         area=f'area = "{area}"\n' if area else "",
                         rev=f'revises = "{revises}"\nreason = "fix"\n' if revises else "")


# Each ledger here has something a reader must say: the text never answers it, and reading it
# the first time says exactly what reading it through the index says.
TROUBLE = {
    "an indicator the plan lacks (a warning)": [_rec("a"), _rec("b", ind="no_such_indicator")],
    "a period outside the plan's years (a warning)": [_rec("a"), _rec("b", period="2019-06")],
    "an area the plan lacks": [_rec("a", area="Hà Nội")],
    "an id used twice": [_rec("a"), _rec("a", period="2025-05")],
    "a revision of no record": [_rec("a"), _rec("b", revises="zzz")],
    "a revision of itself": [_rec("a", revises="a")],
    "a revision of another key": [_rec("a"), _rec("b", period="2025-05", revises="a")],
    "two records revising each other": [_rec("a", revises="b"), _rec("b", revises="a")],
    "a value the plan refuses": [_rec("a", ind="poverty_rate", value="150")],
    "a record not in kehoach's shape": [_rec("a").replace('by = "office"\n', 'by = "office"  # a comment\n')],
}


@pytest.mark.parametrize("case", sorted(TROUBLE))
def test_a_ledger_with_anything_to_say_is_read_through_the_index(tmp_path, plan, monkeypatch, case):
    monkeypatch.setattr(scanned, "SCAN_FIRST_BYTES", 0)
    ids, areas = set(plan.indicator_ids()), set(AREA_NAMES)
    path = tmp_path / "ledger.toml"
    path.write_text(HEADER + "".join(TROUBLE[case]), encoding="utf-8")
    assert scanned.read_scanned(path, ids, areas, reading.rules_for(plan)) is None

    def outcome():
        try:
            view = reading.read_ledger(path, ids, areas, cache_dir=cache_dir(), plan=plan)
        except LedgerError as e:
            return type(e), e.message, e.details, e.hint
        return type(view), view.warnings, {k: r.id for k, r in view.effective().items()}

    first = outcome()  # the first read: it falls back to the index, which is built now
    assert first[0] is not scanned.ScannedLedger
    index.drop(path, cache_dir())
    assert outcome() == first


def test_the_first_read_of_a_large_ledger_leaves_no_index_and_the_second_builds_it(tmp_path, plan, monkeypatch):
    monkeypatch.setattr(scanned, "SCAN_FIRST_BYTES", 0)
    path = tmp_path / "ledger.toml"
    path.write_text(HEADER + _rec("a") + _rec("b", s=1, revises="a", value="6"), encoding="utf-8")
    where, mark = index.index_path(path, cache_dir()), scanned.read_once_path(path, cache_dir())
    ids, areas = set(plan.indicator_ids()), set(AREA_NAMES)

    first = reading.read_ledger(path, ids, areas, cache_dir=cache_dir(), plan=plan)
    assert isinstance(first, scanned.ScannedLedger) and not where.exists() and mark.exists()
    second = reading.read_ledger(path, ids, areas, cache_dir=cache_dir(), plan=plan)
    assert isinstance(second, index.IndexedLedger) and where.exists() and not mark.exists()
    third = reading.read_ledger(path, ids, areas, cache_dir=cache_dir(), plan=plan)
    assert isinstance(third, index.IndexedLedger)
    for view in (first, second, third):
        assert view.current(("tourists", Period(2025, 6), None)).value == Decimal(6)


def test_a_small_ledger_is_indexed_at_its_first_read(tmp_path, plan):
    path = tmp_path / "ledger.toml"
    path.write_text(HEADER + _rec("a"), encoding="utf-8")
    assert path.stat().st_size < scanned.SCAN_FIRST_BYTES
    view = reading.read_ledger(path, set(plan.indicator_ids()), None, cache_dir=cache_dir(), plan=plan)
    assert isinstance(view, index.IndexedLedger)
    assert not scanned.read_once_path(path, cache_dir()).exists()


def test_status_and_record_on_a_first_read_are_those_of_the_index(run, tmp_path, monkeypatch, areas_plan):
    """The commands themselves: status as JSON and the table, history, a record written on a first
    read (its ledger then read through the index the next time), all as when the index served them."""
    monkeypatch.setattr(scanned, "SCAN_FIRST_BYTES", 0)
    ledger = tmp_path / "ledger.toml"
    monkeypatch.setenv("KEHOACH_PLAN", str(areas_plan))
    monkeypatch.setenv("KEHOACH_LEDGER", str(ledger))
    for args in (["tourists", "4.5", "--period", "2025-05"], ["tourists", "6.25", "--period", "2025-06", "--area", "Lục Ngạn"],
                 ["budget_revenue", "12000", "--period", "2025-06"],
                 ["tourists", "7", "--period", "2025-06", "--area", "Yên Dũng"]):
        assert run("record", *args).exit_code == 0

    def outputs():
        return [run(*cmd).output for cmd in (["status", "--format", "json"], ["status"], ["history", "tourists"],
                                             ["check", "--format", "json"])]

    index.drop(ledger, cache_dir())
    first = outputs()  # the first command reads the text; the next ones the index it then builds
    assert not scanned.read_once_path(ledger, cache_dir()).exists() and index.index_path(ledger, cache_dir()).exists()
    assert outputs() == first
    index.drop(ledger, cache_dir())
    assert run("record", "tourists", "8", "--period", "2025-06", "--area", "Yên Dũng", "--revise", "fix").exit_code == 0  # a first read
    monkeypatch.setattr(scanned, "read_scanned", lambda *a: pytest.fail("the text was read twice"))
    rows = json.loads(run("status", "--format", "json", "--area", "Yên Dũng").output)["indicators"]
    assert [r["actual"] for r in rows if r["id"] == "tourists"] == [8]


def test_an_empty_area_on_a_plan_without_areas_is_read_as_the_index_reads_it(tmp_path, monkeypatch):
    """A hand-written `area = ""`: with no areas in the plan nothing refuses it, and the index keys
    it as the whole province. The first read must not count it as a key of its own."""
    monkeypatch.setattr(scanned, "SCAN_FIRST_BYTES", 0)
    plan = load_plan(PLAN_FILE)  # no areas
    path = tmp_path / "ledger.toml"
    path.write_text(HEADER + _rec("a", value="5") + _rec("b", value="1", s=1).replace(
        'recorded_at', 'area = ""\nrecorded_at'), encoding="utf-8")
    assert scanned.read_scanned(path, set(plan.indicator_ids()), None, reading.rules_for(plan)) is None

    def conflicts():
        view = reading.read_ledger(path, set(plan.indicator_ids()), None, cache_dir=cache_dir(), plan=plan)
        return {k: sorted(r.id for r in v) for k, v in view.conflicts().items()}

    first = conflicts()
    assert first == conflicts() == {("tourists", Period(2025, 6), None): ["a", "b"]}


@pytest.mark.parametrize("edit", ['id = "a"', 'revises = "a"'])
@pytest.mark.parametrize("cache", [True, False])
def test_an_empty_record_id_is_refused_by_every_reader_with_its_line(tmp_path, plan, monkeypatch, edit, cache):
    """A hand-written `id = ""` or `revises = ""`: with one, `record --revise` wrote a revision that
    named no record (also_revises without revises), which one reader served and another refused."""
    if not cache:
        monkeypatch.setenv("KEHOACH_CACHE", "off")
    path = tmp_path / "ledger.toml"
    text = HEADER + _rec("a") + _rec("b", s=1, revises="a", value="6")
    path.write_text(text.replace(edit, edit.replace('"a"', '""'), 1), encoding="utf-8")
    with pytest.raises(LedgerError) as e:
        reading.read_ledger(path, set(plan.indicator_ids()), set(AREA_NAMES), cache_dir=cache_dir(), plan=plan)
    key = edit.split(" ")[0]
    line = next(n for n, t in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if t == f'{key} = ""')
    n = 1 if key == "id" else 2
    assert e.value.message == f"ledger.toml:{line}: record {n}: {key}: a record id cannot be empty"
