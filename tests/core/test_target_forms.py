"""Targets stated as a change (percent, points), accumulating percentages, the target as
written, and the plan checks that refuse nonsense — each with hand-worked numbers."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from kehoach.core.models import Indicator, Thresholds
from kehoach.core.periods import Period
from kehoach.core.planview import from_model
from kehoach.core.progress import Actual, assess
from kehoach.render import sentences

# The core's messages as the code writes them (English); the Vietnamese catalogue is tested in
# tests/test_i18n.py and tests/cli/test_messages.py.
pytestmark = pytest.mark.usefixtures("english")

TH = Thresholds()


class _Target:
    number = 1
    source_label = None


def indicator(**kw):
    fields = {"id": "x", "name": "Chỉ tiêu", "name_en": "Indicator", "unit": "%", "kind": "level",
              "direction": "higher", "target": D(10)}
    fields.update(kw)
    return from_model(Indicator(**fields))


def judge(ind, value, period, history=(), **kw):
    return assess(_Target(), ind, "g", TH, Actual(period, D(value)), history=list(history), baseline_year=2024, **kw)


def test_exports_up_12_percent_are_judged_against_baseline_times_1_12():
    # "kim ngạch xuất khẩu tăng 12%" with 2024 = 20,65: the year is judged against 20,65 × 1,12 = 23,128
    ind = indicator(unit="tỷ USD", kind="flow", change="percent", target=D(12), baseline=D("20.65"))
    p = judge(ind, "11.564", Period(2025, 6))
    assert p.reference == D("23.128") and p.base_source == "plan"
    assert p.percent_of_plan == D(50)  # a flow: 11,564 ÷ 23,128
    assert p.status == "on_track"  # exactly the 11,564 expected by June
    assert judge(ind, "23.128", Period(2025, 12)).status == "achieved"
    assert judge(ind, "23.1", Period(2025, 12)).status == "missed"
    assert sentences.target_text(p) == "tăng 12%"


def test_the_reference_follows_the_ledgers_official_december_value():
    ind = indicator(unit="tỷ USD", kind="flow", change="percent", target=D(12), baseline=D("20.65"))
    official = [Actual(Period(2024, 12), D(21))]
    p = judge(ind, "11.76", Period(2025, 6), history=official)
    assert p.reference == D("23.52") and p.baseline == D(21) and p.base_source == "ledger 2024-12"
    assert "số chính thức 2024-12 trong sổ" in sentences.target_line(p, ind, "vi", "vi")
    assert "the plan's baseline" in sentences.target_line(judge(ind, "11", Period(2025, 6)), ind, "en", "en")


def test_poverty_down_3_points_half_way_is_50_percent_of_plan():
    # 17,78 → 16,28 against "giảm 3 điểm %": the part of the change made, −1,5 ÷ −3 = 50%
    ind = indicator(kind="level", direction="lower", change="points", target=D(-3), baseline=D("17.78"))
    p = judge(ind, "16.28", Period(2025, 6))
    assert p.reference == D("14.78") and p.percent_of_plan == D(50)
    assert p.status == "on_track"  # half the year, half the fall
    assert sentences.target_text(p) == "giảm 3 điểm %"
    # how much fell, and the part of the planned fall it is
    assert "còn 16,28%, giảm 1,5 điểm % so với năm trước, đạt 50,0% kế hoạch giảm 3 điểm %" in sentences.sentence(p, "vi", "vi")
    assert judge(ind, "14.78", Period(2025, 12)).status == "achieved"
    assert judge(ind, "14.79", Period(2025, 12)).status == "missed"


def test_a_range_of_points_and_at_least_percent():
    # "giảm 1–1,5 điểm %" from 4,0: met at 3,0 or below (the weaker end), measured against 3,0
    ind = indicator(kind="level", direction="lower", change="points", target=D("-1.5"), target_form="range",
                    target_high=D(-1), baseline=D(4))
    assert judge(ind, "3.0", Period(2025, 12)).status == "achieved"
    assert judge(ind, "3.1", Period(2025, 12)).status == "missed"
    assert sentences.target_text(ind) == "giảm 1–1,5 điểm %"
    # "tăng từ 10%" of 16.500: 18.150 or more
    rev = indicator(unit="tỷ đồng", kind="flow", change="percent", target=D(10), target_form="at_least",
                    baseline=D(16500))
    assert judge(rev, "18150", Period(2025, 12)).status == "achieved"
    assert judge(rev, "18149", Period(2025, 12)).status == "missed"
    assert sentences.target_text(rev) == "tăng từ 10%"
    assert sentences.target_text(rev, "en", "en") == "up at least 10%"


@pytest.mark.parametrize(
    "fields, written",
    [
        ({"direction": "lower", "target_form": "below", "target": D("4.5"), "kind": "rate"}, "dưới 4,5%"),
        ({"target_form": "range", "target": D("11.5"), "target_high": D("12.5"), "kind": "rate"}, "11,5–12,5%"),
        ({"change": "percent", "target": D(12), "baseline": D(20), "unit": "tỷ USD", "kind": "flow"}, "tăng 12%"),
        ({"change": "percent", "target": D(10), "target_form": "at_least", "baseline": D(20), "unit": "tỷ đồng",
          "kind": "flow"}, "tăng từ 10%"),
        ({"change": "points", "target": D(-3), "direction": "lower", "baseline": D(17)}, "giảm 3 điểm %"),
        ({"target": D("3.5"), "unit": "% GRDP"}, "3,5% GRDP"),
        ({"target": D(5), "target_text": "không dưới 5 (theo văn bản)"}, "không dưới 5 (theo văn bản)"),
    ],
)
def test_the_target_as_written(fields, written):
    assert sentences.target_text(indicator(**fields)) == written


def test_a_percentage_accumulating_in_the_year_is_a_flow_expected_pro_rata():
    # "khám sức khỏe ít nhất 1 lần trong năm: 100%": 50% by June is on the path, not 50% of a level
    ind = indicator(kind="flow", target=D(100))
    june = judge(ind, "50", Period(2025, 6))
    assert june.expected == D(50) and june.expected_method == "pro_rata" and june.status == "on_track"
    assert judge(ind, "45", Period(2025, 6)).status == "at_risk"  # 90% of the 50 expected
    # the same figure as a level would be judged against 100 from January
    assert judge(indicator(kind="level", target=D(100)), "50", Period(2025, 6)).status == "off_track"


def test_a_falling_year_to_date_flow_is_flagged():
    ind = indicator(unit="tỷ đồng", kind="flow", target=D(2))
    history = [Actual(Period(2025, 6), D("1.2")), Actual(Period(2025, 8), D("1.0"))]
    p = judge(ind, "1.0", Period(2025, 8), history=history)
    assert p.falls_back
    assert "thấp hơn một tháng trước" in sentences.sentence(p, "vi", "vi")
    rising = [Actual(Period(2025, 6), D("1.0")), Actual(Period(2025, 8), D("1.2"))]
    assert not judge(ind, "1.2", Period(2025, 8), history=rising).falls_back
    # last year's higher December does not count against this year's months
    across = [Actual(Period(2024, 12), D(5)), Actual(Period(2025, 8), D("1.2"))]
    assert not judge(ind, "1.2", Period(2025, 8), history=across).falls_back


def test_percent_of_plan_for_a_level_change_round_once():
    ind = indicator(kind="level", change="points", target=D(3), baseline=D(10))
    p = judge(ind, "11", Period(2025, 6))
    # exact on the object (a display rounds it once); JSON rounds to 2 decimals (render/contract.py)
    assert p.exact["percent_of_plan"] == D(100) / 3 and p.percent_of_plan == D(100) / 3


# ───────────────────────────── plan checks (exit 65) ─────────────────────────────

BAD = {
    "toward on a flow": (
        lambda t: t.replace('kind = "flow"\ndirection = "higher"\ntarget = 16500',
                            'kind = "flow"\ndirection = "toward"\ntarget = 16500', 1),
        ['target 4 › indicator budget_revenue › direction: "toward" is for a structure share'],
    ),
    "negative threshold": (
        lambda t: t.replace("on_track = 100\nat_risk = 90", "on_track = 100\nat_risk = -5", 1),
        ["plan › thresholds › at_risk: must not be negative, got -5"],
    ),
    "thresholds out of order": (
        lambda t: t.replace("on_track = 100\nat_risk = 90", "on_track = 90\nat_risk = 100", 1),
        ["plan › thresholds: at_risk must not be above on_track"],
    ),
    "change without a baseline": (
        lambda t: t.replace("target = 16500\n", 'target = 16500\nchange = "percent"\n', 1).replace(
            "baseline = 17173\n", "", 1),
        ['budget_revenue › change: change = "percent" needs a baseline'],
    ),
    "points on a money unit": (
        lambda t: t.replace("target = 16500\n", 'target = 16500\nchange = "points"\n', 1),
        ['budget_revenue › change: "points" are percentage points'],
    ),
    "area parent cycle": (
        lambda t: t + '\n[[areas]]\nname = "A"\nparent = "B"\n\n[[areas]]\nname = "B"\nparent = "A"\n',
        ["area A › parent: areas are their own parents: A › B › A", "area B › parent"],
    ),
    "negative money target in an area": (
        lambda t: t + '\n[[areas]]\nname = "A"\n\n[[areas.targets]]\nindicator = "budget_revenue"\ntarget = -5\n',
        ["area A › targets › budget_revenue › target: -5 is negative"],
    ),
    "negative money target": (
        lambda t: t.replace("target = 16500", "target = -16500", 1),
        ["budget_revenue › target: -16,500 is negative"],
    ),
}


@pytest.mark.parametrize("case", list(BAD))
def test_plan_check_refuses_nonsense_with_the_place(case, run, plan_text, write_plan):
    transform, fragments = BAD[case]
    path = write_plan(transform(plan_text))
    before = path.read_bytes()
    r = run("plan", "check", path)
    assert r.exit_code == 65, r.output
    for f in fragments:
        assert f in r.stderr
    assert "Traceback" not in r.output
    assert path.read_bytes() == before
    assert run("status", "--plan", path).exit_code == 65


def test_plan_check_lists_every_problem(run, plan_text, write_plan):
    text = BAD["negative threshold"][0](BAD["toward on a flow"][0](plan_text))
    r = run("plan", "check", write_plan(text))
    assert r.exit_code == 65 and "2 problems" in r.stderr


def test_the_chart_draws_a_changes_target_at_the_level_it_asks_for():
    from kehoach.render import chart

    ind = indicator(kind="level", direction="lower", change="points", target=D(-3), baseline=D("17.78"))
    p = judge(ind, "16.28", Period(2025, 6))
    assert chart._target_lines(p) == [D("14.78")]
    assert chart.expected_path(p, 2025)[12] == D("14.78")  # the path ends at the level, not at −3
