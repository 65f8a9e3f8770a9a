"""One mistake, one exit code, in every command that takes it (README: Exit codes).

A value typed on the command line that names nothing in the plan, or that is not a period of it,
is a usage error (2) wherever it is typed; the same mistake inside a file is bad data (65)."""

from __future__ import annotations

import pytest

from kehoach.errors import EXIT_CODES, ExitCode, Kind, Problem, exit_code_for

INDICATOR_COMMANDS = [
    ["show", "{x}"],
    ["history", "{x}"],
    ["chart", "{x}"],
    ["status", "--by-area", "{x}"],
    ["record", "{x}", "1", "--period", "2025-06"],
]
AREA_COMMANDS = [
    ["status", "--area", "{x}"],
    ["history", "tourists", "--area", "{x}"],
    ["chart", "tourists", "--area", "{x}"],
    ["check", "--area", "{x}"],
    ["report", "--area", "{x}"],
    ["record", "tourists", "0.1", "--period", "2025-06", "--area", "{x}"],
]
PERIOD_COMMANDS = [
    ["status", "--as-of", "{x}"],
    ["check", "--as-of", "{x}"],
    ["chart", "tourists", "--as-of", "{x}"],
    ["report", "--period", "{x}"],
    ["record", "tourists", "0.1", "--period", "{x}"],
]


def _cases(commands, values):
    return [pytest.param([a.replace("{x}", v) for a in c], id=f"{c[0]}-{v}") for c in commands for v in values]


def _same_everywhere(run, ledger, args, fragment, *extra):
    ledger.write_text("", encoding="utf-8")
    before = ledger.read_bytes()
    r = run(*args, "--ledger", ledger, *extra)
    assert r.exit_code == ExitCode.USAGE, (r.exit_code, r.stderr)
    assert fragment in r.stderr and "Traceback" not in r.stderr and r.stdout == ""
    assert ledger.read_bytes() == before


@pytest.mark.parametrize("args", _cases(INDICATOR_COMMANDS, ["budget_revnue"]))
def test_an_unknown_indicator_is_2_in_every_command(run, ledger, args):
    _same_everywhere(run, ledger, args, "không tìm thấy mã chỉ tiêu 'budget_revnue'")


@pytest.mark.parametrize("args", _cases(AREA_COMMANDS, ["Luc Ngan"]))
def test_an_unknown_area_is_2_in_every_command(run, ledger, areas_plan, args):
    _same_everywhere(run, ledger, args, "không có địa bàn 'Luc Ngan'", "--plan", areas_plan)


@pytest.mark.parametrize("value", ["2025-13", "June", "2025-6"])
@pytest.mark.parametrize("command", PERIOD_COMMANDS, ids=lambda c: c[0])
def test_a_malformed_period_is_2_in_every_command(run, ledger, command, value):
    _same_everywhere(run, ledger, [a.replace("{x}", value) for a in command], repr(value))


@pytest.mark.parametrize("args", _cases(PERIOD_COMMANDS, ["2030-01"]))
def test_a_period_outside_the_plan_is_2_in_every_command(run, ledger, args):
    _same_everywhere(run, ledger, args, "2030-01")


def test_the_same_mistake_in_a_file_is_bad_data(run, ledger, areas_plan, tmp_path):
    src = tmp_path / "rows.csv"
    src.write_text("id,period,value,area\ntourists,2025-06,0.1,Luc Ngan\n", encoding="utf-8")
    r = run("import", src, "--plan", areas_plan, "--ledger", ledger)
    assert r.exit_code == ExitCode.DATA_ERROR and "không có địa bàn 'Luc Ngan'" in r.stderr
    assert not ledger.exists()


def test_every_kind_has_one_exit_code_and_errors_follow_their_kind():
    from kehoach import errors

    assert set(EXIT_CODES) == set(Kind)
    assert Problem("x", Kind.BUSY).exit_code == exit_code_for(Kind.BUSY) == ExitCode.TEMP_FAIL
    expected = {
        errors.UsageError: 2, errors.DataError: 65, errors.PlanError: 65, errors.LedgerError: 65,
        errors.InputMissing: 66, errors.CannotWrite: 73, errors.DiskError: 74, errors.TryAgain: 75,
        errors.KehoachError: 70,
    }
    assert {cls: int(cls("m").exit_code) for cls in expected} == expected
    assert errors.DataError("m", kind=Kind.USAGE).exit_code == ExitCode.USAGE  # the kind decides
