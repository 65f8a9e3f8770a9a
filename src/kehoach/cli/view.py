"""Reading commands: status, list, show, history and paths."""

import sys
from typing import Annotated

import typer

from kehoach.cli.app import (
    AnyPlanOpt,
    Fmt,
    FormatOpt,
    KnownAtOpt,
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
    emit,
    settings,
)
from kehoach.errors import UsageError
from kehoach.i18n import N_, _

NoPagerOpt = Annotated[
    bool,
    typer.Option("--no-pager", help=N_("Print straight to the terminal, never through a pager. [env var: PAGER]")),
]
DEFAULT_PAGER = "less -FRX"  # git's: quit when it fits, keep colours, leave the text on the screen


def stdout_is_terminal() -> bool:
    return sys.stdout.isatty()


def paged(no_pager: bool, draw):
    """`draw`, through a pager when its output is taller than the terminal, as git does: $PAGER
    (`less -FRX` when unset; empty or `cat` for none), never when piped or with --no-pager."""

    def run() -> None:
        import os

        command = os.environ.get("PAGER", DEFAULT_PAGER).strip()
        if no_pager or command in ("", "cat") or not stdout_is_terminal():
            draw()
            return
        import io
        import shlex
        import shutil
        import subprocess

        real = sys.stdout

        class Screen(io.StringIO):  # what a table would print on this terminal, kept to count its lines
            def isatty(self) -> bool:
                return True

        screen = Screen()
        sys.stdout = screen
        try:
            draw()
        finally:
            sys.stdout = real
        text = screen.getvalue()
        if text.count("\n") < shutil.get_terminal_size().lines:
            real.write(text)
            real.flush()
            return
        env = dict(os.environ)
        env.setdefault("LESS", "FRX")
        env.setdefault("LV", "-c")
        try:
            pager = subprocess.Popen(shlex.split(command), stdin=subprocess.PIPE, env=env)
        except OSError:  # no such pager: the text as it is
            real.write(text)
            real.flush()
            return
        assert pager.stdin is not None
        try:
            pager.stdin.write(text.encode(getattr(real, "encoding", None) or "utf-8", "replace"))
            pager.stdin.close()
        except BrokenPipeError:  # the reader quit the pager before the end: nothing wrong
            pass
        pager.wait()

    return run


@app.command()
def status(
    group: Annotated[
        list[str] | None, typer.Option("--group", "-g", help=N_("Only this group (economy, culture_society, …); repeatable."))
    ] = None,
    target: Annotated[list[int] | None, typer.Option("--target", "-t", help=N_("Only this target number; repeatable."))] = None,
    attention: Annotated[bool, typer.Option("--attention", "-a", help=N_("Only indicators at risk or off track."))] = False,
    as_of: Annotated[str | None, typer.Option("--as-of", help=N_("Show the plan as it stood at this period (YYYY-MM)."))] = None,
    area: Annotated[str | None, typer.Option("--area", help=N_("One area (district) instead of the whole province."))] = None,
    by_area: Annotated[
        str | None,
        typer.Option("--by-area", help=N_("One indicator across the province and all its areas."), autocompletion=_complete_indicator),
    ] = None,
    fmt: FormatOpt = Fmt.table,
    lang: LangOpt = Lang.vi,
    locale: LocaleOpt = None,
    plan_path: PlanOpt = None,
    ledger_path: LedgerOpt = None,
    no_pager: NoPagerOpt = False,
    any_plan: AnyPlanOpt = False,
    known_at: KnownAtOpt = None,
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
    from kehoach.core.status import build_status, check_selection

    st = settings(plan_path, ledger_path, lang=lang, locale=locale, known_at=known_at)
    plan = _load_plan(st)[0]
    groups, numbers = list(group or []), list(target or [])
    check_selection(plan, groups, numbers)
    _check_area(plan, area)
    period = _period(as_of, "--as-of", plan, st.today)
    if by_area is not None:
        _find(plan, by_area)
        for name, given in (("--area", area is not None), ("--group", bool(groups)), ("--target", bool(numbers)),
                            ("--attention", attention)):
            if given:
                raise UsageError(_("{option} and --by-area cannot be used together").format(option=name),
                                 hint=_("--by-area shows one indicator in the whole province and every area"))
    ledger = _read_ledger(plan, st, any_plan=any_plan)[0]
    if by_area is not None:
        from kehoach.core.status import build_by_area

        result = build_by_area(plan, ledger, by_area, as_of=period, today=st.today)
    else:
        result = build_status(
            plan, ledger, as_of=period, area=area, groups=groups, numbers=numbers, attention=attention, today=st.today
        )
    _render_status(plan, result, fmt, lang.value, st.numbers, str(st.plan), str(st.ledger), no_pager)


def _render_status(plan, result, fmt: Fmt, lang: str, locale, plan_path: str, ledger_path: str,
                   no_pager: bool = False) -> None:
    from kehoach.render import contract

    def draw() -> None:
        from kehoach.render import table

        table.status_table(plan, result.rows, lang, locale, as_of=result.as_of, area=result.area)
        table.headline(lang, result, plan)
        _conflict_block(plan, result.conflicts, lang, locale)

    rows = [contract.progress_row(p) for p in result.rows]
    doc = {
        "format_version": contract.FORMAT_VERSION,
        "plan": contract.plan_meta(plan, plan_path),
        "ledger": ledger_path,
        "as_of": str(result.as_of) if result.as_of else None,
        "area": result.area,
        "summary": result.summary,
        "targets_summary": result.targets,
        "indicators": rows,
        # appended with issue 10: every conflict in what is shown (offices that disagree)
        "conflicts": [contract.conflict_row(c) for c in result.conflicts],
    }
    emit(fmt, doc=doc, rows=rows, fields=contract.STATUS_FIELDS, table=paged(no_pager, draw))


def _conflict_block(plan, conflicts, lang: str, locale: str) -> None:
    """Offices that disagree, after a table: each value with its office, and how to settle it."""
    if not conflicts:
        return
    from kehoach.render.report import CONFLICT_T, conflict_line, settle_hint

    lines = [f"\n{CONFLICT_T[lang]['label']}:"]
    for c in conflicts:
        lines += [f"  ! {conflict_line(plan, c, lang, locale)}", f"    {settle_hint(c, lang)}"]
    _emit("\n".join(lines) + "\n")


@app.command("list")
def list_(
    areas: Annotated[bool, typer.Option("--areas", help=N_("List the plan's areas instead of its indicators."))] = False,
    fmt: FormatOpt = Fmt.table,
    lang: LangOpt = Lang.vi,
    locale: LocaleOpt = None,
    plan_path: PlanOpt = None,
    no_pager: NoPagerOpt = False,
) -> None:
    """The targets and their indicator ids: the ids to use with record, show and history.

    \b
    Examples:
      kehoach list
      kehoach list --format csv | cut -d, -f1
      kehoach list --areas
    """
    from kehoach.render import contract

    plan, st = _load_plan(settings(plan_path, lang=lang, locale=locale))

    def draw() -> None:
        from kehoach.render import table

        table.list_table(plan, lang.value, st.numbers, areas=areas)

    if areas:
        rows = [{"name": a.name, "kind": a.kind, "parent": a.parent, "targets": len(a.targets)} for a in plan.areas]
        fields: tuple[str, ...] = ("name", "kind", "parent", "targets")
    else:
        rows = [contract.indicator_row(t, i) for t, i in plan.indicators()]
        fields = tuple(rows[0].keys()) if rows else ()
    key = "areas" if areas else "indicators"
    doc = {"format_version": contract.FORMAT_VERSION, "plan": contract.plan_meta(plan, str(st.plan)), key: rows}
    emit(fmt, doc=doc, rows=rows, fields=fields, table=paged(no_pager, draw))


@app.command()
def show(
    indicator: Annotated[str, typer.Argument(help=N_("Indicator id (see `kehoach list`)."), autocompletion=_complete_indicator)],
    fmt: FormatOpt = Fmt.table,
    lang: LangOpt = Lang.vi,
    locale: LocaleOpt = None,
    plan_path: PlanOpt = None,
    ledger_path: LedgerOpt = None,
    no_pager: NoPagerOpt = False,
    any_plan: AnyPlanOpt = False,
) -> None:
    """Everything about one indicator: the plan's wording, its sources, the latest actual and its records.

    \b
    Examples:
      kehoach show budget_revenue
      kehoach show hospital_beds --lang en --format json
    """
    from kehoach.core.status import build_status, history_of
    from kehoach.render import contract

    st = settings(plan_path, ledger_path, lang=lang, locale=locale)
    plan = _load_plan(st)[0]
    target, ind = _find(plan, indicator)
    ledger = _read_ledger(plan, st, any_plan=any_plan)[0]
    result = build_status(plan, ledger, numbers=[target.number], today=st.today)
    progress = next(p for p in result.rows if p.id == ind.id)
    records, superseded = history_of(ledger, ind.id)

    def draw() -> None:
        from kehoach.render import table

        table.show_panel(plan, target, ind, progress, records, lang.value, st.numbers, superseded)
        if progress.baseline is not None and progress.base_source:  # the one reference of the year
            _emit(_reference_line(progress.baseline, progress.base_source, st.numbers) + "\n")

    detail = contract.indicator_detail(target, ind)
    row = contract.progress_row(progress)
    detail.update({k: v for k, v in row.items() if k not in detail})  # the standing, as `status` gives it
    doc = {**detail, "records": [contract.record_row(r) for r in records]}
    # appended with issue 16: the baseline the year is judged from (the plan's estimate, or the
    # ledger's December of the baseline year when recorded: `base_source` says which)
    doc["reference_baseline"] = progress.baseline
    for key in ("target_note_vi", "target_note_en", "baseline_note_vi", "baseline_note_en"):  # appended keys
        doc[key] = getattr(ind, key, None)
    emit(fmt, doc=doc, rows=[detail], fields=list(detail.keys()), table=paged(no_pager, draw))


def _reference_line(value, source: str, numbers) -> str:
    """'Mốc so sánh của năm: 35 (số chính thức 2024-12 trong sổ)' — what the path, the change and
    "so với cùng kỳ" start from (docs/method.md, "The baseline")."""
    if source.startswith("ledger "):
        where = _("the official {period} value in the ledger").format(period=source.removeprefix("ledger "))
    else:
        where = _("the plan's estimate")
    return _("Reference for the year: {value} ({source})").format(value=numbers.num(value), source=where)


@app.command()
def history(
    indicator: Annotated[str, typer.Argument(help=N_("Indicator id."), autocompletion=_complete_indicator)],
    area: Annotated[str | None, typer.Option("--area", help=N_("Only this area."))] = None,
    fmt: FormatOpt = Fmt.table,
    lang: LangOpt = Lang.vi,
    locale: LocaleOpt = None,
    plan_path: PlanOpt = None,
    ledger_path: LedgerOpt = None,
    no_pager: NoPagerOpt = False,
    any_plan: AnyPlanOpt = False,
) -> None:
    """Every record of one indicator, revisions marked, with a small trend of the values in force.

    \b
    Examples:
      kehoach history budget_revenue
      kehoach history budget_revenue --format csv
    """
    from kehoach.core.status import conflicting_ids, find_conflicts, history_of
    from kehoach.render import contract

    st = settings(plan_path, ledger_path, lang=lang, locale=locale)
    plan = _load_plan(st)[0]
    ind = _find(plan, indicator)[1]
    _check_area(plan, area)
    ledger = _read_ledger(plan, st, any_plan=any_plan)[0]
    records, superseded = history_of(ledger, ind.id, area)
    conflicting = conflicting_ids(ledger, ind.id)
    conflicts = find_conflicts(ledger, area=area, everywhere=area is None, indicators={ind.id})
    in_force = ledger.in_force_ids(ind.id)
    rows = []
    for r in records:
        row = contract.record_row(r)
        row["in_force"] = r.id not in superseded
        row["conflict"] = r.id in conflicting  # appended: stands, but another office says otherwise
        rows.append(row)

    def draw() -> None:
        from kehoach.i18n import label
        from kehoach.render import table

        if not records:
            sys.stderr.write(label(lang.value, "no_history", id=ind.id) + "\n")
            return
        table.history_table(ind, records, lang.value, st.numbers, superseded, conflicting)
        trend = [r.value for r in records if r.id in in_force and r.area is None and r.period.year == plan.plan.year]
        table.trend_line(lang.value, trend, st.numbers)
        _conflict_block(plan, conflicts, lang.value, st.numbers)

    fields = list(rows[0].keys()) if rows else ["record_id", "id", "period", "value", "in_force"]
    doc = {"id": ind.id, "unit": ind.unit, "records": rows, "conflicts": [contract.conflict_row(c) for c in conflicts]}
    emit(fmt, doc=doc, rows=rows, fields=fields, table=paged(no_pager, draw))


@app.command()
def paths(
    fmt: FormatOpt = Fmt.table,
    plan_path: PlanOpt = None,
    lang: LangOpt = Lang.vi,  # messages: read before parsing (KehoachGroup.main)
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
    from decimal import Decimal

    st = settings(plan_path, ledger_path)
    info = {
        "plan": str(st.plan),
        "plan_reason": st.source("plan"),
        "ledger": str(st.ledger),
        "ledger_reason": st.source("ledger"),
        "ledger_exists": st.ledger.exists(),
        "workspace": str(st.workspace) if st.workspace else None,
        "user_data_dir": str(st.user_data_dir),
        "cache_dir": str(st.cache_dir) if st.cache_dir else None,
        # appended keys: the other settings and where each came from
        "ledger_is_folder": st.ledger_is_folder,
        "cache_dir_reason": st.source("cache_dir"),
        "lock_timeout": Decimal(repr(st.lock_timeout)),  # seconds; a JSON number
        "lock_timeout_reason": st.source("lock_timeout"),
        "by": st.by,
        "by_reason": st.source("by"),
        "debug": st.debug,
        "debug_reason": st.source("debug"),
    }

    def draw() -> None:
        ledger_reason = st.source_text("ledger")
        if not info["ledger_exists"]:
            ledger_reason = _("{source}, not created yet").format(source=ledger_reason)
        cache = _("{path}  (checked plan and ledger index; safe to delete)").format(path=info["cache_dir"]) \
            if info["cache_dir"] else _("off (KEHOACH_CACHE=off)")
        lines = [
            (_("plan:"), f"{info['plan']}  ({st.source_text('plan')})"),
            (_("ledger:"), f"{info['ledger']}  ({ledger_reason})"),
            (_("workspace:"), info["workspace"] or "—"),
            (_("user data:"), info["user_data_dir"]),
            (_("cache:"), cache),
            (_("lock wait:"), _("{seconds} s  ({source})").format(seconds=f"{st.lock_timeout:g}",
                                                                  source=st.source_text("lock_timeout"))),
            (_("by:"), f"{st.by or _('(your login name)')}  ({st.source_text('by')})"),
            (_("debug:"), f"{_('on') if st.debug else _('off')}  ({st.source_text('debug')})"),
        ]
        width = max(len(name) for name, _value in lines) + 1
        _emit("".join(f"{name.ljust(width)}{value}\n" for name, value in lines))

    emit(fmt, doc=info, rows=[info], fields=list(info.keys()), table=draw)
