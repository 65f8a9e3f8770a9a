"""`kehoach check` for people: what needs attention, a line each — in columns on a terminal (as gh
does), tab-separated when piped — and the words of its warnings and of its quiet "OK"."""

from __future__ import annotations

import textwrap
from typing import Any

from kehoach.core.checking import CheckResult
from kehoach.core.planview import plan_text
from kehoach.i18n import _
from kehoach.render import sentences
from kehoach.render.look import look

_MARKS = {"conflict": "!", "missing": "?", "area_difference": "≠"}


def missing_line(m: Any, name: str, year: int) -> str:
    """What is missing, in words: the period that was due, the latest recorded, and why it is due."""
    if m.reason == "nothing_recorded":
        return _("{name}: nothing is recorded for {year} although its first quarter is over").format(name=name, year=year)
    if m.latest is None:
        return _("{name}: no value for {year} yet, though last year's {last_year} was recorded").format(
            name=name, year=year, last_year=m.last_year)
    return _("{name}: no value for {due} or later (the latest is {latest}); last year's {last_year} was recorded").format(
        name=name, due=m.due, latest=m.latest, last_year=m.last_year)


def difference_line(d: Any, name: str, unit: str, numbers: Any) -> str:
    """The province's figure, its areas' roll-up and the difference, in words."""
    said = (_("{name}, {period}: the province's own figure is {own} {unit}, its areas' weighted value is {areas} "
              "{unit} (a difference of {difference})") if d.method in ("weighted", "per_capita")
            else _("{name}, {period}: the province's own figure is {own} {unit}, the sum of its areas' is {areas} "
                   "{unit} (a difference of {difference})"))
    return said.format(name=name, period=d.period, own=numbers.num(d.province_value), areas=numbers.num(d.areas_value),
                       unit=unit, difference=numbers.signed(d.difference))


def fall_warnings(check: CheckResult, numbers: Any) -> list[str]:
    """A year-to-date total below an earlier month: accepted, but said, where it fell (17.000 in
    November after 20.000 in October)."""
    return [_("{id}: the year-to-date total fell in {period}: {value}, below {before} in {before_period}").format(
        id=p.id, period=fall.period, value=numbers.num(fall.value), before=numbers.num(fall.before),
        before_period=fall.before_period) for p in check.status.rows for fall in p.falls]


def found(check: CheckResult, plan: Any, lang: str, numbers: Any) -> list[tuple[str, str, str, str]]:
    """What needs attention, one (kind, label, indicator, sentence) each: flagged verdicts, offices
    that disagree, missing values, areas that differ."""
    from kehoach.render.report import CONFLICT_T, conflict_line, settle_hint

    rows = check.status.rows
    out = [(str(p.status), sentences.verdict_label(p, lang), p.id, sentences.sentence(p, lang, numbers))
           for p in check.flagged]
    out += [("conflict", CONFLICT_T[lang]["label"], c.indicator,
             f"{conflict_line(plan, c, lang, numbers)}. {settle_hint(c, lang)}") for c in check.conflicts]
    names = {p.id: sentences.name_of(p, lang) for p in rows}
    units = {p.id: plan_text(p, "unit", lang) for p in rows}
    out += [("missing", _("Missing data"), m.indicator, missing_line(m, names[m.indicator], plan.plan.year))
            for m in check.missing]
    out += [("area_difference", _("Areas differ"), d.indicator,
             difference_line(d, names[d.indicator], units[d.indicator], numbers)) for d in check.differences]
    return out


def lines(items: list[tuple[str, str, str, str]], terminal: bool, width: int) -> list[str]:
    """The lines printed: on a terminal a verdict symbol and label, the id, the sentence (wrapped
    under them when the screen, `width` columns, is narrow); piped, label, id and sentence
    separated by tabs."""
    if not terminal:
        return [f"{label}\t{ind}\t{text}" for _kind, label, ind, text in items]
    if not items:
        return []
    marked = [(f"{_MARKS.get(kind) or look(kind).symbol} {label}", ind, text) for kind, label, ind, text in items]
    first, second = (max(len(row[n]) for row in marked) for n in (0, 1))
    out = []
    for a, b, c in marked:
        head = f"{a.ljust(first)}  {b.ljust(second)}  "
        if len(head) + len(c) <= width:
            out.append(head + c)
        else:  # the sentence under its verdict and id, wrapped between words
            out += [head.rstrip(), *textwrap.wrap(c, max(20, width - 4), initial_indent="    ",
                                                  subsequent_indent="    ", break_on_hyphens=False)]
    return out


def ok_line(check: CheckResult, at_risk: bool) -> str:
    """The quiet check's one line, on a terminal's stderr: nothing needs attention, and the counts."""
    s = check.status.summary
    said = (
        _("OK: nothing at risk or off track ({achieved} achieved, {on_track} on track, {at_risk} at risk, "
          "{no_data} no data)")
        if at_risk
        else _("OK: nothing off track ({achieved} achieved, {on_track} on track, {at_risk} at risk, "
               "{no_data} no data)")
    )
    return said.format(achieved=s["achieved"], on_track=s["on_track"], at_risk=s["at_risk"], no_data=s["no_data"])
