"""The ledger never loses or alters data without a word.

- A file cut short anywhere — at any byte, not only inside a record — is refused with its place,
  never read as a ledger with fewer records; the hint says what is left of the write the cut fell
  in ("23 of the 40 records written together") and how to go back to the ledger before it.
- A write killed at any moment, by SIGKILL too, leaves the ledger as it was or with all its records.
- Two writers that reach one ledger by two paths (a symlink and its target) take one lock.
- A value of thousands of digits edited in is bad data with its line (65), not an internal error.
- Ledgers written before the end line existed still read, and get it on their next write.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import textwrap
import threading
import time
from decimal import Decimal
from pathlib import Path

import pytest

from kehoach.core.ledger import END_LINE, HEADER, SEAL_LINE, index, lock_path_for, render_records
from kehoach.errors import DataError, LedgerError
from kehoach.paths import cache_dir
from tests.conftest import PLAN_FILE
from tests.core.test_ledger import IDS, PLAN, add_records, c, read_ledger

pytestmark = pytest.mark.usefixtures("english")

_ZEROS = re.compile(r"delete the \d+ zero byte\(s\) at the end of the file")
_MAKE = re.compile(r"make line (\d+) read exactly `([^`]*)`")
_DELETE = re.compile(r"delete lines? (\d+)(?:–(\d+))?")
_ADD = re.compile(r"add the line `([^`]*)` at the end")


def apply_hint(data: bytes, hint: str) -> bytes | None:
    """The file after doing exactly what the hint says; None when it names no edit."""
    if _ZEROS.search(hint):
        data = data.rstrip(b"\x00")
    if m := _MAKE.search(hint):
        lines = data.split(b"\n")
        lines[int(m[1]) - 1] = m[2].encode()
        return b"\n".join(lines) + (b"" if data.endswith(b"\n") else b"\n")
    edited = False
    if m := _DELETE.search(hint):
        first, last = int(m[1]), int(m[2] or m[1])
        lines = data.split(b"\n")
        data, edited = b"\n".join(lines[: first - 1] + lines[last:]), True
    if m := _ADD.search(hint):
        data = (data if data.endswith(b"\n") or not data else data + b"\n") + m[1].encode() + b"\n"
        edited = True
    return data if edited else None


def writes(path: Path) -> list[int]:
    """Write a small ledger as kehoach does, in four writes (a record, an import of three, two
    records); the number of records after each write."""
    add_records(PLAN, path, [c("tourists", value="1.2")], "office")
    add_records(PLAN, path, [c(value="10111.7", source="Sở Tài chính"), c("grdp_growth", value="6.5", note="ước tính"),
                             c("tourists", "2025-03", "0.6")], "office")  # fmt: skip
    add_records(PLAN, path, [c("forest_cover", value="37.5")], "office")
    add_records(PLAN, path, [c("hospital_beds", value="35")], "office")
    return [0, 1, 4, 5, 6]


@pytest.mark.parametrize("through", ["files", "index"])
def test_a_ledger_cut_at_any_byte_is_refused_never_read_as_fewer_records(tmp_path, through):
    """Every cut of a finished ledger, at every byte: refused with file:line, or — only when what
    was cut is blank space at the end — read as the whole ledger. Never fewer records in silence.
    (The one cut that cannot be told from a ledger is the cut at byte 0: an empty file, which is
    an empty ledger. kehoach never writes an empty file.)"""
    full_path = tmp_path / "full.toml"
    boundaries = writes(full_path)
    full = full_path.read_bytes()
    whole = [r.id for r in read_ledger(full_path, IDS, cache_dir=None).records]
    cache = cache_dir() if through == "index" else None
    hinted = 0
    for k in range(1, len(full)):
        path = tmp_path / f"cut{k}.toml"
        if cache is not None:  # the index knows the whole file; then the file is cut behind its back
            path.write_bytes(full)
            read_ledger(path, IDS, cache_dir=cache)
        path.write_bytes(full[:k])
        try:
            led = read_ledger(path, IDS, cache_dir=cache)
        except LedgerError as e:
            assert re.match(rf"{path.name}:\d+: ", e.message), (k, e.message)
            assert path.read_bytes() == full[:k]  # reported, never repaired behind the user's back
            fixed = apply_hint(full[:k], e.hint or "")
            if fixed is None:
                assert "no record is left" in e.hint, (k, e.hint)
                continue
            hinted += 1
            path.write_bytes(fixed)  # the hint, done exactly: the ledger as it was after a whole write
            ids = [r.id for r in read_ledger(path, IDS, cache_dir=cache).records]
            assert ids in [whole[:n] for n in boundaries], (k, e.hint)
            continue
        assert not full[k:].strip(), f"a cut at byte {k} read as a ledger"
        assert [r.id for r in led.records] == whole
    assert hinted > len(full) // 2


def test_a_finished_ledger_cut_at_every_4_kib_boundary_is_refused(tmp_path):
    """The tester's case: a ledger of many writes cut where a copy or a disk stops (4 KiB)."""
    ledger = tmp_path / "ledger.toml"
    months = [f"{y}-{m:02d}" for y in (2024, 2025) for m in range(1, 13) if (y, m) <= (2025, 6)]
    quarterly = {ind.id for _t, ind in PLAN.indicators() if getattr(ind, "frequency", "monthly") == "quarterly"}
    rows = [c(ind, p, "1", area=None) for ind in sorted(IDS) for p in months
            if ind not in quarterly or int(p[-2:]) % 3 == 0]  # GRDP growth is published by quarter
    add_records(PLAN, ledger, rows, "o", force=True)
    for n in range(30):
        add_records(PLAN, ledger, [c("budget_revenue", months[n % len(months)], str(n), revise="r")], "o", force=True)
    full = ledger.read_bytes()
    assert len(full) > 30 * 4096
    for k in range(4096, len(full), 4096):
        path = tmp_path / "cut.toml"
        path.write_bytes(full[:k])
        index.drop(path, cache_dir())
        with pytest.raises(LedgerError, match="cut short"):
            read_ledger(path, IDS)


def test_the_hint_after_a_cut_in_an_import_says_how_many_of_its_records_are_left(tmp_path):
    ledger = tmp_path / "ledger.toml"
    add_records(PLAN, ledger, [c("tourists", value="1.2")], "o")
    before = [r.id for r in read_ledger(ledger, IDS).records]
    rows = [c("budget_revenue", f"2025-{m:02d}", str(1000 * m)) for m in range(1, 7)]
    rows += [c("tourists", f"2024-{m:02d}", f"0.{m}") for m in range(1, 13)]
    add_records(PLAN, ledger, rows, "o", force=True)
    full = ledger.read_bytes()
    text = full.decode()
    cut = text.index("value = 0.10\n") + 9  # inside the 16th of the 18 records: 0.1 of 0.10
    ledger.write_bytes(full[:cut])
    with pytest.raises(LedgerError) as e:
        read_ledger(ledger, IDS)
    first = text[: text.index("# kehoach: the next")].count("\n") + 1
    assert "the 18 records written together on" in e.value.hint and "16 of them are in the file" in e.value.hint
    assert f"line {first} begins" in e.value.hint and "import those 18 records again" in e.value.hint
    ledger.write_bytes(apply_hint(full[:cut], e.value.hint))
    assert [r.id for r in read_ledger(ledger, IDS).records] == before  # the ledger as it was before that import
    add_records(PLAN, ledger, rows, "o", force=True)  # and the import, done again, is whole
    assert len(read_ledger(ledger, IDS).records) == 19


def test_a_cut_inside_the_end_line_keeps_every_record(tmp_path):
    ledger = tmp_path / "ledger.toml"
    writes(ledger)
    full = ledger.read_bytes()
    ledger.write_bytes(full[:-10])
    with pytest.raises(LedgerError) as e:
        read_ledger(ledger, IDS)
    assert "only the end line" in e.value.hint and "6 record(s) before it are all whole" in e.value.hint
    ledger.write_bytes(apply_hint(full[:-10], e.value.hint))
    assert ledger.read_bytes() == full


def test_zero_bytes_where_the_end_never_reached_the_disk_are_named(tmp_path):
    ledger = tmp_path / "ledger.toml"
    writes(ledger)
    full = ledger.read_bytes()
    damaged = full[:-120] + b"\x00" * 120  # the size reached the disk, the last record and end line did not
    ledger.write_bytes(damaged)
    with pytest.raises(LedgerError) as e:
        read_ledger(ledger, IDS)
    assert "120 zero byte(s)" in e.value.hint and "the last record" in e.value.hint
    ledger.write_bytes(apply_hint(damaged, e.value.hint))
    assert len(read_ledger(ledger, IDS).records) == 5  # the last write (one record) is gone, and said so


# ── what stays as it was: hand edits, old ledgers ──


def test_a_file_kehoach_writes_is_sealed_and_names_its_plan(tmp_path):
    ledger = tmp_path / "ledger.toml"
    add_records(PLAN, ledger, [c()], "o")
    text = ledger.read_text("utf-8")
    assert text.startswith(SEAL_LINE) and text.endswith(END_LINE + "\n") and text.count(END_LINE) == 1
    assert '[ledger]\nprovince = "Bắc Giang"\nyear = 2025\n' in text
    add_records(PLAN, ledger, [c("tourists", value="1.2"), c("grdp_growth", value="6.5")], "o")
    text = ledger.read_text("utf-8")
    assert text.count(END_LINE) == 1 and text.endswith(END_LINE + "\n")  # one end line, always the last
    assert "# kehoach: the next 2 records were written together on " in text


def test_hand_edits_still_read(tmp_path):
    ledger = tmp_path / "ledger.toml"
    add_records(PLAN, ledger, [c()], "o")
    text = ledger.read_text("utf-8").replace('by = "tester"', 'by = "tester"  # đã kiểm tra')
    text = text.replace("[ledger]", "# ghi chú của Sở KH&ĐT\n[ledger]")
    hand = ('\n[[records]]\nid = "hand-1"\nindicator = "tourists"\nperiod = "2025-06"\nvalue = 1.2\n'
            'recorded_at = 2025-08-05T09:00:00+07:00\nby = "clerk"\n')  # fmt: skip
    ledger.write_text(text + hand, encoding="utf-8")  # a record added by hand after the end line
    for cache in (cache_dir(), None):
        assert {r.id for r in read_ledger(ledger, IDS, cache_dir=cache).records} >= {"hand-1"}
    add_records(PLAN, ledger, [c("grdp_growth", value="6.5")], "o")  # kehoach writes after them
    after = ledger.read_text("utf-8")
    assert "# ghi chú của Sở KH&ĐT" in after and "# đã kiểm tra" in after and 'id = "hand-1"' in after
    assert after.count(END_LINE) == 1 and after.endswith(END_LINE + "\n")
    assert len(read_ledger(ledger, IDS).records) == 3


def test_a_ledger_from_before_the_end_line_reads_and_is_sealed_on_its_next_write(tmp_path):
    ledger = tmp_path / "ledger.toml"
    old = HEADER + "\n" + render_records([_record("a", "tourists", "1.2")]).decode()
    ledger.write_text(old, encoding="utf-8")
    for k in (len(old) - 30, len(old) - 1):  # an old ledger cut short reads as it did (it cannot tell)
        ledger.write_text(old[:k], encoding="utf-8")
        try:
            read_ledger(ledger, IDS, cache_dir=None)
        except LedgerError:
            pass
    ledger.write_text(old, encoding="utf-8")
    assert [r.id for r in read_ledger(ledger, IDS).records] == ["a"]
    add_records(PLAN, ledger, [c()], "o")
    text = ledger.read_text("utf-8")
    assert text.startswith(SEAL_LINE) and text.endswith(END_LINE + "\n")
    assert "[ledger]" in text and old.split("\n", 4)[4] in text  # the records' bytes, as they were
    assert read_ledger(ledger, IDS).records[0].id == "a"
    assert read_ledger(ledger, IDS, cache_dir=None).records[0].id == "a"


def _record(rid, indicator, value):
    from datetime import datetime, timedelta, timezone

    from kehoach.core.ledger import Record
    from kehoach.core.periods import Period

    at = datetime(2025, 7, 5, 9, 0, tzinfo=timezone(timedelta(hours=7)))
    return Record(rid, indicator, Period(2025, 6), Decimal(value), at, by="tester")


# ── a value of 5,000 digits ──


@pytest.mark.parametrize("value", ["1" + "2" * 4999, "-" + "9" * 5000, "1" + "0" * 4400 + ".5"])
@pytest.mark.parametrize("crlf", [False, True], ids=["fast reader", "tomllib"])
def test_a_value_of_thousands_of_digits_is_bad_data_with_its_line(tmp_path, value, crlf):
    ledger = tmp_path / "ledger.toml"
    add_records(PLAN, ledger, [c()], "o")
    text = ledger.read_text("utf-8").replace("value = 10111.7", f"value = {value}")
    line = text[: text.index("value = ")].count("\n") + 1
    if crlf:
        text = text.replace("\n", "\r\n")  # not what the fast reader reads: tomllib reads it
    ledger.write_bytes(text.encode())
    for cache in (cache_dir(), None):
        with pytest.raises(LedgerError) as e:
            read_ledger(ledger, IDS, cache_dir=cache)
        assert e.value.message.startswith(f"ledger.toml:{line}: ")
        assert "too large" in e.value.message and len(e.value.message) < 200


def test_a_huge_value_through_the_cli_is_65(run, ledger):
    assert run("record", "tourists", "1.2", "--period", "2025-06", "--ledger", ledger).exit_code == 0
    ledger.write_text(ledger.read_text("utf-8").replace("value = 1.2", "value = 1" + "2" * 4999), encoding="utf-8")
    for command in (["status"], ["check"], ["history", "tourists"], ["export", "--all"],
                    ["record", "grdp_growth", "6", "--period", "2025-06"]):  # fmt: skip
        r = run(*command, "--ledger", ledger)
        assert r.exit_code == 65, (command, r.stderr[:300])
        assert "ledger.toml:" in r.stderr and "internal error" not in r.stderr


# ── two paths, one ledger, one lock ──


def test_a_symlink_and_its_target_are_one_lock(tmp_path):
    target = tmp_path / "real" / "ledger.toml"
    target.parent.mkdir()
    link = tmp_path / "link.toml"
    link.symlink_to(target)  # the ledger does not exist yet: the first two writers race to make it
    assert lock_path_for(link) == lock_path_for(target)
    folder = tmp_path / "folder"
    folder.mkdir()
    (tmp_path / "folder-link").symlink_to(folder)
    assert lock_path_for(tmp_path / "folder-link") == lock_path_for(folder)


_RACER = textwrap.dedent(
    """
    import sys, time
    from decimal import Decimal
    from pathlib import Path
    from kehoach.core.plan import load_plan
    from kehoach.core.recording import Candidate, add_records
    plan = load_plan(Path(sys.argv[2]))
    start = float(sys.argv[4])
    while time.time() < start:
        pass
    add_records(plan, Path(sys.argv[1]), [Candidate(sys.argv[3], "2025-06", Decimal("1"), "racer")], "racer",
                force=True, cache_dir=None, lock_timeout=30)
    """
)


@pytest.mark.slow
def test_two_writers_by_a_symlink_and_its_target_lose_nothing(tmp_path):
    script = tmp_path / "racer.py"
    script.write_text(_RACER)
    for n in range(8):
        folder = tmp_path / f"try{n}"
        folder.mkdir()
        target = folder / "ledger.toml"
        link = folder / "link.toml"
        link.symlink_to(target)
        start = time.time() + 1.0
        procs = [
            subprocess.Popen([sys.executable, str(script), str(path), str(PLAN_FILE), ind, str(start)])
            for path, ind in ((link, "tourists"), (target, "grdp_growth"))
        ]
        for p in procs:
            assert p.wait(60) == 0
        assert {r.indicator for r in read_ledger(target, IDS, cache_dir=None).records} == {"tourists", "grdp_growth"}
        assert not link.is_symlink() or link.resolve() == target.resolve()  # written through, the link kept


def test_two_threads_by_two_paths_lose_nothing(tmp_path):
    target = tmp_path / "ledger.toml"
    link = tmp_path / "link.toml"
    link.symlink_to(target)
    errors: list[BaseException] = []

    def write(path: Path, months: range) -> None:
        try:
            for m in months:
                add_records(PLAN, path, [c("tourists", f"2025-{m:02d}", str(m))], "o", cache_dir=None, lock_timeout=30)
        except BaseException as e:  # noqa: BLE001 - reported below
            errors.append(e)

    threads = [threading.Thread(target=write, args=(link, range(1, 7))),
               threading.Thread(target=write, args=(target, range(7, 13)))]  # fmt: skip
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors
    assert len(read_ledger(target, IDS).records) == 12 and link.is_symlink()


# ── a write killed at any moment ──

# The CLI in a subprocess, on a slow disk (a shared drive): every write of at most 64 KiB, then a
# pause, so that a kill can land part-way through writing a file, as it does on a busy server.
_IMPORTER = textwrap.dedent(
    """
    import os, sys, time
    real_write = os.write
    def slow_write(fd, data):
        n = real_write(fd, bytes(memoryview(data)[:65536]))
        time.sleep(0.002)
        return n
    os.write = slow_write
    from kehoach.cli import app
    sys.argv = ["kehoach", *sys.argv[1:]]
    app()
    """
)


_QUARTERLY = {ind.id for _t, ind in PLAN.indicators() if getattr(ind, "frequency", "monthly") == "quarterly"}
_KEYS = [(ind, f"{y}-{m:02d}") for ind in sorted(IDS) for y in (2024, 2025) for m in range(1, 13 if y == 2024 else 7)
         if ind not in _QUARTERLY or m % 3 == 0]  # GRDP growth is published by quarter


def _seed(ledger: Path) -> list[str]:
    """Every indicator and month once (810 records, in two writes): the ids."""
    add_records(PLAN, ledger, [c(ind, period, "1") for ind, period in _KEYS[:400]], "o", force=True)
    add_records(PLAN, ledger, [c(ind, period, "1") for ind, period in _KEYS[400:]], "o", force=True)
    return sorted(r.id for r in read_ledger(ledger, IDS).records)


def _big_csv(path: Path, rows: int) -> None:
    """An import file of `rows` rows, each a revision of a value that _seed recorded."""
    lines = ["id,period,value,area,note,revise"]
    for n in range(rows):
        ind, period = _KEYS[n % len(_KEYS)]
        lines.append(f"{ind},{period},{(n % 90) + 2},,ghi chú số {n} của Sở Kế hoạch và Đầu tư,sửa")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.mark.slow
@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM])
def test_an_import_killed_at_any_moment_leaves_the_ledger_as_before_or_whole(tmp_path, sig):
    """A large import into a ledger that holds records, killed at several moments: while checking,
    as soon as it starts writing, part-way through the write. Afterwards the ledger reads, and
    holds exactly its records from before or those and every imported row."""
    ledger = tmp_path / "ledger.toml"
    before = _seed(ledger)
    csv = tmp_path / "rows.csv"
    _big_csv(csv, 20000)
    rows = len(csv.read_text("utf-8").splitlines()) - 1
    script = tmp_path / "kehoach_cli.py"
    script.write_text(_IMPORTER)
    env = {**os.environ, "KEHOACH_LEDGER": str(ledger), "KEHOACH_LANG": "en"}
    outcomes = set()
    for moment in (0.3, ("writing", 0.0), ("writing", 0.05), ("writing", 0.15), ("writing", 0.3), 8.0):
        # Kill after a fixed time (while the rows are checked), or a moment after the write has
        # begun (a temp file beside the ledger, or the ledger itself grown).
        size = ledger.stat().st_size
        proc = subprocess.Popen([sys.executable, str(script), "import", str(csv), "--force"], env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=tmp_path)  # fmt: skip
        deadline = time.time() + (moment if isinstance(moment, float) else 60)
        while time.time() < deadline and proc.poll() is None:
            if not isinstance(moment, float) and (list(tmp_path.glob(".ledger.toml.*.tmp")) or ledger.stat().st_size != size):
                time.sleep(moment[1])
                break
            time.sleep(0.0005)
        proc.send_signal(sig)
        proc.wait(30)
        led = read_ledger(ledger, IDS)  # always readable
        ids = sorted(r.id for r in led.records)
        assert ids == before or (len(ids) == len(before) + rows and set(before) <= set(ids)), (moment, len(ids))
        outcomes.add("before" if ids == before else "whole")
        if ids != before:  # the import went through: start again from a ledger without it
            index.drop(ledger, cache_dir())
            ledger.unlink()
            before = _seed(ledger)
    assert outcomes == {"before", "whole"}
    add_records(PLAN, ledger, [c("hospital_beds", "2025-06", "35", revise="sửa")], "o", force=True)
    assert len(list(tmp_path.glob(".ledger.toml.*.tmp"))) == 0  # the next write sweeps what a kill left


def test_a_failed_write_leaves_no_temp_file_and_the_file_as_it_was(tmp_path, monkeypatch):
    import errno

    from kehoach.core import storage
    from kehoach.errors import DiskError

    ledger = tmp_path / "ledger.toml"
    writes(ledger)
    before = ledger.read_bytes()
    inode = ledger.stat().st_ino

    def full(fd, data):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(storage.os, "write", full)
    with pytest.raises(DiskError):
        add_records(PLAN, ledger, [c("hospital_beds", "2025-05", "35")], "o")
    monkeypatch.undo()
    assert ledger.read_bytes() == before and ledger.stat().st_ino == inode
    assert not list(tmp_path.glob(".ledger.toml.*.tmp"))


def test_a_write_keeps_the_mode_of_the_file(tmp_path):
    ledger = tmp_path / "ledger.toml"
    add_records(PLAN, ledger, [c()], "o")
    ledger.chmod(0o640)
    add_records(PLAN, ledger, [c("tourists", value="1.2")], "o")
    assert ledger.stat().st_mode & 0o777 == 0o640


# ── the plan a ledger belongs to ──

NGHE_AN = Path(__file__).resolve().parents[1] / "data" / "plan2024_nghean.toml"
PLAN_2024 = Path(__file__).resolve().parents[1] / "data" / "plan2024.toml"


def test_another_provinces_plan_is_refused_and_another_year_of_this_one_is_not(tmp_path):
    from kehoach.core.plan import load_plan

    ledger = tmp_path / "ledger.toml"
    add_records(PLAN, ledger, [c("budget_revenue", "2024-06", "7660.4")], "o")
    nghe_an = load_plan(NGHE_AN)
    for cache in (cache_dir(), None):
        with pytest.raises(DataError) as e:
            read_ledger(ledger, set(nghe_an.indicator_ids()), plan=nghe_an, cache_dir=cache)
        assert "Bắc Giang (2025)" in e.value.message and "Nghệ An (2024)" in e.value.message
        assert "--any-plan" in e.value.hint
        assert len(read_ledger(ledger, set(nghe_an.indicator_ids()), plan=nghe_an, any_plan=True, cache_dir=cache).records) == 1
        last_year = load_plan(PLAN_2024)  # Bắc Giang's 2024 plan: this ledger's own series
        assert len(read_ledger(ledger, set(last_year.indicator_ids()), plan=last_year, cache_dir=cache).records) == 1
    with pytest.raises(DataError) as e:
        add_records(nghe_an, ledger, [c("budget_revenue", "2024-06", "1")], "o", force=True)
    assert "--any-plan" not in e.value.hint and "Nghệ An" in e.value.hint


def test_a_ledger_that_names_no_plan_is_adopted_by_the_first_plan_that_writes(tmp_path):
    from kehoach.core.plan import load_plan

    ledger = tmp_path / "ledger.toml"
    ledger.write_text(HEADER + "\n" + render_records([_record("a", "budget_revenue", "7660.4")]).decode(), encoding="utf-8")
    nghe_an = load_plan(NGHE_AN)
    assert len(read_ledger(ledger, IDS, plan=PLAN).records) == 1  # no plan named: any plan reads it
    assert len(read_ledger(ledger, set(nghe_an.indicator_ids()), plan=nghe_an).records) == 1
    add_records(PLAN, ledger, [c("tourists", value="1.2")], "o")
    assert 'province = "Bắc Giang"' in ledger.read_text("utf-8")
    with pytest.raises(DataError):
        read_ledger(ledger, set(nghe_an.indicator_ids()), plan=nghe_an)
