"""Problems are values with a place a program can read (errors.Place): the file, and the target,
indicator and area a plan's problem is in, beside the key path a person follows."""

from __future__ import annotations

import pytest

from kehoach.core.plan import parse_plan
from kehoach.errors import Kind, Place, PlanError, Problem
from tests.conftest import PLAN_FILE

pytestmark = pytest.mark.usefixtures("english")
TEXT = PLAN_FILE.read_text(encoding="utf-8")


def problems_of(text: str) -> tuple[Problem, ...]:
    with pytest.raises(PlanError) as caught:
        parse_plan(text.encode("utf-8"), "plan.toml")
    return caught.value.problems


def test_a_misspelt_key_of_an_indicator_names_its_target_and_indicator():
    found = problems_of(TEXT.replace("unit = ", "units = ", 1))
    assert {(p.place.target, p.place.indicator, p.place.key.rsplit(" › ", 1)[-1]) for p in found} == {
        (1, "grdp_growth", "unit"), (1, "grdp_growth", "units")}
    assert all(p.place.file == "plan.toml" and p.kind is Kind.DATA for p in found)


def test_a_cross_check_names_the_indicator_and_its_target():
    found = problems_of(TEXT.replace('kind = "flow"', 'kind = "flow"\ncombine = "weighted"', 1))
    assert {(p.place.target, p.place.indicator) for p in found} == {(4, "budget_revenue")}


def test_the_problems_of_an_area_name_the_area_and_the_indicator():
    areas = '\n[[areas]]\nname = "A"\nparent = "B"\n\n[[areas]]\nname = "A"\n[[areas.targets]]\nindicator = "nope"\ntarget = 1\n'
    found = problems_of(TEXT + areas)
    assert {(p.place.area, p.place.indicator) for p in found} == {("A", None), ("A", "nope")}


def test_a_target_number_used_twice_is_placed_at_that_target():
    found = problems_of(TEXT.replace("\nnumber = 2\n", "\nnumber = 1\n", 1))
    assert [(p.place.target, p.place.key) for p in found] == [(1, "target 1")]


def test_the_line_a_person_reads_is_the_place_then_the_message():
    [one] = problems_of(TEXT.replace("\nnumber = 2\n", "\nnumber = 1\n", 1))
    assert one.line() == "plan.toml: target 1: target number 1 is used 2 times"
    assert Place(file="ledger.toml", line=12).text() == "ledger.toml:12"
    assert Place(row=3, key="value").text() == "row 3: value"


def _broken_ledger(tmp_path, edit):
    from tests.core.test_ledger import add_records, c

    ledger = tmp_path / "ledger.toml"
    add_records(PLAN, ledger, [c(value="2000", period="2025-05"), c("tourists", value="1.2")], "office")
    ledger.write_text(edit(ledger.read_text(encoding="utf-8")), encoding="utf-8")
    return ledger


PLAN = parse_plan(TEXT.encode("utf-8"), "plan2025.toml")


@pytest.mark.parametrize("cache", [True, False])
def test_a_ledger_problem_is_placed_at_its_file_line_and_record(tmp_path, cache):
    from kehoach.core.ledger import read_ledger
    from kehoach.errors import LedgerError

    ledger = _broken_ledger(tmp_path, lambda t: t.replace('period = "2025-05"', 'period = "2025-13"').replace(
        "value = 1.2", 'value = "abc"'))
    lines = ledger.read_text(encoding="utf-8").splitlines()
    with pytest.raises(LedgerError) as caught:
        read_ledger(ledger, cache_dir=tmp_path / "cache" if cache else None, plan=PLAN)
    got = [(p.place.file, p.place.line, p.place.key, p.kind) for p in caught.value.problems]
    assert got == [("ledger.toml", lines.index('period = "2025-13"') + 1, "record 1", Kind.DATA),
                   ("ledger.toml", lines.index('value = "abc"') + 1, "record 2", Kind.DATA)]
    assert caught.value.details == [p.line() for p in caught.value.problems]


@pytest.mark.parametrize("cache", [True, False])
def test_a_value_the_plan_refuses_is_placed_at_its_record(tmp_path, cache):
    from kehoach.core.ledger import read_ledger
    from kehoach.errors import LedgerError

    ledger = _broken_ledger(tmp_path, lambda t: t.replace("value = 2000", "value = -2000"))
    line = ledger.read_text(encoding="utf-8").splitlines().index("[[records]]") + 1  # the record's first line
    with pytest.raises(LedgerError) as caught:
        read_ledger(ledger, cache_dir=tmp_path / "cache" if cache else None, plan=PLAN)
    [one] = caught.value.problems
    assert (one.place.file, one.place.line) == ("ledger.toml", line) and one.message.startswith("value: ")


def test_the_problems_of_an_import_are_placed_at_their_rows_and_indicators(tmp_path):
    from decimal import Decimal

    from kehoach.core.recording import Candidate, add_records
    from kehoach.errors import LedgerError

    rows = [Candidate("budget_revenue", "2025-06", Decimal("10111.7"), "tester", row=2),
            Candidate("tourists", "2025-13", Decimal("1"), "tester", row=3),
            Candidate("nope", "2025-06", Decimal("1"), "tester", row=4)]
    with pytest.raises(LedgerError) as caught:
        add_records(PLAN, tmp_path / "ledger.toml", rows, "office", cache_dir=None)
    assert [(p.place.row, p.place.indicator) for p in caught.value.problems] == [(3, "tourists"), (4, "nope")]
    assert caught.value.details[0].startswith("row 3: ")
    assert not (tmp_path / "ledger.toml").exists()


def test_the_problems_of_an_import_file_are_placed_at_their_row_and_column(tmp_path):
    from kehoach.core.transfer import read_import
    from kehoach.errors import DataError

    path = tmp_path / "figures.csv"
    path.write_text("id,period,value,revise\nbudget_revenue,2025-06,abc,\nbudget_revenue,2025-05,1,yes\n"
                    "budget_revenue,2025-04\n", encoding="utf-8")
    with pytest.raises(DataError) as caught:
        read_import(path, "tester", None, PLAN)
    assert [(p.place.file, p.place.row, p.place.column) for p in caught.value.problems] == [
        ("figures.csv", 2, None), ("figures.csv", 3, "revise"), ("figures.csv", 4, None)]
    assert caught.value.details[1].startswith("figures.csv: row 3, column revise: ")


def test_a_syntax_error_is_placed_at_its_line_and_character():
    [one] = problems_of("title = \"Kế hoạch\"\na = \n")
    assert (one.place.file, one.place.line, one.place.char) == ("plan.toml", 2, 5)
    assert one.line().startswith("plan.toml:2:5: ")


# ── warnings: problems that refuse nothing, placed as the errors are ──


@pytest.mark.parametrize("cache", [True, False])
def test_a_ledger_s_warnings_are_values_with_their_file_line_and_indicator(tmp_path, cache):
    from kehoach.core.ledger import read_ledger

    ledger = _broken_ledger(tmp_path, lambda t: t.replace('indicator = "tourists"', 'indicator = "tourist_nights"'))
    lines = ledger.read_text(encoding="utf-8").splitlines()
    line = [n for n, text in enumerate(lines, 1) if text == "[[records]]"][1]  # the second record's first line
    read = read_ledger(ledger, set(PLAN.indicator_ids()), cache_dir=tmp_path / "cache" if cache else None, plan=PLAN)
    [one] = read.warnings
    assert one.kind is Kind.DATA
    assert (one.place.file, one.place.indicator) == ("ledger.toml", "tourist_nights")
    assert one.place.line == line and one.line().startswith(f"ledger.toml:{line}: ") and "'tourist_nights'" in one.message
    assert not one.message.startswith("ledger.toml")  # the place is a value, not a prefix of the text


@pytest.mark.parametrize("cache", [True, False])
def test_records_outside_the_plan_s_years_are_a_warning_at_the_first_of_them(tmp_path, cache):
    from kehoach.core.ledger import read_ledger

    ledger = _broken_ledger(tmp_path, lambda t: t.replace('period = "2025-05"', 'period = "2015-05"'))
    read = read_ledger(ledger, cache_dir=tmp_path / "cache" if cache else None, plan=PLAN)
    [one] = read.warnings
    assert (one.place.file, one.place.line) == ("ledger.toml", ledger.read_text("utf-8").splitlines().index("[[records]]") + 1)
    assert one.message.startswith("1 record(s) for 2015, outside this plan's years")


def test_a_plan_s_warning_is_placed_at_its_key():
    from kehoach.core.plantools import plan_warnings

    [one] = plan_warnings(parse_plan(TEXT.replace("baseline_year = 2024", "baseline_year = 2020").encode("utf-8"), "p.toml"))
    assert one.place == Place(key="plan › baseline_year") and one.line().startswith("plan › baseline_year: 2020 is not")


def test_a_year_to_date_value_that_falls_is_a_warning_at_its_indicator_and_period(tmp_path):
    from tests.core.test_ledger import add_records, c

    ledger = tmp_path / "ledger.toml"
    add_records(PLAN, ledger, [c(value="3000", period="2025-05")], "office")
    out = add_records(PLAN, ledger, [c(value="2000", period="2025-06")], "office")
    [one] = out.warnings
    assert (one.place.indicator, one.place.key) == ("budget_revenue", "budget_revenue 2025-06")
    assert one.line() == ("budget_revenue 2025-06: the year-to-date value 2,000 is below 3,000 recorded for 2025-05; "
                          "a year-to-date total does not fall within a year unless a month is revised")
