"""A hand edit that breaks a revision never makes a value disappear without a word: the ledger is
refused with the place, through the index and through the files alike."""

from __future__ import annotations

import hashlib

import pytest

RECORD = """
[[records]]
id = "{id}"
indicator = "tourists"
period = "{period}"
value = {value}
recorded_at = 2025-07-05T09:00:00+07:00
by = "tester"
note = ""
source = ""
{extra}"""


def ledger_text(*records: str) -> str:
    return "# kehoach ledger\nformat = 1\n" + "".join(records)


CASES = {
    "a circle": (
        RECORD.format(id="a", period="2025-06", value="1.6", extra='revises = "b"\nreason = "x"\n'),
        RECORD.format(id="b", period="2025-06", value="1.7", extra='revises = "a"\nreason = "y"\n'),
        "vòng tròn",
    ),
    "itself": (RECORD.format(id="a", period="2025-06", value="1.6", extra='revises = "a"\nreason = "x"\n'), "", "chính mã"),
    "another period": (
        RECORD.format(id="a", period="2025-06", value="1.6", extra=""),
        RECORD.format(id="b", period="2025-05", value="1.2", extra='revises = "a"\nreason = "x"\n'),
        "kỳ hoặc địa bàn khác",
    ),
    "also_revises another period": (
        RECORD.format(id="a", period="2025-06", value="1.6", extra="")
        + RECORD.format(id="c", period="2025-05", value="1.2", extra=""),
        RECORD.format(id="b", period="2025-06", value="1.7", extra='revises = "a"\nreason = "x"\nalso_revises = ["c"]\n'),
        "kỳ hoặc địa bàn khác",
    ),
    "no such record": (RECORD.format(id="a", period="2025-06", value="1.6", extra='revises = "zz"\nreason = "x"\n'), "",
                       "không có bản ghi nào"),
}


@pytest.mark.parametrize("cache", ["index", "files"])
@pytest.mark.parametrize("case", sorted(CASES))
def test_a_broken_revision_is_refused_with_its_place(run, tmp_path, monkeypatch, case, cache):
    if cache == "files":
        monkeypatch.setenv("KEHOACH_CACHE", "off")
    first, second, words = CASES[case]
    ledger = tmp_path / "ledger.toml"
    ledger.write_text(ledger_text(first, second), encoding="utf-8")
    before = hashlib.sha256(ledger.read_bytes()).hexdigest()
    for command in (["status", "--target", "7"], ["check"], ["history", "tourists"]):
        r = run(*command, "--ledger", ledger)
        assert r.exit_code == 65, (command, r.output)
        assert "ledger.toml:" in r.stderr and words in r.stderr and "lỗi nội bộ" not in r.stderr
    assert hashlib.sha256(ledger.read_bytes()).hexdigest() == before


def test_a_broken_revision_appended_by_hand_to_an_indexed_ledger_is_refused(run, tmp_path):
    ledger = tmp_path / "ledger.toml"
    ledger.write_text(ledger_text(RECORD.format(id="a", period="2025-06", value="1.6", extra="")), encoding="utf-8")
    assert run("status", "--target", "7", "--ledger", ledger).exit_code == 0  # indexed
    with ledger.open("a", encoding="utf-8") as f:
        f.write(RECORD.format(id="b", period="2025-05", value="1.2", extra='revises = "a"\nreason = "x"\n'))
    r = run("status", "--target", "7", "--ledger", ledger)
    assert r.exit_code == 65 and "kỳ hoặc địa bàn khác" in r.stderr


def test_a_revision_of_its_own_key_still_reads(run, tmp_path):
    ledger = tmp_path / "ledger.toml"
    ledger.write_text(ledger_text(
        RECORD.format(id="a", period="2025-06", value="1.6", extra=""),
        RECORD.format(id="b", period="2025-06", value="1.7", extra='revises = "a"\nreason = "x"\n'),
    ), encoding="utf-8")
    r = run("status", "--target", "7", "--format", "json", "--ledger", ledger)
    assert r.exit_code == 0, r.stderr
    import json

    (row,) = [i for i in json.loads(r.stdout)["indicators"] if i["id"] == "tourists"]
    assert row["actual"] == 1.7


@pytest.mark.parametrize("cache", ["index", "files"])
def test_times_at_the_edges_of_the_calendar_are_read_in_order(run, tmp_path, monkeypatch, cache):
    """1 January of year 1 east of Greenwich and 31 December 9999 west of it have no UTC time in
    Python's calendar: the index puts them in order instead of failing (the later one is in force)."""
    if cache == "files":
        monkeypatch.setenv("KEHOACH_CACHE", "off")
    first = RECORD.format(id="a", period="2025-06", value="1.6", extra="").replace(
        "2025-07-05T09:00:00+07:00", "0001-01-01T01:00:00+07:00")
    second = RECORD.format(id="b", period="2025-06", value="1.7", extra='revises = "a"\nreason = "x"\n').replace(
        "2025-07-05T09:00:00+07:00", "9999-12-31T23:00:00-05:00")
    ledger = tmp_path / "ledger.toml"
    ledger.write_text(ledger_text(first, second), encoding="utf-8")
    r = run("status", "--target", "7", "--format", "json", "--ledger", ledger)
    assert r.exit_code == 0, r.stderr
    assert '"actual": 1.7' in r.stdout
