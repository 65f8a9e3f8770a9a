"""A property-based battery: every input path, driven with arbitrary input through the CLI.

For each: a documented exit code, never 70 (internal error), no traceback, a message on stderr
when something is refused, and every file byte for byte as it was after a refusal.
Examples are bounded and `deadline=None`, so the battery has no time-based flakiness.
"""

from __future__ import annotations

import os
import tempfile
from datetime import date, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from tests.conftest import PLAN_FILE

DOCUMENTED = {0, 1, 2, 65, 66, 73, 74, 75}
SETTINGS = settings(
    max_examples=20,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
IDS = ["budget_revenue", "tourists", "grdp_growth", "forest_cover"]
SEEDED = (
    "id,period,value,note\n"
    "budget_revenue,2025-06,10111.7,sơ bộ\n"
    "tourists,2025-06,1.45,\n"
)
# What argv can carry (no NUL), with the characters that broke things before weighted in.
ARG = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=20) | st.sampled_from(
    ["", " ", "[/]", "[bold]x", "\x1b[2J", "=1+1", "-1", "1,6", "16.500", "1e9", "NaN", "2025-13", "2030-01", "x" * 300, "1٢3", "../x"]
)


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under `folder`, except lock files (a lock file holds no data)."""
    out = {}
    for p in sorted(folder.rglob("*")):
        if p.is_file() and not p.is_symlink() and not p.name.endswith(".lock"):
            out[str(p.relative_to(folder))] = p.read_bytes()
    return out


def invoke(args: list[str], env: dict[str, str] | None = None):
    from kehoach.cli import app

    return CliRunner().invoke(app, [str(a) for a in args], env=env, catch_exceptions=True)


def assert_clean(r, folder: Path, before: dict[str, bytes], *names: str) -> None:
    out = (r.stdout or "") + (r.stderr or "")
    if r.exception is not None and not isinstance(r.exception, SystemExit):
        raise AssertionError(f"uncaught {type(r.exception).__name__}: {r.exception}") from r.exception
    assert r.exit_code in DOCUMENTED, (r.exit_code, r.stderr)
    assert "Traceback" not in out and "internal error" not in out, r.stderr
    if r.exit_code not in (0, 1):
        assert r.stderr.strip(), "a refusal says why"
        assert snapshot(folder) == before, "a refusal changed a file"
        if r.exit_code == 65 and names:
            assert any(n in r.stderr for n in names), (names, r.stderr)


@pytest.fixture
def fresh(tmp_path):
    """A new folder with a seeded ledger, for each example."""

    def make() -> tuple[Path, Path]:
        folder = Path(tempfile.mkdtemp(dir=tmp_path))
        ledger = folder / "ledger.toml"
        src = folder / "seed.csv"
        src.write_text(SEEDED, encoding="utf-8")
        r = invoke(["import", src, "--ledger", ledger])
        assert r.exit_code == 0, r.stderr
        src.unlink()
        return folder, ledger

    return make


# ── record arguments ──


@SETTINGS
@given(
    indicator=st.sampled_from(IDS) | ARG,
    value=ARG | st.decimals(allow_nan=False, allow_infinity=False, places=3).map(str),
    period=st.sampled_from(["2025-06", "2025-07", "2024-12"]) | ARG,
    extra=st.lists(st.sampled_from(["--note", "--source", "--by", "--area", "--revise", "--office", "--locale"]).flatmap(
        lambda o: st.tuples(st.just(o), ARG)), max_size=3),
)
def test_record_arguments(fresh, indicator, value, period, extra):
    folder, ledger = fresh()
    args = ["record", indicator, value, "--period", period, "--ledger", ledger]
    for opt, v in extra:
        args += [opt, v]
    before = snapshot(folder)
    r = invoke(args)
    assert_clean(r, folder, before)


@SETTINGS
@given(
    # names the file system cannot hold are test_issue_10_long_office_name below
    by=ARG.filter(lambda s: s.strip() and len(s.encode()) < 200),
    office=st.none() | ARG.filter(lambda s: s.strip() and len(s.encode()) < 200),
)
def test_record_into_a_ledger_folder(fresh, by, office):
    folder, _ = fresh()
    ledger = folder / "ledger"
    ledger.mkdir()
    args = ["record", "tourists", "1.5", "--period", "2025-06", "--by", by, "--ledger", ledger]
    if office is not None:
        args += ["--office", office]
    before = snapshot(folder)
    r = invoke(args)
    assert_clean(r, folder, before)
    if r.exit_code == 0:  # the office file is inside the ledger folder, whatever the name
        assert all(p.parent == ledger for p in ledger.rglob("*.toml"))


# ── CSV and xlsx rows ──

CELL = ARG | st.sampled_from([*IDS, "2025-06", "2025-05", "1,45", "1.45", "10111,7", ""])


@SETTINGS
@given(
    rows=st.lists(
        st.tuples(st.sampled_from(IDS) | CELL, st.sampled_from(["2025-06", "2025-05"]) | CELL, CELL, CELL).flatmap(
            lambda t: st.sampled_from([list(t), list(t[:2]), [*list(t), "1,6"]])
        ),
        min_size=1,
        max_size=4,
    ),
    delimiter=st.sampled_from([",", ";", "\t"]),
    bom=st.booleans(),
    header=st.sampled_from(["id,period,value", "id,period,value,note", "id;period;value;note", "id,period", "value"]),
    dry=st.booleans(),
)
def test_csv_rows(fresh, rows, delimiter, bom, header, dry):
    import csv
    import io

    folder, ledger = fresh()
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=delimiter, lineterminator="\n")
    w.writerow(header.replace(",", delimiter).replace(";", delimiter).split(delimiter))
    w.writerows(rows)
    src = folder / "in.csv"
    src.write_bytes(("\ufeff" if bom else "").encode() + buf.getvalue().encode("utf-8"))
    before = snapshot(folder)
    r = invoke(["import", src, "--ledger", ledger] + (["--dry-run"] if dry else []))
    assert_clean(r, folder, before, "in.csv", "row ")
    if dry:
        assert snapshot(folder) == before


@SETTINGS
@given(data=st.binary(max_size=200))
def test_csv_bytes(fresh, data):
    folder, ledger = fresh()
    src = folder / "raw.csv"
    src.write_bytes(b"id,period,value\n" + data)
    before = snapshot(folder)
    assert_clean(invoke(["import", src, "--ledger", ledger]), folder, before, "raw.csv")


XCELL = (
    st.none()
    | CELL
    | st.integers(-(10**16), 10**16)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.booleans()
    | st.datetimes(min_value=datetime(1900, 3, 1), max_value=datetime(2100, 1, 1))
    | st.dates(min_value=date(1900, 3, 1), max_value=date(2100, 1, 1))
)


# Rows mostly close to right (so that the checks after the first are reached), sometimes wider or narrower.
XROW = st.tuples(
    st.sampled_from(IDS) | XCELL,
    st.sampled_from(["2025-06", "2025-05"]) | st.datetimes(min_value=datetime(2024, 1, 1), max_value=datetime(2025, 12, 1)) | XCELL,
    st.integers(0, 10**6) | st.floats(0, 10**6) | XCELL,
    XCELL,
).flatmap(lambda t: st.sampled_from([list(t), list(t[:2]), [*list(t), "extra"]]))


@SETTINGS
@given(rows=st.lists(XROW, min_size=1, max_size=4), formula=st.booleans())
def test_xlsx_rows(fresh, rows, formula):
    from openpyxl import Workbook

    folder, ledger = fresh()
    wb = Workbook()
    ws = wb.active
    ws.append(["id", "period", "value", "note"])
    for row in rows:
        ws.append([v if not isinstance(v, str) or v.startswith("=") else _xml_safe(v) for v in row])
    if formula:
        ws.append(["tourists", "2025-07", "=1+1"])
    src = folder / "in.xlsx"
    wb.save(src)
    before = snapshot(folder)
    assert_clean(invoke(["import", src, "--ledger", ledger]), folder, before, "in.xlsx")


def _xml_safe(s: str) -> str:
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    return ILLEGAL_CHARACTERS_RE.sub("", s)


# ── the ledger, edited by hand ──


@SETTINGS
@given(
    edits=st.lists(
        st.tuples(st.floats(0, 1), st.integers(0, 8), st.text(st.characters(blacklist_categories=("Cs",)), max_size=8)),
        min_size=1,
        max_size=3,
    ),
    command=st.sampled_from(["status", "history", "check", "export", "record"]),
)
def test_hand_edited_ledger(fresh, edits, command):
    folder, ledger = fresh()
    text = ledger.read_text(encoding="utf-8")
    for where, cut, insert in edits:
        at = int(where * len(text))
        text = text[:at] + insert + text[at + cut:]
    ledger.write_text(text, encoding="utf-8")
    args = {
        "status": ["status"],
        "history": ["history", "tourists"],
        "check": ["check"],
        "export": ["export", "--all"],
        "record": ["record", "tourists", "1.6", "--period", "2025-07"],
    }[command]
    before = snapshot(folder)
    r = invoke([*args, "--ledger", ledger])
    assert_clean(r, folder, before, "ledger.toml")


# ── plan files ──


@SETTINGS
@given(
    edits=st.lists(
        st.tuples(st.floats(0, 1), st.integers(0, 12), st.text(st.characters(blacklist_categories=("Cs",)), max_size=10)),
        min_size=1,
        max_size=3,
    ),
    command=st.sampled_from(["status", "list", "report", "record"]),
)
def test_plan_files(fresh, edits, command):
    folder, ledger = fresh()
    text = PLAN_FILE.read_text(encoding="utf-8")
    for where, cut, insert in edits:
        at = int(where * len(text))
        text = text[:at] + insert + text[at + cut:]
    plan = folder / "plan.toml"
    plan.write_text(text, encoding="utf-8")
    args = {
        "status": ["status"],
        "list": ["list"],
        "report": ["report", "--format", "text"],
        "record": ["record", "tourists", "1.6", "--period", "2025-07"],
    }[command]
    before = snapshot(folder)
    r = invoke([*args, "--plan", plan, "--ledger", ledger])
    assert_clean(r, folder, before, "plan.toml")


# ── environment variables ──

ENV_TEXT = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=12)


@SETTINGS
@given(
    lang=st.none() | st.sampled_from(["vi", "en"]) | ENV_TEXT,
    locale=st.none() | st.sampled_from(["vi", "en"]) | ENV_TEXT,
    cache=st.none() | st.sampled_from(["off", "0", "cache", ""]) | ENV_TEXT.map(lambda s: "c-" + s.replace("/", "_")),
    command=st.sampled_from(["status", "check", "report", "record"]),
)
def test_environment(fresh, lang, locale, cache, command):
    folder, ledger = fresh()
    env = {"KEHOACH_LEDGER": str(ledger)}
    for name, v in (("KEHOACH_LANG", lang), ("KEHOACH_LOCALE", locale)):
        if v is not None:
            env[name] = v
    if cache is not None:
        env["KEHOACH_CACHE"] = str(folder / cache) if cache not in ("off", "0", "") else cache
    args = {
        "status": ["status"],
        "check": ["check"],
        "report": ["report", "--format", "text"],
        "record": ["record", "tourists", "1.6", "--period", "2025-07"],
    }[command]
    cwd = os.getcwd()
    os.chdir(folder)
    try:
        before = snapshot(folder)
        r = invoke(args, env)
    finally:
        os.chdir(cwd)
    if r.exit_code not in (0, 1):  # a cache folder written before the refusal holds no data
        before = {k: v for k, v in before.items() if not k.startswith("c-") and not k.startswith("cache")}
        after = {k: v for k, v in snapshot(folder).items() if not k.startswith("c-") and not k.startswith("cache")}
        assert after == before
    assert_clean(r, folder, snapshot(folder))


@SETTINGS
@given(name=ENV_TEXT.map(lambda s: s.replace("/", "_").replace("\\", "_")).filter(lambda s: s not in ("", ".", "..")),
       command=st.sampled_from(["status", "check", "record"]))
def test_env_ledger_path(fresh, name, command):
    folder, _ = fresh()
    args = {"status": ["status"], "check": ["check"], "record": ["record", "tourists", "1.6", "--period", "2025-07"]}[command]
    cwd = os.getcwd()
    os.chdir(folder)
    try:
        before = snapshot(folder)
        r = invoke(args, {"KEHOACH_LEDGER": name})
    finally:
        os.chdir(cwd)
    assert_clean(r, folder, before)


@SETTINGS
@given(timeout=st.sampled_from(["1", "0.5", "0"]) | ENV_TEXT.filter(lambda s: s.strip()))
def test_env_lock_timeout_any_value(fresh, timeout):
    folder, ledger = fresh()
    before = snapshot(folder)
    r = invoke(["record", "tourists", "1.6", "--period", "2025-07", "--ledger", ledger], {"KEHOACH_LOCK_TIMEOUT": timeout})
    assert_clean(r, folder, before)


# ── Found by the battery or by a tester: each reproducer, kept as a test now that it is fixed. ──


def _ws(fresh):
    folder, ledger = fresh()
    return folder, ledger, snapshot(folder)


def test_issue_10_long_office_name(fresh):
    folder, _ = fresh()
    (folder / "ledger").mkdir()
    before = snapshot(folder)
    r = invoke(["record", "tourists", "1.5", "--period", "2025-06", "--by", "x" * 300, "--ledger", folder / "ledger"])
    assert r.exit_code != 70 and "internal error" not in r.stderr
    assert_clean(r, folder, before)


def test_issue_10_lock_timeout_not_a_number(fresh):
    _, ledger, _ = _ws(fresh)
    r = invoke(["record", "tourists", "1.6", "--period", "2025-07", "--ledger", ledger], {"KEHOACH_LOCK_TIMEOUT": "abc"})
    assert "KEHOACH_LOCK_TIMEOUT" in r.stderr


def test_issue_10_blank_by(fresh):
    folder, ledger, before = _ws(fresh)
    r = invoke(["record", "tourists", "1.6", "--period", "2025-07", "--by", "   ", "--ledger", ledger])
    assert r.exit_code != 0 and "--by" in r.stderr
    assert snapshot(folder) == before


def test_issue_10_mixed_script_digits(fresh):
    folder, ledger, before = _ws(fresh)
    r = invoke(["record", "tourists", "1٢3", "--period", "2025-07", "--force", "--ledger", ledger])
    assert r.exit_code in (2, 65) and "1٢3" in r.stderr
    assert snapshot(folder) == before


def test_issue_10_check_missing_ledger(fresh):
    folder, _ = fresh()
    r = invoke(["check", "--ledger", folder / "nope.toml"])
    assert r.exit_code != 0 and "nope.toml" in r.stderr


def test_issue_10_env_ledger_trailing_slash(fresh):
    folder, _ = fresh()
    cwd = os.getcwd()
    os.chdir(folder)
    try:
        invoke(["record", "tourists", "1.5", "--period", "2025-06"], {"KEHOACH_LEDGER": "d2/"})
    finally:
        os.chdir(cwd)
    assert not (folder / "d2").is_file()


def test_issue_10_control_character_in_plan_name(fresh):
    folder, ledger = fresh()
    text = PLAN_FILE.read_text(encoding="utf-8").replace('province = "Bắc Giang"', 'province = "Bắc Giang\\u0001"', 1)
    plan = folder / "plan.toml"
    plan.write_text(text, encoding="utf-8")
    before = snapshot(folder)
    r = invoke(["report", "--plan", plan, "--ledger", ledger, "-o", folder / "r.docx"])
    assert_clean(r, folder, before, "plan.toml")


# ── where -o writes ──

OUT_NAME = st.sampled_from(["ledger.toml", "plan.toml", "link", "-", "sub/x.csv", ".", "ledger.toml.lock"]) | ENV_TEXT.map(
    lambda s: s.replace("/", "_")
).filter(lambda s: s not in ("", ".", "..")).flatmap(
    lambda s: st.sampled_from([s, s + ".csv", s + ".xlsx", s + ".json", s + ".md", s + ".docx", s + ".pdf"])
)


@SETTINGS
@given(name=OUT_NAME, command=st.sampled_from(["export", "report"]), fmt=st.none() | st.sampled_from(["csv", "json", "xlsx", "md", "text", "html", "docx"]))
def test_output_paths(fresh, name, command, fmt):
    folder, ledger = fresh()
    plan = folder / "plan.toml"
    plan.write_bytes(PLAN_FILE.read_bytes())
    (folder / "link").symlink_to(ledger)
    args = [command, "--plan", plan, "--ledger", ledger, "-o", name if name == "-" else folder / name]
    if fmt is not None:
        args += ["--format", fmt]
    before = snapshot(folder)
    r = invoke(args)
    assert_clean(r, folder, before)
    assert plan.read_bytes() == PLAN_FILE.read_bytes()
    assert before["ledger.toml"] == ledger.read_bytes() and (folder / "link").is_symlink()
