"""A provincial plan other than Bắc Giang's: Nghệ An's 2024 plan (tests/data/plan2024_nghean.toml),
its sentences quoted, run through plan check, status, report and check with hand-worked numbers."""

from __future__ import annotations

import json
from pathlib import Path

from kehoach.core.plan import load_plan
from kehoach.render.sentences import num

PLAN = Path(__file__).resolve().parents[1] / "data" / "plan2024_nghean.toml"


def test_every_target_is_in_its_quoted_sentence():
    plan = load_plan(PLAN)
    for t, ind in plan.indicators():
        assert ind.target_source in t.wording
        for v in (ind.target, ind.target_high):
            if v is not None:
                assert num(v, "vi") in ind.target_source, (ind.id, v)
        assert ind.baseline is None  # the source gives no 2023 figure: none is invented


def test_plan_check_accepts_it(run):
    r = run("plan", "check", PLAN, "--format", "json")
    assert r.exit_code == 0, r.output
    s = json.loads(r.stdout)
    assert (s["targets"], s["indicators"], s["province"], s["year"]) == (6, 8, "Nghệ An", 2024)


def test_the_year_closes_as_the_province_would_say_it(run, ledger, monkeypatch):
    monkeypatch.setenv("KEHOACH_TODAY", "2025-01-20")  # the 2024 plan year is over
    common = ("--plan", PLAN, "--ledger", ledger, "--force")
    for args in (
        ("budget_revenue", "16500", "--period", "2024-12"),  # 16.500 ÷ 15.903 = 103,75 % → achieved
        ("grdp_growth", "8.5", "--period", "2024-12"),  # below the range 9–10 % → missed
        # no December: judged on the full-year projection, 1.400 × 12 ÷ 6 = 2.800 < 3.000
        # → missed, not final (a made-up figure)
        ("exports", "1400", "--period", "2024-06"),
        ("ntm_communes", "7", "--period", "2024-12"),  # 7 of 7 → achieved
    ):
        r = run("record", *args, *common)
        assert r.exit_code == 0, r.stderr
    r = run("status", "--format", "json", "--plan", PLAN, "--ledger", ledger)
    assert r.exit_code == 0, r.stderr
    rows = {i["id"]: i for i in json.loads(r.stdout)["indicators"]}
    assert (rows["budget_revenue"]["status"], rows["budget_revenue"]["percent_of_plan"]) == ("achieved", 103.75)
    assert (rows["grdp_growth"]["status"], rows["grdp_growth"]["final"]) == ("missed", True)
    assert (rows["exports"]["status"], rows["exports"]["final"]) == ("missed", False)
    assert rows["exports"]["verdict_basis"] == "projection"
    assert rows["ntm_communes"]["status"] == "achieved"
    assert rows["grdp_growth"]["target_text"] == "9–10%" and rows["budget_revenue"]["target_text"] == "15.903 tỷ đồng"
    report = run("report", "--format", "md", "--plan", PLAN, "--ledger", ledger)
    assert report.exit_code == 0, report.stderr
    assert "Nghệ An" in report.stdout and "103,8" in report.stdout and "Không đạt KH" in report.stdout
    check = run("check", "--plan", PLAN, "--ledger", ledger)
    assert check.exit_code == 1
    assert {line.split("\t")[1] for line in check.stdout.splitlines()} == {"grdp_growth", "exports"}
