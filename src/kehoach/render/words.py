"""How the reports speak: targets, periods, verdicts and one sentence per indicator, in vi or en.

Plain strings only (no Rich): the status headline, `check`, the report in every format and the
terminal chart all take their words from here, so they tell the same story.
"""

from __future__ import annotations

from decimal import Decimal

from kehoach.core.numbers import format_number, round_to
from kehoach.core.periods import Period

DASH = "—"

MONTHS_EN = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip

# The verdict as a clause at the end of a sentence.
VERDICT_PHRASE = {
    "vi": {
        "achieved": "đã đạt kế hoạch năm",
        "on_track": "đúng tiến độ",
        "at_risk": "có nguy cơ không đạt kế hoạch",
        "off_track": "chậm so với tiến độ",
        "no_data": "chưa có số liệu",
        "no_target": "không có kế hoạch riêng",
    },
    "en": {
        "achieved": "the annual plan is achieved",
        "on_track": "on track",
        "at_risk": "at risk of missing the plan",
        "off_track": "behind schedule",
        "no_data": "no data yet",
        "no_target": "no target of its own",
    },
}

# What is still needed to meet the target, by direction.
REMAINING = {
    "vi": {"higher": "còn thiếu", "lower": "cần giảm thêm", "toward": "còn cách kế hoạch"},
    "en": {"higher": "short by", "lower": "needs to fall by another", "toward": "away from the plan by"},
}


def exceeded(p) -> bool:
    """Beyond the target, not only at it: "vượt" rather than "đạt"."""
    return p.status == "achieved" and p.percent_of_plan is not None and p.percent_of_plan > 100


def verdict_label(p, lang: str) -> str:
    """The verdict as the reports name it; an achieved target is "Vượt KH" or "Đạt KH"."""
    from kehoach.i18n import status_label

    if p.status == "achieved":
        if lang == "vi":
            return "Vượt KH" if exceeded(p) else "Đạt KH"
        return "Exceeded" if exceeded(p) else "Achieved"
    return status_label(lang, p.status)


FORM_PREFIX = {
    "vi": {"at_least": "tối thiểu ", "above": "trên ", "at_most": "tối đa ", "below": "dưới ", "about": "khoảng "},
    "en": {"at_least": "at least ", "above": "above ", "at_most": "at most ", "below": "below ", "about": "about "},
}
FORM_SYMBOL = {"at_least": "≥ ", "above": "> ", "at_most": "≤ ", "below": "< ", "about": "~ "}


def num(v: Decimal | None, locale: str, places: int | None = None) -> str:
    return DASH if v is None else format_number(v, locale, places)


def pct(v: Decimal | None, locale: str) -> str:
    """A percentage as the reports print it: one decimal (61,3)."""
    return DASH if v is None else format_number(round_to(v, 1), locale)


def approx(v: Decimal, locale: str) -> str:
    """An estimate, to one decimal at most: 104.000 (not 104.000,0), 22.668,3."""
    r = round_to(v, 1)
    return format_number(r.quantize(Decimal(1)) if r == r.to_integral_value() else r, locale)


def amount(v: Decimal, unit: str, lang: str, locale: str) -> str:
    """A difference in the indicator's unit; for a percentage, in percentage points."""
    if unit.strip() == "%":
        return f"{num(v, locale)} {'điểm phần trăm' if lang == 'vi' else 'percentage points'}"
    return with_unit(num(v, locale), unit)


def with_unit(value: str, unit: str) -> str:
    return f"{value}%" if unit.strip() == "%" else f"{value} {unit}"


def target_symbol(p, locale: str) -> str:
    """The target, short, for a table cell: 14, ≥ 37,5, < 1, ~ 3, 7,5–8."""
    if p.target is None:
        return DASH
    if p.target_form == "range" and p.target_high is not None:
        return f"{num(p.target, locale)}–{num(p.target_high, locale)}"
    return FORM_SYMBOL.get(p.target_form, "") + num(p.target, locale)


def target_words(p, lang: str, locale: str) -> str:
    """The target in words, with its unit: 'trên 14,0%', 'khoảng 3,0 triệu lượt', '7,5–8,0%'."""
    if p.target is None:
        return DASH
    unit = unit_of(p, lang)
    if p.target_form == "range" and p.target_high is not None:
        return with_unit(f"{num(p.target, locale)}–{num(p.target_high, locale)}", unit)
    return FORM_PREFIX[lang].get(p.target_form, "") + with_unit(num(p.target, locale), unit)


def unit_of(p, lang: str) -> str:
    return p.unit if lang == "vi" else p.unit_en


def name_of(p, lang: str) -> str:
    return p.name if lang == "vi" else p.name_en


def month_year(period: Period, lang: str) -> str:
    return f"tháng {period.month}/{period.year}" if lang == "vi" else f"{MONTHS_EN[period.month - 1]} {period.year}"


def months_so_far(period: Period, lang: str) -> str:
    """'6 tháng' / 'in the first 6 months'; January and the full year by name."""
    if lang == "vi":
        return "tháng 1" if period.month == 1 else "cả năm" if period.month == 12 else f"{period.month} tháng"
    if period.month == 1:
        return "in January"
    return "for the full year" if period.month == 12 else f"in the first {period.month} months"


def change_words(p, lang: str, locale: str) -> str | None:
    """'tăng 32,0% so với cùng kỳ' / 'up 0.2 percentage points year on year', or None."""
    if p.yoy_percent is not None:
        v, points = p.yoy_percent, False
    elif p.yoy_points is not None:
        v, points = p.yoy_points, True
    else:
        return None
    size = pct(abs(v), locale) if not points else num(abs(v), locale)
    if lang == "vi":
        if v == 0:
            return "bằng cùng kỳ năm trước"
        verb = "tăng" if v > 0 else "giảm"
        return f"{verb} {size} điểm phần trăm so với cùng kỳ" if points else f"{verb} {size}% so với cùng kỳ"
    if v == 0:
        return "level with the same period last year"
    verb = "up" if v > 0 else "down"
    return f"{verb} {size} percentage points year on year" if points else f"{verb} {size}% year on year"


def sentence(p, lang: str, locale: str, report_period: Period | None = None) -> str:
    """One indicator, as the province writes it:
    'Thu ngân sách nhà nước 6 tháng đạt 10.111,7 tỷ đồng, bằng 61,3% kế hoạch năm, tăng 32,0% so
    với cùng kỳ; …'."""
    name, unit = name_of(p, lang), unit_of(p, lang)
    vi = lang == "vi"
    if p.actual is None or p.period is None:
        plan = target_words(p, lang, locale)
        return f"{name}: {'chưa có số liệu' if vi else 'no data yet'} ({'kế hoạch' if vi else 'plan'} {plan})."
    actual = with_unit(num(p.actual, locale), unit)
    parts: list[str] = []
    if p.kind == "flow":
        head = f"{name} {months_so_far(p.period, lang)} {'đạt' if vi else 'reached'} {actual}"
        if p.percent_of_plan is not None:
            head += (
                f", bằng {pct(p.percent_of_plan, locale)}% kế hoạch năm"
                if vi
                else f", {pct(p.percent_of_plan, locale)}% of the annual plan"
            )
    else:
        if p.kind == "rate":  # a growth rate is year-to-date too: "GRDP 6 tháng đầu năm tăng 14,14%"
            when = f" {months_so_far(p.period, lang)}"
        elif report_period is not None and p.period != report_period:  # a level last read earlier
            when = f" ({month_year(p.period, lang)})"
        else:
            when = ""
        verb = ("còn" if p.direction == "lower" else "đạt") if vi else ("was" if p.kind == "rate" else "stood at")
        plan = ("kế hoạch năm" if vi else "annual plan") if p.kind == "rate" else ("kế hoạch" if vi else "plan")
        head = f"{name}{when} {verb} {actual} ({plan} {target_words(p, lang, locale)})"
    parts.append(head)
    change = change_words(p, lang, locale)
    if change:
        parts.append(change)
    text = ", ".join(parts)
    if p.projection is not None and p.period.month < 12:
        basis = (
            ("theo diễn biến cùng kỳ năm trước" if vi else "following last year's months")
            if p.expected_method == "last_year_profile"
            else ("theo nhịp độ hiện nay" if vi else "at the current pace")
        )
        proj = with_unit(approx(p.projection, locale), unit)
        if vi:
            text += f"; {basis}, cả năm ước đạt {proj}, bằng {pct(p.projection_percent, locale)}% kế hoạch"
        else:
            text += f"; {basis}, the full year would reach {proj}, {pct(p.projection_percent, locale)}% of the plan"
    if exceeded(p):
        text += " — " + ("đã vượt kế hoạch năm" if vi else "the annual plan is exceeded")
    else:
        text += f" — {VERDICT_PHRASE[lang].get(p.status, p.status)}"
    if p.needs_attention and p.remaining:
        text += f" ({REMAINING[lang][p.direction]} {amount(p.remaining, unit, lang, locale)})"
    return text + "."


def headline(result, lang: str) -> str:
    """'Tính đến tháng 6/2025: 3/18 chỉ tiêu đạt và vượt kế hoạch, …' — targets, then indicators."""
    t, s = result.targets, result.summary
    periods = [p.period for p in result.rows if p.period is not None]
    period = result.as_of or (max(periods) if periods else None)
    vi = lang == "vi"
    when = (f"Tính đến {month_year(period, lang)}: " if vi else f"As of {month_year(period, lang)}: ") if period else ""
    if vi:
        first = (
            f"{when}{t['achieved']}/{t['targets']} chỉ tiêu đạt và vượt kế hoạch, {t['on_track']} đúng tiến độ, "
            f"{t['at_risk']} có nguy cơ không đạt, {t['off_track']} chậm tiến độ, {t['no_data']} chưa có số liệu."
        )
        second = (
            f"Theo {s['indicators']} chỉ số: {s['achieved']} đạt/vượt, {s['on_track']} đúng tiến độ, "
            f"{s['at_risk']} có nguy cơ, {s['off_track']} chậm tiến độ, {s['no_data'] + s.get('no_target', 0)} chưa có số liệu."
        )
    else:
        first = (
            f"{when}{t['achieved']}/{t['targets']} targets achieved or exceeded, {t['on_track']} on track, "
            f"{t['at_risk']} at risk, {t['off_track']} off track, {t['no_data']} with no data."
        )
        second = (
            f"By indicator ({s['indicators']}): {s['achieved']} achieved, {s['on_track']} on track, "
            f"{s['at_risk']} at risk, {s['off_track']} off track, {s['no_data'] + s.get('no_target', 0)} with no data."
        )
    return f"{first} {second}"
