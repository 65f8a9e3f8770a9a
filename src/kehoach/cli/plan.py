"""The `plan` commands: start a plan for another province or year, check one, draft next year's."""

import sys
from pathlib import Path
from typing import Annotated

import typer

from kehoach.cli.app import HelpGroup, KehoachTyper, app
from kehoach.cli.common import plan_of, warn
from kehoach.cli.options import AnyPlanOpt, Lang, LangOpt, LedgerOpt, PlanOpt, ReadFmt
from kehoach.cli.output import Document, emit
from kehoach.errors import UsageError
from kehoach.i18n import N_, _

plan_app = KehoachTyper(
    cls=HelpGroup,
    name="plan",
    help=N_("Write a plan: start one (new), check one (check), draft next year's (next)."),
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(plan_app, name="plan")

OutOpt = Annotated[Path | None, typer.Option("--output", "-o", help=N_("Write to this file instead of stdout."))]
ForceOpt = Annotated[bool, typer.Option("--force", help=N_("Overwrite an existing file (never the plan in use or a ledger)."))]


def _write(text: str, output: Path | None, force: bool, plan_opt: Path | None, ledger_opt: str | None, what: str) -> None:
    """A plan file to stdout or -o: through the same guard as every -o (never the plan or a ledger
    in use, devices as streams, symlinks followed), and an existing file only with --force."""
    from kehoach.cli.common import settings
    from kehoach.core.outfile import check_output, in_use, is_stdout

    document = Document(rendered={"toml": lambda: text})
    if output is None or is_stdout(output):
        emit(document, "toml")
        return
    st = settings(plan_opt, ledger_opt)
    if output.suffix.lower() != ".toml":
        raise UsageError(
            _("--output {file}: a plan is a .toml file").format(file=output), hint=_("name the output FILE.toml")
        )
    keep = in_use(st.plan, st.ledger, st.workspace)
    check_output(output, keep)  # the plan or a ledger in use: refused even with --force
    if output.exists() and not force:
        raise UsageError(
            _("--output {file} already exists").format(file=output), hint=_("give another file name, or add --force")
        )
    emit(document, "toml", output, keep=keep)
    sys.stderr.write(_("Wrote {what} to {file}").format(what=what, file=output) + "\n")


@plan_app.command("new")
def new(
    province: Annotated[str, typer.Option("--province", help=N_("The province's name, as the plan writes it."))],
    year: Annotated[int, typer.Option("--year", help=N_("The plan year, YYYY."), min=1901, max=2200)],
    issuer: Annotated[
        list[str] | None,
        typer.Option("--issuer", help=N_("A line of the issuing body as the report heads it (repeat for each line).")),
    ] = None,
    place: Annotated[str | None, typer.Option("--place", help=N_("The place in the report's date line."))] = None,
    output: OutOpt = None,
    force: ForceOpt = False,
    plan_path: PlanOpt = None,
    lang: LangOpt = Lang.vi,  # messages: read before parsing (KehoachGroup.main)
    ledger_path: LedgerOpt = None,
) -> None:
    """A commented starting plan: one example of every kind and target form, with the Vietnamese
    wording each one transcribes. Replace every example figure with your plan's own.

    \b
    Examples:
      kehoach plan new --province "Nghệ An" --year 2026 -o plan2026.toml
      kehoach plan new --province "Hà Nội" --year 2026 --issuer "ỦY BAN NHÂN DÂN" --issuer "THÀNH PHỐ HÀ NỘI" --place "Hà Nội"
      kehoach plan check plan2026.toml
    """
    from kehoach.core.plantools import new_plan_text

    if not province.strip():
        raise UsageError(_("--province must not be empty"))
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in province):
        raise UsageError(_("--province holds a control character (a line break?): give the name on one line"))
    lines = [line.strip() for line in issuer or []]
    for name, text in [*(("--issuer", line) for line in lines), *([("--place", place.strip())] if place is not None else [])]:
        if not text or any(ord(ch) < 32 or ord(ch) == 127 for ch in text):
            raise UsageError(_("{option} must be one line of text").format(option=name))
    text = new_plan_text(province.strip(), year, lines or None, place.strip() if place else None)
    _write(text, output, force, plan_path, ledger_path, _("the starting plan"))


@plan_app.command("check")
def check_plan(
    file: Annotated[Path, typer.Argument(help=N_("The plan file to check."))],
    fmt: Annotated[ReadFmt, typer.Option("--format", "-f", help=N_("table (text) for people, json for scripts."))] = ReadFmt.table,
    lang: LangOpt = Lang.vi,  # messages: read before parsing (KehoachGroup.main)
) -> None:
    """Validate a plan file and summarise it: targets, indicators, forms, baselines absent, derived,
    targets still marked DRAFT. Exit 0, or 65 with every problem listed (file › place › problem),
    the examples of an untouched `plan new` template among them.

    \b
    Examples:
      kehoach plan check plan2026.toml
      kehoach plan check plan.toml --format json     # a workspace's plan
    """
    from kehoach.core.plan import parse_plan
    from kehoach.core.plantools import summary
    from kehoach.core.tomlfile import read_bytes
    from kehoach.errors import PlanError
    from kehoach.render import contract

    try:
        plan = parse_plan(read_bytes(file, "plan file"), file.name)
    except PlanError as e:
        if fmt is ReadFmt.json:  # a script gets the problems as data too (and the same exit code)
            emit(Document(json=contract.plan_check_document(str(file), [e.message, *e.details], None)), fmt)
        raise
    _refuse_template(plan, file, fmt.value == "json")  # the untouched template is refused; warnings
    s = summary(plan)
    if fmt is ReadFmt.json:
        emit(Document(json=contract.plan_check_document(str(file), None, s)), fmt)
        return

    none = _("none")

    def listing(d: dict) -> str:
        return ", ".join(f"{k} {v}" for k, v in d.items()) or none

    lines = [
        _("{file}: OK — {province} {year} (baseline year {baseline_year})").format(
            file=file, province=s["province"], year=s["year"], baseline_year=s["baseline_year"]),
        "  " + _("{targets} targets, {indicators} indicators, {areas} areas").format(
            targets=s["targets"], indicators=s["indicators"], areas=s["areas"]),
        "  " + _("kinds: {list}").format(list=listing(s["kinds"])),
        "  " + _("target forms: {list}").format(list=listing(s["forms"])),
        "  " + _("changes: {list}").format(list=listing(s["changes"])),
        "  " + _("baselines absent ({n}): {list}").format(
            n=len(s["baselines_absent"]), list=", ".join(s["baselines_absent"]) or none),
        "  " + _("derived baselines ({n}): {list}").format(n=len(s["derived"]), list=", ".join(s["derived"]) or none),
    ]
    if s["draft_targets"]:
        lines.append("  " + _("targets still marked DRAFT ({n}): {list}").format(
            n=len(s["draft_targets"]), list=", ".join(s["draft_targets"])))
    emit(Document(draw=lambda env: env.stdout.write("\n".join(lines) + "\n")), fmt)


def _refuse_template(plan, file: Path, as_json: bool) -> None:
    """`plan check`'s findings beyond the schema: a value still marked as an example of `plan new`
    is a problem (exit 65, listed like any other, as JSON too); a baseline year other than the
    year before is a warning on stderr (also `warnings` in the JSON)."""
    from dataclasses import replace

    from kehoach.core.plan import plan_error
    from kehoach.core.plantools import plan_warnings, summary, template_leftovers
    from kehoach.errors import Kind, Place, Problem
    from kehoach.render import contract

    for w in plan_warnings(plan):
        in_file = Place(file=file.name, key=w.place.key if w.place is not None else None)
        warn(replace(w, place=in_file))
    leftovers = [Problem(msg, Kind.DATA, place=Place(file=file.name, key=where)) for where, msg in template_leftovers(plan)]
    if not leftovers:
        return
    if as_json:
        emit(Document(json=contract.plan_check_document(str(file), [p.line() for p in leftovers], summary(plan))), "json")
    raise plan_error(file.name, leftovers)


@plan_app.command("next")
def next_(
    output: OutOpt = None,
    force: ForceOpt = False,
    plan_path: PlanOpt = None,
    lang: LangOpt = Lang.vi,  # messages: read before parsing (KehoachGroup.main)
    ledger_path: LedgerOpt = None,
    any_plan: AnyPlanOpt = False,
) -> None:
    """Next year's draft from this plan and the ledger: the same targets and ids; each baseline the
    value in force for December (or the latest month, marked mid_year) with baseline_source naming
    the record; each target still this year's figure, marked DRAFT for the planner to replace.

    \b
    Examples:
      kehoach plan next -o plan2026.toml
      kehoach plan check plan2026.toml
    """
    from kehoach.cli.common import ledger_of, settings
    from kehoach.core.plantools import next_plan_text
    from kehoach.core.tomlfile import decode, parse_toml, read_bytes
    from kehoach.errors import PlanError

    st = settings(plan_path, ledger_path)
    plan = plan_of(st)
    raw = parse_toml(decode(read_bytes(st.plan, "plan file"), st.plan.name, PlanError), st.plan.name, PlanError)
    ledger = ledger_of(plan, st, any_plan=any_plan)
    text, notes = next_plan_text(plan, raw, ledger)
    _write(text, output, force, plan_path, ledger_path, _("the {year} draft").format(year=plan.plan.year + 1))
    for n in notes:
        sys.stderr.write(_("Note: {message}").format(message=n) + "\n")
