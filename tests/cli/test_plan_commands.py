"""`kehoach plan new | check | next`: writing a plan for another province or year."""

from __future__ import annotations

import json
import tomllib


def test_plan_new_is_accepted_by_plan_check_and_shows_every_form(run, tmp_path):
    out = tmp_path / "nghe-an.toml"
    r = run("plan", "new", "--province", "Nghệ An", "--year", "2026", "-o", out)
    assert r.exit_code == 0, r.output
    text = out.read_text("utf-8")
    assert 'province = "Nghệ An"' in text and "year = 2026" in text and "baseline_year = 2025" in text
    assert "ít nhất 1 lần trong năm" in text and "giảm 1–1,5 điểm %" in text and "tăng từ 10%" in text
    # untouched, its examples are problems; with them replaced (here: their markers dropped) it passes
    assert run("plan", "check", out).exit_code == 65
    out.write_text(text.replace(" (ví dụ)", "").replace("VÍ DỤ: ", ""), "utf-8")
    r = run("plan", "check", out, "--format", "json")
    assert r.exit_code == 0, r.output
    s = json.loads(r.stdout)
    assert set(s["kinds"]) == {"flow", "rate", "level", "share", "count"}
    assert set(s["forms"]) == {"value", "at_least", "above", "at_most", "below", "about", "range"}
    assert set(s["changes"]) == {"percent", "points"}
    # and the other commands run on it
    assert run("status", "--plan", out).exit_code == 0
    text_check = run("plan", "check", out).stdout
    assert "hợp lệ — Nghệ An năm 2026" in text_check and "10 chỉ tiêu chính" in text_check


def test_plan_new_to_stdout_and_refusals(run, tmp_path, write_plan, plan_text):
    assert "[plan]" in run("plan", "new", "--province", "X", "--year", "2027").stdout
    in_use = write_plan(plan_text, "in-use.toml")
    before = in_use.read_bytes()
    r = run("plan", "new", "--province", "X", "--year", "2027", "--plan", in_use, "-o", in_use, "--force")
    assert r.exit_code == 73 and "đang được sử dụng" in r.stderr
    assert in_use.read_bytes() == before
    other = tmp_path / "other.toml"
    other.write_text("keep me", "utf-8")
    r = run("plan", "new", "--province", "X", "--year", "2027", "-o", other)
    assert r.exit_code == 2 and "đã tồn tại" in r.stderr and other.read_text("utf-8") == "keep me"


def test_plan_next_drafts_next_year_from_the_ledger(run, ledger, tmp_path, monkeypatch):
    monkeypatch.setenv("KEHOACH_TODAY", "2026-01-20")  # December is recorded once it is over
    run("record", "budget_revenue", "17000", "--period", "2025-12", "--ledger", ledger, "--source", "Cục Thống kê")
    run("record", "budget_revenue", "16900", "--period", "2025-11", "--ledger", ledger)
    run("record", "tourists", "2.9", "--period", "2025-07", "--ledger", ledger)
    before = ledger.read_bytes()
    out = tmp_path / "plan2026.toml"
    r = run("plan", "next", "--ledger", ledger, "-o", out)
    assert r.exit_code == 0, r.output
    assert "tourists: mức cơ sở lấy từ kỳ 2025-07, không phải tháng 12" in r.stderr
    draft = tomllib.loads(out.read_text("utf-8"))
    assert draft["plan"]["year"] == 2026 and draft["plan"]["baseline_year"] == 2025
    inds = {i["id"]: i for t in draft["targets"] for i in t["indicators"]}
    assert len(inds) == 45
    rev = inds["budget_revenue"]
    assert rev["baseline"] == 17000 and "Cục Thống kê" in rev["baseline_source"] and "2025-12" in rev["baseline_source"]
    assert rev["target"] == 16500 and rev["target_note"].startswith("DRAFT")
    assert inds["tourists"]["baseline_kind"] == "mid_year" and "2025-07" in inds["tourists"]["baseline_note"]
    assert "baseline" not in inds["grdp_growth"]  # nothing recorded for 2025: no baseline is invented
    check = run("plan", "check", out, "--format", "json")
    assert check.exit_code == 0, check.output
    assert len(json.loads(check.stdout)["draft_targets"]) == 45
    # -o never overwrites a ledger file
    r = run("plan", "next", "--ledger", ledger, "-o", ledger, "--force")
    assert r.exit_code == 73 and "đang được sử dụng" in r.stderr and ledger.read_bytes() == before


def test_a_falling_year_to_date_flow_is_flagged_by_status_and_check(run, ledger):
    run("record", "budget_revenue", "9000", "--period", "2025-05", "--ledger", ledger)
    run("record", "budget_revenue", "8000", "--period", "2025-06", "--ledger", ledger)
    doc = json.loads(run("status", "--ledger", ledger, "--format", "json").stdout)
    rev = next(r for r in doc["indicators"] if r["id"] == "budget_revenue")
    assert rev["falls_back"] is True
    assert "budget_revenue" in run("status", "--ledger", ledger).stdout.split("Lưu ý:")[1]
    r = run("check", "--ledger", ledger)
    assert "Cảnh báo: budget_revenue" in r.stderr
    # a later month above May does not clear it: June's figure is still below May's
    run("record", "budget_revenue", "9500", "--period", "2025-07", "--ledger", ledger)
    assert "Cảnh báo: budget_revenue" in run("check", "--ledger", ledger).stderr
    # a year that only rises is not flagged
    other = ledger.with_name("rising.toml")
    run("record", "budget_revenue", "8000", "--period", "2025-05", "--ledger", other)
    run("record", "budget_revenue", "9000", "--period", "2025-06", "--ledger", other)
    assert "Warning" not in run("check", "--ledger", other).stderr


def test_a_malformed_kehoach_today_is_a_usage_error(run, monkeypatch):
    monkeypatch.setenv("KEHOACH_TODAY", "15/07/2025")
    r = run("status")
    assert r.exit_code == 2 and "KEHOACH_TODAY='15/07/2025' không phải là ngày" in r.stderr and "Traceback" not in r.output


def test_plan_new_writes_any_province_name_as_valid_toml(run, tmp_path):
    out = tmp_path / "q.toml"
    r = run("plan", "new", "--province", 'A"B\\C', "--year", "2026", "-o", out)
    assert r.exit_code == 0, r.stderr
    check = run("plan", "check", out, "--format", "json")
    # valid TOML and a valid plan: its only problems are the template's examples
    assert check.exit_code == 65, check.output
    import json

    doc = json.loads(check.stdout)
    assert doc["province"] == 'A"B\\C' and all("plan new" in p for p in doc["problems"])
    import tomllib

    assert tomllib.loads(out.read_text(encoding="utf-8"))["plan"]["province"] == 'A"B\\C'
    r = run("plan", "new", "--province", "a\nb", "--year", "2026", "-o", tmp_path / "nl.toml")
    assert r.exit_code == 2 and not (tmp_path / "nl.toml").exists()


def test_plan_check_json_gives_the_problems_as_data_with_exit_65(run, tmp_path, plan_text):
    import json

    bad = tmp_path / "bad.toml"
    bad.write_text(plan_text.replace('kind = "rate"', 'kind = "rates"', 1), encoding="utf-8")
    r = run("plan", "check", bad, "--format", "json")
    assert r.exit_code == 65
    doc = json.loads(r.stdout)
    assert doc["ok"] is False and any("rates" in p for p in doc["problems"])
