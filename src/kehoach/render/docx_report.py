"""The report as an A4 Word document laid out as Decree 30/2020/NĐ-CP asks of an administrative report.

Times New Roman everywhere (body 13 pt, the table 10 pt), set in the document defaults and in every
style with its East Asian and complex-script slots too, and with the theme fonts removed, so that
neither Word nor LibreOffice falls back to a sans face; margins of the decree (top and bottom 20 mm,
left 30 mm, right 15 mm) and 6 pt between paragraphs; the frame: issuing body (bold, with its rule)
over "Số: …", the national motto (its rule) over the place and date in italics, "BÁO CÁO" and the
trích yếu with a short rule; the body; "Nơi nhận" beside the signature block; then the table as a
Phụ lục in a section of its own (landscape when its columns need the width), its header row repeated
on every page, each verdict with its printed symbol, colour, weight and shade (render/look.py);
page numbers centred at the top from page 2 on (and an area's name on every page). File › Properties
give the report's title, its issuer and the time it was made. `tests/cli/test_docx_report.py`
converts it with LibreOffice and checks the pages, the fonts and the text.
"""

from __future__ import annotations

import io
import math
import re
from collections.abc import Sequence
from itertools import pairwise
from typing import Any

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.section import Section as DocxSection
from docx.shared import Mm, Pt, RGBColor
from docx.table import Table as DocxTable
from docx.table import _Cell, _Row
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from kehoach.i18n import N_, NP_, translator
from kehoach.render.look import VERDICT_LOOK, look, rgb_bytes
from kehoach.render.report import BLANK, Report, Section, Table, closing_lines
from kehoach.render.sentences import say

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
# The annex: TT, name, unit, last year, plan, estimate, vs plan, vs last year, verdict.
ANNEX_MM = (8, 60, 16, 15, 17, 17, 13, 16, 27)
# The month's annex (always landscape): TT, name, unit, previous month, this month, year to date,
# same month last year, vs last year, vs previous month, % of the annual plan.
MONTHLY_MM = (8, 60, 16, 20, 20, 20, 20, 18, 18, 16)
# What changed since a previous publication: TT, name, period, latest, previous, difference, note.
CHANGES_MM = (8, 42, 15, 29, 27, 14, 30)
COLUMNS = {len(COLUMNS_MM): COLUMNS_MM, len(ANNEX_MM): ANNEX_MM, len(MONTHLY_MM): MONTHLY_MM, len(CHANGES_MM): CHANGES_MM}
NAME_COLUMN = 1
NAME_MIN_MM = 40
NAME_WANT_MM = 55  # below this on a portrait page, the annex turns landscape
NAME_MAX_MM = 95
CELL_MARGIN_MM = 1
# Advance widths of Times New Roman (and of Liberation Serif, its metric twin), in 1/1000 em, for
# the characters of numbers; other characters are counted wide (lowercase 500, capitals 667).
ADVANCE = {
    **dict.fromkeys("0123456789", 500), ".": 250, ",": 250, "-": 333, "+": 564, "%": 833, " ": 250,
    "–": 500, "—": 1000, "/": 278, "(": 333, ")": 333, ":": 278, "*": 500, "≥": 549, "≤": 549,
    "<": 564, ">": 564, "~": 541, "ᵈ": 400, "ᵍ": 400, "\u00a0": 250,
}
HEAD_MM = (62, TEXT_W - 62)  # issuing body | national motto
CLOSING_MM = (72, TEXT_W - 72)  # recipients | signature
# The motto, written in English in the code and in Vietnamese in the catalogue (N_ marks it).
MOTTO = (N_("SOCIALIST REPUBLIC OF VIET NAM"), N_("Independence - Freedom - Happiness"))
ISSUER_PT = 12.5  # the decree: 12 to 13
NOTE_PT = 11
SPACE_PT = 6  # between paragraphs: the decree asks at least 6 pt
SIGN_ROOM_PT = 60  # room for the signature and the seal
# The language tag of the document and of its spelling (the catalogue gives each language its own).
LANG_TAG = NP_("the language tag of a document", "en-GB")
THEME_ATTRS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")


def _set_fonts(rpr: Any) -> None:
    """Times in all four font slots of a run-properties element, and no theme font to override it."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in THEME_ATTRS:
        fonts.attrib.pop(qn(attr), None)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), FONT)


def _style(style: Any, size: float, *, bold: bool = False, italic: bool = False) -> None:
    style.font.name = FONT
    style.font.size = Pt(size)
    style.font.bold = bold
    style.font.italic = italic
    style.font.color.rgb = RGBColor(0, 0, 0)
    _set_fonts(style.element.get_or_add_rPr())
    pf = style.paragraph_format
    pf.line_spacing_rule = WD_LINE_SPACING.SINGLE
    pf.space_before = Pt(0)
    pf.space_after = Pt(SPACE_PT)


def _fonts_everywhere(doc: DocxDocument, lang: str) -> None:
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
                    tag.set(qn("w:val"), translator(lang).word(LANG_TAG))
    for fonts in styles.iter(qn("w:rFonts")):
        for attr in THEME_ATTRS:
            fonts.attrib.pop(qn(attr), None)
        for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
            fonts.set(qn(attr), FONT)


def _run(p: Paragraph, text: str, *, bold: bool = False, italic: bool = False, underline: bool = False,
         size: float | None = None) -> Run:
    run = p.add_run(text)
    run.bold, run.italic, run.underline = bold or None, italic or None, underline or None
    if size is not None:
        run.font.size = Pt(size)
    return run


def _rule(cell: _Cell, width_mm: float, cell_mm: float) -> None:
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


def _no_borders(table: DocxTable) -> None:
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        e = OxmlElement(f"w:{edge}")
        e.set(qn("w:val"), "nil")
        borders.append(e)
    tbl_pr.append(borders)


def _fixed_widths(table: DocxTable, widths_mm: Sequence[float]) -> None:
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


def _cell_margins(table: DocxTable, mm: float) -> None:
    mar = OxmlElement("w:tblCellMar")
    for edge in ("left", "right"):
        e = OxmlElement(f"w:{edge}")
        e.set(qn("w:w"), str(int(Mm(mm).twips)))
        e.set(qn("w:type"), "dxa")
        mar.append(e)
    table._tbl.tblPr.append(mar)


def _row_flags(row: _Row, *, header: bool = False) -> None:
    """A row never splits across pages; the header row repeats at the top of each page."""
    tr_pr = row._tr.get_or_add_trPr()
    tr_pr.append(OxmlElement("w:cantSplit"))
    if header:
        tr_pr.append(OxmlElement("w:tblHeader"))


def _page_number(section: DocxSection, area: str | None = None) -> None:
    """Page numbers centred at the top margin, none on the first page (Decree 30, art. on page numbers);
    an area's report names its area under the number on every page, the first one too."""
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
    if area:
        for header in (section.header, section.first_page_header):
            line = header.add_paragraph() if header is section.header else header.paragraphs[0]
            line.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            line.paragraph_format.first_line_indent = Mm(0)
            line.paragraph_format.space_after = Pt(0)
            _run(line, area, italic=True, size=NOTE_PT)


def _paragraph(doc: DocxDocument, text: str, *, bold: bool = False, italic: bool = False,
               align: WD_ALIGN_PARAGRAPH | None = None, size: float | None = None) -> Paragraph:
    p = doc.add_paragraph()
    _run(p, text, bold=bold, italic=italic, size=size)
    if align is not None:
        p.alignment = align
    else:
        p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        p.paragraph_format.first_line_indent = Mm(INDENT)
    return p


def _heading(doc: DocxDocument, text: str, level: int) -> Paragraph:
    """'I. KẾT QUẢ …' bold; '1. Về kinh tế' bold italic; indented like the body, kept with what follows."""
    p = doc.add_paragraph(style=doc.styles["Heading 1" if level <= 2 else "Heading 2"])
    _run(p, text)
    return p


def _cell_lines(cell: _Cell, lines: list[str], *, size: float, bold: bool | list[bool] | None = None,
               italic: bool = False, align: WD_ALIGN_PARAGRAPH = WD_ALIGN_PARAGRAPH.CENTER) -> None:
    """Lines of a frame cell, one paragraph each; `bold` is one flag per line (or for all)."""
    flags = bold if isinstance(bold, list) else [bool(bold)] * len(lines)
    for i, (line, b) in enumerate(zip(lines, flags, strict=True)):
        p = cell.paragraphs[0] if i == 0 and not cell.paragraphs[0].text and not cell.paragraphs[0].runs else cell.add_paragraph()
        p.alignment = align
        pf = p.paragraph_format
        pf.first_line_indent = Mm(0)
        pf.space_after = Pt(0)
        pf.keep_with_next = True
        _run(p, line, bold=b, italic=italic, size=size)


def _frame(doc: DocxDocument, r: Report) -> None:
    """The decree's head: issuing body, its rule and the number on the left; the motto, its rule
    and the place and date (italic) on the right."""
    head = doc.add_table(rows=1, cols=2)
    head.alignment = WD_TABLE_ALIGNMENT.CENTER
    _no_borders(head)
    _cell_margins(head, 0)
    _fixed_widths(head, HEAD_MM)
    _row_flags(head.rows[0])
    left, right = head.rows[0].cells
    issuer = r.issuer_lines or [BLANK]
    # "UBND TỈNH …" over a department: the body above in plain capitals, the issuer bold; the
    # decree's two-line form of a People's Committee ("ỦY BAN NHÂN DÂN" / "TỈNH …") all bold
    over = len(issuer) >= 2 and issuer[0].upper().startswith("UBND")
    _cell_lines(left, issuer, size=ISSUER_PT, bold=[not (over and i == 0) for i in range(len(issuer))])
    _rule(left, 22, HEAD_MM[0])
    _cell_lines(left, [r.number], size=BODY_PT)
    _cell_lines(right, [say(r.lang, MOTTO[0])], size=ISSUER_PT, bold=True)
    _cell_lines(right, [say(r.lang, MOTTO[1])], size=BODY_PT, bold=True)
    _rule(right, 58, HEAD_MM[1])
    _cell_lines(right, [r.place_date], size=BODY_PT, italic=True)
    for cell in (left, right):
        cell.paragraphs[-1].paragraph_format.keep_with_next = False


def _short_rule(doc: DocxDocument, width_mm: float) -> None:
    """The line under the trích yếu, a third of the text width, centred."""
    p = doc.add_paragraph()
    side = Mm((TEXT_W - width_mm) / 2)
    pf = p.paragraph_format
    pf.left_indent = pf.right_indent = side
    pf.first_line_indent = Mm(0)
    pf.space_after = Pt(SPACE_PT)
    pf.line_spacing = Pt(4)
    _bottom_border(p)


def _bottom_border(p: Paragraph) -> None:
    border = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for k, v in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(k), v)
    border.append(bottom)
    p._p.get_or_add_pPr().append(border)


def _closing(doc: DocxDocument, r: Report) -> None:
    """'Nơi nhận:' on the left (bold italic 12 pt, the list 11 pt), the signature on the right: the
    authority lines bold, room to sign, the name bold (or a dotted blank to fill); on one page."""
    recipients, signature = closing_lines(r)
    t = doc.add_table(rows=1, cols=2)
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    _no_borders(t)
    _cell_margins(t, 0)
    _fixed_widths(t, CLOSING_MM)
    _row_flags(t.rows[0])
    left, right = t.rows[0].cells
    first = left.paragraphs[0]
    first.paragraph_format.space_before = Pt(SPACE_PT)
    _run(first, recipients[0], bold=True, italic=True, size=12)
    _cell_lines(left, recipients[1:], size=11, align=WD_ALIGN_PARAGRAPH.LEFT)
    _cell_lines(right, signature[:-1], size=BODY_PT, bold=True)
    right.paragraphs[0].paragraph_format.space_before = Pt(SPACE_PT)
    room = right.add_paragraph()
    room.paragraph_format.space_after = Pt(0)
    room.paragraph_format.line_spacing = Pt(SIGN_ROOM_PT)
    _cell_lines(right, [signature[-1]], size=BODY_PT, bold=True)


def _annex(doc: DocxDocument, r: Report, annex: Section, *, landscape: bool | None = None, note: bool = True) -> None:
    """A table as an annex on its own pages: landscape when its columns need more than a portrait
    line (or when `landscape` says so), headed 'PHỤ LỤC', its title and '(Kèm theo Báo cáo số …)';
    the method's note after it when `note`."""
    tb = annex.table
    if landscape is None:
        landscape = tb is not None and needs_landscape(tb)
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    section.different_first_page_header_footer = False  # the page number goes on on every page
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(PAGE_H), Mm(PAGE_W)
    width = (PAGE_H if landscape else PAGE_W) - LEFT - RIGHT
    lines = annex.annex_lines or [annex.heading]
    for i, line in enumerate(lines):
        p = _paragraph(doc, line, bold=i < 2, italic=i >= 2, align=WD_ALIGN_PARAGRAPH.CENTER, size=BODY_PT)
        p.paragraph_format.keep_with_next = True
        p.paragraph_format.space_after = Pt(SPACE_PT if i == len(lines) - 1 else 0)
    if tb is not None:
        _table(doc, tb, width)
    if note and r.appendix is not None:  # the method, as a short note after the table
        said = _paragraph(doc, r.appendix.heading, bold=True, align=WD_ALIGN_PARAGRAPH.LEFT, size=NOTE_PT)
        said.paragraph_format.space_before = Pt(SPACE_PT)
        said.paragraph_format.keep_with_next = True
        for para in r.appendix.paragraphs:
            _paragraph(doc, para, size=NOTE_PT)


def _properties(doc: DocxDocument, r: Report) -> None:
    """File › Properties: the report's title, its issuer as author, made now; nothing of the
    template's ("python-docx", 2013)."""
    from datetime import UTC, datetime

    now = datetime.now(UTC).replace(microsecond=0)
    cp = doc.core_properties
    cp.title = f"{r.title} {r.subtitle}"
    cp.subject = r.subtitle
    cp.author = cp.last_modified_by = " ".join(r.issuer_lines) or "kehoach"
    cp.comments = ""
    cp.keywords = ""
    cp.category = r.title
    cp.created = cp.modified = now
    cp.revision = 1
    cp.language = translator(r.lang).word(LANG_TAG)
    for part in doc.part.package.iter_parts():
        if str(part.partname) == "/docProps/app.xml":
            part._blob = re.sub(rb"<Application>[^<]*</Application>", b"<Application>kehoach</Application>", part.blob)


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
        style.paragraph_format.space_before = Pt(SPACE_PT)
        style.paragraph_format.first_line_indent = Mm(INDENT)
        style.paragraph_format.keep_with_next = True
    for name in ("Header", "Table Grid"):
        _style(doc.styles[name], BODY_PT if name == "Header" else TABLE_PT)
    doc.styles["Header"].paragraph_format.space_after = Pt(0)
    # The cells' own paragraph style, so that even the paragraph mark is table-sized: a 13 pt mark
    # after a full cell pushed LibreOffice to an empty second line in the row.
    cell_style = doc.styles.add_style(CELL_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    cell_style.base_style = doc.styles["Normal"]
    _style(cell_style, TABLE_PT)
    cell_style.paragraph_format.space_after = Pt(1)
    cell_style.paragraph_format.space_before = Pt(0)
    _properties(doc, r)
    _page_number(section, r.area)

    _frame(doc, r)
    kind = _paragraph(doc, r.title, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, size=14)
    kind.paragraph_format.space_before = Pt(12)
    kind.paragraph_format.space_after = Pt(0)
    kind.paragraph_format.keep_with_next = True
    about = _paragraph(doc, r.subtitle, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, size=14)
    about.paragraph_format.space_after = Pt(0)
    about.paragraph_format.keep_with_next = True
    _short_rule(doc, 50)
    body = r.body
    for n, s in enumerate(body):
        _heading(doc, s.heading, s.level)
        written = [_paragraph(doc, para) for para in s.paragraphs]
        if s.blank:
            written.append(_paragraph(doc, s.blank, italic=True))
        written += [_paragraph(doc, "- " + b) for b in s.bullets]
        if s.table is not None:
            _table(doc, s.table, TEXT_W)
        elif n == len(body) - 1:  # the last section goes with the signature: never a signature alone on a page
            for p in written:
                p.paragraph_format.keep_with_next = True
    _closing(doc, r)
    annex = r.annex
    if annex is not None:
        _annex(doc, r, annex, note=r.monthly is None)
    if r.monthly is not None:  # the month's table: ten columns, always on a landscape page; the note last
        _annex(doc, r, r.monthly, landscape=True)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _shade(cell: _Cell, rgb: str) -> None:
    shd = OxmlElement("w:shd")
    for k, v in (("w:val", "clear"), ("w:color", "auto"), ("w:fill", rgb.lstrip("#").upper())):
        shd.set(qn(k), v)
    cell._tc.get_or_add_tcPr().append(shd)


def _table(doc: DocxDocument, tb: Table, width: float = TEXT_W) -> None:
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
            if i == last and tb.verdict_last and status in VERDICT_LOOK:  # symbol (in the text), colour, weight, shade
                v = look(status)
                run.font.color.rgb = RGBColor(*rgb_bytes(status))
                run.bold = v.bold or None
                if v.shade:
                    _shade(cell, v.shade)
    _fixed_widths(t, column_widths(tb, width))
    _merge_numbers(t, [row[0] for row in tb.rows])


def text_mm(text: str, pt: float = TABLE_PT, *, bold: bool = False) -> float:
    """How wide `text` is set in Times New Roman at `pt` points, in mm (a little generous)."""
    em = sum(ADVANCE.get(ch, 667 if ch.isupper() else 500) for ch in text) / 1000
    return em * pt * (1.05 if bold else 1.0) * 25.4 / 72


def _needed(tb: Table) -> list[float]:
    """Each column's longest unbreakable word (header bold), in mm with the cell margins."""

    def need(i: int) -> float:
        words = [(w, True) for w in _breaks(tb.headers[i])] + [(w, False) for row in tb.rows for w in _breaks(row[i])]
        widest = max((text_mm(w, bold=bold) for w, bold in words), default=0.0)
        return math.ceil((widest + 2 * CELL_MARGIN_MM + 0.5) * 2) / 2  # to the half mm, with some to spare

    return [need(i) for i in range(len(tb.headers))]


def needs_landscape(tb: Table) -> bool:
    """A table whose columns leave the indicator name less than its minimum on a portrait line."""
    defaults = COLUMNS.get(len(tb.headers))
    if defaults is None:
        return False
    others = sum(max(d, w) for i, (d, w) in enumerate(zip(defaults, _needed(tb), strict=True)) if i != NAME_COLUMN)
    return TEXT_W - others < NAME_WANT_MM


def column_widths(tb: Table, width: float = TEXT_W) -> tuple[float, ...]:
    """Fixed widths (mm) that fit `width` and hold each column's longest word whole: numbers never
    wrap. The room comes from the name column, which wraps between words."""
    n = len(tb.headers)
    defaults = COLUMNS.get(n)
    if defaults is None:
        return (width / n,) * n
    needed = _needed(tb)
    widths = [max(d, w) for d, w in zip(defaults, needed, strict=True)]
    others = sum(w for i, w in enumerate(widths) if i != NAME_COLUMN)
    if width - others < NAME_MIN_MM:  # give back what the defaults add beyond the need
        widths = [w if i == NAME_COLUMN else needed[i] for i, w in enumerate(widths)]
        others = sum(w for i, w in enumerate(widths) if i != NAME_COLUMN)
    if width - others > NAME_MAX_MM:  # a wide page: the numbers get the room the name does not need
        spare = width - others - NAME_MAX_MM
        grow = [i for i in range(n) if i not in (0, NAME_COLUMN)]
        for i in grow:
            widths[i] += spare / len(grow)
        others = sum(w for i, w in enumerate(widths) if i != NAME_COLUMN)
    # 0.1 mm to spare: each width is rounded to whole twips in the file, and the sum must fit
    widths[NAME_COLUMN] = round(width - others - 0.1, 2)
    return tuple(widths)


def _breaks(text: str) -> list[str]:
    """The pieces a line may break between: words, and after a slash ("giường/" "10.000")."""
    return re.findall(r"[^ \t\n/]+/?|/", text)  # a no-break space (U+00A0) holds its words together


def _merge_numbers(t: DocxTable, numbers: list[str]) -> None:
    """One 'TT' cell for all the indicators of a numbered target, as the province's tables draw it."""
    starts = [i for i, n in enumerate(numbers) if n] + [len(numbers)]
    for top, end in pairwise(starts):
        if end - top > 1:  # rows top..end-1 (row 0 of the table is the header)
            t.cell(top + 1, 0).merge(t.cell(end, 0))


def _cell_text(cell: _Cell, text: str, *, bold: bool = False, align: WD_ALIGN_PARAGRAPH | None = None) -> Run:
    p = cell.paragraphs[0]
    p.style = CELL_STYLE
    if align is not None:
        p.alignment = align
    return _run(p, text, bold=bold)
