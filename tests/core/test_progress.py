"""The progress maths, checked against hand-worked numbers and the seed's own published ratios."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from kehoach.core.models import Thresholds
from kehoach.core.numbers import round_to
from kehoach.core.periods import Period
from kehoach.core.progress import (
    Actual,
    assess,
    expected_position,
    is_achieved,
    is_final,
    last_year_profile,
    percent_of_plan,
    projection,
    reference_target,
    score,
    target_verdict,
    verdict,
)

JUNE = Period(2025, 6)


def test_budget_revenue_six_months_against_the_annual_plan():
    # "Thu ngân sách nhà nước 6 tháng đạt 10.111,7 tỷ đồng, … bằng 61,3% kế hoạch năm" (16.500)
    p = percent_of_plan("higher", D(16500), D(17173), D("10111.7"))
    assert p == D("61.28")
    assert round_to(p, 1) == D("61.3")


def test_seed_published_ratios_come_out_of_the_same_formula():
    # Part One: "Tổng thu NSNN 6 tháng đạt 10.111,7 tỷ đồng … bằng 62,9% dự toán; cả năm ước đạt
    # 17.173 tỷ đồng, bằng 106,9% dự toán". The 2024 dự toán itself is not in the seed, but both
    # ratios must round to the published figures for one and the same dự toán: 16,065 does it.
    plan_2024 = D(16065)
    assert round_to(percent_of_plan("higher", plan_2024, None, D("10111.7")), 1) == D("62.9")
    assert round_to(percent_of_plan("higher", plan_2024, None, D(17173)), 1) == D("106.9")
    # and a dự toán far from it does not reproduce them, so the check can fail
    assert round_to(percent_of_plan("higher", D(16500), None, D(17173)), 1) != D("106.9")


def test_tourists_2024_exceeded_plan_by_17_4_percent():
    # "2,7 triệu lượt người … vượt 17,4% kế hoạch" ⇒ the 2024 plan was about 2,3 triệu
    assert round_to(percent_of_plan("higher", D("2.3"), None, D("2.7")), 1) == D("117.4")


def test_expected_position_by_kind():
    assert expected_position("flow", D(16500), D(17173), JUNE) == (D(8250), "pro_rata")
    assert expected_position("flow", D("123030"), None, Period(2025, 5)) == (D("51262.50"), "pro_rata")
    assert expected_position("rate", D("14.0"), D("14.5"), JUNE) == (D("14.0"), "target")
    assert expected_position("level", D("36.2"), D("34.4"), JUNE) == (D("35.30"), "linear")
    assert expected_position("level", D("34.3"), None, JUNE) == (D("34.3"), "target")
    assert expected_position("level", D("37.5"), D("37.7"), Period(2025, 12)) == (D("37.50"), "linear")


def test_export_ratios_published_in_part_one():
    # "Tổng kim ngạch xuất nhập khẩu 6 tháng đạt 23,9 tỷ USD, … đạt 39,8% kế hoạch, trong đó xuất
    # khẩu đạt 12,6 tỷ USD, … đạt 38,2% kế hoạch" against the plan of 60 (33 export) tỷ USD
    assert round_to(percent_of_plan("higher", D(60), None, D("23.9")), 1) == D("39.8")
    assert round_to(percent_of_plan("higher", D(33), None, D("12.6")), 1) == D("38.2")


def test_flow_follows_last_years_monthly_profile_when_the_ledger_has_it():
    # 2024: 7.660 by June of a 17.173 year (44,6%), so June 2025 should stand at 44,6% of 16.500
    history = [Actual(Period(2024, 6), D(7660)), Actual(Period(2024, 12), D(17173))]
    profile = last_year_profile(history, JUNE)
    assert profile == (D(7660), D(17173))
    want = round_to(D(16500) * D(7660) / D(17173), 2)
    assert want == D("7359.81")
    got, method = expected_position("flow", D(16500), None, JUNE, profile)
    assert round_to(got, 2) == want and method == "last_year_profile" and got != want  # exact, not rounded
    # projection: the year as last year went: 10.111,7 × 17.173 = 173.648.224,1; ÷ 7.660 = 22.669,48
    assert round_to(projection(D("10111.7"), JUNE, profile), 2) == D("22669.48")
    # pro rata without it: 10.111,7 × 12 / 6
    assert projection(D("10111.7"), JUNE) == D("20223.40")
    # a year without December, or a month above the year, is not a profile
    assert last_year_profile(history[:1], JUNE) is None
    assert last_year_profile([Actual(Period(2024, 6), D(9)), Actual(Period(2024, 12), D(8))], JUNE) is None


def test_the_issue_sentence_budget_revenue_june_2025(plan):
    # "Thu ngân sách nhà nước 6 tháng đạt 10.111,7 tỷ đồng, bằng 61,3% kế hoạch năm, tăng 32,0% so
    # với cùng kỳ": with June 2024 = 7.660,4 in the ledger
    t, ind = plan.find("budget_revenue")
    history = [Actual(Period(2024, 6), D("7660.4")), Actual(JUNE, D("10111.7"))]
    p = assess(t, ind, t.group, plan.plan.thresholds, Actual(JUNE, D("10111.7")), history=history)
    assert round_to(p.percent_of_plan, 1) == D("61.3")
    assert round_to(p.yoy_percent, 1) == D("32.0")
    assert p.remaining == D("6388.3")
    assert p.expected_method == "pro_rata"  # no December 2024 in the ledger
    assert p.projection == D("20223.40") and p.projection_percent == D("122.57")
    assert p.status == "on_track"  # 10.111,7 is above the 8.250 expected by June


def test_percentages_compare_year_on_year_in_points(plan):
    t, ind = plan.find("forest_cover")
    history = [Actual(Period(2024, 6), D("37.6"))]
    p = assess(t, ind, t.group, plan.plan.thresholds, Actual(JUNE, D("37.8")), history=history)
    assert p.yoy_points == D("0.2") and p.yoy_percent is None
    # met in June, but a level can still fall: on track, not achieved, until December
    assert p.status == "on_track"
    p = assess(t, ind, t.group, plan.plan.thresholds, Actual(Period(2025, 12), D("37.8")))
    assert p.status == "achieved" and p.yoy_points is None


def test_a_met_flow_is_final_at_any_month_a_level_only_in_december():
    assert is_final("flow", JUNE) and is_final("count", JUNE)
    assert not is_final("level", JUNE) and is_final("level", Period(2025, 12))


@pytest.mark.parametrize(
    "form, direction, actual, met",
    [
        ("at_least", "higher", "37.5", True),
        ("above", "higher", "14.0", False),  # "trên 14%": 14,0 is not above
        ("above", "higher", "14.01", True),
        ("below", "lower", "1.0", False),  # "dưới 1%"
        ("below", "lower", "0.99", True),
        ("at_most", "lower", "1.0", True),
        ("about", "higher", "2.97", True),  # "khoảng 3,0" within 1%
        ("about", "higher", "2.96", False),
        ("about", "lower", "3.03", True),
        ("about", "toward", "2.96", False),
    ],
)
def test_target_forms(form, direction, actual, met):
    target = {"at_least": "37.5", "above": "14.0", "below": "1.0", "at_most": "1.0"}.get(form, "3.0")
    assert is_achieved(direction, D(target), None, D(actual), form, None, D(1)) is met


def test_a_range_is_met_from_its_lower_end_and_measured_against_it():
    # "tăng 7,5–8,0%": 7,5 meets it; % of plan is against 7,5
    assert is_achieved("higher", D("7.5"), None, D("7.5"), "range", D("8.0"))
    assert not is_achieved("higher", D("7.5"), None, D("7.4"), "range", D("8.0"))
    assert reference_target("higher", "range", D("7.5"), D("8.0"), None) == D("7.5")
    assert reference_target("lower", "range", D("0.8"), D("1.0"), None) == D("1.0")
    # a share falling from 11,7 toward 10,0–10,5 is measured against 10,5, the nearer end
    assert reference_target("toward", "range", D("10.0"), D("10.5"), D("11.7")) == D("10.5")
    assert is_achieved("toward", D("10.0"), D("11.7"), D("10.2"), "range", D("10.5"))
    assert not is_achieved("toward", D("10.0"), D("11.7"), D("9.9"), "range", D("10.5"))


def test_a_numbered_target_stands_as_its_worst_indicator():
    assert target_verdict(["achieved", "achieved"]) == "achieved"
    assert target_verdict(["achieved", "no_data"]) == "on_track"
    assert target_verdict(["achieved", "at_risk", "off_track"]) == "off_track"
    assert target_verdict(["no_data", "no_data"]) == "no_data"


def test_lower_is_better():
    assert percent_of_plan("lower", D("2.4"), D("2.5"), D("2.4")) == D(100)
    assert percent_of_plan("lower", D("2.4"), D("2.5"), D("3.0")) == D(80)
    assert percent_of_plan("lower", D("0.9"), None, D(0)) is None
    assert is_achieved("lower", D("0.9"), None, D("0.8"))
    assert not is_achieved("lower", D("0.9"), None, D("1.0"))


def test_share_moving_toward_the_plan():
    # agriculture's share is planned to fall from 11,7 to 10,3: half way is 50% of the move
    assert percent_of_plan("toward", D("10.3"), D("11.7"), D("11.0")) == D(50)
    assert is_achieved("toward", D("10.3"), D("11.7"), D("10.1"))
    assert not is_achieved("toward", D("10.3"), D("11.7"), D("10.5"))


def test_target_below_baseline_is_met_at_or_above_it():
    assert is_achieved("higher", D("37.5"), D("37.7"), D("37.5"))
    assert is_achieved("higher", D(16500), D(17173), D(16500))


@pytest.mark.parametrize(
    "actual, want",
    [("8250", "on_track"), ("7500", "at_risk"), ("7400", "off_track"), ("16500", "achieved")],
)
def test_flow_verdicts(actual, want):
    t = Thresholds()
    a = D(actual)
    exp, _ = expected_position("flow", D(16500), None, JUNE)
    s = score("flow", "higher", D(16500), None, a, exp, JUNE)
    assert verdict(is_achieved("higher", D(16500), None, a), s, a - D(16500), t) == want


def test_rate_verdict_compares_with_the_target_directly():
    t = Thresholds()
    s = score("rate", "higher", D("14.0"), D("14.5"), D("13.5"), D("14.0"), JUNE)
    assert round_to(s, 2) == D("96.43")
    assert verdict(False, s, D("-0.5"), t) == "at_risk"
