"""Writing commands: record, import, export and init."""

import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from kehoach.cli.app import (
    ExportFmt,
    Fmt,
    Lang,
    LedgerOpt,
    PlanOpt,
    _check_area,
    _complete_indicator,
    _emit,
    _find,
    _load_plan,
    _period,
    _read_ledger,
    app,
    emit,
    settings,
)


# ignore_unknown_options lets a negative VALUE such as -0.3 through as an argument.
@app.command(context_settings={"ignore_unknown_options": True})
def record(
    indicator: Annotated[str, typer.Argument(help="Indicator id (see `kehoach list`).", autocompletion=_complete_indicator)],
    value: Annotated[str, typer.Argument(help="Year-to-date value in the indicator's unit, e.g. 10111.7 or 10.111,7.")],
    period: Annotated[str, typer.Option("--period", "-p", help="The month the value runs to, YYYY-MM (2025-06 = January–June).")],
    note: Annotated[str, typer.Option("--note", "-n", help="A note kept with the record.")] = "",
    by: Annotated[str | None, typer.Option("--by", help="Who gives the figure. [default: your login name; env var: KEHOACH_BY]")] = None,
    source: Annotated[str, typer.Option("--source", "-s", help="Where the figure comes from, e.g. 'Cục Thống kê, báo cáo tháng 6'.")] = "",
    area: Annotated[str | None, typer.Option("--area", help="An area of the plan (district); default: the whole province.")] = None,
    revise: Annotated[
        str | None, typer.Option("--revise", help="This corrects an earlier value for the same period: say why.")
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Record a value even though its scale looks wrong.")] = False,
    office: Annotated[
        str | None, typer.Option("--office", help="In a ledger folder, the office file to append to. [default: --by]")
    ] = None,
    locale: Annotated[
        Lang | None, typer.Option("--locale", help="Read VALUE as en (16.5) or vi (16.500 = 16500). [default: refuse ambiguous values]")
    ] = None,
    fmt: Annotated[Fmt, typer.Option("--format", "-f", help="json prints the saved record on stdout.")] = Fmt.table,
    plan_path: PlanOpt = None,
    ledger_path: LedgerOpt = None,
) -> None:
    """Record a year-to-date value: the total from January to the month of --period.

    Everything is checked before anything is written; the ledger keeps every record, and a
    second value for the same period is refused unless it is a --revise.

    \b
    Examples:
      kehoach record budget_revenue 10111.7 --period 2025-06 --source "Sở Tài chính"
      kehoach record budget_revenue 10.111,7 --period 2025-06 --locale vi
      kehoach record budget_revenue 10250 --period 2025-06 --revise "số liệu chính thức"
      kehoach record agriculture_growth -0.3 --period 2025-06
      kehoach record tourists 0.12 --period 2025-06 --area "Lục Ngạn"
    """
    from kehoach.core.numbers import NumberFormatError, parse_number
    from kehoach.core.periods import recordable_problem
    from kehoach.core.recording import Candidate, add_records
    from kehoach.errors import DataError, UsageError

    st = settings(plan_path, ledger_path, by=by)
    plan, _ = _load_plan(st)
    # What the command points at (indicator, period, area) is a usage error, exit 2, as in every
    # command; what is wrong with the figure itself (unreadable, out of range) is bad data, 65.
    _find(plan, indicator)
    parsed = _period(period, "--period")
    problem = recordable_problem(parsed, plan.plan.baseline_year, plan.plan.year, st.today)
    if problem:
        raise UsageError(f"--period: {problem}")
    _check_area(plan, area)
    try:
        number = parse_number(value, locale.value if locale else None)
    except NumberFormatError as e:
        raise DataError(f"value: {e}") from None
    who = _who(st)
    candidate = Candidate(indicator, period, number, who, note, source, area, revise)
    target = _prepare_ledger(st, office or who)
    outcome = add_records(plan, target, [candidate], office or who, force=force, create_folder=_may_create(st),
                           cache_dir=st.cache_dir, lock_timeout=st.lock_timeout, today=st.today)
    _report_saved(plan, outcome, fmt)


def _who(st) -> str:
    from kehoach.core.ledger import default_by

    return st.by if st.by is not None else default_by()


def _may_create(st) -> bool:
    """Only the per-user default ledger's folder is made on demand; a named one must exist."""
    from kehoach.settings import FROM_DEFAULT

    return st.origins.get("ledger") == FROM_DEFAULT


def _prepare_ledger(st, office: str):
    """The ledger path to write to: a folder named with a trailing slash is made (never a file).
    (An office name too long for a file name is cut and told apart by a hash: core/ledger/store.py.)"""
    from kehoach.errors import CannotWrite, UsageError

    if st.ledger_is_folder and st.ledger.exists() and not st.ledger.is_dir():
        raise UsageError(f"the ledger {st.ledger}/ ({st.source('ledger')}) names a folder, but {st.ledger} is a file",
                         hint="drop the trailing / to use the file, or name another folder")
    if st.ledger_is_folder and not st.ledger.exists():
        try:
            st.ledger.mkdir(parents=True)
        except OSError as e:
            raise CannotWrite(f"cannot create the ledger folder {st.ledger}: {e.strerror}") from None
    return st.ledger


def _report_saved(plan, outcome, fmt: Fmt) -> None:
    from kehoach.core.numbers import format_number
    from kehoach.render import data

    rows = [data.record_row(r) for r in outcome.added]
    doc = {"ledger": str(outcome.file), "added": rows, "unchanged": [data.record_row(r) for r in outcome.unchanged]}
    emit(fmt, doc=doc, rows=rows, fields=list(rows[0].keys()) if rows else ["record_id"])
    for r in outcome.added:
        unit = plan.find(r.indicator)[1].unit
        what = "Revised" if r.revises else "Recorded"
        where = f" [{r.area}]" if r.area else ""
        sys.stderr.write(f"{what} {r.indicator} {r.period}{where} = {format_number(r.value)} {unit} (id {r.id}) in {outcome.file}\n")
    for r in outcome.unchanged:
        sys.stderr.write(f"Already recorded: {r.indicator} {r.period} = {format_number(r.value)} (id {r.id}); nothing written\n")
    _warn(outcome)


def _warn(outcome) -> None:
    from kehoach.i18n import _

    for w in outcome.warnings:  # recorded, but worth a look
        sys.stderr.write(_("Warning: {message}").format(message=w) + "\n")


@app.command("import")
def import_(
    file: Annotated[Path, typer.Argument(help="A .csv or .xlsx file with the header id,period,value[,note,by,source,area,revise].")],
    by: Annotated[str | None, typer.Option("--by", help="Who gives the figures, for rows without a 'by'. [default: your login name]")] = None,
    office: Annotated[str | None, typer.Option("--office", help="In a ledger folder, the office file to append to.")] = None,
    force: Annotated[bool, typer.Option("--force", help="Accept values whose scale looks wrong.")] = False,
    locale: Annotated[
        Lang | None, typer.Option("--locale", help="Read text values as en (16.5) or vi (16.500 = 16500).")
    ] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Check every row and write nothing.")] = False,
    fmt: Annotated[Fmt, typer.Option("--format", "-f", help="json prints the saved records on stdout.")] = Fmt.table,
    plan_path: PlanOpt = None,
    ledger_path: LedgerOpt = None,
) -> None:
    """Import many records at once from CSV or Excel: every row is checked first, and if any row is
    bad nothing at all is written. Rows equal to the value already in force are skipped, so running
    the same import twice is safe.

    \b
    Examples:
      kehoach import thang6.csv
      kehoach import bao-cao-thang-6.xlsx --by "Sở Tài chính"
      kehoach export --all --format csv > backup.csv && kehoach import backup.csv --ledger new.toml
    """
    from kehoach.core.recording import add_records
    from kehoach.core.transfer import read_import

    st = settings(plan_path, ledger_path, by=by)
    plan, _ = _load_plan(st)
    who = _who(st)
    candidates = read_import(file, who, locale.value if locale else None)
    progress = _progress_reporter(len(candidates))
    if dry_run:
        from kehoach.core.recording import check_candidate

        problems = []
        for c in candidates:
            _, errs = check_candidate(plan, c, st.today, force=force)
            problems += [f"row {c.row}: {e}" for e in errs]
        if problems:
            from kehoach.errors import LedgerError

            raise LedgerError(f"{file.name}: {len(problems)} problem(s)", details=problems)
        sys.stderr.write(f"{file.name}: {len(candidates)} row(s) checked; nothing written (--dry-run)\n")
        return
    target = _prepare_ledger(st, office or who)
    outcome = add_records(plan, target, candidates, office or who, force=force, create_folder=_may_create(st), progress=progress,
                           cache_dir=st.cache_dir, lock_timeout=st.lock_timeout, today=st.today)
    if fmt is not Fmt.table:
        _report_saved(plan, outcome, fmt)
    else:
        _warn(outcome)
    sys.stderr.write(
        f"Imported {len(outcome.added)} record(s) from {file.name} into {outcome.file}"
        + (f"; {len(outcome.unchanged)} already recorded, skipped" if outcome.unchanged else "")
        + "\n"
    )


def _progress_reporter(total: int):
    """A progress bar on stderr for large imports at a terminal; silent for scripts and pipes."""
    if total < 1000 or not sys.stderr.isatty():
        return None
    from rich.console import Console
    from rich.progress import Progress

    bar = Progress(console=Console(stderr=True), transient=True)
    task = bar.add_task("checking", total=total)
    bar.start()

    def report(stage: str, done: int, of: int) -> None:
        bar.update(task, description=stage, completed=done, total=of)
        if stage == "writing":
            bar.stop()

    return report


@app.command()
def export(
    fmt: Annotated[ExportFmt, typer.Option("--format", "-f", help="csv, json, or xlsx (needs --output).")] = ExportFmt.csv,
    include_all: Annotated[bool, typer.Option("--all", help="Every record with its revisions, oldest first.")] = False,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write to this file instead of stdout.")] = None,
    plan_path: PlanOpt = None,
    ledger_path: LedgerOpt = None,
) -> None:
    """Write the records in force (or, with --all, the full history) as CSV, JSON or Excel.

    What export writes, import reads: export into an empty ledger gives the same status.

    \b
    Examples:
      kehoach export > records.csv
      kehoach export --all --format json > history.json
      kehoach export --format xlsx --output records.xlsx
    """
    from kehoach.core.transfer import EXPORT_ALL_FIELDS, EXPORT_FIELDS, export_rows, write_xlsx

    st = settings(plan_path, ledger_path)
    plan, _ = _load_plan(st)
    ledger, _ = _read_ledger(plan, st)
    rows = export_rows(ledger, include_all)
    fields = EXPORT_ALL_FIELDS if include_all else EXPORT_FIELDS
    if fmt is ExportFmt.xlsx:
        if output is None:
            from kehoach.errors import UsageError

            raise UsageError("--format xlsx needs --output FILE.xlsx (a workbook is not text for stdout)")
        write_xlsx(output, rows, fields)
        sys.stderr.write(f"Exported {len(rows)} record(s) to {output}\n")
        return
    if fmt is ExportFmt.json:
        from kehoach.render import jsonout

        text = jsonout.dumps({"ledger": str(st.ledger), "records": rows})
    else:
        from kehoach.render import csvout

        text = csvout.dumps(rows, fields)
    if output is None:
        _emit(text)
    else:
        from kehoach.core.storage import atomic_write

        atomic_write(output, text.encode("utf-8"))
        sys.stderr.write(f"Exported {len(rows)} record(s) to {output}\n")


@app.command()
def init(
    folder: Annotated[Path, typer.Argument(help="Folder for the workspace (created if missing).")] = Path("."),
    plan_path: PlanOpt = None,
) -> None:
    """Make a workspace: a folder with kehoach.toml, a copy of the plan and an empty ledger folder.

    Inside a workspace (or any folder below it) kehoach uses its plan.toml and ledger/
    automatically, as git finds .git. The folder is ready to be a git repository: each office
    appends to its own file in ledger/, so offices can share through git without conflicts.

    \b
    Examples:
      kehoach init bao-cao-2025 && cd bao-cao-2025 && git init
      kehoach init --plan plan2026.toml ke-hoach-2026
    """
    from kehoach.core.storage import atomic_write
    from kehoach.errors import CannotWrite
    from kehoach.paths import WORKSPACE_FILE, WORKSPACE_LEDGER, WORKSPACE_PLAN

    plan, st = _load_plan(settings(plan_path))  # refuse to copy a broken plan
    if (folder / WORKSPACE_FILE).exists():
        raise CannotWrite(f"{folder / WORKSPACE_FILE} already exists: this folder is a workspace already")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        (folder / WORKSPACE_LEDGER).mkdir(exist_ok=True)
    except OSError as e:
        raise CannotWrite(f"cannot create {folder}: {e.strerror}") from None
    if not (folder / WORKSPACE_PLAN).exists():
        atomic_write(folder / WORKSPACE_PLAN, st.plan.read_bytes())
    atomic_write(
        folder / WORKSPACE_FILE,
        (
            "# A kehoach workspace. kehoach run in this folder or below it uses:\n"
            f"#   {WORKSPACE_PLAN}   the plan (edit it for another year or province)\n"
            f"#   {WORKSPACE_LEDGER}/      the ledger: one TOML file per office, read as one\n"
            "format = 1\n"
        ).encode(),
    )
    gitignore = folder / ".gitignore"
    if not gitignore.exists():
        atomic_write(gitignore, b"# kehoach lock and temporary files\n*.lock\n.*.tmp\n")
    sys.stderr.write(
        f"Made a workspace in {folder.resolve()} for {plan.plan.title} ({plan.plan.province}).\n"
        f"Next: cd {folder} && kehoach status\n"
    )
