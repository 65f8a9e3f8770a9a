"""What the screen shows: numbers in the session's language in every format for
people, nothing cut at any terminal width, user text shown as typed, plan notes in the language asked."""

from __future__ import annotations

import json
import re
import shutil
import zipfile
from decimal import Decimal
from types import SimpleNamespace

import pytest

from kehoach.core.numbers import NumberFormat
from kehoach.core.periods import parse_period
from kehoach.i18n import label
from kehoach.render import sentences
from kehoach.render.look import VERDICT_LOOK as look_table
from kehoach.render.look import look
from tests.cli.test_progress_commands import JUNE_CSV

WIDTHS = (40, 60, 80, 120, 200)


@pytest.fixture
def june(run, ledger, tmp_path, monkeypatch):
    src = tmp_path / "june.csv"
    # an off-track revenue, so that `check` has a sentence to print; hospital beds for a long unit
    src.write_text(JUNE_CSV.replace("budget_revenue,2025-06,10111.7", "budget_revenue,2025-06,1111.7")
                   .replace("budget_revenue,2025-03,4800", "budget_revenue,2025-03,800")
                   , encoding="utf-8")
    assert run("import", src, "--ledger", ledger).exit_code == 0
    monkeypatch.setenv("KEHOACH_LEDGER", str(ledger))
    return ledger


# ─────────────────────────── 1. numbers follow the language ───────────────────────────

HUMAN = [
    ("status",),
    ("show", "budget_revenue"),
    ("history", "budget_revenue"),
    ("check",),
    ("chart", "budget_revenue"),
    ("report", "--period", "2025-06", "--format", "text"),
    ("report", "--period", "2025-06", "--format", "md"),
    ("report", "--period", "2025-06", "--format", "html"),
]


def test_formatter():
    vi, en = NumberFormat("vi"), NumberFormat("en")
    assert (vi.num(Decimal("10111.7")), en.num(Decimal("10111.7"))) == ("10.111,7", "10,111.7")
    assert (vi.pct(Decimal("61.2849")), vi.signed(Decimal("6388.3")), vi.signed(Decimal(-3)), vi.num(None)) == (
        "61,3", "+6.388,3", "-3", "—")
    assert vi.approx(Decimal("104000.04")) == "104.000" and en.approx(Decimal("22668.26")) == "22,668.3"
    with pytest.raises(ValueError):
        NumberFormat("fr")


@pytest.mark.parametrize("args", HUMAN, ids=lambda a: " ".join(a))
def test_every_human_format_follows_the_language(run, june, args):
    vi = run(*args)
    en = run(*args, "--lang", "en")
    assert vi.exit_code in (0, 1) and en.exit_code in (0, 1), vi.stderr + en.stderr
    assert "1.111,7" in vi.stdout and "1,111.7" not in vi.stdout
    assert "1,111.7" in en.stdout and "1.111,7" not in en.stdout
    # --locale (and KEHOACH_LOCALE) still override the language's own style
    assert "1,111.7" in run(*args, "--locale", "en").stdout


def test_list_follows_the_language(run, monkeypatch):
    assert "16.500" in run("list").stdout and "16,500" not in run("list").stdout
    assert "16,500" in run("list", "--lang", "en").stdout
    monkeypatch.setenv("KEHOACH_LOCALE", "en")
    assert "16,500" in run("list").stdout


def test_docx_follows_the_language(run, june, tmp_path):
    for lang, number in (("vi", "1.111,7"), ("en", "1,111.7")):
        out = tmp_path / f"r-{lang}.docx"
        assert run("report", "--period", "2025-06", "--lang", lang, "-o", out).exit_code == 0
        xml = zipfile.ZipFile(out).read("word/document.xml").decode("utf-8")
        assert number in xml


def test_json_and_csv_stay_locale_free(run, june):
    doc = json.loads(run("status", "--format", "json").stdout)
    assert next(r for r in doc["indicators"] if r["id"] == "budget_revenue")["actual"] == 1111.7
    assert "1111.7" in run("history", "budget_revenue", "--format", "csv").stdout


def test_record_reads_values_in_kehoach_locale(run, ledger, monkeypatch):
    assert run("record", "budget_revenue", "16.500", "--period", "2025-06", "--ledger", ledger).exit_code == 65
    monkeypatch.setenv("KEHOACH_LOCALE", "vi")
    assert run("record", "budget_revenue", "16.500", "--period", "2025-06", "--ledger", ledger).exit_code == 0
    rows = json.loads(run("history", "budget_revenue", "--ledger", ledger, "--format", "json").stdout)["records"]
    assert [r["value"] for r in rows] == [16500]


# ─────────────────────────── 2. nothing cut at any width ───────────────────────────


def _status_values(row: dict, nf: NumberFormat) -> list[str]:
    d = {k: (Decimal(str(v)) if isinstance(v, float | int) and not isinstance(v, bool) else v) for k, v in row.items()}
    p = SimpleNamespace(**{**d, "change": d.get("change")})
    lang = nf.locale
    unit = row["unit"] if lang == "vi" else (row["unit_en"] or row["unit"])
    values = [unit, sentences.target_symbol(p, nf), nf.num(d["baseline"]), sentences.verdict_label(p, lang)]
    if row["actual"] is not None:
        values += [nf.num(d["actual"]), row["period"], nf.num(d["percent_of_plan"], 1), nf.signed(d["gap"])]
    return values


def _outside_names(out: str, rows: list[dict], lang: str) -> str:
    """The screen without the indicators' names: a name may be shortened with "…" on screen, nothing else."""
    for row in sorted(rows, key=lambda r: -len(r["name"])):
        out = out.replace(row["name"] if lang == "vi" else row["name_en"], "NAME")
    return re.sub(r"\S[^\n(]*… \(", "NAME (", out)


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("width", WIDTHS)
def test_status_shows_every_value_whole(run, june, monkeypatch, width, lang):
    monkeypatch.setenv("COLUMNS", str(width))
    nf = NumberFormat(lang)
    out = run("status", "--lang", lang).stdout
    rows = json.loads(run("status", "--format", "json").stdout)["indicators"]
    assert "…" not in _outside_names(out, rows, lang)
    assert max(len(line) for line in out.splitlines()) <= width
    month = max(r["period"] for r in rows if r["period"])
    # a narrow screen leaves out whole columns (the baseline, the gap: `show` and the files have
    # them), never part of a value
    dropped = {key for key, header in (("baseline", label(lang, "baseline", year=2024)), ("gap", label(lang, "gap")))
               if header not in out}
    assert width < 200 or not dropped
    for row in rows:
        skip = {nf.num(Decimal(str(row["baseline"]))) if "baseline" in dropped and row["baseline"] is not None else None,
                nf.signed(Decimal(str(row["gap"]))) if "gap" in dropped and row["gap"] is not None else None}
        for value in _status_values(row, nf):
            if value in skip:
                continue
            if value == month:  # the period of the screen, in its title; a row's only where it differs
                value = sentences.month_year(parse_period(month), lang)
            assert value in out, f"{row['id']}: {value!r} is not shown whole at {width} columns"


@pytest.fixture
def every(run, ledger, tmp_path, monkeypatch, plan):
    """A made-up value for every indicator of the bundled plan (June; a few in March), as an
    office would have them all recorded by mid-year."""
    lines = ["id,period,value"]
    for n, (_target, ind) in enumerate(plan.indicators()):
        factor = Decimal("0.55") if ind.kind == "flow" else Decimal("0.97")
        value = (ind.target or Decimal(1)) * factor
        value = value.to_integral_value() if ind.kind == "count" else round(value, 2)
        lines.append(f"{ind.id},{'2025-03' if n % 9 == 0 else '2025-06'},{value.normalize():f}")
    src = tmp_path / "every.csv"
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    r = run("import", src, "--ledger", ledger)
    assert r.exit_code == 0, r.stderr
    monkeypatch.setenv("KEHOACH_LEDGER", str(ledger))
    return ledger


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("width", [80, 120])
def test_status_gives_each_indicator_one_line(run, every, monkeypatch, width, lang):
    """At 80 and 120 columns each indicator is one line holding its target, actual, % of plan and
    verdict, every number whole; the period and the scoreboard are above the table."""
    monkeypatch.setenv("COLUMNS", str(width))
    nf = NumberFormat(lang)
    out = run("status", "--lang", lang).stdout
    doc = json.loads(run("status", "--format", "json").stdout)
    rows = doc["indicators"]
    assert all(r["actual"] is not None for r in rows)
    lines = out.splitlines()
    verdicts = {sentences.verdict_label(SimpleNamespace(**{**r, "status": r["status"]}), lang) for r in rows}
    rule = lines.index(next(line for line in lines if line.startswith("─")))
    body = [line for line in lines[rule:] if any(line.endswith((v, v + "*")) for v in verdicts)]
    assert len(body) == len(rows), f"{len(body)} lines for {len(rows)} indicators at {width} columns"
    assert len(lines) < len(rows) + 20
    for line, row in zip(body, rows, strict=True):
        d = {k: Decimal(str(v)) if isinstance(v, float | int) and not isinstance(v, bool) else v for k, v in row.items()}
        p = SimpleNamespace(**d)
        for value in (nf.num(d["actual"]), sentences.target_symbol(p, nf)):
            assert re.search(rf"(^|\s){re.escape(value)}(\s|$)", line), f"{row['id']}: {value!r} not on its line {line!r}"
        # % of plan is rounded once, from the exact quotient; the JSON's 2 decimals (103.45) leave
        # that one decimal to either side of its half (103,4 for 103,448…), never further
        pct = d["percent_of_plan"]
        once = {nf.num(pct - Decimal("0.005"), 1), nf.num(pct + Decimal("0.0049"), 1)}
        assert any(re.search(rf"(^|\s){re.escape(v)}(\s|$)", line) for v in once), f"{row['id']}: {once} not on {line!r}"
        unit = row["unit"] if lang == "vi" else row["unit_en"]
        assert f"({unit})" in line
        symbol = look(row["status"]).symbol
        assert f"{symbol} {sentences.verdict_label(p, lang)}" in line
    head = "\n".join(lines[:rule])
    assert sentences.month_year(parse_period("2025-06"), lang) in head
    for status, count in doc["summary"].items():
        if status in look_table and count:
            assert f"{look(status).symbol} {count} " in head


def test_the_period_is_shown_only_where_it_differs(run, every, monkeypatch):
    monkeypatch.setenv("COLUMNS", "120")
    out = run("status").stdout
    rows = json.loads(run("status", "--format", "json").stdout)["indicators"]
    assert out.count("2025-03") == sum(1 for r in rows if r["period"] == "2025-03") > 0
    assert "2025-06" not in out and "tháng 6/2025" in out.splitlines()[0]


def test_a_long_name_is_shortened_on_screen_only(run, every, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    rows = json.loads(run("status", "--format", "json").stdout)["indicators"]
    longest = max(rows, key=lambda r: len(r["name"]))
    long_name = longest["name"]
    assert long_name in " ".join(run("show", longest["id"], "--no-pager").stdout.split())
    out = run("status").stdout
    assert "…" in out and long_name not in out
    assert long_name in run("status", "--format", "csv").stdout


@pytest.mark.parametrize("width", WIDTHS)
def test_list_show_history_show_every_value_whole(run, june, monkeypatch, width):
    monkeypatch.setenv("COLUMNS", str(width))
    nf = NumberFormat("vi")
    listed = run("list").stdout
    indicators = json.loads(run("list", "--format", "json").stdout)["indicators"]
    for line in listed.splitlines():  # only a name is shortened on screen, on the line of its id
        if "…" in line:
            assert any(re.search(rf"\b{row['id']}\b", line) for row in indicators), line
            assert not re.search(r"…\S", line)
    for row in indicators:
        assert row["id"] in listed and row["unit"] in listed and row["target_text"] in listed
    for ind in ("budget_revenue", "hospital_beds"):
        shown = run("show", ind).stdout
        detail = json.loads(run("show", ind, "--format", "json").stdout)
        assert "…" not in shown
        for value in (detail["id"], detail["unit"], nf.num(Decimal(str(detail["actual"]))), detail["period"],
                      nf.num(Decimal(str(detail["baseline"]))), nf.signed(Decimal(str(detail["gap"])))):
            assert value in shown, f"show {ind}: {value!r} is not shown whole at {width} columns"
        history = run("history", ind).stdout
        assert "…" not in history
        for rec in json.loads(run("history", ind, "--format", "json").stdout)["records"]:
            for value in (nf.num(Decimal(str(rec["value"]))), rec["period"], rec["record_id"], rec["by"]):
                assert value in history, f"history {ind}: {value!r} is not shown whole at {width} columns"


def test_a_verdict_that_is_not_final_is_marked(run, june, monkeypatch):
    monkeypatch.setenv("KEHOACH_TODAY", "2026-03-01")  # the plan year is over; no December figures
    rows = json.loads(run("status", "--format", "json").stdout)["indicators"]
    assert any(r["final"] is False for r in rows)
    out = run("status").stdout
    grdp = next(r for r in rows if r["id"] == "grdp_growth")
    assert grdp["final"] is False
    assert re.search(r"(Đạt|Vượt|Không đạt) KH\*", out) and "* đánh giá chưa chính thức" in out
    monkeypatch.setenv("KEHOACH_TODAY", "2025-07-15")
    assert "chưa chính thức" not in run("status").stdout


# ─────────────────────────── 3. user text as typed ───────────────────────────

MARKUP = "tăng [/] so với [sơ bộ] [link=https://e.vn]x[/link] [bold]b[/bold]"
ESC = "a\x1b[2Jb"


@pytest.fixture
def marked(run, write_plan, plan_text, ledger, monkeypatch):
    """A plan whose indicator and area names hold markup, and records whose note, source and office do."""
    from tests.conftest import AREAS

    text = plan_text.replace('name = "Thu ngân sách nhà nước"', 'name = "Thu ngân sách [sơ bộ] [/]"', 1)
    text = text.replace('name_en = "State budget revenue"', 'name_en = "State budget revenue [draft] [/]"', 1)
    text += AREAS.replace('name = "Yên Dũng"', 'name = "Yên [i]Dũng[/i]"')
    plan = write_plan(text)
    monkeypatch.setenv("KEHOACH_PLAN", str(plan))
    monkeypatch.setenv("KEHOACH_LEDGER", str(ledger))
    r = run("record", "budget_revenue", "1111.7", "--period", "2025-06", "--note", MARKUP,
            "--source", "[red]Sở[/red] Tài chính", "--by", "[b]Văn phòng[/b]")
    assert r.exit_code == 0, r.stderr
    r = run("record", "budget_revenue", "700", "--period", "2025-06", "--area", "Yên [i]Dũng[/i]", "--note", ESC)
    escaped_note = r.exit_code == 0  # a control character in a note may instead be refused at input
    return SimpleNamespace(escaped_note=escaped_note)


@pytest.mark.parametrize("args", [
    ("status",), ("status", "--by-area", "budget_revenue"), ("show", "budget_revenue"), ("history", "budget_revenue"),
    ("list",), ("list", "--areas"), ("chart", "budget_revenue"),
    ("report", "--period", "2025-06", "--format", "text"), ("report", "--period", "2025-06", "--format", "md"),
    ("report", "--period", "2025-06", "--format", "html"),
], ids=lambda a: " ".join(a))
def test_user_text_is_shown_as_typed(run, marked, args, monkeypatch):
    monkeypatch.setenv("COLUMNS", "400")  # wide enough for every note on one line (narrow widths: above)
    for lang, name in (("vi", "Thu ngân sách [sơ bộ] [/]"), ("en", "State budget revenue [draft] [/]")):
        r = run(*args, "--lang", lang)
        assert r.exit_code in (0, 1), r.stderr
        out = r.stdout
        assert "\x1b" not in out
        if "--areas" not in args:
            assert name in out
    if args[0] in ("show", "history"):
        assert MARKUP in out and "[red]Sở[/red] Tài chính" in out and "[b]Văn phòng[/b]" in out
        if marked.escaped_note:
            assert "a\\x1b[2Jb" in out
    if (args[0] == "list" and "--areas" in args) or args == ("status", "--by-area", "budget_revenue"):
        assert "Yên [i]Dũng[/i]" in out


def test_shown_escapes_control_characters():
    assert sentences.shown("a\x1b[2Jb\tc\u202ed") == "a\\x1b[2Jb\\x09c\\u202ed"
    assert sentences.shown("tăng [/] so với") == "tăng [/] so với"


# ─────────────────────────── 4. plan notes in the language asked ───────────────────────────


def test_show_gives_notes_in_the_language_asked(run):
    vi = run("show", "social_investment").stdout
    en = run("show", "social_investment", "--lang", "en").stdout
    assert "Unit trap" in en and "Unit trap" not in vi
    assert "Lưu ý đơn vị" in vi and "Lưu ý đơn vị" not in en
    doc = json.loads(run("show", "social_investment", "--format", "json").stdout)
    assert doc["baseline_note"].startswith("Unit trap") and doc["baseline_note_vi"].startswith("Lưu ý đơn vị")


def test_a_note_only_in_the_other_language_is_marked(run, write_plan, plan_text):
    before = ('target_note = "Stored in tỷ đồng: 123,03 nghìn tỷ đồng = 123.030 tỷ đồng."\n'
              'target_note_vi = "Lưu theo đơn vị tỷ đồng: 123,03 nghìn tỷ đồng = 123.030 tỷ đồng."\n')
    assert before in plan_text
    text = plan_text.replace(before, 'target_note_en = "Only in English."\n', 1)
    plan = write_plan(text)
    vi = run("show", "social_investment", "--plan", plan).stdout
    assert "Only in English. [en]" in vi
    assert "Only in English." in run("show", "social_investment", "--plan", plan, "--lang", "en").stdout
    assert "[en]" not in run("show", "social_investment", "--plan", plan, "--lang", "en").stdout


@pytest.mark.parametrize("args", [
    ("status",), ("list",), ("show", "budget_revenue"), ("history", "budget_revenue"), ("chart", "budget_revenue"),
    ("report", "--period", "2025-06", "--format", "text"), ("report", "--period", "2025-06", "--format", "md"),
    ("report", "--period", "2025-06", "--format", "html"),
], ids=lambda a: " ".join(a))
def test_control_characters_in_plan_names_never_reach_the_terminal(run, write_plan, plan_text, ledger, monkeypatch, args,
                                                                   tmp_path):
    text = plan_text.replace('name = "Thu ngân sách nhà nước"', 'name = "Thu ngân sách\\u001b[2J nhà nước"', 1)
    text = text.replace('name = "Về kinh tế"', 'name = "Về kinh tế\\u001b]8;;http://x\\u0007"', 1)
    text = text.replace('province = "Bắc Giang"', 'province = "Bắc\\u009b Giang"', 1)
    assert text.count("\\u00") == 4  # every replacement took place
    monkeypatch.setenv("KEHOACH_PLAN", str(write_plan(text)))
    monkeypatch.setenv("KEHOACH_LEDGER", str(ledger))
    r = run("record", "budget_revenue", "1111.7", "--period", "2025-06")
    for lang in ("vi", "en"):
        out = run(*args, "--lang", lang)
        assert "\x1b" not in out.stdout + out.stderr and "\x9b" not in out.stdout + out.stderr and "\x07" not in out.stdout
        # (a plan may instead refuse them at input, with a message)
        if r.exit_code == 0 and out.exit_code in (0, 1) and lang == "vi":
            assert "Thu ngân sách\\x1b[2J nhà nước" in out.stdout
    if r.exit_code == 0 and args[0] == "report":  # and the Word report is still a valid document
        assert run("report", "--period", "2025-06", "-o", tmp_path / "r.docx").exit_code == 0


@pytest.mark.parametrize("columns", [40, 50, 60, 80])
def test_the_chart_never_wraps_its_plot(run, monkeypatch, columns):
    """At any width the plot is drawn whole (3 or 4 characters a month) or not at all: never wrapped."""
    monkeypatch.setenv("COLUMNS", str(columns))
    assert run("record", "tourists", "1.2", "--period", "2025-06").exit_code == 0
    r = run("chart", "tourists")
    assert r.exit_code == 0, r.stderr
    plot = [line for line in r.stdout.splitlines() if "┤" in line or "│" in line or "└" in line]
    assert all(len(line) <= columns for line in plot), plot
    if columns >= 50:
        assert plot, "a terminal this wide has room for the plot"


def test_list_is_one_line_an_indicator_like_status(run, monkeypatch):
    monkeypatch.setenv("COLUMNS", "120")
    out = run("list").stdout
    indicators = json.loads(run("list", "--format", "json").stdout)["indicators"]
    for row in indicators:
        mine = [line for line in out.splitlines() if re.search(rf"\s{row['id']}\s", line)]
        assert len(mine) == 1 and mine[0].rstrip().endswith(row["target_text"]), row["id"]
    assert "┏" not in out and "│" not in out  # the rule under the headers, as status and history: no box
    monkeypatch.setenv("COLUMNS", "80")
    narrow = run("list").stdout.splitlines()
    assert len(narrow) < 2 * len(indicators) + 20  # two lines an indicator: the name, then its id and target


def test_list_areas_speaks_the_language(run, areas_plan):
    vi = run("list", "--areas", "--plan", areas_plan).stdout
    en = run("list", "--areas", "--plan", areas_plan, "--lang", "en").stdout
    assert "parent" not in vi and "Trực thuộc" in vi and "Part of" in en


def test_show_marks_the_record_a_revision_replaced(run, ledger, monkeypatch):
    """Made-up figures: June's revenue recorded, then revised. `show`, like `history`, marks the
    first record as replaced, in words (the strike-through alone is lost without colour)."""
    monkeypatch.setenv("KEHOACH_LEDGER", str(ledger))
    assert run("record", "budget_revenue", "9000", "--period", "2025-06").exit_code == 0
    assert run("record", "budget_revenue", "9100", "--period", "2025-06", "--revise", "official figure").exit_code == 0
    for command in ("show", "history"):
        out = run(command, "budget_revenue").stdout
        old = next(line for line in out.splitlines() if "9.000" in line)
        new = next(line for line in out.splitlines() if "9.100" in line)
        assert "(đã thay)" in old and "(đã thay)" not in new, command


def test_check_lines_up_on_a_terminal_and_stays_tab_separated_when_piped(run, every, monkeypatch):
    """As gh does: columns for a person at a terminal (each verdict with its symbol, the ids in one
    column, the sentence wrapped between words below when the line is too long), tabs for a script."""
    from kehoach.cli import output

    piped = run("check", "--at-risk").stdout.splitlines()
    assert piped and all(line.count("\t") == 2 for line in piped)
    monkeypatch.setattr(output, "stdout_is_terminal", lambda: True)
    monkeypatch.setenv("COLUMNS", "80")
    shown = run("check", "--at-risk").stdout.splitlines()
    assert "\t" not in "\n".join(shown) and max(len(line) for line in shown) <= 80
    ids = [line.split("\t")[1] for line in piped]
    heads = [line for line in shown if not line.startswith(" ")]
    assert len(heads) == len(ids)
    assert len({line.index(i) for line, i in zip(heads, ids, strict=True)}) == 1  # one column for the ids
    assert all(line[0] in {v.symbol for v in look_table.values()} | {"!"} for line in heads)
    monkeypatch.setenv("COLUMNS", "400")
    wide = run("check", "--at-risk").stdout.splitlines()
    assert len(wide) == len(ids)  # a wide terminal: one line a finding


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("tmux") is None, reason="needs tmux")
@pytest.mark.parametrize("width", [80, 120])
def test_status_in_a_real_terminal_is_one_line_an_indicator(every, tmp_path, width):
    """The installed kehoach in tmux (a real TTY, colours on, the width from the terminal itself):
    each indicator is one line, the scoreboard above the table."""
    import os
    import subprocess
    import time

    from tests.conftest import console_script

    session = f"kehoach-test-{os.getpid()}-{width}"
    out = tmp_path / "screen.txt"
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES", "NO_COLOR")}
    command = f"{console_script()} status --no-pager > /dev/tty; tmux capture-pane -p -S -200 > {out}"
    subprocess.run(["tmux", "-L", session, "new-session", "-d", "-s", session, "-x", str(width), "-y", "200",
                    command], env=env, check=True)
    try:
        deadline = time.monotonic() + 60
        while not out.exists() or not out.read_text("utf-8").strip():
            assert time.monotonic() < deadline, "tmux did not finish"
            time.sleep(0.2)
        time.sleep(0.3)
        screen = out.read_text("utf-8").splitlines()
    finally:
        subprocess.run(["tmux", "-L", session, "kill-server"], capture_output=True)
    rows = json.loads(subprocess.run([str(console_script()), "status", "--format", "json"], env=env,
                                     capture_output=True, text=True, check=True).stdout)["indicators"]
    nf = NumberFormat("vi")
    lines = [line for line in screen if re.search(r"[●▲▼✔✘–] [A-ZĐÐa-zà-ỹ]", line) and "Chỉ số" not in line]
    assert len(lines) == len(rows), "\n".join(screen)
    for line, row in zip(lines, rows, strict=True):
        pct = Decimal(str(row["percent_of_plan"]))  # rounded once from the exact value: either side of the JSON's half
        once = {nf.num(pct - Decimal("0.005"), 1), nf.num(pct + Decimal("0.0049"), 1)}
        assert nf.num(Decimal(str(row["actual"]))) in line and any(v in line for v in once)
    assert max(len(line.rstrip()) for line in screen) <= width
    assert any(line.startswith("Chỉ số (45):") for line in screen[:4])
