"""Rich tables for people at a terminal: the only module that imports Rich.

Two promises hold at every terminal width:
- a number, a unit, a period or a verdict is never cut: when the table cannot hold them all at
  their full width, it folds (the unit under the name, the period under the value), and below
  that it shows one block per indicator or record;
- text that people typed (notes, sources, offices, names of areas and indicators) is shown as
  typed: never read as Rich markup, with control characters made visible (`sentences.shown`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from rich import box
from rich.console import Console
from rich.measure import Measurement
from rich.table import Table
from rich.text import Text

from kehoach.core.numbers import NumberFormat, number_format, round_to
from kehoach.core.planview import plan_text
from kehoach.environment import Environment
from kehoach.i18n import N_, direction_label, kind_label, label, other_languages, translator
from kehoach.render import sentences
from kehoach.render.look import VERDICT_LOOK, look

STATUS_STYLE = {status: v.terminal for status, v in VERDICT_LOOK.items()}
DASH = "—"
SPARKS = "▁▂▃▄▅▆▇█"
# The narrowest an indicator name (or a note) may be made before the table is given up for blocks.
NAME_MIN = 12
NOT_FINAL = "*"
LEGEND_NOT_FINAL = N_("* not final: the plan year is over but there is no December figure")


class _Console(Console):
    """Rich's Console, except that a reader going away is left to the CLI (exit 141, as the README
    says) instead of Rich's own exit 1."""

    def on_broken_pipe(self) -> None:
        raise BrokenPipeError(32, "Broken pipe")


def console(env: Environment | None = None) -> Console:
    """A console writing to `env`'s stdout (the process's when not given), as wide as `env` says:
    escapes only when it takes them (Rich also honours TERM=dumb), colour unless NO_COLOR. Markup
    and emoji codes are off: every string printed here is text, never a command."""
    env = env or Environment.from_process()
    return _Console(file=env.stdout, width=env.width, force_terminal=env.styled, no_color=not env.colour,
                    _environ=dict(env.environ), highlight=False, soft_wrap=False, markup=False, emoji=False)


def user(text: str | None, style: str = "") -> Text:
    """Text someone typed, shown as typed (no markup, control characters escaped)."""
    return Text(sentences.shown(text or ""), style=style, overflow="fold")


def _num(v: Decimal | None, nf: NumberFormat, places: int | None = None) -> str:
    return nf.num(v, places)


def _signed(v: Decimal | None, nf: NumberFormat) -> str:
    return nf.signed(v)


def sparkline(values: list[Decimal]) -> str:
    if not values:
        return ""
    lo, hi = min(values), max(values)
    if hi == lo:
        return SPARKS[3] * len(values)
    return "".join(SPARKS[int((v - lo) / (hi - lo) * (len(SPARKS) - 1))] for v in values)


# ─────────────────────────── a table that folds rather than cuts ───────────────────────────


@dataclass
class Col:
    """One column: `cell` gives its text for a row; `wrap` columns (names, notes) may wrap and
    fold, every other column keeps its cells whole on one line."""

    key: str
    header: str
    cell: Callable[[Any], Any]
    right: bool = False
    wrap: bool = False
    style: str = ""


@dataclass
class Grid:
    """Rows of one table, with section rows (a group's name) between them."""

    title: Text | None
    columns: list[Col]
    items: list[tuple[str, Any]] = field(default_factory=list)  # ("row", item) or ("section", text)
    wrap_min: int = NAME_MIN  # the narrowest the wrapping column may be (a unit folded into it: its width)
    cells: dict[tuple[int, int], Text] = field(default_factory=dict)


def _as_text(value: Any) -> Text:
    if isinstance(value, Text):
        return value
    return Text("" if value is None else str(value))


def _cell(grid: Grid, n: int, item: Any) -> Text:
    """The cell of column `n` for `item`, made once (the fit test and the table share it)."""
    key = (n, id(item))
    found = grid.cells.get(key)
    if found is None:
        found = grid.cells[key] = _as_text(grid.columns[n].cell(item))
    return found


def _table(grid: Grid, **table_opts: Any) -> Table:
    t = Table(**table_opts)
    for c in grid.columns:
        if c.wrap:
            t.add_column(c.header, ratio=1, overflow="fold", style=c.style)
        else:
            t.add_column(c.header, justify="right" if c.right else "left", no_wrap=True, style=c.style)
    return t


def _build(grid: Grid, **table_opts: Any) -> Table:
    t = _table(grid, title=grid.title, **table_opts)
    blank = ["" for _ in grid.columns]
    wrap_at = next((i for i, c in enumerate(grid.columns) if c.wrap), 0)
    for kind, item in grid.items:
        if kind == "section":
            cells: list[Any] = list(blank)
            cells[wrap_at] = Text(sentences.shown(item).upper(), style="bold")
            t.add_row(*cells)
        else:
            t.add_row(*(_cell(grid, n, item) for n in range(len(grid.columns))))
    return t


def _fits(grid: Grid, width: int, out: Console, **table_opts: Any) -> bool:
    """Whether the table holds every cell whole in `width` columns: each column no narrower than
    its widest line (a wrapping column: wrap_min), measured on a one-row stand-in of the table."""
    from rich.cells import cell_len

    widths = []
    for n, c in enumerate(grid.columns):
        if c.wrap:
            widths.append(max(NAME_MIN, grid.wrap_min))
            continue
        w = max(cell_len(line) for line in c.header.split("\n"))
        for kind, item in grid.items:
            if kind == "row":
                w = max(w, *(cell_len(line) for line in _cell(grid, n, item).plain.split("\n")))
        widths.append(w)
    probe = _table(grid, **table_opts)
    probe.add_row(*("x" * w for w in widths))
    wide = out.options.update_width(100_000)
    return Measurement.get(out, wide, probe).maximum <= width


def _blocks(out: Console, title: Text | None, items: Sequence[tuple[str, Any]], head: Callable[[Any], Text],
            fields: Callable[[Any], list[tuple[str, Any]]], sub: Callable[[Any], Text] | None = None) -> None:
    """One block per item: its name, then `label: value` lines, for a terminal too narrow for columns."""
    if title is not None:
        out.print(title)
    for kind, item in items:
        if kind == "section":
            out.print()
            out.print(Text(sentences.shown(item).upper(), style="bold"), overflow="fold")
            continue
        out.print(head(item), overflow="fold")
        if sub is not None:  # a long identifier, on a line of its own
            out.print(Text("  ").append_text(sub(item)), overflow="fold")
        g = Table.grid(padding=(0, 1))
        g.add_column(no_wrap=True, style="dim")
        g.add_column(overflow="fold")
        for key, value in fields(item):
            if value is None or str(value) == "":
                continue
            g.add_row("  " + key, _as_text(value))
        out.print(g)


def _show(out: Console, layouts: list[Grid], blocks: Callable[[], None], **table_opts: Any) -> None:
    """The first layout that holds every value whole at this width, else the blocks."""
    for grid in layouts:
        if _fits(grid, out.width, out, **table_opts):
            out.print(_build(grid, **table_opts))
            return
    blocks()


# ─────────────────────────── one line per row (hledger's budget report) ───────────────────────────

# A name shortened on screen keeps at least this many characters before its "…" (and its unit);
# below that the table folds instead (the folded layouts above).
NAME_SHORTEST = 5
# Optional columns are dropped (by their `drop` rank) until the names have this much room.
NAME_ROOM = 34
ELLIPSIS = "…"


@dataclass
class LineCol:
    """A column of the one-line layout: its cells are made once; `drop` > 0 means the column may
    be left out when the screen is narrow (the highest rank goes first); `decimal` aligns the
    decimal separators of its numbers, as hledger does."""

    key: str
    header: str
    cells: list[Text]
    right: bool = False
    drop: int = 0
    marks: set[str] = field(default_factory=set)

    @property
    def width(self) -> int:
        from rich.cells import cell_len

        return max([*(cell_len(h) for h in self.header.split("\n")), *(c.cell_len for c in self.cells)])

    def folded(self) -> LineCol:
        """The same column with its header on two lines ("% of\nplan"), for a narrow screen."""
        from dataclasses import replace

        return replace(self, header=self.header.replace(" ", "\n", 1))


def align_decimals(cells: list[str], decimal: str) -> list[str]:
    """Right-aligned numbers whose decimal separators line up: the integer parts end in one column
    (a dash or a number without decimals stands where the integers end)."""
    import re

    number = re.compile(r"^[+\-−]?[\d.,\u00a0 ]*\d$")

    def frac(s: str) -> str:
        if number.match(s) and decimal in s:
            return s[s.rindex(decimal):]
        return ""

    longest = max((len(frac(s)) for s in cells), default=0)
    return [s + " " * (longest - len(frac(s))) for s in cells]


def shorten(text: str, room: int) -> str:
    """`text` in at most `room` cells, ending in "…" when it had to be shortened (screen only)."""
    from rich.cells import cell_len

    if cell_len(text) <= room:
        return text
    out = ""
    for ch in text:
        if cell_len(out + ch) > room - 1:
            break
        out += ch
    return out.rstrip() + ELLIPSIS


def line_layout(width: int, names: list[tuple[str, str]], name_header: str, before: list[LineCol],
                after: list[LineCol], shortest: int = NAME_SHORTEST) -> tuple[list[LineCol], int, int] | None:
    """Which columns to keep so that every row is one line of `width`: optional columns dropped
    first, then the names shortened (never below NAME_SHORTEST characters before their unit).
    Returns the kept columns, the room of the name column and the gap between columns; None when
    one line per row cannot hold every value whole, or leaves a name fewer than `shortest` characters."""
    from rich.cells import cell_len

    wanted = max([cell_len(name_header), *(cell_len(n) + (cell_len(u) + 3 if u else 0) for n, u in names)])
    needed = max([cell_len(name_header), *(shortest + 1 + (cell_len(u) + 3 if u else 0) for _n, u in names)])
    optional = sorted({c.drop for c in before + after if c.drop > 0}, reverse=True)
    stages = [set(optional[:n]) for n in range(len(optional) + 1)]
    flat_fit: tuple[list[LineCol], int, int] | None = None
    folded_fit: tuple[list[LineCol], int, int] | None = None
    for dropped in stages:
        flat = [c for c in before + after if c.drop not in dropped]
        for gap, kept in ((2, flat), (1, flat)):
            room = width - sum(c.width for c in kept) - gap * len(kept)
            if room >= min(wanted, NAME_ROOM):
                return kept, min(room, wanted), gap
            if room >= needed:
                flat_fit = kept, room, gap
        if flat_fit is None:  # headers on two lines, only when one line per row needs it
            kept = [c.folded() for c in flat]
            room = width - sum(c.width for c in kept) - len(kept)
            if room >= needed:
                folded_fit = kept, min(room, wanted), 1
    return flat_fit or folded_fit


def print_lines(out: Console, kept: list[LineCol], names: list[Text], name_header: str, room: int, gap: int,
                name_at: int, items: list[tuple[str, Any]]) -> None:
    """The rows, one line each, with the header underlined; section rows (a group's name) between."""
    cols: list[LineCol | None] = [*kept[:name_at], None, *kept[name_at:]]
    space = " " * gap

    def line(cells: list[Text]) -> Text:
        t = Text()
        for n, (c, cell) in enumerate(zip(cols, cells, strict=True)):
            if n:
                t.append(space)
            w = room if c is None else c.width
            pad = " " * (w - cell.cell_len)
            if c is not None and c.right:
                t.append(pad).append_text(cell)
            else:
                t.append_text(cell).append(pad if n < len(cols) - 1 else "")
        t.rstrip()
        return t

    headers = [name_header if c is None else c.header for c in cols]
    tall = max(h.count("\n") + 1 for h in headers)
    for n in range(tall):  # a header on two lines stands on the line above the others
        parts = [([""] * (tall - h.count("\n") - 1) + h.split("\n"))[n] for h in headers]
        out.print(line([Text(x, style="bold") for x in parts]), no_wrap=True, crop=False)
    total = room + sum(c.width for c in kept) + gap * len(kept)
    out.print(Text("─" * total, style="dim"), no_wrap=True, crop=False)
    row = 0
    for kind, item in items:
        if kind == "section":
            out.print(Text(shorten(sentences.shown(item).upper(), total), style="bold"), no_wrap=True, crop=False)
            continue
        cells = [names[row] if c is None else c.cells[row] for c in cols]
        out.print(line(cells), no_wrap=True, crop=False)
        row += 1
    out.print()


def name_cell(name: str, unit: str, room: int) -> Text:
    """A name with its unit in brackets, in `room` cells: the name shortened with "…" (the unit,
    a value, never)."""
    from rich.cells import cell_len

    suffix = f" ({unit})" if unit else ""
    t = Text(shorten(name, room - cell_len(suffix)))
    t.append(suffix, style="dim")
    return t


def scaled_bar(score: Decimal | None, status: str, width: int = 8) -> Text:
    """A bar of the actual against the position expected by now (the verdict's own measure): full
    to the "│" tick at 100 % of expected, two cells past it up to 125 %. So a short bar means
    behind, whatever the share of the annual plan; no bar when there is no expected position."""
    if score is None:
        return Text(" " * (width + 3))
    eighths = max(0, min(width * 8, int(score * width * 8 / 100)))
    full, part = divmod(eighths, 8)
    below = ("█" * full + (" ▏▎▍▌▋▊▉"[part] if part else "")).ljust(width, "·")
    over = max(0, min(16, int((score - 100) * 16 / 25))) if score > 100 else 0
    full2, part2 = divmod(over, 8)
    above = ("█" * full2 + (" ▏▎▍▌▋▊▉"[part2] if part2 else "")).ljust(2)
    style = STATUS_STYLE.get(status, "")
    return Text(below, style=style).append("│", style="bold").append(above, style=style)


# ─────────────────────────── status ───────────────────────────


def verdict_text(p: Any, lang: str, marks: set[str] | None = None) -> Text:
    """The verdict, coloured; a verdict that is not the year's final one carries a marker."""
    text = sentences.verdict_label(p, lang)
    if getattr(p, "final", None) is False:
        text += NOT_FINAL
        if marks is not None:
            marks.add("not_final")
    return Text(f"{look(p.status).symbol} {text}", style=STATUS_STYLE.get(p.status, ""))


def scoreboard_text(rows: Any, lang: str, width: int) -> list[Text]:
    """'Chỉ số (45): ● 30 Đúng tiến độ · ▲ 13 Có nguy cơ · ▼ 2 Chậm tiến độ' (render/brief's words),
    coloured, in lines of `width` broken only between two counts, so that a verdict is never split."""
    from kehoach.render.brief import scoreboard_pieces

    head, counts = scoreboard_pieces(rows, lang)
    pieces = [Text(head), *(Text(text, style=STATUS_STYLE.get(status, "")) for status, text in counts)]
    lines = [pieces[0]]
    for n, piece in enumerate(pieces[1:]):
        sep = " " if n == 0 else " · "
        if lines[-1].cell_len + len(sep) + piece.cell_len <= width:
            lines[-1] = Text.assemble(lines[-1], sep, piece)
        else:
            lines.append(Text.assemble("  ", piece))
    return lines


def status_table(plan: Any, rows: Any, lang: str, locale: NumberFormat | str, *, as_of: Any = None, area: Any = None,
                 env: Environment | None = None) -> None:
    nf = number_format(locale)
    meta = plan.plan
    out = console(env)
    title = plan_text(meta, "title", lang)
    caption_bits = [f"{meta.province}"]
    # The period the screen is about, in its title: a row's period is shown only where it differs.
    periods = [p.period for p in rows if p.period is not None]
    shown_period = as_of if as_of is not None else (max(periods) if periods else None)
    if shown_period is not None:
        caption_bits.append(sentences.month_year(shown_period, lang))
    if area is not None:
        caption_bits.append(label(lang, "area", area=area))
    title_text = Text(sentences.shown(f"{title} — {' — '.join(caption_bits)}"), style="bold")
    by_area = len({p.area for p in rows}) > 1
    # Before any actual is recorded the actual columns would hold only dashes, and the change the
    # plan asks for is what matters; once actuals come in, they take its place (JSON keeps both).
    with_actuals = any(p.actual is not None for p in rows)
    marks: set[str] = set()
    # Where a cell notes the marks it uses (ᵈ, ᵍ, *): the legend below names only those shown.
    sink_of = [marks]

    def cell_with(cell: Callable[[Any], Any], p: Any, sink: set[str]) -> Any:
        sink_of[0] = sink
        try:
            return cell(p)
        finally:
            sink_of[0] = marks

    def baseline_cell(p: Any) -> str:
        base = nf.num(p.baseline)
        if p.baseline_kind == "derived":
            sink_of[0].add("derived")
            return base + "ᵈ"
        if p.baseline_kind == "mid_year":
            sink_of[0].add("mid_year")
            return base + "ᵍ"
        return base

    def change_cell(p: Any) -> str:
        change = nf.signed(p.change_needed)
        if p.change_needed_percent is not None:
            change += f" ({nf.signed(round_to(p.change_needed_percent, 1))}%)"
        return change

    def name(p: Any) -> str:
        return sentences.name_of(p, lang)

    def unit(p: Any) -> str:
        return sentences.unit_of(p, lang)

    def area_name(p: Any) -> str:
        return sentences.shown(p.area) if p.area else label(lang, "whole_province")

    def actual_cell(p: Any) -> str:
        return nf.num(p.actual)

    def period_cell(p: Any) -> str:
        return str(p.period) if p.period else DASH

    def trend_cell(p: Any) -> str:
        return sparkline([a.value for a in p.history if p.period is None or a.period.year == p.period.year])

    numbers: dict[int, str] = {}  # the target's number on its first row only
    last_target = None
    for p in rows:
        numbers[id(p)] = str(p.target_number) if p.target_number != last_target else ""
        last_target = p.target_number

    def number_col() -> Col:
        return Col("number", label(lang, "number"), lambda p: numbers[id(p)], right=True)

    def columns(fold: bool, decor: bool) -> list[Col]:
        if fold:  # the unit (and the area) under the name, the period under the value
            def folded_name(p: Any) -> Text:  # the target's number in front: one column less
                t = Text(f"({numbers[id(p)]}) " if numbers[id(p)] else "", style="bold")
                t.append(name(p))
                if by_area:
                    t.append("\n" + area_name(p), style="italic")
                t.append("\n" + unit(p), style="dim")
                return t

            cols = [Col("indicator", label(lang, "indicator"), folded_name, wrap=True)]
        else:
            cols = [number_col(), Col("indicator", label(lang, "indicator"), name, wrap=True)]
            if by_area:
                cols.append(Col("area", label(lang, "area_col"), area_name))
            cols.append(Col("unit", label(lang, "unit"), unit))
        cols += [
            Col("baseline", label(lang, "baseline", year=meta.baseline_year), baseline_cell, right=True),
            Col("target", label(lang, "target", year=meta.year), lambda p: sentences.target_symbol(p, nf), right=True),
        ]
        if with_actuals:
            if fold:
                cols.append(Col("actual", label(lang, "actual"),
                                lambda p: actual_cell(p) + ("\n" + period_cell(p) if p.period else ""), right=True))
            else:
                cols.append(Col("actual", label(lang, "actual"), actual_cell, right=True))
                cols.append(Col("period", label(lang, "period"), period_cell))
            cols.append(Col("percent", label(lang, "percent"), lambda p: nf.num(p.percent_of_plan, 1), right=True))
            if decor:
                cols.append(Col("bar", "", lambda p: scaled_bar(p.score, p.status)))
            cols.append(Col("gap", label(lang, "gap"), lambda p: nf.signed(p.gap), right=True))
            if decor:
                cols.append(Col("trend", label(lang, "trend"), trend_cell))
        else:
            cols.append(Col("change", label(lang, "change", year=meta.baseline_year), change_cell, right=True))
        cols.append(Col("status", label(lang, "status"), lambda p: verdict_text(p, lang, sink_of[0])))
        return cols

    def folded(cols: list[Col]) -> list[Col]:  # headers on two lines, so that they are no wider than the numbers
        for c in cols:
            if not c.wrap:
                c.header = c.header.replace(" ", "\n", 1)
        return cols

    items: list[tuple[str, Any]] = []
    last_group = None
    for p in rows:
        if p.group != last_group:
            g = plan.group(p.group)
            items.append(("section", plan_text(g, "name", lang)))
            last_group = p.group
        items.append(("row", p))

    opts = {"box": box.SIMPLE_HEAD, "header_style": "bold", "pad_edge": False, "collapse_padding": True}
    layouts = [Grid(title_text, columns(fold, decor), items) for fold, decor in ((False, True), (False, False), (True, False))]
    layouts.append(Grid(title_text, folded(columns(True, False)), items))
    from rich.cells import cell_len

    longest_unit = max((cell_len(unit(p)) for p in rows), default=0)
    for grid in layouts:
        grid.wrap_min = NAME_MIN if "unit" in {c.key for c in grid.columns} else longest_unit

    def blocks() -> None:
        def head(p: Any) -> Text:
            t = Text(f"({p.target_number}) ", style="bold")
            t.append(name(p), style="bold")
            return t

        def fields(p: Any) -> list[tuple[str, Any]]:
            f: list[tuple[str, Any]] = []
            if by_area:
                f.append((label(lang, "area_col"), area_name(p)))
            f += [
                (label(lang, "unit"), unit(p)),
                (label(lang, "baseline", year=meta.baseline_year), baseline_cell(p)),
                (label(lang, "target", year=meta.year), sentences.target_symbol(p, nf)),
            ]
            if with_actuals:
                f += [
                    (label(lang, "actual"), actual_cell(p) + (f" ({p.period})" if p.period else "")),
                    (label(lang, "percent"), nf.num(p.percent_of_plan, 1)),
                    (label(lang, "gap"), nf.signed(p.gap)),
                ]
            else:
                f.append((label(lang, "change", year=meta.baseline_year), change_cell(p)))
            f.append((label(lang, "status"), verdict_text(p, lang, sink_of[0])))
            return f

        _blocks(out, None, items, head, fields)

    def one_line() -> bool:
        """One line per indicator (hledger's budget report): the unit with the name, the period
        only where it differs from the title's, optional columns dropped when narrow."""
        data = [p for kind, p in items if kind == "row"]
        if not data:
            return False

        def col(key: str, header: str, cell: Callable[[Any], Any], right: bool = False, drop: int = 0,
                decimal: bool = False) -> LineCol:
            sink: set[str] = set()
            made = [_as_text(cell_with(cell, p, sink)) for p in data]
            if decimal:
                aligned = align_decimals([c.plain for c in made], nf.point)
                made = [Text(a, style=c.style) if a != c.plain else c for a, c in zip(aligned, made, strict=True)]
            return LineCol(key, header, made, right=right, drop=drop, marks=sink)

        other_period = any(p.period is not None and p.period != shown_period for p in data)
        before = [col("number", label(lang, "number"), lambda p: numbers[id(p)], right=True)]
        after: list[LineCol] = []
        if by_area:
            after.append(col("area", label(lang, "area_col"), area_name))
        after.append(col("baseline", label(lang, "baseline", year=meta.baseline_year), baseline_cell, right=True,
                         drop=2, decimal=True))
        after.append(col("target", label(lang, "target", year=meta.year), lambda p: sentences.target_symbol(p, nf),
                         right=True))
        if with_actuals:
            after.append(col("actual", label(lang, "actual"), actual_cell, right=True, decimal=True))
            if other_period:
                after.append(col("period", label(lang, "period"),
                                 lambda p: str(p.period) if p.period is not None and p.period != shown_period else ""))
            after.append(col("percent", label(lang, "percent"), lambda p: nf.num(p.percent_of_plan, 1), right=True,
                             decimal=True))
            if any(p.score is not None for p in data):
                after.append(col("bar", "", lambda p: scaled_bar(p.score, p.status), drop=1))
            after.append(col("gap", label(lang, "gap"), lambda p: nf.signed(p.gap), right=True, drop=3, decimal=True))
            if any(trend_cell(p) for p in data):
                after.append(col("trend", label(lang, "trend"), trend_cell, drop=4))
        else:
            after.append(col("change", label(lang, "change", year=meta.baseline_year), change_cell, right=True))
        after.append(col("status", label(lang, "status"), lambda p: verdict_text(p, lang, sink_of[0])))
        name_parts = [(name(p), unit(p)) for p in data]
        chosen = line_layout(out.width, name_parts, label(lang, "indicator"), before, after)
        if chosen is None:
            return False
        kept, room, gap = chosen
        for c in kept:
            marks.update(c.marks)
        names = [name_cell(n, u, room) for n, u in name_parts]
        out.print()
        print_lines(out, kept, names, label(lang, "indicator"), room, gap, len(before), items)
        return True

    out.print(title_text, overflow="fold")
    if with_actuals:
        for board in scoreboard_text(rows, lang, out.width):
            out.print(board, overflow="fold")
    for grid in layouts:
        grid.title = None
    if not one_line():
        marks.clear()
        sink_of[0] = marks

        if any(_fits(grid, out.width, out, **opts) for grid in layouts):
            out.print()  # (the blocks put a blank line above each group's name themselves)
        _show(out, layouts, blocks, **opts)
    if "derived" in marks:
        out.print(label(lang, "legend_derived"), style="dim")
    if "mid_year" in marks:
        out.print(label(lang, "legend_mid_year"), style="dim")
    if "not_final" in marks:
        out.print(translator(lang)._(LEGEND_NOT_FINAL), style="dim")


def headline(lang: str, result: Any, plan: Any, env: Environment | None = None) -> None:
    out = console(env)
    if not result.any_actual:
        out.print(label(lang, "no_records", year=plan.plan.year, base=plan.plan.baseline_year))
        return
    if result.targets is None:  # one indicator across areas (--by-area): no headline over the targets
        return
    out.print(Text(sentences.headline(result, lang)))


# ─────────────────────────── list ───────────────────────────


def list_table(plan: Any, lang: str, locale: NumberFormat | str, areas: bool = False, env: Environment | None = None) -> None:
    nf = number_format(locale)
    out = console(env)
    meta = plan.plan
    part_of = translator(lang)._("Part of")
    # the same look as status and history: a rule under the headers, no box
    opts = {"box": box.SIMPLE_HEAD, "header_style": "bold", "pad_edge": False, "collapse_padding": True}
    if areas:
        area_items = [("row", a) for a in plan.areas]
        cols = [
            Col("area", label(lang, "area_col"), lambda a: user(a.name), wrap=True),
            Col("kind", label(lang, "kind"), lambda a: user(a.kind)),
            Col("parent", part_of, lambda a: user(a.parent)),
            Col("targets", label(lang, "target", year=meta.year),
                lambda a: Text(", ".join(x.indicator for x in a.targets), overflow="fold")),
        ]
        title = Text(label(lang, "area_col"), style="bold")

        def area_blocks() -> None:
            _blocks(out, title, area_items, lambda a: user(a.name, "bold"), lambda a: [
                (label(lang, "kind"), user(a.kind)),
                (part_of, user(a.parent)),
                (label(lang, "target", year=meta.year), ", ".join(x.indicator for x in a.targets)),
            ])

        _show(out, [Grid(title, cols, area_items)], area_blocks, **opts)
        return
    title_text = Text(sentences.shown(label(lang, "title_list", title=plan_text(meta, "title", lang))), style="bold")
    items: list[tuple[str, Any]] = []
    last_group = None
    for target in plan.targets:
        if target.group != last_group:
            g = plan.group(target.group)
            items.append(("section", plan_text(g, "name", lang)))
            last_group = target.group
        for n, ind in enumerate(target.indicators):
            items.append(("row", (target, n, ind)))

    def name(item: Any) -> str:
        return sentences.name_of(item[2], lang)

    def unit(item: Any) -> str:
        return sentences.unit_of(item[2], lang)

    def number(item: Any) -> str:
        return str(item[0].number) if item[1] == 0 else ""

    def target_cell(item: Any) -> str:
        return sentences.shown(sentences.target_text(item[2], lang, nf))

    def indicator_cols(fold: bool) -> list[Col]:
        out_cols = [
            Col("number", label(lang, "number"), number, right=True),
            Col("id", label(lang, "id"), lambda i: i[2].id, style="cyan"),
        ]
        if fold:
            out_cols.append(Col("indicator", label(lang, "indicator"),
                                lambda i: Text(name(i)).append("\n" + unit(i), style="dim"), wrap=True))
        else:
            out_cols += [Col("indicator", label(lang, "indicator"), name, wrap=True),
                         Col("unit", label(lang, "unit"), unit)]
        out_cols.append(Col("target", label(lang, "target", year=meta.year), target_cell, right=True))
        return out_cols

    def blocks() -> None:
        def head(item: Any) -> Text:
            t = Text(f"({item[0].number}) " if item[1] == 0 else "", style="bold")
            t.append(name(item), style="bold")
            return t

        def sub(i: Any) -> Text:  # its id and its target (whose words carry the unit) on one line when they fit
            line = Text(i[2].id, style="cyan").append(f"  {label(lang, 'target', year=meta.year)}: {target_cell(i)}")
            return line if line.cell_len + 2 <= out.width else Text(i[2].id, style="cyan")

        _blocks(out, None, items, head, lambda i: [] if sub(i).cell_len > len(i[2].id) else [
            (label(lang, "unit"), unit(i)),
            (label(lang, "target", year=meta.year), target_cell(i)),
        ], sub=sub)

    from rich.cells import cell_len

    longest_unit = max((cell_len(unit(i)) for kind, i in items if kind == "row"), default=0)
    layouts = [Grid(None, indicator_cols(False), items),
               Grid(None, indicator_cols(True), items, wrap_min=longest_unit)]
    out.print(title_text, overflow="fold")
    data = [i for kind, i in items if kind == "row"]
    before = [LineCol("number", label(lang, "number"), [Text(number(i)) for i in data], right=True),
              LineCol("id", label(lang, "id"), [Text(i[2].id, style="cyan") for i in data])]
    after = [LineCol("target", label(lang, "target", year=meta.year), [Text(target_cell(i)) for i in data], right=True)]
    parts = [(name(i), "") for i in data]  # the target, in words, carries the unit: "16.500 tỷ đồng"
    # a list is read for its names as much as its ids: one line only when a name keeps 24 characters
    chosen = line_layout(out.width, parts, label(lang, "indicator"), before, after, shortest=24) if data else None
    if chosen is not None:  # one line per indicator, as status
        kept, room, gap = chosen
        out.print()
        print_lines(out, kept, [name_cell(n, u, room) for n, u in parts], label(lang, "indicator"), room, gap,
                    len(before), items)
        return
    if any(_fits(grid, out.width, out, **opts) for grid in layouts):
        out.print()
    _show(out, layouts, blocks, **opts)


# ─────────────────────────── show ───────────────────────────


def _note(ind: Any, key: str, lang: str) -> Text | None:
    """A plan note in the language asked for; in the other language, marked, when that is all there is."""
    from kehoach.core.planview import note_in

    found = note_in(ind, key, lang)
    if found is None:
        return None
    text, other = found
    t = user(text)
    if other:
        t.append(f" [{other}]", style="dim")
    return t


def show_panel(plan: Any, target: Any, ind: Any, progress: Any, records: Any, lang: str, locale: NumberFormat | str,
               superseded: set[str] | None = None, env: Environment | None = None) -> None:
    nf = number_format(locale)
    out = console(env)
    meta = plan.plan
    g = plan.group(target.group)
    t = Table(show_header=False, box=None, pad_edge=False)
    # A key column of at most a third of the screen; values take the rest and wrap between words
    # (a number and its unit never hold a space inside, so wrapping never cuts one).
    t.add_column(style="bold", overflow="fold", max_width=max(8, out.width // 3))
    t.add_column(ratio=1, overflow="fold")

    def row(k: str, v: Any) -> None:
        if v not in (None, ""):
            t.add_row(Text(k), v if isinstance(v, Text) else user(v))

    row(label(lang, "id"), ind.id)
    row(label(lang, "indicator"), plan_text(ind, "name", lang))
    for other in other_languages(lang):  # the name as the plan writes it in the other language
        row("", plan_text(ind, "name", other))
    tn = label(lang, "target_n", n=target.number)
    if target.source_label:
        tn += f" ({label(lang, 'source_label', label=sentences.shown(target.source_label))})"
    row(tn, target.wording)
    row(label(lang, "group"), plan_text(g, "name", lang))
    row(label(lang, "unit"), plan_text(ind, "unit", lang))
    row(label(lang, "kind"), kind_label(lang, ind.kind))
    row(label(lang, "direction"), direction_label(lang, ind.direction))
    row(label(lang, "target", year=meta.year), sentences.target_line(progress, ind, lang, nf))
    row("  " + label(lang, "source"), ind.target_source)
    row("  ", ind.target_ref)
    row("  " + label(lang, "note"), _note(ind, "target_note", lang))
    base = nf.num(ind.baseline)
    if ind.baseline is not None and ind.baseline_kind != "estimate":
        base += f" ({ind.baseline_kind})"
    row(label(lang, "baseline", year=meta.baseline_year), base)
    row("  " + label(lang, "source"), ind.baseline_source)
    row("  ", ind.baseline_ref)
    row("  " + label(lang, "note"), _note(ind, "baseline_note", lang))
    marks: set[str] = set()
    if progress is not None:
        row(label(lang, "actual"), f"{nf.num(progress.actual)} ({progress.period or DASH})")
        row(label(lang, "percent"), nf.num(progress.percent_of_plan, 1))
        row(label(lang, "gap"), nf.signed(progress.gap))
        row(label(lang, "status"), verdict_text(progress, lang, marks))
    out.print(t)
    if "not_final" in marks:
        out.print(translator(lang)._(LEGEND_NOT_FINAL), style="dim")
    if records:
        history_table(ind, records, lang, nf, superseded=superseded or set())


# ─────────────────────────── history ───────────────────────────


_STAGE_WORDS = {"estimate": N_("estimate"), "preliminary": N_("preliminary"), "official": N_("official")}


def history_table(
    ind: Any, records: Any, lang: str, locale: NumberFormat | str, superseded: set[str], conflicting: set[str] | None = None,
    env: Environment | None = None,
) -> None:
    nf = number_format(locale)
    out = console(env)
    name = plan_text(ind, "name", lang)
    title = Text(sentences.shown(label(lang, "history_title", name=name)), style="bold", justify="center")

    def note(r: Any) -> Text:
        t = Text(overflow="fold")
        bits: list[Text] = []
        stage = _STAGE_WORDS.get(getattr(r, "stage", None) or "")
        if stage:  # how far the figure has come: an estimate and its official revision side by side
            bits.append(Text(sentences.say(lang, stage), style="italic"))
        if r.revises:
            bits.append(Text(f"[{label(lang, 'revision')}] ").append(sentences.shown(r.reason or "")))
        if r.note:
            bits.append(Text(sentences.shown(r.note)))
        if r.source:
            bits.append(Text(f"{label(lang, 'source')}: ").append(sentences.shown(r.source)))
        if r.id in superseded:
            bits.append(Text(f"({label(lang, 'superseded')})"))
        elif conflicting and r.id in conflicting:  # stands, but another office gives another value
            bits.append(Text(f"({label(lang, 'conflicting')})"))
        for n, b in enumerate(bits):
            if n:
                t.append("; ")
            t.append_text(b)
        t.rstrip()
        return t

    def value(r: Any) -> Text:
        v = Text(nf.num(r.value))
        if r.id in superseded:
            v.stylize("strike dim")
        elif conflicting and r.id in conflicting:
            v.stylize("bold yellow")
        return v

    def area(r: Any) -> str:
        return sentences.shown(r.area) if r.area else label(lang, "whole_province")

    def when(r: Any) -> str:
        return str(r.recorded_at.strftime("%Y-%m-%d %H:%M %z"))

    items = [("row", r) for r in records]
    cols = [
        Col("period", label(lang, "period"), lambda r: str(r.period)),
        Col("area", label(lang, "area_col"), area),
        Col("value", label(lang, "value"), value, right=True),
        Col("recorded_at", label(lang, "recorded_at"), when),
        Col("by", label(lang, "by"), lambda r: sentences.shown(r.by)),
        Col("note", label(lang, "note"), note, wrap=True),
        Col("id", label(lang, "id"), lambda r: r.id, style="dim"),
    ]

    # Folded: the office over its area, the time over the record's id.
    folded = [
        Col("period", label(lang, "period"), lambda r: str(r.period)),
        Col("value", label(lang, "value"), value, right=True),
        Col("by", f"{label(lang, 'by')}\n{label(lang, 'area_col')}",
            lambda r: Text(sentences.shown(r.by)).append("\n" + area(r), style="italic")),
        Col("recorded_at", f"{label(lang, 'recorded_at')}\n{label(lang, 'id')}",
            lambda r: Text(when(r)).append("\n" + r.id, style="dim")),
        Col("note", label(lang, "note"), note, wrap=True),
    ]

    def blocks() -> None:
        def head(r: Any) -> Text:
            t = Text(f"{r.period}  ", style="bold")
            t.append_text(value(r))
            return t

        _blocks(out, title, items, head, lambda r: [
            (label(lang, "area_col"), area(r)),
            (label(lang, "recorded_at"), when(r)),
            (label(lang, "by"), sentences.shown(r.by)),
            (label(lang, "note"), note(r)),
        ], sub=lambda r: Text(r.id, style="dim"))

    _show(out, [Grid(title, cols, items), Grid(title, folded, items)], blocks,
          box=box.SIMPLE_HEAD, header_style="bold", pad_edge=False, collapse_padding=True)


def trend_line(lang: str, values: list[Decimal], locale: NumberFormat | str, env: Environment | None = None) -> None:
    if len(values) < 2:
        return
    nf = number_format(locale)
    out = console(env)
    out.print(Text(f"{label(lang, 'trend')}: {sparkline(values)}  {nf.num(values[0])} → {nf.num(values[-1])}"))


def fits(chart: Any, env: Environment | None = None) -> bool:
    """Whether the plot of a chart fits the terminal's width (a wrapped plot is unreadable; its last
    line, the legend, is words and may fold)."""
    width = console(env).width
    return all(sum(len(piece) for piece, _ in line) <= width for line in chart.lines[:-1])


def print_chart(chart: Any, env: Environment | None = None) -> None:
    """A render.chart.Chart at the terminal: its marks coloured (plain when piped or NO_COLOR);
    on a terminal too narrow for it, only its title (the sentence below says the same in words)."""
    out = console(env)
    out.print(Text(chart.title, style="bold"), overflow="fold")
    if not fits(chart, env):
        return
    for line in chart.lines:
        text = Text()
        for piece, style in line:
            text.append(piece, style=style or None)
        text.rstrip()
        out.print(text)


def print_text(text: str, env: Environment | None = None) -> None:
    """A sentence or paragraph, as plain text (never markup)."""
    console(env).print(Text(text))
