"""Every bad plan gets one clear message on stderr — file, place, problem — and a non-zero exit."""

from __future__ import annotations

import pytest

# The core's messages as the code writes them (English); the Vietnamese catalogue is tested in
# tests/test_i18n.py and tests/cli/test_messages.py.
pytestmark = pytest.mark.usefixtures("english")

BAD_PLANS = {
    # name: (transform of the plan text, expected exit code, expected fragments of stderr)
    "syntax error": (lambda t: t.replace('title = "Kế hoạch', 'title = Kế hoạch', 1), 65, ["plan.toml:", ":9:", "^"]),
    "empty file": (lambda t: "", 65, ["plan.toml: the file is empty"]),
    "only blanks": (lambda t: "\n \n", 65, ["the file is empty"]),
    "missing required field": (
        lambda t: t.replace('unit = "tỷ đồng"\nunit_en = "billion VND"\nkind = "flow"\ndirection = "higher"\ntarget = 16500',
                            'unit_en = "billion VND"\nkind = "flow"\ndirection = "higher"\ntarget = 16500', 1),
        65,
        ["target 4 › indicator budget_revenue › unit: required key is missing"],
    ),
    "unknown key": (
        lambda t: t.replace("baseline = 17173", "baselin = 17173", 1),
        65,
        ["target 4 › indicator budget_revenue › baselin: unknown key 'baselin' (did you mean 'baseline'?)"],
    ),
    "number as text": (
        lambda t: t.replace("target = 16500", 'target = "16.500"', 1),
        65,
        ['plan.toml: target 4 › indicator budget_revenue › target: expected a number, got "16.500"'],
    ),
    "nan": (lambda t: t.replace("target = 16500", "target = nan", 1), 65, ["budget_revenue › target: expected a finite number"]),
    "infinity": (lambda t: t.replace("baseline = 17173", "baseline = inf", 1), 65, ["budget_revenue › baseline: expected a finite number"]),
    "huge exponent": (lambda t: t.replace("target = 16500", "target = 1e999999", 1), 65, ["budget_revenue › target"]),
    "range without its upper end": (
        lambda t: t.replace("target = 14.0\n", 'target = 14.0\ntarget_form = "range"\n', 1),
        65,
        ["target 1 › indicator grdp_growth › target_high: a \"range\" target needs target_high"],
    ),
    "range upside down": (
        lambda t: t.replace("target = 14.0\n", 'target = 14.0\ntarget_form = "range"\ntarget_high = 13.5\n', 1),
        65,
        ["grdp_growth › target_high: must be above target (14.0), got 13.5"],
    ),
    "bound against the direction": (
        lambda t: t.replace("target = 14.0\n", 'target = 14.0\ntarget_form = "below"\n', 1),
        65,
        ['grdp_growth › target_form: "below" needs direction = "lower", but direction is "higher"'],
    ),
    "unknown target form": (
        lambda t: t.replace("target = 14.0\n", 'target = 14.0\ntarget_form = "roughly"\n', 1),
        65,
        ["grdp_growth › target_form"],
    ),
    "duplicate indicator id": (
        lambda t: t.replace('id = "tourists"', 'id = "budget_revenue"', 1),
        65,
        ["indicator id 'budget_revenue' is also used in target 4"],
    ),
    "duplicate target number": (
        lambda t: t.replace("number = 7\n", "number = 6\n", 1),
        65,
        ["target number 6 is used 2 times"],
    ),
    "missing target number": (
        lambda t: t.replace("number = 7\n", "number = 70\n", 1),
        65,
        ["target numbers must run 1–18 without gaps; missing [7]"],
    ),
    "unknown direction": (
        lambda t: t.replace('direction = "lower"', 'direction = "down"', 1),
        65,
        ["indicator poverty_rate › direction: must be one of 'higher', 'lower' or 'toward', got 'down'"],
    ),
    "unknown kind": (
        lambda t: t.replace('kind = "flow"', 'kind = "stock"', 1),
        65,
        ["indicator budget_revenue › kind: must be one of"],
    ),
    "unknown group": (lambda t: t.replace('group = "environment"', 'group = "enviroment"', 1), 65, ["did you mean 'environment'?"]),
    "share above 100": (lambda t: t.replace("target = 37.5", "target = 137.5", 1), 65, ["forest_cover › target: 137.5 is above 100%"]),
    "negative money": (lambda t: t.replace("target = 16500", "target = -16500", 1), 65, ["cannot be negative"]),
    "derived without note": (
        lambda t: t.replace('baseline = 14.5\n', 'baseline = 14.5\nbaseline_kind = "derived"\n', 1),
        65,
        ["a derived baseline must say how"],
    ),
    "deeply nested": (lambda t: "x = " + "[" * 2000 + "]" * 2000 + "\n", 65, ["plan.toml"]),
    "integer too long": (lambda t: "x = " + "9" * 5000 + "\n", 65, ["plan.toml"]),
    "a table where a list belongs": (lambda t: "[plan]\ntitle='x'\nprovince='y'\nyear=2025\nbaseline_year=2024\n[targets]\nx=1\n[[groups]]\nid='a'\nname='A'\n", 65, ["targets: expected a list"]),
}


@pytest.mark.parametrize("case", list(BAD_PLANS), ids=list(BAD_PLANS))
def test_bad_plan_is_reported_cleanly(case, run, plan_text, write_plan):
    transform, code, fragments = BAD_PLANS[case]
    path = write_plan(transform(plan_text))
    result = run("status", "--plan", path)
    assert result.exit_code == code, result.stderr
    assert result.stdout == ""
    assert result.stderr.startswith("Error: ")
    assert "Traceback" not in result.stderr
    for fragment in fragments:
        assert fragment in result.stderr


def test_several_problems_are_all_listed(run, plan_text, write_plan):
    text = plan_text.replace("target = 16500", 'target = "x"', 1).replace("baseline = 17173", "baselne = 1", 1)
    result = run("status", "--plan", write_plan(text))
    assert result.exit_code == 65
    assert "2 problems" in result.stderr
    assert "budget_revenue › target" in result.stderr and "baselne" in result.stderr


def test_non_utf8_names_line_and_column(run, plan_text, write_plan):
    data = plan_text.encode("utf-8").replace("Bắc Giang".encode(), "B\xe9c Giang".encode("latin-1"), 1)
    line = plan_text[: plan_text.index("Bắc Giang")].count("\n") + 1
    result = run("status", "--plan", write_plan(data))
    assert result.exit_code == 65
    assert f"plan.toml:{line}:" in result.stderr and "not UTF-8" in result.stderr


def test_bom_and_crlf_are_accepted(run, plan_text, write_plan):
    data = b"\xef\xbb\xbf" + plan_text.replace("\n", "\r\n").encode("utf-8")
    result = run("status", "--plan", write_plan(data), "--format", "json")
    assert result.exit_code == 0, result.stderr


def test_missing_file(run, tmp_path):
    result = run("status", "--plan", tmp_path / "nope.toml")
    assert result.exit_code == 66
    assert "plan file not found" in result.stderr and "nope.toml" in result.stderr


def test_folder_as_plan(run, tmp_path):
    result = run("status", "--plan", tmp_path)
    assert result.exit_code == 66
    assert "is a folder" in result.stderr


def test_env_var_selects_the_plan(run, plan_text, write_plan, monkeypatch):
    path = write_plan(plan_text.replace('province = "Bắc Giang"', 'province = "Tỉnh Thử"'))
    monkeypatch.setenv("KEHOACH_PLAN", str(path))
    result = run("status", "--format", "json")
    assert result.exit_code == 0
    assert '"province": "Tỉnh Thử"' in result.stdout


def test_another_years_plan_works(run, plan_text, write_plan):
    """Nothing in the code is tied to 2025 or to 18 targets: a two-target 2026 plan runs."""
    text = """
[plan]
title = "Kế hoạch năm 2026"
province = "Tỉnh Mẫu"
year = 2026
baseline_year = 2025

[[groups]]
id = "kinh_te"
name = "Kinh tế"

[[targets]]
number = 1
group = "kinh_te"
wording = "Thu ngân sách đạt 20.000 tỷ đồng"

[[targets.indicators]]
id = "thu_ngan_sach"
name = "Thu ngân sách"
name_en = "Budget revenue"
unit = "tỷ đồng"
kind = "flow"
direction = "higher"
target = 20000

[[targets]]
number = 2
group = "kinh_te"
wording = "Tỷ lệ hộ nghèo dưới 1%"

[[targets.indicators]]
id = "ho_ngheo"
name = "Tỷ lệ hộ nghèo"
name_en = "Poverty rate"
unit = "%"
kind = "level"
direction = "lower"
target = 1
baseline = 1.5
"""
    path = write_plan(text)
    result = run("status", "--plan", path, "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert '"year": 2026' in result.stdout and '"thu_ngan_sach"' in result.stdout
    table = run("status", "--plan", path, "--lang", "vi")
    assert "KH 2026" in table.stdout and "Ước 2025" in table.stdout


def test_a_control_character_in_any_plan_text_is_refused_with_its_place(write_plan, plan_text):
    from kehoach.core.plan import load_plan
    from kehoach.errors import PlanError

    path = write_plan(plan_text.replace('province = "Bắc Giang"', 'province = "Bắc\\u001bGiang"', 1))
    with pytest.raises(PlanError) as e:
        load_plan(path)
    text = str(e.value) + " ".join(e.value.details)
    assert "province" in text and "U+001B" in text
