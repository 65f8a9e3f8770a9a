"""The progress maths, checked against hand-worked numbers and the seed's own published ratios."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from kehoach.core.models import Thresholds
from kehoach.core.periods import Period
from kehoach.core.progress import expected_position, is_achieved, percent_of_plan, score, verdict
from kehoach.core.numbers import round_to

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
    assert expected_position("flow", D(16500), D(17173), JUNE) == D(8250)
    assert expected_position("flow", D("123030"), None, Period(2025, 5)) == D("51262.50")
    assert expected_position("rate", D("14.0"), D("14.5"), JUNE) == D("14.0")
    assert expected_position("level", D("36.2"), D("34.4"), JUNE) == D("35.30")
    assert expected_position("level", D("34.3"), None, JUNE) == D("34.3")
    assert expected_position("level", D("37.5"), D("37.7"), Period(2025, 12)) == D("37.50")


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
    exp = expected_position("flow", D(16500), None, JUNE)
    s = score("flow", "higher", D(16500), None, a, exp, JUNE)
    assert verdict(is_achieved("higher", D(16500), None, a), s, a - D(16500), t) == want


def test_rate_verdict_compares_with_the_target_directly():
    t = Thresholds()
    s = score("rate", "higher", D("14.0"), D("14.5"), D("13.5"), D("14.0"), JUNE)
    assert s == D("96.43")
    assert verdict(False, s, D("-0.5"), t) == "at_risk"
