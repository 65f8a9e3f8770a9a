"""The reading commands' results as values (core/status.py): what `show` and `history` say of one
indicator, before any word or table is drawn."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from kehoach.core.status import history_view, show_indicator
from kehoach.errors import UsageError
from tests.core.test_ledger import PLAN, add_records, c, read_ledger

pytestmark = pytest.mark.usefixtures("english")
TODAY = date(2025, 7, 10)


def _ledger(tmp_path):
    path = tmp_path / "ledger.toml"
    add_records(PLAN, path, [c(value="1900", period="2025-05"), c(value="2000", period="2025-06"),
                             c(value="17000", period="2024-12")], "office", today=TODAY)
    add_records(PLAN, path, [c(value="2100", period="2025-06", revise="official figure")], "office", today=TODAY)
    return read_ledger(path, plan=PLAN)


def test_history_marks_what_no_longer_stands_and_trends_only_the_values_in_force_of_the_year(tmp_path):
    view = history_view(PLAN, _ledger(tmp_path), "budget_revenue")
    assert [r.value for r in view.records] == [Decimal(17000), Decimal(1900), Decimal(2000), Decimal(2100)]
    assert {r.value for r in view.records if r.id in view.superseded} == {Decimal(2000)}
    assert view.trend == [Decimal(1900), Decimal(2100)]  # 2024 and the revised 2.000 are not in it
    # June on its own is 2.100 − 1.900; May's needs April's year-to-date, which is not recorded
    assert [(str(period), own[0]) for period, own in view.months] == [("2025-06", Decimal(200))]


def test_show_gives_the_indicator_its_target_and_its_progress(tmp_path):
    view = show_indicator(PLAN, _ledger(tmp_path), "budget_revenue", today=TODAY)
    assert (view.target.number, view.indicator.id, view.progress.actual) == (4, "budget_revenue", Decimal(2100))
    assert len(view.records) == 4 and len(view.superseded) == 1


def test_an_unknown_indicator_is_a_usage_error():
    with pytest.raises(UsageError, match="unknown indicator id 'nope'"):
        history_view(PLAN, None, "nope")
