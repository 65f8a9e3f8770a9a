"""Offices that disagree: two office files of one ledger folder, merged through git, with
different values for the same indicator, period and area, neither revising the other. That is a
conflict: shown with both values and offices by status, report and history, failing `check`, and
settled by a revision that replaces both."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest


@pytest.fixture(params=["index", "files"])
def cache(request, monkeypatch):
    """Every test runs served by the ledger index and read from the files alone: they must agree."""
    if request.param == "files":
        monkeypatch.setenv("KEHOACH_CACHE", "off")
    return request.param


def office_folder(run, tmp_path: Path, name: str, *records: tuple[str, str, str]) -> Path:
    """A clone of the shared folder in which one office records (as on its own machine)."""
    folder = tmp_path / f"clone-{name}"
    folder.mkdir()
    for ind, value, period in records:
        r = run("record", ind, value, "--period", period, "--office", name, "--by", f"cán bộ {name}", "--ledger", folder)
        assert r.exit_code == 0, r.output
    return folder / f"{name}.toml"


@pytest.fixture
def merged(run, tmp_path):
    """huyen-a says 1,6 million visits by June, huyen-b 1,7: both files in one folder, as after a git pull."""
    a = office_folder(run, tmp_path, "huyen-a", ("tourists", "1.6", "2025-06"))
    b = office_folder(run, tmp_path, "huyen-b", ("tourists", "1.7", "2025-06"))
    shared = tmp_path / "ledger"
    shared.mkdir()
    shutil.copy(a, shared / a.name)
    shutil.copy(b, shared / b.name)
    return shared


def ids(folder: Path) -> dict[str, str]:
    """office → the id of its (first) record."""
    out = {}
    for f in folder.glob("*.toml"):
        line = next(x for x in f.read_text("utf-8").splitlines() if x.startswith("id = "))
        out[f.stem] = line.split('"')[1]
    return out


def test_status_shows_both_values_and_offices(run, merged, cache):
    rec = ids(merged)
    doc = json.loads(run("status", "--target", "7", "--format", "json", "--ledger", merged).stdout)
    row = doc["indicators"][0]
    assert row["actual"] == 1.7  # the later record stands in until the conflict is settled
    assert row["conflict"] == [
        {"value": 1.6, "by": "cán bộ huyen-a", "office": "huyen-a", "record_id": rec["huyen-a"]},
        {"value": 1.7, "by": "cán bộ huyen-b", "office": "huyen-b", "record_id": rec["huyen-b"]},
    ]
    assert doc["conflicts"] == [{"id": "tourists", "period": "2025-06", "area": None, "values": row["conflict"]}]
    text = run("status", "--target", "7", "--ledger", merged, "--locale", "vi").stdout
    assert "huyen-a báo 1,6 triệu lượt" in text and "huyen-b báo 1,7 triệu lượt" in text
    assert "--revise" in text
    csv = run("status", "--target", "7", "--format", "csv", "--ledger", merged).stdout
    assert f"value=1.6 by=cán bộ huyen-a office=huyen-a record_id={rec['huyen-a']}" in csv


def test_check_fails_on_a_conflict_and_lists_it(run, merged, cache):
    r = run("check", "--ledger", merged)
    assert r.exit_code == 1
    line = next(x for x in r.stdout.splitlines() if x.startswith("Chưa thống nhất\ttourists\t"))
    assert "huyen-a báo 1,6" in line and "huyen-b báo 1,7" in line
    doc = json.loads(run("check", "--format", "json", "--ledger", merged).stdout)
    assert doc["ok"] is False and [c["id"] for c in doc["conflicts"]] == ["tourists"]
    # both values are on track (1,5 expected by June): only the conflict fails the check
    assert doc["summary"]["on_track"] == 1 and doc["summary"]["off_track"] == 0


def test_history_marks_both_as_disagreeing_not_as_superseded(run, merged, cache):
    table = run("history", "tourists", "--ledger", merged).stdout
    assert "đã thay" not in table and table.count("(chưa thống nhất)") == 2
    doc = json.loads(run("history", "tourists", "--format", "json", "--ledger", merged).stdout)
    assert [(r["value"], r["in_force"], r["conflict"]) for r in doc["records"]] == [(1.6, True, True), (1.7, True, True)]
    assert doc["conflicts"][0]["period"] == "2025-06"


def test_the_report_has_a_section_for_figures_offices_disagree_on(run, merged, cache):
    md = run("report", "--ledger", merged).stdout
    assert "## IV. SỐ LIỆU CÁC ĐƠN VỊ BÁO CÁO KHÁC NHAU" in md and "## PHỤ LỤC" in md
    assert "huyen-a báo 1,6 triệu lượt" in md and "huyen-b báo 1,7 triệu lượt" in md
    en = run("report", "--lang", "en", "--format", "text", "--ledger", merged).stdout
    assert "FIGURES THAT OFFICES REPORT DIFFERENTLY" in en and "huyen-a reports 1.6 million visits" in en


def test_a_revision_settles_the_conflict_in_the_folder(run, merged, cache):
    before = {f.name: f.read_bytes() for f in merged.glob("*.toml")}
    rec = ids(merged)
    # a plain second value is refused, naming both offices' values
    r = run("record", "tourists", "1.65", "--period", "2025-06", "--office", "so-khdt", "--ledger", merged)
    assert r.exit_code == 65 and "các đơn vị báo số liệu khác nhau" in r.stderr and rec["huyen-a"] in r.stderr and rec["huyen-b"] in r.stderr
    assert {f.name: f.read_bytes() for f in merged.glob("*.toml")} == before
    settle = ("record", "tourists", "1.65", "--period", "2025-06", "--office", "so-khdt",
              "--revise", "Cục Thống kê xác nhận", "--ledger", merged)  # fmt: skip
    assert run(*settle).exit_code == 0
    written = (merged / "so-khdt.toml").read_text("utf-8")
    assert f'revises = "{rec["huyen-b"]}"' in written and f'"{rec["huyen-a"]}",' in written  # the one in force, then the other
    assert {f.name: f.read_bytes() for f in merged.glob("*.toml") if f.name in before} == before  # append-only
    assert run("check", "--ledger", merged).exit_code == 0
    doc = json.loads(run("status", "--target", "7", "--format", "json", "--ledger", merged).stdout)
    assert doc["indicators"][0]["actual"] == 1.65 and doc["indicators"][0]["conflict"] is None and doc["conflicts"] == []
    hist = json.loads(run("history", "tourists", "--format", "json", "--ledger", merged).stdout)["records"]
    assert [(r["value"], r["in_force"], r["conflict"]) for r in hist] == [(1.6, False, False), (1.7, False, False), (1.65, True, False)]
    assert hist[2]["also_revises"] == [rec["huyen-a"]]
    size = (merged / "so-khdt.toml").stat().st_size
    r = run(*settle)  # a retry is a no-op, as for a plain record
    assert r.exit_code == 0 and (merged / "so-khdt.toml").stat().st_size == size


def test_a_revision_by_either_office_settles_it_too(run, merged, cache):
    """huyen-a corrects its own figure to 1,65 after huyen-b's 1,7 arrived: it revises the record in
    force (huyen-b's) and, with it, its own: both offices' records are replaced."""
    r = run("record", "tourists", "1.68", "--period", "2025-06", "--office", "huyen-a", "--revise", "sửa", "--ledger", merged)
    assert r.exit_code == 0
    assert run("check", "--ledger", merged).exit_code == 0


def test_the_same_value_in_two_offices_is_no_conflict(run, tmp_path, cache):
    a = office_folder(run, tmp_path, "huyen-a", ("tourists", "1.6", "2025-06"))
    b = office_folder(run, tmp_path, "huyen-b", ("tourists", "1.60", "2025-06"))
    shared = tmp_path / "ledger"
    shared.mkdir()
    shutil.copy(a, shared / a.name)
    shutil.copy(b, shared / b.name)
    assert run("check", "--ledger", shared).exit_code == 0
    doc = json.loads(run("status", "--target", "7", "--format", "json", "--ledger", shared).stdout)
    assert doc["indicators"][0]["conflict"] is None and doc["conflicts"] == []
    assert "(chưa thống nhất)" not in run("history", "tourists", "--ledger", shared).stdout


def test_a_conflict_in_an_earlier_month_fails_check_too(run, tmp_path, cache):
    a = office_folder(run, tmp_path, "huyen-a", ("tourists", "0.6", "2025-03"), ("tourists", "1.6", "2025-06"))
    b = office_folder(run, tmp_path, "huyen-b", ("tourists", "0.7", "2025-03"))
    shared = tmp_path / "ledger"
    shared.mkdir()
    shutil.copy(a, shared / a.name)
    shutil.copy(b, shared / b.name)
    doc = json.loads(run("check", "--format", "json", "--ledger", shared).stdout)
    assert doc["ok"] is False and [(c["id"], c["period"]) for c in doc["conflicts"]] == [("tourists", "2025-03")]
    assert run("check", "--ledger", shared).exit_code == 1
    # as of February nothing was recorded yet: no conflict to see
    assert run("check", "--as-of", "2025-02", "--ledger", shared).exit_code == 0


def test_a_conflict_in_a_district_fails_the_provinces_check_and_that_districts(run, tmp_path, areas_plan, cache):
    def clone(name: str, value: str) -> Path:
        folder = tmp_path / f"clone-{name}"
        folder.mkdir()
        r = run("record", "tourists", value, "--period", "2025-06", "--area", "Lục Ngạn", "--office", name,
                "--plan", areas_plan, "--ledger", folder)  # fmt: skip
        assert r.exit_code == 0, r.output
        return folder / f"{name}.toml"

    shared = tmp_path / "ledger"
    shared.mkdir()
    for f in (clone("huyen-a", "0.30"), clone("so-vhttdl", "0.32")):
        shutil.copy(f, shared / f.name)
    common = ["--plan", areas_plan, "--ledger", shared]
    doc = json.loads(run("check", "--format", "json", *common).stdout)
    assert [(c["id"], c["area"]) for c in doc["conflicts"]] == [("tourists", "Lục Ngạn")]
    assert run("check", "--area", "Lục Ngạn", *common).exit_code == 1
    assert run("check", "--area", "Yên Dũng", *common).exit_code == 0
    row = json.loads(run("status", "--area", "Lục Ngạn", "--target", "7", "--format", "json", *common).stdout)["indicators"][0]
    assert [e["value"] for e in row["conflict"]] == [0.30, 0.32]
    hint = run("status", "--area", "Lục Ngạn", "--target", "7", *common).stdout
    assert '--area "Lục Ngạn" --revise' in hint
    # settled by an import row that is a revision, as by `record --revise`
    src = tmp_path / "fix.csv"
    src.write_text("id,period,value,area,revise\ntourists,2025-06,0.31,Lục Ngạn,số thống nhất\n", encoding="utf-8")
    r = run("import", src, "--office", "so-khdt", *common)
    assert r.exit_code == 0, r.output
    assert run("check", *common).exit_code == 0


def test_a_settling_revision_written_by_hand_reads_the_same(run, merged, cache):
    """`also_revises` as a person would type it (an inline array) settles as kehoach's own does;
    without `revises` it is refused with its line, and nothing is written."""
    rec = ids(merged)
    hand = merged / "so-khdt.toml"
    record = (
        '\n[[records]]\nid = "tay-1"\nindicator = "tourists"\nperiod = "2025-06"\nvalue = 1.65\n'
        'recorded_at = 2025-07-10T08:00:00+07:00\nby = "tay"\n{revises}also_revises = ["{other}"]\n'
    )
    hand.write_text("format = 1\n" + record.format(revises="", other=rec["huyen-a"]), encoding="utf-8")
    r = run("check", "--ledger", merged)
    assert r.exit_code == 65 and "so-khdt.toml:" in r.stderr and "also_revises" in r.stderr
    text = record.format(revises=f'revises = "{rec["huyen-b"]}"\nreason = "thống nhất"\n', other=rec["huyen-a"])
    hand.write_text("format = 1\n" + text, encoding="utf-8")
    assert run("check", "--ledger", merged).exit_code == 0
    doc = json.loads(run("status", "--target", "7", "--format", "json", "--ledger", merged).stdout)
    assert doc["indicators"][0]["actual"] == 1.65 and doc["conflicts"] == []
