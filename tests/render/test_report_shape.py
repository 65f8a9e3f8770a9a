"""The report has a provincial report's shape and frame, checked on the Report that `build`
makes, on its sentences and on the .docx XML (the LibreOffice prints are in tests/cli/test_docx_report.py).

Every recorded value here is MADE UP for the test (a plausible figure near the plan's target), except
where a comment quotes the seed.
"""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, date, datetime
from decimal import Decimal as D
from pathlib import Path

import pytest

from kehoach.core.ledger import Ledger, Record
from kehoach.core.models import Indicator
from kehoach.core.periods import Period
from kehoach.core.plan import parse_plan
from kehoach.core.planview import from_model
from kehoach.core.progress import Actual, assess
from kehoach.core.status import build_status
from kehoach.render import docx_report, sentences
from kehoach.render import report as rep
from kehoach.render.look import VERDICT_LOOK

REPO = Path(__file__).resolve().parents[2]
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# Made-up June 2025 figures: a rate, a flow on its way, a flow behind, a share, a reduction.
JUNE = {"grdp_growth": "13.8", "budget_revenue": "10111.7", "tourists": "1.2", "structure_agriculture": "10.9",
        "poverty_rate": "1.1"}


def _plan(text: str | None = None):
    raw = text if text is not None else (REPO / "data" / "plan2025.toml").read_text(encoding="utf-8")
    return parse_plan(raw.encode("utf-8"), "plan.toml")


def _status(plan, values: dict[str, str], period: Period, **kw):
    at = datetime(period.year, period.month, 28, tzinfo=UTC)
    records = [Record(f"r{i}", k, period, D(v), at, note=kw.pop(f"note_{k}", "")) for i, (k, v) in enumerate(values.items())]
    ledger = Ledger(path=None, records=records, exists=True)  # type: ignore[arg-type]
    return build_status(plan, ledger, as_of=period, today=date(period.year, period.month, 28), **kw)


JUNE_2025 = Period(2025, 6)


def _report(lang="vi", plan=None, period=JUNE_2025, values=JUNE, frame=None, **kw):
    plan = plan or _plan()
    return rep.build(plan, _status(plan, values, period, **kw), lang, lang, period, frame)


def _text(r) -> str:
    return rep.text(r, width=10_000)


# ───────────────────────────── the frame ─────────────────────────────


def test_the_frame_has_issuer_number_place_date_and_a_trich_yeu_naming_the_period():
    r = _report()
    assert r.issuer_lines == ["ỦY BAN NHÂN DÂN", "TỈNH BẮC GIANG"]  # the decree's two-line form
    assert r.number == "Số: …/BC-UBND"
    assert r.place_date == "Bắc Giang, ngày … tháng … năm 2025"  # the bundled plan's `place`
    assert r.title == "BÁO CÁO"
    assert r.subtitle.endswith("6 tháng đầu năm 2025")
    assert _report(period=Period(2025, 12)).subtitle.endswith("kinh tế - xã hội năm 2025")
    assert r.recipients_heading == "Nơi nhận:" and r.recipients == ["- …;", "- Lưu: VT."]
    assert r.signature == ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"] and r.signer == ""


def test_number_signer_and_recipients_fill_the_blanks():
    frame = rep.Frame(number="125", signer="Nguyễn Văn A", recipients=("Bộ Kế hoạch và Đầu tư", "Thường trực Tỉnh ủy"))
    r = _report(frame=frame)
    assert r.number == "Số: 125/BC-UBND" and r.signer == "Nguyễn Văn A"
    assert r.recipients == ["- Bộ Kế hoạch và Đầu tư;", "- Thường trực Tỉnh ủy;", "- Lưu: VT."]
    assert _report(frame=rep.Frame(number="7/BC-SKHĐT")).number == "Số: 7/BC-SKHĐT"  # a number given whole
    annex = r.annex
    assert annex is not None and "Kèm theo Báo cáo số 125/BC-UBND" in annex.annex_lines[-1]


@pytest.mark.parametrize(
    ("province", "lines"),
    [
        ("Hà Nội", ["ỦY BAN NHÂN DÂN", "THÀNH PHỐ HÀ NỘI"]),
        ("Đà Nẵng", ["ỦY BAN NHÂN DÂN", "THÀNH PHỐ ĐÀ NẴNG"]),
        ("Hồ Chí Minh", ["ỦY BAN NHÂN DÂN", "THÀNH PHỐ HỒ CHÍ MINH"]),
        ("Nghệ An", ["ỦY BAN NHÂN DÂN", "TỈNH NGHỆ AN"]),
    ],
)
def test_the_default_issuer_of_a_city_is_thanh_pho(province, lines):
    text = (REPO / "data" / "plan2025.toml").read_text(encoding="utf-8")
    text = text.replace('province = "Bắc Giang"', f'province = "{province}"').replace('place = "Bắc Giang"\n', "")
    r = _report(plan=_plan(text))
    assert r.issuer_lines == lines
    assert r.place_date.startswith(f"{province}, ngày")


def test_a_national_plan_has_no_default_issuer_only_blanks():
    plan = _plan((REPO / "tests" / "data" / "plan2026_national.toml").read_text(encoding="utf-8"))
    r = rep.build(plan, _status(plan, {}, Period(2026, 6)), "vi", "vi", Period(2026, 6))
    assert r.issuer_lines == [] and "CẢ NƯỚC" not in _text(r)
    assert r.number == "Số: …/BC-…" and r.place_date.startswith("…………, ngày")
    assert r.signature == ["…………"]


def test_a_plan_with_its_own_issuer_and_place_prints_them_as_written():
    text = (REPO / "data" / "plan2025.toml").read_text(encoding="utf-8")
    text = text.replace('province = "Bắc Giang"', 'province = "Hà Nội"\nissuer = ["UBND THÀNH PHỐ HÀ NỘI", "SỞ TÀI CHÍNH"]')
    text = text.replace('place = "Bắc Giang"', 'place = "Hà Nội"')
    for lang in ("vi", "en"):  # a proper name: as written in both languages
        r = _report(lang, plan=_plan(text))
        assert r.issuer_lines == ["UBND THÀNH PHỐ HÀ NỘI", "SỞ TÀI CHÍNH"]
        assert r.place_date.startswith("Hà Nội, ")
    assert _report(plan=_plan(text)).signature == ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"]  # a department signs for its director


def test_the_english_frame_reads_as_english():
    r = _report("en")
    assert r.issuer_lines == ["PEOPLE'S COMMITTEE", "OF BẮC GIANG PROVINCE"]
    assert r.title == "REPORT" and r.number == "No.: …/BC-UBND" and r.recipients_heading == "Recipients:"
    assert r.signature[0] == "FOR THE PEOPLE'S COMMITTEE"
    words = _text(r)
    for vi in ("Nơi nhận", "PHỤ LỤC", "Tính đến", "ngày", "kế hoạch", "Số:"):
        assert vi not in words, vi


# ───────────────────────────── the shape ─────────────────────────────


def test_results_are_prose_by_field_then_the_places_for_the_leaders_then_the_annex():
    r = _report()
    headings = [s.heading for s in r.sections if s.level == 2]
    assert headings == [
        "I. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU CHỦ YẾU",
        "II. TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN",
        "III. NHIỆM VỤ, GIẢI PHÁP TRỌNG TÂM 6 THÁNG CUỐI NĂM 2025",
        "PHỤ LỤC 1",  # the month's table of the year-to-date flows is PHỤ LỤC 2
    ]
    assert r.monthly is not None and r.monthly.heading == "PHỤ LỤC 2"
    assert not any(s.bullets for s in r.sections)  # no list of 45 bullets
    economy = next(s for s in r.sections if s.group == "economy")
    assert len(economy.paragraphs) == 1
    said = economy.paragraphs[0]
    assert said.startswith("Tốc độ tăng GRDP 6 tháng đạt 13,8%") and said.count("; ") >= 2
    assert "; thu ngân sách nhà nước 6 tháng đạt 10.111,7 tỷ đồng, bằng 61,3% kế hoạch năm" in said
    assert "chưa có số liệu" not in said  # only what has data is said; the annex shows the rest
    # the leaders' places: marked blanks
    problems, tasks = r.sections[-3], r.sections[-2]
    assert problems.blank == tasks.blank == "(Phần này do lãnh đạo bổ sung.)"
    # the targets off track, in one paragraph
    assert problems.paragraphs[0].startswith("Các chỉ tiêu chậm tiến độ: ")
    assert "khách du lịch 1,2 triệu lượt (40,0% kế hoạch, còn thiếu 1,8 triệu lượt)" in problems.paragraphs[0]
    # the method after the annex, the annex after the signature
    assert r.body == r.sections[:-1] and r.annex is r.sections[-1]
    text = _text(r)
    assert text.index("Nơi nhận:") < text.index("PHỤ LỤC") < text.index("Ghi chú: phương pháp tính")


def test_notes_of_the_ledger_fill_the_shortcomings():
    note = "Lượng khách giảm do mưa lũ tháng 5 (ghi chú thử)"
    frame = rep.Frame(notes={"tourists": note})
    problems = _report(frame=frame).sections[-3]
    assert any(p == f"Khách du lịch: {note}" for p in problems.paragraphs) and problems.blank is None


def test_the_annex_has_the_usual_columns_and_no_percent_of_plan_for_rates_and_shares():
    r = _report()
    tb = r.annex.table
    assert tb.headers == ["TT", "Chỉ tiêu", "ĐVT", "TH 2024", "KH 2025", "Ước TH 6 tháng", "So KH (%)", "So CK (%)", "Đánh giá"]
    cells = {row[1]: row for row in tb.rows}
    assert cells["Tốc độ tăng GRDP"][6] == "—"  # 13,8 against 14,0 is not "98,6% kế hoạch"
    assert cells["Cơ cấu kinh tế: Nông, lâm nghiệp, thủy sản"][6] == "—"
    assert cells["Thu ngân sách nhà nước"][6] == "61,3"
    assert cells["Thu ngân sách nhà nước"][3] == "17.173"  # the 2024 estimate
    assert cells["Khách du lịch"][-1] == "▼ Chậm tiến độ"
    assert "pp" not in _text(r) and " pp" not in rep.markdown(r)


def test_an_area_report_names_its_area_in_the_title_and_every_page_header():
    text = (REPO / "data" / "plan2025.toml").read_text(encoding="utf-8")
    text += '\n[[areas]]\nname = "Lục Ngạn"\n\n[[areas.targets]]\nindicator = "tourists"\ntarget = 0.5\n'
    plan = _plan(text)
    status = _status(plan, {}, Period(2025, 6), area="Lục Ngạn")
    r = rep.build(plan, status, "vi", "vi", Period(2025, 6))
    assert r.area == "Lục Ngạn" and r.subtitle.endswith("trên địa bàn Lục Ngạn")
    assert "LỤC NGẠN" in r.annex.annex_lines[1]
    with zipfile.ZipFile(io.BytesIO(docx_report.render(r))) as z:
        headers = [z.read(n).decode() for n in z.namelist() if n.startswith("word/header")]
    assert headers and all("Lục Ngạn" in h for h in headers if "<w:t" in h)
    assert sum("Lục Ngạn" in h for h in headers) >= 2  # the first page's header and the others'


def test_the_method_note_says_what_the_code_does():
    note = " ".join(_report().appendix.paragraphs)
    assert "kế hoạch ÷ thực hiện (như tỷ lệ hộ nghèo)" not in note  # poverty is judged on the fall made
    assert "giảm 1,5 điểm so với kế hoạch giảm 3 điểm là đạt 50%" in note  # docs/method.md's example
    assert "so với năm 2024" in note and "tăng 12%" in note  # targets stated as a change


# ───────────────────────────── the sentences ─────────────────────────────


def _judge(value, period, **fields):
    class _T:
        number = 1
        source_label = None

    base = {"id": "x", "name": "Chỉ tiêu", "name_en": "Indicator", "unit": "%", "kind": "level", "direction": "higher",
            "target": D(10)}
    ind = from_model(Indicator(**{**base, **fields}))
    from kehoach.core.models import Thresholds

    return assess(_T(), ind, "g", from_model(Thresholds()), Actual(period, D(value)))


def test_cpi_rises_it_does_not_remain():
    cpi = _judge("3.9", Period(2025, 6), name="Chỉ số giá tiêu dùng (CPI) bình quân", kind="rate", direction="lower",
                 target_form="below", target=D("4.5"))
    said = sentences.clause(cpi, "vi", "vi")
    assert "bình quân 6 tháng tăng 3,9%" in said and "còn" not in said
    named = _judge("3.9", Period(2025, 6), name="Tốc độ tăng CPI", kind="rate", direction="lower", target=D("4.5"))
    assert "Tốc độ tăng CPI 6 tháng ở mức 3,9%" in sentences.clause(named, "vi", "vi")


def test_a_target_stated_as_a_change_is_in_its_sentence_and_the_year_end_compares_with_the_baseline_year():
    # exports "tăng 12%" on a base of 21 (made up): 23,52 is the level asked for
    ind = {"name": "Kim ngạch xuất khẩu", "unit": "tỷ USD", "kind": "flow", "change": "percent", "target": D(12),
           "baseline": D(21)}
    year = _judge("23.4", Period(2025, 12), **ind)
    said = sentences.clause(year, "vi", "vi", baseline_year=2024)
    assert "(kế hoạch tăng 12%, tương đương 23,52 tỷ USD)" in said
    assert "tăng 11,4% so với năm 2024" in said and "cùng kỳ" not in said


def test_a_reduction_says_how_much_fell():
    p = _judge("16.28", Period(2025, 12), name="Tỷ lệ hộ nghèo", direction="lower", change="points", target=D(-3),
               baseline=D("17.78"))
    said = sentences.clause(p, "vi", "vi", baseline_year=2024)
    assert "còn 16,28%, giảm 1,5 điểm % so với năm 2024, đạt 50,0% kế hoạch giảm 3 điểm %" in said


def test_one_parenthesis_never_two_side_by_side():
    p = _judge("8.8", Period(2025, 9), name="Tỷ lệ X", target=D(10))
    p.final = False
    p.status = "missed"
    said = sentences.sentence(p, "vi", "vi")
    assert ") (" not in said and said.count("(") == 1


def test_projections_are_rounded_without_false_precision():
    assert sentences.rough(D("366545.5"), "vi") == "367.000"
    assert sentences.rough(D("22668.3"), "vi") == "22.700"
    assert sentences.rough(D("2.45"), "vi") == "2,5"


def test_a_strict_floor_needs_more_than_the_gap_and_a_ceiling_reached_is_not_met():
    floor = _judge("5000", Period(2025, 6), unit="tỷ đồng", kind="flow", target_form="above", target=D(72000))
    assert "còn thiếu hơn" in sentences.sentence(floor, "vi", "vi")
    ceiling = _judge("4.5", Period(2025, 6), kind="rate", direction="lower", target_form="below", target=D("4.5"))
    said = sentences.sentence(ceiling, "vi", "vi")
    assert "mới bằng mức trần, chưa đạt" in said and "chưa vượt qua ngưỡng" not in said


def test_a_range_is_passed_from_its_far_end():
    p = _judge("12.6", Period(2025, 12), kind="rate", target_form="range", target=D("11.5"), target_high=D("12.5"))
    assert "cao hơn cận trên 0,1 điểm phần trăm" in sentences.clause(p, "vi", "vi")


def test_english_counts_agree_with_their_number():
    p = _judge("6", Period(2025, 6), unit="huyện", unit_en="districts", kind="count", target=D(7), baseline=D(6))
    said = sentences.sentence(p, "en", "en")
    assert "short by 1 district" in said and "1 districts" not in said


def test_the_year_end_headline_counts_nothing_on_track():
    plan = _plan()
    r = _status(plan, {"budget_revenue": "17000", "tourists": "2.5"}, Period(2025, 12))
    said = sentences.headline(r, "vi")
    assert "đúng tiến độ" not in said and "có nguy cơ" not in said and "chậm tiến độ" not in said
    assert "1 chỉ tiêu không đạt" in said


# ───────────────────────────── the look and the document ─────────────────────────────


def test_what_failed_is_the_most_marked_and_every_symbol_prints_in_times():
    times = set("√○▲▼×–")  # in Times New Roman and Liberation Serif (✔ and ✘ are not)
    assert all(v.doc_symbol in times for v in VERDICT_LOOK.values())
    assert not VERDICT_LOOK["achieved"].bold  # success is not what stands out
    missed = VERDICT_LOOK["missed"]
    assert missed.bold and missed.shade and not any(v.shade for s, v in VERDICT_LOOK.items() if s != "missed")


def _docx_xml(r, part="word/document.xml") -> str:
    with zipfile.ZipFile(io.BytesIO(docx_report.render(r))) as z:
        return z.read(part).decode("utf-8")


def test_the_docx_has_six_points_between_paragraphs_clean_properties_and_a_landscape_annex():
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.shared import Pt

    r = _report(period=Period(2025, 12), values={"budget_revenue": "15000", "tourists": "3.2"})
    doc = Document(io.BytesIO(docx_report.render(r)))
    assert doc.styles["Normal"].paragraph_format.space_after >= Pt(6)
    body = [p for p in doc.paragraphs if p.style.name == "Normal" and p.text.strip()]
    assert all((p.paragraph_format.space_after is None or p.paragraph_format.space_after >= Pt(6))
               for p in body if p.alignment is not None and p.alignment == 3)  # justified body text
    cp = doc.core_properties
    assert cp.author == "ỦY BAN NHÂN DÂN TỈNH BẮC GIANG" and "Tình hình thực hiện" in cp.title
    assert "python-docx" not in f"{cp.author} {cp.comments} {cp.last_modified_by}"
    assert cp.created.year >= 2025 and cp.modified.year >= 2025
    with zipfile.ZipFile(io.BytesIO(docx_report.render(r))) as z:
        assert b"python-docx" not in z.read("docProps/core.xml") + z.read("docProps/app.xml")
    # the body portrait; the two annexes (the year's table, the month's table) landscape
    assert len(doc.sections) == 3 and doc.sections[0].orientation == WD_ORIENT.PORTRAIT
    assert all(s.orientation == WD_ORIENT.LANDSCAPE for s in doc.sections[1:])
    texts = [p.text for p in doc.paragraphs] + [c.text for t in doc.tables for row in t.rows for c in row.cells]
    assert "Nơi nhận:" in " ".join(texts) and "TM. ỦY BAN NHÂN DÂN" in " ".join(texts)
    # the missed verdict: bold, dark red, a grey cell
    xml = _docx_xml(r)
    assert 'w:fill="E0E0E0"' in xml and "× Không đạt KH" in xml


def test_a_change_in_points_has_one_decimal_like_its_neighbours():
    # made-up forest cover: 37,65% in June 2024, 34,65% in June 2025 — 3 points down (not "-3,00 pp")
    plan = _plan()
    at = datetime(2025, 6, 28, tzinfo=UTC)
    records = [Record("a", "forest_cover", Period(2024, 6), D("37.65"), at),
               Record("b", "forest_cover", Period(2025, 6), D("34.65"), at)]
    ledger = Ledger(path=None, records=records, exists=True)  # type: ignore[arg-type]
    status = build_status(plan, ledger, as_of=Period(2025, 6), today=date(2025, 6, 28))
    r = rep.build(plan, status, "vi", "vi", Period(2025, 6))
    row = next(row for row in r.annex.table.rows if row[1] == "Tỷ lệ che phủ rừng")
    assert row[7] == "-3,0\u00a0điểm\u00a0%"  # one unbreakable word in its cell
    assert "giảm 3,0 điểm % so với cùng kỳ" in _text(r)


def test_a_flow_judged_on_its_projection_at_year_end_says_so_as_an_estimate(run, tmp_path, monkeypatch):
    """The year over with June the latest figure: budget revenue is judged on its projection
    (10.111,7 × 2 = 20.223,4 = 122,6 % of 16.500: made-up figures) and the sentence says the
    projection and "ước vượt", never "đã vượt kế hoạch năm" beside 61,3 %."""
    ledger = tmp_path / "l.toml"
    assert run("record", "budget_revenue", "10111.7", "--period", "2025-06", "--ledger", ledger).exit_code == 0
    monkeypatch.setenv("KEHOACH_TODAY", "2026-02-01")
    text = " ".join(run("report", "--format", "text", "--ledger", ledger).stdout.split())
    assert "bằng 122,6% kế hoạch, ước vượt kế hoạch năm" in text
    assert "đã vượt kế hoạch năm" not in text
    assert "theo nhịp độ đến tháng 6/2025, cả năm ước đạt" in text and "theo nhịp độ hiện nay" not in text
    monkeypatch.setenv("KEHOACH_LANG", "en")
    english = " ".join(run("report", "--format", "text", "--ledger", ledger).stdout.split())
    assert "122.6% of the plan, so the annual plan is estimated to be exceeded" in english


def test_an_area_headline_counts_what_the_area_has_no_target_of_apart_from_no_data(run, areas_plan, tmp_path):
    """Lục Ngạn has its own target for tourists only (the test plan's areas): its report's headline
    says 44 indicators have no target of its own, not that they lack data."""
    ledger = tmp_path / "l.toml"
    r = run("record", "tourists", "0.2", "--period", "2025-06", "--area", "Lục Ngạn", "--plan", areas_plan, "--ledger", ledger)
    assert r.exit_code == 0, r.output
    text = " ".join(run("report", "--area", "Lục Ngạn", "--format", "text", "--plan", areas_plan, "--ledger", ledger).stdout.split())
    assert "44 không có kế hoạch riêng của địa bàn" in text
    assert "44 chưa có số liệu" not in text
