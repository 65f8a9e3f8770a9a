"""Messages speak the user's language: Vietnamese by default, English with --lang en or
KEHOACH_LANG=en. Each failing command below is run in both languages: the exit code does not
change, and every line it prints on stderr is wholly in that language (the ids, paths and values
it quotes aside)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext

import pytest

from kehoach import i18n
from tests.test_i18n import marked_messages

RECORD = ("record", "budget_revenue", "10111.7", "--period", "2025-06")


def _words(text: str) -> set[str]:
    return {w.lower() for w in re.findall(r"[^\W\d_]+", text)}


def _english_vocabulary() -> set[str]:
    """Every word of the English messages that is not also a word of their Vietnamese (kehoach,
    KEHOACH_LEDGER, at_risk, Excel… are the same in both)."""
    i18n.set_language("vi")
    try:
        english, vietnamese = set(), set()
        for msgid in marked_messages():
            english |= _words(re.sub(r"\{[^}]*\}", " ", msgid))
            vietnamese |= _words(re.sub(r"\{[^}]*\}", " ", i18n._(msgid)))
    finally:
        i18n.set_language(i18n.DEFAULT_LANGUAGE)
    return english - vietnamese


ENGLISH = _english_vocabulary()


def _without_quoted(line: str, quoted: tuple[str, ...]) -> str:
    """The line less what it quotes from the user or the file system: paths, 'values', `commands`,
    --options, ids in snake_case and the case's own values."""
    for q in sorted(quoted, key=len, reverse=True):
        line = line.replace(q, " ")
    line = re.sub(r"'[^']*'|`[^`]*`", " ", line)
    line = re.sub(r"(?<!\S)\S*/\S*", " ", line)  # paths
    line = re.sub(r"--[\w-]+|\b[A-Z]+_[A-Z_]+\b|\b\w+_\w+\b", " ", line)  # options, env vars, ids
    line = re.sub(r"[\w.-]*\d[\w.-]*", " ", line)  # numbers, periods, record ids
    return line


def _english_words(line: str, quoted: tuple[str, ...]) -> set[str]:
    return _words(_without_quoted(line, quoted)) & ENGLISH


def _is_english(line: str, quoted: tuple[str, ...]) -> bool:
    """No letter outside ASCII (Vietnamese has hardly a word without one); dashes and › may be."""
    return all(ch.isascii() for ch in _without_quoted(line, quoted) if ch.isalpha())


@contextmanager
def _busy(path) -> Iterator[None]:
    from filelock import FileLock

    with FileLock(str(path) + ".lock"):
        yield


# (name, arguments, exit code, the words that must be there in vi / in en, what it quotes)
CASES = [
    ("unknown id", ("show", "budget_revnue"), 2, ("không tìm thấy mã chỉ tiêu", "unknown indicator id"), ()),
    ("bad period", ("status", "--as-of", "2025-13"), 2, ("không có tháng 13", "has no month 13"), ()),
    ("period outside the year", ("check", "--as-of", "2024-06"), 2,
     ("không thuộc năm kế hoạch 2025", "is not in the plan year 2025"), ()),
    ("missing plan", ("status", "--plan", "missing.toml"), 66, ("không tìm thấy tệp kế hoạch", "plan file not found"),
     ("missing.toml",)),
    ("missing ledger", ("check", "--ledger", "typo.toml"), 66, ("không tồn tại", "does not exist"), ("typo.toml",)),
    ("bad value", ("record", "tourists", "abc", "--period", "2025-06"), 65,
     ("không phải là số", "is not a number"), ()),
    ("ambiguous value", ("record", "tourists", "1.500", "--period", "2025-06"), 65,
     ("có thể hiểu hai cách", "is ambiguous"), ("1.500", "1500", "1.5")),
    ("period outside the plan", ("record", "tourists", "1", "--period", "2023-06"), 2,
     ("nằm ngoài các năm của kế hoạch", "is outside this plan's years"), ()),
    ("unknown group", ("status", "--group", "economi"), 2, ("không có nhóm", "unknown group"),
     ("economy", "culture", "society", "environment")),
    ("busy ledger", (*RECORD, "--ledger", "busy.toml"), 75, ("sổ số liệu đang bận", "the ledger is busy"), ("busy.toml.lock",)),
    ("blank --by", (*RECORD, "--by", " "), 2, ("đang để trống", "is blank"), ("Sở Tài chính",)),
    # Click's own usage errors (the usage line itself is the --help translation's)
    ("unknown option", ("status", "--bogus"), 2, ("không có tùy chọn --bogus", "No such option: --bogus"), ()),
    ("bad choice", ("status", "--format", "xml"), 2,
     ("không phải là một trong các giá trị", "is not one of"), ("'table', 'json', 'csv'",)),
    ("missing argument", ("record",), 2, ("thiếu đối số", "Missing argument"), ()),
]


@pytest.mark.parametrize(("name", "args", "code", "expected", "quoted"), CASES, ids=[c[0] for c in CASES])
def test_a_failing_command_speaks_one_language_and_keeps_its_exit_code(
    run, tmp_path, monkeypatch, name, args, code, expected, quoted
):
    monkeypatch.setenv("KEHOACH_LOCK_TIMEOUT", "0.2")
    results = {}
    for lang, extra, env in (("vi", (), None), ("en", ("--lang", "en"), None), ("en-env", (), "en")):
        if env:
            monkeypatch.setenv("KEHOACH_LANG", env)
        else:
            monkeypatch.delenv("KEHOACH_LANG", raising=False)
        with _busy(tmp_path / "work" / "busy.toml") if name == "busy ledger" else nullcontext():
            results[lang] = run(*args, *extra)
    vi_text, en_text = expected
    for lang, r in results.items():
        assert r.exit_code == code, (lang, r.output)  # the language never changes the exit code
        assert r.stderr.strip() and "Traceback" not in r.stderr, (lang, r.stderr)
        lines = [x for x in r.stderr.splitlines() if x and not x.startswith(("Usage:", "Cách dùng:"))]
        if lang == "vi":
            assert lines[0].startswith(("Lỗi: ", "Xem hướng dẫn: ")) and vi_text in r.stderr, r.stderr
            for line in lines:
                assert not _english_words(line, quoted), (line, _english_words(line, quoted))
        else:
            assert lines[0].startswith(("Error: ", "Try ")) and en_text in r.stderr, (lang, r.stderr)
            for line in lines:
                assert _is_english(line, quoted), line
    assert results["en"].stderr == results["en-env"].stderr  # --lang en and KEHOACH_LANG=en say the same


def test_confirmations_speak_the_language(run, ledger):
    vi = run(*RECORD, "--ledger", ledger)
    assert vi.exit_code == 0
    assert vi.stderr.startswith("Đã ghi budget_revenue kỳ 2025-06 = 10.111,7 tỷ đồng (mã ")
    assert not _english_words(vi.stderr, ("tỷ đồng",)), vi.stderr
    again = run(*RECORD, "--ledger", ledger, "--lang", "en")
    assert again.exit_code == 0
    assert again.stderr.startswith("Already recorded: budget_revenue 2025-06 = 10,111.7 (id ")
    assert again.stderr.rstrip().endswith("; nothing written")
    other = ("record", "budget_revenue", "10112", "--period", "2025-06", "--ledger", ledger)
    vi_refused, en_refused = run(*other), run(*other, "--lang", "en")
    assert vi_refused.exit_code == en_refused.exit_code == 65
    assert vi_refused.stderr.startswith("Lỗi: budget_revenue kỳ 2025-06 đã có giá trị 10.111,7 (bản ghi ")
    assert en_refused.stderr.startswith("Error: budget_revenue 2025-06 already has the value 10,111.7 (record ")
    for line in vi_refused.stderr.splitlines():
        assert not _english_words(line, ("tester",)), line
    revised = run("record", "budget_revenue", "10200", "--period", "2025-06", "--revise", "số chính thức",
                  "--ledger", ledger)
    assert revised.exit_code == 0 and revised.stderr.startswith("Đã điều chỉnh budget_revenue kỳ 2025-06 = 10.200")


def test_warnings_and_hints_have_their_prefix_in_the_language(run, tmp_path):
    missing = tmp_path / "none.toml"
    vi = run("status", "--ledger", missing)
    assert vi.exit_code == 0 and vi.stderr.startswith("Cảnh báo: sổ số liệu ") and "chưa có số liệu" in vi.stderr
    en = run("status", "--ledger", missing, "--lang", "en")
    assert en.exit_code == 0 and en.stderr.startswith("Warning: the ledger ") and "with no records" in en.stderr
    hint = run("show", "nope")
    assert "\nGợi ý: chạy `kehoach list` để xem mã của mọi chỉ tiêu\n" in hint.stderr


def test_the_english_vocabulary_sees_english():
    """The check itself can fail: an English message is caught, its Vietnamese is not."""
    line = "Lỗi: unknown indicator id 'x'"
    assert {"unknown", "indicator"} <= _english_words(line, ())  # ("id" also stands in Vietnamese lines)
    assert not _english_words("Lỗi: không tìm thấy mã chỉ tiêu 'x'", ())
    assert not _is_english("Error: không tìm thấy", ())


def test_lang_is_taken_before_the_command_too(run):
    r = run("--lang", "en", "--help")
    assert r.exit_code == 0 and "Usage:" in r.stdout and "Cách dùng" not in r.stdout


def test_a_period_that_has_not_begun_is_refused_as_record_refuses_it(run, monkeypatch):
    monkeypatch.setenv("KEHOACH_TODAY", "2025-07-10")
    for command in (["report", "--period", "2025-09", "-o", "-"], ["status", "--as-of", "2025-09"],
                    ["check", "--as-of", "2025-08"], ["chart", "tourists", "--as-of", "2025-12"]):
        r = run(*command)
        assert r.exit_code == 2 and "chưa đến" in r.stderr, (command, r.output)
    assert run("status", "--as-of", "2025-07").exit_code == 0


@pytest.mark.parametrize("args", [("show", "tourists"), ("status", "--target", "7"), ("list",), ("report", "--period", "2025-06", "--format", "text")])
def test_an_invocation_has_one_language_wherever_its_lang_is_written(run, args):
    """`kehoach --lang en show X` is `kehoach show X --lang en`: the tables as well as the messages;
    of two, the last wins (as Click takes the last of a repeated option)."""
    after = run(*args, "--lang", "en")
    assert after.exit_code == 0 and "Tourist" in after.stdout
    assert run("--lang", "en", *args).stdout == after.stdout
    assert run("--lang", "vi", *args, "--lang", "en").stdout == after.stdout
    assert run("--lang", "en", *args, "--lang", "vi").stdout == run(*args).stdout != after.stdout


def test_a_group_lang_speaks_the_error_and_the_hint_alike(run):
    r = run("--lang", "en", "status", "--group", "nope")
    assert r.exit_code == 2 and r.stderr.startswith("Error: unknown group 'nope'\nHint: ")
    r = run("--lang", "en", "status", "--group", "nope", "--lang", "vi")
    assert r.exit_code == 2 and r.stderr.startswith("Lỗi: ")


def test_a_lang_that_is_another_option_s_value_does_not_set_the_language(run, monkeypatch):
    """`--signer --lang` is a signer's name; the language is Click's --lang (or KEHOACH_LANG)."""
    english = run("report", "--lang", "en", "--signer", "--lang", "--format", "text")
    assert english.exit_code == 0 and english.stdout.startswith("PEOPLE'S COMMITTEE")
    assert run("report", "--signer", "--lang=en", "--format", "text").stdout.startswith("ỦY BAN NHÂN DÂN")
    monkeypatch.setenv("KEHOACH_LANG", "en")
    assert run("report", "--signer", "--lang", "--format", "text").stdout.startswith("PEOPLE'S COMMITTEE")
    assert run("--lang", "vi", "show", "tourists").stdout == run("show", "tourists", "--lang", "vi").stdout
