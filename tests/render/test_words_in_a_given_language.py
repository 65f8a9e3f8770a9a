"""A renderer given a language speaks it, whatever the language of the session's messages: the
words come from the catalogue through i18n.translator(lang), and nothing global is switched."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal as D
from pathlib import Path

import pytest

from kehoach import i18n
from kehoach.core.ledger import Ledger, Record
from kehoach.core.periods import Period
from kehoach.core.status import build_status
from kehoach.render import brief, chart, sentences
from tests.conftest import PLAN_FILE


@pytest.fixture(scope="module")
def result():
    from kehoach.core.plan import load_plan

    plan = load_plan(PLAN_FILE)
    recs = [Record("r1", "tourists", Period(2025, 6), D("1.2"), datetime(2025, 7, 1, tzinfo=UTC)),
            Record("r2", "budget_revenue", Period(2025, 6), D("10111.7"), datetime(2025, 7, 1, tzinfo=UTC))]
    return build_status(plan, Ledger(path=Path("ledger.toml"), records=recs, exists=True), today=date(2025, 7, 15))


def row(result, id_):
    return next(p for p in result.rows if p.id == id_)


@pytest.mark.parametrize("session", ["vi", "en"])
def test_each_language_s_words_whatever_the_session_speaks(result, session):
    try:
        i18n.set_language(session)
        tourists = row(result, "tourists")
        assert sentences.sentence(tourists, "vi", "vi").startswith("Khách du lịch 6 tháng đạt 1,2 triệu lượt, bằng 40,0%")
        assert sentences.sentence(tourists, "en", "en").startswith(
            "Tourist visits in the first 6 months reached 1.2 million visits, 40.0% of the annual plan")
        assert sentences.headline(result, "vi").startswith("Tính đến tháng 6/2025: 0/18 chỉ tiêu đạt và vượt kế hoạch")
        assert sentences.headline(result, "en").startswith("As of June 2025: 0/18 targets achieved or exceeded")
        assert brief.scoreboard_line(result.rows, "en").startswith("Indicators (45):")
        assert brief.scoreboard_line(result.rows, "vi").startswith("Chỉ số (45):")
        assert "kế hoạch năm" in chart.build(tourists, "vi", "vi", 2025).lines[-1][-1][0]
        assert "annual plan" in chart.build(tourists, "en", "en", 2025).lines[-1][-1][0]
        assert i18n.language() == session  # nothing switched it
    finally:
        i18n.set_language(i18n.DEFAULT_LANGUAGE)


def test_the_verdict_of_a_row_and_of_the_scoreboard_differ_in_vietnamese_only(result):
    p = row(result, "budget_revenue")
    achieved = type(p)(**{**p.__dict__, "status": "achieved", "exceeded": False})
    assert sentences.verdict_label(achieved, "vi") == "Đạt KH" and i18n.status_label("vi", "achieved") == "Đạt/vượt KH"
    assert sentences.verdict_label(achieved, "en") == "Achieved" == i18n.status_label("en", "achieved")
