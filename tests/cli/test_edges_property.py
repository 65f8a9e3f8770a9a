"""Any text typed on the command line or put in the environment: a message and a documented code,
never a traceback or an internal error, and nothing written on a refusal."""

from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from kehoach.cli import app

TEXT = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=12)
RUN = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@contextmanager
def _env(**values: str):
    saved = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def _run(*args: str):
    return CliRunner().invoke(app, list(args), catch_exceptions=False)


def _clean(r, codes: set[int]) -> None:
    assert r.exit_code in codes, (r.exit_code, r.stderr)
    assert "Traceback" not in r.stderr and "lỗi nội bộ" not in r.stderr
    if r.exit_code:
        assert r.stderr.strip(), "a refusal says why"


@RUN
@given(text=TEXT)
def test_any_as_of(tmp_path, text):
    ledger = tmp_path / "l.toml"
    ledger.write_text("", encoding="utf-8")
    for command in (["status"], ["check"], ["chart", "tourists"], ["report"]):
        _clean(_run(*command, "--as-of", text, "--ledger", str(ledger)), {0, 2})


@RUN
@given(period=TEXT, value=TEXT, area=st.none() | TEXT)
def test_any_record_arguments(tmp_path, period, value, area):
    ledger = tmp_path / "l.toml"
    ledger.write_text("# kept\n", encoding="utf-8")
    args = ["record", "budget_revenue", value, "--period", period, "--ledger", str(ledger)]
    r = _run(*args, *(["--area", area] if area is not None else []))
    _clean(r, {0, 2, 65})
    if r.exit_code:
        assert ledger.read_text(encoding="utf-8") == "# kept\n"


@RUN
@given(timeout=TEXT, by=TEXT)
def test_any_lock_timeout_and_by(tmp_path, timeout, by):
    import tempfile

    ledger = Path(tempfile.mkdtemp(dir=tmp_path)) / "l.toml"  # one per example: a success must not hide a write
    with _env(KEHOACH_LOCK_TIMEOUT=timeout, KEHOACH_BY=by):
        r = _run("record", "budget_revenue", "10111.7", "--period", "2025-06", "--ledger", str(ledger))
    _clean(r, {0, 2})
    if r.exit_code:
        assert not ledger.exists()
