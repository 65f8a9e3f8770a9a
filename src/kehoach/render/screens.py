"""The reading commands' screens — `status`, `show`, `history` — drawn on the Environment they are
given: the table (render/table.py, the only Rich) and the lines under it."""

from __future__ import annotations

import textwrap
from typing import Any

from kehoach.core.status import HistoryView, IndicatorView, StatusResult
from kehoach.environment import Environment
from kehoach.i18n import _


def status_screen(env: Environment, plan: Any, result: StatusResult, lang: str, numbers: Any) -> None:
    """`kehoach status`: the table, its headline, then what the verdicts rest on, the offices that
    disagree and the values that are not the province's own records."""
    from kehoach.render import table

    table.status_table(plan, result.rows, lang, numbers, as_of=result.as_of, area=result.area, env=env)
    table.headline(lang, result, plan, env=env)
    stage_line(env, result.rows)
    conflict_block(env, plan, result.conflicts, lang, numbers)
    derived_block(env, result.rows, lang)


def show_screen(env: Environment, plan: Any, view: IndicatorView, lang: str, numbers: Any) -> None:
    """`kehoach show`: the panel, the reference of the year, then the target's other facts."""
    from kehoach.render import table

    p = view.progress
    table.show_panel(plan, view.target, view.indicator, p, view.records, lang, numbers, view.superseded, env=env)
    if p.baseline is not None and p.base_source:  # the one reference of the year
        env.stdout.write(reference_line(p.baseline, p.base_source, numbers) + "\n")
    lines = target_facts(p, view.indicator, lang, numbers)
    if lines:
        env.stdout.write("".join(line + "\n" for line in lines))


def history_screen(env: Environment, plan: Any, view: HistoryView, lang: str, numbers: Any) -> None:
    """`kehoach history`: the records, the trend of the values in force, each period on its own, and
    the offices that disagree (nothing recorded: a line on stderr)."""
    from kehoach.i18n import label
    from kehoach.render import table

    if not view.records:
        env.stderr.write(label(lang, "no_history", id=view.indicator.id) + "\n")
        return
    table.history_table(view.indicator, view.records, lang, numbers, view.superseded, view.conflicting, env=env)
    table.trend_line(lang, view.trend, numbers, env=env)
    if view.months:
        env.stdout.write(own_line(view.months, view.area, lang, numbers) + "\n")
    conflict_block(env, plan, view.conflicts, lang, numbers)


def stage_line(env: Environment, rows: list[Any]) -> None:
    """Under the table, once any figure says its stage: how many of the verdicts rest on official,
    preliminary and estimated figures (and on figures whose stage is not said)."""
    shown = [p for p in rows if p.actual is not None]
    if not any(p.stage for p in shown):
        return
    said = {"official": _("{n} official"), "preliminary": _("{n} preliminary"), "estimate": _("{n} estimated"),
            None: _("{n} not said")}
    parts = [text.format(n=n) for stage, text in said.items() if (n := sum(1 for p in shown if p.stage == stage))]
    line = _("The figures the verdicts rest on: {parts}").format(parts=", ".join(parts))
    env.stdout.write(textwrap.fill(line, width=max(getattr(env, "width", 80) or 80, 20)) + "\n")


def conflict_block(env: Environment, plan: Any, conflicts: list[Any], lang: str, locale: Any) -> None:
    """Offices that disagree, after a table: each value with its office, and how to settle it."""
    if not conflicts:
        return
    from kehoach.render.report import CONFLICT_T, conflict_line, settle_hint

    lines = [f"\n{CONFLICT_T[lang]['label']}:"]
    for c in conflicts:
        lines += [f"  ! {conflict_line(plan, c, lang, locale)}", f"    {settle_hint(c, lang)}"]
    env.stdout.write("\n".join(lines) + "\n")


def derived_block(env: Environment, rows: list[Any], lang: str) -> None:
    """After a table: the values that are not the province's own records — its areas' roll-up (Σ), a
    merged province's predecessors combined (⊕) — and why a roll-up or a combination has none (∅)."""
    from kehoach.render.sentences import name_of

    lines = []
    for p in rows:
        name = name_of(p, lang)
        rolled, combined = getattr(p, "rolled_up_from", None), getattr(p, "combined_from", None)
        if rolled is not None and rolled["value"] is not None:
            areas = ", ".join(a["area"] for a in rolled["areas"])
            said = (_("{name} ({period}): the sum of its areas' figures ({areas})") if rolled["method"] in ("sum", "recount")
                    else _("{name} ({period}): weighted from its areas' figures ({areas})"))
            lines.append("  Σ " + said.format(name=name, period=rolled["period"], areas=areas))
        elif rolled is not None and rolled["message"]:
            lines.append(f"  ∅ {name}: {rolled['message']}")
        if combined is not None and combined["value"] is not None:
            names = ", ".join(c["name"] for c in combined["predecessors"])
            lines.append("  ⊕ " + _("{name} ({period}): combined from {names}").format(
                name=name, period=combined["period"], names=names))
        elif combined is not None and combined["message"] and combined["value"] is None:
            lines.append(f"  ∅ {name}: {combined['message']}")
    if lines:
        width = max(getattr(env, "width", 80) or 80, 20)  # wrapped to the screen like the table above it
        wrapped = [textwrap.fill(line, width=width, subsequent_indent="    ", break_on_hyphens=False) for line in lines]
        heading = textwrap.fill(_("Not the province's own records:"), width=width)
        env.stdout.write("\n" + heading + "\n" + "\n".join(wrapped) + "\n")


def target_facts(p: Any, ind: Any, lang: str, numbers: Any) -> list[str]:
    """`show`'s lines for how often the indicator is published, the month's own value, the target
    in force (an amendment), the growth scenario, and each other basis of the target."""
    from kehoach.core.periods import quarter_name
    from kehoach.core.planview import plan_text
    from kehoach.render.contract import spec_text
    from kehoach.render.sentences import verdict_label

    unit = plan_text(ind, "unit", lang)
    quarterly = p.frequency == "quarterly"
    lines = []
    if quarterly:
        lines.append(_("Published quarterly: Q1, 6 months, 9 months and the full year (values for 03, 06, 09, 12)"))
        if p.period is not None and quarter_name(p.period):
            lines.append(_("Latest: {period} ({key})").format(period=quarter_name(p.period), key=p.period))
    if p.month_value is not None and p.period is not None:
        lines.append(month_line(p, unit, numbers))
    if p.amended_from is not None:
        lines.append(_("Amended target from {period}: {target} — {source}; the plan first set {original}").format(
            period=p.amended_from, target=p.target_text or spec_text(_spec_of(p), ind.unit, lang),
            source=p.amendment_source, original=spec_text(p.original_spec, ind.unit, lang)))
    for a in p.amendments:
        if p.amended_from is None or a.start > p.amended_from:
            lines.append(_("Amendment from {period}: {target} — {source}; not in force for the period shown").format(
                period=a.start, target=spec_text(a, ind.unit, lang), source=a.source))
    if p.expected_basis == "scenario" and p.expected is not None:
        lines.append(_("Expected by {period}, by the growth scenario: {value}").format(
            period=p.period, value=numbers.num(p.exact.get("expected", p.expected)) + _unit_suffix(unit)))
    for o in p.other_targets:
        name = plan_text(o.spec, "label", lang)
        said = spec_text(o.spec, ind.unit, lang)
        if p.actual is None or o.percent_of_plan is None:
            lines.append(_("Against {label}: {target}").format(label=name, target=said))
        else:
            lines.append(_("Against {label} ({target}): {percent}% — {verdict}").format(
                label=name, target=said, percent=numbers.num(o.percent_of_plan, 1), verdict=verdict_label(o, lang)))
        lines.append("  " + _("Source: {source}").format(source=o.spec.source))
    return lines


def _spec_of(p: Any) -> Any:
    from kehoach.core.progress import Spec

    return Spec(p.target, p.target_form, p.target_high, p.change, p.target_text)


def _unit_suffix(unit: str) -> str:
    return unit if unit.startswith("%") else f" {unit}"


def month_line(p: Any, unit: str, numbers: Any) -> str:
    """'Riêng tháng 5/2025: 405,6 tỷ đồng, bằng 6,2% kế hoạch năm; tăng 15,4% so với tháng trước
    (351,56 tỷ đồng); tăng 38,4% so với cùng kỳ (293,02 tỷ đồng)' — rounded once, to 1 decimal."""
    from kehoach.core.periods import quarter_name

    if p.frequency == "quarterly":
        when = quarter_name(p.period) or str(p.period)
        bits = [_("On its own, the quarter to {period}: {value}").format(
            period=when, value=numbers.num(p.month_value) + _unit_suffix(unit))]
    else:
        bits = [_("On its own, month {month}/{year}: {value}").format(
            month=p.period.month, year=p.period.year, value=numbers.num(p.month_value) + _unit_suffix(unit))]
    if p.month_percent_of_plan is not None:
        bits[0] += ", " + _("{percent}% of the year's target").format(percent=numbers.num(p.month_percent_of_plan, 1))
    if p.mom_percent is not None:
        if p.frequency == "quarterly":
            said = _("up {percent}% on the quarter before ({value})") if p.mom_percent >= 0 else \
                _("down {percent}% on the quarter before ({value})")
        else:
            said = _("up {percent}% on the month before ({value})") if p.mom_percent >= 0 else \
                _("down {percent}% on the month before ({value})")
        bits.append(said.format(percent=numbers.num(abs(p.mom_percent), 1),
                                value=numbers.num(p.previous_month_value) + _unit_suffix(unit)))
    if p.month_yoy_percent is not None:
        said = _("up {percent}% on the same period last year ({value})") if p.month_yoy_percent >= 0 else \
            _("down {percent}% on the same period last year ({value})")
        bits.append(said.format(percent=numbers.num(abs(p.month_yoy_percent), 1),
                                value=numbers.num(p.last_year_month_value) + _unit_suffix(unit)))
    return "; ".join(bits)


def reference_line(value: Any, source: str, numbers: Any) -> str:
    """'Mốc so sánh của năm: 35 (số chính thức 2024-12 trong sổ)' — what the path, the change and
    "so với cùng kỳ" start from (docs/method.md, "The baseline")."""
    if source.startswith("ledger "):
        where = _("the official {period} value in the ledger").format(period=source.removeprefix("ledger "))
    else:
        where = _("the plan's estimate")
    return _("Reference for the year: {value} ({source})").format(value=numbers.num(value), source=where)


def own_line(months: list[Any], area: str | None, lang: str, numbers: Any) -> str:
    """'Riêng từng kỳ (toàn tỉnh): 2025-04 351,56 · 2025-05 405,6 (+15,4%)'."""
    from kehoach.i18n import label

    where = area if area is not None else label(lang, "whole_province")
    bits = [f"{period} {numbers.num(value)}" + (f" ({numbers.signed(mom, 1)}%)" if mom is not None else "")
            for period, (value, mom) in months]
    return _("Each period on its own ({where}): {values}").format(where=where, values=" · ".join(bits))
