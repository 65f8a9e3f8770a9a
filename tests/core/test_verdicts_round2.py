"""Verdicts and findings that mean what a province means.

Each rule with hand-worked numbers, then a property where the rule is general. Values that are not
quoted from a source are made up for the test, and said to be."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal as D
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from kehoach.core.ledger import Ledger, Record
from kehoach.core.numbers import NumberFormat
from kehoach.core.periods import Period
from kehoach.core.progress import Actual, assess
from kehoach.render import contract
from tests.core.test_target_forms import TH, _Target, indicator, judge  # one way to build and judge an indicator

# ───────────── 1. a planned change is judged on the part of the change made ─────────────

# Điện Biên's "tỷ lệ hộ nghèo giảm 3 điểm %" from 17,78 (the tester's case in issue 16): reference 14,78.
POVERTY = {"kind": "level", "direction": "lower", "change": "points", "target": D(-3), "baseline": D("17.78")}


def test_no_reduction_at_all_by_june_is_off_track_not_at_risk():
    # 17,78 in June: 0 % of the fall made, 50 % expected → score 0 (the level ratio said 16,28 ÷ 17,78 = 91,6)
    p = judge(indicator(**POVERTY), "17.78", Period(2025, 6))
    assert p.percent_of_plan == 0 and p.score == 0
    assert p.status == "off_track"


def test_29_percent_of_the_fall_by_october_is_off_track():
    # 16,91 in October: (17,78 − 16,91) ÷ 3 = 0,87 ÷ 3 = 29 % made; 10/12 = 83,3 % expected;
    # score 29 ÷ (10/12) = 34,8 < 90 → off track (the level ratio said 15,28 ÷ 16,91 = 90,4: at risk)
    p = judge(indicator(**POVERTY), "16.91", Period(2025, 10))
    assert p.percent_of_plan == 29 and p.score == D("34.80")
    assert p.status == "off_track"


def test_half_the_fall_by_june_is_on_track_and_45_percent_is_at_risk():
    # 16,28 in June: 1,5 ÷ 3 = 50 % made of 50 % expected → score 100, on track
    assert judge(indicator(**POVERTY), "16.28", Period(2025, 6)).status == "on_track"
    # 16,43 in June: 1,35 ÷ 3 = 45 % made → score 90, at risk
    p = judge(indicator(**POVERTY), "16.43", Period(2025, 6))
    assert p.score == 90 and p.status == "at_risk"


_CHANGE_KINDS = [
    (kind, direction, change, sign)
    for kind in ("level", "share", "count")
    for direction, sign in (("higher", 1), ("lower", -1), ("toward", 1), ("toward", -1))
    for change in ("points", "percent")
]


@settings(max_examples=120, deadline=None)
@given(st.sampled_from(_CHANGE_KINDS), st.decimals(min_value=D(20), max_value=D(60), places=2),
       st.decimals(min_value=D("0.5"), max_value=D(10), places=1), st.integers(min_value=1, max_value=11),
       st.integers(min_value=-10, max_value=30))
def test_a_change_before_december_follows_the_part_made_against_the_part_expected(combo, base, size, month, twentieths):
    """kind × direction × change: the value has made q = twentieths/20 of the planned change by
    `month`; the pace expects month/12 of it. Met (q ≥ 1): on track (a count: achieved). Else the
    score is q ÷ (month/12) × 100, and the thresholds 100 / 90 decide — whatever the level ratio."""
    kind, direction, change, sign = combo
    unit = "%" if change == "points" else "xã"
    ind = indicator(kind=kind, direction=direction, change=change, target=sign * size, baseline=base, unit=unit)
    ref = base + sign * size if change == "points" else base * (100 + sign * size) / 100
    q = Fraction(twentieths, 20)
    actual = base + (ref - base) * twentieths / 20  # exact: a twentieth of a 2-decimal number
    p = judge(ind, actual, Period(2025, month))
    if q >= 1:
        assert p.status == ("achieved" if kind == "count" else "on_track")
    else:
        score = q / Fraction(month, 12) * 100
        assert p.status == ("on_track" if score >= 100 else "at_risk" if score >= 90 else "off_track"), (q, month, p.score)


    # A flow with a change ("xuất khẩu tăng 12 %") is a year-to-date total: judged as the same flow with
    # its reference as a plain target, on its pace (actual ÷ reference × 12/month).
    if change == "percent" and direction != "toward" and sign == 1:
        flow = judge(indicator(kind="flow", change=change, target=size, baseline=base, unit="tỷ USD"), actual,
                     Period(2025, month))
        plain = judge(indicator(kind="flow", target=ref, unit="tỷ USD"), actual, Period(2025, month))
        assert flow.status == plain.status


# ───────────── 2. a pace exactly on a strict bound is at risk ─────────────


def test_a_flow_whose_pace_lands_exactly_on_above_is_at_risk():
    # "trên 367.000" (the tester's case): 183.500 by June × 12 ÷ 6 = 367.000, exactly the bound,
    # which "trên" does not meet — at risk, as CPI at 4,5 against "dưới 4,5" is
    ind = indicator(kind="flow", unit="lượt", target=D(367000), target_form="above")
    p = judge(ind, "183500", Period(2025, 6))
    assert p.projection == 367000 and p.status == "at_risk"
    assert judge(ind, "183501", Period(2025, 6)).status == "on_track"  # made up: one more is past it
    # the same pace against "đạt 367.000" (no strict bound) is on track
    assert judge(indicator(kind="flow", unit="lượt", target=D(367000)), "183500", Period(2025, 6)).status == "on_track"


def test_a_level_exactly_on_its_path_to_a_strict_bound_is_at_risk():
    # made up: "trên 40 %" from 30 %: the straight line is at 35 by June; 35 exactly is on pace to 40
    ind = indicator(target=D(40), target_form="above", baseline=D(30))
    assert judge(ind, "35", Period(2025, 6)).status == "at_risk"
    assert judge(ind, "35.01", Period(2025, 6)).status == "on_track"


@settings(max_examples=60, deadline=None)
@given(st.sampled_from([("flow", "higher", "above"), ("level", "higher", "above"),
                        ("level", "lower", "below"), ("rate", "lower", "below")]),
       st.integers(min_value=12, max_value=99_999), st.integers(min_value=1, max_value=11))
def test_exactly_on_pace_to_a_strict_bound_is_never_on_track(combo, target, month):
    kind, direction, form = combo
    t = D(target)
    baseline = None if kind != "level" else (t - 10 if direction == "higher" else t + 10)
    ind = indicator(kind=kind, direction=direction, target_form=form, target=t, baseline=baseline, unit="lượt")
    if kind == "flow":
        on_pace = t * month / 12 if (t * month) % 12 == 0 else None
    elif kind == "level":
        on_pace = baseline + (t - baseline) * month / 12 if (10 * month) % 12 == 0 else None
    else:
        on_pace = t
    if on_pace is None:
        return  # not a finite decimal: no recorded value can be exactly on the pace
    assert judge(ind, on_pace, Period(2025, month)).status not in ("on_track", "achieved")


# ───────────── 3. % of plan rounded once ─────────────


def test_percent_of_plan_is_rounded_once_for_display_and_to_two_decimals_in_json():
    # made up: 187,2 of 198 = 94,5454…%: once to 1 decimal is 94,5 (via 94,55 it was 94,6)
    p = judge(indicator(kind="flow", unit="tỷ đồng", target=D(198)), "187.2", Period(2025, 6))
    assert NumberFormat("vi").pct(p.percent_of_plan) == "94,5"
    assert NumberFormat("vi").num(p.percent_of_plan, 1) == "94,5"  # the table's way of printing it
    assert contract.progress_row(p)["percent_of_plan"] == D("94.55")


def test_year_on_year_percent_is_rounded_once_too():
    # made up: 103,046 against 100 a year earlier = +3,046 %: 3,0 once (via 3,05 it was 3,1); JSON 3,05
    ind = indicator(kind="flow", unit="tỷ đồng", target=D(400))
    p = judge(ind, "103.046", Period(2025, 6), history=[Actual(Period(2024, 6), D(100))])
    assert NumberFormat("vi").pct(p.yoy_percent) == "3,0"
    assert contract.progress_row(p)["yoy_percent"] == D("3.05")


# ───────────── 4. a year over without December: a flow on its projection ─────────────


def test_a_flow_with_no_december_after_the_year_is_judged_on_its_projection():
    # made up: 15.730 by November against 16.500: 15.730 × 12 ÷ 11 = 17.160 = 104 % of plan.
    ind = indicator(kind="flow", unit="tỷ đồng", target=D(16500))
    p = judge(ind, "15730", Period(2025, 11), year_over=True)
    assert p.projection == 17160 and p.status == "achieved"
    assert p.final is False and p.verdict_basis == "projection"
    row = contract.progress_row(p)
    assert row["final"] is False and row["verdict_basis"] == "projection"
    # 14.850 by November: × 12 ÷ 11 = 16.200 < 16.500 → missed, still on the projection
    p = judge(ind, "14850", Period(2025, 11), year_over=True)
    assert p.projection == 16200 and p.status == "missed" and p.verdict_basis == "projection"
    # already met by November: achieved on the value itself
    assert judge(ind, "16600", Period(2025, 11), year_over=True).verdict_basis == "actual"


def test_a_level_or_rate_with_no_december_keeps_its_latest_value():
    # made up: a level at 9 in September against 10, the year over: missed on 9 (no projection)
    p = judge(indicator(), "9", Period(2025, 9), year_over=True)
    assert p.status == "missed" and p.verdict_basis == "actual" and p.final is False
    p = judge(indicator(kind="rate"), "9", Period(2025, 9), year_over=True)
    assert p.status == "missed" and p.verdict_basis == "actual"


# ───────────── 5. the month where a year-to-date total fell ─────────────


def test_the_fall_is_named_where_the_total_fell():
    # made up: 20.000 in October, 17.000 in November, 18.000 in December: it fell in November
    ind = indicator(kind="flow", unit="tỷ đồng", target=D(30000))
    months = [Actual(Period(2025, 10), D(20000)), Actual(Period(2025, 11), D(17000)), Actual(Period(2025, 12), D(18000))]
    p = judge(ind, "18000", Period(2025, 12), history=months)
    assert p.falls_back
    assert [(f.period, f.value, f.before_period, f.before) for f in p.falls] == [
        (Period(2025, 11), D(17000), Period(2025, 10), D(20000))]
    assert contract.progress_row(p)["falls_back_periods"] == ["2025-11"]


# ───────────── 8. an area view: no target is not no data ─────────────


def _ledger(*records):
    return Ledger(path=None, records=list(records), exists=True)  # type: ignore[arg-type]


def _rec(n, ind, period, value, area=None):
    return Record(f"r{n}", ind, period, D(value), datetime(2025, 7, 1, tzinfo=UTC), area=area)


def test_no_target_is_counted_apart_in_both_summaries(areas_plan):
    from kehoach.core.plan import load_plan
    from kehoach.core.status import build_status

    plan = load_plan(areas_plan)  # Lục Ngạn has its own target for tourists only
    ledger = _ledger(_rec(1, "tourists", Period(2025, 6), "0.3", "Lục Ngạn"))
    r = build_status(plan, ledger, area="Lục Ngạn", today=date(2025, 7, 15))
    others = len(r.rows) - 1  # every indicator but tourists has no target for Lục Ngạn
    assert r.summary["no_target"] == others and r.summary["no_data"] == 0
    targets_without = len({p.target_number for p in r.rows if p.id != "tourists"})
    assert r.targets["no_target"] == targets_without and r.targets["no_data"] == 0
    assert sum(v for k, v in r.targets.items() if k != "targets") == r.targets["targets"]


# ───────────── 9. the plan's own target_text ─────────────


def test_the_plans_own_target_text_is_the_json_key():
    # "khoảng 11,5 - 12,5 %": the wording of the tester's plan in issue 16
    ind = indicator(kind="rate", target=D("11.5"), target_form="range", target_high=D("12.5"),
                    target_text="khoảng 11,5 - 12,5 %")
    assert contract.progress_row(judge(ind, "12", Period(2025, 6)))["target_text"] == "khoảng 11,5 - 12,5 %"
    bare = assess(_Target(), ind, "g", TH, None)
    assert contract.progress_row(bare)["target_text"] == "khoảng 11,5 - 12,5 %"


# ───────────── 10. one reference: the ledger's December of the baseline year ─────────────


def test_a_plain_levels_path_starts_at_the_ledgers_december_value():
    # made up: plan estimate 34,4 (like hospital beds), the ledger's official 2024-12 = 35; target 36.
    # The path runs from 35: June expects 35 + (36 − 35) × 6/12 = 35,5
    ind = indicator(unit="giường/10.000 dân", target=D(36), baseline=D("34.4"))
    history = [Actual(Period(2024, 12), D(35))]
    p = judge(ind, "35.5", Period(2025, 6), history=history)
    assert p.baseline == 35 and p.base_source == "ledger 2024-12"
    assert p.expected == D("35.50") and p.status == "on_track"
    assert p.change_needed == 1
    # without the ledger's value: the plan's estimate, 34,4 + 1,6 × 6/12 = 35,2
    p = judge(ind, "35.5", Period(2025, 6))
    assert p.baseline == D("34.4") and p.base_source == "plan" and p.expected == D("35.20")


# ───────────── 6. data due and not recorded ─────────────


def test_what_is_due_is_learned_from_last_years_ledger(plan):
    """Made-up records. Budget revenue was recorded for 2024-03 and 2024-06, so by October 2025 the
    June figure is due: 2025-03 alone is missing June. Forest cover, recorded for 2024-12 only, is
    not due until the year is over. Tourists, never recorded last year, is not due (the ledger is
    in use for 2025), and neither is anything in the first quarter."""
    from kehoach.core.status import build_status, find_missing

    ledger = _ledger(_rec(1, "budget_revenue", Period(2024, 3), "3000"), _rec(2, "budget_revenue", Period(2024, 6), "7660.4"),
                     _rec(3, "budget_revenue", Period(2025, 3), "3500"), _rec(4, "forest_cover", Period(2024, 12), "37.7"))
    october = date(2025, 10, 15)
    r = build_status(plan, ledger, today=october)
    found = {m.indicator: m for m in find_missing(plan, r, today=october, ledger=ledger)}
    assert set(found) == {"budget_revenue"}
    m = found["budget_revenue"]
    assert (m.due, m.latest, m.reason, m.last_year) == (Period(2025, 6), Period(2025, 3), "last_year", Period(2024, 6))
    # as of May, June is not due yet
    may = build_status(plan, ledger, as_of=Period(2025, 5), today=october)
    assert find_missing(plan, may, today=october, as_of=Period(2025, 5), ledger=ledger) == []
    # the year over: December's forest cover is due too
    january = date(2026, 1, 20)
    over = build_status(plan, ledger, today=january)
    assert {m.indicator for m in find_missing(plan, over, today=january, ledger=ledger)} == {"budget_revenue", "forest_cover"}


def test_nothing_recorded_for_the_year_makes_flows_and_rates_due_after_the_first_quarter(plan):
    from kehoach.core.status import build_status, find_missing

    ledger = _ledger()
    flows_and_rates = {i.id for _t, i in plan.indicators() if i.kind in ("flow", "rate")}
    for today, due in ((date(2025, 3, 31), set()), (date(2025, 4, 1), flows_and_rates)):
        r = build_status(plan, ledger, today=today)
        assert {m.indicator for m in find_missing(plan, r, today=today, ledger=ledger)} == due, today
    # a district that records is a ledger in use: the province's rows are not "nothing recorded"
    district = _ledger(_rec(1, "tourists", Period(2025, 6), "0.3", "Lục Ngạn"))
    from tests.conftest import AREAS, PLAN_FILE

    areas = load_plan_text(PLAN_FILE.read_text("utf-8") + AREAS)
    r = build_status(areas, district, today=date(2025, 10, 15))
    assert find_missing(areas, r, today=date(2025, 10, 15), ledger=district) == []


def load_plan_text(text: str):
    from kehoach.core.plan import parse_plan

    return parse_plan(text.encode("utf-8"), "areas.toml")


def test_an_area_without_a_target_does_not_borrow_the_provinces_wording(write_plan, plan_text):
    from kehoach.core.plan import load_plan
    from kehoach.core.status import build_status
    from tests.conftest import AREAS

    text = plan_text.replace('id = "grdp_growth"\n', 'id = "grdp_growth"\ntarget_text = "khoảng 11,5 - 12,5 %"\n', 1)
    plan = load_plan(write_plan(text + AREAS))
    rows = {p.id: p for p in build_status(plan, _ledger(), area="Lục Ngạn", today=date(2025, 7, 15)).rows}
    assert rows["grdp_growth"].status == "no_target"
    assert contract.progress_row(rows["grdp_growth"])["target_text"] == "—"
    province = {p.id: p for p in build_status(plan, _ledger(), today=date(2025, 7, 15)).rows}
    assert contract.progress_row(province["grdp_growth"])["target_text"] == "khoảng 11,5 - 12,5 %"
