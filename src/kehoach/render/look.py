"""How a verdict looks, in one row per verdict for every medium: the symbol that says it without
colour (a black-and-white printer, NO_COLOR, a screen reader reading the text), the terminal
style, the colour in HTML and in Word, and whether it is bold.

What failed is the most marked (missed: bold, the darkest red, on a grey cell; off track: bold);
what is on its way or done is plain. Every colour
has a contrast of at least 4.5:1 on white (WCAG AA for text; tests/render/test_look.py computes it),
so that amber and green do not print as a pale grey. The words themselves come from the message
catalogue (`kehoach.i18n.STATUS_LABELS`), never from here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from kehoach.core.kinds import Verdict


@dataclass(frozen=True)
class VerdictLook:
    symbol: str
    terminal: str  # a Rich style
    rgb: str  # "#rrggbb", for HTML and Word alike
    bold: bool  # in documents (Word): what failed is bold, what went well is not
    # The symbol a printed document uses: one that Times New Roman (and Liberation Serif, its metric
    # twin) holds, so that the page stays in one face (✔ and ✘ are not in it; √ and × are).
    doc_symbol: str = ""
    shade: str | None = None  # a pale cell background ("#rrggbb") that survives a grey printer


# Keyed by the verdicts (core/kinds.py: a row for every member, tests/render/test_look.py); typed by
# `str`, which every Verdict is, so that a verdict's text (a JSON row's "status") finds its row too.
VERDICT_LOOK: dict[str, VerdictLook] = {
    Verdict.ACHIEVED: VerdictLook("✔", "bold green", "#1b5e20", False, "√"),
    Verdict.ON_TRACK: VerdictLook("●", "green", "#2e7d32", False, "○"),
    Verdict.AT_RISK: VerdictLook("▲", "yellow", "#8a5300", False, "▲"),
    Verdict.OFF_TRACK: VerdictLook("▼", "bold red", "#c62828", True, "▼"),
    Verdict.MISSED: VerdictLook("✘", "bold red", "#8e0000", True, "×", "#e0e0e0"),
    Verdict.NO_DATA: VerdictLook("–", "dim", "#616161", False, "–"),
    Verdict.NO_TARGET: VerdictLook("–", "dim", "#616161", False, "–"),
}


def look(status: str) -> VerdictLook:
    """The look of a verdict (a member, or its text); an unknown one (never expected) looks like no data."""
    try:
        return VERDICT_LOOK[Verdict(status)]
    except ValueError:
        return VERDICT_LOOK[Verdict.NO_DATA]


def rgb_bytes(status: str) -> tuple[int, int, int]:
    """The verdict's colour as three bytes, for python-docx's RGBColor."""
    h = look(status).rgb.lstrip("#")
    return int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16)


def contrast_on_white(rgb: str) -> float:
    """WCAG 2 contrast ratio of a colour against white."""
    h = rgb.lstrip("#")

    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(int(h[i : i + 2], 16) / 255) for i in (0, 2, 4))
    lum = 0.2126 * r + 0.7152 * g + 0.0722 * b
    return 1.05 / (lum + 0.05)


# The order of a scoreboard: what is settled, then what is on its way, then what needs attention.
SCOREBOARD_ORDER: tuple[Verdict, ...] = (
    Verdict.ACHIEVED, Verdict.MISSED, Verdict.ON_TRACK, Verdict.AT_RISK, Verdict.OFF_TRACK, Verdict.NO_DATA,
    Verdict.NO_TARGET,
)


class _HasStatus(Protocol):
    @property
    def status(self) -> str: ...


def scoreboard(rows: Iterable[_HasStatus]) -> list[tuple[str, int]]:
    """How many rows have each verdict, in SCOREBOARD_ORDER, leaving out the verdicts none has."""
    counts: dict[str, int] = {}
    for p in rows:
        counts[p.status] = counts.get(p.status, 0) + 1
    order = [*SCOREBOARD_ORDER, *sorted(set(counts) - set(SCOREBOARD_ORDER))]
    return [(status, counts[status]) for status in order if counts.get(status)]
