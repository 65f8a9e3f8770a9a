"""The ledger index never answers for bytes it has not seen, and the fast reader reads what tomllib reads."""

from __future__ import annotations

import errno
import sqlite3
import tomllib
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kehoach.core.ledger import Ledger, Record, fast_parse, index, latest_actuals, render_records
from kehoach.core.periods import Period
from kehoach.errors import DiskError, LedgerError
from kehoach.paths import cache_dir
from tests.core.test_ledger import IDS, PLAN, add_records, c, read_ledger

# The core's messages as the code writes them (English); the Vietnamese catalogue is tested in
# tests/test_i18n.py and tests/cli/test_messages.py.
pytestmark = pytest.mark.usefixtures("english")


def _add(ledger, *cands, **kw):
    return add_records(PLAN, ledger, list(cands), "office", **kw)


def value_of(ledger_path, indicator="budget_revenue"):
    led = read_ledger(ledger_path, IDS)
    latest, _ = latest_actuals(PLAN, led, None, None)
    return latest[indicator].value if indicator in latest else None


def test_a_file_ledger_is_served_by_its_index(ledger):
    _add(ledger, c())
    led = read_ledger(ledger, IDS)
    assert isinstance(led, index.IndexedLedger)
    assert index.index_path(ledger, cache_dir()).exists()
    assert led.file_size(ledger.name) == ledger.stat().st_size


def test_a_hand_edit_of_the_same_length_behind_the_index_is_seen(ledger):
    _add(ledger, c(value="10111.7"), c("tourists", value="1.2"))
    assert value_of(ledger) == Decimal("10111.7")
    text = ledger.read_text(encoding="utf-8")
    edited = text.replace("value = 10111.7", "value = 10111.8")
    assert len(edited) == len(text) and edited != text
    ledger.write_text(edited, encoding="utf-8")  # no kehoach involved: the index does not know
    assert value_of(ledger) == Decimal("10111.8")


def test_a_record_appended_by_hand_is_read_from_the_tail_only(ledger, monkeypatch):
    _add(ledger, c())
    read_ledger(ledger, IDS)
    with open(ledger, "a", encoding="utf-8") as f:
        f.write(
            '\n[[records]]\nid = "hand-1"\nindicator = "budget_revenue"\nperiod = "2025-07"\nvalue = 11000\n'
            'recorded_at = 2025-08-05T09:00:00+07:00\nby = "clerk"\n'
        )
    parsed = []
    real = index.parse_ledger_bytes
    monkeypatch.setattr(
        index, "parse_ledger_bytes", lambda data, *a, **k: parsed.append(len(data)) or real(data, *a, **k)
    )
    assert value_of(ledger) == Decimal(11000)
    assert parsed and parsed[0] < 300  # only the appended bytes were parsed
    rec = read_ledger(ledger, IDS).current(("budget_revenue", Period(2025, 7), None))
    assert rec.line == ledger.read_text(encoding="utf-8").splitlines().index('id = "hand-1"')  # its [[records]] line


def test_a_key_appended_to_the_last_record_rereads_the_whole_file(ledger):
    _add(ledger, c())
    read_ledger(ledger, IDS)
    with open(ledger, "a", encoding="utf-8") as f:
        f.write('note = "added by hand"\n')  # belongs to the last [[records]] table, not a new one
    led = read_ledger(ledger, IDS)
    assert led.current(("budget_revenue", Period(2025, 6), None)).note == "added by hand"


def test_a_shorter_file_rebuilds_the_index(ledger):
    _add(ledger, c())
    before = ledger.read_bytes()
    _add(ledger, c("tourists", value="1.2"))
    assert value_of(ledger, "tourists") == Decimal("1.2")
    ledger.write_bytes(before)
    assert value_of(ledger, "tourists") is None


def test_a_damaged_or_foreign_index_is_rebuilt(ledger):
    _add(ledger, c())
    read_ledger(ledger, IDS)
    path = index.index_path(ledger, cache_dir())
    path.write_bytes(b"this is not a database" * 100)
    for suffix in ("-wal", "-shm"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)
    assert value_of(ledger) == Decimal("10111.7")
    conn = sqlite3.connect(path)
    conn.execute("UPDATE meta SET v = 'another' WHERE k = 'kehoach'")
    conn.execute("DELETE FROM effective")  # what an index of another version might hold
    conn.commit()
    conn.close()
    assert value_of(ledger) == Decimal("10111.7")


def test_errors_in_an_appended_record_name_the_line_of_the_file(ledger):
    _add(ledger, c())
    read_ledger(ledger, IDS)
    lines = ledger.read_text(encoding="utf-8").count("\n")
    with open(ledger, "a", encoding="utf-8") as f:
        f.write('\n[[records]]\nid = "x"\nindicator = "budget_revenue"\nperiod = "2025-13"\nvalue = 1\n'
                'recorded_at = 2025-08-05T09:00:00+07:00\n')  # fmt: skip
    with pytest.raises(LedgerError) as e:
        read_ledger(ledger, IDS)
    assert f"ledger.toml:{lines + 5}: record 1: period:" in e.value.message  # the line of `period = …`


def test_a_record_id_used_twice_across_the_tail_is_refused(ledger):
    out = _add(ledger, c())
    read_ledger(ledger, IDS)
    rid = out.added[0].id
    with open(ledger, "a", encoding="utf-8") as f:
        f.write(f'\n[[records]]\nid = "{rid}"\nindicator = "tourists"\nperiod = "2025-06"\nvalue = 1.2\n'
                'recorded_at = 2025-08-05T09:00:00+07:00\n')  # fmt: skip
    with pytest.raises(LedgerError, match=r"is also used in ledger\.toml:"):
        read_ledger(ledger, IDS)


def test_without_a_cache_the_file_is_read_whole(ledger, monkeypatch):
    monkeypatch.setenv("KEHOACH_CACHE", "off")
    _add(ledger, c())
    led = read_ledger(ledger, IDS)
    assert not isinstance(led, index.IndexedLedger) and value_of(ledger) == Decimal("10111.7")
    assert index.index_path(ledger, cache_dir()) is None


def test_recording_keeps_every_earlier_byte_but_the_end_line(ledger, monkeypatch):
    from kehoach.core.ledger import END_LINE

    _add(ledger, c())
    before = ledger.read_bytes()
    _add(ledger, c("tourists", value="1.2"))
    after = ledger.read_bytes()
    kept = before[: before.rindex(END_LINE.encode())]
    assert after.startswith(kept) and after.endswith(END_LINE.encode() + b"\n")  # the old end line replaced, nothing else
    monkeypatch.setattr(index, "parse_ledger_bytes", lambda *a, **k: pytest.fail("the index read the record back"))
    led = read_ledger(ledger, IDS)
    assert led.file_size(ledger.name) == len(after)  # the index followed the write without reading it back


def test_a_write_cut_short_by_a_full_disk_is_taken_back(ledger, monkeypatch):
    from kehoach.core import storage

    _add(ledger, c())
    before = ledger.read_bytes()
    real_write = storage.os.write

    def half_then_full(fd, data):
        if len(data) > 8:
            real_write(fd, bytes(data[: len(data) // 2]))
            return len(data) // 2
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(storage.os, "write", half_then_full)
    with pytest.raises(DiskError):
        _add(ledger, c("tourists", value="1.2"))
    monkeypatch.undo()
    assert ledger.read_bytes() == before
    assert value_of(ledger, "tourists") is None


# ── the fast reader ──

TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=12)


@st.composite
def records(draw):
    out = []
    start = datetime(2025, 7, 5, 9, 12, tzinfo=timezone(timedelta(hours=7)))
    for n in range(draw(st.integers(1, 6))):
        value = draw(st.decimals(min_value=-(10**6), max_value=10**9, places=draw(st.integers(0, 4)), allow_nan=False))
        out.append(
            Record(
                id=f"r{n}",
                indicator=draw(st.sampled_from(sorted(IDS))),
                period=Period(2025, draw(st.integers(1, 12))),
                value=value,
                recorded_at=start
                + timedelta(seconds=draw(st.integers(0, 10**6)), microseconds=draw(st.sampled_from([0, 5]))),
                by=draw(TEXT),
                note=draw(TEXT),
                source=draw(TEXT),
                area=draw(st.one_of(st.none(), TEXT.filter(bool))),
                revises=(revises := draw(st.one_of(st.none(), st.just("r0")))),
                reason=draw(TEXT),
                also_revises=tuple(draw(st.lists(TEXT.filter(bool), max_size=2))) if revises else (),
            )
        )
    return out


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(records())
def test_records_are_written_as_tomli_w_writes_them(recs):
    import tomli_w

    ours = render_records(recs).decode("utf-8")
    theirs = tomli_w.dumps({"records": [r.to_toml() for r in recs]})
    if all("e" not in str(r.value).lower() for r in recs):  # tomli-w writes 1e-7; we write 0.0000001
        assert ours == theirs
    assert tomllib.loads(ours, parse_float=Decimal) == tomllib.loads(theirs, parse_float=Decimal)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(records())
def test_the_fast_reader_reads_exactly_what_tomllib_reads(recs):
    text = "# kehoach ledger\nformat = 1\n\n" + render_records(recs).decode("utf-8")
    fast = fast_parse(text)
    assert fast is not None  # whatever kehoach writes, the fast reader reads
    assert fast == tomllib.loads(text, parse_float=Decimal)


@pytest.mark.parametrize(
    "text",
    [
        'format = 1\n[[records]]\nid = "a"\nid = "b"\n',  # a duplicate key: tomllib's error
        '[[records]]\nid="a"\n',  # other spacing
        "[[records]]\nvalue = 1_000\n",  # a TOML number the fast reader leaves to tomllib
        "[[records]]\nvalue = 1e3\n",
        "[records]\nid = 'a'\n",
        "[[records]]\nrecorded_at = 2025-07-05T09:12:00\n",  # no time zone
        '[[records]]\r\nid = "a"\r\n',
        '[[records]]\nnote = """multi\nline"""\n',
    ],
)
def test_anything_outside_the_subset_goes_to_tomllib(text):
    assert fast_parse(text) is None  # the whole file is read by tomllib


def test_a_string_with_escapes_is_read_by_tomllib_alone():
    text = '[[records]]\nnote = "tab\\tand \\u00e9"  # comment\n'
    assert fast_parse(text) == tomllib.loads(text, parse_float=Decimal) == {"records": [{"note": "tab\tand é"}]}


def test_a_reader_meeting_a_half_written_record_waits_for_the_writer(ledger):
    import threading
    import time

    from kehoach.core import storage
    from kehoach.core.ledger import lock_path_for

    _add(ledger, c())
    read_ledger(ledger, IDS)
    block = (
        '\n[[records]]\nid = "w1"\nindicator = "tourists"\nperiod = "2025-06"\nvalue = 1.2\n'
        'recorded_at = 2025-08-05T09:00:00+07:00\nby = "writer"\n'
    )
    result = {}
    with storage.locked(lock_path_for(ledger)):  # a writer, half-way through its append
        with open(ledger, "a", encoding="utf-8") as f:
            f.write(block[:40])
        reader = threading.Thread(target=lambda: result.setdefault("value", value_of(ledger, "tourists")))
        reader.start()
        time.sleep(0.3)
        assert reader.is_alive()  # waiting for the writer, not failing on the half record
        with open(ledger, "a", encoding="utf-8") as f:
            f.write(block[40:])
    reader.join(10)
    assert result["value"] == Decimal("1.2")


@st.composite
def histories(draw):
    """Records in file order with revisions (some settling a conflict: also_revises), equal
    timestamps, several time zones, and equal values written differently (5, 5.0, 5.00)."""
    zones = [timezone(timedelta(hours=h)) for h in (7, 0, -5)]
    base = datetime(2025, 7, 5, 9, 0, tzinfo=UTC)
    out = []
    for n in range(draw(st.integers(1, 14))):
        at = (base + timedelta(seconds=draw(st.integers(0, 3)))).astimezone(draw(st.sampled_from(zones)))
        indicator = draw(st.sampled_from(["budget_revenue", "tourists"]))
        period = Period(2025, draw(st.integers(5, 6)))
        # a revision names earlier records of its own key (a ledger with any other is refused)
        same = [r.id for r in out if (r.indicator, r.period) == (indicator, period)]
        revises = draw(st.one_of(st.none(), st.sampled_from(same))) if same else None
        also = tuple(draw(st.lists(st.sampled_from(same), max_size=2, unique=True))) if revises else ()
        out.append(
            Record(
                id=f"r{n}",
                indicator=indicator,
                period=period,
                value=Decimal(draw(st.integers(1, 9))).quantize(Decimal(1).scaleb(-draw(st.integers(0, 2)))),
                recorded_at=at,
                area=None,
                revises=revises,
                reason="fix" if revises else None,
                also_revises=also,
            )
        )
    return out


def _conflicts(ledger) -> dict:
    return {k: [r.id for r in v] for k, v in ledger.conflicts().items()}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(histories(), st.integers(0, 14), st.sampled_from([2, 3, 5000]))
def test_the_index_agrees_with_the_ledger_rules_built_whole_or_in_steps(tmp_path, monkeypatch, recs, cut, piece):
    from kehoach.core.ledger import HEADER, effective_of
    from kehoach.core.ledger.model import conflicts_of

    monkeypatch.setattr(index, "_PIECE", piece)  # small pieces: the piecewise rebuild is exercised
    want = {k: r.id for k, r in effective_of(recs).items()}
    want_conflicts = {k: [r.id for r in v] for k, v in conflicts_of(recs).items()}
    path = tmp_path / f"l{cut}-{piece}.toml"
    index.drop(path, cache_dir())
    head, rest = recs[:cut], recs[cut:]
    path.write_bytes(HEADER.encode() + b"\n" + render_records(head) if head else HEADER.encode())
    read_ledger(path, IDS)  # built whole from the first part
    if rest:
        with open(path, "ab") as f:
            f.write(b"\n" + render_records(rest))
    led = read_ledger(path, IDS)
    got = {k: r.id for k, r in led.effective().items()}  # the rest from the tail
    assert got == want and _conflicts(led) == want_conflicts
    index.drop(path, cache_dir())
    led = read_ledger(path, IDS)
    assert {k: r.id for k, r in led.effective().items()} == want  # and whole, from scratch
    assert _conflicts(led) == want_conflicts
    assert {k: [r.id for r in v] for k, v in Ledger(path, list(recs)).conflicts().items()} == want_conflicts


def test_a_large_import_into_a_new_ledger_leaves_its_index_ready(ledger, areas_plan, monkeypatch):
    from kehoach.core.plan import load_plan

    plan = load_plan(areas_plan)
    quarterly = {ind.id for _t, ind in plan.indicators() if getattr(ind, "frequency", "monthly") == "quarterly"}
    keys = [
        (ind, f"{year}-{month:02d}", area)
        for ind in plan.indicator_ids()
        for year in (2024, 2025)
        for month in range(1, 13)
        for area in (None, "Lục Ngạn", "Yên Dũng")
        if ind not in quarterly or month % 3 == 0  # GRDP growth is published by quarter
    ]
    assert len(keys) > 2000  # above the size at which record builds the index itself
    add_records(plan, ledger, [c(ind, period, "50", area=area) for ind, period, area in keys], "office", force=True)
    monkeypatch.setattr(index, "parse_ledger_bytes", lambda *a, **k: pytest.fail("the index was not ready"))
    led = read_ledger(ledger, set(plan.indicator_ids()), {"Lục Ngạn", "Yên Dũng"})
    assert isinstance(led, index.IndexedLedger) and led.file_size(ledger.name) == ledger.stat().st_size
    assert len(led.effective()) == len(keys)
    assert led.current(("tourists", Period(2025, 6), "Lục Ngạn")).value == Decimal(50)


def test_a_record_cut_short_says_which_lines_to_remove(ledger):
    _add(ledger, c("tourists", value="1.2"))
    read_ledger(ledger, IDS)  # indexed; then the file is cut behind the index's back
    _add(ledger, c())
    data = ledger.read_bytes()
    ledger.write_bytes(data[:-100])  # a copy that stopped in the middle of the last record
    lines = ledger.read_text(encoding="utf-8").splitlines()
    start = len(lines) - lines[::-1].index("[[records]]")
    with pytest.raises(LedgerError) as e:
        read_ledger(ledger, IDS)
    assert f"the last record (lines {start}–{len(lines)}) may be cut short" in e.value.hint
    assert ledger.read_bytes() == data[:-100]  # reported, never repaired behind the user's back


FRAGMENTS = st.sampled_from(
    ["[[records]]", "[records]", "id = ", "value = ", "recorded_at = ", "note = ", '"', "'", "\\", "1", "-", ".",
     "2025-07-05 09:12:00", "+07:00", "Z", "#", " ", "\n", "\t", "é", "\x7f", "\r", "format = 1", '"""', "e3", "_"]
)  # fmt: skip


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(FRAGMENTS, max_size=40).map("".join))
def test_the_fast_reader_never_fails_and_never_disagrees_with_tomllib(text):
    fast = fast_parse(text)  # must not raise, whatever the text
    if fast is None:
        return
    assert fast == tomllib.loads(text, parse_float=Decimal)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.lists(st.one_of(FRAGMENTS, st.sampled_from(['indicator = "tourists"', 'period = "2025-06"', "value = 1.2",
                                                      'id = "x"', "recorded_at = 2025-07-05T09:12:00+07:00"])),
                max_size=30).map("\n".join))  # fmt: skip
def test_any_ledger_text_is_read_or_refused_with_a_message(tmp_path, text):
    from kehoach.errors import KehoachError

    path = tmp_path / "fuzz.toml"
    path.write_text(text, encoding="utf-8", newline="")
    try:
        read_ledger(path, IDS)  # through the index
    except KehoachError:
        pass
    try:
        tail = tmp_path / "tail.toml"  # and as bytes appended after an indexed record
        _add(tail, c())
        read_ledger(tail, IDS)
        with open(tail, "a", encoding="utf-8", newline="") as f:
            f.write("\n" + text)
        read_ledger(tail, IDS)
    except KehoachError:
        pass
    finally:
        (tmp_path / "tail.toml").unlink(missing_ok=True)


# ── folder ledgers: one index for all the offices' files ──


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(
    histories(), st.lists(st.sampled_from(["a.toml", "b.toml", "c.toml"]), min_size=14, max_size=14), st.integers(0, 14)
)
def test_a_folder_index_agrees_with_reading_the_files_in_name_order(tmp_path_factory, recs, files, cut):
    from kehoach.core.ledger import HEADER, effective_of
    from kehoach.core.ledger.model import conflicts_of

    folder = tmp_path_factory.mktemp("offices")
    placed = sorted(((files[n], n, r) for n, r in enumerate(recs)), key=lambda t: (t[0], t[1]))
    want = {k: r.id for k, r in effective_of([r for _, _, r in placed]).items()}
    want_conflicts = {k: [r.id for r in v] for k, v in conflicts_of([r for _, _, r in placed]).items()}

    def write(upto: int) -> None:
        for name in sorted(set(files[: len(recs)])):
            mine = [r for f, n, r in placed if f == name and n < upto]
            if mine:
                (folder / name).write_bytes(HEADER.encode() + b"\n" + render_records(mine))

    write(cut)
    read_ledger(folder, IDS)  # indexed with the first part
    write(len(recs))  # each file grows by appends (or appears)
    led = read_ledger(folder, IDS)
    assert {k: r.id for k, r in led.effective().items()} == want
    assert _conflicts(led) == want_conflicts
    assert isinstance(led, index.IndexedLedger)
    assert {k: r.id for k, r in read_ledger(folder, IDS, cache_dir=None).effective().items()} == want  # the files alone
    assert _conflicts(read_ledger(folder, IDS, cache_dir=None)) == want_conflicts


def test_a_folder_follows_files_added_edited_and_removed(tmp_path):
    folder = tmp_path / "ledger"
    folder.mkdir()
    add_records(PLAN, folder, [c("tourists", value="1.2")], "huyen-a")
    add_records(PLAN, folder, [c(value="10111.7")], "huyen-b")
    assert value_of(folder, "tourists") == Decimal("1.2") and value_of(folder) == Decimal("10111.7")
    b = folder / "huyen-b.toml"
    b.write_text(b.read_text(encoding="utf-8").replace("10111.7", "10111.8"), encoding="utf-8")  # same length
    assert value_of(folder) == Decimal("10111.8")
    (folder / "huyen-a.toml").unlink()
    assert value_of(folder, "tourists") is None and value_of(folder) == Decimal("10111.8")
    led = read_ledger(folder, IDS)
    assert set(led.files) == {"huyen-b.toml"}


def test_a_record_id_in_two_office_files_names_both(tmp_path):
    folder = tmp_path / "ledger"
    folder.mkdir()
    out = add_records(PLAN, folder, [c("tourists", value="1.2")], "huyen-a")
    text = (folder / "huyen-a.toml").read_text(encoding="utf-8")
    (folder / "huyen-b.toml").write_text(text.replace('"tourists"', '"budget_revenue"'), encoding="utf-8")
    with pytest.raises(LedgerError) as e:
        read_ledger(folder, IDS)
    assert f"record id {out.added[0].id!r} is also used in huyen-a.toml:" in e.value.message
    assert "huyen-b.toml:" in e.value.message


def test_bytes_appended_to_a_file_that_ends_mid_line_are_read_with_that_line(ledger):
    """The index holds a file that ends without a newline; what is appended then continues that
    line. `by = "tester"[[records]]` is not TOML: the index must say so, as reading the file does."""
    _add(ledger, c())
    ledger.write_bytes(ledger.read_bytes().rstrip(b"\n"))  # a hand edit: no newline at the end
    assert value_of(ledger) == Decimal("10111.7")  # indexed as it is, ending mid-line
    with open(ledger, "ab") as f:
        f.write(b'[[records]]\nid = "hand-1"\nindicator = "tourists"\nperiod = "2025-06"\nvalue = 1.2\n'
                b'recorded_at = 2025-08-05T09:00:00+07:00\nby = "clerk"\n')  # fmt: skip
    with pytest.raises(LedgerError) as whole:
        read_ledger(ledger, IDS, cache_dir=None)
    with pytest.raises(LedgerError) as indexed:
        read_ledger(ledger, IDS)
    assert indexed.value.message == whole.value.message


@settings(max_examples=300, deadline=None)
@given(
    st.decimals(allow_nan=False, allow_infinity=False, min_value=-(10**12), max_value=10**12),
    st.decimals(allow_nan=False, allow_infinity=False, min_value=-(10**12), max_value=10**12),
    st.integers(0, 4),
)
def test_the_index_compares_values_as_numbers_not_as_text(a, b, zeros):
    """Offices agree when their values are equal however written (1.6, 1.60, 16E-1): the index
    compares a canonical text, equal exactly when the numbers are."""
    same = Decimal(f"{a:f}" + ("." if "." not in f"{a:f}" and zeros else "") + "0" * zeros)  # a with trailing zeros
    assert same == a and index.canonical(same) == index.canonical(a)
    assert index.canonical(Decimal(f"{a:E}")) == index.canonical(a)
    assert (index.canonical(a) == index.canonical(b)) == (a == b)
