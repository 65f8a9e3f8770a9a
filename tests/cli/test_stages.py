"""A figure has a stage — estimate, preliminary, official (ước tính, sơ bộ, chính thức) — and the
ledger can be read as it stood on a day (--known-at): a July report rebuilt in December, after the
official revision of October, is the July report (issue 18, docs/stages.md).

The values are made up for the tests (no published figure is quoted)."""

from __future__ import annotations

import json

import pytest

JULY = {"KEHOACH_TODAY": "2025-07-15", "KEHOACH_NOW": "2025-07-15T09:00:00+07:00"}
OCTOBER = {"KEHOACH_TODAY": "2025-10-20", "KEHOACH_NOW": "2025-10-20T10:30:00+07:00"}
DECEMBER = {"KEHOACH_TODAY": "2025-12-10", "KEHOACH_NOW": "2025-12-10T08:00:00+07:00"}


@pytest.fixture(params=["index", "files"])
def cache(request, monkeypatch):
    """Served by the ledger index, and read from the files alone: the same either way."""
    if request.param == "files":
        monkeypatch.setenv("KEHOACH_CACHE", "off")
    return request.param


def at(monkeypatch, when: dict[str, str]) -> None:
    for k, v in when.items():
        monkeypatch.setenv(k, v)


def test_a_july_report_rebuilt_after_the_official_revision_is_the_july_report(run, ledger, monkeypatch, cache):
    at(monkeypatch, JULY)
    r = run("record", "budget_revenue", "10111.7", "--period", "2025-06", "--stage", "estimate", "--ledger", ledger)
    assert r.exit_code == 0, r.stderr
    r = run("record", "tourists", "1.2", "--period", "2025-06", "--ledger", ledger)  # a stage not said
    assert r.exit_code == 0, r.stderr
    july = run("report", "--format", "text", "--ledger", ledger)
    assert july.exit_code == 0, july.stderr
    assert "10.111,7 tỷ đồng" in july.stdout and "theo số ước tính" in july.stdout
    july_status = run("status", "-f", "json", "--ledger", ledger).stdout
    july_export = run("export", "--ledger", ledger).stdout

    at(monkeypatch, OCTOBER)
    r = run("record", "budget_revenue", "10250", "--period", "2025-06", "--stage", "official",
            "--revise", "số liệu chính thức", "--ledger", ledger)
    assert r.exit_code == 0, r.stderr

    at(monkeypatch, DECEMBER)
    rebuilt = run("report", "--format", "text", "--known-at", "2025-07-15", "--ledger", ledger)
    assert rebuilt.exit_code == 0, rebuilt.stderr
    assert rebuilt.stdout == july.stdout  # byte for byte
    assert run("status", "-f", "json", "--known-at", "2025-07-15", "--ledger", ledger).stdout == july_status
    assert run("export", "--known-at", "2025-07-15", "--ledger", ledger).stdout == july_export
    # a day before anything was recorded: nothing yet
    empty = json.loads(run("status", "-f", "json", "--known-at", "2025-07-14", "--ledger", ledger).stdout)
    assert all(row["actual"] is None for row in empty["indicators"])

    now = run("report", "--format", "text", "--ledger", ledger)
    assert "10.250 tỷ đồng" in now.stdout and "theo số chính thức" in now.stdout
    rows = {row["id"]: row for row in json.loads(run("status", "-f", "json", "--ledger", ledger).stdout)["indicators"]}
    assert rows["budget_revenue"]["stage"] == "official" and rows["tourists"]["stage"] is None
    assert list(rows["budget_revenue"])[-1] == "stage"  # appended: no key moved
    old = {row["id"]: row for row in json.loads(july_status)["indicators"]}
    assert old["budget_revenue"]["stage"] == "estimate"
    assert run("export", "--ledger", ledger).stdout.splitlines()[0].endswith(",source,stage")


def test_a_stage_that_goes_backwards_is_refused_unless_a_revision_says_why(run, ledger, monkeypatch, cache):
    at(monkeypatch, OCTOBER)
    assert run("record", "budget_revenue", "10250", "-p", "2025-06", "--stage", "official", "--ledger", ledger).exit_code == 0
    before = ledger.read_bytes()
    r = run("record", "budget_revenue", "10200", "-p", "2025-06", "--stage", "estimate", "--ledger", ledger)
    assert r.exit_code == 65 and "số chính thức" in r.stderr and "số ước tính" in r.stderr
    # the same value again as an estimate: not "unchanged", still backwards
    r = run("record", "budget_revenue", "10250", "-p", "2025-06", "--stage", "estimate", "--ledger", ledger)
    assert r.exit_code == 65 and "--revise" in r.stderr
    # a revision with no reason is no revision that says why
    assert run("record", "budget_revenue", "10300", "-p", "2025-06", "--stage", "preliminary", "--revise", " ",
               "--ledger", ledger).exit_code == 65
    assert ledger.read_bytes() == before
    r = run("record", "budget_revenue", "10200", "-p", "2025-06", "--stage", "estimate",
            "--revise", "Cục Thống kê ước tính lại sau khi rà soát", "--ledger", ledger)
    assert r.exit_code == 0, r.stderr
    assert 'stage = "estimate"' in ledger.read_text("utf-8")


def test_a_later_stage_without_revise_is_refused_with_the_hint(run, ledger, monkeypatch, english):
    at(monkeypatch, JULY)
    assert run("record", "budget_revenue", "10111.7", "-p", "2025-06", "--stage", "estimate", "--ledger", ledger).exit_code == 0
    r = run("record", "budget_revenue", "10250", "-p", "2025-06", "--stage", "official", "--ledger", ledger)
    assert r.exit_code == 65 and '--revise "official figures"' in r.stderr
    # the same value, confirmed as official: a new record, and so a revision too
    r = run("record", "budget_revenue", "10111.7", "-p", "2025-06", "--stage", "official", "--ledger", ledger)
    assert r.exit_code == 65 and "later stage" in r.stderr


def test_an_unknown_stage_in_a_ledger_file_is_refused_with_its_line(run, ledger, monkeypatch, cache):
    at(monkeypatch, JULY)
    assert run("record", "budget_revenue", "10111.7", "-p", "2025-06", "--stage", "preliminary", "--ledger", ledger).exit_code == 0
    assert run("status", "--ledger", ledger).exit_code == 0  # (the index, when there is one, holds it now)
    text = ledger.read_text("utf-8")
    line = text.splitlines().index('stage = "preliminary"') + 1
    for fast in (True, False):  # the fast reader, and tomllib (other spacing makes the fast one give up)
        bad = text.replace('stage = "preliminary"', 'stage = "draft"' if fast else 'stage  = "draft"')
        ledger.write_text(bad, "utf-8")
        r = run("status", "--ledger", ledger)
        assert r.exit_code == 65, r.stderr
        assert f"{ledger.name}:{line}" in r.stderr and "stage" in r.stderr and "'draft'" in r.stderr
        assert ledger.read_text("utf-8") == bad  # not touched


def test_import_reads_the_stage_column_in_both_languages(run, ledger, tmp_path, monkeypatch):
    at(monkeypatch, JULY)
    csv = tmp_path / "so-lieu.csv"
    csv.write_text("id,period,value,stage\nbudget_revenue,2025-06,10111.7,Ước Tính\n"
                   "tourists,2025-06,1.2,preliminary\ngrdp_growth,2025-06,6.5,\n", "utf-8")
    r = run("import", csv, "--ledger", ledger)
    assert r.exit_code == 0, r.stderr
    rows = {row["id"]: row for row in json.loads(run("status", "-f", "json", "--ledger", ledger).stdout)["indicators"]}
    assert (rows["budget_revenue"]["stage"], rows["tourists"]["stage"], rows["grdp_growth"]["stage"]) == (
        "estimate", "preliminary", None)
    bad = tmp_path / "sai.csv"
    bad.write_text("id,period,value,stage\nhospital_beds,2025-06,35,sơ bộ\nexports,2025-06,5,tạm tính\n", "utf-8")
    before = ledger.read_bytes()
    r = run("import", bad, "--ledger", ledger)
    assert r.exit_code == 65 and "sai.csv: dòng 3, cột stage" in r.stderr and "'tạm tính'" in r.stderr
    assert ledger.read_bytes() == before


def test_a_backup_and_its_restore_keep_the_stage(run, ledger, tmp_path, monkeypatch, cache):
    at(monkeypatch, JULY)
    run("record", "budget_revenue", "10111.7", "-p", "2025-06", "--stage", "estimate", "--ledger", ledger)
    at(monkeypatch, OCTOBER)
    run("record", "budget_revenue", "10250", "-p", "2025-06", "--stage", "official", "--revise", "số liệu chính thức",
        "--ledger", ledger)
    backup = tmp_path / "backup.csv"
    assert run("export", "--all", "-o", backup, "--ledger", ledger).exit_code == 0
    assert backup.read_text("utf-8").splitlines()[0].endswith(",office,stage")
    restored = tmp_path / "restored.toml"
    r = run("import", backup, "--ledger", restored)
    assert r.exit_code == 0, r.stderr
    text = restored.read_text("utf-8")
    assert text.count('stage = "estimate"') == 1 and text.count('stage = "official"') == 1
    again = tmp_path / "again.csv"
    run("export", "--all", "-o", again, "--ledger", restored)
    assert again.read_bytes() == backup.read_bytes()


def test_known_at_and_the_test_clock_refuse_what_is_not_a_date(run, ledger, monkeypatch):
    r = run("status", "--known-at", "2025-13-01", "--ledger", ledger)
    assert r.exit_code == 2 and "--known-at" in r.stderr
    monkeypatch.setenv("KEHOACH_NOW", "2025-07-15T09:00:00")  # no offset
    r = run("record", "budget_revenue", "1", "-p", "2025-06", "--ledger", ledger)
    assert r.exit_code == 2 and "KEHOACH_NOW" in r.stderr
