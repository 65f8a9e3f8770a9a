"""The progress report as a document: sections of sentences, lists and one table.

`build` turns a status result into a Report; `markdown` and `text` write it here, `html` and
`docx` in their own modules. Every format therefore says the same thing in the same order.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from kehoach.core.periods import Period
from kehoach.render import words

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
        "method": "Phương pháp tính: % kế hoạch = thực hiện ÷ kế hoạch năm; tiến độ so với mức kỳ vọng đến kỳ báo cáo (docs/method.md).",
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
        "method": "Method: % of plan = actual ÷ annual plan; progress is judged against the position expected by the period (docs/method.md).",
    },
}


def _when(period: Period | None, lang: str) -> str:
    """'6 tháng đầu năm 2025' / 'the first 6 months of 2025'."""
    if period is None:
        return T[lang]["no_period"]
    m, y = period.month, period.year
    if lang == "vi":
        return f"tháng 1/{y}" if m == 1 else f"cả năm {y}" if m == 12 else f"{m} tháng đầu năm {y}"
    return f"January {y}" if m == 1 else f"the full year {y}" if m == 12 else f"the first {m} months of {y}"


def _yoy_cell(p, locale: str) -> str:
    if p.yoy_percent is not None:
        return ("+" if p.yoy_percent > 0 else "") + words.pct(p.yoy_percent, locale) + "%"
    if p.yoy_points is not None:
        return ("+" if p.yoy_points > 0 else "") + words.num(p.yoy_points, locale) + " pp"
    return words.DASH


def build(plan, result, lang: str, locale: str, period: Period | None) -> Report:
    t = T[lang]
    meta = plan.plan
    sections: list[Section] = []
    rows = result.rows
    for n, g in enumerate(plan.groups):
        group_rows = [p for p in rows if p.group == g.id]
        if not group_rows:
            continue
        name = g.name if lang == "vi" else (g.name_en or g.name)
        sec = Section(f"{n + 1}. {name}", level=3, group=g.id)
        last = None
        for p in group_rows:
            prefix = f"({p.target_number}) " if p.target_number != last else ""
            last = p.target_number
            sec.bullets.append(prefix + words.sentence(p, lang, locale, period))
        sections.append(sec)
    results = Section(f"{ROMAN[0]}. {t['results']}")
    sections.insert(0, results)

    summary = Section(f"{ROMAN[1]}. {t['summary']}")
    summary.paragraphs.append(words.headline(result, lang))
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
        attention.bullets.append(f"{label} — {words.verdict_label(p, lang)}: {words.sentence(p, lang, locale, period)}")
    if not flagged:
        attention.paragraphs.append(t["none_attention"])
    sections.append(attention)

    table = Section(f"{ROMAN[3]}. {t['table']}")
    headers = [c.format(year=meta.year) for c in t["cols"]]
    trows, statuses = [], []
    last = None
    for p in rows:
        number = str(p.target_number) if p.target_number != last else ""
        last = p.target_number
        pop = words.pct(p.percent_of_plan, locale)
        trows.append(
            [
                number,
                words.name_of(p, lang),
                words.unit_of(p, lang),
                words.target_symbol(p, locale),
                words.num(p.actual, locale),
                pop,
                _yoy_cell(p, locale),
                words.verdict_label(p, lang),
            ]
        )
        statuses.append(p.status)
    table.table = Table(headers, trows, statuses, [True, False, False, True, True, True, True, False])
    table.paragraphs.append(t["method"])
    sections.append(table)

    province = meta.province
    return Report(
        lang=lang,
        title=t["title"].format(year=meta.year),
        subtitle=t["subtitle"].format(province=province, when=_when(period, lang)),
        issuer=t["issuer"].format(province=province.upper()),
        period=period,
        sections=sections,
        rows=rows,
    )


def _md_cell(text: str) -> str:
    return text.replace("|", "\\|")


def markdown(r: Report) -> str:
    out = [f"# {r.title}", "", f"*{r.subtitle}*", ""]
    for s in r.sections:
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
    for s in r.sections:
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
            out += _text_table(s.table, width) + [""]
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
