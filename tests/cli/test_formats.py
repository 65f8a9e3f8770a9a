"""A command offers only the formats it can write: asking for another is a usage error (exit 2),
never a silent fallback to text."""

from tests.conftest import PLAN_FILE


def test_plan_check_refuses_csv_instead_of_printing_text(run):
    r = run("plan", "check", PLAN_FILE, "--format", "csv")
    assert r.exit_code == 2
    assert r.stdout == ""
    assert "--format" in r.stderr and "csv" in r.stderr


def test_plan_check_still_writes_table_and_json(run):
    assert run("plan", "check", PLAN_FILE).exit_code == 0
    r = run("plan", "check", PLAN_FILE, "--format", "json")
    assert r.exit_code == 0 and r.stdout.lstrip().startswith("{")


# emit itself: the one writer of stdout and -o, by format.

import io  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

from kehoach.cli.output import WRITERS, Document, emit  # noqa: E402
from kehoach.environment import Environment  # noqa: E402
from kehoach.errors import ExitCode, UsageError  # noqa: E402


class _Out(io.StringIO):
    """A text stream with a byte buffer behind it, as sys.stdout has."""

    def __init__(self) -> None:
        super().__init__()
        self.buffer = io.BytesIO()


def _env() -> Environment:
    return Environment(stdout=_Out(), stderr=io.StringIO(), width=40)


def test_emit_refuses_a_format_the_document_cannot_give():
    env = _env()
    document = Document(json={"a": 1})
    for fmt in ("csv", "table", "docx", "nonsense"):
        with pytest.raises(UsageError) as e:
            emit(document, fmt, env=env)
        assert e.value.exit_code == ExitCode.USAGE and fmt in e.value.message and "json" in e.value.message
    assert env.stdout.getvalue() == "" and env.stdout.buffer.getvalue() == b""


def test_a_document_offers_what_it_holds():
    assert Document(json={}).formats() == ["json"]
    assert Document(rows=[], draw=print).formats() == ["table", "json", "csv"]
    assert Document(draw=print, terminal="text", rows=[]).formats() == ["text", "json", "csv"]
    assert Document(rendered={"md": str, "docx": bytes}).formats() == ["md", "docx"]
    assert set(WRITERS) >= {"table", "json", "csv", "text", "md", "html", "docx", "xlsx"}


def test_emit_writes_to_the_environment_it_is_given():
    env = _env()
    emit(Document(json={"n": 1}, rows=[{"n": 1}]), "json", env=env)
    emit(Document(rows=[{"n": 1}, {"n": 2}], fields=["n"]), "csv", env=env)
    emit(Document(draw=lambda e: e.stdout.write(f"width {e.width}\n")), "table", env=env)
    assert env.stdout.getvalue() == '{\n  "n": 1\n}\nn\n1\n2\nwidth 40\n'
    emit(Document(rendered={"docx": lambda: b"PK\x03\x04"}), "docx", env=env)  # bytes: to the byte stream
    emit(Document(rendered={"md": lambda: "# Báo cáo\n"}, binary=True), "md", env=env)
    assert env.stdout.buffer.getvalue() == b"PK\x03\x04" + "# Báo cáo\n".encode()


def test_emit_writes_minus_o_to_stdout_and_a_file_through_the_guard(tmp_path):
    env = _env()
    emit(Document(rows=[{"n": 1}]), "csv", Path("-"), env=env)
    assert env.stdout.buffer.getvalue() == b"n\n1\n" and env.stdout.getvalue() == ""
    out = tmp_path / "out.csv"
    emit(Document(rows=[{"n": 1}]), "csv", out, env=env)
    assert out.read_bytes() == b"n\n1\n"
    from kehoach.errors import CannotWrite

    with pytest.raises(CannotWrite):
        emit(Document(rows=[{"n": 1}]), "csv", out, env=env, keep=[out])


def test_list_draws_for_the_width_of_its_environment_not_columns(run, monkeypatch):
    """The table's width is the Environment's, whatever COLUMNS says afterwards."""
    import kehoach.cli.output as output

    made = output.environment

    def narrow() -> Environment:
        from dataclasses import replace

        return replace(made(), width=60)

    monkeypatch.setattr(output, "environment", narrow)
    monkeypatch.setenv("COLUMNS", "200")
    r = run("list")
    assert r.exit_code == 0 and max(len(line) for line in r.stdout.splitlines()) <= 60
