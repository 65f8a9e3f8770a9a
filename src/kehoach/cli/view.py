"""Reading commands: status, list, show, history and paths."""

import functools
from typing import Annotated

import typer

from kehoach.cli.app import app
from kehoach.cli.common import check_area, indicator_of, ledger_of, period_of, plan_of, settings
from kehoach.cli.options import (
    AnyPlanOpt,
    Fmt,
    FormatOpt,
    KnownAtOpt,
    Lang,
    LangOpt,
    LedgerOpt,
    LocaleOpt,
    PlanOpt,
    complete_indicator,
)
from kehoach.cli.output import Document, emit
from kehoach.i18n import N_, _

NoPagerOpt = Annotated[
    bool,
    typer.Option("--no-pager", help=N_("Print straight to the terminal, never through a pager. [env var: PAGER]")),
]


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
        typer.Option("--by-area", help=N_("One indicator across the province and all its areas."), autocompletion=complete_indicator),
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
    from kehoach.core.status import build_status, check_by_area, check_selection

    st = settings(plan_path, ledger_path, locale=locale, known_at=known_at)
    plan = plan_of(st)
    groups, numbers = list(group or []), list(target or [])
    check_selection(plan, groups, numbers)
    check_area(plan, area)
    period = period_of(as_of, "--as-of", plan, st.today)
    check_by_area(plan, by_area, area=area, groups=groups, numbers=numbers, attention=attention)
    ledger = ledger_of(plan, st, any_plan=any_plan)
    if by_area is not None:
        from kehoach.core.status import build_by_area

        result = build_by_area(plan, ledger, by_area, as_of=period, today=st.today)
    else:
        result = build_status(
            plan, ledger, as_of=period, area=area, groups=groups, numbers=numbers, attention=attention, today=st.today
        )
    _render_status(plan, result, fmt, st.lang, st.numbers, str(st.plan), str(st.ledger), no_pager)


def _render_status(plan, result, fmt: Fmt, lang: str, locale, plan_path: str, ledger_path: str,
                   no_pager: bool = False) -> None:
    from kehoach.render import contract, screens

    doc = contract.status_document(plan, result, plan_path, ledger_path)
    rows = doc["indicators"]
    draw = functools.partial(_draw, screens.status_screen, plan, result, lang, locale)
    emit(Document(json=doc, rows=rows, fields=contract.STATUS_FIELDS, draw=draw, paged=not no_pager), fmt)


def _draw(screen, plan, view, lang: str, numbers, env) -> None:
    """A screen of render/screens.py, drawn on the Environment emit hands it."""
    screen(env, plan, view, lang, numbers)


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

    st = settings(plan_path, locale=locale)
    plan = plan_of(st)

    def draw(env) -> None:
        from kehoach.render import table

        table.list_table(plan, st.lang, st.numbers, areas=areas, env=env)

    if areas:
        rows = [contract.area_row(a) for a in plan.areas]
        fields: tuple[str, ...] = contract.AREA_FIELDS
    else:
        rows = [contract.indicator_row(t, i) for t, i in plan.indicators()]
        fields = tuple(rows[0].keys()) if rows else ()
    doc = contract.list_document(plan, str(st.plan), rows, areas)
    emit(Document(json=doc, rows=rows, fields=fields, draw=draw, paged=not no_pager), fmt)


@app.command()
def show(
    indicator: Annotated[str, typer.Argument(help=N_("Indicator id (see `kehoach list`)."), autocompletion=complete_indicator)],
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
    from kehoach.core.status import show_indicator
    from kehoach.render import contract, screens

    st = settings(plan_path, ledger_path, locale=locale)
    plan = plan_of(st)
    indicator_of(plan, indicator)
    ledger = ledger_of(plan, st, any_plan=any_plan)
    view = show_indicator(plan, ledger, indicator, today=st.today)
    detail = contract.show_detail(view.target, view.indicator, view.progress)
    doc = contract.show_document(view.target, view.indicator, view.progress, view.records)
    draw = functools.partial(_draw, screens.show_screen, plan, view, st.lang, st.numbers)
    emit(Document(json=doc, rows=[detail], fields=list(detail.keys()), draw=draw, paged=not no_pager), fmt)


@app.command()
def history(
    indicator: Annotated[str, typer.Argument(help=N_("Indicator id."), autocompletion=complete_indicator)],
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
    from kehoach.core.status import history_view
    from kehoach.render import contract, screens

    st = settings(plan_path, ledger_path, locale=locale)
    plan = plan_of(st)
    indicator_of(plan, indicator)
    check_area(plan, area)
    ledger = ledger_of(plan, st, any_plan=any_plan)
    view = history_view(plan, ledger, indicator, area)
    rows = contract.history_rows(view.records, view.superseded, view.conflicting, view.in_force, view.own)
    fields = list(rows[0].keys()) if rows else list(contract.HISTORY_FIELDS_EMPTY)
    doc = contract.history_document(view.indicator, rows, view.conflicts)
    draw = functools.partial(_draw, screens.history_screen, plan, view, st.lang, st.numbers)
    emit(Document(json=doc, rows=rows, fields=fields, draw=draw, paged=not no_pager), fmt)


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
    st = settings(plan_path, ledger_path)
    info = st.describe()

    def draw(env) -> None:
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
        env.stdout.write("".join(f"{name.ljust(width)}{value}\n" for name, value in lines))

    emit(Document(json=info, rows=[info], fields=list(info.keys()), draw=draw), fmt)
