"""A command offers only the formats it can write: asking for another is a usage error (exit 2),
never a silent fallback to text."""

from tests.conftest import PLAN_FILE


def test_plan_check_refuses_csv_instead_of_printing_text(run):
    r = run("plan", "check", PLAN_FILE, "--format", "csv")
    assert r.exit_code == 2
    assert r.stdout == ""
    assert "--format" in r.stderr and "csv" in r.stderr


def test_plan_check_still_writes_table_and_json(run):
    assert run("plan", "check", PLAN_FILE).exit_code == 0
    r = run("plan", "check", PLAN_FILE, "--format", "json")
    assert r.exit_code == 0 and r.stdout.lstrip().startswith("{")
