"""Reporting periods: a year and a month, written YYYY-MM; values are year-to-date for that month."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from kehoach.i18n import _

if TYPE_CHECKING:
    from fractions import Fraction

_PERIOD = re.compile(r"^(\d{4})-(\d{2})$")


@dataclass(frozen=True, order=True)
class Period:
    year: int
    month: int

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def fraction(self) -> Fraction:
        """The share of the year this period covers: 2025-06 → 6/12."""
        from fractions import Fraction

        return Fraction(self.month, 12)


class PeriodError(ValueError):
    pass


def parse_period(text: str) -> Period:
    m = _PERIOD.match(text.strip())
    if not m:
        raise PeriodError(_("{text} is not a period; write YYYY-MM, e.g. 2025-06").format(text=repr(text)))
    year, month = int(m[1]), int(m[2])
    if not 1 <= month <= 12:
        raise PeriodError(_("{text} has no month {month}; months run 01–12").format(text=repr(text), month=f"{month:02d}"))
    return Period(year, month)


def outside_years(period: Period, first_year: int, last_year: int) -> str:
    return _("period {period} is outside this plan's years {first}–{last}").format(
        period=period, first=first_year, last=last_year)


def in_the_future(period: Period) -> str:
    return _("period {period} is in the future").format(period=period)


def current_period(today: date | None = None) -> Period:
    today = today or date.today()
    return Period(today.year, today.month)


def recordable_problem(period: Period, first_year: int, last_year: int, today: date | None = None) -> str | None:
    """Why a value cannot be recorded for `period` (outside the plan's years, or in the future), or None.

    The same rule as core.recording.check_candidate; the CLI asks it first, so that a period typed
    on the command line is a usage error (exit 2) in `record` as in every other command.
    """
    if not first_year <= period.year <= last_year:
        return outside_years(period, first_year, last_year)
    if period > current_period(today):
        return in_the_future(period)
    return None


def quarter_name(period: Period) -> str | None:
    """How a quarterly indicator's period is named in reports (GRDP growth): "quý I/2025",
    "6 tháng năm 2025", "9 tháng năm 2025", "cả năm 2025"; None for a month that ends no quarter."""
    said = {
        3: _("Q1 {year}"),
        6: _("6 months of {year}"),
        9: _("9 months of {year}"),
        12: _("the full year {year}"),
    }.get(period.month)
    return said.format(year=period.year) if said is not None else None
