"""The Typer app: its commands' group, its help in the session's language, and its error handling
(every problem is reported here, with its exit code). The options every command shares are in
options.py; what every command does with them (Settings, the plan, the ledger) in common.py.

Only typer is imported at start; pydantic, Rich and the plan are loaded inside the commands that
need them, so that --version, --help and shell completion stay fast.
"""

import contextlib
import errno
import os
import sys
from typing import Annotated

import typer
from typer.core import TyperCommand, TyperGroup

from kehoach import __version__, i18n
from kehoach.cli import common
from kehoach.cli.options import Lang, LangOpt
from kehoach.errors import ExitCode, KehoachError
from kehoach.i18n import N_, _
from kehoach.paths import ENV_DEBUG


def report_error(e: KehoachError) -> None:
    """Every problem is printed here, the same way for every command: one about a setting's value
    (`option`) begins with the flag that gave it."""
    from dataclasses import replace

    problem = e.problem
    if problem.option is not None:
        problem = replace(problem, message=f"{flag_of(problem.option)} {problem.message}")
    sys.stderr.write(problem.text())


def flag_of(option: str) -> str:
    """The command-line flag of a setting named in the core ("output" → "--output")."""
    return "--" + option.replace("_", "-")


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
    message = _("cannot write the output to stdout: {reason}").format(reason=reason)
    sys.stderr.write(_("Error: {message}").format(message=message) + "\n")
    sys.exit(int(ExitCode.IO_ERROR))


def _stdout_error(e: OSError) -> bool:
    """An OSError from writing stdout (as opposed to a file kehoach opened)."""
    return getattr(e, "filename", None) is None and e.errno in (errno.ENOSPC, errno.EIO, errno.EDQUOT, errno.EFBIG)


def _internal_error(e: BaseException) -> None:
    """A bug: one line for the user (and how to report it), the traceback on request."""
    message = _("internal error: {error}").format(error=f"{type(e).__name__}: {e}")
    hint = _("run again with --traceback (or {env}=1) and report the output").format(env=ENV_DEBUG)
    sys.stderr.write(_("Error: {message}").format(message=message) + "\n")
    sys.stderr.write(_("Hint: {hint}").format(hint=hint) + "\n")
    sys.exit(int(ExitCode.SOFTWARE))


def click_message(text: str) -> str:
    """A usage error as Click words it ("No such option: --x", "Missing argument 'value'."…), in
    the language of the session; Click's English sentences are the msgids."""
    import re

    def detail(d: str) -> str:
        for pattern, said in (
            (r"^(?P<value>.*) is not one of (?P<choices>.*)\.$", _("{value} is not one of {choices}.")),
            (r"^(?P<value>.*) is not a valid (?:integer|int|float)\.$", _("{value} is not a valid number.")),
            (r"^(?P<value>.*) is not in the range (?P<range>.*)\.$", _("{value} is not in the range {range}.")),
        ):
            m = re.match(pattern, d, re.S)
            if m:
                return said.format(**m.groupdict())
        return d

    for pattern, said in (
        (r"^No such option: (?P<name>\S+)$", _("No such option: {name}")),
        (r"^No such option: (?P<name>\S+) \(Possible options: (?P<options>.*)\)$",
         _("No such option: {name} (Possible options: {options})")),
        (r"^No such command (?P<name>'[^']*')\.$", _("No such command {name}.")),
        (r"^No such command (?P<name>'[^']*')\. Did you mean (?P<close>.*)\?$",
         _("No such command {name}. Did you mean {close}?")),
        (r"^Missing argument (?P<name>'[^']*')\.$", _("Missing argument {name}.")),
        (r"^Missing option (?P<name>'[^']*'(?: / '[^']*')*)\.$", _("Missing option {name}.")),
        (r"^Got unexpected extra argument(?:\(s\)|s)? \((?P<args>.*)\)$", _("Got unexpected extra argument(s) ({args})")),
        (r"^Option (?P<name>'[^']*') requires an argument\.$", _("Option {name} requires an argument.")),
        (r"^Option (?P<name>'[^']*') does not take a value\.$", _("Option {name} does not take a value.")),
    ):
        m = re.match(pattern, text, re.S)
        if m:
            return said.format(**m.groupdict())
    m = re.match(r"^Invalid value for (?P<param>.+?): (?P<detail>.*)$", text, re.S)
    if m:
        return _("Invalid value for {param}: {detail}").format(param=m["param"], detail=detail(m["detail"]))
    return text


def _show_usage_error(e, file=None) -> None:
    """Click's UsageError.show, in the language of the session: the usage line, the help hint and
    "Error: …" (the same bytes as Click's in English)."""
    out = file or sys.stderr
    ctx = getattr(e, "ctx", None)
    if ctx is not None:
        hint = ""
        if ctx.command.get_help_option(ctx) is not None:
            hint = _("Try '{command} {option}' for help.").format(
                command=ctx.command_path, option=ctx.help_option_names[0]) + "\n"
        out.write(f"{ctx.get_usage()}\n{hint}\n")
    out.write(_("Error: {message}").format(message=click_message(e.format_message())) + "\n")


def _speak_usage_error(e: BaseException) -> None:
    """Give a Click usage error (raised while parsing) a `show` in the user's language."""
    if any(c.__name__ == "UsageError" for c in type(e).__mro__) and hasattr(e, "format_message"):
        e.show = lambda file=None: _show_usage_error(e, file)  # type: ignore[attr-defined]


class KehoachGroup(TyperGroup):
    """Maps every error to its exit code in one place; a traceback only on request."""

    def main(self, args=None, *a, **kw):
        """The language of messages is chosen before anything is parsed (`--lang`, KEHOACH_LANG),
        so that usage errors and every message after them speak it; for the console script and
        for CliRunner alike."""
        i18n.set_language(i18n.language_from_args(list(args) if args is not None else sys.argv[1:], os.environ))
        return super().main(args, *a, **kw)

    def make_context(self, *a, **kw):
        try:
            return super().make_context(*a, **kw)
        except Exception as e:  # a usage error in the options before the command
            _speak_usage_error(e)
            raise

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except KehoachError as e:
            if common.debug():
                raise
            report_error(e)
            sys.exit(int(e.exit_code))
        except KeyboardInterrupt:
            sys.stderr.write(_("Interrupted; nothing more was written.") + "\n")
            sys.exit(int(ExitCode.INTERRUPTED))
        except BrokenPipeError:
            _reader_gone()
        except SystemExit:
            raise
        except OSError as e:
            if _stdout_error(e) and not common.debug():
                _output_failed(e)
            if common.debug():
                raise
            # The system refused a file no check foresaw (a symlink loop, a vanished folder…): the
            # file and the system's reason, as an I/O error (74), not a bug report.
            from kehoach.errors import DiskError

            where = e.filename if e.filename is not None else "?"
            report_error(DiskError(_("{file}: {reason}").format(file=where, reason=e.strerror or e)))
            sys.exit(int(ExitCode.IO_ERROR))
        except Exception as e:  # a bug: one line for the user, the traceback on request
            if _is_click(e):
                _speak_usage_error(e)
                raise
            if common.debug():
                raise
            _internal_error(e)


# ─────────────────────────── --help in the user's language ───────────────────────────
# Help texts are English msgids in the code (command docstrings, `help=N_(…)`), translated when
# they are shown: the command and group classes below swap each text for its translation while
# Click formats the help, and the formatter translates Click's and Typer's own words.

try:  # Typer vendors Click from 0.26 on
    from typer._click import Context as _ClickContext
    from typer._click import HelpFormatter as _ClickHelpFormatter
except ImportError:  # pragma: no cover - an older Typer over Click
    from click import Context as _ClickContext  # type: ignore[import-not-found,no-redef]
    from click import HelpFormatter as _ClickHelpFormatter  # type: ignore[no-redef]

# What Click and Typer write into --help themselves, marked here for the catalogue.
CLICK_TEXTS = (
    N_("Usage: "),
    N_("Arguments"),
    N_("Options"),
    N_("Commands"),
    N_("default: {default}"),
    N_("env var: {var}"),
    N_("required"),
    N_("Show this message and exit."),
    N_("Install completion for the current shell."),
    N_("Show completion for the current shell, to copy it or customize the installation."),
)
# The placeholders of the usage line ("Usage: kehoach [OPTIONS] COMMAND [ARGS]...").
USAGE_PIECES = (N_("[OPTIONS]"), N_("COMMAND [ARGS]..."))
_EXTRA_PREFIXES = (("default: ", "default: {default}", "default"), ("env var: ", "env var: {var}", "var"))


def _translate_extras(text: str) -> str:
    """The "[default: …; env var: …; required]" that Click appends to an option's help (after two
    spaces), in the current language; a part Click does not name (a range such as 1901<=x<=2200)
    and any bracket of the help's own text are left as they are."""
    head, sep, tail = text.rpartition("[")
    if not tail.endswith("]") or (head and not head.endswith("  ")):
        return text
    parts = []
    for part in tail[:-1].split("; "):
        if part == "required":
            part = _("required")
        for prefix, msgid, key in _EXTRA_PREFIXES:
            if part.startswith(prefix):
                part = i18n._(msgid).format(**{key: part[len(prefix):]})
                break
        parts.append(part)
    return f"{head}{sep}{'; '.join(parts)}]"


class HelpFormatter(_ClickHelpFormatter):
    """Click's formatter, with its headings, "Usage:" and the option extras in the current language."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, _("Usage: ") if prefix is None else prefix)

    def write_heading(self, heading: str) -> None:
        super().write_heading(i18n._(heading))  # Options, Arguments, Commands (marked above)

    def write_dl(self, rows, col_max: int = 30, col_spacing: int = 2) -> None:
        super().write_dl([(first, _translate_extras(second)) for first, second in rows], col_max, col_spacing)


class HelpContext(_ClickContext):
    formatter_class = HelpFormatter


# Click keeps a paragraph that starts with a backspace character ("\b" in Python) as it is written.
# In the catalogue that mark is the two characters backslash and b (written "\\b" in the .po), which
# every gettext tool reads alike (babel before 2.19 does not read the C escape "\b" of a .po).
NO_REWRAP, NO_REWRAP_IN_CATALOGUE = "\b", "\\b"


def help_msgid(text: str) -> str:
    """The catalogue's msgid of a help text."""
    return text.replace(NO_REWRAP, NO_REWRAP_IN_CATALOGUE)


def help_in_language(text: str) -> str:
    """A help text (command docstring, help=N_(…)) in the current language."""
    return i18n._(help_msgid(text)).replace(NO_REWRAP_IN_CATALOGUE, NO_REWRAP)


@contextlib.contextmanager
def _texts_in_language(command, ctx=None):
    """For the time the help is formatted, the command's help and its parameters' in the current
    language; the English msgids are put back afterwards (one process may show several languages)."""
    objects = [command, *(command.get_params(ctx) if ctx is not None else [])]
    saved = [(o, o.help) for o in objects]
    try:
        for o, text in saved:
            if text:
                o.help = help_in_language(text)
        yield
    finally:
        for o, text in saved:
            o.help = text


class _HelpInLanguage:
    """Mixed into the command and group classes: --help speaks the language set for the process."""

    context_class: type[_ClickContext] = HelpContext

    def format_help(self, ctx, formatter) -> None:
        with _texts_in_language(self, ctx):
            super().format_help(ctx, formatter)  # type: ignore[misc]

    def collect_usage_pieces(self, ctx) -> list[str]:
        return [i18n._(p) if p in USAGE_PIECES else p for p in super().collect_usage_pieces(ctx)]  # type: ignore[misc]

    def get_short_help_str(self, limit: int = 45) -> str:
        with _texts_in_language(self):
            return super().get_short_help_str(limit)  # type: ignore[misc]


class HelpCommand(_HelpInLanguage, TyperCommand):
    """A kehoach command: its --help in the user's language."""


class HelpGroup(_HelpInLanguage, KehoachGroup):
    """The kehoach group (and `kehoach plan`): KehoachGroup, with --help in the user's language."""


class KehoachTyper(typer.Typer):
    """A Typer app whose commands are HelpCommands unless told otherwise."""

    def command(self, name=None, *, cls=None, **kwargs):
        return super().command(name, cls=cls or HelpCommand, **kwargs)


app = KehoachTyper(
    cls=HelpGroup,
    name="kehoach",
    help=N_(
        "Track a province's annual socio-economic plan: targets, monthly actuals, progress.\n\n"
        "\b\nExamples:\n"
        "  kehoach status                      # the whole plan, grouped by target\n"
        "  kehoach list                        # indicator ids to record against\n"
        "  kehoach record budget_revenue 10111.7 --period 2025-06\n"
        "  kehoach status --format json | jq '.indicators[] | select(.status==\"off_track\")'\n\n"
        "Exit codes: 0 ok, 1 needs attention, 2 usage, 65 bad data, 66 missing input,\n"
        "73 cannot write, 74 I/O error, 75 busy (try again), 70 internal error, 130 interrupted,\n"
        "141 stdout closed by its reader."
    ),
    no_args_is_help=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        from kehoach.cli.output import Document, emit

        emit(Document(rendered={"text": lambda: f"kehoach {__version__}\n"}), "text")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool, typer.Option("--version", "-V", callback=_version, is_eager=True, help=N_("Show the version and exit."))
    ] = False,
    traceback: Annotated[bool, typer.Option("--traceback", help=N_("Show Python tracebacks (or set KEHOACH_DEBUG=1)."))] = False,
    lang: LangOpt = Lang.vi,  # read before parsing (KehoachGroup.main); accepted here too: kehoach --lang en --help
) -> None:
    common.STATE["traceback"] = traceback


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
