"""The HTML report at a glance: a summary strip at the top, verdict colours readable on white, value
labels clear of the chart's marks, axes that say what they measure, and a page that fits a 390 px
phone without scrolling sideways."""

from __future__ import annotations

import json
import re
import subprocess

import pytest

from kehoach.render.look import VERDICT_LOOK, contrast_on_white
from tests.cli.test_progress_commands import CHROME_FLAGS, chromium
from tests.cli.test_screen import every  # noqa: F401  (the fixture: every indicator recorded)


@pytest.fixture
def page(run, every, tmp_path) -> str:  # noqa: F811
    out = tmp_path / "r.html"
    r = run("report", "-o", out)
    assert r.exit_code == 0, r.stderr
    return out.read_text("utf-8")


def test_the_page_begins_with_the_scoreboard(run, page):
    summary = json.loads(run("status", "--format", "json").stdout)["summary"]
    strip = re.search(r'<div class="strip".*?</div>', page, re.S)
    assert strip and page.index(strip.group(0)) < page.index("<h2>")
    for status, count in summary.items():
        if status in VERDICT_LOOK and count:
            assert f"{VERDICT_LOOK[status].symbol} {count} " in strip.group(0)


def test_every_verdict_colour_in_the_page_reads_on_white(page):
    used = re.findall(r'class="(?:verdict|count [a-z_]+)"[^>]*style="color:(#[0-9a-fA-F]{6})', page)
    used += re.findall(r'style="color:(#[0-9a-fA-F]{6})"[^>]*class="(?:verdict|count)', page)
    assert len(set(used)) >= 3, "the strip and the table colour their verdicts"
    low = {c: round(contrast_on_white(c), 2) for c in set(used) if contrast_on_white(c) < 4.5}
    assert low == {}


def _num(attr: str, tag: str) -> float:
    return float(re.search(rf'\b{attr}="([-\d.]+)"', tag).group(1))


def test_value_labels_never_cover_a_mark(page):
    """Geometry of each bar chart's rows: the box of the value written after a bar (a generous
    0.6 em a character, 0.85 em for %) never holds the x of the expected-position mark or of the
    100 % line."""
    charts = re.findall(r'<svg[^>]*class="chart bars".*?</svg>', page, re.S)
    assert charts
    checked = 0
    for svg in charts:
        hundred = re.search(r'<line x1="([\d.]+)" x2="\1" y1="0"[^>]*stroke-dasharray', svg)
        assert hundred
        hundred_x = float(hundred.group(1))
        labels = re.findall(r'<text class="value"[^>]*>[^<]*</text>', svg)
        marks = re.findall(r'<line class="expected"[^>]*/>', svg)
        for label in labels:
            x, y = _num("x", label), _num("y", label)
            text = re.search(r">([^<]*)<", label).group(1)
            width = sum(0.85 if ch == "%" else 0.6 for ch in text) * 11
            row_marks = [m for m in marks if _num("y1", m) <= y <= _num("y2", m)]
            for mark_x in [hundred_x, *(_num("x1", m) for m in row_marks)]:
                assert not (x - 1 <= mark_x <= x + width), f"{text} at x={x} covers a mark at x={mark_x}"
            checked += 1
    assert checked >= 40


def test_the_path_charts_axes_say_0_the_unit_and_every_month(page):
    paths = re.findall(r'<svg[^>]*class="chart path".*?</svg>', page, re.S)
    assert paths
    for svg in paths:
        assert re.search(r'<text class="axis zero"[^>]*>0</text>', svg)
        assert re.search(r'<text class="axis unit"[^>]*>[^<]+</text>', svg)
        months = re.findall(r'<text class="axis"[^>]*>(\d+)</text>', svg)
        assert months == [str(m) for m in range(1, 13)]
        assert re.search(r'<text class="axis month"[^>]*>tháng</text>', svg)
    bars = re.findall(r'<svg[^>]*class="chart bars".*?</svg>', page, re.S)
    assert all(re.search(r'<text class="axis zero"[^>]*>0</text>', svg) for svg in bars)


@pytest.mark.slow
@pytest.mark.skipif(chromium() is None, reason="needs Debian's chromium (apt-get install chromium)")
@pytest.mark.parametrize("width", [390, 1280])
def test_the_page_never_scrolls_sideways(page, tmp_path, width):
    """In headless Chromium at a phone's 390 px (and a desktop's 1280 px), the page is no wider than
    its viewport: the summary table turns into cards, the charts scale. (The page sits in a frame of
    exactly that width: a headless window cannot be made narrower than 500 px.)"""
    report = tmp_path / "r.html"
    report.write_text(page, encoding="utf-8")
    probe = tmp_path / "probe.html"
    probe.write_text(
        f'<!DOCTYPE html><html><body style="margin:0"><iframe id="f" src="{report.name}" width="{width}" '
        'height="844" style="border:0"></iframe><script>'
        "document.getElementById('f').onload = function () {"
        " var w = this.contentWindow;"
        " document.body.setAttribute('data-measured', w.document.documentElement.scrollWidth + ' ' + w.innerWidth);"
        "};</script></body></html>", encoding="utf-8")
    dom = subprocess.run(
        [chromium(), *CHROME_FLAGS, f"--user-data-dir={tmp_path / 'chrome'}", "--window-size=1400,900",
         "--allow-file-access-from-files", "--virtual-time-budget=5000", "--dump-dom", probe.as_uri()],
        capture_output=True, text=True, timeout=120)
    assert dom.returncode == 0, dom.stderr[-2000:]
    found = re.search(r'data-measured="(\d+) (\d+)"', dom.stdout)
    assert found, "the page did not report its width"
    scroll_width, viewport = int(found.group(1)), int(found.group(2))
    assert viewport == width
    assert scroll_width <= viewport
