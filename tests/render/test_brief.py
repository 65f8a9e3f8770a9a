"""`report --format brief`: a message to paste into an e-mail or Zalo — at most 12 lines, no table,
no markup, every sentence on one line; the .md report begins with the same block."""

from __future__ import annotations

import json
import re
from decimal import Decimal

import pytest

from kehoach.core.numbers import NumberFormat
from kehoach.render.look import VERDICT_LOOK
from tests.cli.test_screen import every  # noqa: F401  (the fixture: every indicator recorded)

SYMBOLS = {v.symbol for v in VERDICT_LOOK.values()}


@pytest.fixture
def behind(run, ledger, tmp_path, monkeypatch, plan):
    """Made-up figures far below the plan for every indicator: more off track than 12 lines hold."""
    lines = ["id,period,value"]
    for _target, ind in plan.indicators():
        factor = Decimal(5) if ind.direction == "lower" else Decimal("0.2")
        value = (ind.target or Decimal(1)) * factor
        value = value.to_integral_value() if ind.kind == "count" else round(value, 2)
        lines.append(f"{ind.id},2025-06,{value.normalize():f}")
    src = tmp_path / "behind.csv"
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert run("import", src, "--ledger", ledger).exit_code == 0
    monkeypatch.setenv("KEHOACH_LEDGER", str(ledger))
    return ledger


def _brief(run, lang: str) -> list[str]:
    r = run("report", "--format", "brief", "--lang", lang)
    assert r.exit_code == 0, r.stderr
    return r.stdout.splitlines()


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_brief_holds_in_twelve_lines(run, every, lang):  # noqa: F811
    lines = _brief(run, lang)
    assert 3 <= len(lines) <= 12
    assert not any("|" in line or line.startswith("#") or "**" in line for line in lines)  # no table, no markup
    doc = json.loads(run("status", "--format", "json").stdout)
    for status, count in doc["summary"].items():
        if status in VERDICT_LOOK and count:
            assert f"{VERDICT_LOOK[status].symbol} {count} " in lines[1]


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_what_is_off_track_is_given_whole_on_one_line(run, every, lang):  # noqa: F811
    """Each off-track indicator: its name, figure, % of plan and verdict on one line (never wrapped)."""
    nf = NumberFormat(lang)
    lines = _brief(run, lang)
    rows = json.loads(run("status", "--format", "json", "--lang", lang).stdout)["indicators"]
    off = [r for r in rows if r["status"] in ("off_track", "missed")]
    assert off, "the made-up figures put some indicator off track"
    for row in off:
        name = row["name"] if lang == "vi" else row["name_en"]
        mine = [line for line in lines if line.startswith(f"{VERDICT_LOOK[row['status']].symbol} {name}:")]
        assert len(mine) == 1, f"{row['id']} is not on one line of the brief"
        assert nf.num(Decimal(str(row["actual"]))) in mine[0]
        if row["kind"] in ("rate", "share"):  # no "% of plan" for a growth rate or a structure share
            assert nf.num(Decimal(str(row["target"])), 1) in mine[0] and "% KH" not in mine[0] and "% of the plan" not in mine[0]
        else:
            assert nf.num(Decimal(str(row["percent_of_plan"])), 1) in mine[0]
    # every line after the scoreboard is one item: it begins with a verdict's symbol (or "…")
    assert all(line[0] in SYMBOLS | {"…"} for line in lines[2:] if line) or lines[2:] == []


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_many_off_track_still_fit_in_twelve_lines(run, behind, lang):
    lines = _brief(run, lang)
    assert len(lines) == 12
    assert re.search(r"\d+", lines[-1]) and "kehoach status --attention" in lines[-1]


def test_the_headline_numbers_come_from_the_plan(run, every):  # noqa: F811 (the fixture, imported above)
    lines = _brief(run, "en")
    heads = lines[2:5]
    assert heads[0].split(" ", 1)[1].startswith("GRDP growth:")
    assert any(line.split(" ", 1)[1].startswith("State budget revenue:") for line in heads)


def test_the_markdown_report_begins_with_the_brief(run, every):  # noqa: F811
    brief = _brief(run, "vi")
    md = run("report").stdout.splitlines()
    assert [line.rstrip() for line in md[: len(brief)]] == brief
    assert md[len(brief)] == "" and md[len(brief) + 1].startswith("# ")


def test_the_suffix_still_decides(run, every, tmp_path):  # noqa: F811
    r = run("report", "--format", "brief", "-o", tmp_path / "x.txt")
    assert r.exit_code == 2 and ".txt" in r.stderr
    out = tmp_path / "tin-nhan"
    assert run("report", "--format", "brief", "-o", out).exit_code == 0
    assert out.read_text("utf-8") == run("report", "--format", "brief").stdout


_MANY = [("grdp_growth", "13.2"), ("industry_growth", "15"), ("services_growth", "5"), ("agriculture_growth", "-2"),
         ("budget_revenue", "6000"), ("social_investment", "40000"), ("tourists", "0.9"),
         ("urban_population_share", "30"), ("ntm_communes_share", "70"), ("poverty_rate", "2.5"),
         ("hospital_beds", "30"), ("health_insurance_coverage", "90"), ("forest_cover", "30"), ("clean_water_share", "50")]


def test_a_growth_rate_is_no_percent_of_plan_and_the_year_end_remainder_says_missed(run, tmp_path, monkeypatch):
    """From the new-user trial (made-up June figures, all behind): agriculture's -2 % against 1,0 %
    read "bằng -200,0% KH"; once the year is over the last line said "chậm tiến độ" of what missed."""
    ledger = tmp_path / "l.toml"
    csv = tmp_path / "many.csv"
    csv.write_text("id,period,value\n" + "".join(f"{i},2025-06,{v}\n" for i, v in _MANY), encoding="utf-8")
    assert run("import", csv, "--ledger", ledger).exit_code == 0
    june = run("report", "--format", "brief", "--ledger", ledger).stdout
    assert "Tốc độ tăng Nông, lâm nghiệp và thủy sản: -2%, kế hoạch 1,0% — Chậm tiến độ" in june
    assert "-200" not in june and "bằng 36,4% KH (16.500 tỷ đồng)" in june
    monkeypatch.setenv("KEHOACH_TODAY", "2026-02-01")
    year = run("report", "--format", "brief", "--ledger", ledger).stdout.splitlines()
    assert len(year) <= 12 and year[-1].startswith("… và ") and "không đạt kế hoạch" in year[-1]
