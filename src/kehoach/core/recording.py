"""Accepting new records: every check before anything is written, then one locked, atomic append."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from kehoach.core.ledger import index
from kehoach.core.ledger.model import Key, LedgerView, Record, new_record_id, now_local
from kehoach.core.ledger.reading import latest_actuals, read_ledger
from kehoach.core.ledger.store import append_records, open_store
from kehoach.core.numbers import not_finite
from kehoach.core.periods import Period, PeriodError, current_period, in_the_future, outside_years, parse_period
from kehoach.core.plan import close_matches, value_problem
from kehoach.core.storage import DEFAULT_LOCK_TIMEOUT, check_writable, locked
from kehoach.errors import CannotWrite, LedgerError, TryAgain, UsageError
from kehoach.i18n import _, number, unit_of

__all__ = [  # latest_actuals lives with the reading side now; imported here for older callers
    "Candidate", "Outcome", "add_records", "area_problem", "check_candidate", "latest_actuals",
    "ledger_file_for", "scale_problem", "unknown_indicator",
]  # fmt: skip

# A value this many times larger (or smaller) than the target is most likely typed in the wrong
# scale: 16.500.000 for 16.500 tỷ đồng. A year-to-date flow in January is about 1/12 of the target.
SCALE_FACTOR = Decimal(300)


@dataclass
class Candidate:
    """A record someone wants to add, before it is checked."""

    indicator: str
    period: str
    value: Decimal
    by: str
    note: str = ""
    source: str = ""
    area: str | None = None
    revise: str | None = None  # the reason, when this corrects an earlier value
    row: int | None = None  # the row of an import file


@dataclass
class Outcome:
    added: list[Record] = field(default_factory=list)
    unchanged: list[Record] = field(default_factory=list)  # identical to the value in force: retry-safe
    file: Path | None = None
    warnings: list[str] = field(default_factory=list)  # recorded, but worth a look (the CLI shows them)


def unknown_indicator(plan, indicator: str) -> UsageError:
    ids = plan.indicator_ids()
    close = close_matches(indicator, ids, n=3, cutoff=0.5)
    if not close:
        close = [i for i in ids if indicator.lower() in i][:3]
    hint = (_("did you mean {names}?").format(names=", ".join(close)) if close
            else _("run `kehoach list` to see every indicator id"))
    return UsageError(_("unknown indicator id {id}").format(id=repr(indicator)), hint=hint)


def check_candidate(plan, c: Candidate, today: date | None = None, force: bool = False) -> tuple[Period | None, list[str]]:
    """Every reason this value cannot be recorded, in words a person can act on."""
    problems: list[str] = []
    found = plan.find(c.indicator)
    if found is None:
        err = unknown_indicator(plan, c.indicator)
        problems.append(f"{err.message} ({err.hint})")
        ind = None
    else:
        ind = found[1]
    period = None
    try:
        period = parse_period(c.period)
    except PeriodError as e:
        problems.append(str(e))
    if period is not None:
        first, last = plan.plan.baseline_year, plan.plan.year
        if not first <= period.year <= last:
            problems.append(outside_years(period, first, last))
        elif period > current_period(today):
            problems.append(in_the_future(period))
        elif ind is not None:
            msg = frequency_problem(ind, period)
            if msg:
                problems.append(msg)
    if not c.value.is_finite():
        problems.append(not_finite(c.value))
    elif ind is not None:
        msg = value_problem(ind, c.value)
        if msg:
            problems.append(msg)
        elif not force:
            scale = scale_problem(ind, c.value)
            if scale:
                problems.append(scale)
    if c.area is not None:
        msg = area_problem(plan, c.area)
        if msg:
            problems.append(msg)
    return period, problems


def frequency_problem(ind, period: Period) -> str | None:
    """Why a quarterly indicator (GRDP growth: quý I, 6 tháng, 9 tháng, cả năm) has no value for
    `period`, or None: its values are for the last month of a quarter only (docs/method.md)."""
    if getattr(ind, "frequency", "monthly") != "quarterly" or period.month % 3 == 0:
        return None
    before = Period(period.year, period.month - period.month % 3) if period.month > 3 else None
    after = Period(period.year, period.month + 3 - period.month % 3)
    if before is None:
        return _("{id} is published quarterly (quý I, 6 tháng, 9 tháng, cả năm): {period} is not the last month of "
                 "a quarter; record the value of quý I for {after}").format(id=ind.id, period=period, after=after)
    return _("{id} is published quarterly (quý I, 6 tháng, 9 tháng, cả năm): {period} is not the last month of a "
             "quarter; record the value for {before} or {after}").format(id=ind.id, period=period, before=before,
                                                                         after=after)


def area_problem(plan, area: str) -> str | None:
    """Why `area` cannot be used with this plan (a typo must not start a new district), or None."""
    if not plan.areas:
        return _("this plan lists no areas, so --area {area} cannot be used").format(area=repr(area))
    if plan.area(area) is None:
        names = [a.name for a in plan.areas]
        close = close_matches(area, names, n=3, cutoff=0.5)
        if close:
            return _("unknown area {area}; did you mean {names}?").format(area=repr(area), names=", ".join(close))
        return _("unknown area {area}; `kehoach list --areas` lists them").format(area=repr(area))
    return None


def scale_problem(ind, value: Decimal) -> str | None:
    """A value about SCALE_FACTOR times off the level the target means: for a planned change
    ("tăng 10 %" of a baseline 15.000) the level it reaches (16.500), never the 10 itself."""
    target = ind.target
    change = getattr(ind, "change", None)
    if change is not None and ind.baseline is not None:
        from kehoach.core.progress import change_level

        target = change_level(change, ind.baseline, ind.target)
    reference = abs(target) or abs(ind.baseline or 0)
    if reference == 0 or value == 0:
        return None
    ratio = abs(value) / reference
    if ratio >= SCALE_FACTOR or ratio <= 1 / SCALE_FACTOR:
        said = (
            _("{value} {unit} is about {n} times the target ({target} {unit}): is it in the wrong unit or scale? "
              "Add --force if the value is right")
            if ratio >= 1
            else _("{value} {unit} is about 1/{n} of the target ({target} {unit}): is it in the wrong unit or "
                   "scale? Add --force if the value is right")
        )
        n = f"{ratio:.0f}" if ratio >= 1 else f"{(1 / ratio):.0f}"
        return said.format(value=number(value), unit=unit_of(ind), n=n, target=number(target))
    return None


def ledger_file_for(ledger_path: Path, office: str) -> Path:
    """The file a new record goes into: the ledger file, or the office's file in a ledger folder."""
    return open_store(ledger_path).file_for(office)


def add_records(
    plan,
    ledger_path: Path,
    candidates: list[Candidate],
    office: str,
    *,
    force: bool = False,
    today: date | None = None,
    create_folder: bool = False,
    progress: Callable[[str, int, int], Any] | None = None,
    cache_dir: Path | None = None,
    lock_timeout: float = DEFAULT_LOCK_TIMEOUT,
    dry_run: bool = False,
) -> Outcome:
    """Check every candidate against the plan and the whole ledger; write all or nothing.

    `create_folder`: the ledger's folder may be created when it is missing (the CLI allows it for
    its own per-user data folder, never for a path the user named). `cache_dir`: the folder of
    the ledger index (None: no index). `lock_timeout`: seconds to wait for another writer.
    `dry_run`: every check, then stop before the lock and the write (`added` is what would be).
    """
    # Cheap checks first, without the lock: a typo should not wait for a busy ledger.
    checked: list[tuple[Candidate, Period]] = []
    problems: list[str] = []
    for n, c in enumerate(candidates, start=1):
        if progress is not None and n % 500 == 0:
            progress("checking", n, len(candidates))
        period, errs = check_candidate(plan, c, today, force)
        prefix = _row_prefix(c)
        problems.extend(prefix + e for e in errs)
        if not errs and period is not None:
            checked.append((c, period))
    if problems:
        raise _rejected(problems, len(candidates))

    if create_folder and not dry_run and not ledger_path.parent.exists():
        try:
            ledger_path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise CannotWrite(_("cannot create the data folder {path}: {reason}").format(
                path=ledger_path.parent, reason=e.strerror)) from None
    store = open_store(ledger_path)
    target_file = store.file_for(office)
    if not (dry_run and create_folder and not ledger_path.parent.exists()):
        check_writable(target_file)

    with nullcontext() if dry_run else locked(store.lock_path(), lock_timeout):
        before = _file_state(target_file)
        known = set(plan.indicator_ids())
        areas = {a.name for a in plan.areas} or None
        ledger = read_ledger(ledger_path, known, areas, locked=not dry_run, cache_dir=cache_dir, plan=plan)
        outcome = Outcome(file=target_file)
        new = _plan_records(ledger, checked, problems, outcome)
        if not problems:
            outcome.warnings += _falls_back_warnings(plan, ledger, new, len(checked) > 200)
        if problems:
            raise _rejected(problems, len(candidates))
        if dry_run:
            outcome.added = new
            return outcome
        if not new:
            return outcome
        # A hand edit between our read and our write would be mixed with ours: refuse instead.
        indexed_size = ledger.file_size(target_file.name)
        if _file_state(target_file) != before or indexed_size not in (None, before[0]):
            raise TryAgain(_("{file} changed while recording; nothing was written").format(file=target_file),
                           hint=_("run the command again"))
        if progress is not None:
            progress("writing", len(new), len(new))
        data = append_records(target_file, new, size_before=before[0], ends_with_newline=before[3])
        if indexed_size is not None and before[0] > 0:
            ledger.appended(target_file, data, new)
        elif before[0] == 0 and len(new) > 2000 and target_file == ledger_path:
            index.build_from(target_file, data, new, cache_dir)  # a large import into a new ledger
        outcome.added = new
    return outcome


def _row_prefix(c: Candidate) -> str:
    """"row 12: " before a problem of an import file's row; nothing for a single value."""
    return _("row {row}").format(row=c.row) + ": " if c.row is not None else ""


def _file_state(path: Path) -> tuple[int, int, int, bool]:
    """Size, modification time, inode, and whether it ends with a newline: any edit changes one."""
    try:
        st = path.stat()
    except FileNotFoundError:
        return (0, 0, 0, True)
    ends = True
    if st.st_size:
        with open(path, "rb") as f:
            f.seek(-1, 2)
            ends = f.read(1) == b"\n"
    return (st.st_size, st.st_mtime_ns, st.st_ino, ends)


def _plan_records(
    ledger: LedgerView, checked: list[tuple[Candidate, Period]], problems: list[str], outcome: Outcome
) -> list[Record]:
    # A few values: ask for each key; a large import: read every value in force once.
    lookup = ledger.effective().get if len(checked) > 200 else ledger.current
    new: list[Record] = []
    pending: dict[Key, Record] = {}
    stamp = now_local()
    for c, period in checked:
        key = (c.indicator, period, c.area)
        prefix = _row_prefix(c)
        where = _("{indicator} {period}").format(indicator=c.indicator, period=period) + (f" ({c.area})" if c.area else "")
        current = pending.get(key) or lookup(key)
        if key in pending and c.revise is None:
            problems.append(prefix + _("{what} appears twice in this input; a second value must be a revision").format(
                what=where))
            continue
        if current is not None and current.value == c.value and c.revise is None:
            outcome.unchanged.append(current)
            continue
        # Every record of the key that stands: more than one when offices disagree (a conflict).
        # (Asked only here: a re-import of values already in force asks nothing more.)
        standing = ledger.standing(key) if current is not None and key not in pending else []
        others = tuple(r.id for r in standing if current is not None and r.id != current.id)
        if current is not None and key not in pending and c.revise is not None and not others and _same_revision(current, c):
            outcome.unchanged.append(current)  # the same revision again (a retried command): nothing to add
            continue
        if current is not None and c.revise is None and len({r.value for r in standing}) > 1:
            problems.append(prefix + _conflict_message(where, standing))
            continue
        if current is not None and c.revise is None:
            problems.append(prefix + _(
                "{what} already has the value {value} (record {id}, {date} by {by}); "
                'to correct it, add --revise "REASON"'
            ).format(what=where, value=number(current.value), id=current.id, date=f"{current.recorded_at:%Y-%m-%d}",
                     by=current.by))
            continue
        if current is None and c.revise is not None:
            problems.append(prefix + _("{what} has no earlier value to revise; record it without --revise").format(
                what=where))
            continue
        if c.revise is not None and not c.revise.strip():
            problems.append(prefix + _('a revision must say why (--revise "REASON")'))
            continue
        rec = Record(
            id=new_record_id(stamp),
            indicator=c.indicator,
            period=period,
            value=c.value,
            recorded_at=stamp,
            by=c.by,
            note=c.note,
            source=c.source,
            area=c.area,
            revises=current.id if (current is not None and c.revise is not None) else None,
            reason=c.revise,
            also_revises=others if c.revise is not None else (),
        )
        pending[key] = rec
        new.append(rec)
    return new


def _conflict_message(where: str, standing: list[Record]) -> str:
    from kehoach.i18n import _

    values = "; ".join(
        _("{value} ({file}, record {id} by {by})").format(value=number(r.value), file=r.file, id=r.id, by=r.by)
        for r in standing
    )
    return _(
        "{where}: offices disagree: {values}. To settle it, record the value that stands with "
        "--revise \"REASON\": the revision replaces them all"
    ).format(where=where, values=values)


def _falls_back_warnings(plan, ledger: LedgerView, new: list[Record], many: bool) -> list[str]:
    """A new year-to-date value of a flow below an earlier month's, or above a later month's, of
    the same year and area (1,2 in June, then 1,0 in August): accepted, since a revision may
    lower a figure, but said (core.progress.falls_back judges each pair)."""
    from kehoach.core.progress import Actual, falls_back
    from kehoach.i18n import _

    lookup = ledger.effective().get if many else ledger.current
    mine = {r.key: r for r in new}
    out = []
    for r in new:
        found = plan.find(r.indicator)
        if found is None or found[1].kind != "flow":
            continue
        for month in range(1, 13):
            other_key = (r.indicator, Period(r.period.year, month), r.area)
            if month == r.period.month:
                continue
            other = mine.get(other_key) or lookup(other_key)
            if other is None:
                continue
            pair = [Actual(r.period, r.value), Actual(other.period, other.value)]
            if not falls_back(pair, r.period.year):
                continue
            if other.period < r.period:
                text = _(
                    "{id} {period}: the year-to-date value {value} is below {other} recorded for {other_period}; "
                    "a year-to-date total does not fall within a year unless a month is revised"
                )
            else:
                text = _(
                    "{id} {period}: the year-to-date value {value} is above {other} recorded for the later "
                    "{other_period}; a year-to-date total does not fall within a year unless a month is revised"
                )
            where = f" [{r.area}]" if r.area else ""
            out.append(
                text.format(id=r.indicator + where, period=r.period, value=number(r.value), other=number(other.value),
                            other_period=other.period)
            )
    return out


def _same_revision(current: Record, c: Candidate) -> bool:
    """Whether the record in force is the revision this candidate would write, field for field."""
    return current.revises is not None and (current.value, current.reason, current.by, current.note, current.source) == (
        c.value, c.revise, c.by, c.note, c.source
    )


def _rejected(problems: list[str], total: int) -> LedgerError:
    hint = _("nothing was written; fix the input and run the command again")
    if len(problems) == 1 and total == 1:
        return LedgerError(problems[0], hint=hint)
    return LedgerError(_("{n} problem(s) in the input").format(n=len(problems)), details=problems, hint=hint)
