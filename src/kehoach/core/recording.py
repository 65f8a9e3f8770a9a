"""Accepting new records: every check before anything is written, then one locked, atomic append."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import nullcontext
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any, Protocol

from kehoach.core.kinds import KIND_RULES, Frequency, Pace, Stage, frequency_step
from kehoach.core.ledger.cached import open_cached
from kehoach.core.ledger.model import Key, LedgerView, Record, new_record_id, now_local, stage_name, stage_rank
from kehoach.core.ledger.reading import latest_actuals, read_ledger, rules_for
from kehoach.core.ledger.store import LedgerStore, changed_underneath, open_store
from kehoach.core.numbers import not_finite, number
from kehoach.core.periods import Period, PeriodError, current_period, in_the_future, outside_years, parse_period
from kehoach.core.plan import PlanObject, close_matches, value_problem
from kehoach.core.storage import DEFAULT_LOCK_TIMEOUT, check_writable
from kehoach.errors import CannotWrite, LedgerError, Place, Problem, UsageError
from kehoach.errors import Kind as ProblemKind
from kehoach.i18n import _, unit_of

__all__ = [  # latest_actuals lives with the reading side now; imported here for older callers
    "Candidate", "Outcome", "add_records", "area_problem", "check_candidate", "latest_actuals",
    "ledger_file_for", "restore_records", "scale_problem", "unknown_indicator",
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
    stage: str | None = None  # estimate, preliminary or official (model.STAGES); None: not said


@dataclass
class Outcome:
    added: list[Record] = field(default_factory=list)
    unchanged: list[Record] = field(default_factory=list)  # identical to the value in force: retry-safe
    file: Path | None = None
    warnings: list[Problem] = field(default_factory=list)  # recorded, but worth a look (the CLI shows them)


def unknown_indicator(plan: PlanObject, indicator: str) -> UsageError:
    ids = plan.indicator_ids()
    close = close_matches(indicator, ids, n=3, cutoff=0.5)
    if not close:
        close = [i for i in ids if indicator.lower() in i][:3]
    hint = (_("did you mean {names}?").format(names=", ".join(close)) if close
            else _("run `kehoach list` to see every indicator id"))
    return UsageError(_("unknown indicator id {id}").format(id=repr(indicator)), hint=hint)


def check_candidate(plan: PlanObject, c: Candidate, today: date | None = None, force: bool = False) -> tuple[Period | None, list[str]]:
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
        if msg is None and period is not None:  # an area outside its months (districts ended in 2025)
            from kehoach.core.succession import area_months_problem

            msg = area_months_problem(plan, c.area, period)
        if msg:
            problems.append(msg)
    return period, problems


def frequency_problem(ind: PlanObject, period: Period) -> str | None:
    """Why a quarterly indicator (GRDP growth: quý I, 6 tháng, 9 tháng, cả năm) has no value for
    `period`, or None: its values are for the last month of a quarter only (docs/method.md)."""
    step = frequency_step(Frequency(ind.frequency))
    if period.month % step == 0:
        return None
    before = Period(period.year, period.month - period.month % step) if period.month > step else None
    after = Period(period.year, period.month + step - period.month % step)
    if before is None:
        return _("{id} is published quarterly (quý I, 6 tháng, 9 tháng, cả năm): {period} is not the last month of "
                 "a quarter; record the value of quý I for {after}").format(id=ind.id, period=period, after=after)
    return _("{id} is published quarterly (quý I, 6 tháng, 9 tháng, cả năm): {period} is not the last month of a "
             "quarter; record the value for {before} or {after}").format(id=ind.id, period=period, before=before,
                                                                         after=after)


def area_problem(plan: PlanObject, area: str) -> str | None:
    """Why `area` cannot be used with this plan (a typo must not start a new district), or None."""
    if not plan.areas:
        return _("this plan lists no areas, so {flag_area} {area} cannot be used").format(area=repr(area))
    if plan.area(area) is None:
        names = [a.name for a in plan.areas]
        close = close_matches(area, names, n=3, cutoff=0.5)
        if close:
            return _("unknown area {area}; did you mean {names}?").format(area=repr(area), names=", ".join(close))
        return _("unknown area {area}; `{cmd_list_areas}` lists them").format(area=repr(area))
    return None


def scale_problem(ind: PlanObject, value: Decimal) -> str | None:
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
              "Add {flag_force} if the value is right")
            if ratio >= 1
            else _("{value} {unit} is about 1/{n} of the target ({target} {unit}): is it in the wrong unit or "
                   "scale? Add {flag_force} if the value is right")
        )
        n = f"{ratio:.0f}" if ratio >= 1 else f"{(1 / ratio):.0f}"
        return said.format(value=number(value), unit=unit_of(ind), n=n, target=number(target))
    return None


def ledger_file_for(ledger_path: Path, office: str) -> Path:
    """The file a new record goes into: the ledger file, or the office's file in a ledger folder."""
    return open_store(ledger_path).file_for(office)


def _make_data_folder(ledger_path: Path) -> None:
    """The per-user data folder, made on the first write (never a folder the user named)."""
    if ledger_path.parent.exists():
        return
    try:
        ledger_path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise CannotWrite(_("cannot create the data folder {path}: {reason}").format(
            path=ledger_path.parent, reason=e.strerror)) from None


def add_records(
    plan: PlanObject,
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
    now: datetime | None = None,
    store: LedgerStore | None = None,
) -> Outcome:
    """Check every candidate against the plan and the whole ledger; write all or nothing.

    `create_folder`: the ledger's folder may be created when it is missing (the CLI allows it for
    its own per-user data folder, never for a path the user named). `cache_dir`: the folder of
    the ledger index (None: no index). `lock_timeout`: seconds to wait for another writer.
    `dry_run`: every check, then stop before the lock and the write (`added` is what would be).
    `store`: where the records live, when not the TOML file or folder at `ledger_path` (store.py).
    """
    # Cheap checks first, without the lock: a typo should not wait for a busy ledger.
    checked: list[tuple[Candidate, Period]] = []
    problems: list[Problem] = []
    for n, c in enumerate(candidates, start=1):
        if progress is not None and n % 500 == 0:
            progress("checking", n, len(candidates))
        period, errs = check_candidate(plan, c, today, force)
        if errs:
            problems.extend(_refused(e, c) for e in errs)
        if not errs and period is not None:
            checked.append((c, period))
    if problems:
        raise _rejected(problems, len(candidates))

    if create_folder and not dry_run:
        _make_data_folder(ledger_path)
    cached = open_cached(ledger_path, cache_dir, store)
    target_file = cached.file_for(office)
    if not (dry_run and create_folder and not ledger_path.parent.exists()):
        check_writable(target_file)

    with nullcontext() if dry_run else cached.lock(lock_timeout):
        before = cached.state(target_file)
        known = set(plan.indicator_ids())
        areas = {a.name for a in plan.areas} or None
        ledger = read_ledger(ledger_path, known, areas, locked=not dry_run, cache_dir=cache_dir, plan=plan, writing=True,
                             store=store)
        outcome = Outcome(file=target_file)
        new = _plan_records(ledger, checked, problems, outcome, now)
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
        if cached.state(target_file) != before:
            raise changed_underneath(target_file)
        if progress is not None:
            progress("writing", len(new), len(new))
        identity = (plan.plan.province, plan.plan.year)  # a file that names no plan yet is this plan's from now on
        cached.append(target_file, new, read=ledger, size=before.size, identity=identity, written_at=new[0].recorded_at)
        outcome.added = new
    return outcome


def _refused(message: str, c: Candidate | None = None, row: int | None = None) -> Problem:
    """A problem of a value to record: at its row of an import file (`c.row` or `row`), for its
    indicator; a single value has no row, and its message no place before it."""
    return Problem(message, ProblemKind.DATA, place=Place(row=c.row if c is not None else row,
                                                   indicator=c.indicator if c is not None else None))


def _plan_records(
    ledger: LedgerView, checked: list[tuple[Candidate, Period]], problems: list[Problem], outcome: Outcome,
    now: datetime | None = None,
) -> list[Record]:
    # A few values: ask for each key; a large import: read every value in force once.
    lookup = ledger.effective().get if len(checked) > 200 else ledger.current
    new: list[Record] = []
    pending: dict[Key, Record] = {}
    stamp = now or now_local()
    for c, period in checked:
        key = (c.indicator, period, c.area)
        current = pending.get(key) or lookup(key)
        # Every refusal below needs a value in force, a revision or a key met twice: only such a row
        # pays for the words a problem says of it (a new ledger's import has 100,000 of the others)
        may_refuse = current is not None or c.revise is not None or key in pending
        where = (_("{indicator} {period}").format(indicator=c.indicator, period=period) + (f" ({c.area})" if c.area else "")
                 if may_refuse else "")
        if key in pending and c.revise is None:
            problems.append(_refused(c=c, message=_("{what} appears twice in this input; a second value must be a revision").format(
                what=where)))
            continue
        backwards = current is not None and c.stage is not None and stage_rank(c.stage) < stage_rank(current.stage)
        if current is not None and backwards and (c.revise is None or not c.revise.strip()):
            # (official, then an estimate of the same period): only a revision that says why
            problems.append(_refused(c=c, message=_(
                "{what}: the value in force is at the {stage_in_force} stage (record {id}); this one is at the {stage} "
                'stage, an earlier one. Record it only as a revision that says why ({flag_revise} "REASON")'
            ).format(what=where, stage_in_force=stage_name(current.stage), id=current.id, stage=stage_name(c.stage))))
            continue
        if current is not None and current.value == c.value and c.revise is None and c.stage in (None, current.stage):
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
            problems.append(_refused(c=c, message=_conflict_message(where, standing)))
            continue
        if current is not None and c.revise is None and c.stage is not None and c.stage != current.stage:
            problems.append(_refused(c=c, message=_(
                "{what} already has the value {value} (record {id}, {date} by {by}); a figure of a later stage "
                "({stage}) is a revision: add {flag_revise} \"{reason}\""
            ).format(what=where, value=number(current.value), id=current.id, date=f"{current.recorded_at:%Y-%m-%d}",
                     by=current.by, stage=stage_name(c.stage), reason=_("official figures")
                     if c.stage == Stage.OFFICIAL else _("preliminary figures"))))
            continue
        if current is not None and c.revise is None:
            problems.append(_refused(c=c, message=_(
                "{what} already has the value {value} (record {id}, {date} by {by}); "
                'to correct it, add {flag_revise} "REASON"'
            ).format(what=where, value=number(current.value), id=current.id, date=f"{current.recorded_at:%Y-%m-%d}",
                     by=current.by)))
            continue
        if current is None and c.revise is not None:
            problems.append(_refused(c=c, message=_("{what} has no earlier value to revise; record it without {flag_revise}").format(
                what=where)))
            continue
        if c.revise is not None and not c.revise.strip():
            problems.append(_refused(c=c, message=_('a revision must say why ({flag_revise} "REASON")')))
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
            stage=c.stage,
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
        "{flag_revise} \"REASON\": the revision replaces them all"
    ).format(where=where, values=values)


def _falls_back_warnings(plan: PlanObject, ledger: LedgerView, new: list[Record], many: bool) -> list[Problem]:
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
        if found is None or KIND_RULES[found[1].kind].pace is not Pace.YEAR_TO_DATE:
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
                    "the year-to-date value {value} is below {other} recorded for {other_period}; "
                    "a year-to-date total does not fall within a year unless a month is revised"
                )
            else:
                text = _(
                    "the year-to-date value {value} is above {other} recorded for the later "
                    "{other_period}; a year-to-date total does not fall within a year unless a month is revised"
                )
            where = f" [{r.area}]" if r.area else ""
            out.append(Problem.warning(
                text.format(value=number(r.value), other=number(other.value), other_period=other.period),
                Place(indicator=r.indicator, area=r.area, key=f"{r.indicator}{where} {r.period}")))
    return out


def _same_revision(current: Record, c: Candidate) -> bool:
    """Whether the record in force is the revision this candidate would write, field for field."""
    return current.revises is not None and (
        current.value, current.reason, current.by, current.note, current.source, current.stage
    ) == (c.value, c.revise, c.by, c.note, c.source, c.stage)


def _rejected(problems: list[Problem], total: int) -> LedgerError:
    """Every problem of the values to record, as one error (each also a value: `.problems`)."""
    hint = _("nothing was written; fix the input and run the command again")
    lines = [p.line() for p in problems]
    if len(problems) == 1 and total == 1:
        return LedgerError(lines[0], hint=hint, problems=tuple(problems))
    return LedgerError(_("{n} problem(s) in the input").format(n=len(problems)), details=lines, hint=hint,
                       problems=tuple(problems))


class RestoreRow(Protocol):
    """One row of a backup (core.transfer.BackupRow): the record, the office file it was in (None:
    a file ledger's) and its row in the backup."""

    @property
    def row(self) -> int: ...
    @property
    def record(self) -> Record: ...
    @property
    def office(self) -> str | None: ...


def restore_records(
    plan: PlanObject,
    ledger_path: Path,
    rows: Sequence[RestoreRow],
    office: str,
    *,
    source_name: str,
    create_folder: bool = False,
    cache_dir: Path | None = None,
    lock_timeout: float = DEFAULT_LOCK_TIMEOUT,
    dry_run: bool = False,
) -> Outcome:
    """Give back the records of a backup (transfer.read_backup: `export --all`) exactly — ids,
    times, who, revision links, each in its office file — or refuse with every reason.

    A record already in the ledger is skipped only when it is the same in every field (and, in a
    ledger folder, in the same office file); one with the same id and anything else different is
    refused, since restoring it would change what the ledger says. The others are added after
    each file's records, in the backup's order, and the whole ledger they make is checked as a
    ledger read is (revisions, ids, the plan's rules) before anything is written. `office`: the
    file for rows that name none (a file ledger's backup restored into a folder).
    """
    from kehoach.core.ledger.model import revision_problems

    if create_folder and not dry_run:
        _make_data_folder(ledger_path)
    store = open_cached(ledger_path, cache_dir)
    folder = store.describe().kind == "folder"
    problems: list[Problem] = []
    targets: dict[int, Path] = {}
    for row in rows:
        name = row.office if folder and row.office else None
        if name is not None and not _plain_file_name(name):
            problems.append(_refused(_("office {office} is not the name of a file in the ledger folder").format(
                office=repr(name)), row=row.row))
            continue
        targets[row.row] = ledger_path / f"{name}.toml" if name is not None else store.file_for(office)
    if problems:
        raise _rejected(problems, len(rows))
    files = sorted(set(targets.values()))
    if not dry_run:
        for file in files:
            check_writable(file)
    areas = {a.name for a in plan.areas} or None
    with nullcontext() if dry_run else store.lock(lock_timeout):
        before = {file: store.state(file) for file in files}
        ledger = read_ledger(ledger_path, None, areas, locked=not dry_run, cache_dir=cache_dir, plan=plan, writing=True)
        existing = {r.id: r for r in ledger.records}
        outcome = Outcome(file=ledger_path)
        new: dict[Path, list[Record]] = {}
        seen: dict[str, int] = {}
        for row in rows:
            r, file = row.record, targets[row.row]
            if r.id in seen:
                problems.append(_refused(_("record id {id} is also on row {other}").format(id=repr(r.id), other=seen[r.id]),
                                         row=row.row))
                continue
            seen[r.id] = row.row
            if r.area is not None and (areas is None or r.area not in areas):
                problems.append(_refused(area_problem(plan, r.area) or "", row=row.row))
                continue
            old = existing.get(r.id)
            if old is not None:
                differs = _differs(old, r) or (folder and old.file != file.name and "office")
                if differs:
                    problems.append(_refused(_(
                        "record {id} is in the ledger already ({place}) with another {field}: restoring it would change "
                        "what the ledger says").format(id=repr(r.id), place=f"{old.file}:{old.line}", field=differs),
                        row=row.row))
                else:
                    outcome.unchanged.append(old)
                continue
            new.setdefault(file, []).append(replace(r, file=source_name, line=row.row))
        # The ledger the restore would make, in the order it would be read: checked whole.
        by_file: dict[str, list[Record]] = {}
        for x in ledger.records:
            by_file.setdefault(x.file, []).append(x)
        for f, recs in new.items():
            by_file.setdefault(f.name, []).extend(recs)
        combined = [r for name in sorted(by_file) for r in by_file[name]]
        if not problems:
            problems += revision_problems(combined)
            rules = rules_for(plan)
            for r in (r for recs in new.values() for r in recs):
                found = rules.indicator(r.indicator)
                problem = rules.value_problem(found, r.value) if found is not None else None
                if problem:
                    problems.append(_refused(_("value: {problem}").format(problem=problem), row=r.line))
        if problems:
            raise _rejected(problems, len(rows))
        added = [r for recs in new.values() for r in recs]
        unknown = sorted({r.indicator for r in added} - set(plan.indicator_ids()))
        if unknown:
            outcome.warnings.append(Problem.warning(_(
                "{n} record(s) of indicators this plan does not have ({ids}) are restored too; they are kept, not used"
            ).format(n=sum(r.indicator in unknown for r in added), ids=", ".join(unknown))))
        if dry_run:
            outcome.added = added
            return outcome
        if any(store.state(f) != before[f] for f in files):
            raise changed_underneath(ledger_path)
        identity = (plan.plan.province, plan.plan.year)
        stamp = now_local()
        # One file after another, each replaced whole: an interrupted restore leaves whole files,
        # and running it again adds only what is missing (the records already there are skipped).
        for file, recs in sorted(new.items()):
            recs = [replace(r, file=file.name, line=0) for r in recs]
            store.append(file, recs, read=ledger, size=before[file].size, identity=identity, written_at=stamp,
                         follow=len(files) == 1)  # across files, a revision may revise a record written after it
            outcome.added += recs
        outcome.file = ledger_path
    return outcome


def _plain_file_name(name: str) -> bool:
    """An office name that is a file name of its own: no folder in it, not hidden, not too long."""
    return (bool(name.strip()) and name == name.strip() and not name.startswith(".") and not any(c in name for c in "/\\\0")
            and len(f"{name}.toml".encode("utf-8", "surrogateescape")) <= 255)  # fmt: skip


def _differs(old: Record, new: Record) -> str | None:
    """The first field in which two records of one id differ, or None when they are the same."""
    fields = (
        ("indicator", old.indicator, new.indicator),
        ("period", old.period, new.period),
        ("value", (old.value, str(old.value)), (new.value, str(new.value))),
        ("area", old.area, new.area),
        ("recorded_at", (old.recorded_at, old.recorded_at.utcoffset()), (new.recorded_at, new.recorded_at.utcoffset())),
        ("by", old.by, new.by),
        ("note", old.note, new.note),
        ("source", old.source, new.source),
        ("revises", old.revises, new.revises),
        ("reason", old.reason or "", new.reason or ""),
        ("also_revises", old.also_revises, new.also_revises),
        ("stage", old.stage, new.stage),
    )
    return next((name for name, a, b in fields if a != b), None)
