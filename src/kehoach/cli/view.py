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
    _find,
    _load_plan,
    _period,
    _read_ledger,
    app,
    settings,
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
    from kehoach.core.status import build_status, check_by_area, check_selection

    st = settings(plan_path, ledger_path, lang=lang, locale=locale, known_at=known_at)
    plan = _load_plan(st)[0]
    groups, numbers = list(group or []), list(target or [])
    check_selection(plan, groups, numbers)
    _check_area(plan, area)
    period = _period(as_of, "--as-of", plan, st.today)
    check_by_area(plan, by_area, area=area, groups=groups, numbers=numbers, attention=attention)
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

    def draw(env) -> None:
        from kehoach.render import table

        table.status_table(plan, result.rows, lang, locale, as_of=result.as_of, area=result.area, env=env)
        table.headline(lang, result, plan, env=env)
        _stage_line(env, result.rows)
        _conflict_block(env, plan, result.conflicts, lang, locale)
        _derived_block(env, result.rows, lang)

    doc = contract.status_document(plan, result, plan_path, ledger_path)
    rows = doc["indicators"]
    emit(Document(json=doc, rows=rows, fields=contract.STATUS_FIELDS, draw=draw, paged=not no_pager), fmt)


def _stage_line(env, rows) -> None:
    """Under the table, once any figure says its stage: how many of the verdicts rest on official,
    preliminary and estimated figures (and on figures whose stage is not said)."""
    import textwrap

    shown = [p for p in rows if p.actual is not None]
    if not any(p.stage for p in shown):
        return
    said = {"official": _("{n} official"), "preliminary": _("{n} preliminary"), "estimate": _("{n} estimated"),
            None: _("{n} not said")}
    parts = [text.format(n=n) for stage, text in said.items() if (n := sum(1 for p in shown if p.stage == stage))]
    line = _("The figures the verdicts rest on: {parts}").format(parts=", ".join(parts))
    env.stdout.write(textwrap.fill(line, width=max(getattr(env, "width", 80) or 80, 20)) + "\n")


def _conflict_block(env, plan, conflicts, lang: str, locale: str) -> None:
    """Offices that disagree, after a table: each value with its office, and how to settle it."""
    if not conflicts:
        return
    from kehoach.render.report import CONFLICT_T, conflict_line, settle_hint

    lines = [f"\n{CONFLICT_T[lang]['label']}:"]
    for c in conflicts:
        lines += [f"  ! {conflict_line(plan, c, lang, locale)}", f"    {settle_hint(c, lang)}"]
    env.stdout.write("\n".join(lines) + "\n")


def _derived_block(env, rows, lang: str) -> None:
    """After a table: the values that are not the province's own records — its areas' roll-up (Σ), a
    merged province's predecessors combined (⊕) — and why a roll-up or a combination has none (∅)."""
    from kehoach.render.sentences import name_of

    lines = []
    for p in rows:
        name = name_of(p, lang)
        rolled, combined = getattr(p, "rolled_up_from", None), getattr(p, "combined_from", None)
        if rolled is not None and rolled["value"] is not None:
            areas = ", ".join(a["area"] for a in rolled["areas"])
            said = (_("{name} ({period}): the sum of its areas' figures ({areas})") if rolled["method"] in ("sum", "recount")
                    else _("{name} ({period}): weighted from its areas' figures ({areas})"))
            lines.append("  Σ " + said.format(name=name, period=rolled["period"], areas=areas))
        elif rolled is not None and rolled["message"]:
            lines.append(f"  ∅ {name}: {rolled['message']}")
        if combined is not None and combined["value"] is not None:
            names = ", ".join(c["name"] for c in combined["predecessors"])
            lines.append("  ⊕ " + _("{name} ({period}): combined from {names}").format(
                name=name, period=combined["period"], names=names))
        elif combined is not None and combined["message"] and combined["value"] is None:
            lines.append(f"  ∅ {name}: {combined['message']}")
    if lines:
        import textwrap

        width = max(getattr(env, "width", 80) or 80, 20)  # wrapped to the screen like the table above it
        wrapped = [textwrap.fill(line, width=width, subsequent_indent="    ", break_on_hyphens=False) for line in lines]
        heading = textwrap.fill(_("Not the province's own records:"), width=width)
        env.stdout.write("\n" + heading + "\n" + "\n".join(wrapped) + "\n")


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

    def draw(env) -> None:
        from kehoach.render import table

        table.list_table(plan, lang.value, st.numbers, areas=areas, env=env)

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

    def draw(env) -> None:
        from kehoach.render import table

        table.show_panel(plan, target, ind, progress, records, lang.value, st.numbers, superseded, env=env)
        if progress.baseline is not None and progress.base_source:  # the one reference of the year
            env.stdout.write(_reference_line(progress.baseline, progress.base_source, st.numbers) + "\n")
        lines = target_facts(progress, ind, lang.value, st.numbers)
        if lines:
            env.stdout.write("".join(line + "\n" for line in lines))

    detail = contract.show_detail(target, ind, progress)
    doc = contract.show_document(target, ind, progress, records)
    emit(Document(json=doc, rows=[detail], fields=list(detail.keys()), draw=draw, paged=not no_pager), fmt)


def target_facts(p, ind, lang: str, numbers) -> list[str]:
    """`show`'s lines for how often the indicator is published, the month's own value, the target
    in force (an amendment), the growth scenario, and each other basis of the target."""
    from kehoach.core.periods import quarter_name
    from kehoach.core.planview import plan_text
    from kehoach.render.contract import spec_text
    from kehoach.render.sentences import verdict_label

    unit = plan_text(ind, "unit", lang)
    quarterly = p.frequency == "quarterly"
    lines = []
    if quarterly:
        lines.append(_("Published quarterly: Q1, 6 months, 9 months and the full year (values for 03, 06, 09, 12)"))
        if p.period is not None and quarter_name(p.period):
            lines.append(_("Latest: {period} ({key})").format(period=quarter_name(p.period), key=p.period))
    if p.month_value is not None and p.period is not None:
        lines.append(month_line(p, unit, numbers))
    if p.amended_from is not None:
        lines.append(_("Amended target from {period}: {target} — {source}; the plan first set {original}").format(
            period=p.amended_from, target=p.target_text or spec_text(_spec_of(p), ind.unit, lang),
            source=p.amendment_source, original=spec_text(p.original_spec, ind.unit, lang)))
    for a in p.amendments:
        if p.amended_from is None or a.start > p.amended_from:
            lines.append(_("Amendment from {period}: {target} — {source}; not in force for the period shown").format(
                period=a.start, target=spec_text(a, ind.unit, lang), source=a.source))
    if p.expected_basis == "scenario" and p.expected is not None:
        lines.append(_("Expected by {period}, by the growth scenario: {value}").format(
            period=p.period, value=numbers.num(p.exact.get("expected", p.expected)) + _unit_suffix(unit)))
    for o in p.other_targets:
        name = plan_text(o.spec, "label", lang)
        said = spec_text(o.spec, ind.unit, lang)
        if p.actual is None or o.percent_of_plan is None:
            lines.append(_("Against {label}: {target}").format(label=name, target=said))
        else:
            lines.append(_("Against {label} ({target}): {percent}% — {verdict}").format(
                label=name, target=said, percent=numbers.num(o.percent_of_plan, 1), verdict=verdict_label(o, lang)))
        lines.append("  " + _("Source: {source}").format(source=o.spec.source))
    return lines


def _spec_of(p):
    from kehoach.core.progress import Spec

    return Spec(p.target, p.target_form, p.target_high, p.change, p.target_text)


def _unit_suffix(unit: str) -> str:
    return unit if unit.startswith("%") else f" {unit}"


def month_line(p, unit: str, numbers) -> str:
    """'Riêng tháng 5/2025: 405,6 tỷ đồng, bằng 6,2% kế hoạch năm; tăng 15,4% so với tháng trước
    (351,56 tỷ đồng); tăng 38,4% so với cùng kỳ (293,02 tỷ đồng)' — rounded once, to 1 decimal."""
    from kehoach.core.periods import quarter_name

    if p.frequency == "quarterly":
        when = quarter_name(p.period) or str(p.period)
        bits = [_("On its own, the quarter to {period}: {value}").format(
            period=when, value=numbers.num(p.month_value) + _unit_suffix(unit))]
    else:
        bits = [_("On its own, month {month}/{year}: {value}").format(
            month=p.period.month, year=p.period.year, value=numbers.num(p.month_value) + _unit_suffix(unit))]
    if p.month_percent_of_plan is not None:
        bits[0] += ", " + _("{percent}% of the year's target").format(percent=numbers.num(p.month_percent_of_plan, 1))
    if p.mom_percent is not None:
        if p.frequency == "quarterly":
            said = _("up {percent}% on the quarter before ({value})") if p.mom_percent >= 0 else \
                _("down {percent}% on the quarter before ({value})")
        else:
            said = _("up {percent}% on the month before ({value})") if p.mom_percent >= 0 else \
                _("down {percent}% on the month before ({value})")
        bits.append(said.format(percent=numbers.num(abs(p.mom_percent), 1),
                                value=numbers.num(p.previous_month_value) + _unit_suffix(unit)))
    if p.month_yoy_percent is not None:
        said = _("up {percent}% on the same period last year ({value})") if p.month_yoy_percent >= 0 else \
            _("down {percent}% on the same period last year ({value})")
        bits.append(said.format(percent=numbers.num(abs(p.month_yoy_percent), 1),
                                value=numbers.num(p.last_year_month_value) + _unit_suffix(unit)))
    return "; ".join(bits)


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
    from kehoach.core.status import conflicting_ids, find_conflicts, history_of, own_by_key
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
    own = own_by_key(ind, records, in_force)
    rows = contract.history_rows(records, superseded, conflicting, in_force, own)

    def draw(env) -> None:
        from kehoach.i18n import label
        from kehoach.render import table

        if not records:
            sys.stderr.write(label(lang.value, "no_history", id=ind.id) + "\n")
            return
        table.history_table(ind, records, lang.value, st.numbers, superseded, conflicting, env=env)
        trend = [r.value for r in records if r.id in in_force and r.area is None and r.period.year == plan.plan.year]
        table.trend_line(lang.value, trend, st.numbers, env=env)
        months = [(k[1], v) for k, v in sorted(own.items(), key=lambda kv: kv[0][1])
                  if k[0] == area and k[1].year == plan.plan.year]
        if months:
            env.stdout.write(own_line(months, area, lang.value, st.numbers) + "\n")
        _conflict_block(env, plan, conflicts, lang.value, st.numbers)

    fields = list(rows[0].keys()) if rows else list(contract.HISTORY_FIELDS_EMPTY)
    doc = contract.history_document(ind, rows, conflicts)
    emit(Document(json=doc, rows=rows, fields=fields, draw=draw, paged=not no_pager), fmt)


def own_line(months, area, lang: str, numbers) -> str:
    """'Riêng từng kỳ (toàn tỉnh): 2025-04 351,56 · 2025-05 405,6 (+15,4%)'."""
    from kehoach.i18n import label

    where = area if area is not None else label(lang, "whole_province")
    bits = [f"{period} {numbers.num(value)}" + (f" ({numbers.signed(mom, 1)}%)" if mom is not None else "")
            for period, (value, mom) in months]
    return _("Each period on its own ({where}): {values}").format(where=where, values=" · ".join(bits))


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
