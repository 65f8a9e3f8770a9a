"""`kehoach report`: what the report is computed from, before a word of it is written.

The period is the one asked for, else the latest recorded (December once the plan year is over),
and the status is judged as of it, so that `report` and `report --period` agree. A record's note
is quoted in the shortcomings section. `--compare-known-at` adds the ledger as known on an earlier
day, with the status it gave then.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from kehoach.core.ledger import Ledger, LedgerView, known_at
from kehoach.core.periods import Period
from kehoach.core.progress import Progress
from kehoach.core.status import StatusResult, build_status, latest_period
from kehoach.errors import UsageError
from kehoach.i18n import _


@dataclass
class ReportBasis:
    result: StatusResult  # the status as of `period`
    period: Period | None  # None: nothing is recorded
    notes: dict[str, str]  # indicator → the note of the record shown
    now: LedgerView | None = None  # with a day to compare: the ledger read (now, or as known at --known-at)
    then: LedgerView | None = None  # the ledger as known on that day
    rows_then: list[Progress] | None = None  # the status it gave then


def check_compare_day(compare_day: date | None, known_day: date | None) -> None:
    """The day compared with must come before the day the ledger is read as of (UsageError)."""
    if compare_day is not None and known_day is not None and compare_day > known_day:
        raise UsageError(_("{flag_compare_known_at} {then} is after {flag_known_at} {now}: the previous publication "
                           "must come before the one compared with it").format(
            then=compare_day.isoformat(), now=known_day.isoformat()), hint=_("swap the two dates"))


def report_basis(plan: Any, ledger: LedgerView | None, *, period: Period | None, area: str | None, today: date,
                 ledger_path: Path, compare_day: date | None = None) -> ReportBasis:
    """The status, period and notes a report of `plan` is written from (and, with `compare_day`,
    the ledger as known on that day beside it)."""
    result = build_status(plan, ledger, as_of=period, area=area, today=today)
    if period is None:  # the latest recorded, or December once the year is over: then judged as of it,
        period = latest_period(result, plan.plan.year)  # so `report` and `report --period` agree
        if period is not None:
            result = build_status(plan, ledger, as_of=period, area=area, today=today)
    notes: dict[str, str] = {}  # the note of each record shown: the shortcomings section quotes them
    if ledger is not None:
        effective = ledger.effective()
        for p in result.rows:
            record = effective.get((p.id, p.period, area)) if p.period is not None else None
            if record is not None and record.note.strip():
                notes[p.id] = record.note.strip()
    basis = ReportBasis(result, period, notes)
    if compare_day is not None:  # the ledger as known then, against the one read (now, or --known-at)
        basis.now = ledger if ledger is not None else Ledger(path=ledger_path, records=[], exists=False)
        basis.then = known_at(basis.now, compare_day)
        basis.rows_then = build_status(plan, basis.then, as_of=period, area=area, today=today).rows
    return basis
