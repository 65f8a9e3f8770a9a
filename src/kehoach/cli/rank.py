"""`kehoach rank`: the provinces of a SQLite export ranked by one indicator (docs/sqlite.md)."""

from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, TypeVar, cast

import typer

from kehoach.cli.app import app
from kehoach.cli.common import period_of, settings
from kehoach.cli.options import Fmt, FormatOpt, Lang, LangOpt, LocaleOpt
from kehoach.cli.output import Document, emit
from kehoach.i18n import N_

F = TypeVar("F", bound=Callable[..., None])
# The app's command decorator and settings() are not annotated (cli/app.py): typed here as used.
command = cast(Callable[[], Callable[[F], F]], app.command)
resolve = cast(Callable[..., Any], settings)


@command()
def rank(
    sqlite_file: Annotated[
        Path, typer.Argument(help=N_("A SQLite file that kehoach export wrote, with one or many provinces."),
                             metavar="SQLITE_FILE")
    ],
    indicator: Annotated[
        str, typer.Argument(help=N_("The provinces' indicator id, as in their plans (grdp_growth)."), metavar="INDICATOR")
    ],
    period_text: Annotated[
        str | None,
        typer.Option("--period", "-p", help=N_("The month to rank, YYYY-MM. [default: the latest month any province "
                                               "has its own value for]")),
    ] = None,
    year: Annotated[
        int | None, typer.Option("--year", help=N_("Only the provinces whose plan is of this year. [default: the "
                                                   "year of --period, else the latest]"))
    ] = None,
    fmt: FormatOpt = Fmt.table,
    top: Annotated[
        int | None, typer.Option("--top", min=1, metavar="N", help=N_("Only the first N ranks (all provinces tied at the last "
                                                          "one included; no-data rows left out)."))
    ] = None,
    lang: LangOpt = Lang.vi,
    locale: LocaleOpt = None,
) -> None:
    """Rank the provinces of a SQLite export by one indicator: rank, province, value, unit, % of
    plan, verdict and stage. Higher values first, or lower first for an indicator whose plan asks
    it to fall (poverty); ties share a rank; a province with no value for the month is listed
    last as no data. The file is only read.

    \b
    Examples:
      kehoach rank bo-ke-hoach.sqlite grdp_growth
      kehoach rank bo-ke-hoach.sqlite budget_revenue --period 2025-06 --top 10
      kehoach rank bo-ke-hoach.sqlite poverty_rate --year 2025 --format csv
    """
    from kehoach.core.ranking import RANK_FIELDS
    from kehoach.core.ranking import rank as rank_provinces
    from kehoach.render import ranking

    st = resolve(None, None, locale=locale)
    period = period_of(period_text, "--period")
    result = rank_provinces(sqlite_file, indicator, period=period, year=year, top=top, timeout=st.lock_timeout)
    rows = [row.as_row() for row in result.rows]
    emit(Document(json=ranking.document(result, str(sqlite_file)), rows=rows, fields=list(RANK_FIELDS),
                  draw=lambda env: env.stdout.write(ranking.text(result, st.lang, st.numbers))), fmt)
