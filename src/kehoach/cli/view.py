"""Reading commands: status, list, show, history and paths."""

import sys
from typing import Annotated, List, Optional

import typer

from kehoach.cli.app import (
    Fmt,
    FormatOpt,
    Lang,
    LangOpt,
    LedgerOpt,
    LocaleOpt,
    PlanOpt,
    _check_area,
    _complete_indicator,
    _emit,
    _find,
    _load_plan,
    _period,
    _read_ledger,
    app,
)
from kehoach.errors import UsageError


@app.command()
def status(
    group: Annotated[
        Optional[List[str]], typer.Option("--group", "-g", help="Only this group (economy, culture_society, …); repeatable.")
    ] = None,
    target: Annotated[Optional[List[int]], typer.Option("--target", "-t", help="Only this target number; repeatable.")] = None,
    attention: Annotated[bool, typer.Option("--attention", "-a", help="Only indicators at risk or off track.")] = False,
    as_of: Annotated[Optional[str], typer.Option("--as-of", help="Show the plan as it stood at this period (YYYY-MM).")] = None,
    area: Annotated[Optional[str], typer.Option("--area", help="One area (district) instead of the whole province.")] = None,
    by_area: Annotated[
        Optional[str],
        typer.Option("--by-area", help="One indicator across the province and all its areas.", autocompletion=_complete_indicator),
    ] = None,
    fmt: FormatOpt = Fmt.table,
    lang: LangOpt = Lang.vi,
    locale: LocaleOpt = Lang.en,
    plan_path: PlanOpt = None,
    ledger_path: LedgerOpt = None,
) -> None:
    """Every indicator: baseline estimate, plan target, latest actual, % of plan, gap and verdict.

    Before anything is recorded it shows where the year starts: the baseline against the
    target and the change the plan asks for.

    \b
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
    if by_area is not None:
        from kehoach.core.status import build_by_area

        _find(plan, by_area)
        if area is not None:
            raise UsageError("--area and --by-area cannot be used together")
        result = build_by_area(plan, ledger, by_area, as_of=period)
    else:
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
            "targets_summary": result.targets,
            "indicators": [data.progress_row(p) for p in result.rows],
        }
        _emit(jsonout.dumps(doc))
    elif fmt is Fmt.csv:
        from kehoach.render import csvout

        _emit(csvout.dumps((data.progress_row(p) for p in result.rows), data.STATUS_FIELDS))
    else:
        from kehoach.render import table

        table.status_table(plan, result.rows, lang, locale, as_of=result.as_of, area=result.area)
        table.headline(lang, result, plan)


@app.command("list")
def list_(
    areas: Annotated[bool, typer.Option("--areas", help="List the plan's areas instead of its indicators.")] = False,
    fmt: FormatOpt = Fmt.table,
    lang: LangOpt = Lang.vi,
    locale: LocaleOpt = Lang.en,
    plan_path: PlanOpt = None,
) -> None:
    """The targets and their indicator ids: the ids to use with record, show and history.

    \b
    Examples:
      kehoach list
      kehoach list --format csv | cut -d, -f1
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

    \b
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
    records = ledger.records_of(ind.id)  # append order
    records.sort(key=lambda r: (r.period, r.area or ""))
    if fmt is Fmt.table:
        from kehoach.render import table

        table.show_panel(plan, target, ind, progress, records, lang.value, locale.value)
        return
    detail = data.indicator_detail(target, ind)
    row = data.progress_row(progress)
    detail.update({k: v for k, v in row.items() if k not in detail})  # the standing, as `status` gives it
    if fmt is Fmt.json:
        from kehoach.render import jsonout

        detail["records"] = [data.record_row(r) for r in records]
        _emit(jsonout.dumps(detail))
    else:
        from kehoach.render import csvout

        _emit(csvout.dumps([detail], detail.keys()))


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

    \b
    Examples:
      kehoach history budget_revenue
      kehoach history budget_revenue --format csv
    """
    from kehoach.render import data

    plan, _ = _load_plan(plan_path)
    _, ind = _find(plan, indicator)
    _check_area(plan, area)
    ledger, _ = _read_ledger(plan, ledger_path)
    records = ledger.records_of(ind.id)  # append order
    order = {r.id: n for n, r in enumerate(records)}
    records = [r for r in records if area is None or r.area == area]
    records.sort(key=lambda r: (r.period, r.area or "", r.recorded_at, order[r.id]))
    effective = ledger.in_force_ids(ind.id)
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

        fields = list(rows[0].keys()) if rows else ["record_id", "id", "period", "value", "in_force"]
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

    \b
    Order for the plan:   --plan, KEHOACH_PLAN, the workspace's plan.toml, the bundled plan.
    Order for the ledger: --ledger, KEHOACH_LEDGER, the workspace's ledger/ folder,
                          the per-user data folder.

    \b
    Examples:
      kehoach paths
      kehoach paths --format json
    """
    from kehoach.paths import cache_dir, find_workspace, resolve_ledger, resolve_plan, user_data_dir

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
        "cache_dir": str(cache_dir()) if cache_dir() else None,
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
            f"cache:     {info['cache_dir'] or 'off (KEHOACH_CACHE=off)'}  (checked plan and ledger index; safe to delete)\n"
        )
