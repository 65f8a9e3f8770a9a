"""A merged province: the new Bắc Ninh's 2025 plan succeeding Bắc Giang's and the old Bắc
Ninh's, its months before the merger combined from theirs, and the refusals, in both languages.

Every ledger value here is a MADE-UP TEST VALUE (no published monthly figure is used); the
merged plan's three targets are the People's Council's of 14/7/2025 as issue 19 quotes them, and
the old Bắc Ninh's plan (tests/data/plan2025_bacninh_old.toml) holds test values only.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import PLAN_FILE

DATA = Path(__file__).resolve().parents[1] / "data"
MERGED = DATA / "plan2025_bacninh_merged.toml"
OLD = DATA / "plan2025_bacninh_old.toml"

RECORD = """
[[records]]
id = "{id}"
indicator = "{indicator}"
period = "{period}"
value = {value}
recorded_at = 2025-07-05T09:12:00+07:00
by = "test"
"""


def write_ledger(path: Path, records: list[tuple[str, str, str]]) -> Path:
    """A hand-made ledger of (indicator, period, value): MADE-UP TEST VALUES."""
    text = "format = 1\n" + "".join(
        RECORD.format(id=f"{path.stem}-{n}", indicator=i, period=p, value=v) for n, (i, p, v) in enumerate(records))
    path.write_text(text, encoding="utf-8")
    return path


# MADE-UP TEST VALUES, June 2025 (year to date) and June 2024 of each old province.
BAC_GIANG = [
    ("budget_revenue", "2025-06", "9000"), ("budget_revenue", "2024-06", "8000"),
    ("grdp_growth", "2025-06", "13.0"), ("grdp_last_year_same_period", "2025-06", "100000"),
    ("grdp_per_capita", "2025-06", "4500"), ("population", "2025-06", "1900"),
]
BAC_NINH_OLD = [
    ("budget_revenue", "2025-06", "20000"), ("budget_revenue", "2024-06", "17000"),
    ("grdp_growth", "2025-06", "8.0"), ("grdp_last_year_same_period", "2025-06", "150000"),
    ("grdp_per_capita", "2025-06", "7000"), ("population", "2025-06", "1500"),
]


@pytest.fixture
def merged(tmp_path) -> Path:
    """The worked example in a folder of its own, Bắc Giang's plan named by its absolute path."""
    text = MERGED.read_text(encoding="utf-8").replace('"../../data/plan2025.toml"', json.dumps(str(PLAN_FILE)))
    plan = tmp_path / MERGED.name
    plan.write_text(text, encoding="utf-8")
    shutil.copy(OLD, tmp_path / OLD.name)
    write_ledger(tmp_path / "ledger_bacgiang.toml", BAC_GIANG)
    write_ledger(tmp_path / "ledger_bacninh_old.toml", BAC_NINH_OLD)
    return plan


def status(run, plan: Path, ledger: Path, *extra: str) -> tuple[dict, object]:
    r = run("status", "--plan", plan, "--ledger", ledger, "--format", "json", *extra)
    assert r.exit_code == 0, r.stderr
    doc = json.loads(r.stdout)
    return {row["id"]: row for row in doc["indicators"]}, r


def test_june_is_the_sum_of_the_two_old_provinces(run, merged, tmp_path):
    rows, _ = status(run, merged, tmp_path / "merged.toml", "--as-of", "2025-06")
    rev = rows["budget_revenue"]
    assert rev["actual"] == 29000 and rev["period"] == "2025-06"  # 9.000 + 20.000 (test values)
    cf = rev["combined_from"]
    assert cf["method"] == "sum" and cf["value"] == 29000 and cf["missing"] == []
    assert cf["predecessors"] == [{"name": "Bắc Giang", "value": 9000, "weight": None},
                                  {"name": "Bắc Ninh (cũ)", "value": 20000, "weight": None}]
    # growth weighted by last year's same-period GRDP: (13 × 100.000 + 8 × 150.000) ÷ 250.000 = 10
    assert rows["grdp_growth"]["actual"] == 10
    assert rows["grdp_growth"]["combined_from"]["predecessors"][1]["weight"] == 150000
    # per head: (4.500 × 1.900 + 7.000 × 1.500) ÷ 3.400 = 19.050.000 ÷ 3.400 = 5.602,94…
    assert round(rows["grdp_per_capita"]["actual"], 2) == 5602.94
    assert rows["grdp_per_capita"]["combined_from"]["method"] == "per_capita"


def test_the_merged_ledger_stands_before_the_combination_and_after_until(run, merged, tmp_path):
    ledger = write_ledger(tmp_path / "merged.toml", [("budget_revenue", "2025-06", "30000"),
                                                     ("budget_revenue", "2025-07", "33000")])
    rows, _ = status(run, merged, ledger, "--as-of", "2025-06")
    assert rows["budget_revenue"]["actual"] == 30000 and rows["budget_revenue"]["combined_from"] is None
    rows, _ = status(run, merged, ledger, "--as-of", "2025-07")
    assert rows["budget_revenue"]["actual"] == 33000 and rows["budget_revenue"]["combined_from"] is None


def test_july_is_compared_with_a_combined_june_a_year_before(run, merged, tmp_path):
    # 'so với cùng kỳ' of June 2025 uses the combined June 2024: 8.000 + 17.000 = 25.000 (test values)
    rows, _ = status(run, merged, tmp_path / "merged.toml", "--as-of", "2025-06")
    assert rows["budget_revenue"]["last_year"] == 25000
    assert rows["budget_revenue"]["yoy_percent"] == 16  # 29.000 ÷ 25.000 − 1


def test_a_merged_2026_plan_compares_with_the_combined_2025_june(run, merged, tmp_path, monkeypatch):
    monkeypatch.setenv("KEHOACH_TODAY", "2026-07-15")
    text = merged.read_text(encoding="utf-8").replace("year = 2025\nbaseline_year = 2024", "year = 2026\nbaseline_year = 2025")
    plan2026 = tmp_path / "plan2026_bacninh.toml"
    plan2026.write_text(text, encoding="utf-8")
    ledger = write_ledger(tmp_path / "merged.toml", [("budget_revenue", "2026-06", "31900")])  # test value
    rows, _ = status(run, plan2026, ledger, "--as-of", "2026-06")
    rev = rows["budget_revenue"]
    assert rev["actual"] == 31900 and rev["combined_from"] is None
    assert rev["last_year"] == 29000 and rev["yoy_percent"] == 10  # against 9.000 + 20.000 of 2025-06


@pytest.mark.parametrize("lang, said", [
    ("vi", "không có số liệu kỳ 2025-06: Bắc Ninh (cũ) chưa có số liệu budget_revenue; số gộp không bao giờ"),
    ("en", "no data for 2025-06: Bắc Ninh (cũ) has no budget_revenue; a combination never uses only some"),
])
def test_a_missing_predecessor_value_is_no_data(run, merged, tmp_path, monkeypatch, lang, said):
    monkeypatch.setenv("KEHOACH_LANG", lang)
    write_ledger(tmp_path / "ledger_bacninh_old.toml", [r for r in BAC_NINH_OLD if r[0] != "budget_revenue"])
    rows, _ = status(run, merged, tmp_path / "merged.toml", "--as-of", "2025-06")
    rev = rows["budget_revenue"]
    assert rev["status"] == "no_data" and rev["actual"] is None  # never Bắc Giang's 9.000 alone
    assert rev["combined_from"]["missing"] == ["Bắc Ninh (cũ)"] and rev["combined_from"]["value"] is None
    assert rev["combined_from"]["message"].startswith(said)
    assert rev["combined_from"]["missing_values"] == [
        {"name": "Bắc Ninh (cũ)", "indicator": "budget_revenue", "role": "value"}]


@pytest.mark.parametrize("lang, said", [
    ("vi", "không có số liệu kỳ 2025-06: Bắc Ninh (cũ) chưa có số liệu grdp_last_year_same_period (quyền số); "),
    ("en", "no data for 2025-06: Bắc Ninh (cũ) has no grdp_last_year_same_period (the weight); "),
])
def test_a_missing_weight_is_named_as_the_weight(run, merged, tmp_path, monkeypatch, lang, said):
    monkeypatch.setenv("KEHOACH_LANG", lang)
    write_ledger(tmp_path / "ledger_bacninh_old.toml",
                 [r for r in BAC_NINH_OLD if r[0] != "grdp_last_year_same_period"])
    rows, _ = status(run, merged, tmp_path / "merged.toml", "--as-of", "2025-06")
    cf = rows["grdp_growth"]["combined_from"]
    assert rows["grdp_growth"]["status"] == "no_data" and cf["missing"] == ["Bắc Ninh (cũ)"]
    assert cf["message"].startswith(said), cf["message"]
    assert cf["missing_values"] == [{"name": "Bắc Ninh (cũ)", "indicator": "grdp_last_year_same_period", "role": "weight"}]
    # its growth is there: only the weight is missing, and the message does not say the value is
    assert cf["predecessors"][1] == {"name": "Bắc Ninh (cũ)", "value": 8, "weight": None}
    assert "has no grdp_growth" not in cf["message"] and "chưa có số liệu grdp_growth" not in cf["message"]


def test_a_missing_population_and_value_are_both_named(run, merged, tmp_path, english):
    # Bắc Giang lacks its population, the old Bắc Ninh its per-head value (test values)
    write_ledger(tmp_path / "ledger_bacgiang.toml", [r for r in BAC_GIANG if r[0] != "population"])
    write_ledger(tmp_path / "ledger_bacninh_old.toml", [r for r in BAC_NINH_OLD if r[0] != "grdp_per_capita"])
    rows, _ = status(run, merged, tmp_path / "merged.toml", "--as-of", "2025-06")
    cf = rows["grdp_per_capita"]["combined_from"]
    assert rows["grdp_per_capita"]["actual"] is None and cf["missing"] == ["Bắc Giang", "Bắc Ninh (cũ)"]
    assert cf["message"].startswith("no data for 2025-06: Bắc Giang has no population (the denominator); "
                                    "Bắc Ninh (cũ) has no grdp_per_capita; "), cf["message"]
    assert [(m["name"], m["role"]) for m in cf["missing_values"]] == [("Bắc Giang", "denominator"), ("Bắc Ninh (cũ)", "value")]


def test_not_comparable_says_so(run, merged, tmp_path, english):
    text = merged.read_text(encoding="utf-8").replace('combine = "sum"', 'combine = "none"')
    merged.write_text(text, encoding="utf-8")
    rows, _ = status(run, merged, tmp_path / "merged.toml", "--as-of", "2025-06")
    rev = rows["budget_revenue"]
    assert rev["status"] == "no_data" and rev["combined_from"]["method"] == "none"
    assert rev["combined_from"]["message"].startswith("not comparable")


def test_check_and_report_use_the_combined_value(run, merged, tmp_path):
    (tmp_path / "merged.toml").write_text("format = 1\n", encoding="utf-8")  # no record since the merger yet
    r = run("check", "--plan", merged, "--ledger", tmp_path / "merged.toml", "--as-of", "2025-06", "--format", "json")
    assert r.exit_code in (0, 1), r.stderr
    r = run("report", "--plan", merged, "--ledger", tmp_path / "merged.toml", "--period", "2025-06")
    assert r.exit_code == 0, r.stderr
    assert "29.000" in r.stdout
    r = run("show", "budget_revenue", "--plan", merged, "--ledger", tmp_path / "merged.toml", "--format", "json")
    assert r.exit_code == 0 and json.loads(r.stdout)["combined_from"]["value"] == 29000, r.stderr


# ── refusals, in both languages ──

def refused(run, merged: Path, tmp_path: Path, lang: str, monkeypatch):
    monkeypatch.setenv("KEHOACH_LANG", lang)
    return run("status", "--plan", merged, "--ledger", tmp_path / "merged.toml")


@pytest.mark.parametrize("lang, said", [
    ("en", "plan2025.toml is the plan for 2025, but Bắc Giang reported alone until 2024-12"),
    ("vi", "plan2025.toml là kế hoạch năm 2025, nhưng Bắc Giang báo cáo riêng đến 2024-12"),
])
def test_a_predecessor_whose_plan_is_of_another_year_is_refused(run, merged, tmp_path, monkeypatch, lang, said):
    text = merged.read_text(encoding="utf-8").replace('until = "2025-06"', 'until = "2024-12"')
    merged.write_text(text, encoding="utf-8")
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir() if p.is_file()}
    r = refused(run, merged, tmp_path, lang, monkeypatch)
    assert r.exit_code == 65 and said in r.stderr and "Traceback" not in r.stderr
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir() if p.is_file()} == before


@pytest.mark.parametrize("lang, said", [
    ("en", 'indicator grdp_growth › combine: combine = "weighted" needs weights'),
    ("vi", 'chỉ tiêu grdp_growth › combine: combine = "weighted" cần weights'),
])
def test_weighted_without_weights_is_refused(run, merged, tmp_path, monkeypatch, lang, said):
    text = merged.read_text(encoding="utf-8").replace('weight = "grdp_last_year_same_period"\n', "")
    merged.write_text(text, encoding="utf-8")
    r = refused(run, merged, tmp_path, lang, monkeypatch)
    assert r.exit_code == 65 and said in r.stderr, r.stderr


@pytest.mark.parametrize("text, said", [
    ('weight = "grdp_last_year_same_period"', "unknown predecessor 'Bắc Ninh' (did you mean 'Bắc Ninh (cũ)'?)"),
])
def test_shares_naming_an_unknown_predecessor_are_refused(run, merged, tmp_path, english, text, said):
    merged.write_text(merged.read_text(encoding="utf-8").replace(
        text, 'weights = { "Bắc Giang" = 45, "Bắc Ninh" = 55 }'), encoding="utf-8")
    r = run("plan", "check", merged)
    assert r.exit_code == 65 and said in r.stderr, r.stderr
    assert "no share for Bắc Ninh (cũ)" in r.stderr


@pytest.mark.parametrize("lang, said", [
    ("en", "predecessor Bắc Giang › until: '2025-6' is not a period"),
    ("vi", "tỉnh trước sáp nhập Bắc Giang › until: '2025-6' không phải là kỳ báo cáo"),
])
def test_a_malformed_until_is_refused(run, merged, tmp_path, monkeypatch, lang, said):
    merged.write_text(merged.read_text(encoding="utf-8").replace('until = "2025-06"', 'until = "2025-6"', 1),
                      encoding="utf-8")
    r = refused(run, merged, tmp_path, lang, monkeypatch)
    assert r.exit_code == 65 and said in r.stderr, r.stderr


def test_a_missing_predecessor_ledger_is_refused(run, merged, tmp_path, english):
    (tmp_path / "ledger_bacgiang.toml").unlink()
    r = run("status", "--plan", merged, "--ledger", tmp_path / "merged.toml")
    assert r.exit_code == 66 and "predecessor Bắc Giang › ledger: the ledger" in r.stderr, r.stderr


def test_a_predecessor_plan_without_the_indicator_is_refused(run, merged, tmp_path, english):
    old = tmp_path / OLD.name
    old.write_text(old.read_text(encoding="utf-8").replace('id = "budget_revenue"', 'id = "revenue"'),
                   encoding="utf-8")
    r = run("status", "--plan", merged, "--ledger", tmp_path / "merged.toml")
    assert r.exit_code == 65 and "has no indicator 'budget_revenue'" in r.stderr and "from_ids" in r.stderr
    # …and mapped with from_ids it is read
    merged.write_text(merged.read_text(encoding="utf-8").replace(
        'combine = "sum"', 'combine = "sum"\nfrom_ids = { "Bắc Ninh (cũ)" = "revenue" }'), encoding="utf-8")
    write_ledger(tmp_path / "ledger_bacninh_old.toml", [("revenue", "2025-06", "20000")])
    rows, _ = status(run, merged, tmp_path / "merged.toml", "--as-of", "2025-06")
    assert rows["budget_revenue"]["actual"] == 29000


# ── areas that end and begin ──

DISTRICTS = '''
[[areas]]
name = "Yên Dũng"
kind = "huyện"
until = "2025-06"
becomes = ["Phường Tân An"]

[[areas]]
name = "Phường Tân An"
kind = "phường"
from = "2025-07"
'''


@pytest.mark.parametrize("lang, said", [
    ("en", "the area Yên Dũng ended in 2025-06: a record for 2025-07 belongs to Phường Tân An"),
    ("vi", "địa bàn Yên Dũng đã kết thúc vào 2025-06: số liệu kỳ 2025-07 thuộc về Phường Tân An"),
])
def test_a_record_for_an_area_after_it_ended_is_refused(run, write_plan, plan_text, ledger, monkeypatch, lang, said):
    monkeypatch.setenv("KEHOACH_TODAY", "2025-08-15")
    monkeypatch.setenv("KEHOACH_LANG", lang)
    plan = write_plan(plan_text + DISTRICTS)
    ok = run("record", "tourists", "0.3", "--period", "2025-06", "--area", "Yên Dũng", "--plan", plan, "--ledger", ledger)
    assert ok.exit_code == 0, ok.stderr
    before = ledger.read_bytes()
    r = run("record", "tourists", "0.4", "--period", "2025-07", "--area", "Yên Dũng", "--plan", plan, "--ledger", ledger)
    assert r.exit_code == 65 and said in r.stderr, r.stderr
    assert ledger.read_bytes() == before
    r = run("record", "tourists", "0.1", "--period", "2025-06", "--area", "Phường Tân An", "--plan", plan,
            "--ledger", ledger)
    assert r.exit_code == 65 and "Phường Tân An" in r.stderr and "2025-07" in r.stderr
    r = run("record", "tourists", "0.1", "--period", "2025-07", "--area", "Phường Tân An", "--plan", plan,
            "--ledger", ledger)
    assert r.exit_code == 0, r.stderr


@pytest.mark.parametrize("change, said", [
    (('until = "2025-06"', 'until = "2025-13"'), "area Yên Dũng › until: '2025-13' has no month 13"),
    (('from = "2025-07"', 'from = "2025-05"'), "area Yên Dũng › becomes: Phường Tân An begins in 2025-05, before Yên Dũng ends in 2025-06"),
    (('becomes = ["Phường Tân An"]', 'becomes = ["Phường Tân Am"]'), "area Yên Dũng › becomes: unknown area 'Phường Tân Am'"),
    (('until = "2025-06"\n', ''), "area Yên Dũng › becomes: an area that becomes others needs until"),
    (('from = "2025-07"', 'from = "2025-07"\nuntil = "2025-01"'), "area Phường Tân An › until: 2025-01 is before the area's first month 2025-07"),
])
def test_area_months_are_checked_with_the_plan(run, write_plan, plan_text, english, change, said):
    plan = write_plan(plan_text + DISTRICTS.replace(*change))
    r = run("plan", "check", plan)
    assert r.exit_code == 65 and said in r.stderr, r.stderr


@pytest.mark.parametrize("change, said", [
    (('weight = "grdp_last_year_same_period"', 'weight = "grdp_last_year_same_period"\nweights = { "Bắc Giang" = 45, "Bắc Ninh (cũ)" = 55 }'),
     "indicator grdp_growth › weights: give weights or weight, not both"),
    (('weight = "grdp_last_year_same_period"', 'weights = { "Bắc Giang" = 45, "Bắc Ninh (cũ)" = -55 }'),
     "weights › Bắc Ninh (cũ): must not be negative, got -55"),
    (('combine = "sum"', 'weight = "population"'),
     "indicator budget_revenue › weight: weight says how predecessors' values combine, but the indicator has no combine"),
    (('combine = "sum"', 'combine = "sum"\ndenominator = "population"'),
     "indicator budget_revenue › denominator: denominator is only for combine = \"per_capita\", not \"sum\""),
    (('denominator = "population"', ''), "indicator grdp_per_capita › combine: combine = \"per_capita\" needs denominator"),
    (('until = "2025-06"', 'until = "2025-05"', 1), "the predecessors must all end in the same month (the merger's); got 2025-05, 2025-06"),
    (('until = "2025-06"', 'until = "2023-06"', 1), "until: 2023-06 is neither in the plan year 2025 nor in its baseline year 2024"),
    (('name = "Bắc Ninh (cũ)"', 'name = "Bắc Giang"'), "predecessor Bắc Giang: the predecessor 'Bắc Giang' is listed 2 times"),
])
def test_succession_is_checked_with_the_plan(run, english, change, said):
    text = MERGED.read_text(encoding="utf-8")
    assert change[0] in text
    r = run("plan", "check", _write(text.replace(*change)))
    assert r.exit_code == 65 and said in r.stderr, r.stderr


def test_combine_without_predecessors_is_refused(run, english):
    text = MERGED.read_text(encoding="utf-8")
    head, rest = text.split("[[predecessors]]", 1)
    rest = rest.split("[[groups]]", 1)[1]
    r = run("plan", "check", _write(head + "[[groups]]" + rest))
    assert r.exit_code == 65 and "combine needs the plan's [[predecessors]] or [[areas]]: there are none" in r.stderr, r.stderr


def test_a_predecessor_plan_of_another_year_than_its_until_is_refused(run, merged, tmp_path, english):
    old = tmp_path / OLD.name
    old.write_text(old.read_text(encoding="utf-8").replace("year = 2025\nbaseline_year = 2024",
                                                           "year = 2024\nbaseline_year = 2023"), encoding="utf-8")
    r = run("status", "--plan", merged, "--ledger", tmp_path / "merged.toml")
    assert r.exit_code == 65, r.stderr
    assert ("predecessor Bắc Ninh (cũ) › plan: plan2025_bacninh_old.toml is the plan for 2024, but Bắc Ninh (cũ) "
            "reported alone until 2025-06") in r.stderr


def _write(text: str) -> Path:
    path = Path.cwd() / "merged.toml"  # the test's own folder (conftest's isolation)
    path.write_text(text, encoding="utf-8")
    return path


def test_import_refuses_an_area_record_after_the_area_ended(run, write_plan, plan_text, ledger, tmp_path, monkeypatch,
                                                             english):
    monkeypatch.setenv("KEHOACH_TODAY", "2025-08-15")
    plan = write_plan(plan_text + DISTRICTS)
    src = tmp_path / "in.csv"
    src.write_text("id,period,value,area\ntourists,2025-06,0.3,Yên Dũng\ntourists,2025-07,0.4,Yên Dũng\n",
                   encoding="utf-8")  # made-up test values
    r = run("import", src, "--plan", plan, "--ledger", ledger)
    assert r.exit_code == 65 and "the area Yên Dũng ended in 2025-06" in r.stderr, r.stderr
    assert not ledger.exists()


def test_plan_next_keeps_the_predecessors_and_how_they_combine(run, merged, tmp_path, english):
    merged.write_text(merged.read_text(encoding="utf-8").replace(
        'weight = "grdp_last_year_same_period"', 'weights = { "Bắc Giang" = 45, "Bắc Ninh (cũ)" = 55 }')  # test values
        + DISTRICTS, encoding="utf-8")
    out = tmp_path / "plan2026.toml"
    r = run("plan", "next", "--plan", merged, "--ledger", tmp_path / "merged.toml", "--output", out)
    assert r.exit_code == 0, r.stderr
    text = out.read_text(encoding="utf-8")
    assert 'weights = { "Bắc Giang" = 45, "Bắc Ninh (cũ)" = 55 }' in text
    assert 'becomes = ["Phường Tân An"]' in text and 'from = "2025-07"' in text
    assert text.count("[[predecessors]]") == 2 and 'until = "2025-06"' in text
    assert run("plan", "check", out).exit_code == 0
    rows, _ = status(run, out, tmp_path / "merged.toml")  # 2026: June 2025 combined, for 'so với cùng kỳ'
    assert rows["budget_revenue"]["actual"] is None


@pytest.mark.parametrize("shares, want, normalised", [
    ((45, 55), 10.25, False),  # (13 × 45 + 8 × 55) ÷ 100: test values
    ((45, 50), 10.37, True),  # (13 × 45 + 8 × 50) ÷ 95 = 10,368…: scaled to 100, and said
])
def test_growth_weighted_by_published_shares(run, merged, tmp_path, english, shares, want, normalised):
    merged.write_text(merged.read_text(encoding="utf-8").replace(
        'weight = "grdp_last_year_same_period"', f'weights = {{ "Bắc Giang" = {shares[0]}, "Bắc Ninh (cũ)" = {shares[1]} }}'),
        encoding="utf-8")
    rows, _ = status(run, merged, tmp_path / "merged.toml", "--as-of", "2025-06")
    cf = rows["grdp_growth"]["combined_from"]
    assert round(rows["grdp_growth"]["actual"], 2) == want
    assert cf["normalised"] is normalised and [p["weight"] for p in cf["predecessors"]] == list(shares)
    assert (cf["message"] == "the shares add up to 95, not 100: they were scaled to 100") if normalised else cf["message"] is None


@pytest.mark.parametrize("lang, said", [
    ("en", "predecessor Bắc Ninh (cũ) › plan: plan file not found"),
    ("vi", "tỉnh trước sáp nhập Bắc Ninh (cũ) › plan: "),
])
def test_a_missing_predecessor_plan_is_refused(run, merged, tmp_path, monkeypatch, lang, said):
    (tmp_path / OLD.name).unlink()
    monkeypatch.setenv("KEHOACH_LANG", lang)
    r = run("status", "--plan", merged, "--ledger", tmp_path / "merged.toml")
    assert r.exit_code == 66 and said in r.stderr and "--plan PATH" not in r.stderr, r.stderr


def test_known_at_reads_the_predecessors_as_known_on_that_day_too(run, merged, tmp_path):
    """The July report of the merged province rebuilt later: a predecessor's figure recorded after
    the day is not there yet (its records are all recorded 2025-07-05, test values)."""
    before, _ = status(run, merged, tmp_path / "merged.toml", "--as-of", "2025-06", "--known-at", "2025-07-04")
    assert before["budget_revenue"]["actual"] is None and before["budget_revenue"]["status"] == "no_data"
    on_the_day, _ = status(run, merged, tmp_path / "merged.toml", "--as-of", "2025-06", "--known-at", "2025-07-05")
    assert on_the_day["budget_revenue"]["actual"] == 29000
    r = run("report", "--plan", merged, "--ledger", tmp_path / "merged.toml", "--period", "2025-06",
            "--compare-known-at", "2025-07-04", "--format", "json")
    assert r.exit_code == 0, r.stderr
    changed = {c["indicator"]: c for c in json.loads(r.stdout)["changes"]}
    assert changed["budget_revenue"]["before"] is None and changed["budget_revenue"]["after"] == 29000
