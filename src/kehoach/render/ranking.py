"""The ranking of `kehoach rank` for people: a plain table, one line per province (no Rich: it is
read on a terminal, in a mail or in a file alike)."""

from __future__ import annotations

import unicodedata
from typing import Any

from kehoach.core.numbers import NumberFormat, round_to
from kehoach.core.planview import plan_text
from kehoach.core.ranking import Ranking
from kehoach.i18n import _, status_label

DASH = "—"


def _width(text: str) -> int:
    """Columns a text takes: combining marks take none (Vietnamese written decomposed)."""
    return sum(0 if unicodedata.combining(c) else 1 for c in text)


def _pad(text: str, width: int, right: bool = False) -> str:
    gap = " " * (width - _width(text))
    return gap + text if right else text + gap


def title(r: Ranking, lang: str) -> str:
    name = plan_text(r, "name", lang) or r.indicator
    if r.period is None:
        return _("Ranking by {name}: no province has a value of it yet").format(name=name)
    if r.order == "asc":
        said = _("Ranking by {name}, {period}: lowest first")
    elif r.direction == "toward":
        said = _("Ranking by {name}, {period}: highest first (its target is a level to come near, so neither end is "
                 "better)")
    else:
        said = _("Ranking by {name}, {period}: highest first")
    return said.format(name=name, period=r.period)


def text(r: Ranking, lang: str, numbers: NumberFormat) -> str:
    """The title, the header and one line per province; a province with no value for the month last."""
    from kehoach.core.ledger.model import stage_name

    head = [_("Rank"), _("Province"), _("Value"), _("Unit"), _("% of plan"), _("Verdict"), _("Stage")]
    lines: list[list[str]] = []
    for row in r.rows:
        unit = plan_text(row, "unit", lang)
        lines.append([
            str(row.rank) if row.rank is not None else DASH,
            row.province,
            numbers.num(row.value) if row.value is not None else DASH,
            unit or "",
            numbers.num(round_to(row.percent_of_plan, 1)) if row.percent_of_plan is not None else DASH,
            status_label(lang, row.status),
            stage_name(row.stage) if row.stage else DASH,
        ])
    widths = [max(_width(c) for c in col) for col in zip(head, *lines, strict=True)]
    right = {0, 2, 4}
    out = [title(r, lang), ""]
    for cells in [head, *lines]:
        out.append("  ".join(_pad(c, w, n in right) for n, (c, w) in enumerate(zip(cells, widths, strict=True))).rstrip())
    if not r.rows:
        out.append(_("(no province)"))
    return "\n".join(out) + "\n"


def document(r: Ranking, path: str) -> dict[str, Any]:
    """The JSON of `kehoach rank`."""
    return {
        "format_version": 1,
        "file": path,
        "indicator": r.indicator,
        "name": r.name,
        "name_en": r.name_en,
        "year": r.year,
        "period": str(r.period) if r.period is not None else None,
        "direction": r.direction,
        "order": r.order,
        "rows": [row.as_row() for row in r.rows],
    }
