"""The progress report as a document: sections of sentences, lists and one table.

`build` turns a status result into a Report; `markdown` and `text` write it here, `html` and
`docx` in their own modules. Every format therefore says the same thing in the same order.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from kehoach.core.numbers import NumberFormat, number_format
from kehoach.core.periods import Period
from kehoach.render import sentences

ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")


@dataclass
class Table:
    headers: list[str]
    rows: list[list[str]]
    statuses: list[str]  # one per row: the verdict, for colour
    numeric: list[bool]  # per column: right-aligned


@dataclass
class Section:
    heading: str
    level: int = 2
    paragraphs: list[str] = field(default_factory=list)
    bullets: list[str] = field(default_factory=list)
    table: Table | None = None
    group: str | None = None  # the plan group this section reports, for charts


@dataclass
class Report:
    lang: str
    title: str
    subtitle: str
    issuer: str
    period: Period | None
    sections: list[Section]
    rows: list  # the Progress rows, for charts
    appendix: Section | None = None  # how the figures are computed, after everything else
    numbers: NumberFormat = field(default_factory=NumberFormat)  # the session's number formatter


T: dict[str, dict[str, Any]] = {
    "vi": {
        "title": "BÁO CÁO TÌNH HÌNH THỰC HIỆN CÁC CHỈ TIÊU CHỦ YẾU KẾ HOẠCH PHÁT TRIỂN KINH TẾ - XÃ HỘI NĂM {year}",
        "subtitle": "{province} — số liệu {when}",
        "no_period": "chưa có kỳ báo cáo",
        "issuer": "UBND TỈNH {province}",
        "results": "KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU",
        "summary": "ĐÁNH GIÁ CHUNG",
        "attention": "CÁC CHỈ TIÊU CÓ NGUY CƠ KHÔNG ĐẠT KẾ HOẠCH",
        "attention_missed": "CÁC CHỈ TIÊU KHÔNG ĐẠT HOẶC CÓ NGUY CƠ KHÔNG ĐẠT KẾ HOẠCH",
        "none_attention": "Không có chỉ tiêu nào có nguy cơ không đạt hoặc chậm tiến độ.",
        "table": "BẢNG TỔNG HỢP CÁC CHỈ TIÊU",
        "target_n": "Chỉ tiêu ({n})",
        "cols": ["TT", "Chỉ tiêu", "ĐVT", "KH {year}", "Thực hiện", "% KH", "So cùng kỳ", "Đánh giá"],
        "no_data_note": "{n} chỉ số chưa có số liệu thực hiện đến kỳ báo cáo.",
        "method": "Phương pháp tính: % kế hoạch = thực hiện ÷ kế hoạch năm; tiến độ so với mức kỳ vọng đến kỳ báo cáo (xem Phụ lục).",
    },
    "en": {
        "title": "PROGRESS ON THE KEY TARGETS OF THE {year} SOCIO-ECONOMIC DEVELOPMENT PLAN",
        "subtitle": "{province} — figures for {when}",
        "no_period": "no reporting period yet",
        "issuer": "{province} PROVINCIAL PEOPLE'S COMMITTEE",
        "results": "RESULTS BY TARGET",
        "summary": "OVERALL ASSESSMENT",
        "attention": "TARGETS AT RISK OF BEING MISSED",
        "attention_missed": "TARGETS MISSED OR AT RISK OF BEING MISSED",
        "none_attention": "No indicator is at risk or behind schedule.",
        "table": "SUMMARY TABLE",
        "target_n": "Target ({n})",
        "cols": ["No.", "Indicator", "Unit", "Plan {year}", "Actual", "% of plan", "Year on year", "Verdict"],
        "no_data_note": "{n} indicator(s) have no actual figure up to the reporting period.",
        "method": "Method: % of plan = actual ÷ annual plan; progress is judged against the position expected by the period (see the Appendix).",
    },
}


# The method in the report's own language (docs/method.md is the full text, for us, not for the reader).
APPENDIX: dict[str, dict[str, Any]] = {
    "vi": {
        "heading": "PHỤ LỤC. PHƯƠNG PHÁP TÍNH VÀ ĐÁNH GIÁ",
        "paragraphs": [
            (
                "Số liệu thực hiện là số lũy kế từ đầu năm đến kỳ báo cáo. % kế hoạch = thực hiện ÷ kế hoạch năm"
                " × 100; với chỉ tiêu càng thấp càng tốt (như tỷ lệ hộ nghèo) = kế hoạch ÷ thực hiện × 100; với chỉ"
                " tiêu cơ cấu = mức đã chuyển dịch so với năm trước ÷ mức chuyển dịch kế hoạch × 100."
            ),
            (
                "Mức kỳ vọng đến kỳ báo cáo: chỉ tiêu lũy kế (thu, vốn, lượt khách…) bằng kế hoạch năm × số tháng"
                " ÷ 12, hoặc theo diễn biến các tháng năm trước khi có số liệu năm trước; chỉ tiêu tốc độ tăng bằng"
                " kế hoạch năm; chỉ tiêu mức, số lượng và cơ cấu tăng đều từ số năm trước đến kế hoạch năm (bằng"
                " kế hoạch năm khi không có số năm trước)."
            ),
            (
                "Đánh giá theo tỷ lệ thực hiện so với mức kỳ vọng: từ {on}% trở lên là đúng tiến độ, từ {risk}% đến"
                " dưới {on}% là có nguy cơ không đạt, dưới {risk}% là chậm tiến độ; chỉ tiêu cơ cấu không có số năm"
                " trước: cách kế hoạch không quá {p1} điểm phần trăm là đúng tiến độ, không quá {p2} là có nguy cơ;"
                " chỉ tiêu “khoảng” đạt khi cách kế hoạch không quá {about}%. Chỉ tiêu lũy kế và số lượng đạt kế"
                " hoạch ngay khi đạt"
                " mức kế hoạch năm; chỉ tiêu tốc độ, mức và cơ cấu chỉ được đánh giá đạt ở kỳ tháng 12. Chỉ tiêu"
                " có nhiều chỉ số đạt khi mọi chỉ số đều đạt; nếu không, lấy mức đánh giá thấp nhất."
            ),
            (
                "So cùng kỳ: chỉ tiêu tính bằng % so theo điểm phần trăm, chỉ tiêu khác theo % tăng, giảm so với"
                " cùng tháng năm trước. Tỷ lệ được làm tròn đến một chữ số thập phân."
            ),
        ],
    },
    "en": {
        "heading": "APPENDIX. HOW PROGRESS IS MEASURED",
        "paragraphs": [
            (
                "Actual figures are year-to-date, from January to the reporting period. % of plan = actual ÷"
                " annual plan × 100; where lower is better (such as the poverty rate), plan ÷ actual × 100; for"
                " structure shares, the shift from last year already made ÷ the planned shift × 100."
            ),
            (
                "Position expected by the period: for year-to-date totals (revenue, investment, visitors…), the"
                " annual plan × months elapsed ÷ 12, or along last year's months when last year's figures are"
                " recorded; for growth rates, the annual target itself; for levels, counts and shares, a straight"
                " line from last year's figure to the target (the target itself without last year's figure)."
            ),
            (
                "Verdict, from the actual against the expected position: {on}% or more is on track, {risk}% to"
                " below {on}% at risk, below {risk}% off track; a share with no figure for last year is on track"
                " within {p1} percentage point(s) of the target and at risk within {p2}; a target worded “about” is"
                " met within {about}% of it. Year-to-date totals and counts are achieved as soon as they reach the annual plan;"
                " rates, levels and shares only in December. A numbered target with several indicators is achieved"
                " when all of them are; otherwise it takes the worst verdict among them."
            ),
            (
                "Year on year: figures in % compare in percentage points, others as a % change from the same month"
                " a year earlier. Percentages are rounded to one decimal."
            ),
        ],
    },
}


def appendix(lang: str, thresholds, locale: NumberFormat | str) -> Section:
    """The method, short, with the plan's own thresholds, for a reader who has no docs/method.md."""
    a = APPENDIX[lang]
    values = {
        "on": sentences.num(thresholds.on_track, locale),
        "risk": sentences.num(thresholds.at_risk, locale),
        "p1": sentences.num(thresholds.share_on_track_points, locale),
        "p2": sentences.num(thresholds.share_at_risk_points, locale),
        "about": sentences.num(thresholds.about_tolerance, locale),
    }
    return Section(a["heading"], paragraphs=[p.format(**values) for p in a["paragraphs"]])


# Offices that disagree (a conflict): the report's section, and the lines status, check and history print.
CONFLICT_T: dict[str, dict[str, str]] = {
    "vi": {
        "heading": "SỐ LIỆU CÁC ĐƠN VỊ BÁO CÁO KHÁC NHAU",
        "intro": (
            "Các số liệu dưới đây được hai đơn vị trở lên báo cáo khác nhau cho cùng chỉ tiêu, kỳ và địa bàn,"
            " chưa có bản sửa nào xác định số đúng; báo cáo tạm dùng số ghi sau cùng."
        ),
        "line": "{name} ({id}), kỳ {period}{where}: {values}; đang dùng {used}",
        "entry": "{office}{value} {unit} (người ghi: {by}; mã {record_id})",
        "office": "{office} báo ",
        "settle": 'Để thống nhất, ghi số đúng bằng bản sửa: kehoach record {id} GIÁ_TRỊ --period {period}{area} --revise "LÝ DO"',
        "note": " (số liệu chưa thống nhất: {values})",
        "label": "Chưa thống nhất",
    },
    "en": {
        "heading": "FIGURES THAT OFFICES REPORT DIFFERENTLY",
        "intro": (
            "Two or more offices report the figures below differently for the same indicator, period and area,"
            " and no revision says which stands; the report uses the one recorded last until one does."
        ),
        "line": "{name} ({id}), {period}{where}: {values}; {used} is used",
        "entry": "{office}{value} {unit} (by {by}; record {record_id})",
        "office": "{office} reports ",
        "settle": 'To settle it, record the value that stands as a revision: kehoach record {id} VALUE --period {period}{area} --revise "REASON"',
        "note": " (offices disagree: {values})",
        "label": "Offices disagree",
    },
}


def conflict_values(entries: list[dict], unit: str, lang: str, locale: NumberFormat | str) -> str:
    """'huyen-a báo 1,2 triệu lượt (người ghi: A; mã r1); huyen-b báo 1,3 triệu lượt (…)'."""
    t = CONFLICT_T[lang]
    return "; ".join(
        t["entry"].format(
            office=t["office"].format(office=e["office"]) if e.get("office") else "",
            value=sentences.num(e["value"], locale),
            unit=unit,
            by=e["by"] or "—",
            record_id=e["record_id"],
        )
        for e in entries
    )


def conflict_line(plan, c, lang: str, locale: NumberFormat | str) -> str:
    """One conflict in a sentence: the indicator, period and area, each office's value, the one used."""
    t = CONFLICT_T[lang]
    _, ind = plan.find(c.indicator)
    unit = ind.unit if lang == "vi" else ind.unit_label_en
    return t["line"].format(
        name=ind.name if lang == "vi" else ind.name_en,
        id=c.indicator,
        period=c.period,
        where=f", {c.area}" if c.area else "",
        values=conflict_values(c.entries, unit, lang, locale),
        used=f"{sentences.num(c.in_force['value'], locale)} {unit}",
    )


def settle_hint(c, lang: str) -> str:
    area = f' --area "{c.area}"' if c.area else ""
    return CONFLICT_T[lang]["settle"].format(id=c.indicator, period=c.period, area=area)


def _when(period: Period | None, lang: str) -> str:
    """'6 tháng đầu năm 2025' / 'the first 6 months of 2025'."""
    if period is None:
        return T[lang]["no_period"]
    m, y = period.month, period.year
    if lang == "vi":
        return f"tháng 1/{y}" if m == 1 else f"cả năm {y}" if m == 12 else f"{m} tháng đầu năm {y}"
    return f"January {y}" if m == 1 else f"the full year {y}" if m == 12 else f"the first {m} months of {y}"


def _yoy_cell(p, locale: NumberFormat | str) -> str:
    if p.yoy_percent is not None:
        return ("+" if p.yoy_percent > 0 else "") + sentences.pct(p.yoy_percent, locale) + "%"
    if p.yoy_points is not None:
        return ("+" if p.yoy_points > 0 else "") + sentences.num(p.yoy_points, locale) + " pp"
    return sentences.DASH


def _brief(p, lang: str, numbers: NumberFormat) -> str:
    """One line for the list of targets at risk: the full sentence stands in section I already.
    'Khách du lịch: 1,2 triệu lượt (40,0% kế hoạch)'."""
    said = sentences.name_of(p, lang)
    if p.actual is None:
        return said
    said += ": " + sentences.with_unit(numbers.num(p.actual), sentences.unit_of(p, lang))
    if p.percent_of_plan is not None:
        said += f" ({numbers.pct(p.percent_of_plan)}% {'kế hoạch' if lang == 'vi' else 'of plan'})"
    return said


def build(plan, result, lang: str, locale: NumberFormat | str, period: Period | None) -> Report:
    locale = number_format(locale)
    t = T[lang]
    meta = plan.plan
    sections: list[Section] = []
    rows = result.rows
    for n, g in enumerate(plan.groups):
        group_rows = [p for p in rows if p.group == g.id]
        if not group_rows:
            continue
        name = sentences.shown(g.name if lang == "vi" else (g.name_en or g.name))
        sec = Section(f"{n + 1}. {name}", level=3, group=g.id)
        last = None
        for p in group_rows:
            prefix = f"({p.target_number}) " if p.target_number != last else ""
            last = p.target_number
            note = ""
            if p.conflict:
                values = conflict_values(p.conflict, sentences.unit_of(p, lang), lang, locale)
                note = CONFLICT_T[lang]["note"].format(values=values)
            sec.bullets.append(prefix + sentences.sentence(p, lang, locale, period) + note)
        sections.append(sec)
    results = Section(f"{ROMAN[0]}. {t['results']}")
    sections.insert(0, results)

    summary = Section(f"{ROMAN[1]}. {t['summary']}")
    summary.paragraphs.append(sentences.headline(result, lang))
    missing = result.summary["no_data"]
    if missing:
        summary.paragraphs.append(t["no_data_note"].format(n=missing))
    sections.append(summary)

    flagged = [p for p in rows if p.needs_attention]
    any_missed = any(p.status == "missed" for p in flagged)
    attention = Section(f"{ROMAN[2]}. {t['attention_missed' if any_missed else 'attention']}")
    order = ("missed", "off_track", "at_risk")
    flagged.sort(key=lambda p: (order.index(p.status), p.target_number))
    for p in flagged:
        label = t["target_n"].format(n=p.target_number)
        attention.bullets.append(f"{label} — {sentences.verdict_label(p, lang)}: {_brief(p, lang, locale)}")
    if not flagged:
        attention.paragraphs.append(t["none_attention"])
    sections.append(attention)

    conflicts = getattr(result, "conflicts", [])
    if conflicts:  # only when offices disagree: the next sections' numbers move up by one
        ct = CONFLICT_T[lang]
        disagree = Section(f"{ROMAN[3]}. {ct['heading']}", paragraphs=[ct["intro"]])
        disagree.bullets = [f"{conflict_line(plan, c, lang, locale)}. {settle_hint(c, lang)}." for c in conflicts]
        sections.append(disagree)

    table = Section(f"{ROMAN[3 + bool(conflicts)]}. {t['table']}")
    headers = [c.format(year=meta.year) for c in t["cols"]]
    trows, statuses = [], []
    last = None
    for p in rows:
        number = str(p.target_number) if p.target_number != last else ""
        last = p.target_number
        pop = sentences.pct(p.percent_of_plan, locale)
        trows.append(
            [
                number,
                sentences.name_of(p, lang),
                sentences.unit_of(p, lang),
                sentences.target_symbol(p, locale),
                sentences.num(p.actual, locale),
                pop,
                _yoy_cell(p, locale),
                sentences.verdict_label(p, lang),
            ]
        )
        statuses.append(p.status)
    table.table = Table(headers, trows, statuses, [True, False, False, True, True, True, True, False])
    table.paragraphs.append(t["method"])
    sections.append(table)

    province = sentences.shown(meta.province)
    return Report(
        lang=lang,
        title=t["title"].format(year=meta.year),
        subtitle=t["subtitle"].format(province=province, when=_when(period, lang)),
        issuer=t["issuer"].format(province=province.upper()),
        period=period,
        sections=sections,
        rows=rows,
        appendix=appendix(lang, meta.thresholds, locale),
        numbers=locale,
    )


def _md_cell(text: str) -> str:
    return text.replace("|", "\\|")


def all_sections(r: Report) -> list[Section]:
    """The sections, then the appendix: the order in which every format shows them."""
    return [*r.sections, *([r.appendix] if r.appendix is not None else [])]


def markdown(r: Report) -> str:
    from kehoach.render import brief

    # The brief first, one line each (a hard line break: two spaces), for who reads only the top.
    out = [f"{line}  " for line in brief.lines(r)] + ["", f"# {r.title}", "", f"*{r.subtitle}*", ""]
    for s in all_sections(r):
        out += [f"{'#' * s.level} {s.heading}", ""]
        for para in s.paragraphs:
            out += [para, ""]
        if s.bullets:
            out += [f"- {b}" for b in s.bullets] + [""]
        if s.table is not None:
            tb = s.table
            out.append("| " + " | ".join(_md_cell(h) for h in tb.headers) + " |")
            out.append("|" + "|".join("---:" if n else "---" for n in tb.numeric) + "|")
            out += ["| " + " | ".join(_md_cell(c) for c in row) + " |" for row in tb.rows]
            out.append("")
    return "\n".join(out).rstrip() + "\n"


def _wrap(text: str, width: int, indent: str = "", first: str = "") -> list[str]:
    import textwrap

    return textwrap.wrap(text, width=width, initial_indent=first or indent, subsequent_indent=indent, break_on_hyphens=False) or [
        ""
    ]


def text(r: Report, width: int = 100) -> str:
    """Plain text for a terminal, an e-mail or a printer: wrapped, the table in aligned columns."""
    out = [*_wrap(r.title, width), r.subtitle, ""]
    for s in all_sections(r):
        if s.level == 2:
            out += [s.heading, "=" * min(len(s.heading), width), ""]
        else:
            out += [s.heading, ""]
        for para in s.paragraphs:
            out += [*_wrap(para, width), ""]
        for b in s.bullets:
            out += _wrap(b, width, indent="  ", first="• ")
        if s.bullets:
            out.append("")
        if s.table is not None:
            out += [*_text_table(s.table, width), ""]
    while out and out[-1] == "":
        out.pop()
    return "\n".join(line.rstrip() for line in out) + "\n"


def _text_table(tb: Table, width: int) -> list[str]:
    """Aligned columns; the indicator name takes the room left and wraps, long units wrap at 12."""
    widths = [max(len(h), *(len(row[i]) for row in tb.rows)) if tb.rows else len(h) for i, h in enumerate(tb.headers)]
    name_col, unit_col = 1, 2
    widths[unit_col] = min(widths[unit_col], 12)
    others = sum(w for i, w in enumerate(widths) if i != name_col) + 2 * (len(widths) - 1)
    widths[name_col] = max(16, min(widths[name_col], width - others))

    def line(cells: list[str]) -> list[str]:
        wrapped = [_wrap(c, widths[i]) if i in (name_col, unit_col) else [c] for i, c in enumerate(cells)]
        height = max(len(w) for w in wrapped)
        lines = []
        for k in range(height):
            parts = []
            for i, w in enumerate(wrapped):
                cell = w[k] if k < len(w) else ""
                parts.append(cell.rjust(widths[i]) if tb.numeric[i] else cell.ljust(widths[i]))
            lines.append("  ".join(parts))
        return lines

    out = line(tb.headers)
    out.append("  ".join("-" * w for w in widths))
    for row in tb.rows:
        out += line(row)
    return out
