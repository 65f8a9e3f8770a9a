"""`export --format sqlite`: many provinces in one SQLite file, each under its province and
year; a re-export replaces one province's rows in one transaction and leaves the others alone.

Every recorded value here is made up for the test (10111.7, 6.5, 7.1, …), not a real figure.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from tests.conftest import PLAN_FILE, REPO

NGHEAN = REPO / "tests" / "data" / "plan2024_nghean.toml"
BG, NA = "Bắc Giang", "Nghệ An"


@pytest.fixture
def two(run, tmp_path):
    """Bắc Giang's bundled plan and Nghệ An's test plan, each with its own ledger of made-up values,
    exported into one file."""
    bg, na, db = tmp_path / "bacgiang.toml", tmp_path / "nghean.toml", tmp_path / "bo.sqlite"
    for args in (
        ("budget_revenue", "10111.7", "-p", "2025-06", "--plan", PLAN_FILE, "--ledger", bg),
        ("grdp_growth", "6.5", "-p", "2025-06", "--plan", PLAN_FILE, "--ledger", bg),
        ("budget_revenue", "9876.5", "-p", "2024-06", "--plan", NGHEAN, "--ledger", na),
        ("grdp_growth", "7.1", "-p", "2024-06", "--plan", NGHEAN, "--ledger", na),
    ):
        r = run("record", *args)
        assert r.exit_code == 0, r.stderr
    for plan, ledger in ((PLAN_FILE, bg), (NGHEAN, na)):
        r = run("export", "-o", db, "--plan", plan, "--ledger", ledger)
        assert r.exit_code == 0, r.stderr
    return {"bg": bg, "na": na, "db": db}


def query(db: Path, sql: str, *params) -> list[tuple]:
    conn = sqlite3.connect(f"{db.absolute().as_uri()}?mode=ro", uri=True)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def dump(db: Path, province: str) -> dict[str, list[tuple]]:
    """Every row of one province in every table, each cell as SQLite's own literal (quote()), so
    that a value that changed type or digits shows."""
    out = {}
    for table in ("plans", "indicators", "records", "status"):
        cols = [r[1] for r in query(db, f"PRAGMA table_info({table})")]
        cells = ", ".join(f'quote("{c}")' for c in cols)
        out[table] = query(db, f"SELECT {cells} FROM {table} WHERE province = ? ORDER BY 1, 2, 3, 4, 5", province)
    return out


BUDGET_OF_BOTH = """
    SELECT p.province, p.year, p.title, i.unit, r.period, r.value, typeof(r.value), r.value_num, typeof(r.value_num)
    FROM plans p
    JOIN records r ON r.province = p.province AND r.year = p.year
    JOIN indicators i ON i.province = r.province AND i.year = r.year AND i.id = r.indicator
    WHERE r.indicator = 'budget_revenue' AND r.in_force
    ORDER BY p.province
"""


def test_two_provinces_in_one_file_join_by_province_and_year(two):
    rows = query(two["db"], BUDGET_OF_BOTH)
    assert rows == [
        (BG, 2025, "Kế hoạch phát triển kinh tế - xã hội năm 2025", "tỷ đồng", "2025-06", "10111.7", "text", 10111.7, "real"),
        (NA, 2024, "Kế hoạch phát triển kinh tế - xã hội năm 2024", "tỷ đồng", "2024-06", "9876.5", "text", 9876.5, "real"),
    ]
    assert query(two["db"], "SELECT key, value FROM meta ORDER BY key") == [("application", "kehoach"), ("schema_version", "1")]
    assert query(two["db"], "PRAGMA integrity_check") == [("ok",)]
    counts = query(two["db"], "SELECT province, year, count(*) FROM indicators GROUP BY 1, 2 ORDER BY 1")
    assert counts == [(BG, 2025, 45), (NA, 2024, 8)]


@pytest.mark.skipif(shutil.which("sqlite3") is None, reason="the sqlite3 command-line shell is not installed")
def test_the_sqlite3_shell_opens_it(two):
    out = subprocess.run(["sqlite3", "-readonly", str(two["db"]), BUDGET_OF_BOTH], capture_output=True, text=True,
                         check=True, encoding="utf-8").stdout
    assert out.splitlines() == [
        f"{BG}|2025|Kế hoạch phát triển kinh tế - xã hội năm 2025|tỷ đồng|2025-06|10111.7|text|10111.7|real",
        f"{NA}|2024|Kế hoạch phát triển kinh tế - xã hội năm 2024|tỷ đồng|2024-06|9876.5|text|9876.5|real",
    ]


def test_a_ranking_query_over_the_status_table(two):
    """The docs' ranking ("which province's GRDP growth is highest"), with exact digits beside the REAL."""
    rows = query(two["db"], """
        SELECT province, year, actual, percent_of_plan, status FROM status
        WHERE id = 'grdp_growth' AND area IS NULL AND period = as_of
        ORDER BY actual_num DESC""")
    assert rows == [(NA, 2024, "7.1", "78.89", "off_track"), (BG, 2025, "6.5", "46.43", "off_track")]


def test_reexport_replaces_only_its_province(run, two):
    na_before = dump(two["db"], NA)
    bg_before = dump(two["db"], BG)
    r = run("record", "tourists", "1.45", "-p", "2025-06", "--plan", PLAN_FILE, "--ledger", two["bg"])
    assert r.exit_code == 0, r.stderr
    r = run("export", "-o", two["db"], "--plan", PLAN_FILE, "--ledger", two["bg"])
    assert r.exit_code == 0, r.stderr
    assert "Bắc Giang 2025" in r.stderr
    assert dump(two["db"], NA) == na_before  # cell for cell, as SQLite literals
    bg_after = dump(two["db"], BG)
    assert bg_after != bg_before
    assert len(bg_after["records"]) == 3 and len(bg_after["plans"]) == 1  # replaced, not appended
    assert len(bg_after["status"]) == len(bg_before["status"]) == 45  # one month, 45 indicators
    tourists = query(two["db"], "SELECT actual FROM status WHERE province = ? AND id = 'tourists'", BG)
    assert tourists == [("1.45",)]
    assert query(two["db"], "SELECT count(*) FROM plans") == [(2,)]


def test_status_columns_are_the_contract_and_match_status_json(run, two):
    from kehoach.render.contract import STATUS_FIELDS

    cols = query(two["db"], "PRAGMA table_info(status)")
    names = [c[1] for c in cols]
    assert names[:3 + len(STATUS_FIELDS)] == ["province", "year", "as_of", *STATUS_FIELDS]
    nums = names[3 + len(STATUS_FIELDS):]
    assert nums and all(n.endswith("_num") and n[:-4] in STATUS_FIELDS for n in nums)
    assert {c[2] for c in cols if c[1] in nums} == {"REAL"}
    ind_names = [c[1] for c in query(two["db"], "PRAGMA table_info(indicators)")]
    r = run("show", "budget_revenue", "--format", "json", "--plan", PLAN_FILE)
    shown = json.loads(r.stdout)
    assert ind_names[:2] == ["province", "year"] and set(ind_names[2:]) - set(shown) == {"target_num", "baseline_num",
                                                                                          "target_high_num"}
    r = run("status", "--as-of", "2025-06", "--format", "json", "--plan", PLAN_FILE, "--ledger", two["bg"])
    doc = json.loads(r.stdout, parse_float=Decimal)
    rows = query(two["db"], "SELECT " + ", ".join(f'"{f}"' for f in STATUS_FIELDS) + " FROM status "
                            "WHERE province = ? AND as_of = '2025-06' AND area IS NULL ORDER BY rowid", BG)
    assert len(rows) == len(doc["indicators"]) == 45
    for row, want in zip(rows, doc["indicators"], strict=True):
        for key, got in zip(STATUS_FIELDS, row, strict=True):
            w = want[key]
            if key + "_num" in nums and w is not None:  # a decimal: its exact digits, as text
                w = format(Decimal(w), "f")
            expected = int(w) if isinstance(w, bool) else w
            if isinstance(w, (list, dict)):  # a list or object of the JSON is JSON text in its cell
                got = json.loads(got)
            assert got == expected, (want["id"], key)  # no conflicts here: `conflict` is null in both


@pytest.mark.parametrize("name", ["bo.db", "bo.sqlite3", "bo"])
def test_the_suffixes_and_format(run, tmp_path, name):
    args = ["--format", "sqlite"] if name == "bo" else []
    r = run("export", *args, "-o", tmp_path / name)
    assert r.exit_code == 0, r.stderr
    assert (tmp_path / name).read_bytes()[:16] == b"SQLite format 3\x00"
    assert query(tmp_path / name, "SELECT province, year FROM plans") == [(BG, 2025)]


@pytest.mark.parametrize("args", [["--format", "sqlite"], ["--format", "sqlite", "-o", "-"]])
def test_a_database_is_never_written_to_stdout(run, args):
    r = run("export", *args)
    assert r.exit_code == 2
    assert "--output" in r.stderr and "Traceback" not in r.stderr and r.stdout == ""


def test_a_file_that_is_not_sqlite_is_refused_and_left_as_it_was(run, tmp_path):
    db = tmp_path / "bao-cao.sqlite"
    db.write_bytes(b"id,period,value\nbudget_revenue,2025-06,1\n")
    before = db.read_bytes()
    r = run("export", "-o", db)
    assert r.exit_code == 73, r.stderr
    assert str(db) in r.stderr and "SQLite" in r.stderr and "Traceback" not in r.stderr
    assert db.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bao-cao.sqlite", "home", "work"]


def _other_database(db: Path, sql: str) -> bytes:
    conn = sqlite3.connect(db)
    conn.executescript(sql)
    conn.close()
    return db.read_bytes()


@pytest.mark.parametrize("sql,words", [
    ("CREATE TABLE records (x INTEGER); INSERT INTO records VALUES (1);", "records"),  # someone else's tables
    ("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);"
     "INSERT INTO meta VALUES ('application', 'kehoach'), ('schema_version', '99');", "99"),  # another schema
])
def test_a_database_of_another_schema_is_refused(run, tmp_path, sql, words):
    db = tmp_path / "bo.sqlite"
    before = _other_database(db, sql)
    r = run("export", "-o", db)
    assert r.exit_code == 73, r.stderr
    assert words in r.stderr and str(db) in r.stderr
    assert db.read_bytes() == before


def test_another_program_s_tables_are_kept(run, tmp_path):
    db = tmp_path / "bo.sqlite"
    _other_database(db, "CREATE TABLE ghi_chu (x TEXT); INSERT INTO ghi_chu VALUES ('của Bộ');")
    r = run("export", "-o", db)
    assert r.exit_code == 0, r.stderr
    assert query(db, "SELECT x FROM ghi_chu") == [("của Bộ",)]
    assert query(db, "SELECT province FROM plans") == [(BG,)]


@pytest.mark.parametrize("error", [RuntimeError("boom"), KeyboardInterrupt()])
def test_a_failure_inside_the_transaction_leaves_the_old_content(run, two, monkeypatch, error):
    from kehoach.core import sqlite_export

    before = two["db"].read_bytes()
    r = run("record", "tourists", "1.45", "-p", "2025-06", "--plan", PLAN_FILE, "--ledger", two["bg"])
    assert r.exit_code == 0, r.stderr
    real = sqlite_export._insert

    def failing(conn, table, rows, export):
        if table == "status":  # after the old rows were deleted and the new records inserted
            raise error
        return real(conn, table, rows, export)

    monkeypatch.setattr(sqlite_export, "_insert", failing)
    r = run("export", "-o", two["db"], "--plan", PLAN_FILE, "--ledger", two["bg"])
    assert r.exit_code == (130 if isinstance(error, KeyboardInterrupt) else 70)
    assert two["db"].read_bytes() == before
    assert not Path(str(two["db"]) + "-journal").exists()


def test_a_new_file_appears_whole_or_not_at_all(run, tmp_path, monkeypatch):
    from kehoach.core import sqlite_export

    def failing(conn, table, rows, export):
        raise RuntimeError("boom")

    monkeypatch.setattr(sqlite_export, "_insert", failing)
    r = run("export", "-o", tmp_path / "moi.sqlite")
    assert r.exit_code == 70
    assert sorted(p.name for p in tmp_path.iterdir()) == ["home", "work"]  # no file, no temp file


KILLER = """
import os, signal, sys
from kehoach.core import sqlite_export
real = sqlite_export._insert
def killing(conn, table, rows, export):
    if table == "plans":  # the first insert, after the old rows were deleted
        conn.execute("PRAGMA cache_size = 1")  # changed pages go to the file before the kill
    n = real(conn, table, rows, export)
    if table == "status":
        # more than the cache holds, so that changed pages are written into the file itself
        conn.execute("CREATE TABLE filler (x BLOB)")
        conn.executemany("INSERT INTO filler VALUES (randomblob(4000))", [()] * 200)
        os.kill(os.getpid(), signal.SIGKILL)  # before COMMIT
    return n
sqlite_export._insert = killing
from kehoach.cli import app
sys.argv = ["kehoach", *sys.argv[1:]]
app()
"""


@pytest.mark.slow
def test_a_kill_mid_export_leaves_the_old_rows(run, two):
    before = {p: dump(two["db"], p) for p in (BG, NA)}
    db_bytes = two["db"].read_bytes()
    r = run("record", "tourists", "1.45", "-p", "2025-06", "--plan", PLAN_FILE, "--ledger", two["bg"])
    assert r.exit_code == 0, r.stderr
    p = subprocess.run([sys.executable, "-c", KILLER, "export", "-o", str(two["db"]), "--plan", str(PLAN_FILE),
                        "--ledger", str(two["bg"])], capture_output=True, env={**os.environ, "PYTHONPATH": str(REPO)})
    assert p.returncode == -9, p.stderr
    assert Path(str(two["db"]) + "-journal").exists()  # a hot journal: the file itself was changed
    assert two["db"].read_bytes() != db_bytes
    conn = sqlite3.connect(two["db"])  # the next program to read it (read-write) rolls the journal back
    conn.execute("SELECT count(*) FROM plans").fetchall()
    conn.close()
    assert not Path(str(two["db"]) + "-journal").exists()
    assert {p: dump(two["db"], p) for p in (BG, NA)} == before
    assert query(two["db"], "SELECT name FROM sqlite_master WHERE name = 'filler'") == []


def test_the_output_guard_applies(run, tmp_path, two):
    ledger = two["bg"].with_name("so.sqlite")  # a ledger may have any name: never written into
    two["bg"].rename(ledger)
    before = ledger.read_bytes()
    r = run("export", "-o", ledger, "--plan", PLAN_FILE, "--ledger", ledger)
    assert r.exit_code == 73 and ledger.read_bytes() == before
    link = tmp_path / "link.sqlite"  # a symlink is followed: its target is written into, the link kept
    link.symlink_to(two["db"])
    r = run("export", "-o", link, "--plan", PLAN_FILE, "--ledger", ledger)
    assert r.exit_code == 0, r.stderr
    assert link.is_symlink() and query(two["db"], "SELECT count(*) FROM plans") == [(2,)]


def test_a_read_only_database_is_refused(run, two):
    before = two["db"].read_bytes()
    two["db"].chmod(0o444)
    try:
        r = run("export", "-o", two["db"], "--plan", PLAN_FILE, "--ledger", two["bg"])
    finally:
        two["db"].chmod(0o644)
    assert r.exit_code == 73 and "Traceback" not in r.stderr
    assert two["db"].read_bytes() == before


def test_a_database_another_writer_holds_is_busy(run, two, monkeypatch):
    monkeypatch.setenv("KEHOACH_LOCK_TIMEOUT", "0.2")
    before = two["db"].read_bytes()
    other = sqlite3.connect(two["db"], isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        r = run("export", "-o", two["db"], "--plan", PLAN_FILE, "--ledger", two["bg"])
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert r.exit_code == 75, r.stderr
    assert two["db"].read_bytes() == before


def test_a_column_the_contract_added_later_is_appended(run, two):
    """A database from before a contract key was added (here: `conflict` dropped by hand) gets the
    column appended on the next export, as the JSON contract appends keys."""
    conn = sqlite3.connect(two["db"])
    conn.execute("ALTER TABLE status DROP COLUMN conflict")
    conn.commit()
    conn.close()
    r = run("export", "-o", two["db"], "--plan", NGHEAN, "--ledger", two["na"])
    assert r.exit_code == 0, r.stderr
    assert "conflict" in [c[1] for c in query(two["db"], "PRAGMA table_info(status)")]
    assert query(two["db"], "SELECT count(*) FROM status WHERE province = ?", BG) == [(45,)]


def test_an_empty_file_is_an_empty_database(run, tmp_path):
    db = tmp_path / "trong.sqlite"
    db.touch()
    r = run("export", "-o", db)
    assert r.exit_code == 0, r.stderr
    assert query(db, "SELECT province FROM plans") == [(BG,)]


def test_records_carry_their_office_and_revisions(run, tmp_path):
    folder = tmp_path / "so"  # a ledger folder: one file per office
    for args in (("budget_revenue", "10111.7", "--by", "Sở Tài chính"),
                 ("budget_revenue", "10250", "--by", "Sở Tài chính", "--revise", "số liệu chính thức"),
                 ("tourists", "1.45", "--by", "Sở Du lịch")):
        r = run("record", *args, "-p", "2025-06", "--ledger", f"{folder}/")
        assert r.exit_code == 0, r.stderr
    db = tmp_path / "bo.sqlite"
    assert run("export", "-o", db, "--ledger", f"{folder}/").exit_code == 0
    rows = query(db, "SELECT indicator, value, office, revises IS NOT NULL, reason, in_force, also_revises "
                     "FROM records ORDER BY indicator, seq")
    offices = {p.stem for p in folder.glob("*.toml")}
    assert len(offices) == 2 and {r[2] for r in rows} == offices
    assert [(r[0], r[1], r[3], r[4], r[5], r[6]) for r in rows] == [
        ("budget_revenue", "10111.7", 0, None, 0, "[]"),
        ("budget_revenue", "10250", 1, "số liệu chính thức", 1, "[]"),
        ("tourists", "1.45", 0, None, 1, "[]"),
    ]
    first, second = query(db, "SELECT record_id, revises FROM records WHERE indicator = 'budget_revenue' ORDER BY seq")
    assert second[1] == first[0]


@pytest.mark.parametrize("where", ["missing/bo.sqlite", "a-folder.sqlite", "/dev/null"])
def test_an_output_that_cannot_be_a_database_file(run, tmp_path, where):
    (tmp_path / "a-folder.sqlite").mkdir()
    r = run("export", "--format", "sqlite", "-o", tmp_path / where)
    assert r.exit_code == 73, r.stderr
    assert "Traceback" not in r.stderr and not (tmp_path / "missing").exists()


def test_a_rolled_up_value_is_marked_in_the_status_table(run, tmp_path, write_plan, plan_text, monkeypatch):
    """The whole province's June revenue is its two test areas' sum (made-up values 6.000 + 4.111,7),
    and its status row says so in `rolled_up_from`; a ranking over the file ranks that sum."""
    monkeypatch.setenv("KEHOACH_TODAY", "2025-07-15")
    plan = write_plan(plan_text + '\n[[areas]]\nname = "Huyện thử A"\n\n[[areas]]\nname = "Huyện thử B"\n', "areas.toml")
    ledger, db = tmp_path / "l.toml", tmp_path / "bo.sqlite"
    for area, value in (("Huyện thử A", "6000"), ("Huyện thử B", "4111.7")):
        r = run("record", "budget_revenue", value, "-p", "2025-06", "--area", area, "--plan", plan, "--ledger", ledger)
        assert r.exit_code == 0, r.stderr
    assert run("export", "-o", db, "--plan", plan, "--ledger", ledger).exit_code == 0
    ((actual, rolled),) = query(db, "SELECT actual, rolled_up_from FROM status WHERE id = 'budget_revenue' "
                                    "AND area IS NULL AND as_of = '2025-06'")
    assert actual == "10111.7"
    rolled = json.loads(rolled)
    assert rolled["method"] == "sum" and [a["area"] for a in rolled["areas"]] == ["Huyện thử A", "Huyện thử B"]
    assert query(db, "SELECT count(*) FROM status WHERE rolled_up_from IS NOT NULL") == [(1,)]
    doc = json.loads(run("rank", db, "budget_revenue", "--format", "json").stdout)
    assert [(r["rank"], r["province"], r["value"]) for r in doc["rows"]] == [(1, BG, 10111.7)]
