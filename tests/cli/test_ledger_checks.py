"""The ledger-side checks, each with hand-worked numbers: a year-to-date flow
that falls, a hand-edited record outside the plan's years or with a value `record` refuses, the
scale check of a planned change, and the future judged by Settings.today (KEHOACH_TODAY)."""

from __future__ import annotations

import json

import pytest


@pytest.fixture(params=["index", "files"])
def cache(request, monkeypatch):
    """Served by the ledger index and read from the files alone: the same answers."""
    if request.param == "files":
        monkeypatch.setenv("KEHOACH_CACHE", "off")
    return request.param


# ── a year-to-date flow that falls: recorded, with a warning ──


def test_record_warns_when_a_year_to_date_flow_falls(run, ledger, monkeypatch, cache):
    monkeypatch.setenv("KEHOACH_TODAY", "2025-09-15")
    assert run("record", "tourists", "1.2", "--period", "2025-06", "--ledger", ledger).exit_code == 0
    r = run("record", "tourists", "1.0", "--period", "2025-08", "--ledger", ledger)  # 1,0 < 1,2: it fell
    assert r.exit_code == 0 and "Cảnh báo:" in r.stderr
    assert "tourists 2025-08: số lũy kế 1,0 thấp hơn số 1,2 đã ghi cho kỳ 2025-06" in r.stderr
    rows = json.loads(run("history", "tourists", "--format", "json", "--ledger", ledger).stdout)["records"]
    assert [x["value"] for x in rows] == [1.2, 1.0]  # recorded all the same (a revision may lower a month)
    # a month filled in later that is above a later month's total is the same fall, seen from the other side
    r = run("record", "tourists", "1.1", "--period", "2025-07", "--ledger", ledger)
    assert r.exit_code == 0 and "số lũy kế 1,1 cao hơn số 1,0 đã ghi cho kỳ sau 2025-08" in r.stderr
    assert "số lũy kế 1,1 thấp hơn số 1,2 đã ghi cho kỳ 2025-06" in r.stderr  # and below June's 1,2
    r = run("record", "tourists", "1.25", "--period", "2025-05", "--ledger", ledger)  # May above June: one more
    assert r.stderr.count("Cảnh báo:") == 3  # above June's 1,2, July's 1,1 and August's 1,0

def test_no_warning_when_the_total_grows_or_for_a_level(run, ledger, monkeypatch):
    monkeypatch.setenv("KEHOACH_TODAY", "2025-09-15")
    run("record", "tourists", "1.2", "--period", "2025-06", "--ledger", ledger)
    r = run("record", "tourists", "1.3", "--period", "2025-08", "--ledger", ledger)
    assert r.exit_code == 0 and "Cảnh báo" not in r.stderr
    run("record", "grdp_growth", "8.5", "--period", "2025-06", "--ledger", ledger)  # a rate may fall
    r = run("record", "grdp_growth", "8.1", "--period", "2025-09", "--ledger", ledger)  # (quarterly: 9 tháng)
    assert r.exit_code == 0 and "Cảnh báo" not in r.stderr


# ── hand-edited records ──

RECORD = """
[[records]]
id = "{id}"
indicator = "{indicator}"
period = "{period}"
value = {value}
recorded_at = 2025-07-05T09:12:00+07:00
by = "tay"
"""


def hand_ledger(path, *records: dict) -> bytes:
    text = "format = 1\n" + "".join(RECORD.format(**r) for r in records)
    path.write_text(text, encoding="utf-8")
    return path.read_bytes()


def test_a_record_outside_the_plans_years_warns(run, ledger, cache):
    hand_ledger(
        ledger,
        {"id": "a", "indicator": "tourists", "period": "2025-06", "value": "1.2"},
        {"id": "b", "indicator": "tourists", "period": "2019-06", "value": "0.9"},  # the plan runs 2024–2025
        {"id": "c", "indicator": "budget_revenue", "period": "2019-03", "value": "100"},
    )
    r = run("status", "--format", "json", "--ledger", ledger)
    assert r.exit_code == 0
    assert "ledger.toml:11: 2 bản ghi cho năm 2019, ngoài các năm của kế hoạch 2024–2025" in r.stderr
    with open(ledger, "a", encoding="utf-8") as f:  # appended after the index holds the rest
        f.write(RECORD.format(id="d", indicator="tourists", period="2026-01", value="0.1"))
    r2 = run("status", "--ledger", ledger)
    assert "ledger.toml:11: 2 bản ghi cho năm 2019" in r2.stderr and "ledger.toml:27: 1 bản ghi cho năm 2026" in r2.stderr
    assert r2.stderr.count("2019") == 1  # one warning per file and year
    tourists = next(i for i in json.loads(r.stdout)["indicators"] if i["id"] == "tourists")
    assert tourists["actual"] == 1.2 and tourists["period"] == "2025-06"


def test_a_ledger_inside_the_plans_years_says_nothing(run, ledger, cache):
    hand_ledger(ledger, {"id": "a", "indicator": "tourists", "period": "2024-06", "value": "1.2"})
    assert run("status", "--ledger", ledger).stderr == ""


@pytest.mark.parametrize(
    ("indicator", "value", "problem"),
    [
        ("budget_revenue", "-5", "-5 is negative"),  # money cannot be negative
        ("budget_revenue", "-0.001", "-0.001 is negative"),
        ("hospital_beds", "-1", "-1 is negative"),
        ("ntm_districts", "2.5", "2.5 is not a whole number"),
        ("ntm_districts", "1E-7", "0.0000001 is not a whole number"),
    ],
)
@pytest.mark.usefixtures("english")  # the ledger rule, read in English
def test_a_value_record_refuses_is_refused_when_edited_in_by_hand(run, ledger, cache, indicator, value, problem):
    # what `record` says of the same value, word for word, is in the ledger's message
    assert run("record", indicator, value, "--period", "2025-06", "--ledger", ledger.with_name("other.toml")).exit_code == 65
    hand_ledger(ledger, {"id": "a", "indicator": "tourists", "period": "2025-06", "value": "1.2"})
    assert run("status", "--ledger", ledger).exit_code == 0  # indexed: the bad record comes as an appended tail
    with open(ledger, "a", encoding="utf-8") as f:
        f.write(RECORD.format(id="b", indicator=indicator, period="2025-06", value=value))
    before = ledger.read_bytes()
    for command in (("status",), ("check",), ("history", indicator), ("record", "tourists", "1.3", "--period", "2025-07")):
        r = run(*command, "--ledger", ledger)
        assert r.exit_code == 65, (command, r.output)
        assert "ledger.toml:11: value:" in r.stderr and problem in r.stderr and "Traceback" not in r.output
        assert ledger.read_bytes() == before


@pytest.mark.usefixtures("english")  # the ledger rule, read in English
def test_a_share_above_100_and_a_fractional_count_by_hand_are_refused(run, ledger, cache):
    hand_ledger(ledger, {"id": "a", "indicator": "forest_cover", "period": "2025-06", "value": "100.0000001"})
    r = run("status", "--ledger", ledger)
    assert r.exit_code == 65 and "100.0000001 is above 100%" in r.stderr
    hand_ledger(ledger, {"id": "a", "indicator": "forest_cover", "period": "2025-06", "value": "100"})
    assert run("status", "--ledger", ledger).exit_code == 0  # 100 itself is a share a plan may reach


# ── the scale check of a planned change ──


def test_the_scale_of_a_planned_change_is_the_level_it_reaches(run, ledger, write_plan, plan_text):
    # budget revenue "tăng 10%" on the 2024 estimate 17.173: the year's level is 17.173 × 1,1 = 18.890,3;
    # a value is refused without --force when it is 300 times off that: below 18.890,3 ÷ 300 = 62,97
    plan = write_plan(plan_text.replace("target = 16500\n", 'target = 10\nchange = "percent"\n', 1))
    common = ["--plan", plan, "--ledger", ledger]
    r = run("record", "budget_revenue", "17000", "--period", "2025-06", *common)
    assert r.exit_code == 0, r.output  # 17.000 is 0,9 of the level: the right scale (it was 1.700 × "10")
    r = run("record", "budget_revenue", "62", "--period", "2025-05", *common)
    assert r.exit_code == 65 and "18.890,3" in r.stderr and "--force" in r.stderr
    assert run("record", "budget_revenue", "63", "--period", "2025-05", *common).exit_code == 0


# ── the future is judged by Settings.today ──


@pytest.mark.usefixtures("english")  # the ledger rule, read in English
def test_record_refuses_a_month_after_today_as_settings_give_it(run, ledger, monkeypatch):
    monkeypatch.setenv("KEHOACH_TODAY", "2025-07-15")
    r = run("record", "tourists", "1.5", "--period", "2025-08", "--ledger", ledger)
    assert r.exit_code == 2 and "2025-08 is in the future" in r.stderr and not ledger.exists()
    assert run("record", "tourists", "1.4", "--period", "2025-07", "--ledger", ledger).exit_code == 0  # this month
    monkeypatch.setenv("KEHOACH_TODAY", "2025-08-01")
    assert run("record", "tourists", "1.5", "--period", "2025-08", "--ledger", ledger).exit_code == 0
    src = ledger.with_name("rows.csv")
    src.write_text("id,period,value\ntourists,2025-09,1.7\n", encoding="utf-8")
    r = run("import", src, "--ledger", ledger)  # import judges it the same way
    assert r.exit_code == 65 and "2025-09 is in the future" in r.stderr
    r = run("import", src, "--dry-run", "--ledger", ledger)
    assert r.exit_code == 65 and "2025-09 is in the future" in r.stderr
