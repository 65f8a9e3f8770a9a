"""The ledger keeps every figure: revisions instead of overwrites, all-or-nothing writes, locks."""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import signal
import subprocess
import sys
import textwrap
import time
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kehoach.core import recording
from kehoach.core.ledger import reading
from kehoach.core.plan import load_plan
from kehoach.core.recording import Candidate
from kehoach.errors import CannotWrite, LedgerError, TryAgain
from kehoach.paths import cache_dir
from tests.conftest import PLAN_FILE

# The core's messages as the code writes them (English); the Vietnamese catalogue is tested in
# tests/test_i18n.py and tests/cli/test_messages.py.
pytestmark = pytest.mark.usefixtures("english")

PLAN = load_plan(PLAN_FILE)
IDS = set(PLAN.indicator_ids())


# The core reads no environment: these pass what the CLI passes, the cache folder of the test's
# own HOME (conftest), so that the ledger index is exercised as in real use.
def read_ledger(path, *args, **kw):
    kw.setdefault("cache_dir", cache_dir())
    return reading.read_ledger(path, *args, **kw)


def add_records(plan, path, candidates, office, **kw):
    kw.setdefault("cache_dir", cache_dir())
    return recording.add_records(plan, path, candidates, office, **kw)


def _add(ledger, *cands, **kw):
    return add_records(PLAN, ledger, list(cands), "office", **kw)


def c(indicator="budget_revenue", period="2025-06", value="10111.7", **kw):
    return Candidate(indicator, period, Decimal(value), kw.pop("by", "tester"), **kw)


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else None


def test_record_and_read_back_exactly(ledger):
    out = _add(ledger, c(note="6 tháng", source="Sở Tài chính"))
    assert len(out.added) == 1
    [r] = read_ledger(ledger, IDS).records
    assert (r.indicator, str(r.period), r.value, r.note, r.source, r.by) == (
        "budget_revenue", "2025-06", Decimal("10111.7"), "6 tháng", "Sở Tài chính", "tester")
    assert r.recorded_at.tzinfo is not None


def test_whole_values_stay_whole_and_decimals_exact(ledger):
    _add(ledger, c(value="16500"), c("grdp_growth", value="14.0"), c("tourists", value="1.25"))
    text = ledger.read_text()
    assert "value = 16500\n" in text and "value = 14.0\n" in text and "value = 1.25\n" in text


def test_second_value_needs_a_revision(ledger):
    _add(ledger, c())
    before = digest(ledger)
    with pytest.raises(LedgerError, match="--revise"):
        _add(ledger, c(value="10200"))
    assert digest(ledger) == before
    out = _add(ledger, c(value="10200", revise="số liệu chính thức"))
    rec = out.added[0]
    led = read_ledger(ledger, IDS)
    assert len(led.records) == 2
    assert rec.revises == led.records[0].id and rec.reason == "số liệu chính thức"
    assert led.effective()[rec.key].value == Decimal("10200")


def test_same_value_again_is_a_safe_retry(ledger):
    _add(ledger, c())
    before = digest(ledger)
    out = _add(ledger, c())
    assert out.added == [] and len(out.unchanged) == 1
    assert digest(ledger) == before


def test_revision_of_nothing_is_refused(ledger):
    with pytest.raises(LedgerError, match="no earlier value"):
        _add(ledger, c(revise="x"))
    assert not ledger.exists()


BAD = {
    "unknown id": c("budget_revnue"),
    "negative money": c(value="-5"),
    "share above 100": c("forest_cover", value="100.5"),
    "bad period": c(period="2025-6"),
    "month 13": c(period="2025-13"),
    "before the baseline year": c(period="2023-12"),
    "after the plan year": c(period="2026-01"),
    "scale slip": c(value="16500000"),
    "count not whole": c("ntm_districts", value="6.5"),
    "unknown area": c(area="Lục Ngạn"),
}


@pytest.mark.parametrize("case", list(BAD), ids=list(BAD))
def test_bad_input_leaves_the_ledger_byte_for_byte(case, ledger):
    _add(ledger, c("tourists", value="1.2"))
    before = digest(ledger)
    with pytest.raises(LedgerError):
        _add(ledger, BAD[case])
    assert digest(ledger) == before


def test_future_period_is_refused(ledger):
    with pytest.raises(LedgerError, match="in the future"):
        _add(ledger, c(period="2025-07"), today=date(2025, 6, 15))


def test_growth_rates_may_be_negative(ledger):
    outcome = _add(ledger, c("agriculture_growth", value="-0.3"))
    assert [r.value for r in outcome.added] == [Decimal("-0.3")]
    assert [r.value for r in read_ledger(ledger, set(PLAN.indicator_ids())).records] == [Decimal("-0.3")]


def test_scale_warning_can_be_overridden(ledger):
    with pytest.raises(LedgerError, match="wrong unit or scale"):
        _add(ledger, c(value="16500000"))  # 1.000 times the target: tỷ đồng typed as triệu đồng?
    assert not ledger.exists()
    outcome = _add(ledger, c(value="16500000"), force=True)
    assert [r.value for r in outcome.added] == [Decimal(16500000)]


def test_all_or_nothing(ledger):
    with pytest.raises(LedgerError) as e:
        _add(ledger, c(row=2), c("tourists", value="x1" if False else "-1", row=3), c("nope", row=4))
    assert "row 3" in "\n".join(e.value.details) and "row 4" in "\n".join(e.value.details)
    assert not ledger.exists()


def test_hand_edits_and_comments_survive_a_record(ledger):
    _add(ledger, c())
    ledger.write_text(ledger.read_text() + "\n# kiểm tra ngày 5/7 — Sở KH&ĐT\n")
    _add(ledger, c("tourists", value="1.2"))
    assert "# kiểm tra ngày 5/7 — Sở KH&ĐT" in ledger.read_text()


def test_broken_ledger_is_reported_with_line_and_nothing_written(ledger):
    _add(ledger, c())
    ledger.write_text(ledger.read_text().replace("value = 10111.7", "value = 10.111,7"))
    before = digest(ledger)
    with pytest.raises(LedgerError) as e:
        _add(ledger, c("tourists", value="1.2"))
    assert "ledger.toml:" in e.value.message and ":" in e.value.message
    assert digest(ledger) == before


def test_wrong_type_in_ledger_names_the_record_line(ledger):
    _add(ledger, c())
    text = ledger.read_text()
    line = text[: text.index("value = 10111.7")].count("\n") + 1
    ledger.write_text(text.replace("value = 10111.7", 'value = "10111.7"'))
    with pytest.raises(LedgerError) as e:
        read_ledger(ledger, IDS)
    assert e.value.message.startswith(f"ledger.toml:{line}: record 1: value: expected a number")


def test_read_only_ledger(ledger):
    _add(ledger, c())
    ledger.chmod(0o444)
    before = digest(ledger)
    try:
        with pytest.raises(CannotWrite, match="read-only"):
            _add(ledger, c("tourists", value="1.2"))
    finally:
        ledger.chmod(0o644)
    assert digest(ledger) == before


def test_missing_folder_is_not_created(tmp_path):
    with pytest.raises(CannotWrite, match="does not exist"):
        _add(tmp_path / "no" / "such" / "ledger.toml", c())
    assert not (tmp_path / "no").exists()


def test_ledger_that_is_a_fifo(tmp_path):
    fifo = tmp_path / "fifo.toml"
    os.mkfifo(fifo)
    with pytest.raises(LedgerError, match="not a regular file"):
        read_ledger(fifo, IDS)


def test_lock_held_elsewhere_times_out(ledger, monkeypatch):
    from filelock import FileLock

    with FileLock(str(ledger) + ".lock"), pytest.raises(TryAgain, match="busy"):
        _add(ledger, c(), lock_timeout=0.2)
    assert not ledger.exists()
    _add(ledger, c())  # released: works again


def test_folder_ledger_reads_all_offices_as_one(tmp_path):
    folder = tmp_path / "ledger"
    folder.mkdir()
    add_records(PLAN, folder, [c()], "so-tai-chinh")
    add_records(PLAN, folder, [c("tourists", value="1.2")], "so-van-hoa")
    assert sorted(p.name for p in folder.glob("*.toml")) == ["so-tai-chinh.toml", "so-van-hoa.toml"]
    with pytest.raises(LedgerError, match="--revise"):  # duplicates are seen across offices
        add_records(PLAN, folder, [c(value="10000")], "so-van-hoa")
    assert len(read_ledger(folder, IDS).records) == 2


# ───────────── property: any sequence of records and revisions reads back exactly ─────────────

_values = st.decimals(min_value=Decimal(0), max_value=Decimal(99), places=2, allow_nan=False, allow_infinity=False)
_steps = st.lists(
    st.tuples(st.sampled_from(["tourists", "forest_cover", "labour_productivity_growth"]), st.integers(1, 12), _values), max_size=12
)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=_steps)
def test_any_sequence_reads_back_exactly(tmp_path_factory, steps):
    ledger = tmp_path_factory.mktemp("prop") / "ledger.toml"
    expected: dict = {}
    count = 0
    for ind, month, value in steps:
        key = (ind, f"2025-{month:02d}")
        cand = c(ind, key[1], str(value), revise="sửa" if key in expected else None)
        out = _add(ledger, cand, force=True)
        count += len(out.added)  # a revision to the same value is still a new record
        expected[key] = value
    led = read_ledger(ledger, IDS)
    assert len(led.records) == count
    got = {(r.indicator, str(r.period)): r.value for r in led.effective().values()}
    assert got == expected


# ───────────── concurrency and crashes ─────────────


def test_eight_processes_fifty_records_each(tmp_path, monkeypatch):
    """400 records from 8 concurrent processes: none lost, none interleaved."""
    ledger = tmp_path / "ledger.toml"
    # seed every period once so every later write is a revision (allowed for any worker)
    add_records(PLAN, ledger, [c("tourists", f"2025-{m:02d}", "0") for m in range(1, 13)], "seed")
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_concurrent_writer, args=(str(ledger), w, 50)) for w in range(8)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(120)
        assert p.exitcode == 0
    led = read_ledger(ledger, IDS)
    notes = sorted(r.note for r in led.records if r.by != "tester")
    assert len(notes) == 400
    assert notes == sorted(f"{w}-{i}" for w in range(8) for i in range(50))


def _concurrent_writer(ledger: str, worker: int, n: int) -> None:
    from pathlib import Path

    for i in range(n):
        month = 1 + (worker * n + i) % 12
        add_records(
            PLAN,
            Path(ledger),
            [Candidate("tourists", f"2025-{month:02d}", Decimal(worker * 1000 + i), f"w{worker}",
                       note=f"{worker}-{i}", revise="cập nhật")],
            f"w{worker}",
            force=True,
            lock_timeout=60,
        )


KILLED_WRITER = textwrap.dedent(
    """
    import sys
    from decimal import Decimal
    from pathlib import Path
    from kehoach.core.plan import load_plan
    from kehoach.core.recording import Candidate, add_records
    from kehoach.paths import cache_dir
    plan = load_plan(Path(sys.argv[2]))
    ledger = Path(sys.argv[1])
    i = int(sys.argv[3])
    while True:
        i += 1
        out = add_records(plan, ledger, [Candidate("tourists", "2025-%02d" % (1 + i % 12), Decimal(i), "k",
                          note=str(i), revise="k")], "k", force=True, cache_dir=cache_dir())
        print(out.added[0].note, flush=True)
    """
)


def test_kill_9_in_a_loop_loses_nothing_acknowledged(tmp_path):
    ledger = tmp_path / "ledger.toml"
    add_records(PLAN, ledger, [c("tourists", f"2025-{m:02d}", "0") for m in range(1, 13)], "seed")
    script = tmp_path / "writer.py"
    script.write_text(KILLED_WRITER)
    acknowledged: set[str] = set()
    start = 0
    for round_ in range(6):
        proc = subprocess.Popen([sys.executable, str(script), str(ledger), str(PLAN_FILE), str(start)],
                                stdout=subprocess.PIPE, text=True)
        time.sleep(1.0 + 0.13 * round_)
        os.kill(proc.pid, signal.SIGKILL)
        out, _ = proc.communicate()
        acknowledged.update(out.split())
        start += 100000
        led = read_ledger(ledger, IDS)  # always readable
        notes = {r.note for r in led.records}
        assert acknowledged <= notes
    assert len(acknowledged) > 5
    leftovers = list(tmp_path.glob(".ledger.toml.*.tmp"))
    assert len(leftovers) <= 6  # a kill between mkstemp and rename leaves a temp file, never a torn ledger


def test_full_disk_during_write_leaves_the_ledger_unchanged(ledger, monkeypatch):
    import errno

    from kehoach.core import storage
    from kehoach.errors import DiskError

    _add(ledger, c())
    before = digest(ledger)

    def no_space(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(storage.os, "fsync", no_space)
    with pytest.raises(DiskError, match="disk is full"):
        _add(ledger, c("tourists", value="1.2"))
    monkeypatch.undo()
    assert digest(ledger) == before
    assert not list(ledger.parent.glob(".ledger.toml.*.tmp"))  # the temp file is cleaned up


def test_progress_callback_sees_large_imports(ledger):
    seen = []
    cands = [c("tourists", f"2025-{1 + i % 12:02d}", str(i), area=None) for i in range(12)]
    add_records(PLAN, ledger, cands, "o", force=True, progress=lambda *a: seen.append(a))
    assert seen[-1] == ("writing", 12, 12)


def test_an_office_name_too_long_for_a_file_name_still_has_a_file(tmp_path):
    from kehoach.core.ledger import FolderStore

    folder = tmp_path / "ledger"
    folder.mkdir()
    long_a, long_b = "Phòng Thống kê " * 20 + "A", "Phòng Thống kê " * 20 + "B"  # 300+ characters, 500+ bytes
    add_records(PLAN, folder, [c("tourists", value="1.2")], long_a)
    add_records(PLAN, folder, [c(value="10111.7")], long_b)
    files = sorted(p.name for p in folder.glob("*.toml"))
    assert len(files) == 2 and all(len(f.encode()) <= 255 for f in files)  # two offices, two files
    assert len(read_ledger(folder, IDS).records) == 2
    assert FolderStore(folder).file_for("so-tai-chinh").name == "so-tai-chinh.toml"  # short names as before
