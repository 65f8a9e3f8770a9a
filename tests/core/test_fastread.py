"""The reader for the records kehoach writes (fastread) gives exactly what the full reader gives, and
hands everything else to it; the ledger as known on a day is the same from the index as in memory."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kehoach.core.ledger import END_LINE, Record, index, known_at, render_records, sealed_header, tomlformat
from kehoach.core.ledger.fastread import scan
from kehoach.core.ledger.model import known_at_in_memory
from kehoach.core.periods import Period
from kehoach.errors import LedgerError
from kehoach.paths import cache_dir
from tests.core.test_index import records as mixed_records
from tests.core.test_ledger import IDS, read_ledger

pytestmark = pytest.mark.usefixtures("english")

PLAIN = st.text(st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters='"\\'), max_size=10)
ZONES = [timezone(timedelta(hours=h, minutes=m)) for h, m in ((7, 0), (0, 0), (-5, 0), (5, 45), (-9, -30))]


def _value(draw) -> Decimal:
    places = draw(st.integers(0, 10))
    digits = draw(st.integers(0, 15 - 0))
    whole = draw(st.integers(0, 10**digits - 1)) if digits else 0
    frac = draw(st.integers(0, 10**places - 1)) if places else 0
    text = f"{whole}.{frac:0{places}d}" if places else str(whole)
    value = Decimal(text)
    return -value if draw(st.booleans()) else value


@st.composite
def canonical(draw):
    """Records as `record` and `import` write them: every field kehoach writes, plain strings,
    values in the range `record` accepts (tiny ones too: 0.0000001), times in several zones and
    with microseconds, any year, revisions, conflicts settled with also_revises, stages."""
    out: list[Record] = []
    for n in range(draw(st.integers(1, 8))):
        at = datetime(draw(st.integers(2, 9998)), draw(st.integers(1, 12)), draw(st.integers(1, 28)),
                      draw(st.integers(0, 23)), draw(st.integers(0, 59)), draw(st.integers(0, 59)),
                      draw(st.sampled_from([0, 1, 999999])), tzinfo=draw(st.sampled_from(ZONES)))  # fmt: skip
        revises = draw(st.one_of(st.none(), st.sampled_from([r.id for r in out]))) if out else None
        out.append(Record(
            id=f"2025{n:04d}-{draw(PLAIN)}",
            indicator=draw(st.sampled_from(sorted(IDS))),
            period=Period(draw(st.integers(0, 9999)), draw(st.integers(1, 12))),
            value=_value(draw),
            recorded_at=at,
            by=draw(PLAIN),
            note=draw(PLAIN),
            source=draw(PLAIN),
            area=draw(st.one_of(st.none(), PLAIN.filter(bool))),
            revises=revises,
            reason=draw(PLAIN) if revises else None,
            also_revises=tuple(draw(st.lists(PLAIN.filter(bool), max_size=3))) if revises else (),
            stage=draw(st.sampled_from([None, "estimate", "preliminary", "official"])),
        ))
    return out


def ledger_text(recs: list[Record], batch: bool = False) -> str:
    body = render_records(recs).decode("utf-8")
    if batch:
        body = f"# kehoach: the next {len(recs)} records were written together on 2025-07-06T08:00:00+07:00\n" + body
    return sealed_header(("Bắc Giang", 2025)) + "\n" + body + "\n" + END_LINE + "\n"


@contextmanager
def full_reader_only():
    """The full reader alone (the small TOML subset reader, else tomllib): what the ledger was read
    with before fastread."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(tomlformat, "canonical_records", lambda *a, **k: None)
        mp.setattr(index, "scan_bytes", lambda *a, **k: None)
        yield


def outcome(text: str, *, fast: bool, first_line: int = 1, known=None, areas=None):
    """The records and warnings read from `text`, and its [ledger] table, or the error raised."""
    def read():
        warnings: list[str] = []
        meta: dict = {}
        try:
            got = tomlformat.parse_ledger_bytes(text.encode("utf-8"), "l.toml", known, areas, warnings, first_line, meta)
        except LedgerError as e:
            return ("error", e.message, e.details, e.hint)
        return got, warnings, meta

    if fast:
        return read()
    with full_reader_only():
        return read()


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(canonical(), st.booleans(), st.integers(1, 40))
def test_what_kehoach_writes_is_read_by_the_fast_path_as_the_full_reader_reads_it(recs, batch, first_line):
    text = ledger_text(recs, batch)
    assert scan(text, first_line) is not None  # every canonical file takes the fast path
    fast = outcome(text, fast=True, first_line=first_line)
    assert fast == outcome(text, fast=False, first_line=first_line)
    assert fast[0] and fast[0][0] != "error" and len(fast[0][0]) == len(recs)
    # the index's rows made straight from the text are the rows of the full reader's Records
    scanned = tomlformat.scan_bytes(text.encode("utf-8"), "l.toml", first_line)
    assert scanned is not None
    rows = index._scanned_rows(scanned, "l.toml", 3, {})
    assert rows == [index._row(r, "l.toml", 3 + n) for n, r in enumerate(fast[0][0])]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(canonical(), st.sampled_from([None, {"budget_revenue", "tourists"}]))
def test_the_plan_s_indicators_and_areas_are_checked_alike(recs, known):
    text = ledger_text(recs)
    areas = {r.area for r in recs if r.area} or None
    assert outcome(text, fast=True, known=known, areas=areas) == outcome(text, fast=False, known=known, areas=areas)
    fewer = set(list(areas)[1:]) if areas else None  # an area the plan does not have: refused, with its line
    assert outcome(text, fast=True, areas=fewer) == outcome(text, fast=False, areas=fewer)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mixed_records())
def test_strings_with_escapes_and_control_characters_are_read_alike(recs):
    text = ledger_text(recs)
    assert outcome(text, fast=True) == outcome(text, fast=False)


BASE = ledger_text([
    Record("a1", "budget_revenue", Period(2025, 6), Decimal("10111.7"),
           datetime(2025, 7, 5, 9, 12, tzinfo=timezone(timedelta(hours=7))), by="so-tai-chinh", area="Huyện 01"),
    Record("a2", "budget_revenue", Period(2025, 6), Decimal("10250"),
           datetime(2025, 7, 6, 9, 12, tzinfo=timezone(timedelta(hours=7))), by="so", revises="a1", reason="sửa",
           also_revises=("a1",), stage="official", note="n", area="Huyện 01"),
])  # fmt: skip

# Each turns BASE into a text outside the shape kehoach writes (all but a few still valid TOML).
NOT_CANONICAL = {
    "other spacing": ('id = "a1"', 'id  = "a1"'),
    "keys in another order": ('period = "2025-06"\nvalue = 10111.7', 'value = 10111.7\nperiod = "2025-06"'),
    "a comment after a value": ("value = 10111.7\n", "value = 10111.7 # typed again\n"),
    "an escape": ('by = "so-tai-chinh"', 'by = "s\\u1edf-tai-chinh"'),
    "a tab in a string": ('by = "so-tai-chinh"', 'by = "so\ttai"'),
    "an unknown key": ('by = "so-tai-chinh"\n', 'by = "so-tai-chinh"\ncolour = "red"\n'),
    "a duplicate key": ('by = "so-tai-chinh"\n', 'by = "so-tai-chinh"\nby = "other"\n'),
    "an exponent": ("value = 10111.7", "value = 1.01117e4"),
    "underscores": ("value = 10250", "value = 10_250"),
    "16 digits": ("value = 10250", "value = 1025000000000000"),
    "11 decimals": ("value = 10111.7", "value = 10111.70000000001"),
    "text for a number": ("value = 10250", 'value = "10250"'),
    "a float for a period": ('period = "2025-06"', "period = 2025.06"),
    "no such month": ('period = "2025-06"\nvalue = 10250', 'period = "2025-13"\nvalue = 10250'),
    "no such day": ("recorded_at = 2025-07-05", "recorded_at = 2025-02-30"),
    "year zero": ("recorded_at = 2025-07-05", "recorded_at = 0000-07-05"),
    "no time zone": ("09:12:00+07:00\nby = \"so-tai-chinh\"", "09:12:00\nby = \"so-tai-chinh\""),
    "Z for UTC": ("2025-07-05 09:12:00+07:00", "2025-07-05T02:12:00Z"),
    "milliseconds": ("2025-07-05 09:12:00+07:00", "2025-07-05 09:12:00.123+07:00"),
    "a stage that is none": ('stage = "official"', 'stage = "draft"'),
    "windows line ends": ("\n", "\r\n"),
    "an indented header": ("\n[[records]]\nid = \"a2\"", "\n  [[records]]\nid = \"a2\""),
    "a key after a blank line": ('stage = "official"\n', '\nstage = "official"\n'),
    "a line of spaces between records": ('area = "Huyện 01"\nrecorded_at = 2025-07-05 09:12:00+07:00\nby = "so-tai-chinh"\n\n',
                                         'area = "Huyện 01"\nrecorded_at = 2025-07-05 09:12:00+07:00\nby = "so-tai-chinh"\n  \n'),
    "a comment inside a record": ('id = "a1"\n', 'id = "a1"\n# checked\n'),
    "a [ledger] table after the records": (END_LINE, '[ledger]\nprovince = "Nghệ An"\nyear = 2025\n' + END_LINE),
    "a second format": ("format = 1\n", "format = 2\n"),
    "a top-level key": ("format = 1\n", "format = 1\nowner = \"me\"\n"),
    "an inline table": ('by = "so-tai-chinh"', 'by = {name = "so"}'),
    "revises without a reason": ('reason = "sửa"\n', ""),
    "also_revises on one line": ('also_revises = [\n    "a1",\n]', 'also_revises = ["a1"]'),
    "a multi-line string": ('note = "n"', 'note = """n"""'),
    "a control character in a comment": ("# Append-only", "# Append\x01only"),
    "cut inside a record": ('stage = "official"\n\n' + END_LINE + "\n", 'stage = "off'),
}  # fmt: skip


HEADER_CASES = {"a control character in a comment", "a second format", "a top-level key"}


@pytest.mark.parametrize("case", sorted(NOT_CANONICAL))
def test_anything_else_goes_to_the_full_reader(case):
    old, new = NOT_CANONICAL[case]
    assert old in BASE
    text = BASE.replace(old, new, 1) if old != "\n" else BASE.replace(old, new)
    if case not in HEADER_CASES:  # (the header before the records is the full reader's in any case)
        assert scan(text) is None
    assert tomlformat.canonical_records(text, 1, None) is None
    assert outcome(text, fast=True) == outcome(text, fast=False)  # the same records, or the same error


def test_the_base_text_itself_takes_the_fast_path():
    assert scan(BASE) is not None and tomlformat.canonical_records(BASE, 1, {}) is not None
    got = outcome(BASE, fast=True)
    assert got == outcome(BASE, fast=False)
    assert got[2] == {"province": "Bắc Giang", "year": 2025}


def test_a_hand_edited_piece_of_a_large_file_is_read_by_the_full_reader_alone(tmp_path, monkeypatch):
    recs = [Record(f"r{n}", "budget_revenue", Period(2025, n % 12 + 1), Decimal(n), datetime(2025, 7, 5, tzinfo=UTC),
                   area=f"A{n}") for n in range(30)]  # fmt: skip
    text = ledger_text(recs).replace('id = "r17"', 'id = "r17"  # checked by hand')
    path = tmp_path / "l.toml"
    path.write_text(text, encoding="utf-8")
    monkeypatch.setattr(index, "_PIECE", 10)
    full = []
    real = index.parse_ledger_bytes
    monkeypatch.setattr(index, "parse_ledger_bytes", lambda data, *a, **k: full.append(data) or real(data, *a, **k))
    led = read_ledger(path, IDS)
    assert [r.id for r in led.records] == [f"r{n}" for n in range(30)]
    assert len(full) == 1 and b'"r17"  # checked' in full[0] and full[0].count(b"[[records]]") == 10


# ── the ledger as known on a day: from the index, as in memory ──


@st.composite
def histories(draw):
    """Records over a few days in several zones (some near midnight, where the day of a record is
    its own zone's), with revisions that may come before or after what they revise, conflicts
    between offices, settling revisions naming several records, stages, areas."""
    base = datetime(2025, 7, 5, 0, 0, tzinfo=UTC)
    out: list[Record] = []
    for n in range(draw(st.integers(1, 16))):
        at = (base + timedelta(hours=draw(st.integers(0, 96)), minutes=draw(st.sampled_from([0, 30, 59])))).astimezone(
            draw(st.sampled_from(ZONES)))
        indicator = draw(st.sampled_from(["budget_revenue", "tourists"]))
        period = Period(2025, draw(st.integers(5, 6)))
        area = draw(st.sampled_from([None, "Huyện 01"]))
        same = [r.id for r in out if r.key == (indicator, period, area)]
        revises = draw(st.one_of(st.none(), st.sampled_from(same))) if same else None
        also = tuple(draw(st.lists(st.sampled_from(same), max_size=2, unique=True))) if revises else ()
        out.append(Record(
            id=f"r{n}", indicator=indicator, period=period,
            value=Decimal(draw(st.integers(1, 4))).quantize(Decimal(1).scaleb(-draw(st.integers(0, 2)))),
            recorded_at=at, area=area, revises=revises, reason="fix" if revises else None, also_revises=also,
            stage=draw(st.sampled_from([None, "estimate", "official"])),
        ))  # fmt: skip
    return out


def _ids(records) -> list[str]:
    return [r.id for r in records]


def _same_view(got, want, keys) -> None:
    assert got.records == want.records
    assert {k: r.id for k, r in got.effective().items()} == {k: r.id for k, r in want.effective().items()}
    for area in (None, "Huyện 01"):
        assert sorted(got.effective_values(area)) == sorted(want.effective_values(area))
    assert {k: _ids(v) for k, v in got.conflicts().items()} == {k: _ids(v) for k, v in want.conflicts().items()}
    for key in keys:
        assert _ids(got.standing(key)) == _ids(want.standing(key))
        assert got.current(key) == want.current(key)
    for ind in ("budget_revenue", "tourists", "grdp_growth"):
        assert got.records_of(ind) == want.records_of(ind)
        assert got.in_force_ids(ind) == want.in_force_ids(ind)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(histories(), st.lists(st.integers(-1, 6), min_size=1, max_size=4))
def test_the_index_answers_known_at_as_the_rule_in_memory_does(tmp_path, recs, offsets):
    path = tmp_path / "known.toml"
    index.drop(path, cache_dir())
    path.write_text(ledger_text(recs), encoding="utf-8")
    indexed = read_ledger(path, IDS, {"Huyện 01"})
    assert isinstance(indexed, index.IndexedLedger)
    files = read_ledger(path, IDS, {"Huyện 01"}, cache_dir=None)
    keys = {r.key for r in recs}
    days = [date(2025, 7, 5) + timedelta(days=offset) for offset in offsets]
    views = [known_at(indexed, day) for day in days]  # several days asked of one view, all kept at once
    for day, got in zip(days, views, strict=True):  # each answer stands on its own
        assert isinstance(got, index.KnownAtLedger)
        _same_view(got, known_at_in_memory(files, day), keys)
    _same_view(indexed, files, keys)  # the view itself is as it was
