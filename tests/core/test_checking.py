"""The rule of `kehoach check` as values (core/checking.py): which verdicts fail it, and that
offices that disagree fail it whatever the verdicts."""

from __future__ import annotations

from datetime import date

import pytest

from kehoach.core.checking import failing_verdicts, run_check
from kehoach.core.kinds import Verdict
from tests.core.test_ledger import PLAN, add_records, c, read_ledger

pytestmark = pytest.mark.usefixtures("english")
TODAY = date(2025, 7, 10)


def test_off_track_and_missed_fail_and_at_risk_only_when_asked():
    assert failing_verdicts(False) == {Verdict.OFF_TRACK, Verdict.MISSED}
    assert failing_verdicts(True) == {Verdict.OFF_TRACK, Verdict.MISSED, Verdict.AT_RISK}


def test_a_value_far_below_its_path_fails_the_check_and_is_named(tmp_path):
    ledger = tmp_path / "ledger.toml"
    add_records(PLAN, ledger, [c(value="2000", period="2025-06")], "office", today=TODAY)
    found = run_check(PLAN, read_ledger(ledger, plan=PLAN), today=TODAY, as_of=None)
    row = next(p for p in found.status.rows if p.id == "budget_revenue")
    assert row.status == Verdict.OFF_TRACK and row in found.flagged
    assert found.needs_attention and row in found.attention_rows()
    assert all(p.status in found.failing for p in found.flagged)


def test_offices_that_disagree_fail_the_check_whatever_the_verdicts(tmp_path):
    folder, elsewhere = tmp_path / "ledger", tmp_path / "statistics-office"
    folder.mkdir(), elsewhere.mkdir()
    add_records(PLAN, folder, [c(value="2000")], "so-tai-chinh", today=TODAY)
    add_records(PLAN, elsewhere, [c(value="2100")], "cuc-thong-ke", today=TODAY)  # its own copy, then shared:
    (folder / "cuc-thong-ke.toml").write_bytes((elsewhere / "cuc-thong-ke.toml").read_bytes())
    found = run_check(PLAN, read_ledger(folder, plan=PLAN), today=TODAY)
    assert [x.indicator for x in found.conflicts] == ["budget_revenue"] and found.needs_attention
    assert "budget_revenue" in {p.id for p in found.attention_rows()}
