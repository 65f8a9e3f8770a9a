"""Combining the figures of provinces that merged (core/combine.py), with the published numbers
issue 19 quotes, and made-up test values where no figure was published (each said to be)."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from kehoach.core.combine import Part, combine, combine_sum, not_comparable, per_capita, recount, weighted

D = Decimal


def test_phu_tho_growth_is_weighted_by_shares_not_averaged() -> None:
    # Issue 19, "How the provinces and the statistics office combined the figures": Phú Thọ's old
    # provinces grew 10,07 / 10,33 / 9,72 % with shares of the merged GRDP of 48,52 / 31,4 / 20,08 %.
    # By hand: 10,07 × 48,52 = 488,5964; 10,33 × 31,4 = 324,362; 9,72 × 20,08 = 195,1776;
    # sum 1.008,136; the shares add up to 100,00; 1.008,136 ÷ 100 = 10,08136 → 10,08 %.
    # The plain mean would be (10,07 + 10,33 + 9,72) ÷ 3 = 10,04: not the method.
    # The published figure is 10,09 %: the exact identity weights each growth rate by that
    # province's GRDP of last year's same period (the base the growth is measured from), not by its
    # share of the merged GRDP this year, so shares give 10,08 and the statistics office 10,09.
    got = weighted(
        [Part("Phú Thọ (cũ)", D("10.07"), D("48.52")), Part("Vĩnh Phúc", D("10.33"), D("31.4")),
         Part("Hòa Bình", D("9.72"), D("20.08"))],
        shares=True,
    )
    assert got.value == D("10.08136")
    assert round(got.value, 2) == D("10.08")
    assert not got.normalised  # 48,52 + 31,4 + 20,08 = 100 exactly
    assert got.weight_total == D("100.00")
    assert got.combined_from()[1] == {"name": "Vĩnh Phúc", "value": D("10.33"), "weight": D("31.4")}


def test_shares_not_adding_to_100_are_normalised_and_say_so() -> None:
    # made-up test values: shares of 60 and 30 (90 in all) weigh 2 : 1
    got = weighted([Part("A", D("9"), D("60")), Part("B", D("12"), D("30"))], shares=True)
    assert got.value == D("10")
    assert got.normalised


def test_hung_yen_revenue_halves_add_up() -> None:
    # Issue 19: "Flows are summed: Hưng Yên's first-half revenue 44.963 + 28.928 tỷ đồng = 'gần 74.000'".
    got = combine_sum([Part("Hưng Yên (cũ)", D("44963")), Part("Thái Bình", D("28928"))])
    assert got.value == D("73891")
    assert got.reason is None


def test_poverty_rate_weighted_by_households() -> None:
    # MADE-UP TEST VALUES (no published figure): poverty rates 2,0 % of 400.000 households and
    # 1,0 % of 600.000 households: 8.000 + 6.000 poor households of 1.000.000 = 1,4 % (the mean 1,5 is wrong).
    got = combine("weighted", [Part("A", D("2.0"), D("400000")), Part("B", D("1.0"), D("600000"))])
    assert got.value == D("1.4")
    assert not got.normalised  # weights from an indicator are never "normalised shares"


def test_per_head_from_two_grdps_and_two_populations() -> None:
    # MADE-UP TEST VALUES: GRDP 150.000 and 250.000 tỷ đồng; population 1.500 and 2.500 nghìn người:
    # 400.000 ÷ 4.000 = 100 (tỷ đồng per nghìn người, i.e. 100 triệu đồng per person); each old
    # province had 100 too. With 200.000 in the first it is 450.000 ÷ 4.000 = 112,5, not the mean 116,67.
    got = per_capita([Part("A", D("150000"), D("1500")), Part("B", D("250000"), D("2500"))])
    assert got.value == D("100")
    got = per_capita([Part("A", D("200000"), D("1500")), Part("B", D("250000"), D("2500"))])
    assert got.value == D("112.5")


def test_recount_is_the_sum_of_the_counts() -> None:
    # made-up test values: 120 and 95 communes meeting the new-rural standard
    got = recount([Part("A", D("120")), Part("B", D("95"))])
    assert (got.method, got.value) == ("recount", D("215"))


def test_a_missing_predecessor_value_is_no_data_never_a_partial_sum() -> None:
    got = combine_sum([Part("A", D("10")), Part("B", None)])
    assert got.value is None
    assert (got.reason, got.missing) == ("missing_value", ("B",))
    got = weighted([Part("A", D("10"), D("1")), Part("B", D("11"), None)])
    assert (got.value, got.reason, got.missing) == (None, "missing_weight", ("B",))
    got = per_capita([Part("A", D("10"), D("0")), Part("B", D("11"), D("0"))])
    assert (got.value, got.reason) == (None, "zero_weight")


def test_none_is_not_comparable() -> None:
    got = not_comparable([Part("A", D("1"))])
    assert got.value is None and not got.comparable and got.reason == "not_comparable"


values = st.decimals(min_value=-1000, max_value=10**9, allow_nan=False, allow_infinity=False, places=2)
weights = st.decimals(min_value=D("0.01"), max_value=10**6, allow_nan=False, allow_infinity=False, places=2)


@given(st.lists(values, min_size=1, max_size=6), st.randoms())
def test_sum_does_not_depend_on_the_order(vs: list[Decimal], rnd) -> None:
    parts = [Part(f"p{i}", v) for i, v in enumerate(vs)]
    shuffled = parts[:]
    rnd.shuffle(shuffled)
    assert combine_sum(parts).value == combine_sum(shuffled).value == sum(vs, D(0))


@given(st.lists(st.tuples(values, weights), min_size=1, max_size=6))
def test_weighted_lies_between_the_smallest_and_largest_value(pairs: list[tuple[Decimal, Decimal]]) -> None:
    got = weighted([Part(f"p{i}", v, w) for i, (v, w) in enumerate(pairs)])
    assert got.value is not None
    # within the 28 digits a division keeps
    slack = D("1e-18") * max(abs(v) for v, _ in pairs)
    assert min(v for v, _ in pairs) - slack <= got.value <= max(v for v, _ in pairs) + slack


@given(st.lists(st.one_of(st.none(), values), min_size=1, max_size=6),
       st.sampled_from(["sum", "weighted", "per_capita", "recount"]))
def test_any_missing_value_means_no_data(vs: list[Decimal | None], method) -> None:
    got = combine(method, [Part(f"p{i}", v, D(1)) for i, v in enumerate(vs)])
    if any(v is None for v in vs):
        assert got.value is None
        assert got.missing == tuple(f"p{i}" for i, v in enumerate(vs) if v is None)
    else:
        assert got.value is not None
