"""The documented backup — `kehoach export --all > backup.csv` — and its restore — `kehoach import
backup.csv` — give back the same ledger: the same records with their ids, times, offices and
revision links, so that `check` says the same and a second `export --all` is the same file; or
they refuse. And a ledger answers only to its own province's plan."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.cli.test_offices import office_folder

NGHE_AN = Path(__file__).resolve().parents[1] / "data" / "plan2024_nghean.toml"
PLAN_2024 = Path(__file__).resolve().parents[1] / "data" / "plan2024.toml"


@pytest.fixture(params=["index", "files"])
def cache(request, monkeypatch):
    """Served by the ledger index, and read from the files alone: the same either way."""
    if request.param == "files":
        monkeypatch.setenv("KEHOACH_CACHE", "off")
    return request.param


def _history(run, ledger) -> None:
    """Besides the offices' conflict: a revision chain (x, then y revising x, then z revising y),
    one of its links across the offices, a note, a source and an area-less record of 2024."""
    steps = [
        ("budget_revenue", "9000", "2025-06", "huyen-b", None),
        ("budget_revenue", "9500", "2025-06", "huyen-a", "số liệu sơ bộ"),
        ("budget_revenue", "10111.7", "2025-06", "huyen-b", "số liệu chính thức"),
        ("budget_revenue", "7660.4", "2024-06", "huyen-a", None),
        ("grdp_growth", "6.50", "2025-06", "huyen-a", None),
    ]
    for ind, value, period, office, revise in steps:
        args = ["record", ind, value, "--period", period, "--office", office, "--by", f"cán bộ {office}", "--ledger", ledger,
                "--note", "ghi chú, có dấu phẩy", "--source", "Sở Tài chính"]  # fmt: skip
        if revise:
            args += ["--revise", revise]
        r = run(*args)
        assert r.exit_code == 0, r.stderr


@pytest.fixture(params=["folder", "file"])
def shaped(request, run, tmp_path):
    """A ledger with an unsettled conflict (two offices, 1,6 and 1,7 tourists by June) and a
    revision chain: a folder of office files, or one file holding both offices' records."""
    a = office_folder(run, tmp_path, "huyen-a", ("tourists", "1.6", "2025-06"))
    b = office_folder(run, tmp_path, "huyen-b", ("tourists", "1.7", "2025-06"))
    folder = tmp_path / "ledger"
    folder.mkdir()
    shutil.copy(a, folder / a.name)
    shutil.copy(b, folder / b.name)
    _history(run, folder)
    if request.param == "folder":
        return folder
    # the same records in one file, as a person merging the offices' files by hand would make it
    single = tmp_path / "ledger.toml"
    texts = [f.read_text("utf-8") for f in sorted(folder.glob("*.toml"))]
    end = texts[0].splitlines()[-1]
    body = texts[0][: texts[0].rindex(end)] + "".join(t[t.index("\n[[records]]") + 1 : t.rindex(end)] for t in texts[1:])
    single.write_text(body + end + "\n", encoding="utf-8")
    shutil.rmtree(folder)
    return single


def _state(run, ledger) -> tuple[int, str, str, str]:
    check = run("check", "--ledger", ledger)
    return check.exit_code, check.stdout, run("export", "--all", "--ledger", ledger).stdout, run(
        "check", "--format", "json", "--ledger", ledger).stdout


def test_a_backup_restored_gives_back_the_same_ledger(run, shaped, tmp_path, cache):
    before = _state(run, shaped)
    assert before[0] == 1 and "Chưa thống nhất\ttourists" in before[1]  # the offices' conflict is there
    backup = tmp_path / "backup.csv"
    backup.write_text(run("export", "--all", "--ledger", shaped).stdout, encoding="utf-8")
    # the ledger is lost; the backup is imported where it was
    shutil.rmtree(shaped) if shaped.is_dir() else shaped.unlink()
    target = f"{shaped}/" if shaped.suffix != ".toml" else shaped
    r = run("import", backup, "--ledger", target)
    assert r.exit_code == 0, r.stderr
    assert _state(run, shaped) == before  # check says the same, and the next backup is the same file
    for r in json.loads(run("history", "budget_revenue", "--format", "json", "--ledger", shaped).stdout)["records"]:
        assert r["by"].startswith("cán bộ ")  # who recorded each value, kept


def test_a_backup_in_a_spreadsheet_gives_back_the_same_ledger(run, shaped, tmp_path):
    before = _state(run, shaped)
    backup = tmp_path / "backup.xlsx"
    assert run("export", "--all", "-o", backup, "--ledger", shaped).exit_code == 0
    restored = tmp_path / ("restored/" if shaped.is_dir() else "restored.toml")
    if shaped.is_dir():
        (tmp_path / "restored").mkdir()
    assert run("import", backup, "--ledger", restored).exit_code == 0
    after = _state(run, restored)
    assert after[:3] == before[:3] and '"6.50"' not in after[2]  # 6.50 stays 6.50 (CSV: 6.50), not 6.5
    assert ",6.50," in after[2]


def test_restoring_into_a_ledger_that_has_the_records_adds_nothing(run, shaped, tmp_path):
    backup = tmp_path / "backup.csv"
    backup.write_text(run("export", "--all", "--ledger", shaped).stdout, encoding="utf-8")
    files = {f: f.read_bytes() for f in (shaped.glob("*.toml") if shaped.is_dir() else [shaped])}
    r = run("import", backup, "--ledger", shaped)
    assert r.exit_code == 0 and "0 record(s)" in r.stderr.replace("0 bản ghi", "0 record(s)")
    assert {f: f.read_bytes() for f in files} == files


def test_a_changed_record_in_a_backup_is_refused_and_nothing_written(run, shaped, tmp_path, english):
    text = run("export", "--all", "--ledger", shaped).stdout
    files = {f: f.read_bytes() for f in (shaped.glob("*.toml") if shaped.is_dir() else [shaped])}
    backup = tmp_path / "backup.csv"
    backup.write_text(text.replace(",1.7,", ",1.8,"), encoding="utf-8")  # a value changed in Excel
    r = run("import", backup, "--ledger", shaped)
    assert r.exit_code == 65 and "restoring it would change what the ledger says" in r.stderr
    assert {f: f.read_bytes() for f in files} == files


def test_an_older_copy_is_made_whole_by_the_backup(run, shaped, tmp_path):
    """A copy of the ledger from last week, and this week's backup: restoring the backup into the
    copy adds what was recorded since, each record in its office file, and skips what is there."""
    copy = tmp_path / "copy"
    if shaped.is_dir():
        shutil.copytree(shaped, copy)
    else:
        copy = copy.with_suffix(".toml")
        shutil.copy(shaped, copy)
    for office in ("huyen-a", "huyen-b"):
        r = run("record", "hospital_beds", "35" if office == "huyen-a" else "36", "--period", "2025-0" + ("5" if office == "huyen-a" else "6"),
                "--office", office, "--ledger", shaped)  # fmt: skip
        assert r.exit_code == 0, r.stderr
    before = _state(run, shaped)
    backup = tmp_path / "backup.csv"
    backup.write_text(run("export", "--all", "--ledger", shaped).stdout, encoding="utf-8")
    r = run("import", backup, "--ledger", copy)
    assert r.exit_code == 0, r.stderr
    assert _state(run, copy)[:2] == before[:2]
    if shaped.is_dir():
        assert _state(run, copy) == before


def test_a_backup_row_without_its_id_or_time_is_refused(run, shaped, tmp_path, english):
    lines = run("export", "--all", "--ledger", shaped).stdout.splitlines()
    header = lines[0].split(",")
    cells = lines[1].split(",")
    cells[header.index("record_id")] = ""
    backup = tmp_path / "backup.csv"
    backup.write_text("\n".join([lines[0], ",".join(cells), *lines[2:]]) + "\n", encoding="utf-8")
    target = tmp_path / "new.toml"
    r = run("import", backup, "--ledger", target)
    assert r.exit_code == 65 and "row 2" in r.stderr and "record_id" in r.stderr
    assert not target.exists()


def test_a_backup_whose_revision_lost_its_target_is_refused(run, shaped, tmp_path, english):
    lines = run("export", "--all", "--ledger", shaped).stdout.splitlines()
    kept = [line for line in lines if ",9000," not in line]  # the first of the chain, left out
    backup = tmp_path / "backup.csv"
    backup.write_text("\n".join(kept) + "\n", encoding="utf-8")
    target = tmp_path / "new.toml"
    r = run("import", backup, "--ledger", target)
    assert r.exit_code == 65 and "but no record has that id" in r.stderr
    assert not target.exists()


def test_a_dry_run_of_a_restore_writes_nothing(run, shaped, tmp_path, english):
    backup = tmp_path / "backup.csv"
    backup.write_text(run("export", "--all", "--ledger", shaped).stdout, encoding="utf-8")
    target = tmp_path / "new.toml"
    r = run("import", backup, "--dry-run", "--ledger", target)
    assert r.exit_code == 0 and "would be restored" in r.stderr and not target.exists()


# ── a ledger belongs to its province's plan ──


def test_another_provinces_plan_on_this_ledger_is_refused(run, monkeypatch):
    """The tester's case: Bắc Giang's per-user ledger, read with Nghệ An's plan, reported Bắc
    Giang's 7.660,4 tỷ đồng as Nghệ An's budget revenue."""
    assert run("record", "budget_revenue", "7660.4", "--period", "2024-06").exit_code == 0  # the default ledger
    for command in (["status"], ["report"], ["check"], ["history", "budget_revenue"], ["show", "budget_revenue"],
                    ["chart", "budget_revenue"], ["export"]):  # fmt: skip
        r = run(*command, "--plan", NGHE_AN)
        assert r.exit_code == 65, (command, r.stdout)
        assert "Bắc Giang" in r.stderr and "Nghệ An" in r.stderr and "--any-plan" in r.stderr
        assert "7.660,4" not in r.stdout
    r = run("status", "--plan", NGHE_AN, "--any-plan", "--format", "json")
    assert r.exit_code == 0 and json.loads(r.stdout)["plan"]["province"] == "Nghệ An"  # asked for: read
    r = run("record", "budget_revenue", "15000", "--period", "2024-12", "--plan", NGHE_AN)
    assert r.exit_code == 65 and "Nghệ An" in r.stderr and "--any-plan" not in r.stderr


def test_another_year_of_the_same_province_reads_this_ledger(run, ledger):
    assert run("record", "budget_revenue", "10111.7", "--period", "2024-06", "--plan", PLAN_2024, "--ledger", ledger).exit_code == 0
    assert run("status", "--ledger", ledger).exit_code == 0  # the 2025 plan reads its baseline year
    draft = ledger.parent / "next.toml"
    assert run("plan", "next", "-o", draft, "--ledger", ledger).exit_code == 0
    assert run("status", "--plan", draft, "--ledger", ledger).exit_code == 0  # and next year's plan, this year's


def test_a_restore_into_an_indexed_copy_takes_a_revision_of_a_record_in_a_file_written_after_it(run, tmp_path):
    """Office a's revision of office b's record: a.toml is restored before b.toml, so the index of
    the copy must not be told of a.toml alone (it would find a revision of an id not written yet,
    after writing a.toml); it sees both files on its next use."""
    source, copy = tmp_path / "l1", tmp_path / "l2"
    source.mkdir()
    for args in (["tourists", "3", "--period", "2025-05", "--office", "a"],):
        assert run("record", *args, "--ledger", f"{source}/").exit_code == 0
    shutil.copytree(source, copy)
    assert run("status", "--format", "json", "--ledger", f"{copy}/").exit_code == 0  # the copy's index, warm
    assert run("record", "budget_revenue", "10111.7", "--period", "2025-06", "--office", "b",
               "--ledger", f"{source}/").exit_code == 0
    assert run("record", "budget_revenue", "10200", "--period", "2025-06", "--office", "a", "--revise", "chính thức",
               "--ledger", f"{source}/").exit_code == 0
    backup = tmp_path / "bk.csv"
    assert run("export", "--all", "-o", str(backup), "--ledger", f"{source}/").exit_code == 0
    r = run("import", str(backup), "--ledger", f"{copy}/")
    assert r.exit_code == 0, r.stderr
    want = json.loads(run("export", "--all", "--format", "json", "--ledger", f"{source}/").stdout)
    got = json.loads(run("export", "--all", "--format", "json", "--ledger", f"{copy}/").stdout)
    assert len(got["records"]) == 3 and got["records"] == want["records"]


def test_a_restore_into_an_indexed_copy_takes_a_settlement_of_two_offices_in_a_file_written_before_them(run, tmp_path):
    """Offices c and d disagree; office a settles it (revises one, also_revises the other). a.toml is
    restored before c.toml and d.toml, so its settlement names ids written after it."""
    source, copy = tmp_path / "l1", tmp_path / "l2"
    source.mkdir()
    assert run("record", "tourists", "3", "--period", "2025-05", "--office", "a", "--ledger", f"{source}/").exit_code == 0
    shutil.copytree(source, copy)
    assert run("status", "--format", "json", "--ledger", f"{copy}/").exit_code == 0  # the copy's index, warm
    for office, value in (("c", "1.6"), ("d", "1.7")):  # each in its own folder, then together: as after a git pull
        alone = tmp_path / office
        assert run("record", "tourists", value, "--period", "2025-06", "--office", office,
                   "--ledger", f"{alone}/").exit_code == 0
        shutil.copy(alone / f"{office}.toml", source / f"{office}.toml")
    assert json.loads(run("status", "--format", "json", "--ledger", f"{source}/").stdout)["conflicts"] != []
    r = run("record", "tourists", "1.65", "--period", "2025-06", "--office", "a", "--revise", "Cục Thống kê xác nhận",
            "--ledger", f"{source}/")
    assert r.exit_code == 0, r.stderr
    assert "also_revises" in (source / "a.toml").read_text("utf-8")
    backup = tmp_path / "bk.csv"
    assert run("export", "--all", "-o", str(backup), "--ledger", f"{source}/").exit_code == 0
    r = run("import", str(backup), "--ledger", f"{copy}/")
    assert r.exit_code == 0, r.stderr
    want = json.loads(run("status", "--format", "json", "--ledger", f"{source}/").stdout)
    got = json.loads(run("status", "--format", "json", "--ledger", f"{copy}/").stdout)
    assert got["conflicts"] == [] and got["indicators"] == want["indicators"]
    assert run("check", "--ledger", f"{copy}/").exit_code == run("check", "--ledger", f"{source}/").exit_code
