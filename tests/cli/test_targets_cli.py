"""Targets as provinces set them, through the command line: a quarterly indicator refuses a month that ends no quarter,
and status/show/history carry the month's own value, other bases and amendments. The figures are
those of tests/core/test_targets_round3.py (published ones quoted there, derived ones said so)."""

from __future__ import annotations

import json
from pathlib import Path

PLAN = str(Path(__file__).resolve().parents[1] / "data" / "plan_test_two_targets.toml")


def test_a_quarterly_indicator_refuses_august_and_leaves_the_ledger_alone(run, ledger, monkeypatch):
    monkeypatch.setenv("KEHOACH_TODAY", "2025-12-20")
    assert run("record", "grdp_growth", "13.8", "--period", "2025-06", "--ledger", ledger).exit_code == 0
    before = ledger.read_bytes()
    r = run("record", "grdp_growth", "13.9", "--period", "2025-08", "--ledger", ledger)
    assert r.exit_code == 65 and "Traceback" not in r.stderr
    assert "grdp_growth được công bố theo quý (quý I, 6 tháng, 9 tháng, cả năm): 2025-08 không phải tháng cuối quý" in r.stderr
    assert "hãy ghi số liệu cho kỳ 2025-06 hoặc 2025-09" in r.stderr
    assert ledger.read_bytes() == before
    assert run("record", "grdp_growth", "13.9", "--period", "2025-09", "--ledger", ledger).exit_code == 0
    # a monthly indicator still takes any month
    assert run("record", "budget_revenue", "12000", "--period", "2025-08", "--ledger", ledger).exit_code == 0


def _lang_son(run, ledger):
    # the YTD totals of test_targets_round3.LANG_SON: made up around the derived own values
    for value, period in (("848.44", "2025-03"), ("1200", "2025-04"), ("1605.6", "2025-05"),
                          ("1000", "2024-04"), ("1293.02", "2024-05"), ("47500", "2025-12")):
        ind = "phu_tho_budget" if value == "47500" else "lang_son_budget"
        assert run("record", ind, value, "--period", period, "--plan", PLAN, "--ledger", ledger).exit_code == 0


def test_status_show_and_history_give_lang_son_may_and_phu_tho_two_bases(run, ledger, monkeypatch):
    monkeypatch.setenv("KEHOACH_TODAY", "2025-12-20")
    _lang_son(run, ledger)
    r = run("status", "--plan", PLAN, "--ledger", ledger, "--as-of", "2025-05", "--format", "json")
    rows = {x["id"]: x for x in json.loads(r.stdout)["indicators"]}
    may = rows["lang_son_budget"]
    assert (may["month_value"], may["mom_percent"], may["month_percent_of_plan"], may["month_yoy_percent"]) == (
        405.6, 15.37, 6.16, 38.42)
    csv = run("status", "--plan", PLAN, "--ledger", ledger, "--as-of", "2025-05", "--format", "csv").stdout
    assert (",month_value,mom_percent,month_percent_of_plan,month_yoy_percent,previous_month_value,"
            "last_year_month_value,frequency,expected_basis,other_targets,amended_from,amendment_source,"
            "original_target,") in csv.splitlines()[0]  # appended in this order (more may follow)
    show = run("show", "lang_son_budget", "--plan", PLAN, "--ledger", ledger).stdout
    assert ("Riêng tháng 5/2025: 405,6 tỷ đồng, đạt 6,2% kế hoạch năm; tăng 15,4% so với tháng trước "
            "(351,56 tỷ đồng); tăng 38,4% so với cùng kỳ (293,02 tỷ đồng)") in show
    history = json.loads(run("history", "lang_son_budget", "--plan", PLAN, "--ledger", ledger, "--format", "json").stdout)
    own = {x["period"]: (x["month_value"], x["mom_percent"]) for x in history["records"]}
    assert own["2025-05"] == (405.6, 15.37) and own["2025-04"] == (351.56, None) and own["2025-03"] == (None, None)
    phu_tho = json.loads(run("show", "phu_tho_budget", "--plan", PLAN, "--ledger", ledger, "--format", "json").stdout)
    assert phu_tho["percent_of_plan"] == 105.5
    [other] = phu_tho["other_targets"]
    assert (other["label"], other["percent_of_plan"], other["status"]) == ("dự toán Trung ương giao", 117.6, "achieved")
    text = run("show", "phu_tho_budget", "--plan", PLAN, "--ledger", ledger).stdout
    assert "So với dự toán Trung ương giao (40.391 tỷ đồng): đạt 117,6% — Vượt KH" in text


def test_an_amendment_is_named_in_show_and_json(run, ledger, monkeypatch):
    monkeypatch.setenv("KEHOACH_TODAY", "2025-12-20")
    for value, period in (("9.0", "2025-06"), ("9.0", "2025-09")):
        assert run("record", "hung_yen_growth", value, "--period", period, "--plan", PLAN, "--ledger", ledger).exit_code == 0
    july = json.loads(run("status", "--plan", PLAN, "--ledger", ledger, "--as-of", "2025-07", "--format", "json").stdout)
    row = {x["id"]: x for x in july["indicators"]}["hung_yen_growth"]
    assert (row["target"], row["amended_from"], row["expected_basis"]) == (8.0, None, "scenario")
    show = run("show", "hung_yen_growth", "--plan", PLAN, "--ledger", ledger)
    assert "Kế hoạch điều chỉnh từ kỳ 2025-08: 10,5% — Nghị quyết 226/NQ-CP ngày 5/8/2025" in show.stdout
    assert "kế hoạch ban đầu: 8,0%" in show.stdout and "theo kịch bản tăng trưởng: 9,8%" in show.stdout
    doc = json.loads(run("show", "hung_yen_growth", "--plan", PLAN, "--ledger", ledger, "--format", "json").stdout)
    # show's `target` is the plan's, as written (its contract); the year is judged against the amended one
    assert (doc["target"], doc["reference"], doc["amended_from"], doc["original_target"]) == (8.0, 10.5, "2025-08", 8.0)
    assert doc["amendments"][0]["from"] == "2025-08" and doc["scenario"] == {"2025-03": 7.5, "2025-06": 7.8}


def test_the_report_sentence_names_the_other_bases_the_amendment_and_the_quarter(run, ledger, monkeypatch):
    """As the provinces write it: a flow's % of each basis ("bằng 59,4% dự toán Trung ương giao":
    24.000 ÷ 40.391, made-up June figure), a rate's other target with its verdict (not a "% of
    plan"), "quý I" for a quarterly rate's March, and the amended plan with its resolution."""
    monkeypatch.setenv("KEHOACH_TODAY", "2025-12-20")
    for args in (("phu_tho_budget", "24000", "--period", "2025-06"), ("grdp_growth", "13.8", "--period", "2025-03"),
                 ("hung_yen_growth", "9.0", "--period", "2025-09")):
        assert run("record", *args, "--plan", PLAN, "--ledger", ledger).exit_code == 0
    text = " ".join(run("report", "--plan", PLAN, "--ledger", ledger, "--period", "2025-09", "--format", "text").stdout.split())
    assert "bằng 53,3% kế hoạch năm, bằng 59,4% dự toán Trung ương giao" in text
    assert "tốc độ tăng grdp quý i đạt 13,8% (kế hoạch năm 14,0%; chính phủ giao 13,6%: đúng tiến độ)" in text.lower()
    assert "kế hoạch điều chỉnh từ tháng 8/2025: Nghị quyết 226/NQ-CP" in text and "kế hoạch ban đầu 8,0%" in text
