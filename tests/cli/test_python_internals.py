"""Vietnamese messages carry no English Python text: a TOML syntax error, a value
of the wrong type in a plan, a CSV field larger than Python's csv limit or a broken quote are said in
Vietnamese, with their place, in `plan check` and `import`."""

from __future__ import annotations

import pytest

# What Python's own words and reprs look like: none may reach a Vietnamese message.
PYTHON_TEXT = ("newline or end of document", "('plan',)", "Decimal(", "datetime.", "True", "{'",
               "String should", "Exceeds the limit", "field larger", "expected after", "unexpected end of data",
               "line contains NUL", "Input should")


def assert_vietnamese(text: str) -> None:
    leaked = [p for p in PYTHON_TEXT if p in text]
    assert not leaked, f"English Python text {leaked} in: {text}"


def one_change(plan_text: str, old: str, new: str) -> str:
    assert old in plan_text, old
    return plan_text.replace(old, new, 1)


@pytest.mark.parametrize(
    "old, new, said",
    [
        ("year = 2025", "year = 2025x", ["plan.toml:", ":12:", "xuống dòng"]),
        ("[plan.thresholds]", "[plan]", ["plan.toml:", "plan", "hai lần"]),
        ("year = 2025", "year = 2025.5", ["plan › year", "2025.5"]),
        ("year = 2025", "year = true", ["plan › year", "true"]),
        ("year = 2025", "year = 2025-01-01", ["plan › year", "2025-01-01"]),
        ("year = 2025", "year = 1979-05-27T07:32:00Z", ["plan › year", "1979-05-27T07:32:00+00:00"]),
        ('province = "Bắc Giang"', "province = {a = 1}", ["plan › province", "bảng"]),
        ('title = "Kế hoạch phát triển kinh tế - xã hội năm 2025"', 'title = ""', ["plan › title", "để trống"]),
        ("on_track = 100", "on_track = 2025-01-01", ["on_track", "2025-01-01"]),
        ("year = 2025", "year = " + "9" * 5000, ["plan.toml", "4300"]),
    ],
)
def test_plan_check_speaks_vietnamese_of_a_malformed_plan(run, write_plan, plan_text, old, new, said):
    path = write_plan(one_change(plan_text, old, new))
    r = run("plan", "check", path)
    assert r.exit_code == 65, r.stderr
    for words in said:
        assert words in r.stderr, (words, r.stderr)
    assert_vietnamese(r.stderr)


def test_a_csv_field_over_python_s_limit_is_too_long_with_its_row(run, tmp_path, ledger):
    src = tmp_path / "big.csv"
    src.write_text("id,period,value,note\nbudget_revenue,2024-06,10111.7,ok\n"
                   "budget_revenue,2024-05,10111.7," + "x" * 140_000 + "\n", encoding="utf-8")
    r = run("import", src, "--ledger", ledger)
    assert r.exit_code == 65, r.stderr
    assert "big.csv" in r.stderr and "dòng 3" in r.stderr and "quá dài" in r.stderr
    assert_vietnamese(r.stderr)
    assert not ledger.exists()


@pytest.mark.parametrize("body, row", [('budget_revenue,2024-06,"10111.7"x\n', 2),
                                       ('budget_revenue,2024-06,"10111.7\n', 2)])
def test_a_broken_csv_quote_is_said_in_vietnamese(run, tmp_path, ledger, body, row):
    src = tmp_path / "q.csv"
    src.write_text("id,period,value\n" + body, encoding="utf-8")
    r = run("import", src, "--ledger", ledger)
    assert r.exit_code == 65, r.stderr
    assert f"dòng {row}" in r.stderr
    assert_vietnamese(r.stderr)
