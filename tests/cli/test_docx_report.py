"""The Word report a province would send: Decree 30/2020 layout, checked in the XML and as LibreOffice prints it.

The ledger here records EVERY indicator of the 2025 plan for June 2025 (or December 2025), and the same
month of 2024 for the flows, so that the year-on-year column is filled. Its values are MADE UP by a fixed
rule from each indicator's target and baseline, spread so that every verdict occurs and about half the
indicators need attention (each of those is named twice: in its field's paragraph and in section II) —
a long report, not a flattering one.

Fonts: the document asks for Times New Roman only. Where Times New Roman is not installed (Debian, CI)
LibreOffice substitutes Liberation Serif, which is metric-compatible with it (same advance widths, made
as its drop-in replacement): line breaks and page count are those of Times New Roman in Word. So the
PDF may use either family, but only one of them, and nothing else (no DejaVu, no sans fallback).
Liberation Serif comes with Debian's `fonts-liberation` (or `fonts-liberation2`).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
TWIPS_PER_MM = 1440 / 25.4
MAX_PAGES = 8  # the half-year report with its annex
SERIF = ("TimesNewRoman", "LiberationSerif")  # PostScript family prefixes that pdffonts shows
HEADER = {"vi": ("TT", "Chỉ tiêu", "ĐVT"), "en": ("No.", "Indicator", "Unit")}
APPENDIX = {"vi": "Ghi chú: phương pháp tính và đánh giá", "en": "Note: how progress is measured"}
TABLE_HEADING = {"vi": "PHỤ LỤC", "en": "ANNEX"}
MONTH_HEADING = {"vi": "PHỤ LỤC 2", "en": "ANNEX 2"}  # the month's table, after the table of targets
MOTTO = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")

# How far along its way from the baseline each indicator is, in turn (1 = at the target).
SHARES = (Decimal("0.3"), Decimal("0.6"), Decimal("1.0"), Decimal("1.2"), Decimal("-0.5"))


def plain(d: Decimal) -> str:
    """Two decimals at most, no trailing zeros: 8250, 12.4, 0.86."""
    text = f"{d.quantize(Decimal('0.01')):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def full_csv(indicators: list[dict], month: int = 6) -> str:
    """Every indicator for 2025-`month` (made-up values, by the rule above), and last year's same
    month for the flows."""
    lines = ["id,period,value"]
    for i, r in enumerate(indicators):
        target = Decimal(str(r["reference"] if r.get("reference") is not None else r["target"]))
        base = Decimal(str(r["baseline"])) if r["baseline"] is not None else target * Decimal("0.95")
        k = SHARES[i % len(SHARES)]
        if r["kind"] == "flow":  # `month` months of an annual total
            value = target * k * month / 12
            lines.append(f"{r['id']},2024-{month:02d},{plain(target * Decimal('0.9') * month / 12)}")
        elif r["kind"] == "rate":
            value = target * (Decimal("0.8") + k / 5)
        else:
            value = base + (target - base) * k
        if r["kind"] == "count":
            value = value.quantize(Decimal(1))
        if r["unit"] == "%":
            value = min(value, Decimal(100))
        lines.append(f"{r['id']},2025-{month:02d},{plain(value)}")
    return "\n".join(lines) + "\n"


def record_all(run, ledger, tmp_path, monkeypatch, month: int = 6):
    indicators = json.loads(run("status", "--format", "json").stdout)["indicators"]
    assert len(indicators) == 45
    src = tmp_path / "full.csv"
    src.write_text(full_csv(indicators, month), encoding="utf-8")
    r = run("import", src, "--ledger", ledger)
    assert r.exit_code == 0, r.output
    monkeypatch.setenv("KEHOACH_LEDGER", str(ledger))
    rows = json.loads(run("status", "--format", "json").stdout)["indicators"]
    assert all(row["actual"] is not None for row in rows)
    return ledger, {row["status"] for row in rows}


@pytest.fixture
def full(run, ledger, tmp_path, monkeypatch):
    """A ledger with every indicator of the bundled plan recorded for June 2025 (made-up values)."""
    ledger, statuses = record_all(run, ledger, tmp_path, monkeypatch)
    assert {"achieved", "on_track", "at_risk", "off_track"} <= statuses, statuses
    return ledger


@pytest.fixture
def year_end(run, ledger, tmp_path, monkeypatch):
    """The same for December 2025: every verdict is the year's."""
    monkeypatch.setenv("KEHOACH_TODAY", "2026-01-20")  # the year is over
    ledger, statuses = record_all(run, ledger, tmp_path, monkeypatch, 12)
    assert statuses <= {"achieved", "missed"} and "missed" in statuses, statuses
    return ledger


def docx(run, tmp_path, lang: str, *args) -> Path:
    out = tmp_path / f"report.{lang}.docx"
    r = run("report", "--lang", lang, "-o", out, *args)
    assert r.exit_code == 0, r.output
    return out


def xml(path: Path, part: str):
    from xml.etree import ElementTree

    with zipfile.ZipFile(path) as z:
        return ElementTree.fromstring(z.read(part))


def parts(path: Path, prefix: str) -> list[str]:
    with zipfile.ZipFile(path) as z:
        return [n for n in z.namelist() if n.startswith(prefix) and n.endswith(".xml")]


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_docx_asks_for_times_new_roman_everywhere(run, full, tmp_path, lang):
    out = docx(run, tmp_path, lang)
    for part in ["word/styles.xml", "word/document.xml", *parts(out, "word/header")]:
        for fonts in xml(out, part).iter(f"{W}rFonts"):
            themed = [k for k in fonts.attrib if k.endswith(("Theme", "theme"))]
            assert not themed, f"{part}: a theme font ({themed}) overrides Times New Roman"
            named = {k.removeprefix(W): v for k, v in fonts.attrib.items()}
            assert named == dict.fromkeys(("ascii", "hAnsi", "eastAsia", "cs"), "Times New Roman"), (part, named)
    from docx import Document
    from docx.shared import Pt

    doc = Document(str(out))
    assert doc.styles["Normal"].font.size in (Pt(13), Pt(14))
    defaults = xml(out, "word/styles.xml").find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")
    assert defaults is not None and defaults.find(f"{W}rFonts").get(f"{W}ascii") == "Times New Roman"
    assert defaults.find(f"{W}lang").get(f"{W}val") == {"vi": "vi-VN", "en": "en-GB"}[lang]  # spelling


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_docx_page_numbers_and_a_table_that_fits_a4(run, full, tmp_path, lang):
    from docx import Document
    from docx.shared import Mm

    out = docx(run, tmp_path, lang)
    doc = Document(str(out))
    sec = doc.sections[0]
    assert abs(sec.page_width - Mm(210)) < Mm(1) and abs(sec.page_height - Mm(297)) < Mm(1)
    margins = [sec.top_margin, sec.bottom_margin, sec.left_margin, sec.right_margin]
    assert [round(m.mm) for m in margins] == [20, 20, 30, 15]  # Decree 30/2020, the smallest allowed
    text_width = Mm(210 - 30 - 15)

    # a PAGE field in the header of every page but the first (titlePg: the first page has its own, empty)
    assert sec.different_first_page_header_footer
    header = "".join(t.text or "" for t in sec.header._element.iter(f"{W}instrText"))
    assert header.strip() == "PAGE"
    assert not list(sec.first_page_header._element.iter(f"{W}instrText"))

    annex, month = doc.sections[1:]  # the table as an annex, on landscape pages of its own; then the month's
    assert len(doc.sections) == 3 and annex.page_width > annex.page_height and month.page_width > month.page_height
    text_width = Mm(297 - 30 - 15)
    table, month_table = doc.tables[-2:]
    # the month's table: the three year-to-date flows, ten columns within the landscape line
    assert len(month_table.rows) == 1 + 3 and len(month_table.columns) == 10
    assert sum(int(g.get(f"{W}w")) for g in month_table._tbl.tblGrid.iter(f"{W}gridCol")) <= text_width.twips + 1
    assert len(table.rows) == 1 + 45
    assert [c.text for c in table.rows[0].cells][:3] == list(HEADER[lang])
    first, second = (row._tr.trPr for row in table.rows[:2])
    assert first is not None and first.find(f"{W}tblHeader") is not None  # repeated on every page
    assert second is None or second.find(f"{W}tblHeader") is None  # …and only the header row
    assert all(row._tr.trPr.find(f"{W}cantSplit") is not None for row in table.rows)
    tbl_pr = table._tbl.tblPr
    assert tbl_pr.find(f"{W}tblLayout").get(f"{W}type") == "fixed"
    grid = [int(g.get(f"{W}w")) for g in table._tbl.tblGrid.iter(f"{W}gridCol")]
    assert len(grid) == 9 and sum(grid) <= text_width.twips + 1
    assert grid[1] == max(grid)  # the indicator name gets the room
    for row in table.rows:
        assert [int(c._tc.tcPr.find(f"{W}tcW").get(f"{W}w")) for c in row.cells] == grid
    # one "TT" cell per numbered target, spanning its indicators' rows
    numbers = [row["target_number"] for row in json.loads(run("status", "--format", "json").stdout)["indicators"]]
    spans = [numbers.count(n) for n in dict.fromkeys(numbers)]
    merges = [tc.tcPr.find(f"{W}vMerge") for tc in (row._tr.tc_lst[0] for row in table.rows[1:])]
    starts = [m is not None and m.get(f"{W}val") == "restart" for m in merges]
    assert sum(starts) == sum(1 for n in spans if n > 1)
    assert sum(m is not None for m in merges) == sum(n for n in spans if n > 1)

    if lang == "vi":  # the national motto, each line one paragraph, then its rule and the place and date
        motto = [p.text for p in doc.tables[0].rows[0].cells[1].paragraphs if p.text]
        assert motto == [*MOTTO, "Bắc Giang, ngày … tháng … năm 2025"]
    body = "\n".join(p.text for p in doc.paragraphs)
    assert APPENDIX[lang] in body and "docs/method.md" not in body


def test_the_appendix_states_the_plans_own_thresholds(run, full, write_plan, plan_text):
    plan = write_plan(plan_text.replace("on_track = 100\nat_risk = 90", "on_track = 95\nat_risk = 80"))
    vi = run("report", "--plan", plan).stdout
    appendix = vi[vi.index(APPENDIX["vi"]) :]
    assert "từ 95% trở lên là đúng tiến độ" in appendix and "dưới 80% là chậm tiến độ" in appendix
    en = run("report", "--plan", plan, "--lang", "en", "--format", "text").stdout
    assert "95% or more is on track" in " ".join(en[en.index(APPENDIX["en"]) :].split())
    html = run("report", "--plan", plan, "--format", "html").stdout
    assert html.index(APPENDIX["vi"]) > html.index('class="legend"')  # the last thing in the page
    for text in (vi, en, html):
        assert "docs/method.md" not in text


def tool(name: str) -> str | None:
    return shutil.which(name)


def serif_installed() -> bool:
    if tool("fc-list") is None:
        return False
    families = subprocess.run(["fc-list", ":", "family"], check=False, capture_output=True, text=True).stdout
    return bool(re.search(r"^(Times New Roman|Liberation Serif)\b", families, re.MULTILINE))


NEEDS = [
    (tool("soffice") is None, "needs LibreOffice (apt-get install libreoffice-writer-nogui)"),
    (tool("pdfinfo") is None or tool("pdffonts") is None, "needs poppler-utils (pdfinfo, pdffonts, pdftotext)"),
    (not serif_installed(), "needs Times New Roman or Liberation Serif (apt-get install fonts-liberation)"),
]


def pdf_of(path: Path, tmp_path: Path) -> Path:
    env = {**os.environ, "HOME": str(tmp_path)}
    conv = subprocess.run(
        ["soffice", "--headless", f"-env:UserInstallation={(tmp_path / 'lo').as_uri()}", "--convert-to", "pdf", "--outdir", str(tmp_path), str(path)],
        check=False, capture_output=True, text=True, timeout=180, env=env,
    )  # fmt: skip
    pdf = path.with_suffix(".pdf")
    assert conv.returncode == 0 and pdf.exists(), conv.stderr
    return pdf


def page_text(pdf: Path, n: int) -> str:
    cmd = ["pdftotext", "-layout", "-f", str(n), "-l", str(n), str(pdf), "-"]
    return subprocess.run(cmd, capture_output=True, text=True, check=True).stdout


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.skipif(any(missing for missing, _ in NEEDS), reason="; ".join(why for missing, why in NEEDS if missing))
def test_docx_prints_on_at_most_eight_pages_in_one_serif_face(run, full, tmp_path, lang):
    pdf = pdf_of(docx(run, tmp_path, lang), tmp_path)
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "(A4)" in info
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE).group(1))
    assert pages <= MAX_PAGES, f"{pages} pages"

    listing = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    fonts = {line.split()[0].split("+")[-1] for line in listing.splitlines()[2:] if line.strip()}
    families = {next((f for f in SERIF if font.startswith(f)), font) for font in fonts}
    assert len(families) == 1 and families <= set(SERIF), f"fonts in the PDF: {sorted(fonts)}"

    texts = [page_text(pdf, n) for n in range(1, pages + 1)]
    # page numbers: none on the first page, then 2, 3, … at the top
    assert texts[0].split()[0] != "1"
    for n, text in enumerate(texts[1:], start=2):
        assert text.split()[0] == str(n), f"page {n} starts with {text.split()[:3]}"
    if lang == "vi":  # each motto line printed whole on one line
        lines = [line.strip() for line in texts[0].splitlines()]
        for motto in MOTTO:
            assert any(line.endswith(motto) for line in lines), f"{motto!r} wraps: {lines[:6]}"
    # the table's header row on every page the table runs over: from the page after its heading to
    # the page where the appendix begins
    start = next(i for i, t in enumerate(texts) if TABLE_HEADING[lang] in t)
    end = next(i for i, t in enumerate(texts) if MONTH_HEADING[lang] in t) - 1  # the month's annex: a page of its own
    assert end > start, "the table fits on one page: this ledger should make it run over"
    for i in range(start + 1, end + 1):
        first_lines = "\n".join(texts[i].splitlines()[:6])
        assert all(h in first_lines for h in HEADER[lang]), f"page {i + 1} has no table header: {first_lines}"
    # no number in the table is broken over two lines
    from kehoach.render.sentences import num

    table = "".join(texts[start:end + 1])
    cells = table[table.index(TABLE_HEADING[lang]):].split()
    table = [cell.lstrip("≥≤<>~") for cell in cells]
    for row in json.loads(run("status", "--format", "json").stdout)["indicators"]:
        for value in (row["target"], row["actual"]):
            assert num(Decimal(str(value)), lang) in table, f"{row['id']}: {value} is cut in the table"


# ───────────────── the frame and the shape as LibreOffice prints them ─────────────────

FRAME = {
    "vi": {
        "issuer": ("ỦY BAN NHÂN DÂN", "TỈNH BẮC GIANG"),
        "number": "Số: …/BC-UBND",
        "date": "Bắc Giang, ngày … tháng … năm 2025",
        "about": {6: "6 tháng đầu năm 2025", 12: "kinh tế - xã hội năm 2025"},
        "fields": ("1. Về kinh tế", "2. Về văn hóa - xã hội", "3. Về môi trường"),
        "leaders": ("II. TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN", "III. NHIỆM VỤ, GIẢI PHÁP TRỌNG TÂM"),
        "blank": "(Phần này do lãnh đạo bổ sung.)",
        "recipients": "Nơi nhận:",
        "signature": ("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"),
        "annex": ("PHỤ LỤC", "(Kèm theo Báo cáo số …/BC-UBND"),
        "columns": ("TH 2024", "KH 2025", "So KH", "So CK", "Đánh giá"),
    },
    "en": {
        "issuer": ("PEOPLE'S COMMITTEE", "OF BẮC GIANG PROVINCE"),
        "number": "No.: …/BC-UBND",
        "date": "Bắc Giang, …… 2025",
        "about": {6: "first 6 months of 2025", 12: "development plan in 2025"},
        "fields": ("1. Economy", "2. Culture and society", "3. Environment"),
        "leaders": ("II. SHORTCOMINGS, LIMITATIONS AND THEIR CAUSES", "III. KEY TASKS AND SOLUTIONS"),
        "blank": "(To be written by the leadership.)",
        "recipients": "Recipients:",
        "signature": ("FOR THE PEOPLE'S COMMITTEE", "FOR THE CHAIRMAN", "VICE CHAIRMAN"),
        "annex": ("ANNEX", "(Attached to Report No. …/BC-UBND"),
        "columns": ("Actual 2024", "Plan 2025", "vs plan", "vs last", "Assessment"),
    },
}


def pdf_text(pdf: Path) -> tuple[int, str, list[str]]:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE).group(1))
    texts = [page_text(pdf, n) for n in range(1, pages + 1)]
    return pages, " ".join(" ".join(texts).split()), texts


def page_is_landscape(pdf: Path, n: int) -> bool:
    info = subprocess.run(["pdfinfo", "-f", str(n), "-l", str(n), str(pdf)], capture_output=True, text=True, check=True).stdout
    w, h = map(float, re.search(rf"^Page\s+{n} size:\s+([\d.]+) x ([\d.]+)", info, re.MULTILINE).groups())
    return w > h


def raw_words(pdf: Path) -> str:
    """The words in the order LibreOffice drew them (cell by cell), on one line."""
    return " ".join(subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True, check=True).stdout.split())


def assert_frame(words: str, texts: list[str], lang: str, month: int, raw: str) -> None:
    f = FRAME[lang]
    first = " ".join(texts[0].split())
    for line in (*f["issuer"], f["number"], f["date"], f["about"][month]):
        assert line in first, f"page 1 lacks {line!r}"
    order = [*f["fields"], *f["leaders"], f["recipients"], *f["signature"], *f["annex"], APPENDIX[lang]]
    at = [words.find(w) for w in order]
    assert all(i >= 0 for i in at), [w for w, i in zip(order, at, strict=True) if i < 0]
    assert at == sorted(at), "the frame is out of order"
    assert words.count(f["blank"]) >= 1
    annex = raw[raw.index(f["annex"][1]) :]
    for column in f["columns"]:
        assert column in annex, column
    assert " pp" not in words and "python-docx" not in words


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.skipif(any(missing for missing, _ in NEEDS), reason="; ".join(why for missing, why in NEEDS if missing))
def test_the_half_year_report_prints_its_frame_and_annex_on_eight_pages(run, full, tmp_path, lang):
    pdf = pdf_of(docx(run, tmp_path, lang, "--period", "2025-06"), tmp_path)
    pages, words, texts = pdf_text(pdf)
    assert pages <= MAX_PAGES, f"{pages} pages"
    assert_frame(words, texts, lang, 6, raw_words(pdf))
    annex = next(i for i, t in enumerate(texts) if FRAME[lang]["annex"][1] in " ".join(t.split()))
    assert all(page_is_landscape(pdf, n) for n in range(annex + 1, pages + 1))
    assert not page_is_landscape(pdf, 1)
    # results in prose: the budget's clause inside the economy's paragraph, not a bullet
    assert "- (4)" not in words and "; " in words


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.skipif(any(missing for missing, _ in NEEDS), reason="; ".join(why for missing, why in NEEDS if missing))
def test_the_year_end_report_prints_its_frame_and_marks_what_was_missed(run, year_end, tmp_path, lang):
    pdf = pdf_of(docx(run, tmp_path, lang, "--period", "2025-12"), tmp_path)
    _, words, texts = pdf_text(pdf)
    assert_frame(words, texts, lang, 12, raw_words(pdf))
    missed = {"vi": "× Không đạt KH", "en": "× Missed"}[lang]
    assert missed in words
    assert {"vi": "so với năm 2024", "en": "on 2024"}[lang] in words  # not "so với cùng kỳ" at year end
    assert {"vi": "Các chỉ tiêu không đạt kế hoạch:", "en": "Targets missed:"}[lang] in words


@pytest.mark.slow
@pytest.mark.skipif(any(missing for missing, _ in NEEDS), reason="; ".join(why for missing, why in NEEDS if missing))
def test_a_city_plan_with_its_own_issuer_number_signer_and_recipients(run, full, write_plan, plan_text, tmp_path):
    text = plan_text.replace('province = "Bắc Giang"', 'province = "Hà Nội"\nissuer = ["ỦY BAN NHÂN DÂN", "THÀNH PHỐ HÀ NỘI"]')
    plan = write_plan(text.replace('place = "Bắc Giang"', 'place = "Hà Nội"'))
    # Bắc Giang's test figures under Hà Nội's name: the ledger belongs to Bắc Giang's plan, hence --any-plan
    out = docx(run, tmp_path, "vi", "--plan", plan, "--any-plan", "--number", "125", "--signer", "Nguyễn Văn A (tên thử)",
               "--recipient", "Bộ Tài chính", "--recipient", "TT Thành ủy")
    pdf = pdf_of(out, tmp_path)
    _, words, texts = pdf_text(pdf)
    first = " ".join(texts[0].split())
    issuer = [re.split(r"\s{3,}", line.strip())[0] for line in texts[0].splitlines()[:3]]  # the head's left column
    assert issuer[:2] == ["ỦY BAN NHÂN DÂN", "THÀNH PHỐ HÀ NỘI"]
    assert "Số: 125/BC-UBND" in first and "Hà Nội, ngày … tháng … năm 2025" in first
    assert "Nơi nhận: - Bộ Tài chính; - TT Thành ủy; - Lưu: VT." in raw_words(pdf)
    assert "Nguyễn Văn A (tên thử)" in words and "Kèm theo Báo cáo số 125/BC-UBND" in words
    from docx import Document

    props = Document(str(out)).core_properties
    assert props.author == "ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI" and props.created.year >= 2025


def test_plan_new_takes_the_issuer_and_place_and_the_report_uses_them(run, tmp_path):
    out = tmp_path / "hn.toml"
    r = run("plan", "new", "--province", "Hà Nội", "--year", "2026", "--issuer", "ỦY BAN NHÂN DÂN",
            "--issuer", "THÀNH PHỐ HÀ NỘI", "--place", "Hà Nội", "-o", out)
    assert r.exit_code == 0, r.output
    text = out.read_text(encoding="utf-8")
    assert 'issuer = ["ỦY BAN NHÂN DÂN", "THÀNH PHỐ HÀ NỘI"]' in text and 'place = "Hà Nội"' in text
    checked = run("plan", "check", out)  # the template's example figures are still to replace …
    assert checked.exit_code == 65 and "issuer" not in checked.stderr and "place" not in checked.stderr  # … not these
    report = run("report", "--plan", out, "--format", "text").stdout
    assert report.startswith("ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI\nSố: …/BC-UBND\nHà Nội, ngày … tháng … năm 2026\n")
    # without them, the keys are there to fill, commented, with the city's default
    plain_plan = run("plan", "new", "--province", "Hà Nội", "--year", "2026").stdout
    assert '# issuer = ["ỦY BAN NHÂN DÂN", "THÀNH PHỐ HÀ NỘI"]' in plain_plan
    assert run("plan", "new", "--province", "Hà Nội", "--year", "2026", "--issuer", "A\nB").exit_code == 2


def test_the_number_signer_and_recipients_come_from_the_environment_too(run, monkeypatch):
    monkeypatch.setenv("KEHOACH_REPORT_NUMBER", "88")
    monkeypatch.setenv("KEHOACH_SIGNER", "Trần Thị B (tên thử)")
    monkeypatch.setenv("KEHOACH_RECIPIENTS", "Bộ Tài chính|Sở Kế hoạch và Đầu tư")
    text = run("report", "--format", "text").stdout
    assert "Số: 88/BC-UBND" in text and "Trần Thị B (tên thử)" in text
    assert "- Bộ Tài chính;\n- Sở Kế hoạch và Đầu tư;\n- Lưu: VT." in text
    assert "Số: 7/BC-UBND" in run("report", "--format", "text", "--number", "7").stdout  # the option wins


# ───────────────── the month's annex (PHỤ LỤC 2) as LibreOffice prints it ─────────────────

MONTH_COLUMNS = {
    "vi": ("Thực hiện", "tháng trước", "Ước tính", "Cộng dồn", "Cùng kỳ", "So cùng", "So tháng", "% kế"),
    "en": ("Previous", "This month", "Year to", "Same", "vs same", "vs", "% of"),
}


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.skipif(any(missing for missing, _ in NEEDS), reason="; ".join(why for missing, why in NEEDS if missing))
def test_the_month_annex_is_a_landscape_page_and_no_number_wraps(run, ledger, tmp_path, monkeypatch, lang):
    monkeypatch.setenv("KEHOACH_TODAY", "2025-07-20")
    # made-up year-to-date totals: April to June 2025 and May, June 2024 for the three flows of the plan
    for ind, values in (("budget_revenue", ("6900", "8400", "10111.7", "7100", "8350.25")),
                        ("social_investment", ("33000", "41000", "52000", "38000", "45500")),
                        ("tourists", ("0.75", "0.95", "1.2", "0.8", "1.02"))):
        for value, period in zip(values, ("2025-04", "2025-05", "2025-06", "2024-05", "2024-06"), strict=True):
            assert run("record", ind, value, "-p", period, "--ledger", ledger).exit_code == 0
    pdf = pdf_of(docx(run, tmp_path, lang, "--ledger", ledger, "-p", "2025-06"), tmp_path)
    _pages, _words, texts = pdf_text(pdf)
    heading = {"vi": "PHỤ LỤC 2", "en": "ANNEX 2"}[lang]
    [n] = [i + 1 for i, t in enumerate(texts) if heading in t]
    assert page_is_landscape(pdf, n)
    page = texts[n - 1]
    for words in MONTH_COLUMNS[lang]:
        assert words in page, words
    # budget revenue: May's own 1.500 (8.400 − 6.900), June's own 1.711,7 (10.111,7 − 8.400), the year
    # to date, June 2024's own 1.250,25 (8.350,25 − 7.100); June is +36,91 % on June 2024 (461,45 ÷
    # 1.250,25), +14,11 % on May (211,7 ÷ 1.500) and 10,37 % of the 16.500 plan (1.711,7 ÷ 16.500)
    from kehoach.core.numbers import number_format

    nf = number_format(lang)
    expected = [nf.num(Decimal(x)) for x in ("1500", "1711.7", "10111.7", "1250.25")] + [
        "+" + nf.num(Decimal("36.91")), "+" + nf.num(Decimal("14.11")), nf.num(Decimal("10.37"))]
    name = {"vi": "Thu ngân sách nhà nước", "en": "State budget revenue"}[lang]
    [line] = [line for line in page.splitlines() if name in line]
    cells = line.split()
    assert all(cell in cells for cell in expected), (expected, line)  # each number whole, on the name's line
