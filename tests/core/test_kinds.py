"""The closed sets (core/kinds.py): the same text as the contract always had, one complete row of
behaviour each, members (not bare text) wherever the domain holds them, and the checker finding a
misspelt member or a member a branch forgot."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from decimal import Decimal as D
from pathlib import Path

import pytest

from kehoach.core import kinds
from kehoach.core.kinds import (
    CHANGE_RULES,
    FORM_RULES,
    KIND_RULES,
    VERDICT_RULES,
    Change,
    Direction,
    Frequency,
    Kind,
    Meets,
    Pace,
    TargetForm,
    Verdict,
    frequency_step,
)
from kehoach.core.models import Indicator, Thresholds
from kehoach.core.periods import Period
from kehoach.core.plan import load_plan
from kehoach.core.planview import from_model
from kehoach.core.progress import ATTENTION, VERDICTS, Actual, assess, is_achieved, summarise, target_verdict
from kehoach.render.look import SCOREBOARD_ORDER, VERDICT_LOOK, look
from tests.conftest import PLAN_FILE

pytestmark = pytest.mark.usefixtures("english")

ROOT = Path(__file__).resolve().parents[2]


def test_the_members_are_the_words_the_contract_and_the_plan_files_use_in_their_order():
    # The order is the order a wrong value's message lists them in ("must be one of 'flow', …"),
    # and the summary's keys: both were written as these tuples before there were enums.
    assert list(Verdict) == ["achieved", "on_track", "at_risk", "off_track", "no_data", "missed", "no_target"]
    assert list(Kind) == ["flow", "rate", "level", "share", "count"]
    assert list(Direction) == ["higher", "lower", "toward"]
    assert list(TargetForm) == ["value", "at_least", "above", "at_most", "below", "about", "range"]
    assert list(Change) == ["percent", "points"]
    assert list(kinds.Combine) == ["sum", "weighted", "per_capita", "recount", "none"]
    assert list(Frequency) == ["monthly", "quarterly"]
    assert list(kinds.BaselineKind) == ["estimate", "derived", "mid_year"]
    from kehoach.core.ledger.model import STAGES

    assert tuple(kinds.Stage) == STAGES  # the ledger's own list, in the same order


def test_a_member_is_its_text_in_json_csv_and_f_strings():
    assert json.dumps({Verdict.AT_RISK: [Direction.LOWER]}) == '{"at_risk": ["lower"]}'
    assert f"{TargetForm.BELOW}|{TargetForm.BELOW:>7}" == "below|  below"
    assert str(Kind.FLOW) == "flow" and Kind.FLOW == "flow" and Kind("flow") is Kind.FLOW


def test_every_set_with_behaviour_has_one_row_for_every_member():
    assert set(VERDICT_RULES) == set(Verdict)
    assert set(KIND_RULES) == set(Kind)
    assert set(FORM_RULES) == set(TargetForm)
    assert set(CHANGE_RULES) == set(Change)
    assert set(VERDICT_LOOK) == set(Verdict)
    assert sorted(SCOREBOARD_ORDER) == sorted(Verdict)
    assert {f: frequency_step(f) for f in Frequency} == {"monthly": 1, "quarterly": 3}


def test_the_verdict_rows_say_what_the_summaries_and_attention_count():
    assert VERDICTS == ("achieved", "on_track", "at_risk", "off_track", "no_data", "missed")
    assert ATTENTION == ("at_risk", "off_track", "missed")
    # worst first: a numbered target takes its worst indicator's verdict
    assert target_verdict([Verdict.ON_TRACK, Verdict.MISSED, Verdict.AT_RISK]) is Verdict.MISSED
    assert target_verdict([Verdict.ACHIEVED, Verdict.NO_DATA]) is Verdict.ON_TRACK
    assert target_verdict([Verdict.NO_TARGET, Verdict.NO_TARGET]) is Verdict.NO_TARGET
    assert list(summarise([], area_view=True)) == ["indicators", *VERDICTS, "no_target"]


def test_a_forms_row_is_what_the_plan_check_and_the_verdict_do_with_it():
    # "trên 14%" / "dưới 1%": strict, one direction, the bound itself not met
    for form, direction, bound, beyond in (("above", "higher", "14", "14.01"), ("below", "lower", "1", "0.99")):
        rule = FORM_RULES[TargetForm(form)]
        assert rule.strict and rule.direction == direction and not rule.two_ends
        assert not is_achieved(Direction(direction), D(bound), None, D(bound), TargetForm(form))
        assert is_achieved(Direction(direction), D(bound), None, D(beyond), TargetForm(form))
    # "ít nhất" / "không quá": the bound meets it
    assert FORM_RULES[TargetForm.AT_LEAST] == kinds.FormRule(Direction.HIGHER, False, False, Meets.REACHES)
    assert is_achieved(Direction.LOWER, D(1), None, D(1), TargetForm.AT_MOST)
    # only a range has two ends
    assert [f for f in TargetForm if FORM_RULES[f].two_ends] == [TargetForm.RANGE]


def test_a_kinds_row_is_how_its_expected_position_moves():
    assert KIND_RULES[Kind.FLOW].pace is Pace.YEAR_TO_DATE
    assert KIND_RULES[Kind.RATE].pace is Pace.CONSTANT and KIND_RULES[Kind.RATE].is_change
    assert [k for k in Kind if KIND_RULES[k].final_when_met] == [Kind.FLOW, Kind.COUNT]
    assert [k for k in Kind if KIND_RULES[k].whole] == [Kind.COUNT]


class _Target:
    number = 1
    source_label = None


def test_the_standing_holds_members_not_bare_text():
    ind = from_model(Indicator(id="x", name="X", name_en="X", unit="tỷ đồng", kind="flow", direction="higher",
                               target=D(1200), target_form="at_least", change=None))
    p = assess(_Target(), ind, "g", Thresholds(), Actual(Period(2025, 6), D(500)))
    assert type(p.kind) is Kind and type(p.direction) is Direction and type(p.target_form) is TargetForm
    assert type(p.status) is Verdict and p.status == "off_track"  # 500 of the 600 expected by June: 83 %
    assert type(p.expected_method) is kinds.ExpectedMethod and p.expected_method == "pro_rata"
    assert type(p.verdict_basis) is kinds.VerdictBasis and type(p.frequency) is Frequency
    assert look(p.status) is VERDICT_LOOK[Verdict.OFF_TRACK] and look("no such verdict") is VERDICT_LOOK["no_data"]


def test_a_plan_holds_members_whether_checked_now_or_read_from_the_cache(tmp_path):
    fresh = load_plan(PLAN_FILE, cache_dir=tmp_path)
    cached = load_plan(PLAN_FILE, cache_dir=tmp_path)  # the entry written by the first
    assert cached == fresh
    for plan in (fresh, cached):
        _t, ind = plan.find("budget_revenue")
        assert type(ind.kind) is Kind and type(ind.direction) is Direction and type(ind.target_form) is TargetForm
        assert type(ind.frequency) is Frequency and type(ind.baseline_kind) is kinds.BaselineKind
    assert all(type(a.kind) is str for a in cached.areas)  # an area's kind is free text, not a member


def test_a_word_outside_a_set_is_refused_with_every_member_in_order(write_plan, plan_text):
    from kehoach.errors import PlanError

    # the shipped plan words no target with target_form: the first indicator is given one
    text = plan_text.replace('kind = "flow"', 'kind = "stock"\ntarget_form = "under"', 1)
    assert text != plan_text
    with pytest.raises(PlanError) as e:
        load_plan(write_plan(text))
    said = "\n".join([e.value.message, *e.value.details])
    assert "kind: must be one of 'flow', 'rate', 'level', 'share' or 'count', got 'stock'" in said
    assert ("target_form: must be one of 'value', 'at_least', 'above', 'at_most', 'below', 'about' or "
            "'range', got 'under'") in said


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("mypy", path=str(Path(sys.executable).parent)) is None, reason="mypy not installed")
def test_the_checker_finds_a_misspelt_member_and_a_member_a_branch_forgot(tmp_path):
    probe = tmp_path / "probe.py"
    probe.write_text(
        "from typing import assert_never\n"
        "from kehoach.core.kinds import TargetForm, Verdict\n\n"
        "def strict(f: TargetForm) -> bool:\n"
        "    match f:\n"
        "        case TargetForm.ABOVE | TargetForm.BELOW:\n"
        "            return True\n"
        "        case TargetForm.VALUE | TargetForm.AT_LEAST | TargetForm.AT_MOST | TargetForm.ABOUT:\n"
        "            return False\n"
        "        case _:\n"
        "            assert_never(f)\n\n"
        "WORST = Verdict.MISSSED\n",
        encoding="utf-8",
    )
    mypy = Path(sys.executable).parent / "mypy"
    r = subprocess.run([str(mypy), "--strict", "--no-incremental", "--config-file", str(ROOT / "pyproject.toml"),
                        str(probe)], capture_output=True, text=True, cwd=ROOT, env={"MYPYPATH": str(ROOT / "src"),
                                                                                     "PATH": ""})
    assert r.returncode == 1, r.stdout + r.stderr
    assert 'Argument 1 to "assert_never" has incompatible type "Literal[TargetForm.RANGE]"' in r.stdout, r.stdout
    assert '"type[Verdict]" has no attribute "MISSSED"' in r.stdout, r.stdout
