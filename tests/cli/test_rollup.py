"""Areas that roll up into the province: where the province has no value of its own, its areas' sum
(or weighted value) is shown as such (`rolled_up_from`); one area missing is no data; `check`
reports where the province's own figure and its areas' differ; areas that end in 2025-06 and
areas that begin in 2025-07 each roll up in their own months.

Every area here is a TEST AREA and every value a MADE-UP TEST VALUE (no published figure is used).
The plan is the bundled Bắc Giang plan with test areas appended.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

TEN = [f"Huyện thử {n:02}" for n in range(1, 11)]  # ten test districts
# MADE-UP TEST VALUES: budget revenue Jan–Jun 2025 of each test district, tỷ đồng (sum 10.111,7)
REVENUE = dict(zip(TEN, ["1200", "950.5", "1011.2", "800", "1100", "990", "1005", "1020", "1035", "1000"], strict=True))
assert sum(Decimal(v) for v in REVENUE.values()) == Decimal("10111.7")

RECORD = """
[[records]]
id = "{id}"
indicator = "{indicator}"
period = "{period}"
{area}value = {value}
recorded_at = 2025-07-05T09:12:00+07:00
by = "test"
"""


def areas_text(names: list[str], extra: str = "") -> str:
    return "".join(f'\n[[areas]]\nname = "{n}"\nkind = "huyện"\n{extra}' for n in names)


def write_ledger(path: Path, records: list[tuple[str, str, str | None, str]]) -> Path:
    """A hand-made ledger of (indicator, period, area, value): MADE-UP TEST VALUES."""
    text = "format = 1\n" + "".join(
        RECORD.format(id=f"t-{n}", indicator=i, period=p, area=f'area = "{a}"\n' if a else "", value=v)
        for n, (i, p, a, v) in enumerate(records))
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def ten(write_plan, plan_text) -> Path:
    return write_plan(plan_text + areas_text(TEN), "ten.toml")


def district_revenue(leave_out: str | None = None) -> list[tuple[str, str, str | None, str]]:
    return [("budget_revenue", "2025-06", n, v) for n, v in REVENUE.items() if n != leave_out]


def row(run, plan: Path, ledger: Path, indicator: str, *extra: str) -> dict:
    r = run("status", "--plan", plan, "--ledger", ledger, "--format", "json", "--as-of", "2025-06", *extra)
    assert r.exit_code == 0, r.stderr
    return next(x for x in json.loads(r.stdout)["indicators"] if x["id"] == indicator)


def test_the_province_is_the_sum_of_its_ten_districts(run, ten, tmp_path):
    ledger = write_ledger(tmp_path / "l.toml", district_revenue())
    rev = row(run, ten, ledger, "budget_revenue")
    assert rev["actual"] == 10111.7 and rev["period"] == "2025-06"  # 1.200 + 950,5 + … + 1.000 (test values)
    ru = rev["rolled_up_from"]
    assert ru["method"] == "sum" and ru["value"] == 10111.7 and ru["missing"] == [] and ru["message"] is None
    assert [a["area"] for a in ru["areas"]] == TEN and ru["areas"][1] == {"area": "Huyện thử 02", "value": 950.5,
                                                                         "weight": None}
    assert rev["combined_from"] is None and rev["stage"] is None
    assert rev["percent_of_plan"] == 61.28  # 10.111,7 ÷ 16.500, as for a value the province recorded
    # a district's own view is its own figure, never the sum
    assert row(run, ten, ledger, "budget_revenue", "--area", "Huyện thử 02")["actual"] == 950.5
    # the table marks it: the value shown is the areas' sum, not a record of the province
    r = run("status", "--plan", ten, "--ledger", ledger, "--as-of", "2025-06", "--target", "4", "--lang", "en")
    assert "Not the province's own records:" in r.stdout
    assert "Σ State budget revenue (2025-06): the sum of its areas' figures (Huyện thử 01, " in r.stdout


@pytest.mark.parametrize("lang, said", [
    ("vi", "không có số liệu kỳ 2025-06: Huyện thử 07 chưa có số liệu budget_revenue; số tổng hợp từ các địa bàn "
           "không bao giờ chỉ lấy số của một phần các địa bàn"),
    ("en", "no data for 2025-06: Huyện thử 07 has no budget_revenue; a roll-up never uses only some of the areas"),
])
def test_one_district_missing_is_no_data_never_a_partial_sum(run, ten, tmp_path, monkeypatch, lang, said):
    monkeypatch.setenv("KEHOACH_LANG", lang)
    ledger = write_ledger(tmp_path / "l.toml", district_revenue(leave_out="Huyện thử 07"))
    rev = row(run, ten, ledger, "budget_revenue")
    assert rev["actual"] is None and rev["status"] == "no_data"  # never the nine others' 9.106,7
    ru = rev["rolled_up_from"]
    assert ru["value"] is None and ru["missing"] == ["Huyện thử 07"] and ru["message"] == said
    assert len(ru["areas"]) == 10 and ru["areas"][6] == {"area": "Huyện thử 07", "value": None, "weight": None}
    r = run("status", "--plan", ten, "--ledger", ledger, "--as-of", "2025-06", "--target", "4")
    assert f"∅ {'State budget revenue' if lang == 'en' else 'Thu ngân sách nhà nước'}: {said}" in r.stdout


def test_the_provinces_own_record_stands_before_the_sum(run, ten, tmp_path):
    ledger = write_ledger(tmp_path / "l.toml", [*district_revenue(), ("budget_revenue", "2025-06", None, "10111.7")])
    rev = row(run, ten, ledger, "budget_revenue")
    assert rev["actual"] == 10111.7 and rev["rolled_up_from"] is None


@pytest.mark.parametrize("lang, said", [
    ("en", "Thu ngân sách nhà nước, 2025-06: the province's own figure is 10,200 tỷ đồng, the sum of its areas' is "
           "10,111.7 tỷ đồng (a difference of +88.3)"),
    ("vi", "Thu ngân sách nhà nước, kỳ 2025-06: số của tỉnh là 10.200 tỷ đồng, tổng số của các địa bàn là "
           "10.111,7 tỷ đồng (chênh lệch +88,3)"),
])
def test_check_reports_where_the_province_and_its_districts_differ(run, ten, tmp_path, monkeypatch, lang, said):
    monkeypatch.setenv("KEHOACH_TODAY", "2025-07-15")
    monkeypatch.setenv("KEHOACH_LANG", lang)
    said = said.replace("Thu ngân sách nhà nước", "State budget revenue").replace("tỷ đồng", "billion VND") \
        if lang == "en" else said
    ledger = write_ledger(tmp_path / "l.toml", [*district_revenue(), ("budget_revenue", "2025-06", None, "10200")])
    before = ledger.read_bytes()
    r = run("check", "--plan", ten, "--ledger", ledger)
    assert r.exit_code == 1, r.output
    assert said in r.stdout and r.stdout.count("\n") == 1, r.stdout  # the one finding: on track otherwise
    doc = json.loads(run("check", "--plan", ten, "--ledger", ledger, "--format", "json").stdout)
    assert doc["ok"] is False
    (d,) = doc["area_differences"]
    assert d["kind"] == "area_difference" and d["indicator"] == "budget_revenue" and d["period"] == "2025-06"
    assert (d["province_value"], d["areas_value"], d["difference"], d["method"]) == (10200, 10111.7, 88.3, "sum")
    assert len(d["areas"]) == 10 and d["message"] == said
    assert [i["id"] for i in doc["indicators"]] == ["budget_revenue"]
    assert ledger.read_bytes() == before
    # the same figure on both sides: nothing to report, and check is quiet
    write_ledger(ledger, [*district_revenue(), ("budget_revenue", "2025-06", None, "10111.70")])
    r = run("check", "--plan", ten, "--ledger", ledger)
    assert r.exit_code == 0 and r.stdout == "", r.output
    # with one district missing there is no roll-up to compare with
    write_ledger(ledger, [*district_revenue("Huyện thử 03"), ("budget_revenue", "2025-06", None, "10200")])
    assert run("check", "--plan", ten, "--ledger", ledger).exit_code == 0
    # an area's own check compares nothing: the difference is the province's
    write_ledger(ledger, [*district_revenue(), ("budget_revenue", "2025-06", None, "10200")])
    assert run("check", "--plan", ten, "--ledger", ledger, "--area", "Huyện thử 01").exit_code == 0


ENDING = '''
[[areas]]
name = "Huyện thử cũ A"
kind = "huyện"
until = "2025-06"
becomes = ["Xã thử 1", "Xã thử 2"]

[[areas]]
name = "Huyện thử cũ B"
kind = "huyện"
until = "2025-06"
becomes = ["Xã thử 3"]

[[areas]]
name = "Xã thử 1"
kind = "xã"
from = "2025-07"

[[areas]]
name = "Xã thử 2"
kind = "xã"
from = "2025-07"

[[areas]]
name = "Xã thử 3"
kind = "xã"
from = "2025-07"
'''


def test_districts_until_june_and_communes_from_july_each_roll_up_in_their_months(run, write_plan, plan_text,
                                                                                   tmp_path, monkeypatch):
    monkeypatch.setenv("KEHOACH_TODAY", "2025-08-15")
    plan = write_plan(plan_text + ENDING, "ending.toml")
    records = [  # MADE-UP TEST VALUES (tỷ đồng, year to date)
        ("budget_revenue", "2025-06", "Huyện thử cũ A", "6000"), ("budget_revenue", "2025-06", "Huyện thử cũ B", "4000"),
        ("budget_revenue", "2025-07", "Xã thử 1", "3500"), ("budget_revenue", "2025-07", "Xã thử 2", "3600"),
        ("budget_revenue", "2025-07", "Xã thử 3", "4700"),
    ]
    ledger = write_ledger(tmp_path / "l.toml", records)
    june = row(run, plan, ledger, "budget_revenue")
    assert june["actual"] == 10000 and [a["area"] for a in june["rolled_up_from"]["areas"]] == [
        "Huyện thử cũ A", "Huyện thử cũ B"]  # the communes had not begun
    r = run("status", "--plan", plan, "--ledger", ledger, "--format", "json", "--as-of", "2025-07")
    july = next(x for x in json.loads(r.stdout)["indicators"] if x["id"] == "budget_revenue")
    assert july["actual"] == 11800 and july["period"] == "2025-07"  # 3.500 + 3.600 + 4.700
    assert [a["area"] for a in july["rolled_up_from"]["areas"]] == ["Xã thử 1", "Xã thử 2", "Xã thử 3"]
    assert july["last_year"] is None and july["month_value"] == 1800  # July alone: 11.800 − 10.000
    # one commune of July missing: July has no roll-up; the row shows June's, dated June
    ledger = write_ledger(tmp_path / "l.toml", records[:-1])
    r = run("status", "--plan", plan, "--ledger", ledger, "--format", "json", "--as-of", "2025-07")
    july = next(x for x in json.loads(r.stdout)["indicators"] if x["id"] == "budget_revenue")
    assert july["actual"] == 10000 and july["period"] == "2025-06" and july["rolled_up_from"]["period"] == "2025-06"


def test_only_a_flow_is_summed_without_combine(run, ten, tmp_path):
    # a growth rate of every district: no roll-up (the mean would be wrong, and no weight is given)
    ledger = write_ledger(tmp_path / "l.toml", [("grdp_growth", "2025-06", n, "8") for n in TEN])
    g = row(run, ten, ledger, "grdp_growth")
    assert g["actual"] is None and g["rolled_up_from"] is None


def test_combine_none_keeps_a_flow_from_rolling_up(run, write_plan, plan_text, tmp_path):
    text = plan_text.replace('id = "budget_revenue"', 'id = "budget_revenue"\ncombine = "none"', 1)
    plan = write_plan(text + areas_text(TEN), "none.toml")
    assert run("plan", "check", plan).exit_code == 0  # combine in a plan with areas and no predecessors
    ledger = write_ledger(tmp_path / "l.toml", district_revenue())
    rev = row(run, plan, ledger, "budget_revenue")
    assert rev["actual"] is None and rev["rolled_up_from"] is None


def test_an_area_with_a_parent_is_part_of_it_not_counted_again(run, write_plan, plan_text, tmp_path):
    plan = write_plan(plan_text + areas_text(TEN) + '\n[[areas]]\nname = "Xã thử con"\nkind = "xã"\n'
                      'parent = "Huyện thử 01"\n', "parent.toml")
    ledger = write_ledger(tmp_path / "l.toml", [*district_revenue(), ("budget_revenue", "2025-06", "Xã thử con", "300")])
    assert row(run, plan, ledger, "budget_revenue")["actual"] == 10111.7


# A small test plan: a poverty rate weighted by households, a GRDP per head by population.
WEIGHTED = '''
[plan]
title = "Kế hoạch thử nghiệm (không phải kế hoạch thật)"
title_en = "Test plan (not a real plan)"
province = "Tỉnh thử nghiệm"
year = 2025
baseline_year = 2024
source = "test"

[[groups]]
id = "society"
name = "Về xã hội"
name_en = "Society"

[[targets]]
number = 1
group = "society"
wording = "test"

[[targets.indicators]]
id = "poverty_rate"
name = "Tỷ lệ hộ nghèo"
name_en = "Poverty rate"
unit = "%"
kind = "level"
direction = "lower"
target = 1.6
combine = "weighted"
weight = "households"

[[targets.indicators]]
id = "households"
name = "Số hộ"
name_en = "Households"
unit = "hộ"
kind = "count"
direction = "higher"
target = 1000000
combine = "sum"

[[areas]]
name = "Huyện thử A"

[[areas]]
name = "Huyện thử B"
'''


def test_a_rate_rolls_up_weighted_by_its_weight_indicator(run, write_plan, tmp_path, english):
    plan = write_plan(WEIGHTED, "weighted.toml")
    assert run("plan", "check", plan).exit_code == 0
    # 2,0 % of 400.000 households and 1,0 % of 600.000 → (8.000 + 6.000) ÷ 1.000.000 = 1,4 (test values)
    records = [("poverty_rate", "2025-06", "Huyện thử A", "2.0"), ("households", "2025-06", "Huyện thử A", "400000"),
               ("poverty_rate", "2025-06", "Huyện thử B", "1.0"), ("households", "2025-06", "Huyện thử B", "600000")]
    ledger = write_ledger(tmp_path / "l.toml", records)
    p = row(run, plan, ledger, "poverty_rate")
    assert p["actual"] == 1.4 and p["rolled_up_from"]["method"] == "weighted"
    assert p["rolled_up_from"]["areas"][0] == {"area": "Huyện thử A", "value": 2, "weight": 400000}
    assert row(run, plan, ledger, "households")["actual"] == 1000000
    # the weight missing for one area: no data, and the message names the weight
    ledger = write_ledger(tmp_path / "l.toml", records[:-1])
    p = row(run, plan, ledger, "poverty_rate")
    assert p["actual"] is None
    assert p["rolled_up_from"]["message"].startswith("no data for 2025-06: Huyện thử B has no households (the weight)")
    # check compares a weighted value at the province's own decimals: 1,4 against 1,4 is no difference,
    # 1,5 is one of 0,1
    for own, rc in (("1.4", 0), ("1.5", 1)):
        write_ledger(ledger, [*records, ("poverty_rate", "2025-06", None, own)])
        r = run("check", "--plan", plan, "--ledger", ledger, "--format", "json")
        assert r.exit_code == rc, r.output
        diffs = json.loads(r.stdout)["area_differences"]
        assert diffs == [] if rc == 0 else [(d["areas_value"], d["difference"]) for d in diffs] == [(1.4, 0.1)]


@pytest.mark.parametrize("width", [40, 80])
def test_the_block_under_the_table_keeps_to_the_width(run, ten, tmp_path, monkeypatch, width):
    """The lines that say where a value comes from wrap to the screen like the table above them."""
    monkeypatch.setenv("COLUMNS", str(width))
    ledger = write_ledger(tmp_path / "l.toml", district_revenue(leave_out="Huyện thử 03")
                          + [("tourists", "2025-06", n, "0.1") for n in TEN])
    r = run("status", "--plan", ten, "--ledger", ledger, "--as-of", "2025-06", "--target", "4", "--target", "7")
    assert r.exit_code == 0, r.stderr
    block = r.stdout.split("Số liệu không phải do tỉnh", 1)[1]
    assert "Σ" in block and "∅" in block
    assert max(len(line) for line in block.splitlines()) <= width
