"""Test isolation: every test runs in its own folder with its own HOME, no colour, fixed width.

The whole session, session-wide fixtures included, runs with a temporary HOME; at its end the HOME
the suite was started with is checked to hold nothing new from kehoach.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from hypothesis import settings as hypothesis_settings
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

# Hypothesis tests run the CLI and read files: a slow moment on a shared machine is not a failure.
hypothesis_settings.register_profile("kehoach", deadline=None)
hypothesis_settings.load_profile("kehoach")

ENV_VARS = ("KEHOACH_PLAN", "KEHOACH_LEDGER", "KEHOACH_LANG", "KEHOACH_LOCALE", "KEHOACH_DEBUG",
            "KEHOACH_LOCK_TIMEOUT", "KEHOACH_CACHE")
HOME_VARS = ("HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_RUNTIME_DIR")


def _home_env(home: Path) -> dict[str, str]:
    return {
        "HOME": str(home),
        "XDG_DATA_HOME": str(home / ".local" / "share"),
        "XDG_CACHE_HOME": str(home / ".cache"),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_STATE_HOME": str(home / ".local" / "state"),
    }


def home_entries(home: Path) -> set[Path]:
    """What a HOME holds at the top, and whatever kehoach's per-user folders could hold."""
    found: set[Path] = set()
    for base in (home, home / ".cache", home / ".local" / "share", home / ".config", home / ".local" / "state"):
        if base.is_dir():
            found |= set(base.iterdir())
    return found


def written_into(home: Path, before: set[Path], was_empty: bool) -> list[str]:
    """New entries in `home`: any at all when it held nothing, else those that are kehoach's."""
    new = home_entries(home) - before
    return sorted(str(p) for p in new if was_empty or "kehoach" in p.name.lower())


_SESSION: dict = {}


def pytest_configure(config):
    """Before anything is collected (some test modules load the plan at import), HOME and the
    XDG folders point into a temporary folder for the whole session."""
    import tempfile

    real_home = Path(os.environ.get("HOME") or Path.home())
    before = home_entries(real_home)
    home = Path(tempfile.mkdtemp(prefix="kehoach-session-home-"))
    _SESSION.update(real_home=real_home, before=before, was_empty=not before, home=home,
                    saved={k: os.environ.get(k) for k in (*HOME_VARS, *ENV_VARS)})
    os.environ.update(_home_env(home))
    for var in ENV_VARS:
        os.environ.pop(var, None)


def pytest_collection_modifyitems(config, items):
    """The tests measured slow (tests/slow_tests.py) are marked so, beside those marked in their files."""
    from tests.slow_tests import listed

    slow = listed()
    for item in items:
        if item.nodeid in slow:
            item.add_marker(pytest.mark.slow)


def pytest_sessionfinish(session, exitstatus):
    """The proof that the suite wrote nothing into the HOME it was started with."""
    import shutil

    if not _SESSION:
        return
    for k, v in _SESSION["saved"].items():
        if v is None:
            os.environ.pop(k, None)
        else:
            os.environ[k] = v
    shutil.rmtree(_SESSION["home"], ignore_errors=True)
    left = written_into(_SESSION["real_home"], _SESSION["before"], _SESSION["was_empty"])
    if left:
        sys.stderr.write(f"\nFAILED: the test suite wrote into the HOME it was started with ({_SESSION['real_home']}): {left}\n")
        session.exitstatus = 1


@pytest.fixture(autouse=True)
def isolated(tmp_path, monkeypatch):
    home = tmp_path / "home"
    home.mkdir()
    work = tmp_path / "work"
    work.mkdir()
    for var, value in _home_env(home).items():
        monkeypatch.setenv(var, value)
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "200")
    monkeypatch.setenv("KEHOACH_BY", "tester")
    monkeypatch.setenv("KEHOACH_TODAY", "2025-07-15")  # the 2025 plan year in progress, whatever the clock says
    for var in ENV_VARS:
        monkeypatch.delenv(var, raising=False)
    monkeypatch.chdir(work)
    from kehoach import i18n

    i18n.set_language(i18n.DEFAULT_LANGUAGE)  # each test starts in the default language (Vietnamese)
    yield work
    i18n.set_language(i18n.DEFAULT_LANGUAGE)


@pytest.fixture
def english(monkeypatch):
    """Messages in English: the core's functions called directly, and every command run
    (KEHOACH_LANG=en, which the CLI reads before it parses the command line)."""
    from kehoach import i18n

    monkeypatch.setenv("KEHOACH_LANG", "en")
    i18n.set_language("en")


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
