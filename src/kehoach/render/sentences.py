"""How the reports speak: targets, periods, verdicts and one sentence per indicator, in vi or en.

Plain strings only (no Rich): the status headline, `check`, the report in every format and the
terminal chart all take their words from here, so they tell the same story.
"""

from __future__ import annotations

import functools
from decimal import Decimal

from kehoach.core.numbers import NumberFormat, number_format, round_to
from kehoach.core.periods import Period
from kehoach.core.planview import is_percent_unit
from kehoach.i18n import N_

DASH = "—"


def say(lang: str, message: str) -> str:
    """A catalogue message (marked with N_ where it is written) in the report's language, which may
    differ from the language of the session's messages."""
    if lang == "en":  # the code's own text is English
        return message
    return _catalogue(lang).gettext(message)


@functools.cache
def _catalogue(lang: str):
    import gettext

    from kehoach.i18n import DOMAIN, locale_dir

    return gettext.translation(DOMAIN, locale_dir(), languages=[lang], fallback=True)

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


def lower_first(text: str) -> str:
    """A clause inside a sentence starts in lower case ("thu ngân sách …"), unless its first word is
    an abbreviation or a name ("GRDP", "CPI", "KCN")."""
    if len(text) > 1 and text[0].isupper() and text[1].islower():
        return text[0].lower() + text[1:]
    return text


def unit_for(value: Decimal | None, unit: str, lang: str) -> str:
    """English counts agree with their number: "1 district", "2 districts"."""
    if lang == "en" and value is not None and abs(value) == 1 and unit.endswith("s") and " " not in unit.strip():
        return unit[:-1]
    return unit


def rough(v: Decimal, locale: Numbers) -> str:
    """A projection, without false precision: three significant digits from the thousands up
    (366.545,5 → 367.000; 22.668,3 → 22.700), else one decimal at most (2,4)."""
    if abs(v) >= 1000:
        digits = len(str(int(abs(v))))
        step = Decimal(10) ** (digits - 3)
        return num((v / step).quantize(Decimal(1), rounding="ROUND_HALF_UP") * step, locale, 0)
    return approx(v, locale)


def change_words(p, lang: str, locale: Numbers) -> str | None:
    """'tăng 32,0% so với cùng kỳ' / 'up 0.2 percentage points year on year', or None. In
    December the same period a year earlier is the whole baseline year: 'so với năm 2024'."""
    if p.yoy_percent is not None:
        v, points = p.yoy_percent, False
    elif p.yoy_points is not None:
        v, points = p.yoy_points, True
    else:
        return None
    size = pct(abs(v), locale)  # one decimal, points too: never "-3,00" beside "37,5"
    year_end = p.period is not None and p.period.month == 12
    if lang == "vi":
        against = f"so với năm {p.period.year - 1}" if year_end else "so với cùng kỳ"
        if v == 0:
            return f"bằng năm {p.period.year - 1}" if year_end else "bằng cùng kỳ năm trước"
        verb = "tăng" if v > 0 else "giảm"
        return f"{verb} {size} điểm % {against}" if points else f"{verb} {size}% {against}"
    against = f"on {p.period.year - 1}" if year_end else "year on year"
    if v == 0:
        return f"level with {p.period.year - 1}" if year_end else "level with the same period last year"
    verb = "up" if v > 0 else "down"
    return f"{verb} {size} percentage points {against}" if points else f"{verb} {size}% {against}"


def _change_from_base(p, lang: str, locale: Numbers, baseline_year: int | None) -> str | None:
    """How far a target stated as a change has moved from its base: 'giảm 1,5 điểm % so với năm
    2024', 'tăng 11,4% so với năm 2024'."""
    if p.baseline is None or p.actual is None or not p.baseline:
        return None
    if p.change == "points":
        moved = p.actual - p.baseline
        size = say(lang, N_("{value} percentage points")).format(value=pct(abs(moved), locale))
    else:
        moved = (p.actual - p.baseline) / p.baseline * 100
        size = f"{pct(abs(moved), locale)}%"
    if baseline_year is None:
        said = N_("down {size} on the year before") if moved < 0 else N_("up {size} on the year before")
        return say(lang, said).format(size=size)
    said = N_("down {size} on {year}") if moved < 0 else N_("up {size} on {year}")
    return say(lang, said).format(size=size, year=baseline_year)


def shortfall(p, lang: str, locale: Numbers) -> str | None:
    """What is still needed, for an indicator that needs attention: 'còn thiếu 1,8 triệu lượt';
    to a strict bound, more than that ('còn thiếu hơn 31.000 tỷ đồng'); exactly on a strict bound,
    that the bound itself is not met ('mới bằng mức trần, chưa đạt')."""
    if not p.needs_attention:
        return None
    unit = unit_of(p, lang)
    strict = p.target_form in ("below", "above")
    if p.remaining:
        size = amount(p.remaining, unit_for(p.remaining, unit, lang), lang, locale)
        if strict:  # a strict bound must be passed: more than the gap is needed
            size = say(lang, N_("more than {amount}")).format(amount=size)
        return f"{REMAINING[lang][p.direction]} {size}"
    if p.remaining is None and strict:  # a ceiling reached is not a reassurance: it is not met
        if p.target_form == "below":
            return say(lang, N_("only at the ceiling itself: not met"))
        return say(lang, N_("only at the floor itself: not met"))
    return None


def _beyond_range(p, lang: str, locale: Numbers) -> str | None:
    """A value past the far end of a range, measured from that end: 12,6 against 11,5–12,5 is
    0,1 above it (not 1,1 above the lower end)."""
    if p.target_form != "range" or p.target_high is None or p.actual is None or getattr(p, "change", None):
        return None
    low, high = min(p.target, p.target_high), max(p.target, p.target_high)
    unit = unit_of(p, lang)
    if p.actual > high:
        return say(lang, N_("{amount} above the upper end")).format(amount=amount(p.actual - high, unit, lang, locale))
    if p.actual < low:
        return say(lang, N_("{amount} below the lower end")).format(amount=amount(low - p.actual, unit, lang, locale))
    return None


def clause(p, lang: str, locale: Numbers, report_period: Period | None = None, baseline_year: int | None = None,
           *, full: bool = False) -> str:
    """One indicator as a clause of the report's prose (see `_clause`)."""
    return _clause(p, lang, locale, report_period, baseline_year, full=full)[0]


_STAGE_ASIDE = {
    "estimate": N_("on the estimate"),
    "preliminary": N_("on the preliminary figure"),
    "official": N_("on the official figure"),
}


def _clause(p, lang: str, locale: Numbers, report_period: Period | None = None, baseline_year: int | None = None,
            *, full: bool = False) -> tuple[str, str | None]:
    """One indicator as a clause of the report's prose, no verdict, no final full stop:
    'Thu ngân sách nhà nước 6 tháng đạt 10.111,7 tỷ đồng, bằng 61,3% kế hoạch năm, tăng 32,0% so với
    cùng kỳ'. Every remark in one parenthesis (never two side by side); `full` adds what is still
    needed, as `check` and `chart` say it: in that parenthesis, or, when there is none, handed back
    for after the verdict ("— chậm so với tiến độ (còn thiếu 1,8 triệu lượt)")."""
    name, unit = name_of(p, lang), unit_of(p, lang)
    vi = lang == "vi"
    if p.actual is None or p.period is None:
        plan = target_words(p, lang, locale)
        return f"{name}: {'chưa có số liệu' if vi else 'no data yet'} ({'kế hoạch' if vi else 'plan'} {plan})", None
    actual = with_unit(num(p.actual, locale), unit_for(p.actual, unit, lang))
    change = getattr(p, "change", None)
    aside: list[str] = []
    if p.kind == "flow":
        head = f"{name} {months_so_far(p.period, lang)} {'đạt' if vi else 'reached'} {actual}"
        if p.percent_of_plan is not None:
            share = pct(exact(p, "percent_of_plan"), locale)
            head += f", bằng {share}% kế hoạch năm" if vi else f", {share}% of the annual plan"
        if change is not None and p.reference is not None:  # the target as stated, and the level it means
            level = with_unit(rough(p.reference, locale) if abs(p.reference) >= 1000 else num(round_to(p.reference, 2), locale), unit)
            stated = target_text(p, lang, locale)
            aside.append(say(lang, N_("plan {target}, that is {level}")).format(target=stated, level=level))
    else:
        if p.kind == "rate":  # a growth rate is year-to-date too: "GRDP 6 tháng đầu năm tăng 14,14%"
            when = f" {months_so_far(p.period, lang)}"
            if getattr(p, "frequency", "monthly") == "quarterly" and p.period.month == 3:
                when = " quý I" if vi else " in the first quarter"  # published by quarter: never "3 tháng"
        elif report_period is not None and p.period != report_period and getattr(p, "final", None) is not False:
            when = f" ({month_year(p.period, lang)})"  # a level last read earlier (once the year is over, the aside says it)
        else:
            when = ""
        if vi:
            if p.kind == "rate":  # CPI rises: "tăng", or "ở mức" after a name that says "tốc độ tăng"
                verb = "đạt" if p.direction != "lower" else ("ở mức" if "tăng" in name.lower() else "tăng")
            else:
                verb = "còn" if p.direction == "lower" else "đạt"
        else:
            verb = "was" if p.kind == "rate" else "stood at"
        head = f"{name}{when} {verb} {actual}"
        if change is not None and p.percent_of_plan is not None:
            moved = _change_from_base(p, lang, locale, baseline_year)
            made = pct(exact(p, "percent_of_plan"), locale)
            stated = target_text(p, lang, locale)
            if moved:
                head += f", {moved}"
            head += say(lang, N_(", {percent}% of the planned change ({target})")).format(percent=made, target=stated)
        else:
            plan = ("kế hoạch năm" if vi else "annual plan") if p.kind == "rate" else ("kế hoạch" if vi else "plan")
            aside.append(f"{plan} {target_words(p, lang, locale)}")
    for o in getattr(p, "other_targets", None) or []:
        label = shown((o.spec.label if vi else (o.spec.label_en or o.spec.label)) or "")
        if p.kind == "flow" and o.percent_of_plan is not None:  # "…, bằng 117,6% dự toán Trung ương giao"
            head += say(lang, N_(", {percent}% of the {label}")).format(
                percent=pct(o.percent_of_plan, locale), label=label)
        elif o.status not in (None, "no_data"):  # a rate is not "% of plan": the other target and its verdict
            target = shown(o.spec.text) if o.spec.text else with_unit(num(o.spec.target, locale), unit)
            aside.append(f"{label} {target}: {verdict_label(o, lang).lower()}")
    if getattr(p, "amended_from", None) is not None:  # "kế hoạch điều chỉnh (Nghị quyết 226/NQ-CP …)"
        aside.append(say(lang, N_("amended plan from {month}: {source}; first set at {original}")).format(
            month=month_year(p.amended_from, lang), source=shown(p.amendment_source or "—"),
            original=with_unit(num(p.original_target, locale), unit) if p.original_target is not None else "—"))
    if getattr(p, "expected_basis", None) == "scenario":
        aside.append(say(lang, N_("judged against the growth scenario for the period")))
    stage = _STAGE_ASIDE.get(getattr(p, "stage", None) or "")
    if stage:  # which stage the figure (and so the verdict) rests on: "theo số ước tính" (issue 18)
        aside.append(say(lang, stage))
    beyond = _beyond_range(p, lang, locale)
    if beyond:
        aside.append(beyond)
    if p.status in ("achieved", "missed") and getattr(p, "final", None) is False:
        aside.append(
            f"theo số liệu {month_year(p.period, lang)}, chưa có số cả năm"
            if vi
            else f"on the {month_year(p.period, lang)} figure; no full-year figure yet"
        )
    leftover = shortfall(p, lang, locale) if full else None
    if leftover and aside:
        aside.append(leftover)
        leftover = None
    text = head + (f" ({'; '.join(aside)})" if aside else "")
    yoy = change_words(p, lang, locale)
    if yoy is None and change is not None and p.kind == "flow" and p.period.month == 12:
        yoy = _change_from_base(p, lang, locale, baseline_year)  # the year against its base
    if yoy:
        text += f", {yoy}"
    # A projection is a mid-year device: once the year is over the verdict is on the figures, and a
    # "full year would reach 122,6%" beside "missed" would contradict it (docs/method.md, Year end).
    year_over = getattr(p, "final", None) is False
    # …except a year-to-date flow without December, which is judged on its projection: then the
    # projection is the verdict's ground and is said, as an estimate (docs/method.md, Year end).
    estimated = year_over and getattr(p, "verdict_basis", None) == "projection"
    if p.projection is not None and p.period.month < 12 and (not year_over or estimated):
        basis = (
            ("theo diễn biến cùng kỳ năm trước" if vi else "following last year's months")
            if p.expected_method == "last_year_profile"
            else ("theo nhịp độ hiện nay" if vi else "at the current pace")
        )
        if estimated:  # the year is over: the pace is the one of the last month recorded
            basis = say(lang, N_("at the pace up to {month}")).format(month=month_year(p.period, lang))
        proj = with_unit(rough(exact(p, "projection"), locale), unit)
        share = pct(exact(p, "projection_percent"), locale)
        if vi:
            text += f"; {basis}, cả năm ước đạt {proj}, bằng {share}% kế hoạch"
        else:
            text += f"; {basis}, the full year would reach {proj}, {share}% of the plan"
    if estimated and p.status in ("achieved", "missed"):
        if p.status == "missed":
            text += say(lang, N_(", so the annual plan is estimated to be missed"))
        elif exceeded(p):
            text += say(lang, N_(", so the annual plan is estimated to be exceeded"))
        else:
            text += say(lang, N_(", so the annual plan is estimated to be met"))
    elif exceeded(p):
        text += ", đã vượt kế hoạch năm" if vi else ", the annual plan is exceeded"
    elif p.status == "missed" and not full:
        text += say(lang, N_(", the plan was missed"))
    if getattr(p, "falls_back", False):
        text += (
            "; lưu ý: số lũy kế thấp hơn một tháng trước trong năm, cần kiểm tra lại"
            if vi
            else "; note: the year-to-date total is below an earlier month's, check the figures"
        )
    return text, leftover


def sentence(p, lang: str, locale: Numbers, report_period: Period | None = None, baseline_year: int | None = None) -> str:
    """One indicator with its verdict, as `check` and `chart` print it:
    'Thu ngân sách nhà nước 6 tháng đạt 10.111,7 tỷ đồng, bằng 61,3% kế hoạch năm, tăng 32,0% so
    với cùng kỳ — đúng tiến độ.'"""
    if p.actual is None or p.period is None:
        return clause(p, lang, locale, report_period, baseline_year) + "."
    text, leftover = _clause(p, lang, locale, report_period, baseline_year, full=True)
    estimated = getattr(p, "final", None) is False and getattr(p, "verdict_basis", None) == "projection"
    if not exceeded(p) and not (estimated and p.status in ("achieved", "missed")):
        text += f" — {VERDICT_PHRASE[lang].get(p.status, p.status)}"
    return text + (f" ({leftover})" if leftover else "") + "."


def headline(result, lang: str) -> str:
    """'Tính đến tháng 6/2025: 3/18 chỉ tiêu đạt và vượt kế hoạch, …' — targets, then indicators.
    A count of nothing is left out; once every verdict is the year's, so is anything "on track"."""
    t, s = result.targets, result.summary
    periods = [p.period for p in result.rows if p.period is not None]
    period = result.as_of or (max(periods) if periods else None)
    vi = lang == "vi"
    when = (f"Tính đến {month_year(period, lang)}: " if vi else f"As of {month_year(period, lang)}: ") if period else ""
    words = {
        "vi": {"missed": "không đạt", "on_track": "đúng tiến độ", "at_risk": "có nguy cơ không đạt",
               "off_track": "chậm tiến độ", "no_data": "chưa có số liệu"},
        "en": {"missed": "missed", "on_track": "on track", "at_risk": "at risk", "off_track": "off track",
               "no_data": "with no data"},
    }[lang]  # fmt: skip

    def rest(counts: dict, no_data: int, target_word: str = "") -> list[str]:
        out = []
        for key in ("missed", "on_track", "at_risk", "off_track"):
            if counts.get(key):
                out.append(f"{counts[key]} {target_word}{words[key]}" if key == "missed" else f"{counts[key]} {words[key]}")
        if no_data:
            out.append(f"{no_data} {words['no_data']}")
        if counts.get("no_target"):  # an area view: what the area has no target of is not "no data"
            out.append(say(lang, N_("{n} without a target of the area's own")).format(n=counts["no_target"]))
        return out

    if vi:
        first = ", ".join([f"{when}{t['achieved']}/{t['targets']} chỉ tiêu đạt và vượt kế hoạch",
                           *rest(t, t["no_data"], "chỉ tiêu ")]) + "."
        second = ", ".join([f"Theo {s['indicators']} chỉ số: {s['achieved']} đạt/vượt",
                            *rest(s, s["no_data"])]) + "."
    else:
        first = ", ".join([f"{when}{t['achieved']}/{t['targets']} targets achieved or exceeded", *rest(t, t["no_data"])]) + "."
        second = ", ".join([f"By indicator ({s['indicators']}): {s['achieved']} achieved",
                            *rest(s, s["no_data"])]) + "."
    falling = [p.id for p in result.rows if getattr(p, "falls_back", False)]
    if falling:
        third = (
            f"Lưu ý: số lũy kế thấp hơn một tháng trước trong năm ({', '.join(falling)}), cần kiểm tra lại."
            if vi
            else f"Note: year-to-date totals below an earlier month's ({', '.join(falling)}): check the figures."
        )
        return f"{first} {second} {third}"
    return f"{first} {second}"
