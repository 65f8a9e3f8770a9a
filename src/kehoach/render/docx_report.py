"""The report as an A4 Word document laid out as Decree 30/2020/NĐ-CP asks of an administrative report.

Times New Roman everywhere (body 13 pt, the table 11 pt), set in the document defaults and in every
style with its East Asian and complex-script slots too, and with the theme fonts removed, so that
neither Word nor LibreOffice falls back to a sans face; margins of the decree (top and bottom 20 mm,
left 30 mm, right 15 mm); the issuing body and the national motto at the top, each motto line on one
line; page numbers centred at the top from page 2 on; the summary table with fixed column widths
that fit the page and its header row repeated on every page. `tests/cli/test_docx_report.py` converts
it with LibreOffice and checks the page count, the fonts and the XML.
"""

from __future__ import annotations

import io
import math
import re
from itertools import pairwise

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from kehoach.render.look import VERDICT_LOOK, rgb_bytes
from kehoach.render.report import Report, all_sections

FONT = "Times New Roman"
BODY_PT = 13  # the decree: 13 to 14
TABLE_PT = 10
CELL_STYLE = "Table Text"
PAGE_W, PAGE_H = 210, 297  # A4, mm
TOP, BOTTOM, LEFT, RIGHT = 20, 20, 30, 15
TEXT_W = PAGE_W - LEFT - RIGHT  # 165 mm
INDENT = 10  # first-line indent, mm (the decree: 1 to 1.27 cm)
# TT, name, unit, plan, actual, % of plan, year on year, verdict: 165 mm in all. These are the
# narrowest each column is drawn; a column whose longest number (or word) needs more gets it, from
# the name column, so that "-1.400,0" never wraps inside "% KH" (see column_widths).
COLUMNS_MM = (8, 61, 15, 14, 17, 12, 14, 24)
NAME_COLUMN = 1
NAME_MIN_MM = 40
CELL_MARGIN_MM = 1
# Advance widths of Times New Roman (and of Liberation Serif, its metric twin), in 1/1000 em, for
# the characters of numbers; other characters are counted wide (lowercase 500, capitals 667).
ADVANCE = {
    **dict.fromkeys("0123456789", 500), ".": 250, ",": 250, "-": 333, "+": 564, "%": 833, " ": 250,
    "–": 500, "—": 1000, "/": 278, "(": 333, ")": 333, ":": 278, "*": 500, "≥": 549, "≤": 549,
    "<": 564, ">": 564, "~": 541, "ᵈ": 400, "ᵍ": 400,
}
HEAD_MM = (62, TEXT_W - 62)  # issuing body | national motto
MOTTO = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")
LANG_TAG = {"vi": "vi-VN", "en": "en-GB"}
THEME_ATTRS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")


def _set_fonts(rpr) -> None:
    """Times in all four font slots of a run-properties element, and no theme font to override it."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in THEME_ATTRS:
        fonts.attrib.pop(qn(attr), None)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), FONT)


def _style(style, size: float, *, bold: bool = False, italic: bool = False) -> None:
    style.font.name = FONT
    style.font.size = Pt(size)
    style.font.bold = bold
    style.font.italic = italic
    style.font.color.rgb = RGBColor(0, 0, 0)
    _set_fonts(style.element.get_or_add_rPr())
    pf = style.paragraph_format
    pf.line_spacing_rule = WD_LINE_SPACING.SINGLE
    pf.space_before = Pt(0)
    pf.space_after = Pt(3)  # 3 pt between paragraphs: the whole report on six A4 pages


def _fonts_everywhere(doc, lang: str) -> None:
    """Times for the document defaults and every style of the template (headings used theme fonts)."""
    styles = doc.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is not None:
        rpr_default = defaults.find(qn("w:rPrDefault"))
        if rpr_default is not None:
            rpr = rpr_default.find(qn("w:rPr"))
            if rpr is not None:
                _set_fonts(rpr)
                tag = rpr.find(qn("w:lang"))
                if tag is not None:  # spelling and hyphenation in the report's language
                    tag.set(qn("w:val"), LANG_TAG[lang])
    for fonts in styles.iter(qn("w:rFonts")):
        for attr in THEME_ATTRS:
            fonts.attrib.pop(qn(attr), None)
        for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
            fonts.set(qn(attr), FONT)


def _run(p, text: str, *, bold=False, italic=False, underline=False, size: float | None = None):
    run = p.add_run(text)
    run.bold, run.italic, run.underline = bold or None, italic or None, underline or None
    if size is not None:
        run.font.size = Pt(size)
    return run


def _centred(container, text: str, *, size: float, bold=False, italic=False, underline=False, first=False):
    p = container.paragraphs[0] if first else container.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.first_line_indent = Mm(0)
    p.paragraph_format.space_after = Pt(0)
    _run(p, text, bold=bold, italic=italic, underline=underline, size=size)
    return p


def _rule(cell, width_mm: float, cell_mm: float) -> None:
    """A short solid line centred under the issuing body, as the decree draws it."""
    p = cell.add_paragraph()
    side = Mm((cell_mm - width_mm) / 2)
    pf = p.paragraph_format
    pf.left_indent = pf.right_indent = side
    pf.first_line_indent = Mm(0)
    pf.space_after = Pt(0)
    pf.line_spacing = Pt(4)
    border = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for k, v in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(k), v)
    border.append(bottom)
    p._p.get_or_add_pPr().append(border)


def _no_borders(table) -> None:
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        e = OxmlElement(f"w:{edge}")
        e.set(qn("w:val"), "nil")
        borders.append(e)
    tbl_pr.append(borders)


def _fixed_widths(table, widths_mm) -> None:
    """Fixed layout, the grid and every cell in mm: what LibreOffice reads (it ignores autofit)."""
    table.autofit = False
    tbl_pr = table._tbl.tblPr
    tbl_w = tbl_pr.find(qn("w:tblW"))
    if tbl_w is None:
        tbl_w = OxmlElement("w:tblW")
        tbl_pr.append(tbl_w)
    tbl_w.set(qn("w:type"), "dxa")
    tbl_w.set(qn("w:w"), str(int(Mm(sum(widths_mm)).twips)))
    for col, w in zip(table.columns, widths_mm, strict=True):
        col.width = Mm(w)
    for row in table.rows:
        for cell, w in zip(row.cells, widths_mm, strict=True):
            cell.width = Mm(w)


def _cell_margins(table, mm: float) -> None:
    mar = OxmlElement("w:tblCellMar")
    for edge in ("left", "right"):
        e = OxmlElement(f"w:{edge}")
        e.set(qn("w:w"), str(int(Mm(mm).twips)))
        e.set(qn("w:type"), "dxa")
        mar.append(e)
    table._tbl.tblPr.append(mar)


def _row_flags(row, *, header: bool = False) -> None:
    """A row never splits across pages; the header row repeats at the top of each page."""
    tr_pr = row._tr.get_or_add_trPr()
    tr_pr.append(OxmlElement("w:cantSplit"))
    if header:
        tr_pr.append(OxmlElement("w:tblHeader"))


def _page_number(section) -> None:
    """Page numbers centred at the top margin, none on the first page (Decree 30, art. on page numbers)."""
    section.different_first_page_header_footer = True
    section.header_distance = Mm(10)
    p = section.header.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.first_line_indent = Mm(0)
    p.paragraph_format.space_after = Pt(0)
    run = p.add_run()
    begin, instr, sep, end = (OxmlElement("w:fldChar"), OxmlElement("w:instrText"), OxmlElement("w:fldChar"), OxmlElement("w:fldChar"))
    begin.set(qn("w:fldCharType"), "begin")
    instr.set(qn("xml:space"), "preserve")
    instr.text = " PAGE "
    sep.set(qn("w:fldCharType"), "separate")
    end.set(qn("w:fldCharType"), "end")
    run._r.append(begin)
    run._r.append(instr)
    run._r.append(sep)
    shown = OxmlElement("w:t")
    shown.text = "2"
    run._r.append(shown)
    run._r.append(end)


def _paragraph(doc, text: str, *, bold=False, italic=False, align=None, size=None):
    p = doc.add_paragraph()
    _run(p, text, bold=bold, italic=italic, size=size)
    if align is not None:
        p.alignment = align
    else:
        p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        p.paragraph_format.first_line_indent = Mm(INDENT)
    return p


def _heading(doc, text: str, level: int):
    """'I. KẾT QUẢ …' bold; '1. Về kinh tế' bold italic; indented like the body, kept with what follows."""
    p = doc.add_paragraph(style=doc.styles["Heading 1" if level <= 2 else "Heading 2"])
    _run(p, text)
    return p


def _title_lines(r: Report) -> list[str]:
    """'BÁO CÁO' on its own line, then what it is about in ordinary case, as the decree sets a title."""
    kind = "BÁO CÁO "
    if r.lang == "vi" and r.title.startswith(kind) and r.title.isupper():
        about = r.title[len(kind) :]
        return [kind.strip(), about[0] + about[1:].lower()]
    return [r.title]


def render(r: Report) -> bytes:
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(PAGE_W), Mm(PAGE_H)
    section.top_margin, section.bottom_margin = Mm(TOP), Mm(BOTTOM)
    section.left_margin, section.right_margin = Mm(LEFT), Mm(RIGHT)
    _fonts_everywhere(doc, r.lang)
    _style(doc.styles["Normal"], BODY_PT)
    for name, italic in (("Heading 1", False), ("Heading 2", True)):
        style = doc.styles[name]
        _style(style, BODY_PT, bold=True, italic=italic)
        style.paragraph_format.space_before = Pt(6)
        style.paragraph_format.first_line_indent = Mm(INDENT)
        style.paragraph_format.keep_with_next = True
    for name in ("Header", "Table Grid"):
        _style(doc.styles[name], BODY_PT if name == "Header" else TABLE_PT)
    # The cells' own paragraph style, so that even the paragraph mark is table-sized: a 13 pt mark
    # after a full cell pushed LibreOffice to an empty second line in the row.
    cell_style = doc.styles.add_style(CELL_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    cell_style.base_style = doc.styles["Normal"]
    _style(cell_style, TABLE_PT)
    cell_style.paragraph_format.space_after = Pt(1)
    cell_style.paragraph_format.space_before = Pt(0)
    doc.core_properties.title = r.title
    doc.core_properties.language = LANG_TAG[r.lang]
    _page_number(section)

    head = doc.add_table(rows=1, cols=2)
    head.alignment = WD_TABLE_ALIGNMENT.CENTER
    _no_borders(head)
    _cell_margins(head, 0)
    _fixed_widths(head, HEAD_MM)
    left, right = head.rows[0].cells
    _centred(left, r.issuer, size=12, bold=True, first=True)
    _rule(left, 22, HEAD_MM[0])
    if r.lang == "vi":
        _centred(right, MOTTO[0], size=12, bold=True, first=True)
        _centred(right, MOTTO[1], size=13, bold=True, underline=True)
    else:
        right.paragraphs[0].paragraph_format.space_after = Pt(0)

    for i, line in enumerate(_title_lines(r)):
        title = _paragraph(doc, line, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, size=14)
        title.paragraph_format.space_before = Pt(12 if i == 0 else 0)
        title.paragraph_format.space_after = Pt(0)
        title.paragraph_format.keep_with_next = True
    sub = _paragraph(doc, r.subtitle, italic=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    sub.paragraph_format.space_after = Pt(12)
    for s in all_sections(r):
        _heading(doc, s.heading, s.level)
        for para in s.paragraphs:
            p = _paragraph(doc, para)
            p.paragraph_format.keep_with_next = s.table is not None and not s.bullets
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
    _cell_margins(t, 1)
    header = t.rows[0]
    _row_flags(header, header=True)
    for cell, text in zip(header.cells, tb.headers, strict=True):
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        _cell_text(cell, text, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    last = len(tb.headers) - 1
    for row, status in zip(tb.rows, tb.statuses, strict=True):
        tr = t.add_row()
        _row_flags(tr)
        for i, (cell, text) in enumerate(zip(tr.cells, row, strict=True)):
            align = WD_ALIGN_PARAGRAPH.RIGHT if tb.numeric[i] else None
            if i == 0:
                align = WD_ALIGN_PARAGRAPH.CENTER
            run = _cell_text(cell, text, align=align)
            if i == last and status in VERDICT_LOOK:
                run.font.color.rgb = RGBColor(*rgb_bytes(status))
                run.bold = True
    _fixed_widths(t, column_widths(tb))
    _merge_numbers(t, [row[0] for row in tb.rows])


def text_mm(text: str, pt: float = TABLE_PT, *, bold: bool = False) -> float:
    """How wide `text` is set in Times New Roman at `pt` points, in mm (a little generous)."""
    em = sum(ADVANCE.get(ch, 667 if ch.isupper() else 500) for ch in text) / 1000
    return em * pt * (1.05 if bold else 1.0) * 25.4 / 72


def column_widths(tb) -> tuple[float, ...]:
    """Fixed widths (mm) that fit the page and hold each column's longest word whole: numbers never
    wrap. The room comes from the name column, which wraps between words."""
    n = len(tb.headers)
    if n != len(COLUMNS_MM):
        return (TEXT_W / n,) * n

    def need(i: int) -> float:
        words = [(w, True) for w in _breaks(tb.headers[i])] + [(w, False) for row in tb.rows for w in _breaks(row[i])]
        widest = max((text_mm(w, bold=bold) for w, bold in words), default=0.0)
        return math.ceil((widest + 2 * CELL_MARGIN_MM + 0.5) * 2) / 2  # to the half mm, with some to spare

    needed = [need(i) for i in range(n)]
    widths = [max(d, w) for d, w in zip(COLUMNS_MM, needed, strict=True)]
    others = sum(w for i, w in enumerate(widths) if i != NAME_COLUMN)
    if TEXT_W - others < NAME_MIN_MM:  # give back what the defaults add beyond the need
        widths = [w if i == NAME_COLUMN else needed[i] for i, w in enumerate(widths)]
        others = sum(w for i, w in enumerate(widths) if i != NAME_COLUMN)
    # 0.1 mm to spare: each width is rounded to whole twips in the file, and the sum must fit
    widths[NAME_COLUMN] = round(TEXT_W - others - 0.1, 2)
    return tuple(widths)


def _breaks(text: str) -> list[str]:
    """The pieces a line may break between: words, and after a slash ("giường/" "10.000")."""
    return re.findall(r"[^\s/]+/?|/", text)


def _merge_numbers(t, numbers: list[str]) -> None:
    """One 'TT' cell for all the indicators of a numbered target, as the province's tables draw it."""
    starts = [i for i, n in enumerate(numbers) if n] + [len(numbers)]
    for top, end in pairwise(starts):
        if end - top > 1:  # rows top..end-1 (row 0 of the table is the header)
            t.cell(top + 1, 0).merge(t.cell(end, 0))


def _cell_text(cell, text: str, *, bold=False, align=None):
    p = cell.paragraphs[0]
    p.style = CELL_STYLE
    if align is not None:
        p.alignment = align
    return _run(p, text, bold=bold)
