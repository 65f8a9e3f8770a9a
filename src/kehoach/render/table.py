"""Rich tables for people at a terminal: the only module that imports Rich."""

from __future__ import annotations

import os
import sys
from decimal import Decimal
from typing import Any

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from kehoach.core.numbers import format_number, round_to
from kehoach.i18n import DIRECTION_LABELS, KIND_LABELS, label
from kehoach.render import words

STATUS_STYLE = {
    "achieved": "bold green",
    "on_track": "green",
    "at_risk": "yellow",
    "off_track": "bold red",
    "missed": "bold red",
    "no_data": "dim",
    "no_target": "dim",
}
DASH = "—"
SPARKS = "▁▂▃▄▅▆▇█"


class _Console(Console):
    """Rich's Console, except that a reader going away is left to the CLI (exit 141, as the README
    says) instead of Rich's own exit 1."""

    def on_broken_pipe(self) -> None:
        raise BrokenPipeError(32, "Broken pipe")


def console() -> Console:
    """Colour only on a terminal (Rich also honours NO_COLOR and TERM=dumb); wide when piped."""
    width = None
    if not sys.stdout.isatty():
        try:
            width = int(os.environ.get("COLUMNS", "")) or 160
        except ValueError:
            width = 160
    return _Console(width=width, highlight=False, soft_wrap=False)


def _num(v: Decimal | None, locale: str, places: int | None = None) -> str:
    return DASH if v is None else format_number(v, locale, places)


def _signed(v: Decimal | None, locale: str) -> str:
    if v is None:
        return DASH
    s = format_number(v, locale)
    return s if v < 0 else ("+" + s if v > 0 else s)


def sparkline(values: list[Decimal]) -> str:
    if not values:
        return ""
    lo, hi = min(values), max(values)
    if hi == lo:
        return SPARKS[3] * len(values)
    return "".join(SPARKS[int((v - lo) / (hi - lo) * (len(SPARKS) - 1))] for v in values)


# Columns that give way, in this order, when the terminal is too narrow for all of them: a
# cropped verdict is worse than a missing trend line.
OPTIONAL_COLUMNS = ("trend", "bar", "period", "baseline", "unit")


def status_table(plan, rows, lang: str, locale: str, *, as_of=None, area=None) -> None:
    meta = plan.plan
    out = console()
    title = meta.title if lang == "vi" else (meta.title_en or meta.title)
    caption_bits = [f"{meta.province}"]
    if as_of is not None:
        caption_bits.append(label(lang, "as_of", period=as_of))
    if area is not None:
        caption_bits.append(label(lang, "area", area=area))
    by_area = len({p.area for p in rows}) > 1
    # Before any actual is recorded the actual columns would hold only dashes, and the change the
    # plan asks for is what matters; once actuals come in, they take its place (JSON keeps both).
    with_actuals = any(p.actual is not None for p in rows)
    marks: set[str] = set()

    def baseline_cell(p) -> str:
        base = _num(p.baseline, locale)
        if p.baseline_kind == "derived":
            marks.add("derived")
            return base + "ᵈ"
        if p.baseline_kind == "mid_year":
            marks.add("mid_year")
            return base + "ᵍ"
        return base

    def change_cell(p) -> str:
        change = _signed(p.change_needed, locale)
        if p.change_needed_percent is not None:
            change += f" ({_signed(round_to(p.change_needed_percent, 1), locale)}%)"
        return change

    right = {"justify": "right", "no_wrap": True}
    # (key, header, column options, cell) — the cell of the first two is filled in the loop below
    specs: list[tuple[str, str, Any, Any]] = [
        ("number", label(lang, "number"), right, None),
        ("indicator", label(lang, "indicator"), {"ratio": 1, "min_width": 14}, None),
    ]
    if by_area:
        specs.append(("area", label(lang, "area_col"), {}, lambda p: p.area or label(lang, "whole_province")))
    specs += [
        ("unit", label(lang, "unit"), {"max_width": 11}, lambda p: p.unit if lang == "vi" else p.unit_en),
        ("baseline", label(lang, "baseline", year=meta.baseline_year), right, baseline_cell),
        ("target", label(lang, "target", year=meta.year), right, lambda p: words.target_symbol(p, locale)),
    ]
    if with_actuals:
        specs += [
            ("actual", label(lang, "actual"), right, lambda p: _num(p.actual, locale)),
            ("period", label(lang, "period"), {"no_wrap": True}, lambda p: str(p.period) if p.period else DASH),
            ("percent", label(lang, "percent"), right, lambda p: _num(p.percent_of_plan, locale, 1)),
            ("bar", "", {"no_wrap": True}, lambda p: percent_bar(p.percent_of_plan, p.status)),
            ("gap", label(lang, "gap"), right, lambda p: _signed(p.gap, locale)),
            (
                "trend",
                label(lang, "trend"),
                {"no_wrap": True},
                lambda p: sparkline([a.value for a in p.history if p.period is None or a.period.year == p.period.year]),
            ),
        ]
    else:
        specs.append(("change", label(lang, "change", year=meta.baseline_year), right, change_cell))
    specs.append(
        (
            "status",
            label(lang, "status"),
            {"no_wrap": True},
            lambda p: Text(words.verdict_label(p, lang), style=STATUS_STYLE.get(p.status, "")),
        )
    )

    def build(specs) -> Table:
        table = Table(
            title=f"{title} — {' · '.join(caption_bits)}",
            box=box.SIMPLE_HEAD,
            header_style="bold",
            pad_edge=False,
            collapse_padding=True,
        )
        for _, header, opts, _ in specs:
            table.add_column(header, **opts)
        blank = [""] * (len(specs) - 2)
        last_group = last_target = None
        for p in rows:
            if p.group != last_group:
                g = plan.group(p.group)
                name = g.name if lang == "vi" else (g.name_en or g.name)
                table.add_row("", Text(name.upper(), style="bold"), *blank)
                last_group = p.group
            number = str(p.target_number) if p.target_number != last_target else ""
            last_target = p.target_number
            cells = [number, p.name if lang == "vi" else p.name_en]
            cells += [cell(p) for _, _, _, cell in specs[2:]]
            table.add_row(*cells)
        return table

    for key in OPTIONAL_COLUMNS:
        if _needed_width(specs, rows) <= out.width:
            break
        specs = [s for s in specs if s[0] != key]
    marks.clear()
    out.print(build(specs))
    if "derived" in marks:
        out.print(label(lang, "legend_derived"), style="dim")
    if "mid_year" in marks:
        out.print(label(lang, "legend_mid_year"), style="dim")


def _needed_width(specs, rows) -> int:
    """The narrowest the status table can be without cutting a number or a verdict: every
    no-wrap column at its widest cell, the indicator name at its minimum, the unit at 11."""
    from rich.cells import cell_len

    total = 0
    for key, header, opts, cell in specs:
        if key == "indicator":
            width = opts["min_width"]
        elif cell is None:
            width = 2
        else:
            texts = [header, *(str(cell(p)) for p in rows)]
            width = max(cell_len(t) for t in texts)
            if "max_width" in opts:
                width = min(width, opts["max_width"])
        total += width + 2  # the padding either side of a column
    return total + 2


def headline(lang: str, result, plan) -> None:
    out = console()
    if not result.any_actual:
        out.print(label(lang, "no_records", year=plan.plan.year, base=plan.plan.baseline_year))
        return
    if result.targets is None:  # one indicator across areas (--by-area): no headline over the targets
        return
    out.print(words.headline(result, lang))


def percent_bar(value: Decimal | None, status: str, width: int = 10) -> Text:
    """A bar of % of plan, full at 100 (a bar cannot go past full: the number says by how much)."""
    if value is None:
        return Text("")
    filled = max(0, min(width * 8, int(value * width * 8 / 100)))
    full, part = divmod(filled, 8)
    bar = "█" * full + (" ▏▎▍▌▋▊▉"[part] if part else "")
    return Text(bar.ljust(width, "·"), style=STATUS_STYLE.get(status, ""))


def list_table(plan, lang: str, locale: str, areas: bool = False) -> None:
    out = console()
    meta = plan.plan
    if areas:
        t = Table(title=label(lang, "area_col"), header_style="bold")
        t.add_column(label(lang, "area_col"))
        t.add_column(label(lang, "kind"))
        t.add_column("parent")
        t.add_column(label(lang, "target", year=meta.year))
        for a in plan.areas:
            t.add_row(a.name, a.kind or "", a.parent or "", ", ".join(x.indicator for x in a.targets))
        out.print(t)
        return
    title = meta.title if lang == "vi" else (meta.title_en or meta.title)
    t = Table(title=label(lang, "title_list", title=title), header_style="bold")
    t.add_column(label(lang, "number"), justify="right", no_wrap=True)
    t.add_column(label(lang, "id"), no_wrap=True, style="cyan")
    t.add_column(label(lang, "indicator"), ratio=1)
    t.add_column(label(lang, "unit"), max_width=14)
    t.add_column(label(lang, "target", year=meta.year), justify="right", no_wrap=True)
    last_group = None
    for target in plan.targets:
        if target.group != last_group:
            g = plan.group(target.group)
            t.add_row("", "", Text((g.name if lang == "vi" else (g.name_en or g.name)).upper(), style="bold"), "", "")
            last_group = target.group
        for n, ind in enumerate(target.indicators):
            t.add_row(
                str(target.number) if n == 0 else "",
                ind.id,
                ind.name if lang == "vi" else ind.name_en,
                ind.unit if lang == "vi" else ind.unit_label_en,
                words.target_text(ind, lang, locale),
            )
    out.print(t)


def show_panel(plan, target, ind, progress, records, lang: str, locale: str) -> None:
    out = console()
    meta = plan.plan
    g = plan.group(target.group)
    t = Table(show_header=False, box=None, pad_edge=False)
    t.add_column(style="bold", no_wrap=True)
    t.add_column(ratio=1)

    def row(k: str, v) -> None:
        if v not in (None, ""):
            t.add_row(k, v)

    vi = lang == "vi"
    row(label(lang, "id"), ind.id)
    row(label(lang, "indicator"), ind.name if vi else ind.name_en)
    row("", ind.name_en if vi else ind.name)
    tn = label(lang, "target_n", n=target.number)
    if target.source_label:
        tn += f" ({label(lang, 'source_label', label=target.source_label)})"
    row(tn, target.wording)
    row(label(lang, "group"), g.name if vi else (g.name_en or g.name))
    row(label(lang, "unit"), ind.unit if vi else ind.unit_label_en)
    row(label(lang, "kind"), KIND_LABELS[lang][ind.kind])
    row(label(lang, "direction"), DIRECTION_LABELS[lang][ind.direction])
    row(label(lang, "target", year=meta.year), words.target_line(progress, ind, lang, locale))
    row("  " + label(lang, "source"), ind.target_source)
    row("  ", ind.target_ref)
    row("  " + label(lang, "note"), ind.target_note)
    base = DASH if ind.baseline is None else format_number(ind.baseline, locale)
    if ind.baseline is not None and ind.baseline_kind != "estimate":
        base += f" ({ind.baseline_kind})"
    row(label(lang, "baseline", year=meta.baseline_year), base)
    row("  " + label(lang, "source"), ind.baseline_source)
    row("  ", ind.baseline_ref)
    row("  " + label(lang, "note"), ind.baseline_note)
    if progress is not None:
        row(label(lang, "actual"), f"{_num(progress.actual, locale)} ({progress.period or DASH})")
        row(label(lang, "percent"), _num(progress.percent_of_plan, locale, 1))
        row(label(lang, "gap"), _signed(progress.gap, locale))
        row(label(lang, "status"), Text(words.verdict_label(progress, lang), style=STATUS_STYLE.get(progress.status, "")))
    out.print(t)
    if records:
        history_table(ind, records, lang, locale, superseded=set())


def history_table(ind, records, lang: str, locale: str, superseded: set[str], conflicting: set[str] | None = None) -> None:
    out = console()
    name = ind.name if lang == "vi" else ind.name_en
    t = Table(title=label(lang, "history_title", name=name), header_style="bold")
    t.add_column(label(lang, "period"), no_wrap=True)
    t.add_column(label(lang, "area_col"))
    t.add_column(label(lang, "value"), justify="right", no_wrap=True)
    t.add_column(label(lang, "recorded_at"), no_wrap=True)
    t.add_column(label(lang, "by"))
    t.add_column(label(lang, "note"), ratio=1)
    t.add_column(label(lang, "id"), style="dim", no_wrap=True)
    for r in records:
        note_bits = []
        if r.revises:
            note_bits.append(f"[{label(lang, 'revision')}] {r.reason or ''}".strip())
        if r.note:
            note_bits.append(r.note)
        if r.source:
            note_bits.append(f"{label(lang, 'source')}: {r.source}")
        value = Text(format_number(r.value, locale))
        if r.id in superseded:
            value.stylize("strike dim")
            note_bits.append(f"({label(lang, 'superseded')})")
        elif conflicting and r.id in conflicting:  # stands, but another office gives another value
            value.stylize("bold yellow")
            note_bits.append("(chưa thống nhất)" if lang == "vi" else "(offices disagree)")
        t.add_row(
            str(r.period),
            r.area or label(lang, "whole_province"),
            value,
            r.recorded_at.strftime("%Y-%m-%d %H:%M %z"),
            r.by,
            "; ".join(note_bits),
            r.id,
        )
    out.print(t)


def trend_line(lang: str, values: list[Decimal], locale: str) -> None:
    if len(values) < 2:
        return
    out = console()
    out.print(f"{label(lang, 'trend')}: {sparkline(values)}  {format_number(values[0], locale)} → {format_number(values[-1], locale)}")


def print_chart(chart) -> None:
    """A render.chart.Chart at the terminal: its marks coloured (plain when piped or NO_COLOR)."""
    out = console()
    out.print(Text(chart.title, style="bold"))
    for line in chart.lines:
        text = Text()
        for piece, style in line:
            text.append(piece, style=style or None)
        text.rstrip()
        out.print(text)
