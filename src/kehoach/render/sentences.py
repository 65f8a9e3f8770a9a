"""How the reports speak: targets, periods, verdicts and one sentence per indicator, in vi or en.

Plain strings only (no Rich): the status headline, `check`, the report in every format and the
terminal chart all take their words from here, so they tell the same story. Every word comes from
the catalogue (kehoach.i18n) in the language each function is given, `lang`, which may differ from
the language of the session's messages: a function looks its words up with `translator(lang)`.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from kehoach.core.numbers import NumberFormat, number_format, round_to
from kehoach.core.periods import Period
from kehoach.core.planview import is_percent_unit, own_text, plan_text
from kehoach.i18n import N_, NP_, Word, Words, singular_unit, status_label, translator

DASH = "—"


def say(lang: str, message: str) -> str:
    """A catalogue message (marked with N_ where it is written) in the report's language, which may
    differ from the language of the session's messages."""
    return translator(lang)._(message)

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

# A month of a year, as a report's period: "tháng 6/2025", "June 2025".
MONTH_YEAR = (
    NP_("month of a year", "January {year}"), NP_("month of a year", "February {year}"),
    NP_("month of a year", "March {year}"), NP_("month of a year", "April {year}"),
    NP_("month of a year", "May {year}"), NP_("month of a year", "June {year}"),
    NP_("month of a year", "July {year}"), NP_("month of a year", "August {year}"),
    NP_("month of a year", "September {year}"), NP_("month of a year", "October {year}"),
    NP_("month of a year", "November {year}"), NP_("month of a year", "December {year}"),
)  # fmt: skip

# The verdict as a clause at the end of a sentence.
VERDICT_PHRASE = Words({
    "achieved": NP_("verdict at the end of a sentence", "the annual plan is achieved"),
    "on_track": NP_("verdict at the end of a sentence", "on track"),
    "at_risk": NP_("verdict at the end of a sentence", "at risk of missing the plan"),
    "off_track": NP_("verdict at the end of a sentence", "behind schedule"),
    "no_data": NP_("verdict at the end of a sentence", "no data yet"),
    "no_target": NP_("verdict at the end of a sentence", "no target of its own"),
    "missed": NP_("verdict at the end of a sentence", "the annual plan was missed"),
})

# What is still needed to meet the target, by direction: "còn thiếu 1,8 triệu lượt".
REMAINING = Words({
    "higher": NP_("what is still needed", "short by {amount}"),
    "lower": NP_("what is still needed", "needs to fall by another {amount}"),
    "toward": NP_("what is still needed", "away from the plan by {amount}"),
})


def verdict_phrase(status: str, lang: str) -> str:
    """The verdict as a clause at the end of a sentence: 'chậm so với tiến độ', 'behind schedule'."""
    return VERDICT_PHRASE.word(lang, status)


def exceeded(p: Any) -> bool:
    """Beyond the target, not only at it: "vượt" rather than "đạt" (from exact numbers)."""
    return p.status == "achieved" and bool(getattr(p, "exceeded", False))


def exact(p: Any, key: str) -> Any:
    """A figure unrounded when the row has it: sentences round once, from the exact value."""
    return (getattr(p, "exact", None) or {}).get(key, getattr(p, key))


ROW_ACHIEVED = NP_("verdict of a row", "Achieved")
ROW_EXCEEDED = NP_("verdict of a row", "Exceeded")


def verdict_label(p: Any, lang: str) -> str:
    """The verdict as the reports name it; an achieved target is "Vượt KH" or "Đạt KH"."""
    if p.status == "achieved":
        return translator(lang).word(ROW_EXCEEDED if exceeded(p) else ROW_ACHIEVED)
    return status_label(lang, p.status)


# A target's bound, in words: "tối thiểu 8%", "at least 8%".
FORM_WORDS = {
    "at_least": NP_("a target's bound", "at least {value}"),
    "above": NP_("a target's bound", "above {value}"),
    "at_most": NP_("a target's bound", "at most {value}"),
    "below": NP_("a target's bound", "below {value}"),
    "about": NP_("a target's bound", "about {value}"),
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


def bounded(form: str, value: str, lang: str) -> str:
    """A value with its target's bound in words: 'tối thiểu 8%', 'khoảng 3,0 triệu lượt'; a form
    with no bound (a value, a range) leaves it as it is."""
    bound = FORM_WORDS.get(form)
    return value if bound is None else translator(lang).word(bound).format(value=value)


DIFFERENCE_IN_POINTS = NP_("a difference", "{value} percentage points")


def amount(v: Decimal, unit: str, lang: str, locale: Numbers) -> str:
    """A difference in the indicator's unit; for a percentage, in percentage points."""
    if is_percent_unit(unit):
        return translator(lang).word(DIFFERENCE_IN_POINTS).format(value=num(v, locale))
    return with_unit(num(v, locale), unit)


def with_unit(value: str, unit: str) -> str:
    """14,0% · 3,5% GRDP · 16.500 tỷ đồng."""
    return f"{value}{unit.strip()}" if is_percent_unit(unit) else f"{value} {unit}"


# A planned change as written: the verb from its sign, and for a fall the bound read the other way
# ("giảm ít nhất 1 điểm" is a change of at most −1). The key None: no bound (a range, a value).
PLANNED_RISE = {
    None: NP_("a planned change", "up {size}"),
    "at_least": NP_("a planned change", "up at least {size}"),
    "above": NP_("a planned change", "up more than {size}"),
    "at_most": NP_("a planned change", "up at most {size}"),
    "below": NP_("a planned change", "up less than {size}"),
    "about": NP_("a planned change", "up about {size}"),
}
PLANNED_FALL = {
    None: NP_("a planned change", "down {size}"),
    "at_least": NP_("a planned change", "down at most {size}"),
    "above": NP_("a planned change", "down less than {size}"),
    "at_most": NP_("a planned change", "down at least {size}"),
    "below": NP_("a planned change", "down more than {size}"),
    "about": NP_("a planned change", "down about {size}"),
}
PLANNED_POINTS = NP_("a planned change", "{size} percentage points")


def change_text(change: str, form: str, target: Decimal, high: Decimal | None, lang: str, locale: Numbers) -> str:
    """'tăng 12%', 'tăng từ 10%', 'tăng 8–10%', 'giảm 3 điểm %', 'giảm 1–1,5 điểm %'."""
    words = translator(lang)
    values = [target] if form != "range" or high is None else [target, high]
    down = all(v < 0 for v in values)
    sizes = sorted(abs(v) for v in values)
    size = "–".join(num(v, locale) for v in sizes)
    size = words.word(PLANNED_POINTS).format(size=size) if change == "points" else f"{size}%"
    forms: dict[str | None, Word] = PLANNED_FALL if down else PLANNED_RISE
    said = forms[None] if form == "range" else forms.get(form, forms[None])
    return words.word(said).format(size=size)


def target_text(p: Any, lang: str = "vi", locale: Numbers = "vi") -> str:
    """The target as the plan writes it: 'dưới 4,5%', '11,5–12,5%', 'tăng 12%', 'tăng từ 10%',
    'giảm 3 điểm %'. A plan's own `target_text` wins in Vietnamese."""
    own = own_text(p, "target_text", lang)
    if own:
        return str(own)
    if p.target is None:
        return DASH
    change = getattr(p, "change", None)
    if change is not None:
        return change_text(change, p.target_form, p.target, p.target_high, lang, locale)
    unit = plan_text(p, "unit", lang)
    if p.target_form == "range" and p.target_high is not None:
        return with_unit(f"{num(p.target, locale)}–{num(p.target_high, locale)}", unit)
    return bounded(p.target_form, with_unit(num(p.target, locale), unit), lang)


def target_line(p: Any, ind: Any, lang: str, locale: Numbers) -> str:
    """`show`'s target: as written, and for a change the base it is measured from and the level
    it asks for: 'tăng 12% (so với 20,65 theo kế hoạch → 23,128)'."""
    text = target_text(p if p is not None else ind, lang, locale)
    if p is None or getattr(p, "change", None) is None or p.baseline is None or p.reference is None:
        return text
    words = translator(lang)
    src = p.base_source or "plan"
    if src.startswith("ledger "):
        where = words.pgettext("base of a planned change", "the official {period} value in the ledger").format(
            period=src[7:])
    else:
        where = words.pgettext("base of a planned change", "the plan's baseline")
    r = round_to(p.reference, 4)
    r = r.quantize(Decimal(1)) if r == r.to_integral_value() else r.normalize()
    base, ref = num(p.baseline, locale), num(r, locale)
    return words._("{target} (from {base}, {where} → {ref})").format(target=text, base=base, where=where, ref=ref)


def target_symbol(p: Any, locale: Numbers) -> str:
    """The target, short, for a table cell: 14, ≥ 37,5, < 1, ~ 3, 7,5–8."""
    if p.target is None:
        return DASH
    if getattr(p, "change", None) is not None:
        words_lang = number_format(locale).locale
        return change_text(p.change, p.target_form, p.target, p.target_high, words_lang, locale)
    if p.target_form == "range" and p.target_high is not None:
        return f"{num(p.target, locale)}–{num(p.target_high, locale)}"
    return FORM_SYMBOL.get(p.target_form, "") + num(p.target, locale)


def target_words(p: Any, lang: str, locale: Numbers) -> str:
    """The target in words, with its unit: 'trên 14,0%', 'khoảng 3,0 triệu lượt', '7,5–8,0%'."""
    if p.target is None:
        return DASH
    if getattr(p, "change", None) is not None or getattr(p, "target_text", None):
        return target_text(p, lang, locale)
    unit = unit_of(p, lang)
    if p.target_form == "range" and p.target_high is not None:
        return with_unit(f"{num(p.target, locale)}–{num(p.target_high, locale)}", unit)
    return bounded(p.target_form, with_unit(num(p.target, locale), unit), lang)


def unit_of(p: Any, lang: str) -> str:
    return shown(plan_text(p, "unit", lang))


def name_of(p: Any, lang: str) -> str:
    return shown(plan_text(p, "name", lang))


def month_year(period: Period, lang: str) -> str:
    return translator(lang).word(MONTH_YEAR[period.month - 1]).format(year=period.year)


def months_so_far(period: Period, lang: str) -> str:
    """'6 tháng' / 'in the first 6 months'; January and the full year by name."""
    words = translator(lang)
    if period.month == 1:
        return words.pgettext("months so far", "in January")
    if period.month == 12:
        return words.pgettext("months so far", "for the full year")
    return words.pgettext("months so far", "in the first {n} months").format(n=period.month)


def lower_first(text: str) -> str:
    """A clause inside a sentence starts in lower case ("thu ngân sách …"), unless its first word is
    an abbreviation or a name ("GRDP", "CPI", "KCN")."""
    if len(text) > 1 and text[0].isupper() and text[1].islower():
        return text[0].lower() + text[1:]
    return text


def unit_for(value: Decimal | None, unit: str, lang: str) -> str:
    """English counts agree with their number: "1 district", "2 districts"."""
    return singular_unit(unit, value, lang)


def rough(v: Decimal, locale: Numbers) -> str:
    """A projection, without false precision: three significant digits from the thousands up
    (366.545,5 → 367.000; 22.668,3 → 22.700), else one decimal at most (2,4)."""
    if abs(v) >= 1000:
        digits = len(str(int(abs(v))))
        step = Decimal(10) ** (digits - 3)
        return num((v / step).quantize(Decimal(1), rounding="ROUND_HALF_UP") * step, locale, 0)
    return approx(v, locale)


# A change against the same period a year earlier, by its sign and measure; in December, against
# the whole year before.
YEAR_ON_YEAR = {
    (True, False, False): NP_("change year on year", "up {size}% year on year"),
    (False, False, False): NP_("change year on year", "down {size}% year on year"),
    (True, True, False): NP_("change year on year", "up {size} percentage points year on year"),
    (False, True, False): NP_("change year on year", "down {size} percentage points year on year"),
    (True, False, True): NP_("change year on year", "up {size}% on {year}"),
    (False, False, True): NP_("change year on year", "down {size}% on {year}"),
    (True, True, True): NP_("change year on year", "up {size} percentage points on {year}"),
    (False, True, True): NP_("change year on year", "down {size} percentage points on {year}"),
}
LEVEL_WITH_LAST_YEAR = NP_("change year on year", "level with the same period last year")
LEVEL_WITH_YEAR = NP_("change year on year", "level with {year}")


def change_words(p: Any, lang: str, locale: Numbers) -> str | None:
    """'tăng 32,0% so với cùng kỳ' / 'up 0.2 percentage points year on year', or None. In
    December the same period a year earlier is the whole baseline year: 'so với năm 2024'."""
    if p.yoy_percent is not None:
        v, points = p.yoy_percent, False
    elif p.yoy_points is not None:
        v, points = p.yoy_points, True
    else:
        return None
    words = translator(lang)
    size = pct(abs(v), locale)  # one decimal, points too: never "-3,00" beside "37,5"
    year_end = p.period is not None and p.period.month == 12
    year = p.period.year - 1 if year_end else None
    if v == 0:
        return words.word(LEVEL_WITH_YEAR).format(year=year) if year_end else words.word(LEVEL_WITH_LAST_YEAR)
    return words.word(YEAR_ON_YEAR[(v > 0, points, year_end)]).format(size=size, year=year)


def _change_from_base(p: Any, lang: str, locale: Numbers, baseline_year: int | None) -> str | None:
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


def shortfall(p: Any, lang: str, locale: Numbers) -> str | None:
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
        return REMAINING.word(lang, p.direction).format(amount=size)
    if p.remaining is None and strict:  # a ceiling reached is not a reassurance: it is not met
        if p.target_form == "below":
            return say(lang, N_("only at the ceiling itself: not met"))
        return say(lang, N_("only at the floor itself: not met"))
    return None


def _beyond_range(p: Any, lang: str, locale: Numbers) -> str | None:
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


def clause(p: Any, lang: str, locale: Numbers, report_period: Period | None = None, baseline_year: int | None = None,
           *, full: bool = False) -> str:
    """One indicator as a clause of the report's prose (see `_clause`)."""
    return _clause(p, lang, locale, report_period, baseline_year, full=full)[0]


_STAGE_ASIDE = {
    "estimate": N_("on the estimate"),
    "preliminary": N_("on the preliminary figure"),
    "official": N_("on the official figure"),
}


def _clause(p: Any, lang: str, locale: Numbers, report_period: Period | None = None, baseline_year: int | None = None,
            *, full: bool = False) -> tuple[str, str | None]:
    """One indicator as a clause of the report's prose, no verdict, no final full stop:
    'Thu ngân sách nhà nước 6 tháng đạt 10.111,7 tỷ đồng, bằng 61,3% kế hoạch năm, tăng 32,0% so với
    cùng kỳ'. Every remark in one parenthesis (never two side by side); `full` adds what is still
    needed, as `check` and `chart` say it: in that parenthesis, or, when there is none, handed back
    for after the verdict ("— chậm so với tiến độ (còn thiếu 1,8 triệu lượt)")."""
    name, unit = name_of(p, lang), unit_of(p, lang)
    words = translator(lang)
    if p.actual is None or p.period is None:
        plan = target_words(p, lang, locale)
        return words._("{name}: no data yet (plan {plan})").format(name=name, plan=plan), None
    actual = with_unit(num(p.actual, locale), unit_for(p.actual, unit, lang))
    change = getattr(p, "change", None)
    aside: list[str] = []
    if p.kind == "flow":
        head = words._("{name} {months} reached {actual}").format(
            name=name, months=months_so_far(p.period, lang), actual=actual)
        if p.percent_of_plan is not None:
            share = pct(exact(p, "percent_of_plan"), locale)
            head += words._(", {share}% of the annual plan").format(share=share)
        if change is not None and p.reference is not None:  # the target as stated, and the level it means
            level = with_unit(rough(p.reference, locale) if abs(p.reference) >= 1000 else num(round_to(p.reference, 2), locale), unit)
            stated = target_text(p, lang, locale)
            aside.append(say(lang, N_("plan {target}, that is {level}")).format(target=stated, level=level))
    else:
        if p.kind == "rate":  # a growth rate is year-to-date too: "GRDP 6 tháng đầu năm tăng 14,14%"
            when = f" {months_so_far(p.period, lang)}"
            if getattr(p, "frequency", "monthly") == "quarterly" and p.period.month == 3:
                when = " " + words.pgettext("months so far", "in the first quarter")  # never "3 tháng"
        elif report_period is not None and p.period != report_period and getattr(p, "final", None) is not False:
            when = f" ({month_year(p.period, lang)})"  # a level last read earlier (once the year is over, the aside says it)
        else:
            when = ""
        head = f"{name}{when} {_verb(p, name, lang)} {actual}"
        if change is not None and p.percent_of_plan is not None:
            moved = _change_from_base(p, lang, locale, baseline_year)
            made = pct(exact(p, "percent_of_plan"), locale)
            stated = target_text(p, lang, locale)
            if moved:
                head += f", {moved}"
            head += say(lang, N_(", {percent}% of the planned change ({target})")).format(percent=made, target=stated)
        else:
            plan = N_("annual plan {target}") if p.kind == "rate" else N_("plan {target}")
            aside.append(words._(plan).format(target=target_words(p, lang, locale)))
    for o in getattr(p, "other_targets", None) or []:
        label = shown(plan_text(o.spec, "label", lang) or "")
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
    if stage:  # which stage the figure (and so the verdict) rests on: "theo số ước tính"
        aside.append(say(lang, stage))
    beyond = _beyond_range(p, lang, locale)
    if beyond:
        aside.append(beyond)
    if p.status in ("achieved", "missed") and getattr(p, "final", None) is False:
        aside.append(words._("on the {month} figure; no full-year figure yet").format(month=month_year(p.period, lang)))
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
        basis = (words._("following last year's months") if p.expected_method == "last_year_profile"
                 else words._("at the current pace"))
        if estimated:  # the year is over: the pace is the one of the last month recorded
            basis = say(lang, N_("at the pace up to {month}")).format(month=month_year(p.period, lang))
        proj = with_unit(rough(exact(p, "projection"), locale), unit)
        share = pct(exact(p, "projection_percent"), locale)
        text += words._("; {basis}, the full year would reach {projection}, {share}% of the plan").format(
            basis=basis, projection=proj, share=share)
    if estimated and p.status in ("achieved", "missed"):
        if p.status == "missed":
            text += say(lang, N_(", so the annual plan is estimated to be missed"))
        elif exceeded(p):
            text += say(lang, N_(", so the annual plan is estimated to be exceeded"))
        else:
            text += say(lang, N_(", so the annual plan is estimated to be met"))
    elif exceeded(p):
        text += words._(", the annual plan is exceeded")
    elif p.status == "missed" and not full:
        text += say(lang, N_(", the plan was missed"))
    if getattr(p, "falls_back", False):
        text += words._("; note: the year-to-date total is below an earlier month's, check the figures")
    return text, leftover


# The verb of a level or a rate, by what the indicator is and which way it should go: Vietnamese
# says a level that should fall "còn" (remains) and a CPI that should stay low "tăng" (rose), or
# "ở mức" (stood at) after a name that itself says it is a rise ("tốc độ tăng").
VERB_RATE = NP_("verb of a rate", "was")
VERB_RATE_LOWER = NP_("verb of a rate that should stay low", "was")
VERB_RATE_LOWER_NAMED_RISE = NP_("verb of a rate that should stay low, after a name that says it rises", "was")
VERB_LEVEL = NP_("verb of a level", "stood at")
VERB_LEVEL_LOWER = NP_("verb of a level that should fall", "stood at")
# The word in an indicator's name that says it measures a rise ("Tốc độ tăng giá tiêu dùng").
RISE_IN_A_NAME = NP_("a word in an indicator's name that says it measures a rise", "growth")


def _verb(p: Any, name: str, lang: str) -> str:
    words = translator(lang)
    if p.kind == "rate":
        if p.direction != "lower":
            return words.word(VERB_RATE)
        named_rise = words.word(RISE_IN_A_NAME) in name.lower()
        return words.word(VERB_RATE_LOWER_NAMED_RISE if named_rise else VERB_RATE_LOWER)
    return words.word(VERB_LEVEL_LOWER if p.direction == "lower" else VERB_LEVEL)


def sentence(p: Any, lang: str, locale: Numbers, report_period: Period | None = None, baseline_year: int | None = None) -> str:
    """One indicator with its verdict, as `check` and `chart` print it:
    'Thu ngân sách nhà nước 6 tháng đạt 10.111,7 tỷ đồng, bằng 61,3% kế hoạch năm, tăng 32,0% so
    với cùng kỳ — đúng tiến độ.'"""
    if p.actual is None or p.period is None:
        return clause(p, lang, locale, report_period, baseline_year) + "."
    text, leftover = _clause(p, lang, locale, report_period, baseline_year, full=True)
    estimated = getattr(p, "final", None) is False and getattr(p, "verdict_basis", None) == "projection"
    if not exceeded(p) and not (estimated and p.status in ("achieved", "missed")):
        text += f" — {verdict_phrase(p.status, lang)}"
    return text + (f" ({leftover})" if leftover else "") + "."


# How many indicators (or targets) have each verdict, as the headline counts them.
COUNTED = {
    "missed": NP_("a count of verdicts", "{n} missed"),
    "on_track": NP_("a count of verdicts", "{n} on track"),
    "at_risk": NP_("a count of verdicts", "{n} at risk"),
    "off_track": NP_("a count of verdicts", "{n} off track"),
}
COUNTED_TARGETS_MISSED = NP_("a count of targets", "{n} missed")  # "3 chỉ tiêu không đạt"
COUNTED_NO_DATA = NP_("a count of verdicts", "{n} with no data")


def headline(result: Any, lang: str) -> str:
    """'Tính đến tháng 6/2025: 3/18 chỉ tiêu đạt và vượt kế hoạch, …' — targets, then indicators.
    A count of nothing is left out; once every verdict is the year's, so is anything "on track"."""
    t, s = result.targets, result.summary
    periods = [p.period for p in result.rows if p.period is not None]
    period = result.as_of or (max(periods) if periods else None)
    words = translator(lang)
    when = words._("As of {month}:").format(month=month_year(period, lang)) + " " if period else ""

    def rest(counts: dict[str, Any], no_data: int, targets: bool = False) -> list[str]:
        out = []
        for key in ("missed", "on_track", "at_risk", "off_track"):
            if counts.get(key):
                said = COUNTED_TARGETS_MISSED if targets and key == "missed" else COUNTED[key]
                out.append(words.word(said).format(n=counts[key]))
        if no_data:
            out.append(words.word(COUNTED_NO_DATA).format(n=no_data))
        if counts.get("no_target"):  # an area view: what the area has no target of is not "no data"
            out.append(say(lang, N_("{n} without a target of the area's own")).format(n=counts["no_target"]))
        return out

    first = ", ".join([when + words._("{achieved}/{targets} targets achieved or exceeded").format(
        achieved=t["achieved"], targets=t["targets"]), *rest(t, t["no_data"], targets=True)]) + "."
    second = ", ".join([words._("By indicator ({n}): {achieved} achieved").format(
        n=s["indicators"], achieved=s["achieved"]), *rest(s, s["no_data"])]) + "."
    falling = [p.id for p in result.rows if getattr(p, "falls_back", False)]
    if falling:
        third = words._("Note: year-to-date totals below an earlier month's ({ids}): check the figures.").format(
            ids=", ".join(falling))
        return f"{first} {second} {third}"
    return f"{first} {second}"
