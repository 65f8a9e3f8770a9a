"""The Typer app, its error handling, and the options and helpers that every command shares.

Only typer is imported at start; pydantic, Rich and the plan are loaded inside the commands that
need them, so that --version, --help and shell completion stay fast.
"""

import contextlib
import errno
import os
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer
from typer.core import TyperGroup

from kehoach import __version__
from kehoach.errors import ExitCode, KehoachError, UsageError
from kehoach.paths import ENV_DEBUG, ENV_LANG, ENV_LEDGER, ENV_LOCALE, ENV_PLAN

_state = {"traceback": False}


def _debug() -> bool:
    return _state["traceback"] or os.environ.get(ENV_DEBUG, "") not in ("", "0")


def report_error(e: KehoachError) -> None:
    """Every problem is printed here, the same way for every command."""
    sys.stderr.write(e.problem.text())


def _is_click(e: Exception) -> bool:
    """Click's own exceptions (usage errors, Exit, Abort) go to Click, which maps them to 2, 0, 1.

    Typer vendors Click from 0.26 on, so they are recognised by module, not by import."""
    return type(e).__module__.split(".")[0] in ("click", "typer")


def _reader_gone() -> None:
    """stdout's reader went away (`kehoach status | head -1`): stop quietly with 141, as a shell does."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # pragma: no cover - stdout is not a real file (CliRunner)
        pass
    sys.exit(int(ExitCode.BROKEN_PIPE))


def _output_failed(e: OSError) -> None:
    """stdout could not be written (a full device, an I/O error): exit 74 with a message."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # the interpreter's own final flush must not fail again
    except (OSError, ValueError):  # pragma: no cover
        pass
    reason = e.strerror or type(e).__name__
    sys.stderr.write(f"Error: cannot write the output to stdout: {reason}\n")
    sys.exit(int(ExitCode.IO_ERROR))


def _stdout_error(e: OSError) -> bool:
    """An OSError from writing stdout (as opposed to a file kehoach opened)."""
    return getattr(e, "filename", None) is None and e.errno in (errno.ENOSPC, errno.EIO, errno.EDQUOT, errno.EFBIG)


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
        except BrokenPipeError:
            _reader_gone()
        except SystemExit:
            raise
        except OSError as e:
            if _stdout_error(e) and not _debug():
                _output_failed(e)
            if _debug():
                raise
            sys.stderr.write(f"Error: internal error: {type(e).__name__}: {e}\n")
            sys.stderr.write(f"Hint: run again with --traceback (or {ENV_DEBUG}=1) and report the output\n")
            sys.exit(int(ExitCode.SOFTWARE))
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
    "\b\nExamples:\n"
    "  kehoach status                      # the whole plan, grouped by target\n"
    "  kehoach list                        # indicator ids to record against\n"
    "  kehoach record budget_revenue 10111.7 --period 2025-06\n"
    "  kehoach status --format json | jq '.indicators[] | select(.status==\"off_track\")'\n\n"
    "Exit codes: 0 ok, 1 needs attention, 2 usage, 65 bad data, 66 missing input,\n"
    "73 cannot write, 74 I/O error, 75 busy (try again), 70 internal error, 130 interrupted,\n"
    "141 stdout closed by its reader.",
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

    from kehoach.settings import build_settings

    try:
        raw = tomllib.loads(build_settings().plan.read_text("utf-8"))
        ids = [i["id"] for t in raw.get("targets", []) for i in t.get("indicators", [])]
    except Exception:  # noqa: BLE001 - completion offers nothing rather than fail at a key press
        return []
    return [i for i in ids if i.startswith(incomplete)]


PlanOpt = Annotated[
    Path | None,
    typer.Option("--plan", help=f"Plan file to use. [env var: {ENV_PLAN}; default: workspace plan, else the bundled plan]"),
]
# A string, not a Path: "dir/" (a trailing slash) must keep saying "a folder".
LedgerOpt = Annotated[
    str | None,
    typer.Option(
        "--ledger",
        help=f"Ledger file or folder (end it with / for a folder). [env var: {ENV_LEDGER}; default: workspace ledger, else the per-user data folder]",
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


def _origin(name: str) -> str:
    """Where Click took an option's value from: option, environment or default."""
    try:  # Typer vendors Click from 0.26 on
        from typer._click.globals import get_current_context
    except ImportError:  # pragma: no cover - an older Typer over Click
        from click import get_current_context  # type: ignore[import-not-found,no-redef]

    from kehoach.settings import FROM_DEFAULT, FROM_ENV, FROM_OPTION

    ctx = get_current_context(silent=True)
    source = ctx.get_parameter_source(name) if ctx is not None else None
    if source is None:
        return FROM_DEFAULT
    return {"COMMANDLINE": FROM_OPTION, "ENVIRONMENT": FROM_ENV}.get(source.name, FROM_DEFAULT)


def settings(plan_opt=None, ledger_opt=None, *, lang=None, locale=None, by=None):
    """The command's Settings, resolved once from its options, the environment and the workspace."""
    from kehoach.settings import build_settings

    return build_settings(
        plan=plan_opt,
        ledger=ledger_opt,
        lang=lang.value if lang is not None else None,
        lang_from=_origin("lang"),
        locale=locale.value if locale is not None else None,
        locale_from=_origin("locale"),
        by=by,
        debug=_debug(),
    )


def _load_plan(s):
    """The plan named by the Settings `s` (or, for older callers, by a --plan option value)."""
    from kehoach.core.plan import load_plan

    if not hasattr(s, "plan"):
        s = settings(s)
    return load_plan(s.plan, cache_dir=s.cache_dir), s


def _read_ledger(plan, s, *, required: bool = False):
    """The ledger named by the Settings `s`. One named explicitly that does not exist is a warning,
    or, with `required` (kehoach check: cron must not hear "all well"), an error."""
    from kehoach.core.ledger import read_ledger
    from kehoach.errors import InputMissing

    if not hasattr(s, "ledger"):
        s = settings(None, s)
    if s.ledger_named and s.ledger_missing:
        what = f"the ledger {s.ledger} ({s.source('ledger')}) does not exist"
        if required:
            raise InputMissing(what, hint="check --ledger / KEHOACH_LEDGER (or record a first value)")
        sys.stderr.write(f"Warning: {what}; showing the plan with no records\n")
    ledger = read_ledger(
        s.ledger,
        set(plan.indicator_ids()),
        {a.name for a in plan.areas} or None,
        cache_dir=s.cache_dir,
        lock_timeout=s.lock_timeout,
        plan=plan,
    )
    for w in ledger.warnings:
        sys.stderr.write(f"Warning: {w}\n")
    return ledger, s


def _find(plan, indicator_id: str):
    from kehoach.core.recording import unknown_indicator

    found = plan.find(indicator_id)
    if found is None:
        raise unknown_indicator(plan, indicator_id)
    return found


def _period(text: str | None, option: str, plan=None):
    """A period typed on the command line; with `plan`, one that must fall in the plan's year."""
    from kehoach.core.periods import PeriodError, parse_period

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
    return period


def _check_area(plan, area: str | None) -> None:
    if area is None:
        return
    from kehoach.core.recording import area_problem

    problem = area_problem(plan, area)
    if problem:
        raise UsageError(problem)


def _emit(text: str) -> None:
    sys.stdout.write(text)
    sys.stdout.flush()  # a full device or a closed pipe is reported here, not at exit


def emit(fmt, *, doc=None, rows=None, fields=None, table=None) -> None:
    """Write a command's result in the chosen format: one place for the json / csv / table branch.

    `doc` is the JSON document (default: the rows), `rows` and `fields` the CSV table, `table` a
    function drawing the table for people (Rich is imported only there)."""
    name = getattr(fmt, "value", fmt)
    if name == "json":
        from kehoach.render import jsonout

        _emit(jsonout.dumps(doc if doc is not None else list(rows or [])))
    elif name == "csv":
        from kehoach.render import csvout

        rows = list(rows or [])
        if fields is None:
            fields = list(rows[0].keys()) if rows else []
        _emit(csvout.dumps(rows, fields))
    elif table is not None:
        table()
        sys.stdout.flush()


def main() -> None:
    """Console-script entry point."""
    for stream in (sys.stdout, sys.stderr):
        enc = (getattr(stream, "encoding", None) or "").lower().replace("-", "")
        if enc != "utf8" and hasattr(stream, "reconfigure"):
            with contextlib.suppress(ValueError, OSError):  # a stream already in use keeps its errors
                stream.reconfigure(errors="backslashreplace")
    try:
        app()
    except BrokenPipeError:
        _reader_gone()
    except OSError as e:
        if not _stdout_error(e):
            raise
        _output_failed(e)
