"""How the reports speak: targets, periods, verdicts and one sentence per indicator, in vi or en.

Plain strings only (no Rich): the status headline, `check`, the report in every format and the
terminal chart all take their words from here, so they tell the same story.
"""

from __future__ import annotations

from decimal import Decimal

from kehoach.core.numbers import NumberFormat, number_format, round_to
from kehoach.core.periods import Period
from kehoach.core.planview import is_percent_unit

DASH = "—"

# Characters that would act on a terminal or break a document instead of being seen: C0/C1 control
# codes (ESC starts a terminal sequence), line and paragraph separators, and the bidirectional
# overrides that reorder what is shown.
_INVISIBLE = {0x2028, 0x2029, *range(0x202A, 0x202F), *range(0x2066, 0x206A)}


def shown(text: str | None) -> str:
    """User text (notes, sources, names, offices) as typed, with every control character made
    visible as an escape: 'a\x1b[2Jb' is shown as 'a\\x1b[2Jb', never sent to the terminal."""
    if not text:
        return text or ""
    if text.isprintable():
        return text
    out = []
    for ch in text:
        code = ord(ch)
        if code < 0x20 or 0x7F <= code < 0xA0:
            out.append(f"\\x{code:02x}")
        elif code in _INVISIBLE:
            out.append(f"\\u{code:04x}")
        else:
            out.append(ch)
    return "".join(out)

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
        "missed": "không đạt kế hoạch năm",
    },
    "en": {
        "achieved": "the annual plan is achieved",
        "on_track": "on track",
        "at_risk": "at risk of missing the plan",
        "off_track": "behind schedule",
        "no_data": "no data yet",
        "no_target": "no target of its own",
        "missed": "the annual plan was missed",
    },
}

# What is still needed to meet the target, by direction.
REMAINING = {
    "vi": {"higher": "còn thiếu", "lower": "cần giảm thêm", "toward": "còn cách kế hoạch"},
    "en": {"higher": "short by", "lower": "needs to fall by another", "toward": "away from the plan by"},
}


def exceeded(p) -> bool:
    """Beyond the target, not only at it: "vượt" rather than "đạt" (from exact numbers)."""
    return p.status == "achieved" and bool(getattr(p, "exceeded", False))


def exact(p, key: str):
    """A figure unrounded when the row has it: sentences round once, from the exact value."""
    return (getattr(p, "exact", None) or {}).get(key, getattr(p, key))


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


# Every `locale` parameter below takes the session's NumberFormat (made once from the settings);
# a plain "vi" / "en" still works for older callers.
Numbers = NumberFormat | str


def num(v: Decimal | None, locale: Numbers, places: int | None = None) -> str:
    return number_format(locale).num(v, places)


def pct(v: Decimal | None, locale: Numbers) -> str:
    """A percentage as the reports print it: one decimal (61,3)."""
    return number_format(locale).pct(v)


def approx(v: Decimal, locale: Numbers) -> str:
    """An estimate, to one decimal at most: 104.000 (not 104.000,0), 22.668,3."""
    return number_format(locale).approx(v)


def amount(v: Decimal, unit: str, lang: str, locale: Numbers) -> str:
    """A difference in the indicator's unit; for a percentage, in percentage points."""
    if is_percent_unit(unit):
        return f"{num(v, locale)} {'điểm phần trăm' if lang == 'vi' else 'percentage points'}"
    return with_unit(num(v, locale), unit)


def with_unit(value: str, unit: str) -> str:
    """14,0% · 3,5% GRDP · 16.500 tỷ đồng."""
    return f"{value}{unit.strip()}" if is_percent_unit(unit) else f"{value} {unit}"


# A planned change as written: the verb from its sign, and for a fall the bound read the other way
# ("giảm ít nhất 1 điểm" is a change of at most −1).
CHANGE_FORM = {
    "vi": {
        "up": {"at_least": "từ ", "above": "trên ", "at_most": "tối đa ", "below": "dưới ", "about": "khoảng "},
        "down": {"at_least": "tối đa ", "above": "dưới ", "at_most": "ít nhất ", "below": "trên ", "about": "khoảng "},
    },
    "en": {
        "up": {"at_least": "at least ", "above": "more than ", "at_most": "at most ", "below": "less than ", "about": "about "},
        "down": {"at_least": "at most ", "above": "less than ", "at_most": "at least ", "below": "more than ", "about": "about "},
    },
}


def change_text(change: str, form: str, target: Decimal, high: Decimal | None, lang: str, locale: Numbers) -> str:
    """'tăng 12%', 'tăng từ 10%', 'tăng 8–10%', 'giảm 3 điểm %', 'giảm 1–1,5 điểm %'."""
    vi = lang == "vi"
    values = [target] if form != "range" or high is None else [target, high]
    down = all(v < 0 for v in values)
    verb = ("giảm" if down else "tăng") if vi else ("down" if down else "up")
    sizes = sorted(abs(v) for v in values)
    size = "–".join(num(v, locale) for v in sizes)
    bound = "" if form == "range" else CHANGE_FORM[lang]["down" if down else "up"].get(form, "")
    if change == "points":
        return f"{verb} {bound}{size} {'điểm %' if vi else 'percentage points'}"
    return f"{verb} {bound}{size}%"


def target_text(p, lang: str = "vi", locale: Numbers = "vi") -> str:
    """The target as the plan writes it: 'dưới 4,5%', '11,5–12,5%', 'tăng 12%', 'tăng từ 10%',
    'giảm 3 điểm %'. A plan's own `target_text` wins in Vietnamese."""
    own = getattr(p, "target_text", None)
    if own and lang == "vi":
        return own
    if p.target is None:
        return DASH
    change = getattr(p, "change", None)
    if change is not None:
        return change_text(change, p.target_form, p.target, p.target_high, lang, locale)
    unit = p.unit if lang == "vi" else (getattr(p, "unit_en", None) or p.unit)
    if p.target_form == "range" and p.target_high is not None:
        return with_unit(f"{num(p.target, locale)}–{num(p.target_high, locale)}", unit)
    return FORM_PREFIX[lang].get(p.target_form, "") + with_unit(num(p.target, locale), unit)


def target_line(p, ind, lang: str, locale: Numbers) -> str:
    """`show`'s target: as written, and for a change the base it is measured from and the level
    it asks for: 'tăng 12% (so với 20,65 theo kế hoạch → 23,128)'."""
    text = target_text(p if p is not None else ind, lang, locale)
    if p is None or getattr(p, "change", None) is None or p.baseline is None or p.reference is None:
        return text
    vi = lang == "vi"
    src = p.base_source or "plan"
    if src.startswith("ledger "):
        where = f"số chính thức {src[7:]} trong sổ" if vi else f"the official {src[7:]} value in the ledger"
    else:
        where = "số ước trong kế hoạch" if vi else "the plan's baseline"
    r = round_to(p.reference, 4)
    r = r.quantize(Decimal(1)) if r == r.to_integral_value() else r.normalize()
    base, ref = num(p.baseline, locale), num(r, locale)
    return f"{text} ({'so với' if vi else 'from'} {base}, {where} → {ref})"


def target_symbol(p, locale: Numbers) -> str:
    """The target, short, for a table cell: 14, ≥ 37,5, < 1, ~ 3, 7,5–8."""
    if p.target is None:
        return DASH
    if getattr(p, "change", None) is not None:
        words_lang = number_format(locale).locale
        return change_text(p.change, p.target_form, p.target, p.target_high, words_lang, locale)
    if p.target_form == "range" and p.target_high is not None:
        return f"{num(p.target, locale)}–{num(p.target_high, locale)}"
    return FORM_SYMBOL.get(p.target_form, "") + num(p.target, locale)


def target_words(p, lang: str, locale: Numbers) -> str:
    """The target in words, with its unit: 'trên 14,0%', 'khoảng 3,0 triệu lượt', '7,5–8,0%'."""
    if p.target is None:
        return DASH
    if getattr(p, "change", None) is not None or getattr(p, "target_text", None):
        return target_text(p, lang, locale)
    unit = unit_of(p, lang)
    if p.target_form == "range" and p.target_high is not None:
        return with_unit(f"{num(p.target, locale)}–{num(p.target_high, locale)}", unit)
    return FORM_PREFIX[lang].get(p.target_form, "") + with_unit(num(p.target, locale), unit)


def unit_of(p, lang: str) -> str:
    return shown(p.unit if lang == "vi" else p.unit_en)


def name_of(p, lang: str) -> str:
    return shown(p.name if lang == "vi" else p.name_en)


def month_year(period: Period, lang: str) -> str:
    return f"tháng {period.month}/{period.year}" if lang == "vi" else f"{MONTHS_EN[period.month - 1]} {period.year}"


def months_so_far(period: Period, lang: str) -> str:
    """'6 tháng' / 'in the first 6 months'; January and the full year by name."""
    if lang == "vi":
        return "tháng 1" if period.month == 1 else "cả năm" if period.month == 12 else f"{period.month} tháng"
    if period.month == 1:
        return "in January"
    return "for the full year" if period.month == 12 else f"in the first {period.month} months"


def change_words(p, lang: str, locale: Numbers) -> str | None:
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


def sentence(p, lang: str, locale: Numbers, report_period: Period | None = None) -> str:
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
            share = pct(exact(p, "percent_of_plan"), locale)
            head += f", bằng {share}% kế hoạch năm" if vi else f", {share}% of the annual plan"
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
        if getattr(p, "change", None) is not None and p.percent_of_plan is not None:
            made = pct(exact(p, "percent_of_plan"), locale)
            head += f", đạt {made}% mức thay đổi kế hoạch" if vi else f", {made}% of the planned change made"
    parts.append(head)
    change = change_words(p, lang, locale)
    if change:
        parts.append(change)
    text = ", ".join(parts)
    # A projection is a mid-year device: once the year is over the verdict is on the figures, and a
    # "full year would reach 122,6%" beside "missed" would contradict it (docs/method.md, Year end).
    year_over = getattr(p, "final", None) is False
    if p.projection is not None and p.period.month < 12 and not year_over:
        basis = (
            ("theo diễn biến cùng kỳ năm trước" if vi else "following last year's months")
            if p.expected_method == "last_year_profile"
            else ("theo nhịp độ hiện nay" if vi else "at the current pace")
        )
        proj = with_unit(approx(exact(p, "projection"), locale), unit)
        share = pct(exact(p, "projection_percent"), locale)
        if vi:
            text += f"; {basis}, cả năm ước đạt {proj}, bằng {share}% kế hoạch"
        else:
            text += f"; {basis}, the full year would reach {proj}, {share}% of the plan"
    if exceeded(p):
        text += " — " + ("đã vượt kế hoạch năm" if vi else "the annual plan is exceeded")
    else:
        text += f" — {VERDICT_PHRASE[lang].get(p.status, p.status)}"
    if p.needs_attention and p.remaining:
        text += f" ({REMAINING[lang][p.direction]} {amount(p.remaining, unit, lang, locale)})"
    elif p.needs_attention and p.remaining is None and p.target_form in ("below", "above"):
        # exactly on a strict bound: nothing "remains", yet the bound itself must be passed
        bound = target_words(p, lang, locale)
        text += f" (phải đạt {bound}, chưa vượt qua ngưỡng)" if vi else f" (must be {bound}; the bound itself is not met)"
    if p.status in ("achieved", "missed") and getattr(p, "final", None) is False:
        text += (
            f" (theo số liệu {month_year(p.period, lang)}, chưa có số cả năm)"
            if vi
            else f" (on the {month_year(p.period, lang)} figure; no full-year figure yet)"
        )
    if getattr(p, "falls_back", False):
        text += (
            "; lưu ý: số lũy kế thấp hơn một tháng trước trong năm, cần kiểm tra lại"
            if vi
            else "; note: the year-to-date total is below an earlier month's, check the figures"
        )
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
            f"{when}{t['achieved']}/{t['targets']} chỉ tiêu đạt và vượt kế hoạch, "
            + (f"{t['missed']} chỉ tiêu không đạt, " if t.get("missed") else "")
            + f"{t['on_track']} đúng tiến độ, "
            f"{t['at_risk']} có nguy cơ không đạt, {t['off_track']} chậm tiến độ, {t['no_data']} chưa có số liệu."
        )
        second = (
            f"Theo {s['indicators']} chỉ số: {s['achieved']} đạt/vượt, "
            + (f"{s['missed']} không đạt, " if s.get("missed") else "")
            + f"{s['on_track']} đúng tiến độ, "
            f"{s['at_risk']} có nguy cơ, {s['off_track']} chậm tiến độ, {s['no_data'] + s.get('no_target', 0)} chưa có số liệu."
        )
    else:
        first = (
            f"{when}{t['achieved']}/{t['targets']} targets achieved or exceeded, "
            + (f"{t['missed']} missed, " if t.get("missed") else "")
            + f"{t['on_track']} on track, "
            f"{t['at_risk']} at risk, {t['off_track']} off track, {t['no_data']} with no data."
        )
        second = (
            f"By indicator ({s['indicators']}): {s['achieved']} achieved, "
            + (f"{s['missed']} missed, " if s.get("missed") else "")
            + f"{s['on_track']} on track, "
            f"{s['at_risk']} at risk, {s['off_track']} off track, {s['no_data'] + s.get('no_target', 0)} with no data."
        )
    falling = [p.id for p in result.rows if getattr(p, "falls_back", False)]
    if falling:
        third = (
            f"Lưu ý: số lũy kế thấp hơn một tháng trước trong năm ({', '.join(falling)}), cần kiểm tra lại."
            if vi
            else f"Note: year-to-date totals below an earlier month's ({', '.join(falling)}): check the figures."
        )
        return f"{first} {second} {third}"
    return f"{first} {second}"
