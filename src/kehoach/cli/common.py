"""What every command does with its options: its Settings, the plan and the ledger they name, an
indicator, a period or an area typed on the command line (refused with exit 2 when wrong)."""

import os

from kehoach import i18n
from kehoach.errors import UsageError
from kehoach.i18n import _
from kehoach.paths import ENV_DEBUG

STATE = {"traceback": False}  # --traceback, set by the app's callback


def debug() -> bool:
    """Whether tracebacks are shown: --traceback or KEHOACH_DEBUG."""
    return STATE["traceback"] or os.environ.get(ENV_DEBUG, "") not in ("", "0")


def _context():
    """Click's context of the command being run, or None outside one."""
    try:  # Typer vendors Click from 0.26 on
        from typer._click.globals import get_current_context
    except ImportError:  # pragma: no cover - an older Typer over Click
        from click import get_current_context  # type: ignore[import-not-found,no-redef]

    return get_current_context(silent=True)


def _chosen(name: str):
    """An option's value as Click parsed it, and where it came from: typed on the command line (the
    command's own, else the group's: kehoach --lang en status), else its environment variable, else
    (None, default). The scan before parsing (i18n.language_from_args) cannot tell `--note --lang`
    (a note's text) from the option; this can."""
    from kehoach.settings import FROM_DEFAULT, FROM_ENV, FROM_OPTION

    for wanted, origin in (("COMMANDLINE", FROM_OPTION), ("ENVIRONMENT", FROM_ENV)):
        ctx = _context()
        while ctx is not None:
            source = ctx.get_parameter_source(name)
            if source is not None and source.name == wanted and ctx.params.get(name) is not None:
                return ctx.params[name], origin
            ctx = ctx.parent
    return None, FROM_DEFAULT


def settings(plan_opt=None, ledger_opt=None, *, locale=None, by=None, known_at=None):
    """The command's Settings, resolved once from its options, the environment and the workspace.
    `known_at`: the --known-at text (the ledger as on that day; today is that day)."""
    from kehoach.settings import build_settings

    lang, lang_from = _chosen("lang")
    return build_settings(
        known_at=known_at,
        plan=plan_opt,
        ledger=ledger_opt,
        lang=i18n.set_language(str(getattr(lang, "value", lang)) if lang is not None else None),  # messages too
        lang_from=lang_from,
        locale=locale.value if locale is not None else None,
        locale_from=_chosen("locale")[1],
        by=by,
        debug=debug(),
    )


def warn(warning) -> None:
    """A warning on stderr, worded as every warning is (Environment.warn): a Problem by its line,
    its place first, or a sentence."""
    from kehoach.cli.output import environment
    from kehoach.errors import Problem

    environment().warn(warning.line() if isinstance(warning, Problem) else warning)


def plan_of(s):
    """The plan named by the Settings `s`."""
    from kehoach.core.plan import load_plan

    return load_plan(s.plan, cache_dir=s.cache_dir)


def ledger_of(plan, s, *, required: bool = False, any_plan: bool = False, every_record: bool = False):
    """The ledger named by the Settings `s`. One named explicitly that does not exist is a warning,
    or, with `required` (kehoach check: cron must not hear "all well"), an error. A ledger of
    another province's plan is refused unless `any_plan` (--any-plan). `every_record`: keep the
    records of indicators the plan does not have too (a backup must hold them all)."""
    from kehoach.core.ledger import read_ledger
    from kehoach.errors import InputMissing

    if s.ledger_named and s.ledger_missing:
        what = _("the ledger {path} ({source}) does not exist").format(path=s.ledger, source=s.source_text("ledger"))
        if required:
            raise InputMissing(what, hint=_("check --ledger / KEHOACH_LEDGER (or record a first value)"))
        message = _("{problem}; showing the plan with no records").format(problem=what)
        warn(message)
    ledger = read_ledger(
        s.ledger,
        None if every_record else set(plan.indicator_ids()),
        {a.name for a in plan.areas} or None,
        cache_dir=s.cache_dir,
        lock_timeout=s.lock_timeout,
        plan=plan,
        any_plan=any_plan,
    )
    for w in ledger.warnings:
        warn(w)
    if getattr(s, "known_at", None) is not None:
        from kehoach.core.ledger import known_at

        ledger = known_at(ledger, s.known_at)
    return ledger


def indicator_of(plan, indicator_id: str):
    from kehoach.core.recording import unknown_indicator

    found = plan.find(indicator_id)
    if found is None:
        raise unknown_indicator(plan, indicator_id)
    return found


def period_of(text: str | None, option: str, plan=None, today=None):
    """A period typed on the command line; with `plan`, one that must fall in the plan's year; with
    `today` (Settings.today), one that has begun: a report "for 9 months" in July is refused, as
    `record` refuses a figure for a month to come."""
    from kehoach.core.periods import PeriodError, current_period, in_the_future, parse_period

    if text is None:
        return None
    try:
        period = parse_period(text)
    except PeriodError as e:
        raise UsageError(f"{option}: {e}") from None
    if plan is not None:
        from kehoach.core.status import period_problem

        problem = period_problem(plan, period)
        if problem:
            raise UsageError(f"{option} {problem}")
    if today is not None and period > current_period(today):
        raise UsageError(f"{option}: {in_the_future(period)}")
    return period


def check_area(plan, area: str | None) -> None:
    if area is None:
        return
    from kehoach.core.recording import area_problem

    problem = area_problem(plan, area)
    if problem:
        raise UsageError(problem)
