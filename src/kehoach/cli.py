"""The command line: each command parses its options, calls the core and hands the result to a renderer.

Only typer is imported at start; pydantic, Rich and the plan are loaded inside the commands that
need them, so that --version, --help and shell completion stay fast.
"""

from __future__ import annotations

import os
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, List, Optional

import typer
from typer.core import TyperGroup

from kehoach import __version__
from kehoach.errors import ExitCode, KehoachError, UsageError
from kehoach.paths import ENV_DEBUG, ENV_LANG, ENV_LEDGER, ENV_LOCALE, ENV_PLAN

_state = {"traceback": False}


def _debug() -> bool:
    return _state["traceback"] or os.environ.get(ENV_DEBUG, "") not in ("", "0")


def report_error(e: KehoachError) -> None:
    err = sys.stderr
    err.write(f"Error: {e.message}\n")
    for line in e.details:
        err.write(f"  {line}\n" if not line.startswith("  ") else f"{line}\n")
    if e.hint:
        err.write(f"Hint: {e.hint}\n")


def _is_click(e: Exception) -> bool:
    """Click's own exceptions (usage errors, Exit, Abort) go to Click, which maps them to 2, 0, 1.

    Typer vendors Click from 0.26 on, so they are recognised by module, not by import."""
    return type(e).__module__.split(".")[0] in ("click", "typer")


class KehoachGroup(TyperGroup):
    """Maps every error to its exit code in one place; a traceback only on request."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except KehoachError as e:
            if _debug():
                raise
            report_error(e)
            sys.exit(int(e.exit_code))
        except KeyboardInterrupt:
            sys.stderr.write("Interrupted; nothing more was written.\n")
            sys.exit(int(ExitCode.INTERRUPTED))
        except (SystemExit, BrokenPipeError):
            raise
        except Exception as e:  # a bug: one line for the user, the traceback on request
            if _is_click(e) or _debug():
                raise
            sys.stderr.write(f"Error: internal error: {type(e).__name__}: {e}\n")
            sys.stderr.write(f"Hint: run again with --traceback (or {ENV_DEBUG}=1) and report the output\n")
            sys.exit(int(ExitCode.SOFTWARE))


app = typer.Typer(
    cls=KehoachGroup,
    name="kehoach",
    help="Track a province's annual socio-economic plan: targets, monthly actuals, progress.\n\n"
    "Examples:\n\n"
    "  kehoach status                      # the whole plan, grouped by target\n\n"
    "  kehoach list                        # indicator ids to record against\n\n"
    "  kehoach record budget_revenue 10111.7 --period 2025-06\n\n"
    "  kehoach status --format json | jq '.indicators[] | select(.status==\"off_track\")'",
    no_args_is_help=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


class Lang(str, Enum):
    vi = "vi"
    en = "en"


class Fmt(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"


class ExportFmt(str, Enum):
    csv = "csv"
    json = "json"
    xlsx = "xlsx"


def _complete_indicator(incomplete: str) -> list[str]:
    """Indicator ids for shell completion, read straight from the plan's TOML (no validation)."""
    import tomllib

    from kehoach.paths import resolve_plan

    try:
        raw = tomllib.loads(resolve_plan(None).path.read_text("utf-8"))
        ids = [i["id"] for t in raw.get("targets", []) for i in t.get("indicators", [])]
    except Exception:
        return []
    return [i for i in ids if i.startswith(incomplete)]


PlanOpt = Annotated[
    Optional[Path],
    typer.Option("--plan", help=f"Plan file to use. [env var: {ENV_PLAN}; default: workspace plan, else the bundled plan]"),
]
LedgerOpt = Annotated[
    Optional[Path],
    typer.Option(
        "--ledger",
        help=f"Ledger file or folder. [env var: {ENV_LEDGER}; default: workspace ledger, else the per-user data folder]",
    ),
]
LangOpt = Annotated[Lang, typer.Option("--lang", envvar=ENV_LANG, help="Label language.", show_envvar=True)]
LocaleOpt = Annotated[
    Lang,
    typer.Option("--locale", envvar=ENV_LOCALE, show_envvar=True, help="Number format: en 10,111.7 or vi 10.111,7."),
]
FormatOpt = Annotated[Fmt, typer.Option("--format", "-f", help="Output format: table for people, json or csv for scripts.")]


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"kehoach {__version__}\n")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool, typer.Option("--version", "-V", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
    traceback: Annotated[bool, typer.Option("--traceback", help=f"Show Python tracebacks (or set {ENV_DEBUG}=1).")] = False,
) -> None:
    _state["traceback"] = traceback


# ─────────────────────────── helpers shared by commands ───────────────────────────


def _load_plan(plan_opt: Optional[Path]):
    from kehoach.core.plan import load_plan
    from kehoach.paths import resolve_plan

    resolved = resolve_plan(plan_opt)
    return load_plan(resolved.path), resolved


def _ledger_path(ledger_opt: Optional[Path]):
    from kehoach.paths import resolve_ledger

    return resolve_ledger(ledger_opt)


def _read_ledger(plan, ledger_opt: Optional[Path], *, must_exist: bool = False):
    from kehoach.core.ledger import read_ledger
    from kehoach.errors import InputMissing

    resolved = _ledger_path(ledger_opt)
    if must_exist and not resolved.path.exists():
        raise InputMissing(f"the ledger {resolved.path} does not exist", hint="check --ledger / KEHOACH_LEDGER")
    ledger = read_ledger(resolved.path, set(plan.indicator_ids()), {a.name for a in plan.areas} or None)
    for w in ledger.warnings:
        sys.stderr.write(f"Warning: {w}\n")
    return ledger, resolved


def _find(plan, indicator_id: str):
    from kehoach.core.recording import unknown_indicator

    found = plan.find(indicator_id)
    if found is None:
        raise unknown_indicator(plan, indicator_id)
    return found


def _period(text: Optional[str], option: str):
    from kehoach.core.periods import PeriodError, parse_period

    if text is None:
        return None
    try:
        return parse_period(text)
    except PeriodError as e:
        raise UsageError(f"{option}: {e}") from None


def _check_area(plan, area: Optional[str]) -> None:
    if area is None:
        return
    if plan.area(area) is None:
        import difflib

        names = [a.name for a in plan.areas]
        if not names:
            raise UsageError(f"this plan lists no areas, so --area {area!r} cannot be used")
        close = difflib.get_close_matches(area, names, n=3, cutoff=0.5)
        raise UsageError(f"unknown area {area!r}", hint=f"did you mean {', '.join(close)}?" if close else "see `kehoach list --areas`")


def _emit(text: str) -> None:
    sys.stdout.write(text)


# ─────────────────────────────────── commands ───────────────────────────────────


@app.command()
def status(
    group: Annotated[
        Optional[List[str]], typer.Option("--group", "-g", help="Only this group (economy, culture_society, …); repeatable.")
    ] = None,
    target: Annotated[Optional[List[int]], typer.Option("--target", "-t", help="Only this target number; repeatable.")] = None,
    attention: Annotated[bool, typer.Option("--attention", "-a", help="Only indicators at risk or off track.")] = False,
    as_of: Annotated[Optional[str], typer.Option("--as-of", help="Show the plan as it stood at this period (YYYY-MM).")] = None,
    area: Annotated[Optional[str], typer.Option("--area", help="One area (district) instead of the whole province.")] = None,
    fmt: FormatOpt = Fmt.table,
    lang: LangOpt = Lang.vi,
    locale: LocaleOpt = Lang.en,
    plan_path: PlanOpt = None,
    ledger_path: LedgerOpt = None,
) -> None:
    """Every indicator: 2024 estimate, 2025 target, latest actual, % of plan, gap and verdict.

    Before anything is recorded it shows where the year starts: the baseline against the
    target and the change the plan asks for.

    Examples:

      kehoach status

      kehoach status --group economy --lang en

      kehoach status --target 4 --target 5 --locale vi

      kehoach status --attention --format csv > at-risk.csv

      kehoach status --as-of 2025-06 --format json
    """
    from kehoach.core.status import build_status

    plan, resolved_plan = _load_plan(plan_path)
    groups = list(group or [])
    known_groups = [g.id for g in plan.groups]
    for g in groups:
        if g not in known_groups:
            raise UsageError(f"unknown group {g!r}", hint=f"groups: {', '.join(known_groups)}")
    numbers = list(target or [])
    known_numbers = {t.number for t in plan.targets}
    for n in numbers:
        if n not in known_numbers:
            raise UsageError(f"there is no target {n}", hint=f"targets run 1–{len(plan.targets)}")
    _check_area(plan, area)
    period = _period(as_of, "--as-of")
    ledger, resolved_ledger = _read_ledger(plan, ledger_path)
    result = build_status(plan, ledger, as_of=period, area=area, groups=groups, numbers=numbers, attention=attention)
    _render_status(plan, result, fmt, lang.value, locale.value, str(resolved_plan.path), str(resolved_ledger.path))


def _render_status(plan, result, fmt: Fmt, lang: str, locale: str, plan_path: str, ledger_path: str) -> None:
    from kehoach.render import data

    if fmt is Fmt.json:
        from kehoach.render import jsonout

        doc = {
            "format_version": data.FORMAT_VERSION,
            "plan": data.plan_meta(plan, plan_path),
            "ledger": ledger_path,
            "as_of": str(result.as_of) if result.as_of else None,
            "area": result.area,
            "summary": result.summary,
            "indicators": [data.progress_row(p) for p in result.rows],
        }
        _emit(jsonout.dumps(doc))
    elif fmt is Fmt.csv:
        from kehoach.render import csvout

        _emit(csvout.dumps((data.progress_row(p) for p in result.rows), data.STATUS_FIELDS))
    else:
        from kehoach.render import table

        table.status_table(plan, result.rows, lang, locale, as_of=result.as_of, area=result.area)
        table.headline(lang, result.summary, plan, result.any_actual)


@app.command("list")
def list_(
    areas: Annotated[bool, typer.Option("--areas", help="List the plan's areas instead of its indicators.")] = False,
    fmt: FormatOpt = Fmt.table,
    lang: LangOpt = Lang.vi,
    locale: LocaleOpt = Lang.en,
    plan_path: PlanOpt = None,
) -> None:
    """The targets and their indicator ids: the ids to use with record, show and history.

    Examples:

      kehoach list

      kehoach list --format csv | cut -d, -f3

      kehoach list --areas
    """
    from kehoach.render import data

    plan, resolved = _load_plan(plan_path)
    if fmt is Fmt.table:
        from kehoach.render import table

        table.list_table(plan, lang.value, locale.value, areas=areas)
        return
    if areas:
        rows = [{"name": a.name, "kind": a.kind, "parent": a.parent, "targets": len(a.targets)} for a in plan.areas]
        fields = ("name", "kind", "parent", "targets")
    else:
        rows = [data.indicator_row(t, i) for t, i in plan.indicators()]
        fields = tuple(rows[0].keys()) if rows else ()
    if fmt is Fmt.json:
        from kehoach.render import jsonout

        key = "areas" if areas else "indicators"
        _emit(jsonout.dumps({"format_version": data.FORMAT_VERSION, "plan": data.plan_meta(plan, str(resolved.path)), key: rows}))
    else:
        from kehoach.render import csvout

        _emit(csvout.dumps(rows, fields))


@app.command()
def show(
    indicator: Annotated[str, typer.Argument(help="Indicator id (see `kehoach list`).", autocompletion=_complete_indicator)],
    fmt: FormatOpt = Fmt.table,
    lang: LangOpt = Lang.vi,
    locale: LocaleOpt = Lang.en,
    plan_path: PlanOpt = None,
    ledger_path: LedgerOpt = None,
) -> None:
    """Everything about one indicator: the plan's wording, its sources, the latest actual and its records.

    Examples:

      kehoach show budget_revenue

      kehoach show hospital_beds --lang en --format json
    """
    from kehoach.core.status import build_status
    from kehoach.render import data

    plan, _ = _load_plan(plan_path)
    target, ind = _find(plan, indicator)
    ledger, _ = _read_ledger(plan, ledger_path)
    result = build_status(plan, ledger, numbers=[target.number])
    progress = next(p for p in result.rows if p.id == ind.id)
    records = sorted((r for r in ledger.records if r.indicator == ind.id), key=lambda r: (r.period, r.recorded_at))
    if fmt is Fmt.table:
        from kehoach.render import table

        table.show_panel(plan, target, ind, progress, records, lang.value, locale.value)
        return
    detail = data.indicator_detail(target, ind)
    row = data.progress_row(progress)
    for k in ("actual", "period", "percent_of_plan", "gap", "expected", "score", "status", "change_needed", "change_needed_percent"):
        detail[k] = row[k]
    if fmt is Fmt.json:
        from kehoach.render import jsonout

        detail["records"] = [data.record_row(r) for r in records]
        _emit(jsonout.dumps(detail))
    else:
        from kehoach.render import csvout

        _emit(csvout.dumps([detail], detail.keys()))


@app.command()
def record(
    indicator: Annotated[str, typer.Argument(help="Indicator id (see `kehoach list`).", autocompletion=_complete_indicator)],
    value: Annotated[str, typer.Argument(help="Year-to-date value in the indicator's unit, e.g. 10111.7 or 10.111,7.")],
    period: Annotated[str, typer.Option("--period", "-p", help="The month the value runs to, YYYY-MM (2025-06 = January–June).")],
    note: Annotated[str, typer.Option("--note", "-n", help="A note kept with the record.")] = "",
    by: Annotated[Optional[str], typer.Option("--by", help="Who gives the figure. [default: your login name; env var: KEHOACH_BY]")] = None,
    source: Annotated[str, typer.Option("--source", "-s", help="Where the figure comes from, e.g. 'Cục Thống kê, báo cáo tháng 6'.")] = "",
    area: Annotated[Optional[str], typer.Option("--area", help="An area of the plan (district); default: the whole province.")] = None,
    revise: Annotated[
        Optional[str], typer.Option("--revise", help="This corrects an earlier value for the same period: say why.")
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Record a value even though its scale looks wrong.")] = False,
    office: Annotated[
        Optional[str], typer.Option("--office", help="In a ledger folder, the office file to append to. [default: --by]")
    ] = None,
    locale: Annotated[
        Optional[Lang], typer.Option("--locale", help="Read VALUE as en (16.5) or vi (16.500 = 16500). [default: refuse ambiguous values]")
    ] = None,
    fmt: Annotated[Fmt, typer.Option("--format", "-f", help="json prints the saved record on stdout.")] = Fmt.table,
    plan_path: PlanOpt = None,
    ledger_path: LedgerOpt = None,
) -> None:
    """Record a year-to-date value: the total from January to the month of --period.

    Everything is checked before anything is written; the ledger keeps every record, and a
    second value for the same period is refused unless it is a --revise.

    Examples:

      kehoach record budget_revenue 10111.7 --period 2025-06 --source "Sở Tài chính"

      kehoach record budget_revenue 10.111,7 --period 2025-06 --locale vi

      kehoach record budget_revenue 10250 --period 2025-06 --revise "số liệu chính thức"

      kehoach record --period 2025-06 agriculture_growth -- -0.3
    """
    from kehoach.core.ledger import default_by
    from kehoach.core.numbers import NumberFormatError, parse_number
    from kehoach.core.recording import Candidate, add_records

    plan, _ = _load_plan(plan_path)
    _find(plan, indicator)
    try:
        number = parse_number(value, locale.value if locale else None)
    except NumberFormatError as e:
        from kehoach.errors import DataError

        raise DataError(f"value: {e}") from None
    who = by or default_by()
    resolved = _ledger_path(ledger_path)
    candidate = Candidate(indicator, period, number, who, note, source, area, revise)
    outcome = add_records(
        plan,
        resolved.path,
        [candidate],
        office or who,
        force=force,
        create_folder=resolved.reason == "per-user data folder",
    )
    _report_saved(plan, outcome, fmt)


def _report_saved(plan, outcome, fmt: Fmt) -> None:
    from kehoach.core.numbers import format_number
    from kehoach.render import data

    if fmt is Fmt.json:
        from kehoach.render import jsonout

        _emit(
            jsonout.dumps(
                {
                    "ledger": str(outcome.file),
                    "added": [data.record_row(r) for r in outcome.added],
                    "unchanged": [data.record_row(r) for r in outcome.unchanged],
                }
            )
        )
    elif fmt is Fmt.csv:
        from kehoach.render import csvout

        rows = [data.record_row(r) for r in outcome.added]
        _emit(csvout.dumps(rows, rows[0].keys() if rows else ("record_id",)))
    for r in outcome.added:
        unit = plan.find(r.indicator)[1].unit
        what = "Revised" if r.revises else "Recorded"
        where = f" [{r.area}]" if r.area else ""
        sys.stderr.write(f"{what} {r.indicator} {r.period}{where} = {format_number(r.value)} {unit} (id {r.id}) in {outcome.file}\n")
    for r in outcome.unchanged:
        sys.stderr.write(f"Already recorded: {r.indicator} {r.period} = {format_number(r.value)} (id {r.id}); nothing written\n")


@app.command()
def history(
    indicator: Annotated[str, typer.Argument(help="Indicator id.", autocompletion=_complete_indicator)],
    area: Annotated[Optional[str], typer.Option("--area", help="Only this area.")] = None,
    fmt: FormatOpt = Fmt.table,
    lang: LangOpt = Lang.vi,
    locale: LocaleOpt = Lang.en,
    plan_path: PlanOpt = None,
    ledger_path: LedgerOpt = None,
) -> None:
    """Every record of one indicator, revisions marked, with a small trend of the values in force.

    Examples:

      kehoach history budget_revenue

      kehoach history budget_revenue --format csv
    """
    from kehoach.render import data

    plan, _ = _load_plan(plan_path)
    _, ind = _find(plan, indicator)
    _check_area(plan, area)
    ledger, _ = _read_ledger(plan, ledger_path)
    records = [r for r in ledger.records if r.indicator == ind.id and (area is None or r.area == area)]
    records.sort(key=lambda r: (r.period, r.area or "", r.recorded_at, r.id))
    effective = {r.id for r in ledger.effective().values()}
    superseded = {r.id for r in records if r.id not in effective}
    rows = []
    for r in records:
        row = data.record_row(r)
        row["in_force"] = r.id in effective
        rows.append(row)
    if fmt is Fmt.json:
        from kehoach.render import jsonout

        _emit(jsonout.dumps({"id": ind.id, "unit": ind.unit, "records": rows}))
        return
    if fmt is Fmt.csv:
        from kehoach.render import csvout

        fields = list(rows[0].keys()) if rows else list(data.record_row.__annotations__) or ["record_id"]
        _emit(csvout.dumps(rows, fields))
        return
    from kehoach.i18n import label
    from kehoach.render import table

    if not records:
        sys.stderr.write(label(lang.value, "no_history", id=ind.id) + "\n")
        return
    table.history_table(ind, records, lang.value, locale.value, superseded)
    trend = [r.value for r in records if r.id in effective and r.area is None and r.period.year == plan.plan.year]
    table.trend_line(lang.value, trend, locale.value)


@app.command()
def paths(
    fmt: FormatOpt = Fmt.table,
    plan_path: PlanOpt = None,
    ledger_path: LedgerOpt = None,
) -> None:
    """Which plan and ledger are in use, and why (option, environment, workspace or default).

    Order for the plan: --plan, KEHOACH_PLAN, the workspace's plan.toml, the bundled plan.
    Order for the ledger: --ledger, KEHOACH_LEDGER, the workspace's ledger/ folder, the per-user
    data folder.
    """
    from kehoach.paths import find_workspace, resolve_ledger, resolve_plan, user_data_dir

    p, l_ = resolve_plan(plan_path), resolve_ledger(ledger_path)
    ws = find_workspace()
    info = {
        "plan": str(p.path),
        "plan_reason": p.reason,
        "ledger": str(l_.path),
        "ledger_reason": l_.reason,
        "ledger_exists": l_.path.exists(),
        "workspace": str(ws) if ws else None,
        "user_data_dir": str(user_data_dir()),
    }
    if fmt is Fmt.json:
        from kehoach.render import jsonout

        _emit(jsonout.dumps(info))
    elif fmt is Fmt.csv:
        from kehoach.render import csvout

        _emit(csvout.dumps([info], info.keys()))
    else:
        _emit(
            f"plan:      {info['plan']}  ({p.reason})\n"
            f"ledger:    {info['ledger']}  ({l_.reason}{'' if info['ledger_exists'] else ', not created yet'})\n"
            f"workspace: {info['workspace'] or '—'}\n"
            f"user data: {info['user_data_dir']}\n"
        )


def main() -> None:
    """Console-script entry point."""
    for stream in (sys.stdout, sys.stderr):
        enc = (getattr(stream, "encoding", None) or "").lower().replace("-", "")
        if enc != "utf8" and hasattr(stream, "reconfigure"):
            try:
                stream.reconfigure(errors="backslashreplace")
            except Exception:  # pragma: no cover
                pass
    try:
        app()
    except BrokenPipeError:
        # The reader went away (`kehoach status | head`): stop quietly.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(141)
