"""Writing commands: record, import, export and init."""

import sys
from pathlib import Path
from typing import Annotated

import typer

from kehoach import i18n
from kehoach.cli.app import app
from kehoach.cli.common import check_area, indicator_of, ledger_of, period_of, plan_of, settings, warn
from kehoach.cli.options import (
    AnyPlanOpt,
    ExportFmt,
    Fmt,
    KnownAtOpt,
    Lang,
    LangOpt,
    LedgerOpt,
    PlanOpt,
    Stage,
    complete_indicator,
)
from kehoach.cli.output import Document, emit, environment
from kehoach.i18n import N_, _
from kehoach.paths import ENV_LOCALE


# ignore_unknown_options lets a negative VALUE such as -0.3 through as an argument.
@app.command(context_settings={"ignore_unknown_options": True})
def record(
    indicator: Annotated[str, typer.Argument(help=N_("Indicator id (see `kehoach list`)."), autocompletion=complete_indicator)],
    value: Annotated[str, typer.Argument(help=N_("Year-to-date value in the indicator's unit, e.g. 10111.7 or 10.111,7."))],
    period: Annotated[str, typer.Option("--period", "-p", help=N_("The month the value runs to, YYYY-MM (2025-06 = January–June)."))],
    note: Annotated[str, typer.Option("--note", "-n", help=N_("A note kept with the record."))] = "",
    by: Annotated[str | None, typer.Option("--by", help=N_("Who gives the figure. [default: your login name; env var: KEHOACH_BY]"))] = None,
    source: Annotated[str, typer.Option("--source", "-s", help=N_("Where the figure comes from, e.g. 'Cục Thống kê, báo cáo tháng 6'."))] = "",
    area: Annotated[str | None, typer.Option("--area", help=N_("An area of the plan (district); default: the whole province."))] = None,
    revise: Annotated[
        str | None, typer.Option("--revise", help=N_("This corrects an earlier value for the same period: say why."))
    ] = None,
    force: Annotated[bool, typer.Option("--force", help=N_("Record a value even though its scale looks wrong."))] = False,
    office: Annotated[
        str | None, typer.Option("--office", help=N_("In a ledger folder, the office file to append to. [default: --by]"))
    ] = None,
    stage: Annotated[
        Stage | None,
        typer.Option("--stage", help=N_("How far the figure has come: estimate (ước tính), preliminary (sơ bộ) or official "
                                        "(chính thức). [default: not said]")),
    ] = None,
    locale: Annotated[
        Lang | None,
        typer.Option(
            "--locale",
            help=N_("Read VALUE as en (16.5) or vi (16.500 = 16500). [default: refuse ambiguous values]"),
            envvar=ENV_LOCALE,
            show_envvar=True,
        ),
    ] = None,
    fmt: Annotated[Fmt, typer.Option("--format", "-f", help=N_("json prints the saved record on stdout."))] = Fmt.table,
    plan_path: PlanOpt = None,
    lang: LangOpt = Lang.vi,  # messages: read before parsing (KehoachGroup.main)
    ledger_path: LedgerOpt = None,
) -> None:
    """Record a year-to-date value: the total from January to the month of --period.

    Everything is checked before anything is written; the ledger keeps every record, and a
    second value for the same period is refused unless it is a --revise. --area names one of
    the plan's areas (`kehoach list --areas`; the bundled plan has none).

    \b
    Examples:
      kehoach record budget_revenue 10111.7 --period 2025-06 --source "Sở Tài chính"
      kehoach record budget_revenue 10.111,7 --period 2025-06 --locale vi
      kehoach record budget_revenue 10250 --period 2025-06 --revise "số liệu chính thức"
      kehoach record agriculture_growth -0.3 --period 2025-06
      kehoach record hospital_beds 35 --period 2025-06 --note "ước tính" --by "Sở Y tế"
    """
    from kehoach.core.numbers import NumberFormatError, parse_number
    from kehoach.core.periods import recordable_problem
    from kehoach.core.recording import Candidate, add_records
    from kehoach.errors import DataError, UsageError

    st = settings(plan_path, ledger_path, by=by)
    plan = plan_of(st)
    # What the command points at (indicator, period, area) is a usage error, exit 2, as in every
    # command; what is wrong with the figure itself (unreadable, out of range) is bad data, 65.
    indicator_of(plan, indicator)
    parsed = period_of(period, "--period")
    problem = recordable_problem(parsed, plan.plan.baseline_year, plan.plan.year, st.today)
    if problem:
        raise UsageError(f"--period: {problem}")
    check_area(plan, area)
    try:
        number = parse_number(value, locale.value if locale else None)
    except NumberFormatError as e:
        raise DataError(_("value: {problem}").format(problem=e)) from None
    who = _who(st)
    candidate = Candidate(indicator, period, number, who, note, source, area, revise,
                          stage=stage.value if stage is not None else None)
    target = _prepare_ledger(st, office or who)
    outcome = add_records(plan, target, [candidate], office or who, force=force, create_folder=_may_create(st),
                           cache_dir=st.cache_dir, lock_timeout=st.lock_timeout, today=st.today, now=st.now)
    _report_saved(plan, outcome, fmt, st.numbers)


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
        raise UsageError(_("the ledger {path}/ ({source}) names a folder, but {path} is a file").format(
                         path=st.ledger, source=st.source_text("ledger")),
                         hint=_("drop the trailing / to use the file, or name another folder"))
    if st.ledger_is_folder and not st.ledger.exists():
        try:
            st.ledger.mkdir(parents=True)
        except OSError as e:
            raise CannotWrite(_("cannot create the ledger folder {path}: {reason}").format(
                path=st.ledger, reason=e.strerror)) from None
    return st.ledger


def _told_on_stderr(env) -> None:
    """The table format of a writing command: nothing on stdout, what was saved is said on stderr."""


def _report_saved(plan, outcome, fmt: Fmt, numbers) -> None:
    """The saved records on stdout (json/csv) and one line each on stderr, numbers as the session
    shows them (`numbers`: the Settings' NumberFormat)."""
    from kehoach.render import contract

    doc = contract.saved_document(str(outcome.file), outcome.added, outcome.unchanged)
    rows = doc["added"]
    emit(Document(json=doc, rows=rows, fields=list(rows[0].keys()) if rows else ["record_id"], draw=_told_on_stderr), fmt)
    for r in outcome.added:
        unit = i18n.unit_of(plan.find(r.indicator)[1])
        said = (
            _("Revised {indicator} {period}{area} = {value} {unit} (id {id}) in {file}")
            if r.revises
            else _("Recorded {indicator} {period}{area} = {value} {unit} (id {id}) in {file}")
        )
        where = f" [{r.area}]" if r.area else ""
        sys.stderr.write(said.format(indicator=r.indicator, period=r.period, area=where, value=numbers.num(r.value),
                                     unit=unit, id=r.id, file=outcome.file) + "\n")
    for r in outcome.unchanged:
        sys.stderr.write(_("Already recorded: {indicator} {period} = {value} (id {id}); nothing written").format(
            indicator=r.indicator, period=r.period, value=numbers.num(r.value), id=r.id) + "\n")
    _warn(outcome)


def _warn(outcome) -> None:
    for w in outcome.warnings:  # recorded, but worth a look
        warn(w)


@app.command("import")
def import_(
    file: Annotated[Path, typer.Argument(help=N_("A .csv or .xlsx file with the header id,period,value[,note,by,source,area,revise]."))],
    by: Annotated[str | None, typer.Option("--by", help=N_("Who gives the figures, for rows without a 'by'. [default: your login name]"))] = None,
    office: Annotated[str | None, typer.Option("--office", help=N_("In a ledger folder, the office file to append to."))] = None,
    force: Annotated[bool, typer.Option("--force", help=N_("Accept values whose scale looks wrong."))] = False,
    locale: Annotated[
        Lang | None,
        typer.Option("--locale", help=N_("Read text values as en (16.5) or vi (16.500 = 16500). [default: decimal "
                                         "commas in a ;-separated CSV, decimal points in a ,-separated one]")),
    ] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help=N_("Check every row and write nothing."))] = False,
    fmt: Annotated[Fmt, typer.Option("--format", "-f", help=N_("json prints the saved records on stdout."))] = Fmt.table,
    plan_path: PlanOpt = None,
    ledger_path: LedgerOpt = None,
) -> None:
    """Import many records at once from CSV or Excel: every row is checked first, and if any row is
    bad nothing at all is written. Rows equal to the value already in force are skipped, so running
    the same import twice is safe. A backup (what `export --all` writes) gives back its records as
    they were — ids, times, offices, revisions — or nothing; records already there are skipped.

    \b
    Examples:
      kehoach import thang6.csv
      kehoach import bao-cao-thang-6.xlsx --by "Sở Tài chính"
      kehoach export --all --format csv > backup.csv && kehoach import backup.csv --ledger new.toml
    """
    from kehoach.core.recording import add_records
    from kehoach.core.transfer import is_backup, read_import

    st = settings(plan_path, ledger_path, by=by)
    plan = plan_of(st)
    who = _who(st)
    if is_backup(file):  # what `export --all` wrote: the same records back, not new ones
        _restore(plan, st, file, office or who, dry_run, fmt)
        return
    candidates = read_import(file, who, locale.value if locale else None, plan)
    progress = _progress_reporter(len(candidates))
    from kehoach.errors import LedgerError

    try:
        outcome = add_records(
            plan,
            _prepare_ledger(st, office or who) if not dry_run else st.ledger,
            candidates,
            office or who,
            force=force,
            create_folder=_may_create(st),
            progress=progress,
            dry_run=dry_run,
            cache_dir=st.cache_dir,
            lock_timeout=st.lock_timeout,
            today=st.today,
            now=st.now,
        )
    except LedgerError as e:  # a problem with rows of the file: name the file too
        row = ("row ", _("row {row}: {problem}").split("{row}")[0])  # how a problem of a row begins
        if e.message.startswith(row) or (e.details and all(d.startswith(row) for d in e.details)):
            e.message = f"{file.name}: {e.message}"
        raise
    if dry_run:
        sys.stderr.write(
            _(
                "{file}: {rows} row(s) checked against the plan and {ledger}: {added} would be added, "
                "{unchanged} already recorded; nothing written (--dry-run)"
            ).format(file=file.name, rows=len(candidates), ledger=outcome.file, added=len(outcome.added),
                     unchanged=len(outcome.unchanged))
            + "\n"
        )
        return
    if fmt is not Fmt.table:
        _report_saved(plan, outcome, fmt, st.numbers)
    else:
        _warn(outcome)
    sys.stderr.write(
        _("Imported {count} record(s) from {file} into {ledger}").format(
            count=len(outcome.added), file=file.name, ledger=outcome.file
        )
        + (_("; {count} already recorded, skipped").format(count=len(outcome.unchanged)) if outcome.unchanged else "")
        + "\n"
    )


def _restore(plan, st, file: Path, office: str, dry_run: bool, fmt: Fmt) -> None:
    """`import` of a backup (a file with the record_id column, as `export --all` writes): every
    record given back as it was, or nothing (core.recording.restore_records)."""
    from kehoach.core.recording import restore_records
    from kehoach.core.transfer import read_backup

    rows = read_backup(file)
    from kehoach.errors import LedgerError

    try:
        outcome = restore_records(plan, _prepare_ledger(st, office) if not dry_run else st.ledger, rows, office,
                                  source_name=file.name, create_folder=_may_create(st), cache_dir=st.cache_dir,
                                  lock_timeout=st.lock_timeout, dry_run=dry_run)  # fmt: skip
    except LedgerError as e:
        e.message = f"{file.name}: {e.message}"
        raise
    _warn(outcome)
    if fmt is not Fmt.table and not dry_run:
        from kehoach.render import contract

        doc = contract.saved_document(str(st.ledger), outcome.added, outcome.unchanged)
        added = doc["added"]
        emit(Document(json=doc, rows=added, fields=list(added[0]) if added else ["record_id"]), fmt)
    said = (
        _("{file}: a backup of {rows} record(s), checked against the plan and {ledger}: {added} would be restored, "
          "{unchanged} are there already; nothing written (--dry-run)")
        if dry_run
        else _("Restored {added} record(s) from the backup {file} into {ledger}; {unchanged} were there already")
    )
    sys.stderr.write(said.format(file=file.name, rows=len(rows), ledger=st.ledger, added=len(outcome.added),
                                 unchanged=len(outcome.unchanged)) + "\n")  # fmt: skip


def _progress_reporter(total: int):
    """A progress bar on stderr for large imports at a terminal; silent for scripts and pipes."""
    if total < 1000 or not sys.stderr.isatty():
        return None
    from rich.console import Console
    from rich.progress import Progress

    stages = {"checking": _("checking"), "writing": _("writing")}  # the core's stage names, shown
    bar = Progress(console=Console(stderr=True), transient=True)
    task = bar.add_task(stages["checking"], total=total)
    bar.start()

    def report(stage: str, done: int, of: int) -> None:
        bar.update(task, description=stages.get(stage, stage), completed=done, total=of)
        if stage == "writing":
            bar.stop()

    return report


@app.command()
def export(
    fmt: Annotated[
        ExportFmt | None,
        typer.Option("--format", "-f", help=N_("csv, json, xlsx or sqlite (into a database, docs/sqlite.md). [default: from --output's suffix, else csv]")),
    ] = None,
    include_all: Annotated[
        bool,
        typer.Option("--all", help=N_("Every record with every field, a backup that `kehoach import` gives back as it was.")),
    ] = False,
    output: Annotated[Path | None, typer.Option("--output", "-o", help=N_("Write to this file (- for stdout)."))] = None,
    excel: Annotated[
        bool,
        typer.Option("--excel", help=N_("CSV that Excel in Vietnamese opens as numbers: ; between columns, decimal "
                                        "commas, a UTF-8 BOM, CRLF line ends. import reads it back.")),
    ] = False,
    plan_path: PlanOpt = None,
    ledger_path: LedgerOpt = None,
    any_plan: AnyPlanOpt = False,
    known_at: KnownAtOpt = None,
) -> None:
    """Write the records in force (or, with --all, the full history) as CSV, JSON, Excel or SQLite.

    What export writes, import reads: export into an empty ledger gives the same status. With
    --all it is a backup: every record with its id, time, office and revision links, in the
    ledger's order, and `kehoach import` of it gives back exactly those records.

    \b
    Examples:
      kehoach export > records.csv
      kehoach export --excel -o so-lieu.csv           # opens in Excel set to Vietnamese
      kehoach export --all --format json > history.json
      kehoach export --format xlsx --output records.xlsx
      kehoach export --output tinh.sqlite
    """
    from kehoach.core.outfile import EXPORT_SUFFIXES, choose_format, in_use, is_stdout
    from kehoach.core.transfer import EXPORT_ALL_FIELDS, EXPORT_FIELDS, export_rows, xlsx_bytes
    from kehoach.render import contract

    fmt = ExportFmt(choose_format(output, fmt.value if fmt else None, EXPORT_SUFFIXES, ExportFmt.csv.value))
    if excel and fmt is not ExportFmt.csv:
        from kehoach.errors import UsageError

        raise UsageError(_("--excel writes CSV; it cannot be used with --format {format}").format(format=fmt.value),
                         hint=_("drop --excel, or write a .csv file"))
    if fmt is ExportFmt.sqlite:
        _export_sqlite(output, plan_path, ledger_path, any_plan=any_plan, known_at=known_at)
        return
    env = environment()
    if fmt is ExportFmt.xlsx and (output is None or is_stdout(output)) and env.stdout_isatty:
        from kehoach.errors import UsageError

        raise UsageError(_("--format xlsx needs --output FILE.xlsx (a workbook is not text for the terminal)"))
    st = settings(plan_path, ledger_path, known_at=known_at)
    plan = plan_of(st)
    ledger = ledger_of(plan, st, any_plan=any_plan, every_record=include_all)
    rows = export_rows(ledger, include_all)
    fields = EXPORT_ALL_FIELDS if include_all else EXPORT_FIELDS
    document = Document(json=contract.export_document(str(st.ledger), rows), rows=rows, fields=fields, excel=excel,
                        rendered={"xlsx": lambda: xlsx_bytes(rows, fields, exact=include_all)})
    keep = in_use(st.plan, st.ledger, st.workspace) if output is not None else ()
    emit(document, fmt, output, env, keep)
    if output is None:
        return
    if not is_stdout(output):
        sys.stderr.write(_("Exported {count} record(s) to {output}").format(count=len(rows), output=output) + "\n")


def _export_sqlite(output: Path | None, plan_path: Path | None, ledger_path: str | None, *, any_plan: bool = False,
                   known_at: str | None = None) -> None:
    """`export --format sqlite`: the plan, every record and the status of each month recorded,
    written into the database at `output` under the plan's province and year (docs/sqlite.md)."""
    from datetime import UTC, datetime

    from kehoach import __version__
    from kehoach.core import sqlite_export as sq
    from kehoach.core.outfile import in_use, is_stdout
    from kehoach.errors import UsageError
    from kehoach.render import contract

    if output is None or is_stdout(output):  # refused before anything is read, terminal or pipe
        raise UsageError(_("--format sqlite needs --output FILE.sqlite (a database is a file, not a stream)"))
    st = settings(plan_path, ledger_path, known_at=known_at)
    plan = plan_of(st)
    ledger = ledger_of(plan, st, any_plan=any_plan)
    indicators = [contract.indicator_detail(t, ind) for t, ind in plan.indicators()]
    status = [{"as_of": str(period), **contract.progress_row(p)}
              for period, rows in sq.status_snapshots(plan, ledger, st.today) for p in rows]
    export = sq.ProvinceExport(
        province=plan.plan.province,
        year=plan.plan.year,
        plan=sq.plan_row(plan, st.plan, st.ledger, datetime.now(UTC), __version__),
        indicator_fields=tuple(indicators[0]) if indicators else (),
        indicators=indicators,
        status_fields=contract.STATUS_FIELDS,
        status=status,
        records=sq.record_rows(ledger),
    )
    written = sq.write_province(output, export, keep=in_use(st.plan, st.ledger, st.workspace), timeout=st.lock_timeout)
    message = _("{province} {year} exported to {output}: {indicators} indicator(s), {records} record(s), "
                "{status} status row(s)").format(province=export.province, year=export.year, output=output,
                                                 indicators=written.counts["indicators"],
                                                 records=written.counts["records"], status=written.counts["status"])
    if written.replaced:
        message += _(" (the earlier export of {province} {year} replaced)").format(province=export.province,
                                                                                 year=export.year)
    sys.stderr.write(message + "\n")


@app.command()
def init(
    folder: Annotated[Path, typer.Argument(help=N_("Folder for the workspace (created if missing)."))] = Path("."),
    plan_path: PlanOpt = None,
    lang: LangOpt = Lang.vi,  # messages: read before parsing (KehoachGroup.main)
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

    st = settings(plan_path)
    plan = plan_of(st)  # refuse to copy a broken plan
    if (folder / WORKSPACE_FILE).exists():
        raise CannotWrite(_("{file} already exists: this folder is a workspace already").format(file=folder / WORKSPACE_FILE))
    try:
        folder.mkdir(parents=True, exist_ok=True)
        (folder / WORKSPACE_LEDGER).mkdir(exist_ok=True)
    except OSError as e:
        raise CannotWrite(_("cannot create {path}: {reason}").format(path=folder, reason=e.strerror)) from None
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
        _("Made a workspace in {folder} for {title} ({province}).").format(
            folder=folder.resolve(), title=plan.plan.title, province=plan.plan.province)
        + "\n"
        + _("Next: {command}").format(command=f"cd {folder} && kehoach status")
        + "\n"
    )
