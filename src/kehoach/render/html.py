"""The report as one self-contained HTML file: no script, no network, charts as inline SVG, printable on A4."""

from __future__ import annotations

from decimal import Decimal
from html import escape

from kehoach.core.numbers import NumberFormat, number_format
from kehoach.core.progress import Progress, expected_path, expected_percent_of_target
from kehoach.i18n import N_, NP_, translator
from kehoach.render import sentences
from kehoach.render.look import VERDICT_LOOK, look
from kehoach.render.report import Report, Table
from kehoach.render.sentences import say

COLOURS = {status: v.rgb for status, v in VERDICT_LOOK.items()}

CSS = """
@page { size: A4; margin: 20mm 15mm 20mm 30mm; }
body { font-family: "Times New Roman", Times, serif; font-size: 13pt; line-height: 1.4; color: #111;
       max-width: 180mm; margin: 1em auto; padding: 0 1em; }
header { display: flex; justify-content: space-between; font-weight: bold; font-size: 12pt; }
h1 { font-size: 14pt; text-align: center; margin: 1.2em 0 0.2em; }
.subtitle { text-align: center; font-style: italic; margin-bottom: 1.5em; }
h2 { font-size: 13pt; margin-top: 1.4em; }
h3 { font-size: 13pt; font-style: italic; margin: 1em 0 0.4em; }
p, li { text-align: justify; }
ul { padding-left: 1.2em; }
table { border-collapse: collapse; width: 100%; font-size: 11pt; }
th, td { border: 1px solid #444; padding: 2px 4px; vertical-align: top; }
th { background: #eee; }
td.n { text-align: right; white-space: nowrap; }
.verdict { font-weight: bold; white-space: nowrap; }
figure { margin: 0.6em 0 1em; page-break-inside: avoid; break-inside: avoid; }
figcaption { font-size: 10pt; font-style: italic; }
svg text { font-family: "Times New Roman", Times, serif; }
.legend span { display: inline-block; margin-right: 1em; font-size: 10pt; }
.legend i { display: inline-block; width: 0.9em; height: 0.9em; margin-right: 0.3em; vertical-align: middle; }
.strip { display: flex; flex-wrap: wrap; gap: 0.3em 1.2em; justify-content: center; margin: 0 0 1.5em;
         padding: 0.5em 0.8em; border: 1px solid #444; font-weight: bold; }
.strip span { white-space: nowrap; }
.table-wrap { max-width: 100%; overflow-x: auto; }
svg { max-width: 100%; height: auto; }
/* A phone: the summary table as one card per indicator, each cell with its column's name. */
@media screen and (max-width: 40em) {
  body { padding: 0 0.5em; font-size: 12pt; }
  header { flex-direction: column; gap: 0.4em; }
  table.summary, table.summary tbody, table.summary td { display: block; width: auto; }
  table.summary thead { display: none; }
  table.summary tr { display: flex; flex-wrap: wrap; gap: 0 1em; border: 1px solid #444; margin: 0 0 0.5em;
                     padding: 0.2em 0.4em; }
  table.summary td { border: none; padding: 1px 0; text-align: left; white-space: normal; }
  table.summary td:empty { display: none; }
  table.summary td.name, table.summary td.verdict { flex-basis: 100%; }
  table.summary td.n { text-align: left; }
  table.summary td[data-label]::before { content: attr(data-label) ": "; font-weight: normal; color: #333; }
  table.summary td.name { font-weight: bold; }
  table.summary td.name::before { content: none; }
}
@media print { body { max-width: none; margin: 0; padding: 0; } h2 { page-break-after: avoid; } tr { page-break-inside: avoid; }
               .table-wrap { overflow: visible; } }
"""

# The charts' captions.
CAPTION_BARS = N_("Share of the annual plan reached (%); vertical line: 100% of plan; tick: the position expected by the period")
CAPTION_PATH = N_("{name}: year-to-date actual (solid), expected path (dashed) and annual plan (level line)")
CAPTION_CHARTS = N_("Year-to-date paths of the flow indicators")
# The page's header: the issuing body, and in a Vietnamese report the national motto beside it (a
# translation's page is headed by its issuer alone).
HEADER = NP_("the HTML report's header: the issuer, and beside it in Vietnamese the national motto",
             "<header><div>{issuer}</div></header>")


def _f(x: float) -> str:
    return f"{x:.1f}"


LABEL_GAP = 4.0  # between a bar (or its expected-position mark) and the value written after it


def label_width(text: str, font_size: float) -> float:
    """A generous estimate of a label's width in a serif font (digits and % are at most 0.6 em wide
    in Times New Roman; the % sign is 0.83 em)."""
    return sum(0.83 if ch == "%" else 0.6 for ch in text) * font_size


def bar_chart(rows: list[Progress], lang: str, locale: NumberFormat | str) -> str:
    """% of plan per indicator, coloured by verdict; the expected position marked on each bar."""
    measured = [(p, p.percent_of_plan) for p in rows if p.percent_of_plan is not None]
    if not measured:
        return ""
    label_w, bar_w, row_h = 250, 330, 20
    top = max(Decimal(150), max(min(pct, Decimal(300)) for _p, pct in measured))
    height = row_h * len(measured) + 24
    scale = bar_w / float(top)
    x0 = label_w + 5
    parts = [
        (
            f'<svg xmlns="http://www.w3.org/2000/svg" role="img" class="chart bars" width="100%" '
            f'viewBox="0 0 {label_w + bar_w + 80} {height}" aria-label="{escape(say(lang, CAPTION_BARS))}">'
        )
    ]
    for i, (p, pct) in enumerate(measured):
        y = 4 + i * row_h
        name = sentences.name_of(p, lang)
        short = name if len(name) <= 42 else name[:40] + "…"
        value = float(max(Decimal(0), min(pct, top)))
        parts.append(
            f'<text x="{label_w}" y="{y + 13}" text-anchor="end" font-size="11"><title>{escape(name)}</title>{escape(short)}</text>'
        )
        parts.append(
            f'<rect class="bar {p.status}" x="{x0}" y="{y + 2}" width="{_f(value * scale)}" height="{row_h - 6}" '
            f'fill="{COLOURS[p.status]}"><title>{escape(name)}: {sentences.pct(p.percent_of_plan, locale)}%</title></rect>'
        )
        expected_pct = expected_percent_of_target(p)
        label = f"{sentences.pct(p.percent_of_plan, locale)}%"
        marks = [x0 + 100 * scale]  # the 100 % line, and this row's expected position
        if expected_pct is not None:
            mark_x = x0 + float(min(expected_pct, top)) * scale
            marks.append(mark_x)
            parts.append(
                f'<line class="expected" x1="{_f(mark_x)}" x2="{_f(mark_x)}" y1="{y}" y2="{y + row_h - 2}" stroke="#000" stroke-width="2"/>'
            )
        # the value just after the bar, or past a mark that stands where it would be written
        label_x = x0 + value * scale + LABEL_GAP
        for mark in sorted(marks):
            if label_x - LABEL_GAP / 2 <= mark + 1 and mark - 1 <= label_x + label_width(label, 11):
                label_x = mark + 1 + LABEL_GAP
        parts.append(f'<text class="value" x="{_f(label_x)}" y="{y + 13}" font-size="11">{label}</text>')
    hundred = x0 + 100 * scale
    parts.append(f'<line x1="{_f(hundred)}" x2="{_f(hundred)}" y1="0" y2="{height - 18}" stroke="#333" stroke-dasharray="3 2"/>')
    parts.append(f'<line x1="{x0}" x2="{x0}" y1="0" y2="{height - 18}" stroke="#333"/>')
    parts.append(f'<text class="axis zero" x="{x0}" y="{height - 4}" text-anchor="middle" font-size="10">0</text>')
    parts.append(f'<text x="{_f(hundred)}" y="{height - 4}" text-anchor="middle" font-size="10">100%</text>')
    parts.append(f'<text class="axis unit" x="{_f(x0 + bar_w)}" y="{height - 4}" text-anchor="end" font-size="10">'
                 f"{escape(say(lang, N_('% of the annual plan')))}</text>")
    parts.append("</svg>")
    caption = escape(say(lang, CAPTION_BARS))
    return f"<figure>{''.join(parts)}<figcaption>{caption}</figcaption></figure>"


def path_chart(p: Progress, lang: str, locale: NumberFormat | str) -> str:
    """A flow's months of the plan year against the expected path and the annual target."""
    if p.period is None or p.target is None:
        return ""
    year = p.period.year
    months = {a.period.month: a.value for a in p.history if a.period.year == year}
    if not months:
        return ""

    expected = {0: Decimal(0), **expected_path(p, year)}
    top = float(max([p.target, *months.values(), *expected.values()])) * 1.08 or 1.0
    w, h, left, bottom = 420, 160, 60, 20
    sx = (w - left - 10) / 12
    sy = (h - bottom - 10) / top

    def xy(m: int, v: Decimal) -> str:
        return f"{_f(left + m * sx)},{_f(h - bottom - float(v) * sy)}"

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" role="img" class="chart path" width="100%" viewBox="0 0 {w} {h}">']
    out.append(f'<line x1="{left}" y1="{h - bottom}" x2="{w - 10}" y2="{h - bottom}" stroke="#333"/>')
    out.append(f'<line x1="{left}" y1="10" x2="{left}" y2="{h - bottom}" stroke="#333"/>')
    # the axes say what they measure: 0 and the unit on the left, every month below
    out.append(f'<text class="axis zero" x="{left - 4}" y="{h - bottom + 4}" font-size="10" text-anchor="end">0</text>')
    out.append(f'<text class="axis unit" x="{left + 4}" y="9" font-size="10">{escape(sentences.unit_of(p, lang))}</text>')
    out.append(f'<text class="axis month" x="{left - 4}" y="{h - 5}" font-size="10" text-anchor="end">'
               f"{escape(say(lang, N_('month')))}</text>")
    for m in range(1, 13):
        out.append(f'<text class="axis" x="{_f(left + m * sx)}" y="{h - 5}" font-size="10" text-anchor="middle">{m}</text>')
    ty = h - bottom - float(p.target) * sy
    out.append(
        f'<line class="target" x1="{left}" x2="{w - 10}" y1="{_f(ty)}" y2="{_f(ty)}" stroke="#1b7f3b" stroke-width="1.5"/>'
    )
    out.append(f'<text x="{left - 4}" y="{_f(ty + 4)}" font-size="10" text-anchor="end">{sentences.num(p.target, locale)}</text>')
    exp_points = " ".join(xy(m, v) for m, v in sorted(expected.items()))
    out.append(f'<polyline class="expected" fill="none" stroke="#555" stroke-dasharray="4 3" points="{exp_points}"/>')
    act_points = " ".join(xy(m, v) for m, v in sorted(months.items()))
    colour = COLOURS.get(p.status, "#333")
    out.append(f'<polyline class="actual" fill="none" stroke="{colour}" stroke-width="2.5" points="{act_points}"/>')
    for m, v in sorted(months.items()):
        x, y = xy(m, v).split(",")
        out.append(f'<circle cx="{x}" cy="{y}" r="3" fill="{colour}"><title>{m}/{year}: {sentences.num(v, locale)}</title></circle>')
    out.append("</svg>")
    caption = escape(say(lang, CAPTION_PATH).format(name=sentences.name_of(p, lang)))
    return f"<figure>{''.join(out)}<figcaption>{caption}</figcaption></figure>"


def render(r: Report, locale: NumberFormat | str | None = None) -> str:
    """The report as one HTML page; numbers as the report's own formatter prints them."""
    locale = r.numbers if locale is None else number_format(locale)
    lang = r.lang
    body = [
        translator(lang).word(HEADER).format(issuer=escape(r.issuer)),
        f"<h1>{escape(r.title)}</h1>",
        f'<p class="subtitle">{escape(r.subtitle)}</p>',
        summary_strip(r.rows, lang),
    ]
    for s in [*r.sections, *([r.monthly] if r.monthly is not None else [])]:  # the month's table after the annex
        tag = f"h{s.level}"
        body.append(f"<{tag}>{escape(s.heading)}</{tag}>")
        for para in s.paragraphs:
            body.append(f"<p>{escape(para)}</p>")
        if s.bullets:
            body.append("<ul>" + "".join(f"<li>{escape(b)}</li>" for b in s.bullets) + "</ul>")
        if s.group is not None:
            body.append(bar_chart([p for p in r.rows if p.group == s.group], lang, locale))
        if s.table is not None:
            body.append(_table(s.table))
    flows = [path_chart(p, lang, locale) for p in r.rows if p.kind == "flow" and p.actual is not None]
    flows = [f for f in flows if f]
    if flows:
        body.append(f"<h2>{escape(say(lang, CAPTION_CHARTS))}</h2>")
        body += flows
    legend = "".join(
        f'<span><i style="background:{COLOURS[s]}"></i>{escape(sentences.VERDICT_PHRASE[lang][s])}</span>'
        for s in ("achieved", "on_track", "at_risk", "off_track", "no_data")
    )
    body.append(f'<p class="legend">{legend}</p>')
    if r.appendix is not None:  # the method, last
        body.append(f"<h2>{escape(r.appendix.heading)}</h2>")
        body += [f"<p>{escape(para)}</p>" for para in r.appendix.paragraphs]
    title = escape(r.title)
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">\n<title>{title}</title>\n'
        f"<style>{CSS}</style>\n</head>\n<body>\n" + "\n".join(body) + "\n</body>\n</html>\n"
    )


def summary_strip(rows: list[Progress], lang: str) -> str:
    """The scoreboard at the top: how many indicators have each verdict, with its symbol and colour."""
    from kehoach.render.brief import scoreboard_pieces

    head, pieces = scoreboard_pieces(rows, lang)
    spans = "".join(f'<span class="count {status}" style="color:{look(status).rgb}">{escape(text)}</span>'
                    for status, text in pieces)
    return f'<div class="strip" role="status"><span>{escape(head)}</span>{spans}</div>'


def _table(tb: Table) -> str:
    """The summary table; on a phone each row is a card whose cells carry their column's name
    (data-label), so that the page never scrolls sideways."""
    head = "".join(f"<th>{escape(h)}</th>" for h in tb.headers)
    name_at = 1 if len(tb.headers) > 1 else 0  # the indicator's name: the card's heading
    rows = []
    for row, status in zip(tb.rows, tb.statuses, strict=True):
        cells = []
        for i, c in enumerate(row):
            label = escape(tb.headers[i]) if i < len(tb.headers) else ""
            if i == len(row) - 1 and tb.verdict_last:
                symbol = look(status).symbol
                cells.append(f'<td class="verdict" data-label="{label}" style="color:{look(status).rgb}">'
                             f"{escape(symbol)} {escape(c)}</td>")
            elif i == name_at:
                cells.append(f'<td class="name">{escape(c)}</td>')
            elif tb.numeric[i]:
                cells.append(f'<td class="n" data-label="{label}">{escape(c)}</td>')
            else:
                cells.append(f'<td data-label="{label}">{escape(c)}</td>')
        rows.append((f'<tr class="{status}">' if status else "<tr>") + "".join(cells) + "</tr>")
    return (f'<div class="table-wrap"><table class="summary"><thead><tr>{head}</tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table></div>")
