"""The Typer app, its error handling, and the options and helpers that every command shares.

Only typer is imported at start; pydantic, Rich and the plan are loaded inside the commands that
need them, so that --version, --help and shell completion stay fast.
"""

import os
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

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
    "\b\nExamples:\n"
    "  kehoach status                      # the whole plan, grouped by target\n"
    "  kehoach list                        # indicator ids to record against\n"
    "  kehoach record budget_revenue 10111.7 --period 2025-06\n"
    "  kehoach status --format json | jq '.indicators[] | select(.status==\"off_track\")'\n\n"
    "Exit codes: 0 ok, 1 needs attention, 2 usage, 65 bad data, 66 missing input,\n"
    "73 cannot write, 74 I/O error, 75 busy (try again), 70 internal error, 130 interrupted.",
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
    ledger = read_ledger(
        resolved.path, set(plan.indicator_ids()), {a.name for a in plan.areas} or None, **_ledger_settings()
    )
    for w in ledger.warnings:
        sys.stderr.write(f"Warning: {w}\n")
    return ledger, resolved


def _ledger_settings() -> dict:
    """What the ledger core is told of the environment: the index's cache folder, the lock timeout."""
    from kehoach.core.storage import lock_timeout_from
    from kehoach.paths import ENV_LOCK_TIMEOUT, cache_dir

    return {"cache_dir": cache_dir(), "lock_timeout": lock_timeout_from(os.environ.get(ENV_LOCK_TIMEOUT))}


def _may_create_ledger_folder(resolved) -> bool:
    """Only the per-user default ledger's folder is created on first use; never one the user named."""
    if resolved.path.parent.exists():
        return False  # nothing to create (and platformdirs need not be imported)
    from kehoach.paths import USER_LEDGER, user_data_dir

    return resolved.path == user_data_dir() / USER_LEDGER


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
    from kehoach.core.recording import area_problem

    problem = area_problem(plan, area)
    if problem:
        raise UsageError(problem)


def _emit(text: str) -> None:
    sys.stdout.write(text)


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
