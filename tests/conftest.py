"""Test isolation: every test runs in its own folder with its own HOME, no colour, fixed width."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

REPO = Path(__file__).resolve().parents[1]
PLAN_FILE = REPO / "data" / "plan2025.toml"
SEED = REPO.parent / "shared" / "seeds" / "000_618431115684171d.txt"

AREAS = '''
[[areas]]
name = "Lục Ngạn"
kind = "huyện"

[[areas.targets]]
indicator = "tourists"
target = 0.5

[[areas]]
name = "Yên Dũng"
kind = "huyện"
'''


@pytest.fixture(autouse=True)
def isolated(tmp_path, monkeypatch):
    home = tmp_path / "home"
    home.mkdir()
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / ".cache"))
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "200")
    monkeypatch.setenv("KEHOACH_BY", "tester")
    monkeypatch.setenv("KEHOACH_TODAY", "2025-07-15")  # the 2025 plan year in progress, whatever the clock says
    for var in ("KEHOACH_PLAN", "KEHOACH_LEDGER", "KEHOACH_LANG", "KEHOACH_LOCALE", "KEHOACH_DEBUG", "KEHOACH_LOCK_TIMEOUT", "KEHOACH_CACHE"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.chdir(work)
    return work


@pytest.fixture
def run():
    from kehoach.cli import app

    runner = CliRunner()

    def invoke(*args: str, input: str | None = None):
        return runner.invoke(app, [str(a) for a in args], input=input, catch_exceptions=False)

    return invoke


@pytest.fixture
def plan_text() -> str:
    return PLAN_FILE.read_text(encoding="utf-8")


@pytest.fixture
def write_plan(tmp_path):
    def write(text: str | bytes, name: str = "plan.toml") -> Path:
        p = tmp_path / name
        if isinstance(text, bytes):
            p.write_bytes(text)
        else:
            p.write_text(text, encoding="utf-8")
        return p

    return write


@pytest.fixture
def areas_plan(write_plan, plan_text) -> Path:
    return write_plan(plan_text + AREAS, "areas.toml")


@pytest.fixture
def ledger(tmp_path) -> Path:
    return tmp_path / "ledger.toml"


def console_script() -> Path:
    """The kehoach script installed beside this Python (the venv's bin folder)."""
    return Path(sys.executable).parent / ("kehoach.exe" if sys.platform == "win32" else "kehoach")


@pytest.fixture(scope="session")
def plan():
    """The shipped 2025 plan, loaded once."""
    from kehoach.core.plan import load_plan

    return load_plan(PLAN_FILE)
