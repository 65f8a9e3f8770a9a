"""The shipped plan holds every target and indicator of the seed, with the seed's numbers."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from kehoach.core.plan import load_plan
from kehoach.paths import bundled_plan_path
from tests.conftest import PLAN_FILE, SEED

# (id, target number, 2025 target, 2024 baseline or None, baseline kind) — read off the seed by hand.
EXPECTED = [
    ("grdp_growth", 1, "14.0", "14.5", "estimate"),
    ("industry_construction_growth", 1, "17.0", "18.5", "estimate"),
    ("industry_growth", 1, "17.7", "19.6", "estimate"),
    ("construction_growth", 1, "8.5", "7.1", "estimate"),
    ("services_growth", 1, "7.5", "6.7", "estimate"),
    ("agriculture_growth", 1, "1.0", "-0.3", "estimate"),
    ("product_tax_growth", 1, "9.5", "9.7", "estimate"),
    ("structure_industry_construction", 1, "70.0", "67.9", "estimate"),
    ("structure_services", 1, "19.7", "20.4", "estimate"),
    ("structure_agriculture", 1, "10.3", "11.7", "estimate"),
    ("grdp_per_capita", 2, "4950", "4300", "estimate"),
    ("labour_productivity_growth", 3, "11.7", "11.5", "estimate"),
    ("budget_revenue", 4, "16500", "17173", "estimate"),
    ("social_investment", 5, "123030", "104030", "estimate"),
    ("farm_output_per_ha", 6, "140", "138", "estimate"),
    ("tourists", 7, "3.0", "2.7", "estimate"),
    ("urban_population_share", 8, "34.3", None, None),
    ("ntm_communes_share", 9, "87.9", "87.4", "estimate"),
    ("ntm_districts", 9, "7", None, None),
    ("schools_standard_level1", 10, "96.8", "95.2", "estimate"),
    ("schools_standard_level2", 10, "28.3", "26.7", "estimate"),
    ("hospital_beds", 11, "36.2", "34.4", "mid_year"),
    ("health_insurance_coverage", 11, "99.5", "99.32", "estimate"),
    ("social_insurance_coverage", 11, "47.0", "44", "estimate"),
    ("cultural_villages_share", 12, "82.9", None, None),
    ("civilised_urban_wards_share", 12, "91.2", None, None),
    ("communes_cultural_facilities_share", 12, "92.0", "90.0", "estimate"),
    ("poverty_rate", 13, "0.9", None, None),
    ("poverty_rate_disadvantaged_communes", 13, "6.8", None, None),
    ("trained_labour_share", 14, "80", "78", "estimate"),
    ("certified_trained_labour_share", 14, "35", "34", "estimate"),
    ("urban_unemployment_rate", 14, "2.4", "2.5", "derived"),
    ("labour_structure_agriculture", 14, "21.0", "23.8", "derived"),
    ("labour_structure_industry_construction", 14, "53.9", "51.7", "derived"),
    ("labour_structure_services", 14, "25.1", "24.5", "derived"),
    ("clean_water_share", 15, "67.2", None, None),
    ("clean_water_share_urban", 15, "94.8", None, None),
    ("clean_water_share_rural", 15, "58.0", None, None),
    ("solid_waste_treated_share", 16, "87.0", "86.7", "estimate"),
    ("solid_waste_treated_share_urban", 16, "97.8", "97.5", "estimate"),
    ("solid_waste_treated_share_rural", 16, "80.9", "80.6", "estimate"),
    ("industrial_zones_wastewater_share", 17, "100", None, None),
    ("industrial_clusters_wastewater_share", 17, "68.0", None, None),
    ("serious_polluters_treated_share", 17, "100", None, None),
    ("forest_cover", 18, "37.5", "37.7", "estimate"),
]


@pytest.fixture(scope="module")
def plan():
    return load_plan(PLAN_FILE)


def test_eighteen_targets_and_45_indicators(plan):
    assert [t.number for t in plan.targets] == list(range(1, 19))
    assert len(plan.indicator_ids()) == 45
    assert len(set(plan.indicator_ids())) == 45


def test_every_indicator_has_the_seed_values(plan):
    got = [
        (i.id, t.number, i.target, i.baseline, i.baseline_kind if i.baseline is not None else None)
        for t, i in plan.indicators()
    ]
    want = [(i, n, Decimal(tg), None if b is None else Decimal(b), k) for i, n, tg, b, k in EXPECTED]
    assert got == want


def test_source_labels_keep_the_missing_four(plan):
    labels = [t.source_label for t in plan.targets]
    assert labels[:6] == ["(1)", "(2)", "(3)", "(5)", "(5)", "(6)"]
    assert "(4)" not in labels


def test_groups(plan):
    groups = {t.number: t.group for t in plan.targets}
    assert all(groups[n] == "economy" for n in range(1, 10))
    assert all(groups[n] == "culture_society" for n in range(10, 15))
    assert all(groups[n] == "environment" for n in range(15, 19))


def test_derived_and_mid_year_baselines_say_how(plan):
    for _, ind in plan.indicators():
        if ind.baseline is None:
            assert ind.baseline_note, f"{ind.id}: an absent baseline should say why"
        elif ind.baseline_kind != "estimate":
            assert ind.baseline_note
    beds = plan.find("hospital_beds")[1]
    assert "15/6/2024" in beds.baseline_source


def test_derived_baselines_follow_from_the_stated_change(plan):
    # "khoảng 2,4%, giảm 0,1%" ⇒ 2,5; labour shares: 53,9 − 2,2; 25,1 − 0,6; 21 + 2,8
    f = {i.id: i for _, i in plan.indicators()}
    assert f["urban_unemployment_rate"].baseline == Decimal("2.4") + Decimal("0.1")
    assert f["labour_structure_industry_construction"].baseline == Decimal("53.9") - Decimal("2.2")
    assert f["labour_structure_services"].baseline == Decimal("25.1") - Decimal("0.6")
    assert f["labour_structure_agriculture"].baseline == Decimal("21.0") + Decimal("2.8")


@pytest.mark.parametrize("whole", ["economic_structure", "labour_structure"])
def test_shares_of_one_whole_add_up_to_100(plan, whole):
    parts = [i for _, i in plan.indicators() if i.share_of == whole]
    assert len(parts) == 3
    assert sum(i.target for i in parts) == 100
    assert sum(i.baseline for i in parts) == 100


def test_target_and_baseline_in_one_unit(plan):
    inv = plan.find("social_investment")[1]
    assert inv.unit == "tỷ đồng"
    assert inv.target == Decimal("123030")  # 123,03 nghìn tỷ đồng
    assert inv.baseline == Decimal("104030")


def _seed_text() -> str:
    if not SEED.exists():
        pytest.skip(f"the seed is not at {SEED}")
    return re.sub(r"\s+", " ", SEED.read_text(encoding="utf-8").replace("*", ""))


def _vi(d: Decimal) -> str:
    from kehoach.core.numbers import format_number

    return format_number(d, "vi")


def test_every_quote_is_a_sentence_of_the_seed(plan):
    seed = _seed_text()
    for t, i in plan.indicators():
        assert t.wording in seed, f"target {t.number} wording"
        assert i.target_source and i.target_source in seed, f"{i.id} target_source"
        if i.baseline is not None:
            assert i.baseline_source and i.baseline_source in seed, f"{i.id} baseline_source"


def test_every_number_appears_in_its_quote(plan):
    """The value stored is the value quoted (in the seed's Vietnamese format), unit traps aside."""
    _seed_text()
    for _, i in plan.indicators():
        if i.id != "social_investment":  # stored in tỷ đồng, quoted in nghìn tỷ đồng
            assert _vi(i.target) in i.target_source, i.id
        if i.baseline is not None and i.baseline_kind != "derived":
            shown = _vi(i.baseline)
            assert shown in i.baseline_source or shown.lstrip("-") in i.baseline_source, i.id


def test_bundled_plan_is_the_data_file():
    assert bundled_plan_path().read_bytes() == PLAN_FILE.read_bytes()
