"""Exact numbers: strict parsing of typed values and formatting in English or Vietnamese style.

The one place numbers are written for people: a locale's thousands separator and decimal point
come from its catalogue (i18n.number_separators), so a language's numbers arrive with its .po."""

from __future__ import annotations

import functools
import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from kehoach.i18n import LANGUAGES, _, language, number_separators, number_style

_PLAIN = re.compile(r"^[+-]?\d+(\.\d+)?$")
# "16.500", "1.234" — a dot followed by exactly three digits reads as a decimal point to an
# English reader and as a thousands separator to a Vietnamese one.
_AMBIGUOUS_DOT = re.compile(r"^[+-]?[1-9]\d{0,2}\.\d{3}$")
_AMBIGUOUS_COMMA = re.compile(r"^[+-]?[1-9]\d{0,2},\d{3}$")
_VI_GROUPED = re.compile(r"^[+-]?\d{1,3}(\.\d{3})+(,\d+)?$")
_VI_DECIMAL = re.compile(r"^[+-]?\d+,\d+$")
_EN_GROUPED = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")


@functools.cache
def _written_in(locale: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """A number as `locale` writes it: ungrouped (16500, 14,14 / 14.14) and grouped in thousands
    (10.111,7 / 10,111.7)."""
    thousands, point = (re.escape(c) for c in number_separators(locale))
    return (re.compile(rf"^[+-]?\d+({point}\d+)?$"),
            re.compile(rf"^[+-]?\d{{1,3}}({thousands}\d{{3}})+({point}\d+)?$"))


class NumberFormatError(ValueError):
    """A typed value that is not an exact, unambiguous number."""


# No indicator of a provincial plan needs more than 15 digits before or 10 after the point;
# 1e999999 is a typo or an attack, and would make the arithmetic fail.
MAX_ADJUSTED = 15
MIN_EXPONENT = -10


def not_finite(value: object) -> str:
    return _("{value} is not a finite number").format(value=value)


def magnitude_problem(d: Decimal) -> str | None:
    if not d.is_finite():
        return not_finite(d)
    if d != 0 and d.adjusted() >= MAX_ADJUSTED:
        return _("{value} is too large (more than {n} digits)").format(value=d, n=MAX_ADJUSTED)
    exponent = d.as_tuple().exponent
    if isinstance(exponent, int) and exponent < MIN_EXPONENT:
        return _("{value} has more than {n} decimal places").format(value=d, n=-MIN_EXPONENT)
    return None


# Thousands grouped by a space, as vi-VN and fr-FR exports write them ("10 111,7", often with a
# no-break or a narrow no-break space): one kind of space throughout, groups of exactly three.
_SPACED = re.compile(r"^[+-]?\d{1,3}([ \u00a0\u202f\u2009])\d{3}(?:\1\d{3})*(?:[.,]\d+)?$")


ANY_SPACE = re.compile(r"\s")


def without_spaced_groups(text: str) -> str:
    """The number with its thousands spaces removed; any other space inside is refused ("7 5" is
    not 75: a cell was pasted into another, or a digit is missing)."""
    if _SPACED.match(text):
        return "".join(ch for ch in text if not ch.isspace())
    raise NumberFormatError(
        _("{text} has a space inside the number; a space may only separate groups of three digits "
          "(10 111,7), so type the number without it").format(text=repr(text)))


def parse_number(text: str, locale: str | None = None) -> Decimal:
    """Parse a number as a person types it, refusing anything that could be misread.

    Accepts 16500, 10111.7, -0.3, Vietnamese 10.111,7 / 14,14 / 1.234.567 and English
    10,111.7. Refuses NaN, infinity, exponents and the ambiguous 16.500 / 1,234 unless
    `locale` (a language code: "vi" or "en") says which convention is meant.
    """
    stripped = text.strip()
    if ANY_SPACE.search(stripped):
        stripped = without_spaced_groups(stripped)  # "16 500" is 16500; "7 5" is refused, never 75
    s = _ascii_digits(stripped, text)
    if not s:
        raise NumberFormatError(_("an empty value is not a number"))
    if locale is not None and locale in LANGUAGES:
        ungrouped, grouped = _written_in(locale)
        if ungrouped.match(s) or grouped.match(s):
            thousands, point = number_separators(locale)
            return _to_decimal(s.replace(thousands, "").replace(point, "."), text)
        raise NumberFormatError(_("{text} is not a number in {style} format (e.g. {example})").format(
            text=repr(text), style=number_style(locale), example=format_number(Decimal("10111.7"), locale)))
    if _AMBIGUOUS_DOT.match(s) or _AMBIGUOUS_COMMA.match(s):
        as_thousands = s.replace(".", "").replace(",", "")
        as_decimal = Decimal(s.replace(",", "."))
        unambiguous = plain(as_decimal.normalize())
        if _AMBIGUOUS_DOT.match(unambiguous) or _AMBIGUOUS_COMMA.match(unambiguous):
            unambiguous += "0"  # 1.234 → 1.2340, which no one reads as thousands
        raise NumberFormatError(
            _("{text} is ambiguous: {thousands} (read as thousands) or {decimal} (read as a decimal)? "
              "Type {thousands} or {unambiguous}, or add {flag_locale} vi / {flag_locale} en").format(
                text=repr(text), thousands=as_thousands, decimal=plain(as_decimal.normalize()), unambiguous=unambiguous)
        )
    if _PLAIN.match(s):
        return _to_decimal(s, text)
    if _VI_GROUPED.match(s) or _VI_DECIMAL.match(s):
        return _to_decimal(s.replace(".", "").replace(",", "."), text)
    if _EN_GROUPED.match(s):
        return _to_decimal(s.replace(",", ""), text)
    raise NumberFormatError(_("{text} is not a number (examples: 16500, 10111.7, 10.111,7)").format(text=repr(text)))


def _ascii_digits(s: str, original: str) -> str:
    """Digits of one script (٠١٢, ०१२, full-width １２３…) become 0-9; a value that mixes scripts
    ("1٢3") is refused: it is a keyboard slip, and reading it as 123 would hide it."""
    if s.isascii():
        return s  # 0-9 are themselves, of one script: the common case, without a look-up per character
    import unicodedata

    zeros = set()
    out = []
    for ch in s:
        if ch.isdigit():
            try:
                value = unicodedata.decimal(ch)
            except ValueError:  # a digit with no decimal value (², ①): not part of a number
                raise NumberFormatError(_("{text} is not a number: {char} is not a decimal digit").format(
                    text=repr(original), char=repr(ch))) from None
            zeros.add(ord(ch) - value)
            out.append(str(value))
        else:
            out.append(ch)
    if len(zeros) > 1:
        raise NumberFormatError(_("{text} mixes digits of different scripts; type it again in one script").format(
            text=repr(original)))
    return "".join(out)


def _to_decimal(s: str, original: str) -> Decimal:
    try:
        d = Decimal(s)
    except InvalidOperation:  # pragma: no cover - the patterns above only pass digits
        raise NumberFormatError(_("{text} is not a number").format(text=repr(original))) from None
    problem = magnitude_problem(d)
    if problem:
        raise NumberFormatError(problem)
    return d


def plain(d: Decimal) -> str:
    """The exact value as a machine reads it: 10111.7, never 1.01117E+4 or -0."""
    if d == 0:
        d = abs(d)
    text = format(d, "f")
    return text


def round_to(d: Decimal, places: int) -> Decimal:
    """Round half up (as reports do: 61,285 → 61,29)."""
    return d.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def format_number(d: Decimal, locale: str = "en", places: int | None = None) -> str:
    """Format for people: 10,111.7 (en) or 10.111,7 (vi)."""
    if places is not None:
        d = round_to(d, places)
    text = plain(d)
    sign = ""
    if text.startswith("-"):
        sign, text = "-", text[1:]
    whole, _point, frac = text.partition(".")
    groups: list[str] = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    thousands, point = number_separators(locale)
    out = thousands.join(groups)
    if frac:
        out += point + frac
    return sign + out


DASH = "—"


class NumberFormat:
    """How numbers are shown to people, decided once (STYLE practice 12: one display context).

    Made from the settings (the language, or `--locale` / KEHOACH_LOCALE when given) and handed to
    every renderer: tables, sentences, the chart, HTML and docx print through the same object, so
    that one session never mixes 10,111.7 and 10.111,7. JSON and CSV do not use it: they stay
    locale-free (`plain`)."""

    __slots__ = ("locale", "point", "thousands")

    def __init__(self, locale: str = "en") -> None:
        if locale not in LANGUAGES:
            raise ValueError(f"unknown number locale {locale!r} ({' or '.join(LANGUAGES)})")
        self.locale = locale
        self.thousands, self.point = number_separators(locale)

    def __repr__(self) -> str:
        return f"NumberFormat({self.locale!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, NumberFormat) and other.locale == self.locale

    def __hash__(self) -> int:
        return hash(self.locale)

    def num(self, d: Decimal | None, places: int | None = None) -> str:
        """10.111,7 / 10,111.7; a dash for no value."""
        return DASH if d is None else format_number(d, self.locale, places)

    def pct(self, d: Decimal | None) -> str:
        """A percentage to one decimal, as the reports print it (61,3), without the % sign."""
        return DASH if d is None else format_number(round_to(d, 1), self.locale)

    def signed(self, d: Decimal | None, places: int | None = None) -> str:
        """+1.234,5 / -3 / 0: a difference, its sign always shown."""
        if d is None:
            return DASH
        text = format_number(d, self.locale, places)
        return "+" + text if d > 0 and not text.startswith("-") else text

    def approx(self, d: Decimal) -> str:
        """An estimate, to one decimal at most: 104.000 (not 104.000,0), 22.668,3."""
        r = round_to(d, 1)
        return format_number(r.quantize(Decimal(1)) if r == r.to_integral_value() else r, self.locale)


def number_format(locale: NumberFormat | str | None) -> NumberFormat:
    """The formatter itself, or one for a locale name (for callers that still pass "vi"/"en")."""
    if isinstance(locale, NumberFormat):
        return locale
    return NumberFormat(locale or "en")


def number(value: Decimal) -> str:
    """A number inside a message, as the message's language writes it: 10.111,7 or 10,111.7 (the
    tables and reports take theirs from the session's NumberFormat; a message follows its words)."""
    return format_number(value, language())
