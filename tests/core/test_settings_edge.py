"""The core reads no environment; the CLI passes what the environment says (cache folder, lock
timeout, who records), so the settings still work end to end."""

from __future__ import annotations

import time

from kehoach.errors import ExitCode

RECORD = ("record", "budget_revenue", "10111.7", "--period", "2025-06")


def test_the_lock_timeout_reaches_the_core(run, ledger, monkeypatch):
    from filelock import FileLock

    monkeypatch.setenv("KEHOACH_LOCK_TIMEOUT", "0.3")
    with FileLock(str(ledger) + ".lock"):
        start = time.monotonic()
        result = run(*RECORD, "--ledger", ledger)
        waited = time.monotonic() - start
    assert result.exit_code == ExitCode.TEMP_FAIL, result.output
    assert "trong 0.3 giây" in result.output and waited < 5  # not the default 10 s
    assert not ledger.exists()


def test_the_cache_folder_reaches_the_core(run, ledger, monkeypatch, tmp_path):
    cache = tmp_path / "my-cache"
    monkeypatch.setenv("KEHOACH_CACHE", str(cache))
    assert run(*RECORD, "--ledger", ledger).exit_code == 0
    assert run("status", "--format", "json", "--ledger", ledger).exit_code == 0
    assert list((cache / "index").glob("*.sqlite")) and list((cache / "plans").glob("*.json"))


def test_no_cache_folder_means_no_index_and_no_plan_entry(run, ledger, monkeypatch, isolated):
    monkeypatch.setenv("KEHOACH_CACHE", "off")
    assert run(*RECORD, "--ledger", ledger).exit_code == 0
    assert run("status", "--format", "json", "--ledger", ledger).exit_code == 0
    home = isolated.parent / "home"
    assert not [p for p in home.rglob("*") if p.is_file()]  # nothing cached anywhere in HOME


def test_kehoach_by_reaches_the_record(run, ledger, monkeypatch):
    monkeypatch.setenv("KEHOACH_BY", "Sở Tài chính")
    assert run(*RECORD, "--ledger", ledger).exit_code == 0
    assert 'by = "Sở Tài chính"' in ledger.read_text(encoding="utf-8")
