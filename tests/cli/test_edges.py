"""The edges of the command line: stdout that goes away or fills up, and the environment."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from tests.conftest import console_script

READING = [["status"], ["status", "--format", "csv"], ["list"], ["chart", "budget_revenue"], ["report"], ["history", "budget_revenue", "--format", "csv"]]


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KEHOACH_")}
    env.update(HOME=str(tmp_path), XDG_DATA_HOME=str(tmp_path / "data"), XDG_CACHE_HOME=str(tmp_path / "cache"))
    env.update(extra)
    return env


def _script(args, tmp_path, stdout, **env):
    return subprocess.run([str(console_script()), *args], cwd=tmp_path, env=_env(tmp_path, **env), stdout=stdout,
                          stderr=subprocess.PIPE, text=True, timeout=60)


@pytest.mark.parametrize("args", READING, ids=" ".join)
def test_a_reader_that_went_away_is_141_and_quiet(tmp_path, args):
    read, write = os.pipe()
    os.close(read)  # the reader is gone before the first byte (`| head -1`, without the race)
    try:
        r = _script(args, tmp_path, write)
    finally:
        os.close(write)
    assert r.returncode == 141, r.stderr
    assert "Traceback" not in r.stderr and "Error" not in r.stderr


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("args", [["status"], ["status", "--format", "json"], ["report"], ["chart", "budget_revenue"]], ids=" ".join)
def test_stdout_on_a_full_device_is_74_with_a_message(tmp_path, args):
    with open("/dev/full", "w") as full:
        r = _script(args, tmp_path, full)
    assert r.returncode == 74, r.stderr
    assert "No space left on device" in r.stderr and "lỗi nội bộ" not in r.stderr and "Traceback" not in r.stderr


def test_a_ledger_env_var_with_a_trailing_slash_is_a_folder(run, tmp_path, monkeypatch):
    folder = tmp_path / "shared-ledger"
    monkeypatch.setenv("KEHOACH_LEDGER", f"{folder}/")
    r = run("record", "budget_revenue", "10111.7", "--period", "2025-06", "--by", "So Tai chinh")
    assert r.exit_code == 0, r.stderr
    assert folder.is_dir() and (folder / "So_Tai_chinh.toml").is_file()
    doc = json.loads(run("status", "--format", "json").stdout)
    assert next(i for i in doc["indicators"] if i["id"] == "budget_revenue")["actual"] == 10111.7


def test_a_ledger_option_with_a_trailing_slash_is_a_folder(run, tmp_path):
    folder = tmp_path / "l"
    r = run("record", "budget_revenue", "10111.7", "--period", "2025-06", "--ledger", f"{folder}/")
    assert r.exit_code == 0, r.stderr
    assert folder.is_dir() and [p.name for p in folder.glob("*.toml")] == ["tester.toml"]


@pytest.mark.parametrize("value", ["abc", "-1", "nan", "inf"])
def test_a_bad_lock_timeout_is_refused_with_its_name(run, ledger, monkeypatch, value):
    monkeypatch.setenv("KEHOACH_LOCK_TIMEOUT", value)
    for args in (["status"], ["record", "budget_revenue", "1", "--period", "2025-06", "--force"]):
        r = run(*args, "--ledger", ledger)
        assert r.exit_code == 2 and f"KEHOACH_LOCK_TIMEOUT={value!r}" in r.stderr, r.stderr
    assert not ledger.exists()


def test_a_good_lock_timeout_is_used_and_shown(run, monkeypatch):
    monkeypatch.setenv("KEHOACH_LOCK_TIMEOUT", "2.5")
    info = json.loads(run("paths", "--format", "json").stdout)
    assert info["lock_timeout"] == 2.5 and info["lock_timeout_reason"] == "env KEHOACH_LOCK_TIMEOUT"


@pytest.mark.parametrize("by", ["", "   ", "\t"])
def test_a_blank_by_is_refused(run, ledger, by):
    r = run("record", "budget_revenue", "1", "--period", "2025-06", "--force", "--by", by, "--ledger", ledger)
    assert r.exit_code == 2 and "--by đang để trống" in r.stderr
    assert not ledger.exists()


def test_a_blank_by_from_the_environment_is_refused(run, ledger, monkeypatch):
    monkeypatch.setenv("KEHOACH_BY", "  ")
    r = run("record", "budget_revenue", "1", "--period", "2025-06", "--force", "--ledger", ledger)
    assert r.exit_code == 2 and "KEHOACH_BY đang để trống" in r.stderr


def test_a_very_long_by_in_a_ledger_folder_gets_a_file_of_its_own(run, tmp_path):
    folder = tmp_path / "ledger"
    folder.mkdir()
    r = run("record", "budget_revenue", "1", "--period", "2025-06", "--force", "--by", "a" * 300, "--ledger", folder)
    assert r.exit_code == 0, r.stderr
    (office_file,) = [p for p in folder.iterdir() if p.suffix == ".toml"]
    assert len(office_file.name.encode()) <= 255 and office_file.name.startswith("a" * 100)
    r = run("history", "budget_revenue", "--format", "json", "--ledger", folder)
    assert r.exit_code == 0 and '"by": "' + "a" * 300 + '"' in r.stdout  # the whole name is kept in the record
    # the same name in a ledger file is only text inside it
    r = run("record", "budget_revenue", "1", "--period", "2025-06", "--force", "--by", "a" * 300, "--ledger", tmp_path / "l.toml")
    assert r.exit_code == 0, r.stderr


def test_a_named_ledger_that_does_not_exist_fails_check_and_warns_elsewhere(run, tmp_path, monkeypatch):
    missing = tmp_path / "typo.toml"
    r = run("check", "--ledger", missing)
    assert r.exit_code == 66 and "typo.toml" in r.stderr and "không tồn tại" in r.stderr
    monkeypatch.setenv("KEHOACH_LEDGER", str(missing))
    assert run("check").exit_code == 66
    for args in (["status"], ["history", "budget_revenue"], ["export"], ["report"]):
        r = run(*args)
        assert r.exit_code == 0 and "Cảnh báo:" in r.stderr and "typo.toml" in r.stderr, (args, r.stderr)
    assert not missing.exists()


def test_the_default_ledger_not_yet_made_is_not_a_warning(run, monkeypatch):
    monkeypatch.setenv("KEHOACH_TODAY", "2025-03-20")  # nothing due yet (missing data fails check)
    r = run("check")
    assert r.exit_code == 0 and "Warning" not in r.stderr


def test_paths_says_where_every_setting_came_from(run, tmp_path, monkeypatch):
    monkeypatch.setenv("KEHOACH_CACHE", "off")
    info = json.loads(run("paths", "--format", "json", "--ledger", tmp_path / "x.toml").stdout)
    assert info["ledger_reason"] == "--ledger" and info["plan_reason"] == "bundled with kehoach"
    assert info["cache_dir"] is None and info["cache_dir_reason"] == "env KEHOACH_CACHE"
    assert info["by"] == "tester" and info["by_reason"] == "env KEHOACH_BY"
    assert info["lock_timeout"] == 10.0 and info["lock_timeout_reason"] == "default"
    text = run("paths").stdout  # the JSON reasons stay English; the table speaks the language
    assert "chờ khóa:" in text and "biến môi trường KEHOACH_BY" in text and "env KEHOACH_BY" not in text
    text = run("paths", "--lang", "en").stdout
    assert "lock wait:" in text and "env KEHOACH_BY" in text


def test_settings_are_built_from_what_they_are_given(tmp_path):
    from kehoach.settings import FROM_ENV, build_settings

    s = build_settings(ledger=None, env={"KEHOACH_LEDGER": f"{tmp_path}/l/", "KEHOACH_LOCK_TIMEOUT": "3"}, cwd=tmp_path)
    assert s.ledger == tmp_path / "l" and s.ledger_is_folder and s.ledger_named and s.ledger_missing
    assert s.origins["ledger"] == FROM_ENV and s.lock_timeout == 3.0
    with pytest.raises(AttributeError):
        s.lock_timeout = 1  # type: ignore[misc]  # frozen


@pytest.mark.parametrize("command", [["status"], ["check"], ["chart", "budget_revenue"], ["report"]], ids=" ".join)
@pytest.mark.parametrize("as_of, code", [("2025-06", 0), ("2030-01", 2), ("2024-12", 2)])
def test_as_of_is_treated_the_same_by_every_command(run, ledger, command, as_of, code):
    ledger.write_text("", encoding="utf-8")
    r = run(*command, "--as-of", as_of, "--ledger", ledger)
    # an empty ledger as of June: `check` finds the first quarter's data missing and exits 1
    assert r.exit_code == (1 if command == ["check"] and code == 0 else code), r.stderr
    if code:
        assert f"{as_of} không thuộc năm kế hoạch 2025" in r.stderr


def test_mixed_script_digits_are_refused_by_record(run, ledger):
    r = run("record", "budget_revenue", "1٢3", "--period", "2025-06", "--ledger", ledger)
    assert r.exit_code == 65 and "trộn chữ số" in r.stderr and not ledger.exists()


def test_by_area_as_a_table_ends_cleanly(run, areas_plan, ledger):
    base = ["--plan", areas_plan, "--ledger", ledger]
    assert run("record", "tourists", "0.2", "--period", "2025-06", "--area", "Lục Ngạn", *base).exit_code == 0
    r = run("status", "--by-area", "tourists", *base)
    assert r.exit_code == 0, r.stderr
    assert "Lục Ngạn" in r.stdout and "Yên Dũng" in r.stdout and "lỗi nội bộ" not in r.stderr


@pytest.mark.parametrize("extra", [["--attention"], ["--group", "economy"], ["--target", "4"], ["--area", "Lục Ngạn"]])
def test_by_area_refuses_what_it_would_ignore(run, areas_plan, extra):
    r = run("status", "--by-area", "tourists", *extra, "--plan", areas_plan)
    assert r.exit_code == 2 and f"không dùng được {extra[0]} cùng với --by-area" in r.stderr


def test_a_trailing_slash_on_a_file_is_refused_and_the_file_kept(run, ledger):
    ledger.write_text("# my ledger\n", encoding="utf-8")
    r = run("record", "budget_revenue", "1", "--period", "2025-06", "--force", "--ledger", f"{ledger}/")
    assert r.exit_code == 2 and "được chỉ định là thư mục" in r.stderr
    assert ledger.read_text(encoding="utf-8") == "# my ledger\n"
