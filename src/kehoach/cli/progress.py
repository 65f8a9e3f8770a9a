"""Progress commands: report (the written report), chart (one indicator in the terminal) and check (for scripts)."""

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from kehoach.cli.app import app
from kehoach.cli.common import check_area, indicator_of, ledger_of, period_of, plan_of, settings
from kehoach.cli.options import AnyPlanOpt, KnownAtOpt, Lang, LangOpt, LedgerOpt, PlanOpt, complete_indicator
from kehoach.cli.output import Document, emit, environment
from kehoach.errors import ExitCode, UsageError
from kehoach.i18n import N_, _
from kehoach.paths import ENV_LOCALE, ENV_REPORT_NUMBER, ENV_SIGNER

LocaleFollowsOpt = Annotated[
    Lang | None,
    typer.Option(
        "--locale", envvar=ENV_LOCALE, show_envvar=True, help=N_("Number format; defaults to the language's own.")
    ),
]
AsOfOpt = Annotated[
    str | None,
    typer.Option("--as-of", "--period", "-p", help=N_("The reporting period, YYYY-MM. [default: the latest recorded]")),
]
AreaOpt = Annotated[str | None, typer.Option("--area", help=N_("One area (district) instead of the whole province."))]


class CheckFmt(str, Enum):
    text = "text"
    json = "json"
    csv = "csv"


class ReportFmt(str, Enum):
    md = "md"
    text = "text"
    html = "html"
    docx = "docx"
    brief = "brief"  # a message to paste (e-mail, Zalo): at most 12 lines, no table, no markup
    json = "json"  # for scripts: what changed since --compare-known-at (`changes`)


SUFFIXES = {
    ".md": ReportFmt.md,
    ".markdown": ReportFmt.md,
    ".txt": ReportFmt.text,
    ".html": ReportFmt.html,
    ".htm": ReportFmt.html,
    ".docx": ReportFmt.docx,
    ".json": ReportFmt.json,
}


@app.command()
def report(
    period_text: AsOfOpt = None,
    fmt: Annotated[
        ReportFmt | None,
        typer.Option("--format", "-f", help=N_("md, text, html, docx, brief (a message to paste, at most 12 lines), or "
                                        "json (what changed, for scripts). [default: from --output's suffix, else md]")),
    ] = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help=N_("Write to this file (- for stdout)."))
    ] = None,
    area: AreaOpt = None,
    number: Annotated[
        str | None,
        typer.Option("--number", envvar=ENV_REPORT_NUMBER, show_envvar=True,
                     help=N_("The report's number (125, or 125/BC-UBND). [default: a blank to fill]")),
    ] = None,
    signer: Annotated[
        str | None,
        typer.Option("--signer", envvar=ENV_SIGNER, show_envvar=True,
                     help=N_("The name under the signature. [default: a blank to fill]")),
    ] = None,
    recipient: Annotated[
        list[str] | None,
        typer.Option("--recipient", help=N_("A recipient under \"Nơi nhận\" (repeat for each; env KEHOACH_RECIPIENTS, "
                                            "separated by |). [default: a blank to fill]")),
    ] = None,
    lang: LangOpt = Lang.vi,
    locale: LocaleFollowsOpt = None,
    plan_path: PlanOpt = None,
    ledger_path: LedgerOpt = None,
    any_plan: AnyPlanOpt = False,
    known_at: KnownAtOpt = None,
    compare_known_at: Annotated[
        str | None,
        typer.Option("--compare-known-at", metavar="YYYY-MM-DD",
                     help=N_("Add what changed since the ledger as known on that day: each figure of the period "
                             "then and now, its stage, who published it and why it was revised. See docs/stages.md.")),
    ] = None,
) -> None:
    """The progress report as a province sends it: the results by field in prose, places for the
    shortcomings and the tasks ahead, the signature, and the table of targets as an annex.

    \b
    Examples:
      kehoach report --period 2025-06
      kehoach report --period 2025-06 --lang en --format text
      kehoach report --period 2025-06 -o bao-cao-6-thang.docx
      kehoach report -o bc.docx --number 125 --signer "Nguyễn Văn A" --recipient "Bộ Kế hoạch và Đầu tư"
      kehoach report -o report.html        # one file, charts inline, prints on A4
      kehoach report --format brief        # a message to paste into an e-mail or Zalo
      kehoach report --compare-known-at 2025-07-31   # what changed since the July publication
    """
    from kehoach.settings import report_settings

    st = report_settings(settings(plan_path, ledger_path, locale=locale, known_at=known_at),
                         number=number, signer=signer, recipients=recipient)
    compare_day = None
    if compare_known_at is not None:
        from datetime import date

        try:
            compare_day = date.fromisoformat(compare_known_at.strip())
        except ValueError:
            raise UsageError(_("--compare-known-at: {value} is not a date (YYYY-MM-DD)").format(
                value=repr(compare_known_at))) from None
    from kehoach.core.reporting import check_compare_day, report_basis

    check_compare_day(compare_day, st.known_at)
    plan = plan_of(st)
    check_area(plan, area)
    period = period_of(period_text, "--period", plan, st.today)
    from kehoach.core.outfile import choose_format, in_use, is_stdout

    suffixes = {s: f.value for s, f in SUFFIXES.items()}
    fmt = ReportFmt(choose_format(output, fmt.value if fmt else None, suffixes, ReportFmt.md.value))
    env = environment()
    if fmt is ReportFmt.docx and (output is None or is_stdout(output)) and env.stdout_isatty:
        raise UsageError(
            _("a .docx report is a binary file"), hint=_("add --output FILE.docx (or redirect stdout to a file)")
        )
    ledger = ledger_of(plan, st, any_plan=any_plan)
    from kehoach.render import report as rep

    basis = report_basis(plan, ledger, period=period, area=area, today=st.today, ledger_path=st.ledger,
                         compare_day=compare_day)
    result, period = basis.result, basis.period
    frame = rep.Frame(issuer=getattr(plan.plan, "issuer", None), place=getattr(plan.plan, "place", None), number=st.report_number, signer=st.signer,
                      recipients=st.recipients, notes=basis.notes)
    found = None
    if basis.then is not None and basis.now is not None and basis.rows_then is not None:
        from kehoach.render import monthly

        found = monthly.changes(result.rows, basis.then, basis.now, period, area, basis.rows_then)
    doc = rep.build(plan, result, st.lang, st.numbers, period, frame, changes=found, compare_day=compare_day)

    def docx() -> bytes:
        from kehoach.render import docx_report

        return docx_report.render(doc)

    def html() -> str:
        from kehoach.render import html

        return html.render(doc)

    def changes() -> str:
        from kehoach.render import contract, jsonout

        return jsonout.dumps({
            "format_version": contract.FORMAT_VERSION,
            "as_of": str(period) if period else None,
            "area": area,
            "known_at": st.known_at.isoformat() if st.known_at else None,
            "compare_known_at": compare_day.isoformat() if compare_day else None,
            "changes": [c.row() for c in doc.changes],
        })

    def brief() -> str:
        from kehoach.render import brief

        return brief.render(doc)

    from collections.abc import Callable

    rendered: dict[str, Callable[[], str | bytes]] = {"md": lambda: rep.markdown(doc), "text": lambda: rep.text(doc), "html": html, "docx": docx,
                "brief": brief, "json": changes}
    keep = in_use(st.plan, st.ledger, st.workspace) if output is not None else ()
    emit(Document(rendered=rendered, binary=True), fmt, output, env, keep)
    if output is None:
        return
    if not is_stdout(output):
        said = _("Wrote the {format} report ({period}) to {file}") if period else _("Wrote the {format} report (no period) to {file}")
        sys.stderr.write(said.format(format=fmt.value, period=period, file=output) + "\n")


@app.command()
def chart(
    indicator: Annotated[
        str, typer.Argument(help=N_("The indicator id (see `kehoach list`)."), autocompletion=complete_indicator)
    ],
    as_of: AsOfOpt = None,
    area: AreaOpt = None,
    lang: LangOpt = Lang.vi,
    locale: LocaleFollowsOpt = None,
    plan_path: PlanOpt = None,
    ledger_path: LedgerOpt = None,
    any_plan: AnyPlanOpt = False,
) -> None:
    """Draw one indicator's months against the expected path and the annual target.

    ● the values recorded, · where the plan expects the indicator by each month, ━ the target,
    ○ the same months last year (when recorded).

    \b
    Examples:
      kehoach chart budget_revenue
      kehoach chart tourists --as-of 2025-06 --lang en
    """
    st = settings(plan_path, ledger_path, locale=locale)
    plan = plan_of(st)
    target, _ind = indicator_of(plan, indicator)
    check_area(plan, area)
    period = period_of(as_of, "--as-of", plan, st.today)
    ledger = ledger_of(plan, st, any_plan=any_plan)
    from kehoach.core.status import build_status

    result = build_status(plan, ledger, as_of=period, area=area, numbers=[target.number], today=st.today)
    p = next(r for r in result.rows if r.id == indicator)
    from kehoach.render import chart as ch
    from kehoach.render import sentences, table

    lang_v, numbers = st.lang, st.numbers

    def draw(env) -> None:
        # four characters a month, three on a narrow terminal; narrower still, no drawing (never a wrapped one)
        for col in (ch.COL, 3):
            drawing = ch.build(p, lang_v, numbers, plan.plan.year, col=col)
            if table.fits(drawing, env):
                break
        table.print_chart(drawing, env)
        table.print_text(sentences.sentence(p, lang_v, numbers), env)

    emit(Document(draw=draw), "table")


@app.command()
def check(
    at_risk: Annotated[
        bool, typer.Option("--at-risk", help=N_("Also fail on indicators at risk, not only off track."))
    ] = False,
    as_of: AsOfOpt = None,
    area: AreaOpt = None,
    fmt: Annotated[
        CheckFmt, typer.Option("--format", "-f", help=N_("text for people and mail, json or csv for scripts."))
    ] = CheckFmt.text,
    lang: LangOpt = Lang.vi,
    locale: LocaleFollowsOpt = None,
    plan_path: PlanOpt = None,
    ledger_path: LedgerOpt = None,
    any_plan: AnyPlanOpt = False,
    known_at: KnownAtOpt = None,
) -> None:
    """Exit 0 when nothing needs attention, 1 when an indicator is off track (or at risk, with
    --at-risk), offices disagree on a value, a value that is due is not recorded, or the
    province's own figure and its areas' differ. Prints only what needs attention: quiet when all
    is well, for cron and CI.

    \b
    Examples:
      kehoach check || mail -s "Kế hoạch: chỉ tiêu chậm tiến độ" planning@example.vn
      kehoach check --at-risk --format json | jq '.indicators[].id'
    """
    st = settings(plan_path, ledger_path, locale=locale, known_at=known_at)
    plan = plan_of(st)
    check_area(plan, area)
    period = period_of(as_of, "--as-of", plan, st.today)
    ledger = ledger_of(plan, st, required=True, any_plan=any_plan)
    from kehoach.core.checking import run_check
    from kehoach.render import checking, contract

    found = run_check(plan, ledger, as_of=period, area=area, at_risk=at_risk, today=st.today)
    env = environment()
    for warning in checking.fall_warnings(found, st.numbers):
        env.warn(warning)

    def text(env) -> None:
        items = checking.found(found, plan, st.lang, st.numbers)
        import shutil  # check's lines wrap as they always have, to the size shutil reports (COLUMNS over the tty)

        width = shutil.get_terminal_size().columns
        env.stdout.write("".join(line + "\n" for line in checking.lines(items, env.stdout_isatty, width)))
        if not found.needs_attention and env.stderr_isatty:
            env.stderr.write(checking.ok_line(found, at_risk) + "\n")

    doc = contract.check_document(found, plan, period, area, st.lang, st.numbers)
    emit(Document(json=doc, rows=doc["indicators"], fields=contract.STATUS_FIELDS, draw=text, terminal="text"), fmt,
         env=env)
    if found.needs_attention:
        raise typer.Exit(ExitCode.ATTENTION)
