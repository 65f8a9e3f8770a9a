"""A terminal chart of one indicator: the months recorded against the expected path and the target.

Built as plain rows of characters, each with a style name, so that it can be tested as text and
coloured by Rich at a terminal.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from kehoach.core.numbers import NumberFormat
from kehoach.core.progress import expected_path
from kehoach.i18n import NP_, Words
from kehoach.render import sentences

COL = 4  # characters per month
HEIGHT = 12

MARKS = {
    "actual": ("●", "bold"),
    "last_year": ("○", "dim"),
    "expected": ("·", "cyan"),
    "target": ("━", "green"),
}

LEGEND = Words({
    "actual": NP_("chart legend", "actual"),
    "last_year": NP_("chart legend", "last year"),
    "expected": NP_("chart legend", "expected path"),
    "target": NP_("chart legend", "annual plan"),
})


@dataclass
class Chart:
    title: str
    lines: list[list[tuple[str, str]]]  # each line: (text, style) pieces


def _target_lines(p: Any) -> list[Decimal]:
    """The levels the target line(s) stand at: for a planned change, the level it asks for."""
    if getattr(p, "change", None) is not None:
        return [p.reference] if p.reference is not None else []
    return [t for t in (p.target, p.target_high) if t is not None]


def build(p: Any, lang: str, locale: NumberFormat | str, year: int, col: int = COL) -> Chart:
    """The chart; `col` characters per month (3 or 4: narrower terminals take 3)."""
    name, unit = sentences.name_of(p, lang), sentences.unit_of(p, lang)
    title = f"{name} ({unit}) — {year}" + (f" — {sentences.shown(p.area)}" if p.area else "")
    actual = {a.period.month: a.value for a in p.history if a.period.year == year}
    before = {a.period.month: a.value for a in p.history if a.period.year == year - 1}
    expected = expected_path(p, year) if p.target is not None else {}
    values = [*actual.values(), *before.values(), *expected.values()]
    values += _target_lines(p)
    if not values:
        return Chart(title, [[(sentences.verdict_phrase("no_data", lang), "dim")]])
    lo, hi = min(values), max(values)
    if p.kind == "flow" and lo > 0:
        lo = Decimal(0)
    if hi == lo:
        hi, lo = hi + 1, lo - 1 if lo != 0 or p.kind != "flow" else lo
    step = (hi - lo) / (HEIGHT - 1)

    def row_of(v: Decimal) -> int:
        return HEIGHT - 1 - int(((v - lo) / step).to_integral_value())

    grid: list[list[tuple[str, str]]] = [[(" ", "")] * (12 * col + 1) for _ in range(HEIGHT)]

    def put(r: int, c: int, kind: str) -> None:
        if 0 <= r < HEIGHT and 0 <= c < len(grid[0]):
            grid[r][c] = MARKS[kind]

    targets = _target_lines(p)
    for t in targets:
        r = row_of(t)
        for c in range(len(grid[0])):
            put(r, c, "target")
    for m, v in expected.items():
        put(row_of(v), m * col - 2, "expected")
    for m, v in actual.items():
        put(row_of(v), m * col - 2, "actual")
    for m, v in before.items():  # beside this year's value when both fall in one cell: the legend promises it
        at = m * col - 2
        if m in actual and row_of(actual[m]) == row_of(v):
            at -= 1
        put(row_of(v), at, "last_year")

    labelled = {0: hi, HEIGHT - 1: lo}
    for t in targets:
        labelled[row_of(t)] = t
    if actual:
        last = actual[max(actual)]
        labelled.setdefault(row_of(last), last)
    labels = {r: sentences.num(v if abs(v) >= 100 else v.quantize(Decimal("0.01")).normalize(), locale) for r, v in labelled.items()}
    width = max(len(s) for s in labels.values())
    lines = []
    for r in range(HEIGHT):
        axis = "┤" if r in labels else "│"
        lines.append([(labels.get(r, "").rjust(width) + " " + axis, "dim"), *grid[r]])
    lines.append([(" " * width + " └" + "".join("─" * (col - 2) + "┴─" for _ in range(12)), "dim")])
    lines.append([(" " * (width + 2) + "".join(str(m).rjust(col - 1) + " " for m in range(1, 13)), "dim")])
    legend: list[tuple[str, str]] = [(" " * (width + 2), "")]
    shown = ["actual", "expected", "target"] + (["last_year"] if before else [])
    for kind in shown:
        mark, style = MARKS[kind]
        legend += [(mark, style), (f" {LEGEND.word(lang, kind)}   ", "")]
    lines.append(legend)
    return Chart(title, lines)
