"""The report as an A4 Word document in the usual style of a provincial report (python-docx).

Times New Roman 13 pt, margins of Decree 30/2020 (top and bottom 20 mm, left 30 mm, right 15 mm),
the issuing body and the national motto at the top, the indicator table with coloured verdicts.
"""

from __future__ import annotations

import io

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from kehoach.render.report import Report

FONT = "Times New Roman"
VERDICT_RGB = {
    "achieved": RGBColor(0x1B, 0x7F, 0x3B),
    "on_track": RGBColor(0x2E, 0x7D, 0x32),
    "at_risk": RGBColor(0xB2, 0x6A, 0x00),
    "off_track": RGBColor(0xC6, 0x28, 0x28),
}


def _font(style, size: float, bold: bool | None = None) -> None:
    style.font.name = FONT
    style.font.size = Pt(size)
    if bold is not None:
        style.font.bold = bold
    style.font.color.rgb = RGBColor(0, 0, 0)
    # Word picks the East Asian font separately; set it too so Vietnamese text stays in Times.
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.append(fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), FONT)


def _paragraph(doc, text: str, *, bold=False, italic=False, align=None, size=None, indent_first=True):
    p = doc.add_paragraph()
    run = p.add_run(text)
    run.bold, run.italic = bold, italic
    if size:
        run.font.size = Pt(size)
    if align is not None:
        p.alignment = align
    elif indent_first:
        p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        p.paragraph_format.first_line_indent = Mm(10)
    p.paragraph_format.space_after = Pt(6)
    return p


def render(r: Report) -> bytes:
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = section.bottom_margin = Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    _font(doc.styles["Normal"], 13)
    for name in ("Heading 1", "Heading 2", "Heading 3"):
        _font(doc.styles[name], 13, bold=True)
    _font(doc.styles["Table Grid"], 11)
    doc.core_properties.title = r.title
    doc.core_properties.language = r.lang

    head = doc.add_table(rows=1, cols=2)
    head.alignment = WD_TABLE_ALIGNMENT.CENTER
    left, right = head.rows[0].cells
    lp = left.paragraphs[0]
    lp.alignment = WD_ALIGN_PARAGRAPH.CENTER
    lp.add_run(r.issuer).bold = True
    if r.lang == "vi":
        rp = right.paragraphs[0]
        rp.alignment = WD_ALIGN_PARAGRAPH.CENTER
        rp.add_run("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM").bold = True
        motto = right.add_paragraph()
        motto.alignment = WD_ALIGN_PARAGRAPH.CENTER
        m = motto.add_run("Độc lập - Tự do - Hạnh phúc")
        m.bold, m.underline = True, True

    _paragraph(doc, r.title, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, size=14)
    _paragraph(doc, r.subtitle, italic=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    for s in r.sections:
        h = doc.add_heading(s.heading, level=min(s.level - 1, 3))
        if s.level == 3:
            for run in h.runs:
                run.italic = True
        for para in s.paragraphs:
            _paragraph(doc, para)
        for b in s.bullets:
            _paragraph(doc, "- " + b)
        if s.table is not None:
            _table(doc, s.table)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _table(doc, tb) -> None:
    t = doc.add_table(rows=1, cols=len(tb.headers))
    t.style = doc.styles["Table Grid"]
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(t.rows[0].cells, tb.headers):
        cell.text = ""
        run = cell.paragraphs[0].add_run(text)
        run.bold = True
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    widths = [Mm(9), Mm(55), Mm(18), Mm(17), Mm(19), Mm(13), Mm(17), Mm(17)]
    for row, status in zip(tb.rows, tb.statuses):
        cells = t.add_row().cells
        for i, (cell, text) in enumerate(zip(cells, row)):
            para = cell.paragraphs[0]
            run = para.add_run(text)
            if tb.numeric[i]:
                para.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            if i == len(row) - 1 and status in VERDICT_RGB:
                run.font.color.rgb = VERDICT_RGB[status]
                run.bold = True
    if len(widths) == len(tb.headers):
        for row in t.rows:
            for cell, w in zip(row.cells, widths):
                cell.width = w
