"""The progress report as a document: sections of sentences, lists and one table.

`build` turns a status result into a Report; `markdown` and `text` write it here, `html` and
`docx` in their own modules. Every format therefore says the same thing in the same order.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, TypeAlias

from kehoach.core.numbers import NumberFormat, number_format
from kehoach.core.periods import Period
from kehoach.core.planview import is_percent_unit, plan_text
from kehoach.i18n import LANGUAGES, N_, NP_, PLAN_LANGUAGE, Words, translator
from kehoach.render import monthly, sentences
from kehoach.render.look import look
from kehoach.render.sentences import say

# The plan as load_plan gives it (a pydantic model, or its cached view): untyped, read by attribute.
Plan: TypeAlias = Any
PlanMeta: TypeAlias = Any
Thresholds: TypeAlias = Any

if TYPE_CHECKING:
    from kehoach.core.progress import Progress
    from kehoach.core.status import Conflict, StatusResult

ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")


@dataclass
class Table:
    headers: list[str]
    rows: list[list[str]]
    statuses: list[str]  # one per row: the verdict, for colour
    numeric: list[bool]  # per column: right-aligned
    verdict_last: bool = True  # the last column is the verdict (its symbol and colour); not in the month's tables


@dataclass
class Section:
    heading: str
    level: int = 2
    paragraphs: list[str] = field(default_factory=list)
    bullets: list[str] = field(default_factory=list)
    table: Table | None = None
    group: str | None = None  # the plan group this section reports, for charts
    blank: str | None = None  # a marked place for the leaders to write in ("(Phần này do lãnh đạo bổ sung.)")
    annex_lines: list[str] = field(default_factory=list)  # an annex: "PHỤ LỤC", its title, "(Kèm theo …)"


@dataclass
class Frame:
    """What a report needs besides its figures (Decree 30/2020): who issues it, its number, who
    signs it and who receives it. Unset values stay None / empty: the document leaves a dotted blank."""

    issuer: list[str] | None = None  # the plan's `issuer`, line by line
    place: str | None = None  # the plan's `place`
    number: str | None = None  # "125" or "125/BC-UBND"
    signer: str | None = None
    recipients: tuple[str, ...] = ()
    notes: dict[str, str] = field(default_factory=dict)  # indicator → the note of its record in force


@dataclass
class Report:
    lang: str
    title: str  # "BÁO CÁO"
    subtitle: str  # the trích yếu: what it reports, with the period (and the area)
    issuer: str  # the issuing body on one line (HTML, the document's author)
    period: Period | None
    sections: list[Section]
    rows: list[Progress]  # the Progress rows, for charts
    appendix: Section | None = None  # how the figures are computed: a short note after the annex
    numbers: NumberFormat = field(default_factory=NumberFormat)  # the session's number formatter
    # The frame of an administrative report (Decree 30/2020, Phụ lục I): empty lines are blanks.
    issuer_lines: list[str] = field(default_factory=list)  # [] → a dotted blank
    number: str = ""  # "Số: …/BC-UBND"
    place_date: str = ""  # "Bắc Giang, ngày … tháng … năm 2025"
    area: str | None = None
    recipients_heading: str = ""
    recipients: list[str] = field(default_factory=list)  # "- Bộ Kế hoạch và Đầu tư;" … "- Lưu: VT."
    signature: list[str] = field(default_factory=list)  # "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", …
    signer: str = ""  # the name under the signature, or "" (a blank line to fill)
    # The second annex: the reported month's figures of the year-to-date flows (render/monthly.py).
    monthly: Section | None = None
    # What changed since an earlier publication (report --compare-known-at), for the JSON form.
    changes: list[Any] = field(default_factory=list)
    compare_day: date | None = None

    @property
    def body(self) -> list[Section]:
        """The sections before the signature."""
        return [s for s in self.sections if not s.annex_lines]

    @property
    def annex(self) -> Section | None:
        """The table, after the signature ("Phụ lục … kèm theo Báo cáo số …"): the last section."""
        return next((s for s in self.sections if s.annex_lines), None)

    @property
    def annexes(self) -> list[Section]:
        """Every annex after the signature: the table of targets, then the month's table."""
        return [s for s in (self.annex, self.monthly) if s is not None]


# The issuing body on one line, where the plan gives no lines of its own.
ISSUER = N_("{province} PROVINCIAL PEOPLE'S COMMITTEE")


# The method in the report's own language, as a short note after the annex: what core/progress.py
# computes (docs/method.md is the full text, for us, not for the reader).
APPENDIX_HEADING = N_("Note: how progress is measured")
APPENDIX_PARAGRAPHS = (
    N_(
        "Actual figures are year-to-date, from January to the reporting period. vs plan (%) = actual "
        "÷ annual plan × 100; where lower is better, plan ÷ actual × 100. A target stated as a change "
        "from {base} (“poverty down 1.5 points”, “exports up 12%”) is turned into the level it asks "
        "for from the {base} figure (the official one in the ledger when recorded, else the plan's "
        "estimate); vs plan is then the part of the planned change made × 100 (down 1.5 points "
        "against a planned 3 is 50%), and for a year-to-date total actual ÷ that level. No vs plan "
        "(—) for growth rates, structure shares, and lower-is-better percentages with no planned "
        "change."
    ),
    N_(
        "Position expected by the period: for year-to-date totals (revenue, investment, visitors…), "
        "the annual plan × months elapsed ÷ 12, or along last year's months when last year's figures "
        "are recorded; for growth rates, the annual target itself; for levels, counts and shares, a "
        "straight line from last year's figure to the target (the target itself without last year's "
        "figure)."
    ),
    N_(
        "Verdict, from the actual against the expected position: {on}% or more is on track, {risk}% "
        "to below {on}% at risk, below {risk}% off track; a share with no figure for last year is on "
        "track within {p1} percentage point(s) of the target and at risk within {p2}; a target worded "
        "“about” is met within {about}% of it; one worded “above” or “below” is not met on the bound "
        "itself. Year-to-date totals and counts are achieved as soon as they reach the annual plan; "
        "rates, levels and shares only in December; once the year is over, a target not met is "
        "missed. A numbered target with several indicators is achieved when all of them are; "
        "otherwise it takes the worst verdict among them."
    ),
    N_(
        "vs last year: figures in % compare in percentage points, others as a % change from the same "
        "month a year earlier. Percentages are rounded to one decimal, full-year projections to three "
        "significant digits."
    ),
)
# The year the plan compares with, where none is given.
BASELINE_YEAR = NP_("the year a plan compares with, where none is given", "last year")


def appendix(lang: str, thresholds: Thresholds, locale: NumberFormat | str, baseline_year: int | str | None = None) -> Section:
    """The method, short, with the plan's own thresholds, for a reader who has no docs/method.md;
    no `baseline_year`: "last year"."""
    words = translator(lang)
    values = {
        "base": words.word(BASELINE_YEAR) if baseline_year is None else baseline_year,
        "on": sentences.num(thresholds.on_track, locale),
        "risk": sentences.num(thresholds.at_risk, locale),
        "p1": sentences.num(thresholds.share_on_track_points, locale),
        "p2": sentences.num(thresholds.share_at_risk_points, locale),
        "about": sentences.num(thresholds.about_tolerance, locale),
    }
    return Section(words._(APPENDIX_HEADING), paragraphs=[words._(p).format(**values) for p in APPENDIX_PARAGRAPHS])


# Offices that disagree (a conflict): the report's section, and the lines status, check and history
# print (`CONFLICT_T[lang]["label"]`).
CONFLICT_T = Words({
    "heading": NP_("offices that disagree", "FIGURES THAT OFFICES REPORT DIFFERENTLY"),
    "intro": NP_("offices that disagree", "Two or more offices report the figures below differently for the same indicator, period and area, and no revision says which stands; the report uses the one recorded last until one does."),
    "line": NP_("offices that disagree", "{name} ({id}), {period}{where}: {values}; {used} is used"),
    "entry": NP_("offices that disagree", "{office}{value} {unit} (by {by}; record {record_id})"),
    "office": NP_("offices that disagree", "{office} reports "),
    "settle": NP_("offices that disagree", "To settle it, record the value that stands as a revision: kehoach record {id} VALUE --period {period}{area} --revise \"REASON\""),
    "note": NP_("offices that disagree", " (offices disagree: {values})"),
    "label": NP_("offices that disagree", "Offices disagree"),
})


def conflict_values(entries: list[dict[str, Any]], unit: str, lang: str, locale: NumberFormat | str) -> str:
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


def conflict_line(plan: Plan, c: Conflict, lang: str, locale: NumberFormat | str) -> str:
    """One conflict in a sentence: the indicator, period and area, each office's value, the one used."""
    t = CONFLICT_T[lang]
    _, ind = plan.find(c.indicator)
    unit = plan_text(ind, "unit", lang)
    return t["line"].format(
        name=plan_text(ind, "name", lang),
        id=c.indicator,
        period=c.period,
        where=f", {c.area}" if c.area else "",
        values=conflict_values(c.entries, unit, lang, locale),
        used=f"{sentences.num(c.in_force['value'], locale)} {unit}",
    )


def settle_hint(c: Conflict, lang: str) -> str:
    area = f' --area "{c.area}"' if c.area else ""
    return CONFLICT_T[lang]["settle"].format(id=c.indicator, period=c.period, area=area)


def _yoy_cell(p: Progress, lang: str, locale: NumberFormat | str) -> str:
    """So cùng kỳ: a % change ("+32,0"), or for a percentage the change in points ("+0,2 điểm %")."""
    if p.yoy_percent is not None:
        return ("+" if p.yoy_percent > 0 else "") + sentences.pct(p.yoy_percent, locale)
    if p.yoy_points is not None:
        points = ("+" if p.yoy_points > 0 else "") + sentences.pct(p.yoy_points, locale)
        return say(lang, N_("{points} pts")).format(points=points).replace(" ", "\u00a0")  # one unbreakable word
    return sentences.DASH


def _plan_cell(p: Progress, locale: NumberFormat | str) -> str:
    """So KH (%), only where provinces compute it: not for a growth rate (13,8 against 14,0 is not
    "98,6% kế hoạch"), a structure share, or a percentage that should fall with no planned change
    (an unemployment rate); a planned change gives the part of it made (docs/method.md)."""
    if p.percent_of_plan is None:
        return sentences.DASH
    if getattr(p, "change", None) is None and (
        p.kind in ("rate", "share") or (p.direction == "lower" and is_percent_unit(p.unit))
    ):
        return sentences.DASH
    return sentences.pct(p.percent_of_plan, locale)


def _verdict_cell(p: Progress, lang: str) -> str:
    """The verdict with its printed symbol, so that it reads on a black-and-white page."""
    return f"{look(p.status).doc_symbol} {sentences.verdict_label(p, lang)}"


def _brief(p: Progress, lang: str, numbers: NumberFormat) -> str:
    """One indicator in the paragraph of targets off track: 'khách du lịch 1,2 triệu lượt (40,0% kế
    hoạch năm, còn thiếu 1,8 triệu lượt)'."""
    said = sentences.lower_first(sentences.name_of(p, lang))
    if p.actual is None:
        return said
    unit = sentences.unit_of(p, lang)
    said += " " + sentences.with_unit(numbers.num(p.actual), unit)
    aside = []
    plan_cell = _plan_cell(p, numbers)
    if plan_cell != sentences.DASH:
        aside.append(say(lang, N_("{percent}% of the plan")).format(percent=plan_cell))
    else:
        aside.append(say(lang, N_("plan {target}")).format(target=sentences.target_words(p, lang, numbers)))
    short = sentences.shortfall(p, lang, numbers)
    if short:
        aside.append(short)
    return f"{said} ({', '.join(aside)})"


# The words of the issuing body (the decree's two lines: "ỦY BAN NHÂN DÂN" / "TỈNH BẮC GIANG").
COMMITTEE = N_("PEOPLE'S COMMITTEE")
COMMITTEE_OF = N_("OF {name} {kind}")
CITY, PROVINCE = N_("CITY"), N_("PROVINCE")
# A People's Committee as a plan's own first line may name it: as kehoach writes it in any language,
# in Vietnamese also with the tone mark placed the older way ("UỶ"), or abbreviated.
COMMITTEE_OLD_SPELLING = NP_("an issuing body, with the tone mark placed the older way", "PEOPLE'S COMMITTEE")
COMMITTEE_ABBREVIATED = "UBND"
# The first word of the recipients' archive line ("- Lưu: VT."), in lower case: one given by hand
# stands for the one the report adds.
ARCHIVE = NP_("the first word of the archive line among the recipients, in lower case", "archive")


def _city(lines: list[str]) -> bool:
    """The default issuer (written in the plan's language) is a centrally-run city's."""
    return lines[1].startswith(translator(PLAN_LANGUAGE)._(CITY))


def _issuer_lines(meta: PlanMeta, lang: str, frame: Frame) -> list[str]:
    """The plan's own lines as written (a proper name: the same in both languages), else the
    decree's two-line form for the plan's province; none for a plan that is not a province's."""
    from kehoach.core.plantools import default_issuer

    if frame.issuer:
        return [sentences.shown(line) for line in frame.issuer]
    lines = default_issuer(meta.province)
    if not lines:
        return lines
    kind = CITY if _city(lines) else PROVINCE
    name = lines[1].split(" ", translator(PLAN_LANGUAGE)._(kind).count(" ") + 1)[-1]
    return [say(lang, COMMITTEE), say(lang, COMMITTEE_OF).format(name=name, kind=say(lang, kind))]


def _committee(lines: list[str]) -> str:
    """What kind of body issues it: "ubnd" (a People's Committee), "department" (a body under one,
    headed "UBND TỈNH …" over its own name) or "" (unknown: the signature's title is a blank)."""
    if not lines:
        return ""
    first = lines[0].upper()
    if len(lines) >= 2 and first.startswith(COMMITTEE_ABBREVIATED):
        return "department"
    names = {translator(lang)._(COMMITTEE) for lang in LANGUAGES}
    names |= {translator(lang).word(COMMITTEE_OLD_SPELLING) for lang in LANGUAGES}
    if first.startswith((*sorted(names), COMMITTEE_ABBREVIATED)) or "PEOPLE'S COMMITTEE" in first:
        return "ubnd"
    return ""


def _committee_name(meta: PlanMeta, lang: str) -> str:
    """The default issuer in running text: 'Ủy ban nhân dân tỉnh Bắc Giang'."""
    from kehoach.core.plantools import default_issuer

    city = _city(default_issuer(meta.province))
    name = sentences.shown(meta.province)
    if city:
        return say(lang, N_("the People's Committee of {name} city")).format(name=name)
    return say(lang, N_("the People's Committee of {name} province")).format(name=name)


def _signature(kind: str, lang: str) -> list[str]:
    if kind == "ubnd":
        return [say(lang, N_("FOR THE PEOPLE'S COMMITTEE")), say(lang, N_("FOR THE CHAIRMAN")),
                say(lang, N_("VICE CHAIRMAN"))]
    if kind == "department":
        return [say(lang, N_("FOR THE DIRECTOR")), say(lang, N_("DEPUTY DIRECTOR"))]
    return [BLANK]


BLANK = "…………"  # a place to fill by hand


def _about(meta: PlanMeta, period: Period | None, area: str | None, lang: str) -> str:
    """The trích yếu: what the report is about, with its period and area."""
    if period is None:
        when = say(lang, N_("no reporting period yet"))
    elif period.month == 12:
        when = say(lang, N_("in {year}")).format(year=period.year)
    elif period.month == 1:
        when = say(lang, N_("in January {year}")).format(year=period.year)
    else:
        when = say(lang, N_("in the first {months} months of {year}")).format(months=period.month, year=period.year)
    about = say(lang, N_("Progress on the key targets of the socio-economic development plan {when}")).format(when=when)
    if area:
        about += say(lang, N_(" in {area}")).format(area=sentences.shown(area))
    return about


def _tasks_heading(period: Period | None, lang: str) -> str:
    if period is None:
        return say(lang, N_("KEY TASKS AND SOLUTIONS"))
    if period.month == 12:
        return say(lang, N_("KEY TASKS AND SOLUTIONS FOR {year}")).format(year=period.year + 1)
    return say(lang, N_("KEY TASKS AND SOLUTIONS FOR THE LAST {months} MONTHS OF {year}")).format(
        months=12 - period.month, year=period.year)


def _group_paragraph(rows: list[Progress], lang: str, locale: NumberFormat, period: Period | None, baseline_year: int) -> str | None:
    """One field's results as the province writes them: its indicators with data, one clause each,
    joined with '; ' ("GRDP 6 tháng tăng 14,1%; thu NSNN đạt …")."""
    clauses = [sentences.clause(p, lang, locale, period, baseline_year) for p in rows if p.actual is not None]
    if not clauses:
        return None
    text = "; ".join([clauses[0], *(sentences.lower_first(c) for c in clauses[1:])])
    return text + "."


def build(plan: Plan, result: StatusResult, lang: str, locale: NumberFormat | str, period: Period | None, frame: Frame | None = None,
          changes: list[monthly.Change] | None = None, compare_day: date | None = None) -> Report:
    """The report. `changes` and `compare_day` (report --compare-known-at): the figures that differ
    from the ledger as known on that day, listed in a section of their own (none: one sentence)."""
    locale = number_format(locale)
    frame = frame or Frame(issuer=getattr(plan.plan, "issuer", None), place=getattr(plan.plan, "place", None))
    meta = plan.plan
    rows = result.rows
    area = getattr(result, "area", None)
    results = Section(f"{ROMAN[0]}. {say(lang, N_('RESULTS ON THE KEY TARGETS'))}")
    results.paragraphs.append(sentences.headline(result, lang))  # it counts the indicators with no data too
    sections: list[Section] = [results]
    for n, g in enumerate(plan.groups):
        group_rows = [p for p in rows if p.group == g.id]
        if not group_rows:
            continue
        name = sentences.shown(plan_text(g, "name", lang))
        sec = Section(f"{n + 1}. {name}", level=3, group=g.id)
        said = _group_paragraph(group_rows, lang, locale, period, meta.baseline_year)
        sec.paragraphs.append(said or say(lang, N_("No figures recorded yet.")))
        month = monthly.month_paragraph(group_rows, lang, locale, period)
        if month is not None:
            sec.paragraphs.append(month)
        for p in group_rows:
            if p.conflict:
                values = conflict_values(p.conflict, sentences.unit_of(p, lang), lang, locale)
                sec.paragraphs.append(sentences.name_of(p, lang) + CONFLICT_T[lang]["note"].format(values=values) + ".")
        sections.append(sec)

    leaders = say(lang, N_("(To be written by the leadership.)"))
    flagged = [p for p in rows if p.needs_attention]
    order = ("missed", "off_track", "at_risk")
    flagged.sort(key=lambda p: (order.index(p.status), p.target_number))
    problems = Section(f"{ROMAN[1]}. {say(lang, N_('SHORTCOMINGS, LIMITATIONS AND THEIR CAUSES'))}")
    if flagged:
        parts = []
        for status, intro in (
            ("missed", say(lang, N_("Targets missed"))),
            ("off_track", say(lang, N_("Targets behind schedule"))),
            ("at_risk", say(lang, N_("Targets at risk of being missed"))),
        ):
            these = [_brief(p, lang, locale) for p in flagged if p.status == status]
            if these:
                parts.append(f"{intro}: {'; '.join(these)}.")
        problems.paragraphs.append(" ".join(parts))
    else:
        problems.paragraphs.append(say(lang, N_("No indicator is at risk or behind schedule.")))
    noted = [p for p in flagged if frame.notes.get(p.id)]
    for p in noted:
        problems.paragraphs.append(f"{sentences.name_of(p, lang)}: {sentences.shown(frame.notes[p.id])}")
    if not noted:
        problems.blank = leaders
    sections.append(problems)
    sections.append(Section(f"{ROMAN[2]}. {_tasks_heading(period, lang)}", blank=leaders))

    conflicts = getattr(result, "conflicts", [])
    if conflicts:  # only when offices disagree
        ct = CONFLICT_T[lang]
        disagree = Section(f"{ROMAN[3]}. {ct['heading']}", paragraphs=[ct["intro"]])
        disagree.bullets = [f"{conflict_line(plan, c, lang, locale)}. {settle_hint(c, lang)}." for c in conflicts]
        sections.append(disagree)

    if compare_day is not None:
        sections.append(_changes_section(plan, changes or [], lang, locale, compare_day,
                                         sum(1 for s in sections if s.level == 2)))

    annex = Section(say(lang, N_("ANNEX")), level=2)
    sections.append(annex)  # filled below, once the number is known
    # The frame: issuer, number, place and date, recipients, signature.
    issuer_lines = _issuer_lines(meta, lang, frame)
    kind = _committee(issuer_lines)
    suffix = "BC-UBND" if kind == "ubnd" else "BC-…"
    raw = sentences.shown(frame.number or "").strip()
    number = raw if "/" in raw else f"{raw or '…'}/{suffix}"
    place = sentences.shown(frame.place) if frame.place else ("" if not issuer_lines and not frame.issuer else sentences.shown(meta.province))
    year = period.year if period is not None else meta.year
    place_date = say(lang, N_("{place}, …… {year}")).format(place=place or BLANK, year=year)
    given = [sentences.shown(r).strip().rstrip(";.") for r in frame.recipients]
    recipients = [f"- {r};" for r in given] or ["- …;"]
    archive = tuple(translator(other).word(ARCHIVE) for other in LANGUAGES)
    if not any(r.lower().startswith(archive) for r in given):
        recipients.append(say(lang, N_("- Archive: VT.")))
    about = _about(meta, period, area, lang)

    headers = [
        say(lang, N_("No.")), say(lang, N_("Indicator")), say(lang, N_("Unit")),
        say(lang, N_("Actual {year}")).format(year=meta.baseline_year),
        say(lang, N_("Plan {year}")).format(year=meta.year),
        _estimate_heading(period, lang),
        say(lang, N_("vs plan (%)")), say(lang, N_("vs last year (%)")), say(lang, N_("Assessment")),
    ]  # fmt: skip
    trows: list[list[str]] = []
    statuses: list[str] = []
    last = None
    for p in rows:
        number_cell = str(p.target_number) if p.target_number != last else ""
        last = p.target_number
        trows.append(
            [
                number_cell,
                sentences.name_of(p, lang),
                sentences.unit_of(p, lang),
                sentences.num(p.baseline, locale),
                sentences.target_symbol(p, locale),
                sentences.num(p.actual, locale),
                _plan_cell(p, locale),
                _yoy_cell(p, lang, locale),
                _verdict_cell(p, lang),
            ]
        )
        statuses.append(str(p.status))
    annex.table = Table(headers, trows, statuses, [True, False, False, True, True, True, True, True, False])
    who = " ".join(issuer_lines) if frame.issuer else _committee_name(meta, lang) if issuer_lines else BLANK
    month_headers, month_rows, month_statuses = (
        monthly.month_table(rows, lang, locale, period) if period is not None else ([], [], []))
    attached = say(lang, N_("(Attached to Report No. {number}, dated … {year}, of {issuer})")).format(
        number=number, year=year, issuer=who)
    month_annex = None
    if month_rows and period is not None:
        month_annex = Section(say(lang, N_("ANNEX {n}")).format(n=2), level=2)
        month_annex.table = Table(month_headers, month_rows, month_statuses, [True, False, False, *[True] * 7],
                                  verdict_last=False)
        month_annex.annex_lines = [
            month_annex.heading,
            say(lang, N_("RESULTS FOR MONTH {month} OF {year}")).format(month=period.month, year=period.year)
            + (f" — {sentences.shown(area).upper()}" if area else ""),
            attached,
        ]
    annex.annex_lines = [
        say(lang, N_("ANNEX {n}")).format(n=1) if month_annex is not None else say(lang, N_("ANNEX")),
        say(lang, N_("KEY TARGETS OF THE {year} SOCIO-ECONOMIC DEVELOPMENT PLAN")).format(year=meta.year)
        + (f" — {sentences.shown(area).upper()}" if area else ""),
        attached,
    ]
    if month_annex is not None:
        annex.heading = annex.annex_lines[0]

    method = appendix(lang, meta.thresholds, locale, meta.baseline_year)
    if month_annex is not None:
        method.paragraphs.append(say(lang, N_(
            "The month's own value of a year-to-date total is its total less the month before's, given only"
            " when both are recorded (January's is its total); vs the previous month compares it with the"
            " month before's own value, vs the same period last year with the same month's own value a year"
            " earlier, and % of annual plan is it ÷ the annual plan × 100. These are rounded to two decimals;"
            " what cannot be computed is —.")))
    province = sentences.shown(meta.province)
    return Report(
        lang=lang,
        title=say(lang, N_("REPORT")),
        subtitle=about,
        issuer=" ".join(issuer_lines) or say(lang, ISSUER).format(province=province.upper()),
        period=period,
        sections=sections,
        rows=rows,
        appendix=method,
        numbers=locale,
        issuer_lines=issuer_lines,
        number=say(lang, N_("No.: {number}")).format(number=number),
        place_date=place_date,
        area=sentences.shown(area) if area else None,
        recipients_heading=say(lang, N_("Recipients:")),
        recipients=recipients,
        signature=_signature(kind, lang),
        signer=sentences.shown(frame.signer or ""),
        monthly=month_annex,
        changes=list(changes or []),
        compare_day=compare_day,
    )


def _changes_section(plan: Plan, found: list[monthly.Change], lang: str, locale: NumberFormat, day: date,
                     number: int) -> Section:
    """What changed since the publication of `day`, side by side as statistics offices print it."""
    when = f"{day.day}/{day.month}/{day.year}"  # 31/7/2025, as a dated document writes a day
    heading = say(lang, N_("FIGURES CHANGED SINCE THE PUBLICATION OF {day}")).format(day=when)
    sec = Section(f"{ROMAN[number]}. {heading}")
    if not found:
        sec.paragraphs.append(say(lang, N_("No figure for the reported period has changed since {day}.")).format(
            day=when))
        return sec
    names = {}
    for c in found:
        _, ind = plan.find(c.indicator)
        names[c.indicator] = (sentences.shown(plan_text(ind, "name", lang)), plan_text(ind, "unit", lang))
    sec.paragraphs.append(say(lang, N_("The figures below differ from those known on {day}: the latest publication "
                                       "beside the previous one, with who published each and why it changed."))
                          .format(day=when))
    headers, trows = monthly.change_table(found, names, lang, locale)
    sec.table = Table(headers, trows, [""] * len(trows), [True, False, False, True, True, True, False], verdict_last=False)
    return sec


def _estimate_heading(period: Period | None, lang: str) -> str:
    """'Ước TH 6 tháng', 'Ước TH năm 2025': the figures of the period, as a report estimates them."""
    if period is None:
        return say(lang, N_("Actual"))
    if period.month == 12:
        return say(lang, N_("Est. {year}")).format(year=period.year)
    if period.month == 1:
        return say(lang, N_("Est. January"))
    return say(lang, N_("Est. {months} months")).format(months=period.month)


def _md_cell(text: str) -> str:
    return text.replace("|", "\\|")


def all_sections(r: Report) -> list[Section]:
    """The sections, the annex, then the method note: the order in which every format shows them."""
    return [*r.sections, *([r.monthly] if r.monthly is not None else []), *([r.appendix] if r.appendix is not None else [])]


def frame_lines(r: Report) -> list[str]:
    """The head of the document on plain lines: issuer, number, place and date."""
    return [" ".join(r.issuer_lines) or BLANK, r.number, r.place_date]


def closing_lines(r: Report) -> tuple[list[str], list[str]]:
    """Recipients, and the signature with the signer's name (or a blank to fill)."""
    return [r.recipients_heading, *r.recipients], [*r.signature, r.signer or BLANK]


def _md_table(tb: Table) -> list[str]:
    out = ["| " + " | ".join(_md_cell(h) for h in tb.headers) + " |"]
    out.append("|" + "|".join("---:" if n else "---" for n in tb.numeric) + "|")
    out += ["| " + " | ".join(_md_cell(c) for c in row) + " |" for row in tb.rows]
    return [*out, ""]


def _md_section(s: Section) -> list[str]:
    out = [f"{'#' * s.level} {s.heading}", ""]
    for line in s.annex_lines[1:]:
        out += [f"**{line}**" if line.isupper() else f"*{line}*", ""]
    for para in s.paragraphs:
        out += [para, ""]
    if s.blank:
        out += [f"*{s.blank}*", ""]
    if s.bullets:
        out += [f"- {b}" for b in s.bullets] + [""]
    if s.table is not None:
        out += _md_table(s.table)
    return out


def markdown(r: Report) -> str:
    from kehoach.render import brief

    # The brief first, one line each (a hard line break: two spaces), for who reads only the top.
    out = [f"{line}  " for line in brief.lines(r)] + ["", f"# {r.title}", "", f"*{r.subtitle}*", ""]
    out += [" · ".join(frame_lines(r)), ""]
    for s in r.body:
        out += _md_section(s)
    recipients, signature = closing_lines(r)
    out += [f"**{recipients[0]}**", "", *(f"{line}  " for line in recipients[1:]), ""]  # "  ": a line break
    out += [*(f"**{line}**  " for line in signature[:-1]), "", signature[-1], ""]
    for s in [*r.annexes, *([r.appendix] if r.appendix is not None else [])]:
        out += _md_section(s)
    return "\n".join(out).rstrip() + "\n"


def _wrap(text: str, width: int, indent: str = "", first: str = "") -> list[str]:
    import textwrap

    return textwrap.wrap(text, width=width, initial_indent=first or indent, subsequent_indent=indent, break_on_hyphens=False) or [
        ""
    ]


def text(r: Report, width: int = 100) -> str:
    """Plain text for a terminal, an e-mail or a printer: wrapped, the table in aligned columns."""
    out = [*frame_lines(r), "", *_wrap(r.title, width), *_wrap(r.subtitle, width), ""]

    def section(s: Section) -> None:
        nonlocal out
        if s.level == 2:
            out += [s.heading, "=" * min(len(s.heading), width), ""]
        else:
            out += [s.heading, ""]
        for line in s.annex_lines[1:]:
            out += [*_wrap(line, width), ""]
        for para in s.paragraphs:
            out += [*_wrap(para, width), ""]
        if s.blank:
            out += [*_wrap(s.blank, width), ""]
        for b in s.bullets:
            out += _wrap(b, width, indent="  ", first="• ")
        if s.bullets:
            out.append("")
        if s.table is not None:
            out += [*_text_table(s.table, width), ""]

    for s in r.body:
        section(s)
    recipients, signature = closing_lines(r)
    out += [*recipients, "", *signature, ""]
    for s in [*r.annexes, *([r.appendix] if r.appendix is not None else [])]:
        section(s)
    while out and out[-1] == "":
        out.pop()
    return "\n".join(line.rstrip() for line in out) + "\n"


def _text_table(tb: Table, width: int) -> list[str]:
    """Aligned columns; the indicator name takes the room left and wraps, long units wrap at 12."""
    widths = [max(len(h), *(len(row[i]) for row in tb.rows)) if tb.rows else len(h) for i, h in enumerate(tb.headers)]
    wrap_headers = not tb.verdict_last  # the month's tables: long headers over a few lines, as a printed table has them
    if wrap_headers:
        widths = [max(max(len(w) for w in h.split()), *(len(row[i]) for row in tb.rows), min(len(h), 10))
                  for i, h in enumerate(tb.headers)]
    name_col, unit_col = 1, 2
    widths[unit_col] = min(widths[unit_col], 12)
    others = sum(w for i, w in enumerate(widths) if i != name_col) + 2 * (len(widths) - 1)
    widths[name_col] = max(16, min(widths[name_col], width - others))

    def line(cells: list[str], header: bool = False) -> list[str]:
        wrapped = [_wrap(c, widths[i]) if i in (name_col, unit_col) or (header and wrap_headers) else [c]
                   for i, c in enumerate(cells)]
        height = max(len(w) for w in wrapped)
        lines = []
        for k in range(height):
            parts = []
            for i, w in enumerate(wrapped):
                cell = w[k] if k < len(w) else ""
                parts.append(cell.rjust(widths[i]) if tb.numeric[i] else cell.ljust(widths[i]))
            lines.append("  ".join(parts))
        return lines

    out = line(tb.headers, header=True)
    out.append("  ".join("-" * w for w in widths))
    for row in tb.rows:
        out += line(row)
    return out
