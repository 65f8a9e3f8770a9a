"""The year's end, strict bounds, exact numbers and areas' own baselines.

Hand-worked numbers first, then properties over every kind × direction × form."""

from __future__ import annotations

from datetime import UTC, date
from decimal import Decimal as D
from fractions import Fraction

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from kehoach.core.models import Indicator, Thresholds
from kehoach.core.numbers import round_to
from kehoach.core.periods import Period
from kehoach.core.planview import from_model
from kehoach.core.progress import Actual, assess, is_achieved
from kehoach.render import sentences

TH = Thresholds()


class _Target:
    number = 1
    source_label = None


def indicator(**kw):
    fields = {"id": "x", "name": "Chỉ tiêu", "name_en": "Indicator", "unit": "%", "kind": "level", "direction": "higher",
              "target": D(10)}
    fields.update(kw)
    return from_model(Indicator(**fields))


def judge(ind, value, period, **kw):
    return assess(_Target(), ind, "g", TH, Actual(period, D(value)), **kw)


# ───────────────────────────── 1. the year's end ─────────────────────────────


def test_grdp_per_capita_short_in_december_is_missed_not_at_risk():
    # GRDP per capita 4.300 USD in December against a plan of 4.500 (95,6%): the year is over
    ind = indicator(unit="USD", kind="level", target=D(4500))
    p = judge(ind, "4300", Period(2024, 12))
    assert round_to(p.percent_of_plan, 2) == D("95.56")  # 4300 ÷ 4500 = 95,555…: JSON gives 2 decimals
    assert p.status == "missed" and p.final is True
    assert sentences.verdict_label(p, "vi") == "Không đạt KH"
    # in June the same figure is only at risk: the year is not over
    assert judge(ind, "4300", Period(2024, 6)).status in ("at_risk", "on_track")


def test_a_year_over_without_december_judges_the_latest_value_and_says_it_is_not_final():
    ind = indicator(unit="tỷ đồng", kind="flow", target=D(16500))
    # 12.000 by September: on the pro rata path 12.375 it is at risk; once the year is over, missed
    assert judge(ind, "12000", Period(2025, 9)).status == "at_risk"
    p = judge(ind, "12000", Period(2025, 9), year_over=True)
    assert p.status == "missed" and p.final is False
    assert "chưa có số cả năm" in sentences.sentence(p, "vi", "vi")
    assert "no full-year figure yet" in sentences.sentence(p, "en", "en")
    # a level met in September, year over: achieved, marked as not final; never "on track"
    p = judge(indicator(), "10.5", Period(2025, 9), year_over=True)
    assert p.status == "achieved" and p.final is False
    assert judge(indicator(), "10.5", Period(2025, 9)).status == "on_track"


def test_build_status_knows_the_year_is_over_from_today(plan):
    from datetime import datetime

    from kehoach.core.ledger import Ledger, Record
    from kehoach.core.status import build_status

    rec = Record("r1", "budget_revenue", Period(2025, 9), D(12000), datetime(2025, 10, 1, tzinfo=UTC))
    ledger = Ledger(path=None, records=[rec], exists=True)  # type: ignore[arg-type]

    def row(r):
        return next(p for p in r.rows if p.id == "budget_revenue")

    during = build_status(plan, ledger, today=date(2025, 10, 15))
    after = build_status(plan, ledger, today=date(2026, 1, 15))
    assert row(during).status == "at_risk"  # 12.000 of the 12.375 expected by September
    assert row(after).status == "missed" and after.summary["missed"] == 1 and after.targets["missed"] == 1
    assert "1 chỉ tiêu không đạt" in sentences.headline(after, "vi")
    # asked as of September, the year is judged as it stood then
    assert row(build_status(plan, ledger, as_of=Period(2025, 9), today=date(2026, 1, 15))).status == "at_risk"


KINDS = ("flow", "rate", "level", "share", "count")
DIRECTIONS = ("higher", "lower", "toward")
FORMS = ("value", "at_least", "above", "at_most", "below", "about", "range")
_NEEDS = {"at_least": "higher", "above": "higher", "at_most": "lower", "below": "lower"}

combos = [
    (k, d, f)
    for k in KINDS
    for d in DIRECTIONS
    for f in FORMS
    if _NEEDS.get(f, d) == d and not (d == "toward" and k == "flow")
]
values = st.decimals(min_value=D("0.01"), max_value=D(99), places=2)


def _make(kind, direction, form, target, baseline):
    high = target + 1 if form == "range" else None
    unit = "người" if kind == "count" else "%"
    if kind == "count":
        target, baseline = target.to_integral_value(), None if baseline is None else baseline.to_integral_value()
        high = None if high is None else high.to_integral_value()
    return indicator(kind=kind, direction=direction, target_form=form, target=target, target_high=high,
                     baseline=baseline, unit=unit)


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(combos), values, values, st.one_of(st.none(), values), st.booleans())
def test_december_or_a_year_over_is_always_achieved_or_missed(combo, target, actual, baseline, december):
    kind, direction, form = combo
    ind = _make(kind, direction, form, target, baseline)
    if kind == "count":
        actual = actual.to_integral_value()
    period = Period(2025, 12) if december else Period(2025, 8)
    p = judge(ind, actual, period, year_over=not december)
    met = is_achieved(direction, ind.target, ind.baseline, actual, form, ind.target_high, TH.about_tolerance)
    if not met and kind == "flow" and not december:  # a flow without December, on its projection
        met = is_achieved(direction, ind.target, ind.baseline, actual * 12 / 8, form, ind.target_high, TH.about_tolerance)
    assert p.status == ("achieved" if met else "missed")
    assert p.final is december


@settings(max_examples=60, deadline=None)
@given(st.sampled_from([c for c in combos if c[2] in ("above", "below")]), values, st.one_of(st.none(), values),
       st.integers(min_value=1, max_value=12))
def test_exactly_at_a_strict_bound_is_never_met(combo, target, baseline, month):
    kind, direction, form = combo
    ind = _make(kind, direction, form, target, baseline)
    p = judge(ind, ind.target, Period(2025, month))
    assert p.status not in ("achieved", "on_track") and p.remaining is None
    if month == 12:
        assert p.status == "missed"


def test_cpi_at_its_strict_bound_and_air_quality_on_its_own():
    cpi = indicator(kind="rate", direction="lower", target_form="below", target=D("4.5"))
    june, december = judge(cpi, "4.5", Period(2025, 6)), judge(cpi, "4.5", Period(2025, 12))
    assert june.status == "at_risk" and december.status == "missed"
    assert june.remaining is None and december.remaining is None  # not 0: the bound is not met
    # a ceiling reached is not said as a reassurance ("chưa vượt qua ngưỡng"): it is not met
    assert "dưới 4,5%" in sentences.sentence(december, "vi", "vi") and "mới bằng mức trần, chưa đạt" in sentences.sentence(june, "vi", "vi")
    assert "chưa vượt qua ngưỡng" not in sentences.sentence(june, "vi", "vi")
    air = indicator(kind="level", direction="higher", target_form="above", target=D(80))
    assert judge(air, "80", Period(2025, 12)).status == "missed"
    assert judge(air, "80.1", Period(2025, 12)).status == "achieved"


# ───────────────────────────── 3. exact numbers ─────────────────────────────


def test_an_area_target_judged_from_the_exact_expected_position():
    # 0,29 of 0,5 by July: 0,5 × 7/12 = 0,291666…; 0,29 ÷ 0,291666… = 99,43% — at risk, not 100 / on track
    ind = indicator(unit="triệu lượt", kind="flow", target=D("3.0"))

    class At:
        indicator, target, baseline, baseline_source = "x", D("0.5"), None, None

    p = judge(ind, "0.29", Period(2025, 7), area_target=At())
    assert p.score == D("99.43") and p.expected == D("0.29")
    assert p.status == "at_risk"


@settings(max_examples=80, deadline=None)
@given(values, values, st.integers(min_value=1, max_value=11))
def test_a_flows_verdict_follows_the_exact_fraction(target, actual, month):
    # on track exactly when actual ≥ target × m / 12, with no rounding in between
    ind = indicator(unit="tỷ đồng", kind="flow", target=target)
    p = judge(ind, actual, Period(2025, month))
    on_path = Fraction(actual) >= Fraction(target) * month / 12
    assert (p.status in ("on_track", "achieved")) is on_path


def test_a_sentence_rounds_once():
    # 0,1228725 by June of 0,5: the year ≈ 0,245745, 49,149% of plan — shown 49,1 (not 49,15 → 49,2)
    ind = indicator(unit="triệu lượt", unit_en="million", kind="flow", target=D("0.5"))
    p = judge(ind, "0.1228725", Period(2025, 6))
    assert p.projection_percent == D("49.15")  # two decimals for JSON
    text = sentences.sentence(p, "vi", "vi")
    assert "cả năm ước đạt 0,2 triệu lượt, bằng 49,1% kế hoạch" in text


# ───────────────────────────── 4. areas ─────────────────────────────


def test_an_area_row_never_shows_the_provinces_baseline():
    ind = indicator(unit="triệu lượt", kind="level", target=D("3.0"), baseline=D("2.7"))

    class Own:
        indicator, target, baseline, baseline_source = "x", D("0.5"), D("0.4"), "báo cáo huyện"

    class NoBase:
        indicator, target, baseline, baseline_source = "x", D("0.5"), None, None

    own = judge(ind, "0.45", Period(2025, 6), area_target=Own())
    assert own.baseline == D("0.4") and own.change_needed == D("0.1") and own.change_needed_percent == D(25)
    none = judge(ind, "0.45", Period(2025, 6), area_target=NoBase())
    assert none.baseline is None and none.change_needed is None and none.change_needed_percent is None
    province = judge(ind, "2.8", Period(2025, 6))
    assert province.baseline == D("2.7")


@pytest.mark.parametrize("unit", ["%", "% GRDP", "%/năm"])
def test_every_percentage_unit_is_one(unit):
    ind = indicator(unit=unit, kind="level", target=D("3.5"))
    assert ind.is_percent and ind.upper_bound == D(100)
    p = judge(ind, "3.0", Period(2025, 6))
    assert p.is_percent and p.change_needed_percent is None
    assert sentences.amount(D("0.5"), unit, "vi", "vi") == "0,5 điểm phần trăm"
    assert not indicator(unit="tỷ đồng").is_percent


def _exactly_on_path(kind, direction, target, baseline, actual, month) -> bool | None:
    """Independent of progress.py: whether the value is at or beyond the expected position, in
    fractions. None where the rules judge otherwise (a share without a baseline)."""
    t, a, f = Fraction(target), Fraction(actual), Fraction(month, 12)
    b = None if baseline is None else Fraction(baseline)
    if direction == "toward":
        if b is None or b == t:
            return None
        return (a - b) / (t - b) >= (1 if kind == "rate" else f)
    if kind == "flow":
        expected = t * f
    elif kind == "rate" or b is None:
        expected = t
    else:
        expected = b + (t - b) * f
    return a >= expected if direction == "higher" else a <= expected


@settings(max_examples=150, deadline=None)
@given(st.sampled_from([c for c in combos if c[2] == "value"]), values, values, st.one_of(st.none(), values),
       st.integers(min_value=1, max_value=11))
@example(("level", "higher", "value"), D(11), D("10.58"), D(10), 7)  # expected 10,58333…, not 10,58
@example(("level", "lower", "value"), D(10), D("10.42"), D(11), 7)  # expected 10,41666…, not 10,42
@example(("flow", "lower", "value"), D(5), D("2.92"), None, 7)  # expected 2,91666…
def test_mid_year_verdicts_follow_the_exact_path_for_every_kind_and_direction(combo, target, actual, baseline, month):
    kind, direction, _ = combo
    ind = _make(kind, direction, "value", target, baseline)
    if kind == "count":
        actual = actual.to_integral_value()
    on_path = _exactly_on_path(kind, direction, ind.target, ind.baseline, actual, month)
    p = judge(ind, actual, Period(2025, month))
    met = is_achieved(direction, ind.target, ind.baseline, actual)
    if on_path is None or met:
        return  # judged by distance, or met: covered by the year-end and strict-bound properties
    assert (p.status == "on_track") is on_path, (p.status, p.score)


def test_a_year_over_without_december_is_judged_on_its_projection_and_not_final(plan):
    """Budget revenue 10.111,7 in June, the year over: a year-to-date total is judged
    on its full-year projection, 10.111,7 × 12 ÷ 6 = 20.223,4 ≥ 16.500 — achieved, as an estimate
    (verdict_basis "projection"), marked not final; never on the six months' 61,3 % alone."""
    from kehoach.render import sentences

    target, ind = plan.find("budget_revenue")
    p = assess(target, ind, target.group, plan.plan.thresholds, Actual(Period(2025, 6), D("10111.7")),
               year_over=True, baseline_year=2024)
    assert p.status == "achieved" and p.final is False and p.verdict_basis == "projection"
    assert p.projection == D("20223.40")
    said = sentences.sentence(p, "vi", "vi")
    assert "chưa có số cả năm" in said
    during = assess(target, ind, target.group, plan.plan.thresholds, Actual(Period(2025, 6), D("10111.7")))
    assert "cả năm ước đạt" in sentences.sentence(during, "vi", "vi")  # during the year it is given
