"""The options and choices the commands share: the enums Typer offers, and each option once."""

from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from kehoach.i18n import N_
from kehoach.paths import ENV_LANG, ENV_LOCALE


class Lang(str, Enum):
    vi = "vi"
    en = "en"


class Stage(str, Enum):
    """The stages of a figure (core.ledger.model.STAGES)."""

    estimate = "estimate"
    preliminary = "preliminary"
    official = "official"


class Fmt(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"


class ReadFmt(str, Enum):
    """For a command whose result is one document, not rows: no CSV."""

    table = "table"
    json = "json"


class ExportFmt(str, Enum):
    csv = "csv"
    json = "json"
    xlsx = "xlsx"
    sqlite = "sqlite"


def complete_indicator(incomplete: str) -> list[str]:
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
    typer.Option("--plan", help=N_("Plan file to use. [env var: KEHOACH_PLAN; default: workspace plan, else the bundled plan]")),
]
# A string, not a Path: "dir/" (a trailing slash) must keep saying "a folder".
LedgerOpt = Annotated[
    str | None,
    typer.Option(
        "--ledger",
        help=N_(
            "Ledger file or folder (end it with / for a folder). "
            "[env var: KEHOACH_LEDGER; default: workspace ledger, else the per-user data folder]"
        ),
    ),
]
# A command declares --lang (its --help, its check of the value); the value itself is read once, before
# parsing (i18n.language_from_args: the last --lang, else KEHOACH_LANG), and reaches the command as Settings.lang.
LangOpt = Annotated[
    Lang,
    typer.Option(
        "--lang",
        envvar=ENV_LANG,
        show_envvar=True,
        help=N_("Language of the labels, messages and --help: vi (Vietnamese) or en (English)."),
    ),
]
LocaleOpt = Annotated[
    Lang | None,
    typer.Option("--locale", envvar=ENV_LOCALE, show_envvar=True, help=N_("Number format: en 10,111.7 or vi 10.111,7.")),
]
AnyPlanOpt = Annotated[
    bool,
    typer.Option(
        "--any-plan",
        help=N_("Read the ledger even though it belongs to another province's plan (its [ledger] table says which)."),
    ),
]
KnownAtOpt = Annotated[
    str | None,
    typer.Option(
        "--known-at",
        metavar="YYYY-MM-DD",
        help=N_("Show the ledger as it stood on that day: only the records recorded on or before it, judged as on "
                "that day (a July report rebuilt in December). See docs/stages.md."),
    ),
]
FormatOpt = Annotated[Fmt, typer.Option("--format", "-f", help=N_("Output format: table for people, json or csv for scripts."))]
