"""The commands as people and scripts use them: exit codes, stdout/stderr, formats, contracts."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys

import pytest

from kehoach.render.contract import STATUS_FIELDS
from tests.conftest import console_script

COMMANDS = ["status", "list", "show", "record", "history", "paths", "import", "export", "init", "report", "chart", "check"]


def test_version(run):
    from kehoach import __version__

    r = run("--version")
    assert r.exit_code == 0 and r.stdout == f"kehoach {__version__}\n"


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_examples(run, command):
    r = run(command, "--help")
    assert r.exit_code == 0
    assert "Ví dụ:" in r.stdout and f"kehoach {command}" in r.stdout  # Vietnamese by default, --help too


def test_status_table_before_any_record(run):
    r = run("status")
    assert r.exit_code == 0, r.stderr
    out = r.stdout
    assert "Kế hoạch phát triển kinh tế - xã hội năm 2025" in out
    assert "VỀ KINH TẾ" in out and "VỀ MÔI TRƯỜNG" in out
    assert "Thu ngân sách nhà nước" in out and "17.173" in out and "16.500" in out  # numbers follow the language
    assert "-673 (-3,9%)" in out  # the plan asks for less revenue than the 2024 estimate
    assert "Chưa có số liệu thực hiện năm 2025" in out
    assert "\x1b[" not in out


def test_status_english_and_vietnamese_numbers(run):
    r = run("status", "--lang", "en", "--locale", "vi", "--target", "5")
    assert r.exit_code == 0
    assert "Total social development investment" in r.stdout
    assert "104.030" in r.stdout and "123.030" in r.stdout and "+19.000 (+18,3%)" in r.stdout


def test_status_json_contract(run):
    r = run("status", "--format", "json")
    assert r.exit_code == 0 and r.stderr == ""
    doc = json.loads(r.stdout)
    assert doc["format_version"] == 1
    assert {"year": 2025, "baseline_year": 2024, "province": "Bắc Giang"}.items() <= doc["plan"].items()
    assert len(doc["indicators"]) == 45
    for row in doc["indicators"]:
        assert list(row) == list(STATUS_FIELDS)
    rev = next(i for i in doc["indicators"] if i["id"] == "budget_revenue")
    assert rev["target"] == 16500 and rev["baseline"] == 17173 and rev["actual"] is None
    assert rev["status"] == "no_data" and rev["target_number"] == 4 and rev["target_label"] == "(5)"
    urban = next(i for i in doc["indicators"] if i["id"] == "urban_population_share")
    assert urban["baseline"] is None
    # exact numbers: the text holds the digits, never a float artefact
    assert '"target": 123030' in r.stdout and '"baseline": 99.32' in r.stdout


def test_status_with_records(run, ledger):
    assert run("record", "budget_revenue", "10111.7", "--period", "2025-06", "--ledger", ledger).exit_code == 0
    r = run("status", "--format", "json", "--ledger", ledger)
    rev = next(i for i in json.loads(r.stdout)["indicators"] if i["id"] == "budget_revenue")
    assert rev["actual"] == 10111.7 and rev["period"] == "2025-06"
    assert rev["percent_of_plan"] == 61.28 and rev["gap"] == -6388.3 and rev["expected"] == 8250
    assert rev["status"] == "on_track"
    table = run("status", "--ledger", ledger, "--target", "4", "--locale", "vi")
    assert "10.111,7" in table.stdout and "61,3" in table.stdout and "Đúng tiến độ" in table.stdout


def test_status_csv(run):
    r = run("status", "--format", "csv", "--group", "environment")
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    assert list(rows[0]) == list(STATUS_FIELDS)
    assert len(rows) == 10 and rows[-1]["id"] == "forest_cover" and rows[-1]["target"] == "37.5"


def test_status_filters(run, ledger):
    run("record", "grdp_growth", "10", "--period", "2025-06", "--ledger", ledger)
    run("record", "budget_revenue", "10111.7", "--period", "2025-06", "--ledger", ledger)
    r = run("status", "--attention", "--format", "json", "--ledger", ledger)
    assert [i["id"] for i in json.loads(r.stdout)["indicators"]] == ["grdp_growth"]
    r = run("status", "--target", "13", "--format", "json")
    assert [i["id"] for i in json.loads(r.stdout)["indicators"]] == ["poverty_rate", "poverty_rate_disadvantaged_communes"]


@pytest.mark.parametrize(
    "args, fragment",
    [
        (["status", "--group", "economi"], "không có nhóm 'economi'"),
        (["status", "--target", "19"], "không có chỉ tiêu số 19"),
        (["status", "--as-of", "2025-6"], "--as-of"),
        (["show", "budget_revnue"], "có phải là budget_revenue"),
        (["show", "revenue"], "có phải là budget_revenue"),
        (["history", "toursts"], "có phải là tourists"),
        (["status", "--area", "Lục Ngạn"], "kế hoạch này không có danh sách địa bàn"),
    ],
)
def test_usage_errors(run, args, fragment):
    r = run(*args)
    assert r.exit_code == 2
    assert fragment in r.stderr and "Traceback" not in r.stderr and r.stdout == ""


def test_list_and_show(run):
    r = run("list", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    assert len(rows) == 45 and rows[0]["id"] == "grdp_growth"
    r = run("show", "hospital_beds")
    assert "Tính đến 15/6/2024" in r.stdout and "mid_year" in r.stdout
    doc = json.loads(run("show", "urban_unemployment_rate", "--format", "json").stdout)
    assert doc["baseline_kind"] == "derived" and "2,4 + 0,1" in doc["baseline_note"]


def test_record_messages_go_to_stderr(run, ledger):
    r = run("record", "tourists", "1.2", "--period", "2025-06", "--ledger", ledger)
    assert r.exit_code == 0 and r.stdout == "" and "Đã ghi tourists kỳ 2025-06" in r.stderr
    r = run("record", "tourists", "1.2", "--period", "2025-06", "--ledger", ledger, "--format", "json")
    assert json.loads(r.stdout)["unchanged"][0]["value"] == 1.2


@pytest.mark.parametrize(
    "args, code, fragment",
    [
        (["tourists", "abc"], 65, "không phải là số"),
        (["tourists", "nan"], 65, "không phải là số"),
        (["tourists", "1.500"], 65, "có thể hiểu hai cách"),
        (["budget_revenue", "-1"], 65, "không thể âm"),
        (["forest_cover", "101"], 65, "lớn hơn 100%"),
        (["budget_revenue", "16500000"], 65, "--force"),
        (["budget_revnue", "1"], 2, "có phải là budget_revenue"),
        (["tourists", "7 5"], 65, "có dấu cách ở giữa số"),  # two cells run together, or a digit lost: never 75
        (["budget_revenue", "16 5000"], 65, "có dấu cách ở giữa số"),
    ],
)
def test_record_refusals_leave_the_ledger_unchanged(run, ledger, args, code, fragment):
    run("record", "tourists", "1.2", "--period", "2025-05", "--ledger", ledger)
    before = ledger.read_bytes()
    r = run("record", *args, "--period", "2025-06", "--ledger", ledger)
    assert r.exit_code == code and fragment in r.stderr
    assert ledger.read_bytes() == before


def test_record_vietnamese_value(run, ledger):
    assert run("record", "budget_revenue", "10.111,7", "--period", "2025-06", "--ledger", ledger).exit_code == 0
    assert "value = 10111.7\n" in ledger.read_text()


@pytest.mark.parametrize("typed", ["16 500", "16\u00a0500", "16\u202f500,5"])
def test_record_takes_thousands_separated_by_one_kind_of_space(run, ledger, typed):
    assert run("record", "budget_revenue", typed, "--period", "2025-06", "--ledger", ledger).exit_code == 0
    assert f"value = {'16500.5' if typed.endswith(',5') else '16500'}\n" in ledger.read_text()


def test_negative_growth_rate_on_the_command_line(run, ledger):
    r = run("record", "agriculture_growth", "-0.3", "--period", "2025-06", "--ledger", ledger)
    assert r.exit_code == 0, r.stderr


def test_history_marks_revisions(run, ledger):
    run("record", "budget_revenue", "10111.7", "--period", "2025-06", "--ledger", ledger)
    run("record", "budget_revenue", "10200", "--period", "2025-06", "--ledger", ledger, "--revise", "số chính thức")
    doc = json.loads(run("history", "budget_revenue", "--format", "json", "--ledger", ledger).stdout)
    assert [(r["value"], r["in_force"]) for r in doc["records"]] == [(10111.7, False), (10200, True)]
    assert doc["records"][1]["reason"] == "số chính thức"
    table = run("history", "budget_revenue", "--ledger", ledger).stdout
    assert "điều chỉnh" in table and "đã thay" in table


def test_as_of_shows_the_plan_as_it_stood(run, ledger, monkeypatch):
    monkeypatch.setenv("KEHOACH_TODAY", "2025-12-05")
    assert run("record", "tourists", "1.2", "--period", "2025-06", "--ledger", ledger).exit_code == 0
    assert run("record", "tourists", "2.9", "--period", "2025-11", "--ledger", ledger).exit_code == 0
    doc = json.loads(run("status", "--as-of", "2025-06", "--format", "json", "--ledger", ledger).stdout)
    row = next(i for i in doc["indicators"] if i["id"] == "tourists")
    assert row["actual"] == 1.2 and row["period"] == "2025-06" and doc["as_of"] == "2025-06"


def test_areas(run, areas_plan, ledger):
    base = ["--plan", areas_plan, "--ledger", ledger]
    assert run("record", "tourists", "0.2", "--period", "2025-06", "--area", "Lục Ngạn", *base).exit_code == 0
    r = run("record", "tourists", "0.2", "--period", "2025-06", "--area", "Luc Ngan", *base)
    assert r.exit_code == 2 and "không có địa bàn" in r.stderr  # typed on the command line: usage, as in status
    assert run("record", "tourists", "1.4", "--period", "2025-06", *base).exit_code == 0  # province: its own key
    doc = json.loads(run("status", "--area", "Lục Ngạn", "--format", "json", *base).stdout)
    row = next(i for i in doc["indicators"] if i["id"] == "tourists")
    assert row["target"] == 0.5 and row["actual"] == 0.2 and row["area"] == "Lục Ngạn"
    other = next(i for i in doc["indicators"] if i["id"] == "budget_revenue")
    assert other["status"] == "no_target" and other["target"] is None
    doc = json.loads(run("status", "--by-area", "tourists", "--format", "json", *base).stdout)
    assert [(i["area"], i["actual"]) for i in doc["indicators"]] == [(None, 1.4), ("Lục Ngạn", 0.2), ("Yên Dũng", None)]


def test_import_export_round_trip(run, tmp_path, ledger):
    src = tmp_path / "in.csv"
    src.write_text("id,period,value,note\nbudget_revenue,2025-06,10111.7,6 tháng\ntourists,2025-06,\"1,45\",\ngrdp_growth,2025-06,14.14,\n", encoding="utf-8")
    r = run("import", src, "--ledger", ledger)
    assert r.exit_code == 0, r.stderr
    run("record", "budget_revenue", "10200", "--period", "2025-06", "--ledger", ledger, "--revise", "chính thức")
    exported = run("export", "--ledger", ledger).stdout
    copy = tmp_path / "copy.csv"
    copy.write_text(exported, encoding="utf-8")
    other = tmp_path / "other.toml"
    assert run("import", copy, "--ledger", other).exit_code == 0
    s1 = json.loads(run("status", "--format", "json", "--ledger", ledger).stdout)["indicators"]
    s2 = json.loads(run("status", "--format", "json", "--ledger", other).stdout)["indicators"]
    assert s1 == s2
    # the full history round-trips too, revisions and all
    full = tmp_path / "all.csv"
    full.write_text(run("export", "--all", "--ledger", ledger).stdout, encoding="utf-8")
    third = tmp_path / "third.toml"
    assert run("import", full, "--ledger", third).exit_code == 0
    h = json.loads(run("history", "budget_revenue", "--format", "json", "--ledger", third).stdout)["records"]
    assert [(x["value"], x["in_force"]) for x in h] == [(10111.7, False), (10200, True)]


def test_import_reports_every_bad_row_and_writes_nothing(run, tmp_path, ledger):
    run("record", "tourists", "1.2", "--period", "2025-05", "--ledger", ledger)
    before = ledger.read_bytes()
    src = tmp_path / "bad.csv"
    src.write_text("id,period,value\nbudget_revenue,2025-06,10111.7\ntourists,2025-13,1\nnope,2025-06,1\nforest_cover,2025-06,abc\n")
    r = run("import", src, "--ledger", ledger)
    assert r.exit_code == 65
    assert "dòng 5" in r.stderr  # the bad number is found while reading
    src.write_text("id,period,value\nbudget_revenue,2025-06,10111.7\ntourists,2025-13,1\nnope,2025-06,1\n")
    r = run("import", src, "--ledger", ledger)
    assert r.exit_code == 65 and "dòng 3" in r.stderr and "dòng 4" in r.stderr and "dòng 2" not in r.stderr
    assert ledger.read_bytes() == before


def test_import_xlsx(run, tmp_path, ledger):
    from datetime import datetime

    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["id", "period", "value", "source"])
    ws.append(["budget_revenue", datetime(2025, 6, 1), 10111.7, "Sở Tài chính"])
    ws.append(["tourists", "2025-06", 1.45, None])
    path = tmp_path / "thang6.xlsx"
    wb.save(path)
    r = run("import", path, "--ledger", ledger)
    assert r.exit_code == 0, r.stderr
    text = ledger.read_text()
    assert "value = 10111.7\n" in text and 'period = "2025-06"' in text and "value = 1.45\n" in text
    out = tmp_path / "out.xlsx"
    assert run("export", "--format", "xlsx", "--output", out, "--ledger", ledger).exit_code == 0
    other = tmp_path / "o.toml"
    assert run("import", out, "--ledger", other).exit_code == 0
    assert len(json.loads(run("export", "--format", "json", "--ledger", other).stdout)["records"]) == 2


def test_workspace_is_found_from_below(run, isolated, tmp_path):
    assert run("init", "ws").exit_code == 0
    sub = isolated / "ws" / "a" / "b"
    sub.mkdir(parents=True)
    os.chdir(sub)
    assert run("record", "tourists", "1.2", "--period", "2025-06", "--by", "so-vh").exit_code == 0
    assert (isolated / "ws" / "ledger" / "so-vh.toml").exists()
    info = json.loads(run("paths", "--format", "json").stdout)
    assert info["workspace"] == str(isolated / "ws") and info["plan"] == str(isolated / "ws" / "plan.toml")
    assert run("init", str(isolated / "ws")).exit_code == 73


def test_default_ledger_goes_to_the_user_data_folder(run, tmp_path):
    r = run("record", "tourists", "1.2", "--period", "2025-06")
    assert r.exit_code == 0
    assert (tmp_path / "home" / ".local" / "share" / "kehoach" / "ledger.toml").exists()


def test_reading_commands_on_a_missing_ledger_show_the_plan(run, tmp_path):
    r = run("status", "--ledger", tmp_path / "not-yet.toml", "--format", "json")
    assert r.exit_code == 0 and len(json.loads(r.stdout)["indicators"]) == 45


def test_unexpected_errors_are_one_line(run, monkeypatch):
    import kehoach.core.status as status_mod

    def boom(*a, **k):
        raise RuntimeError("boom")

    monkeypatch.setattr(status_mod, "build_status", boom)
    r = run("status")
    assert r.exit_code == 70
    assert r.stderr.startswith("Lỗi: lỗi nội bộ: RuntimeError: boom") and "Traceback" not in r.stderr


# ───────────── through the installed console script ─────────────


def _script_env(tmp_path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KEHOACH_")}
    env.update(HOME=str(tmp_path), XDG_DATA_HOME=str(tmp_path / "data"))
    return env


def test_installed_script_from_another_folder(tmp_path):
    script = console_script()
    assert script.exists(), f"kehoach is not installed beside {sys.executable}"
    r = subprocess.run([str(script), "status", "--format", "json"], cwd=tmp_path, env=_script_env(tmp_path),
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    assert len(json.loads(r.stdout)["indicators"]) == 45
    r = subprocess.run([str(script), "status"], cwd=tmp_path, env=_script_env(tmp_path), capture_output=True, timeout=60)
    assert r.returncode == 0 and b"\x1b[" not in r.stdout


def test_vietnamese_prints_under_lang_c_into_a_pipe(tmp_path):
    env = _script_env(tmp_path)
    env.update(LANG="C", LC_ALL="C", PYTHONIOENCODING="ascii")
    r = subprocess.run([str(console_script()), "status", "--target", "4"], cwd=tmp_path, env=env,
                       capture_output=True, timeout=60)
    assert r.returncode == 0, r.stderr
    assert b"Traceback" not in r.stderr


# Runs the installed console script itself and lists, at exit, every module it imported.
MODULES_AT_EXIT = (
    "import atexit, runpy, sys\n"
    "atexit.register(lambda: sys.stderr.write('\\nMODULES=' + ','.join(sorted(sys.modules))))\n"
    "script = sys.argv[1]\n"
    "sys.argv = sys.argv[1:]\n"
    "runpy.run_path(script, run_name='__main__')\n"
)


def _modules(tmp_path, args, **env) -> tuple[set[str], subprocess.CompletedProcess]:
    r = subprocess.run([sys.executable, "-c", MODULES_AT_EXIT, str(console_script()), *args], cwd=tmp_path,
                       env={**_script_env(tmp_path), **env}, capture_output=True, text=True, timeout=60)
    return set(r.stderr.rpartition("MODULES=")[2].strip().split(",")), r


@pytest.mark.parametrize(
    "args, env",
    [
        (["--version"], {}),
        (["--help"], {}),
        (["status", "--help"], {}),
        (["report", "--help"], {}),
        (["chart", "--help"], {}),
        (["check", "--help"], {}),
        (["record", "--help"], {}),
        (["paths", "--help"], {}),
        ([], {"_KEHOACH_COMPLETE": "complete_bash", "COMP_WORDS": "kehoach sta", "COMP_CWORD": "1"}),
        ([], {"_KEHOACH_COMPLETE": "complete_bash", "COMP_WORDS": "kehoach history bud", "COMP_CWORD": "2"}),
    ],
)
def test_version_help_and_completion_load_neither_pydantic_rich_nor_the_plan(tmp_path, args, env):
    loaded, r = _modules(tmp_path, args, **env)
    assert "kehoach" in loaded, r.stderr[-500:]
    assert not {"pydantic", "rich", "kehoach.core.plan", "kehoach.core.models", "sqlite3"} & loaded, r.stderr[-500:]
    if args == ["--version"]:
        assert r.stdout.startswith("kehoach ") and "typer" not in loaded  # answered before the CLI loads
    if env.get("COMP_WORDS") == "kehoach sta":
        assert "status" in r.stdout and "tomllib" not in loaded  # command names: the plan is not even read
    if env.get("COMP_WORDS") == "kehoach history bud":
        assert "budget_revenue" in r.stdout  # indicator ids come from the plan's TOML, not its validation


def test_broken_pipe_is_quiet(tmp_path):
    r = subprocess.run(f"'{console_script()}' list --format csv | head -1", shell=True, cwd=tmp_path,
                       env=_script_env(tmp_path), capture_output=True, text=True, timeout=60)
    assert r.stdout.startswith("id,") and "Traceback" not in r.stderr


# ───────────── verdicts and findings as a province means them ─────────────


def _json(r) -> dict:
    assert r.exit_code in (0, 1), r.output
    return json.loads(r.stdout)


def test_check_finds_data_missing_past_its_month(run, ledger, monkeypatch):
    """October 2025, nothing recorded for 2025: `check` fails (exit 1, "ok": false) and lists what is
    missing. Budget revenue was recorded for 2024-06 (made-up figure), so June's is due; the rates and
    flows are due once the first quarter is over; forest cover, a level never recorded, is not."""
    monkeypatch.setenv("KEHOACH_TODAY", "2025-10-15")
    assert run("record", "budget_revenue", "7660.4", "--period", "2024-06", "--ledger", ledger).exit_code == 0
    assert run("record", "forest_cover", "37.7", "--period", "2024-12", "--ledger", ledger).exit_code == 0
    r = run("check", "--ledger", ledger, "--format", "json")
    assert r.exit_code == 1
    doc = _json(r)
    missing = {m["id"]: m for m in doc["missing"]}
    assert doc["ok"] is False
    assert missing["budget_revenue"]["reason"] == "last_year" and missing["budget_revenue"]["due"] == "2025-06"
    assert missing["grdp_growth"]["reason"] == "nothing_recorded" and "tourists" in missing
    assert "forest_cover" not in missing  # recorded last year in December only: due at the year's end
    assert "budget_revenue" in {i["id"] for i in doc["indicators"]}
    text = run("check", "--ledger", ledger)
    assert text.exit_code == 1 and "Thiếu số liệu\tbudget_revenue\t" in text.stdout


def test_check_stays_quiet_when_the_data_is_current(run, ledger, monkeypatch):
    """Made-up figures: 13.000 by September (12.375 expected) and tourists on their pace; budget
    revenue recorded last June is recorded this year past June: nothing due is missing."""
    monkeypatch.setenv("KEHOACH_TODAY", "2025-10-15")
    for args in (("budget_revenue", "7660.4", "--period", "2024-06"), ("budget_revenue", "13000", "--period", "2025-09"),
                 ("tourists", "2.4", "--period", "2025-09"), ("forest_cover", "37.7", "--period", "2024-12")):
        assert run("record", *args, "--ledger", ledger).exit_code == 0
    r = run("check", "--ledger", ledger)
    assert r.exit_code == 0 and r.stdout == "", r.stdout
    assert _json(run("check", "--ledger", ledger, "--format", "json"))["missing"] == []
    # once the year is over, December's forest cover (recorded last December) is due
    monkeypatch.setenv("KEHOACH_TODAY", "2026-01-20")
    doc = _json(run("check", "--ledger", ledger, "--format", "json"))
    assert {m["id"] for m in doc["missing"]} >= {"forest_cover"}


def test_check_names_the_month_where_a_total_fell(run, ledger, monkeypatch):
    # made up: 20.000 in October, 17.000 in November, 18.000 in December — the dip is November
    monkeypatch.setenv("KEHOACH_TODAY", "2025-12-20")
    for month, value in (("10", "20000"), ("11", "17000"), ("12", "18000")):
        run("record", "social_investment", value, "--period", f"2025-{month}", "--ledger", ledger)
    r = run("check", "--ledger", ledger)
    warnings = [line for line in r.stderr.splitlines() if "social_investment" in line]
    assert warnings == ["Cảnh báo: social_investment: số lũy kế giảm ở kỳ 2025-11: 17.000, thấp hơn 20.000 của kỳ 2025-10"]
    row = next(i for i in _json(run("status", "--ledger", ledger, "--format", "json"))["indicators"]
               if i["id"] == "social_investment")
    assert row["falls_back"] is True and row["falls_back_periods"] == ["2025-11"]


def test_the_table_rounds_percent_of_plan_once(run, ledger):
    # made up: 10.105,5 ÷ 16.500 = 61,2454…%: once to 1 decimal 61,2 (via 61,25 it read 61,3); JSON 61.25
    run("record", "budget_revenue", "10105.5", "--period", "2025-06", "--ledger", ledger)
    table = run("status", "--target", "4", "--ledger", ledger).stdout
    assert " 61,2 " in table and "61,3" not in table
    row = _json(run("status", "--target", "4", "--ledger", ledger, "--format", "json"))["indicators"][0]
    assert row["percent_of_plan"] == 61.25


def test_one_period_one_verdict_in_the_report(run, ledger, monkeypatch):
    """The 2025 year over, June's figures the latest: `report` is the year's report, the same as
    `report --period 2025-12` — never a "6 tháng" title over year-end verdicts; `--period 2025-06`
    is the half year as it stood."""
    for args in (("budget_revenue", "10111.7", "--period", "2025-06"), ("tourists", "1.2", "--period", "2025-06")):
        run("record", *args, "--ledger", ledger)
    monkeypatch.setenv("KEHOACH_TODAY", "2026-02-01")
    plain = run("report", "--format", "text", "--ledger", ledger)
    december = run("report", "--period", "2025-12", "--format", "text", "--ledger", ledger)
    june = run("report", "--period", "2025-06", "--format", "text", "--ledger", ledger)
    assert plain.exit_code == december.exit_code == june.exit_code == 0
    assert plain.stdout == december.stdout
    june_text, plain_text = " ".join(june.stdout.split()), " ".join(plain.stdout.split())  # the text is wrapped
    assert "6 tháng đầu năm" in june_text and "6 tháng đầu năm" not in plain_text
    assert "Các chỉ tiêu chậm tiến độ: khách du lịch" in june_text  # June's verdict, as it stood
    assert "Các chỉ tiêu chậm tiến độ" not in plain_text and "Các chỉ tiêu không đạt kế hoạch: khách du lịch" in plain_text


def test_show_and_json_print_the_plans_own_target_text(run, write_plan, plan_text):
    # "khoảng 11,5 - 12,5 %": a plan's own wording (the tester's in issue 16), given to grdp_growth here
    text = plan_text.replace('id = "grdp_growth"\n', 'id = "grdp_growth"\ntarget_text = "khoảng 11,5 - 12,5 %"\n', 1)
    plan = write_plan(text)
    show = run("show", "grdp_growth", "--plan", plan)
    assert show.exit_code == 0 and "khoảng 11,5 - 12,5 %" in show.stdout
    assert _json(run("show", "grdp_growth", "--plan", plan, "--format", "json"))["target_text"] == "khoảng 11,5 - 12,5 %"
    row = _json(run("status", "--target", "1", "--plan", plan, "--format", "json"))["indicators"][0]
    assert row["id"] == "grdp_growth" and row["target_text"] == "khoảng 11,5 - 12,5 %"


def test_show_says_which_reference_the_year_starts_from(run, ledger):
    # hospital beds: the plan's estimate 34,4 (a mid-2024 reading); a made-up official 2024-12 of 35
    show = run("show", "hospital_beds", "--ledger", ledger).stdout
    assert "Mốc so sánh của năm: 34,4 (số ước trong kế hoạch)" in show
    run("record", "hospital_beds", "35", "--period", "2024-12", "--ledger", ledger)
    show = run("show", "hospital_beds", "--ledger", ledger).stdout
    assert "Mốc so sánh của năm: 35 (số chính thức kỳ 2024-12 trong sổ)" in show
    doc = _json(run("show", "hospital_beds", "--ledger", ledger, "--format", "json"))
    assert doc["reference_baseline"] == 35 and doc["base_source"] == "ledger 2024-12"
    row = _json(run("status", "--target", "11", "--ledger", ledger, "--format", "json"))["indicators"]
    beds = next(i for i in row if i["id"] == "hospital_beds")
    assert beds["baseline"] == 35 and beds["base_source"] == "ledger 2024-12"


def test_plan_check_refuses_the_untouched_template(run, tmp_path):
    out = tmp_path / "plan2026.toml"
    assert run("plan", "new", "--province", "Nghệ An", "--year", "2026", "-o", out).exit_code == 0
    before = out.read_bytes()
    r = run("plan", "check", out)
    assert r.exit_code == 65 and "Traceback" not in r.output
    assert "plan2026.toml: chỉ tiêu số 1 › wording: vẫn là ví dụ của `kehoach plan new`" in r.stderr
    assert "baseline_source: vẫn là ví dụ" in r.stderr  # "VÍ DỤ: …" too
    doc = json.loads(run("plan", "check", out, "--format", "json").stdout)
    assert doc["ok"] is False and len(doc["problems"]) >= 2
    assert out.read_bytes() == before
    # its examples replaced (here: their markers dropped), it passes
    out.write_text(before.decode("utf-8").replace(" (ví dụ)", "").replace("VÍ DỤ: ", ""), "utf-8")
    assert run("plan", "check", out).exit_code == 0


def test_plan_check_warns_about_a_baseline_year_that_is_not_the_year_before(run, write_plan, plan_text):
    # the 2025 plan with baseline_year 2023: legitimate (a plan measured from an older year), so a
    # warning and exit 0, not a refusal
    path = write_plan(plan_text.replace("baseline_year = 2024", "baseline_year = 2023", 1))
    r = run("plan", "check", path)
    assert r.exit_code == 0
    assert "Cảnh báo: plan.toml: plan › baseline_year: 2023 không phải năm liền trước năm kế hoạch 2025" in r.stderr
    doc = json.loads(run("plan", "check", path, "--format", "json").stdout)
    assert doc["ok"] is True and len(doc["warnings"]) == 1
    assert json.loads(run("plan", "check", write_plan(plan_text, "ok.toml"), "--format", "json").stdout)["warnings"] == []
