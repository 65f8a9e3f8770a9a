"""A figure has a stage — estimate, preliminary, official (ước tính, sơ bộ, chính thức) — and the
ledger can be read as it stood on a day (--known-at): a July report rebuilt in December, after the
official revision of October, is the July report (docs/stages.md).

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
    keys = list(rows["budget_revenue"])  # appended after the keys before it: no key moved
    assert keys[keys.index("stage") - 1] == "original_target" and keys.index("stage") > keys.index("yoy_points")
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


# ───────────── what changed since the previous publication (report --compare-known-at) ─────────────

JULY_END = {"KEHOACH_TODAY": "2025-07-31", "KEHOACH_NOW": "2025-07-31T16:00:00+07:00"}
AUGUST = {"KEHOACH_TODAY": "2025-08-12", "KEHOACH_NOW": "2025-08-12T09:00:00+07:00"}


def _july_revised_in_october(run, ledger, monkeypatch) -> None:
    """July's budget revenue estimated on 31 July and made official in October; tourists recorded in
    July and never revised; investment for July recorded only in August (all figures made up)."""
    at(monkeypatch, JULY_END)
    for args in (("budget_revenue", "10111.7", "-p", "2025-06", "--stage", "official"),
                 ("budget_revenue", "11650.3", "-p", "2025-07", "--stage", "estimate", "--source", "Sở Tài chính"),
                 ("tourists", "1.45", "-p", "2025-07", "--by", "Sở Du lịch")):
        r = run("record", *args, "--ledger", ledger)
        assert r.exit_code == 0, r.stderr
    at(monkeypatch, AUGUST)
    assert run("record", "social_investment", "61500", "-p", "2025-07", "--by", "Cục Thống kê",
               "--ledger", ledger).exit_code == 0
    at(monkeypatch, OCTOBER)
    r = run("record", "budget_revenue", "11720", "-p", "2025-07", "--stage", "official", "--source",
            "Cục Thống kê", "--revise", "số liệu chính thức", "--ledger", ledger)
    assert r.exit_code == 0, r.stderr
    at(monkeypatch, DECEMBER)


def test_compare_known_at_lists_the_july_estimate_revised_in_october(run, ledger, monkeypatch, cache):
    _july_revised_in_october(run, ledger, monkeypatch)
    r = run("report", "-p", "2025-07", "--compare-known-at", "2025-07-31", "-f", "json", "--ledger", ledger)
    assert r.exit_code == 0, r.stderr
    doc = json.loads(r.stdout)
    assert (doc["as_of"], doc["known_at"], doc["compare_known_at"]) == ("2025-07", None, "2025-07-31")
    changes = {c["indicator"]: c for c in doc["changes"]}
    assert set(changes) == {"budget_revenue", "social_investment"}  # tourists did not change
    assert list(changes["budget_revenue"]) == ["indicator", "period", "before", "after", "before_stage",
                                               "after_stage", "before_source", "after_source", "reason"]
    assert changes["budget_revenue"] == {
        "indicator": "budget_revenue", "period": "2025-07", "before": 11650.3, "after": 11720,
        "before_stage": "estimate", "after_stage": "official", "before_source": "Sở Tài chính",
        "after_source": "Cục Thống kê", "reason": "số liệu chính thức"}
    new = changes["social_investment"]
    assert (new["before"], new["after"], new["before_stage"], new["reason"]) == (None, 61500, None, None)

    md = run("report", "-p", "2025-07", "--compare-known-at", "2025-07-31", "--ledger", ledger).stdout
    assert "## IV. SỐ LIỆU THAY ĐỔI SO VỚI CÔNG BỐ NGÀY 31/7/2025" in md
    assert "| TT | Chỉ tiêu | Kỳ | Theo công bố mới nhất | Theo công bố trước | Chênh lệch | Ghi chú |" in md
    assert ("| 1 | Thu ngân sách nhà nước (tỷ đồng) | 7/2025 | 11.720 (chính thức; Cục Thống kê) | "
            "11.650,3 (ước tính; Sở Tài chính) | +69,7 | số liệu chính thức |") in md  # 11.720 − 11.650,3
    assert "| 61.500 (Cục Thống kê) | — | — | số liệu mới |" in md  # no stage said, no earlier figure
    en = run("report", "-p", "2025-07", "--compare-known-at", "2025-07-31", "--lang", "en", "--ledger", ledger).stdout
    assert "## IV. FIGURES CHANGED SINCE THE PUBLICATION OF 31/7/2025" in en
    assert "| Latest publication | Previous publication | Difference | Note |" in en
    assert "11,720 (official; Cục Thống kê) | 11,650.3 (estimate; Sở Tài chính) | +69.7 |" in en
    # without the option the report has no such section
    assert "THAY ĐỔI" not in run("report", "-p", "2025-07", "--ledger", ledger).stdout


def test_compare_known_at_against_known_at_and_dates_outside_the_ledger(run, ledger, monkeypatch):
    _july_revised_in_october(run, ledger, monkeypatch)

    def changes(*args: str) -> list[dict]:
        r = run("report", "-p", "2025-07", "-f", "json", "--ledger", ledger, *args)
        assert r.exit_code == 0, r.stderr
        return json.loads(r.stdout)["changes"]

    # the report as known on 31 July, against the same day: nothing changed, said in one sentence
    assert changes("--known-at", "2025-07-31", "--compare-known-at", "2025-07-31") == []
    md = run("report", "-p", "2025-07", "--known-at", "2025-07-31", "--compare-known-at", "2025-07-31",
             "--ledger", ledger).stdout
    assert "Không có số liệu nào của kỳ báo cáo thay đổi so với công bố ngày 31/7/2025." in md
    # as known on 31 August: only the investment recorded in August is new, the revision not yet made
    assert [c["indicator"] for c in changes("--known-at", "2025-08-31", "--compare-known-at", "2025-07-31")] == [
        "social_investment"]
    # a day in the future: nothing changed since; a day before any record: everything is new
    assert changes("--compare-known-at", "2030-01-01") == []
    before_all = changes("--compare-known-at", "2025-01-01")
    assert {c["indicator"] for c in before_all} == {"budget_revenue", "tourists", "social_investment"}
    assert all(c["before"] is None and c["before_stage"] is None for c in before_all)
    tourists = next(c for c in before_all if c["indicator"] == "tourists")
    assert tourists["after_source"] == "Sở Du lịch"  # no source: who recorded it


@pytest.mark.parametrize(("lang", "said"), [("vi", "--compare-known-at: '2025-7-31' không phải một ngày (YYYY-MM-DD)"),
                                            ("en", "--compare-known-at: '2025-7-31' is not a date (YYYY-MM-DD)")])
def test_compare_known_at_refuses_what_is_not_a_date(run, ledger, monkeypatch, tmp_path, lang, said):
    _july_revised_in_october(run, ledger, monkeypatch)
    before = ledger.read_bytes()
    out = tmp_path / "bc.md"
    r = run("report", "--compare-known-at", "2025-7-31", "--lang", lang, "-o", out, "--ledger", ledger)
    assert r.exit_code == 2 and said in r.stderr and "Traceback" not in r.stderr  # exit 2: a bad value typed
    assert ledger.read_bytes() == before and not out.exists()


def test_compare_known_at_lists_a_revised_earlier_month_too(run, ledger, monkeypatch, cache):
    """June's year-to-date revised in October changes July's own month (11.650,3 − 10.111,7 →
    11.650,3 − 10.000): the June revision is listed beside July's (figures made up)."""
    _july_revised_in_october(run, ledger, monkeypatch)
    at(monkeypatch, OCTOBER)
    r = run("record", "budget_revenue", "10000", "-p", "2025-06", "--stage", "official", "--revise", "đối chiếu KBNN",
            "--ledger", ledger)
    assert r.exit_code == 0, r.stderr
    at(monkeypatch, DECEMBER)
    r = run("report", "-p", "2025-07", "--compare-known-at", "2025-07-31", "-f", "json", "--ledger", ledger)
    found = [(c["indicator"], c["period"], c["before"], c["after"]) for c in json.loads(r.stdout)["changes"]]
    assert found == [("budget_revenue", "2025-06", 10111.7, 10000), ("budget_revenue", "2025-07", 11650.3, 11720),
                     ("social_investment", "2025-07", None, 61500)]


def test_compare_known_at_after_known_at_is_refused(run, ledger, monkeypatch, cache):
    _july_revised_in_october(run, ledger, monkeypatch)
    for lang, words in (("vi", "muộn hơn --known-at"), ("en", "is after --known-at")):
        r = run("report", "-p", "2025-07", "--known-at", "2025-07-31", "--compare-known-at", "2025-10-31",
                "--lang", lang, "--ledger", ledger)
        assert r.exit_code == 2 and words in r.stderr and r.stdout == ""


def test_history_says_each_figures_stage(run, ledger, monkeypatch, cache):
    _july_revised_in_october(run, ledger, monkeypatch)
    monkeypatch.setenv("COLUMNS", "160")
    out = run("history", "budget_revenue", "--ledger", ledger).stdout
    july = [line for line in out.splitlines() if line.lstrip().startswith("2025-07")]
    assert len(july) == 2 and "ước tính" in july[0] and "chính thức" in july[1]
    en = run("history", "budget_revenue", "--ledger", ledger, "--lang", "en").stdout
    assert "estimate" in en and "official" in en


def test_the_brief_says_what_changed_in_one_line(run, ledger, monkeypatch, cache):
    _july_revised_in_october(run, ledger, monkeypatch)
    r = run("report", "-p", "2025-07", "--compare-known-at", "2025-07-31", "-f", "brief", "--ledger", ledger)
    assert r.exit_code == 0, r.stderr
    said = r.stdout.splitlines()
    assert len(said) <= 12
    assert ("Thay đổi so với công bố ngày 31/7/2025: 2 số liệu (thu ngân sách nhà nước 7/2025, "
            "vốn đầu tư phát triển toàn xã hội 7/2025)") in said
    r = run("report", "-p", "2025-07", "--compare-known-at", "2025-12-31", "-f", "brief", "--ledger", ledger)
    assert "Không có số liệu nào thay đổi so với công bố ngày 31/12/2025." in r.stdout.splitlines()


def test_status_says_which_stages_its_verdicts_rest_on(run, ledger, monkeypatch, cache):
    _july_revised_in_october(run, ledger, monkeypatch)
    out = run("status", "--as-of", "2025-07", "--ledger", ledger).stdout
    assert "Đánh giá dựa trên số liệu: 1 chính thức, 2 không ghi giai đoạn" in out.replace("\n", " ")
    july = run("status", "--as-of", "2025-07", "--known-at", "2025-07-31", "--ledger", ledger, "--lang", "en").stdout
    assert "The figures the verdicts rest on: 1 estimated, 1 not said" in july.replace("\n", " ")


def test_status_without_stages_says_nothing_of_them(run, ledger):
    assert run("record", "tourists", "1.2", "--period", "2025-06", "--ledger", ledger).exit_code == 0
    assert "Đánh giá dựa trên" not in run("status", "--ledger", ledger).stdout
