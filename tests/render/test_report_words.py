"""The report, its HTML page and its .docx speak the language they are given, whatever the session
speaks: every word comes from the catalogue (the method note, the conflict lines, the captions, the
header, the document's language tag), and the frame reads a plan's own issuer in either language."""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, date, datetime
from decimal import Decimal as D
from pathlib import Path

import pytest

from kehoach import i18n
from kehoach.core.ledger import Ledger, Record
from kehoach.core.periods import Period
from kehoach.core.plan import load_plan
from kehoach.render import docx_report, html
from kehoach.render import report as rep
from tests.conftest import PLAN_FILE

JUNE = Period(2025, 6)


@pytest.fixture(scope="module")
def plan():
    return load_plan(PLAN_FILE)


@pytest.fixture(scope="module")
def result(plan):
    from kehoach.core.status import build_status

    at = datetime(2025, 7, 1, tzinfo=UTC)
    recs = [Record("r1", "tourists", JUNE, D("1.2"), at), Record("r2", "budget_revenue", JUNE, D("10111.7"), at)]
    return build_status(plan, Ledger(path=Path("ledger.toml"), records=recs, exists=True), as_of=JUNE,
                        today=date(2025, 7, 15))


@pytest.fixture(params=["vi", "en"])
def session(request):
    i18n.set_language(request.param)
    yield request.param
    i18n.set_language(i18n.DEFAULT_LANGUAGE)


def test_the_html_page_speaks_the_report_s_language_whatever_the_session_speaks(plan, result, session):
    vi = html.render(rep.build(plan, result, "vi", "vi", JUNE))
    en = html.render(rep.build(plan, result, "en", "en", JUNE))
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM<br><u>Độc lập - Tự do - Hạnh phúc</u>" in vi
    assert "<header><div>PEOPLE&#x27;S COMMITTEE OF BẮC GIANG PROVINCE</div></header>" in en  # the issuer alone
    assert ">tháng</text>" in vi and ">% kế hoạch năm</text>" in vi and "Diễn biến các chỉ tiêu lũy kế" in vi
    assert ">month</text>" in en and ">% of the annual plan</text>" in en and "Year-to-date paths" in en
    assert i18n.language() == session


def test_the_docx_is_tagged_with_the_report_s_language(plan, result, session):
    for lang, tag in (("vi", "vi-VN"), ("en", "en-GB")):
        z = zipfile.ZipFile(io.BytesIO(docx_report.render(rep.build(plan, result, lang, lang, JUNE))))
        assert f"<dc:language>{tag}</dc:language>" in z.read("docProps/core.xml").decode()
        assert f'w:val="{tag}"' in z.read("word/styles.xml").decode()


def test_the_method_note_without_a_baseline_year_says_last_year_in_each_language(plan):
    vi = rep.appendix("vi", plan.plan.thresholds, "vi")
    en = rep.appendix("en", plan.plan.thresholds, "en")
    assert vi.heading == "Ghi chú: phương pháp tính và đánh giá" and "so với năm trước" in vi.paragraphs[0]
    assert en.heading == "Note: how progress is measured" and "a change from last year" in en.paragraphs[0]
    assert "2024" in rep.appendix("en", plan.plan.thresholds, "en", 2024).paragraphs[0]


def test_the_conflict_words_are_read_by_language():
    assert rep.CONFLICT_T["vi"]["label"] == "Chưa thống nhất" and rep.CONFLICT_T["en"]["label"] == "Offices disagree"
    with pytest.raises(KeyError):
        rep.CONFLICT_T["fr"]


@pytest.mark.parametrize("lines", [["ỦY BAN NHÂN DÂN", "TỈNH BẮC GIANG"], ["UỶ BAN NHÂN DÂN", "TỈNH BẮC GIANG"],
                                   ["Ủy ban nhân dân", "tỉnh Bắc Giang"], ["UBND TỈNH BẮC GIANG"],
                                   ["PEOPLE'S COMMITTEE", "OF BAC GIANG PROVINCE"]])
def test_a_plan_s_own_committee_is_recognised_in_either_language_and_spelling(plan, result, lines):
    assert rep.build(plan, result, "vi", "vi", JUNE, rep.Frame(issuer=lines)).signature[0] == "TM. ỦY BAN NHÂN DÂN"


def test_a_body_under_the_committee_signs_for_its_director(plan, result):
    frame = rep.Frame(issuer=["UBND TỈNH BẮC GIANG", "SỞ TÀI CHÍNH"])
    assert rep.build(plan, result, "vi", "vi", JUNE, frame).signature[0] == "KT. GIÁM ĐỐC"


def test_an_archive_line_given_by_hand_is_not_added_again(plan, result):
    for lang, given in (("vi", "Lưu: VT"), ("en", "Archive: VT")):
        r = rep.build(plan, result, lang, lang, JUNE, rep.Frame(recipients=(given,)))
        assert r.recipients == [f"- {given};"]
    assert rep.build(plan, result, "vi", "vi", JUNE).recipients == ["- …;", "- Lưu: VT."]


def test_a_city_s_default_issuer_in_each_language(result):
    from kehoach.core.plan import parse_plan

    text = PLAN_FILE.read_text("utf-8").replace('province = "Bắc Giang"', 'province = "Hà Nội"', 1)
    city = parse_plan(text.encode("utf-8"), "plan.toml")
    assert rep.build(city, result, "vi", "vi", JUNE).issuer_lines == ["ỦY BAN NHÂN DÂN", "THÀNH PHỐ HÀ NỘI"]
    assert rep.build(city, result, "en", "en", JUNE).issuer_lines == ["PEOPLE'S COMMITTEE", "OF HÀ NỘI CITY"]
