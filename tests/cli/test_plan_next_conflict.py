"""`plan next` never settles a conflict by itself: when offices disagree on the
December value that would become next year's baseline, it refuses, naming the indicator, the
period, each office's value, and how to settle it.

Figures: "cả năm ước đạt 17.173 tỷ đồng" — Bắc Giang's 2024 budget revenue estimate
(shared/seeds/000_618431115684171d.txt, Phần thứ nhất); 17.137 is the same figure with two digits
swapped, the typing slip that makes two offices disagree; likewise "10.111,7 tỷ đồng" by June
and 10.117,1.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

PLAN_2024 = Path(__file__).resolve().parents[1] / "data" / "plan2024.toml"


def office_file(run, tmp_path: Path, office: str, value: str, period: str = "2024-12") -> Path:
    """What one office records on its own machine: its file of a ledger folder."""
    folder = tmp_path / f"clone-{office}"
    folder.mkdir(exist_ok=True)
    r = run("record", "budget_revenue", value, "--period", period, "--office", office, "--by", f"cán bộ {office}",
            "--plan", PLAN_2024, "--ledger", f"{folder}/")
    assert r.exit_code == 0, r.output
    return next(folder.glob(f"{office}*.toml"))


@pytest.fixture(params=["index", "files"])
def merged(request, run, tmp_path, monkeypatch) -> Path:
    """Both offices' files in one folder, as after a git pull; read through the index and without it.
    They disagree on December (the next baseline) and on June (10.111,7 against 10.117,1)."""
    if request.param == "files":
        monkeypatch.setenv("KEHOACH_CACHE", "off")
    shared = tmp_path / "ledger"
    shared.mkdir()
    for office, december, june in (("so-tai-chinh", "17173", "10111.7"), ("cuc-thong-ke", "17137", "10117.1")):
        office_file(run, tmp_path, office, june, "2024-06")
        src = office_file(run, tmp_path, office, december)
        shutil.copy(src, shared / src.name)
    return shared


def test_plan_next_refuses_a_baseline_offices_disagree_on(run, merged, tmp_path):
    import tomllib

    out = tmp_path / "plan2025.toml"
    before = {p.name: p.read_bytes() for p in merged.iterdir()}
    r = run("plan", "next", "--plan", PLAN_2024, "--ledger", f"{merged}/", "-o", out)
    assert r.exit_code == 65, r.output
    for words in ("budget_revenue", "2024-12", "17.173", "17.137", "so-tai-chinh", "cuc-thong-ke", "--revise"):
        assert words in r.stderr, (words, r.stderr)
    assert "2024-06" not in r.stderr  # only the value that becomes the baseline stops plan next
    assert "Traceback" not in r.output and not out.exists()
    assert {p.name: p.read_bytes() for p in merged.iterdir()} == before
    # settled as the message says: plan next takes the agreed value (the June conflict stays for `check`)
    r = run("record", "budget_revenue", "17173", "--period", "2024-12", "--revise", "Cục Thống kê xác nhận",
            "--office", "so-khdt", "--plan", PLAN_2024, "--ledger", f"{merged}/")
    assert r.exit_code == 0, r.output
    r = run("plan", "next", "--plan", PLAN_2024, "--ledger", f"{merged}/", "-o", out)
    assert r.exit_code == 0, r.output
    inds = {i["id"]: i for t in tomllib.loads(out.read_text("utf-8"))["targets"] for i in t["indicators"]}
    assert inds["budget_revenue"]["baseline"] == 17173
