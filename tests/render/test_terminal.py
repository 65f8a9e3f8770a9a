"""The terminal's marks: the bar scaled to the expected position, decimals aligned, names shortened
on screen only, the pager (git's behaviour) only on a terminal and only when the output is taller."""

from __future__ import annotations

from decimal import Decimal

import pytest

from kehoach.render import table


def test_the_bar_is_scaled_to_the_expected_position():
    # made-up standings: 61,3% of the annual plan in June is 122,6% of where June should be
    ahead = table.scaled_bar(Decimal("122.6"), "on_track").plain
    behind = table.scaled_bar(Decimal("80"), "at_risk").plain
    on_path = table.scaled_bar(Decimal("100"), "on_track").plain
    tick = ahead.index("│")
    assert behind.index("│") == tick == on_path.index("│") == 8
    assert ahead[:tick] == "█" * 8 and ahead[tick + 1] == "█"  # past the tick
    assert behind[:tick].count("█") == 6 and "·" in behind[:tick]  # short of it
    assert on_path[:tick] == "█" * 8 and on_path[tick + 1:].strip() == ""
    assert table.scaled_bar(None, "on_track").plain.strip() == ""  # no expected position, no bar
    assert len({len(x) for x in (ahead, behind, on_path)}) == 1


def test_decimals_line_up():
    cells = table.align_decimals(["8.250,0", "75.417,39", "—", "6"], ",")
    assert [len(c) for c in cells] == [8, 9, 4, 4]
    widest = max(len(c) for c in cells)
    assert len({c.rjust(widest).index(",") for c in cells if "," in c}) == 1


def test_a_name_is_shortened_its_unit_never():
    cell = table.name_cell("Tỷ lệ dân số nông thôn được dùng nước sạch", "giường/10.000 dân", 30)
    assert cell.plain.endswith("… (giường/10.000 dân)") and cell.cell_len <= 30
    assert table.name_cell("GRDP", "%", 30).plain == "GRDP (%)"


@pytest.fixture
def terminal(monkeypatch, tmp_path):
    """stdout taken for a terminal of 10 lines, with a pager that writes down what it was given."""
    from kehoach.cli import output

    monkeypatch.setattr(output, "stdout_is_terminal", lambda: True)
    monkeypatch.setenv("LINES", "10")
    seen = tmp_path / "paged.txt"
    monkeypatch.setenv("PAGER", f"sh -c 'cat > {seen}'")
    return seen


def test_a_long_output_goes_through_the_pager_on_a_terminal(run, terminal):
    r = run("list")
    assert r.exit_code == 0
    assert "grdp_growth" in terminal.read_text("utf-8") and "grdp_growth" not in r.stdout


def test_no_pager_when_asked_or_when_it_fits(run, terminal, monkeypatch):
    r = run("list", "--no-pager")
    assert "grdp_growth" in r.stdout and not terminal.exists()
    monkeypatch.setenv("LINES", "500")
    assert "grdp_growth" in run("list").stdout and not terminal.exists()
    monkeypatch.setenv("LINES", "10")
    for empty in ("", "cat"):
        monkeypatch.setenv("PAGER", empty)
        assert "grdp_growth" in run("list").stdout and not terminal.exists()


def test_never_a_pager_when_piped(run, monkeypatch, tmp_path):
    seen = tmp_path / "paged.txt"
    monkeypatch.setenv("PAGER", f"sh -c 'cat > {seen}'")
    monkeypatch.setenv("LINES", "10")
    assert "grdp_growth" in run("list").stdout and not seen.exists()


def test_the_chart_draws_last_year_when_it_meets_this_year(run, ledger, monkeypatch):
    """Made-up figures: last June's revenue so close to this June's that both fall in one cell.
    The legend promises ○ for last year: it is drawn, beside this year's ●."""
    monkeypatch.setenv("KEHOACH_LEDGER", str(ledger))
    for value, period in (("8000", "2024-06"), ("8010", "2025-06"), ("16000", "2024-12")):
        assert run("record", "budget_revenue", value, "--period", period).exit_code == 0
    out = run("chart", "budget_revenue").stdout
    plot = out.splitlines()[1:-1]
    assert any("○" in line for line in plot if "cùng kỳ" not in line)
    row = next(line for line in plot if "●" in line)
    assert "○●" in row  # the two in one cell: last year's just before this year's
    assert "○ cùng kỳ năm trước" in out
