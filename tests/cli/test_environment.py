"""The Environment: built once per command, handed to the renderers; they read no stream or
variable of their own."""

from __future__ import annotations

import io

from kehoach.environment import Environment, piped_width


class Fake(io.StringIO):
    def __init__(self, tty: bool) -> None:
        super().__init__()
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty


def test_piped_width_is_columns_else_160():
    assert piped_width({}) == 160
    assert piped_width({"COLUMNS": "90"}) == 90
    assert piped_width({"COLUMNS": "wide"}) == 160
    assert piped_width({"COLUMNS": "0"}) == 160


def test_from_process_reads_the_streams_and_the_variables(monkeypatch):
    out, err = Fake(False), Fake(True)
    monkeypatch.setattr("sys.stdout", out)
    monkeypatch.setattr("sys.stderr", err)
    env = Environment.from_process({"COLUMNS": "77"})
    assert (env.stdout, env.stderr, env.stdout_isatty, env.stderr_isatty) == (out, err, False, True)
    assert env.width == 77 and not env.styled and not env.colour
    assert Environment.from_process({"FORCE_COLOR": "1"}).colour
    assert not Environment.from_process({"FORCE_COLOR": "1", "NO_COLOR": "1"}).colour
    assert Environment.from_process({"FORCE_COLOR": "1", "NO_COLOR": "1"}).styled
    monkeypatch.setattr("sys.stdout", Fake(True))
    env = Environment.from_process({"COLUMNS": "64", "TERM": "xterm"})
    assert env.stdout_isatty and env.styled and env.colour and env.width == 64
    assert not Environment.from_process({"FORCE_COLOR": ""}).styled
    assert not Environment.from_process({"TERM": "dumb"}).colour


def test_warn_writes_to_its_stderr():
    err = io.StringIO()
    Environment(stdout=io.StringIO(), stderr=err).warn("careful")
    assert err.getvalue().endswith("careful\n")


def test_the_table_takes_its_width_from_the_environment_not_columns_or_sys_stdout(monkeypatch):
    from kehoach.render import table

    monkeypatch.setenv("COLUMNS", "200")
    monkeypatch.setattr("sys.stdout", Fake(True))  # table.py must not ask sys.stdout either
    out = io.StringIO()
    env = Environment(stdout=out, stderr=io.StringIO(), width=42)
    assert table.console(env).width == 42
    line = "x" * 100
    table.print_text(line, env)
    assert out.getvalue().splitlines() == ["x" * 42, "x" * 42, "x" * 16]
    assert "\x1b" not in out.getvalue()


def test_the_table_colours_only_when_the_environment_says_so():
    from rich.text import Text

    from kehoach.render import table

    plain, styled, grey = io.StringIO(), io.StringIO(), io.StringIO()
    for stream, colour in ((styled, True), (grey, False)):
        table.console(Environment(stdout=stream, stderr=io.StringIO(), styled=True, colour=colour,
                                  environ={"TERM": "xterm-256color"})).print(Text("x", style="bold red"))
    table.console(Environment(stdout=plain, stderr=io.StringIO())).print(Text("x", style="bold red"))
    assert plain.getvalue() == "x\n"
    assert "\x1b[1;31m" in styled.getvalue()
    assert "\x1b[1m" in grey.getvalue() and "31" not in grey.getvalue()
