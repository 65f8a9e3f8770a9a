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

from dataclasses import dataclass


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


VERDICT_LOOK: dict[str, VerdictLook] = {
    "achieved": VerdictLook("✔", "bold green", "#1b5e20", False, "√"),
    "on_track": VerdictLook("●", "green", "#2e7d32", False, "○"),
    "at_risk": VerdictLook("▲", "yellow", "#8a5300", False, "▲"),
    "off_track": VerdictLook("▼", "bold red", "#c62828", True, "▼"),
    "missed": VerdictLook("✘", "bold red", "#8e0000", True, "×", "#e0e0e0"),
    "no_data": VerdictLook("–", "dim", "#616161", False, "–"),
    "no_target": VerdictLook("–", "dim", "#616161", False, "–"),
}


def look(status: str) -> VerdictLook:
    """The look of a verdict; an unknown one (never expected) looks like no data."""
    return VERDICT_LOOK.get(status, VERDICT_LOOK["no_data"])


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
