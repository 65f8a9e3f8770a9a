"""`kehoach rank`: the provinces of one SQLite export ranked by one indicator — order by the plans'
direction, ties sharing a rank, a province without a value listed last as no data — and the file
only ever read.

Three provinces of 2025 are exported into one file: Bắc Giang (the bundled plan), the old Bắc Ninh
(tests/data/plan2025_bacninh_old.toml) and the new, merged Bắc Ninh (tests/data/plan2025_bacninh_merged.toml,
its June combined from its two predecessors' ledgers). Every recorded value is a MADE-UP TEST VALUE.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import sqlite3
from pathlib import Path

import pytest

from tests.cli.test_merged import BAC_GIANG, BAC_NINH_OLD, MERGED, OLD, write_ledger
from tests.conftest import PLAN_FILE

NATIONAL = Path(__file__).resolve().parents[1] / "data" / "plan2026_national.toml"


@pytest.fixture
def db(run, tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("KEHOACH_TODAY", "2025-07-15")
    out = tmp_path / "bo.sqlite"
    # the new Bắc Ninh: its plan, the old Bắc Ninh's, and both predecessors' ledgers (test values)
    plan = tmp_path / MERGED.name
    plan.write_text(MERGED.read_text(encoding="utf-8").replace('"../../data/plan2025.toml"', json.dumps(str(PLAN_FILE))),
                    encoding="utf-8")
    shutil.copy(OLD, tmp_path / OLD.name)
    write_ledger(tmp_path / "ledger_bacgiang.toml", BAC_GIANG)
    write_ledger(tmp_path / "ledger_bacninh_old.toml", BAC_NINH_OLD)
    # its own June record: 30.000 tỷ đồng (the export writes a month it has a record of)
    merged = write_ledger(tmp_path / "merged.toml", [("budget_revenue", "2025-06", "30000")])
    # Bắc Giang: growth 8,0 — the same as the old Bắc Ninh's (a tie) — and revenue 10.111,7
    bg = write_ledger(tmp_path / "bg.toml", [("grdp_growth", "2025-06", "8.0"), ("budget_revenue", "2025-06", "10111.7")])
    # the old Bắc Ninh: growth 8,0, no June revenue
    old = write_ledger(tmp_path / "old.toml", [("grdp_growth", "2025-06", "8.0")])
    for p, ledger in ((PLAN_FILE, bg), (tmp_path / OLD.name, old), (plan, merged)):
        r = run("export", "-o", out, "--plan", p, "--ledger", ledger)
        assert r.exit_code == 0, r.stderr
    return out


def ranked(run, db: Path, *args: str) -> dict:
    r = run("rank", db, *args, "--format", "json")
    assert r.exit_code == 0, r.stderr
    return json.loads(r.stdout)


def test_higher_first_and_ties_share_a_rank(run, db):
    doc = ranked(run, db, "grdp_growth")
    assert (doc["year"], doc["period"], doc["direction"], doc["order"]) == (2025, "2025-06", "higher", "desc")
    # the new Bắc Ninh: (13 × 100.000 + 8 × 150.000) ÷ 250.000 = 10, combined from the test ledgers
    assert [(r["rank"], r["province"], r["value"]) for r in doc["rows"]] == [
        (1, "Bắc Ninh", 10), (2, "Bắc Giang", 8), (2, "Bắc Ninh (cũ)", 8)]
    bg = doc["rows"][1]
    assert (bg["unit"], bg["percent_of_plan"], bg["status"], bg["stage"], bg["period"]) == (
        "%", 57.14, "off_track", None, "2025-06")  # 8 ÷ 14
    assert list(bg) == ["rank", "province", "value", "unit", "percent_of_plan", "status", "stage", "year", "period",
                        "target_text"]


def test_a_province_without_a_value_is_last_as_no_data(run, db):
    doc = ranked(run, db, "budget_revenue", "--period", "2025-06")
    assert [(r["rank"], r["province"], r["value"], r["status"]) for r in doc["rows"]] == [
        (1, "Bắc Ninh", 30000, "on_track"), (2, "Bắc Giang", 10111.7, "on_track"), (None, "Bắc Ninh (cũ)", None, "no_data")]
    # --top keeps the ranked rows only
    doc = ranked(run, db, "budget_revenue", "--top", "1")
    assert [r["province"] for r in doc["rows"]] == ["Bắc Ninh"]
    # ties at the last rank kept: the top 2 of growth are three provinces
    assert len(ranked(run, db, "grdp_growth", "--top", "2")["rows"]) == 3


def test_the_table_and_the_csv(run, db):
    r = run("rank", db, "budget_revenue")
    assert r.exit_code == 0, r.stderr
    lines = r.stdout.splitlines()
    assert lines[0] == "Xếp hạng theo Thu ngân sách nhà nước, 2025-06: cao nhất trước"
    assert lines[2].split() == ["Hạng", "Địa", "phương", "Giá", "trị", "ĐVT", "%", "KH", "Đánh", "giá", "Giai", "đoạn"]
    assert lines[3].split() == ["1", "Bắc", "Ninh", "30.000", "tỷ", "đồng", "52,8", "Đúng", "tiến", "độ", "—"]
    assert lines[5].split()[:4] == ["—", "Bắc", "Ninh", "(cũ)"] and "Chưa có số liệu" in lines[5]
    r = run("rank", db, "budget_revenue", "--format", "csv", "--lang", "en")
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    assert [(x["rank"], x["province"], x["value"]) for x in rows] == [
        ("1", "Bắc Ninh", "30000"), ("2", "Bắc Giang", "10111.7"), ("", "Bắc Ninh (cũ)", "")]


def test_lower_is_better_ranks_the_lowest_first(run, tmp_path, write_plan, plan_text, monkeypatch):
    monkeypatch.setenv("KEHOACH_TODAY", "2025-07-15")
    out = tmp_path / "poverty.sqlite"
    # a second province for the test: the bundled plan under another name (NOT a real province's plan)
    other = write_plan(plan_text.replace('province = "Bắc Giang"', 'province = "Tỉnh thử nghiệm"', 1), "other.toml")
    for plan, value in ((PLAN_FILE, "1.1"), (other, "0.95")):  # made-up poverty rates, %
        ledger = tmp_path / f"ledger-{plan.stem}.toml"
        assert run("record", "poverty_rate", value, "-p", "2025-06", "--plan", plan, "--ledger", ledger).exit_code == 0
        assert run("export", "-o", out, "--plan", plan, "--ledger", ledger).exit_code == 0
    doc = ranked(run, out, "poverty_rate")
    assert doc["order"] == "asc" and [(r["rank"], r["province"]) for r in doc["rows"]] == [
        (1, "Tỉnh thử nghiệm"), (2, "Bắc Giang")]
    assert run("rank", out, "poverty_rate", "--lang", "en").stdout.startswith(
        "Ranking by Poverty rate (2021–2025 standard), 2025-06: lowest first")


def test_the_file_is_only_read(run, db):
    before, mtime = db.read_bytes(), db.stat().st_mtime_ns
    folder = sorted(p.name for p in db.parent.iterdir())
    os.chmod(db, 0o444)  # a read-only file is read as well
    try:
        assert run("rank", db, "grdp_growth").exit_code == 0
    finally:
        os.chmod(db, 0o644)
    assert db.read_bytes() == before and db.stat().st_mtime_ns == mtime
    assert sorted(p.name for p in db.parent.iterdir()) == folder  # no journal, no temp file


def test_a_join_by_province_and_year_still_works(db):
    conn = sqlite3.connect(f"{db.absolute().as_uri()}?mode=ro", uri=True)
    try:
        rows = conn.execute("""
            SELECT p.province, p.year, s.actual, i.unit FROM plans p
            JOIN status s ON s.province = p.province AND s.year = p.year
            JOIN indicators i ON i.province = s.province AND i.year = s.year AND i.id = s.id
            WHERE s.id = 'grdp_growth' AND s.area IS NULL AND s.as_of = '2025-06' ORDER BY s.actual_num DESC, 1""").fetchall()
    finally:
        conn.close()
    assert rows == [("Bắc Ninh", 2025, "10.0", "%"), ("Bắc Giang", 2025, "8.0", "%"), ("Bắc Ninh (cũ)", 2025, "8.0", "%")]


@pytest.mark.parametrize("lang, said", [
    ("en", "no province of {db} has an indicator 'gdp_growth' in any year"),
    ("vi", "không tỉnh nào trong {db} có chỉ tiêu 'gdp_growth' ở bất kỳ năm nào"),
])
def test_the_national_plans_id_is_not_the_provinces(run, db, monkeypatch, lang, said):
    # the national plan says gdp_growth; the provinces' plans, and so the file, grdp_growth
    assert 'id = "gdp_growth"' in NATIONAL.read_text(encoding="utf-8")
    monkeypatch.setenv("KEHOACH_LANG", lang)
    r = run("rank", db, "gdp_growth")
    assert r.exit_code == 2 and said.format(db=db) in r.stderr and "'grdp_growth'" in r.stderr, r.stderr


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_a_missing_file_is_66_and_not_an_export_is_65(run, tmp_path, monkeypatch, lang):
    monkeypatch.setenv("KEHOACH_LANG", lang)
    r = run("rank", tmp_path / "none.sqlite", "grdp_growth")
    assert r.exit_code == 66 and "none.sqlite" in r.stderr and "Traceback" not in r.stderr
    assert not (tmp_path / "none.sqlite").exists()
    text = tmp_path / "notes.sqlite"
    text.write_text("not a database\n", encoding="utf-8")
    r = run("rank", text, "grdp_growth")
    assert r.exit_code == 65 and "notes.sqlite" in r.stderr
    assert ("not a kehoach export" if lang == "en" else "không phải tệp xuất của kehoach") in r.stderr, r.stderr
    other = tmp_path / "other.sqlite"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE status (id TEXT)")
    conn.commit()
    conn.close()
    before = other.read_bytes()
    r = run("rank", other, "grdp_growth")
    assert r.exit_code == 65 and "application = kehoach" in r.stderr, r.stderr
    assert other.read_bytes() == before and text.read_text(encoding="utf-8") == "not a database\n"
    assert run("rank", tmp_path, "grdp_growth").exit_code == 66  # a folder


def test_provinces_whose_units_differ_are_not_ranked_together(run, tmp_path, english):
    # exports: Bắc Giang's 2024 plan in tỷ USD, Nghệ An's in triệu USD (both plans as published)
    out = tmp_path / "2024.sqlite"
    data = Path(__file__).resolve().parents[1] / "data"
    for plan in (data / "plan2024.toml", data / "plan2024_nghean.toml"):
        assert run("export", "-o", out, "--plan", plan, "--ledger", tmp_path / f"ledger-{plan.stem}.toml").exit_code == 0
    r = run("rank", out, "exports", "--year", "2024")
    assert r.exit_code == 65 and "different units" in r.stderr and "tỷ USD" in r.stderr and "triệu USD" in r.stderr
    r = run("rank", out, "exports", "--period", "2025-06", "--year", "2024")
    assert r.exit_code == 2 and "--period 2025-06 is not in --year 2024" in r.stderr, r.stderr


def test_a_merged_province_without_records_of_its_own_is_ranked_on_its_combined_june(run, tmp_path, monkeypatch):
    """The new Bắc Ninh exists from July: its June is only its predecessors' combined values, and
    the export writes that month for it all the same (test values: 9.000 + 20.000)."""
    monkeypatch.setenv("KEHOACH_TODAY", "2025-08-10")
    plan = tmp_path / MERGED.name
    plan.write_text(MERGED.read_text(encoding="utf-8").replace('"../../data/plan2025.toml"', json.dumps(str(PLAN_FILE))),
                    encoding="utf-8")
    shutil.copy(OLD, tmp_path / OLD.name)
    write_ledger(tmp_path / "ledger_bacgiang.toml", BAC_GIANG)
    write_ledger(tmp_path / "ledger_bacninh_old.toml", BAC_NINH_OLD)
    merged = write_ledger(tmp_path / "merged.toml", [("grdp_per_capita", "2025-07", "5000")])  # July only
    out = tmp_path / "bo.sqlite"
    r = run("export", "-o", out, "--plan", plan, "--ledger", merged)
    assert r.exit_code == 0, r.stderr
    doc = ranked(run, out, "budget_revenue", "--period", "2025-06")
    assert [(r["rank"], r["province"], r["value"]) for r in doc["rows"]] == [(1, "Bắc Ninh", 29000)]


def test_export_to_sqlite_as_known_on_a_day(run, tmp_path):
    """--known-at reaches the SQLite export: the records and the status rows as known on that day
    (write_ledger's records are all recorded 2025-07-05), and a malformed day is refused (exit 2)."""
    ledger = write_ledger(tmp_path / "bg.toml", [("budget_revenue", "2025-06", "10111.7")])
    out = tmp_path / "k.sqlite"
    r = run("export", "-o", out, "--plan", PLAN_FILE, "--ledger", ledger, "--known-at", "2025-07-04")
    assert r.exit_code == 0, r.stderr
    with sqlite3.connect(out) as con:
        assert con.execute("select count(*) from records").fetchone() == (0,)
    r = run("export", "-o", out, "--plan", PLAN_FILE, "--ledger", ledger, "--known-at", "2025-07-05")
    with sqlite3.connect(out) as con:
        assert con.execute("select count(*) from records").fetchone() == (1,)
    before = out.read_bytes()
    r = run("export", "-o", out, "--plan", PLAN_FILE, "--ledger", ledger, "--known-at", "garbage")
    assert r.exit_code == 2 and out.read_bytes() == before


def test_a_year_not_in_the_file_names_the_years_it_has(run, db):
    r = run("rank", db, "budget_revenue", "--year", "2030")
    assert r.exit_code == 2 and "không có kế hoạch của tỉnh nào cho năm 2030" in r.stderr and "2025" in r.stderr
