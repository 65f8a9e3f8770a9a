"""report, chart and check on one half-year ledger: the same story in every command and format."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from kehoach.render import sentences

GOLDEN = Path(__file__).resolve().parents[1] / "golden"
UPDATE = os.environ.get("KEHOACH_UPDATE_GOLDEN") == "1"

# A first half of 2025 as departments might report it, with last year's June and December for
# budget revenue (so year-on-year and last year's monthly profile apply) and forest cover.
JUNE_CSV = """id,period,value
budget_revenue,2024-06,7660.4
budget_revenue,2024-12,17173
budget_revenue,2025-03,4800
budget_revenue,2025-06,10111.7
social_investment,2025-06,52000
tourists,2025-03,0.6
tourists,2025-06,1.2
grdp_growth,2025-03,13.1
grdp_growth,2025-06,14.14
industry_growth,2025-06,16.2
services_growth,2025-06,7.6
agriculture_growth,2025-06,0.9
forest_cover,2024-06,37.6
forest_cover,2025-06,37.8
poverty_rate,2025-06,1.1
urban_unemployment_rate,2025-06,2.45
health_insurance_coverage,2025-06,95.0
structure_agriculture,2025-06,10.9
ntm_districts,2025-06,6
hospital_beds,2025-06,35.0
"""


@pytest.fixture
def june(run, ledger, tmp_path, monkeypatch):
    src = tmp_path / "june.csv"
    src.write_text(JUNE_CSV, encoding="utf-8")
    assert run("import", src, "--ledger", ledger).exit_code == 0
    monkeypatch.setenv("KEHOACH_LEDGER", str(ledger))
    return ledger


def golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if UPDATE:
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"{path} is missing; run the tests once with KEHOACH_UPDATE_GOLDEN=1 and review it"
    assert text == path.read_text(encoding="utf-8"), (
        f"the report differs from {path.name} (KEHOACH_UPDATE_GOLDEN=1 rewrites it)"
    )


def test_report_vi_markdown_golden(run, june):
    r = run("report", "--period", "2025-06")
    assert r.exit_code == 0, r.output
    golden("report-2025-06.vi.md", r.stdout)
    # the issue's own sentence, word for word, as a clause of the economy's paragraph
    assert (
        "; thu ngân sách nhà nước 6 tháng đạt 10.111,7 tỷ đồng, bằng 61,3% kế hoạch năm, tăng 32,0% so với cùng kỳ"
        in r.stdout
    )


def test_report_en_text_golden(run, june):
    r = run("report", "--period", "2025-06", "--lang", "en", "--format", "text")
    assert r.exit_code == 0, r.output
    golden("report-2025-06.en.txt", r.stdout)
    assert (
        "state budget revenue in the first 6 months reached 10,111.7 billion VND, 61.3% of the annual plan, up 32.0%"
        in " ".join(r.stdout.split())
    )


def test_report_defaults_to_the_latest_recorded_period(run, june):
    assert run("report").stdout == run("report", "--period", "2025-06").stdout


def test_report_refuses_a_period_outside_the_plan_year(run, june):
    r = run("report", "--period", "2024-06")
    assert r.exit_code == 2 and "không thuộc năm kế hoạch 2025" in r.stderr


def test_status_check_and_report_tell_the_same_story(run, june):
    rows = json.loads(run("status", "--format", "json").stdout)["indicators"]
    verdicts = {r["id"]: r["status"] for r in rows}
    off = sorted(i for i, s in verdicts.items() if s == "off_track")
    risky = sorted(i for i, s in verdicts.items() if s in ("off_track", "at_risk"))
    assert off and len(risky) > len(off)

    r = run("check")
    assert r.exit_code == 1
    assert sorted(line.split("\t")[1] for line in r.stdout.splitlines()) == off
    r = run("check", "--at-risk", "--format", "json")
    assert r.exit_code == 1
    doc = json.loads(r.stdout)
    assert doc["ok"] is False and sorted(i["id"] for i in doc["indicators"]) == risky

    md = run("report", "--period", "2025-06").stdout
    shortcomings = md.split("## II.")[1].split("## III.")[0]  # one paragraph names every target off track
    named = [row for row in rows if sentences.lower_first(row["name"]) + " " in shortcomings]
    assert sorted(row["id"] for row in named) == risky
    table = md.split("## PHỤ LỤC")[1]
    for row in rows:
        name = row["name"]
        line = next(line for line in table.splitlines() if f"| {name} |" in line)
        assert line.rstrip(" |").endswith(
            {
                "achieved": ("Đạt KH", "Vượt KH"),
                "on_track": "Đúng tiến độ",
                "at_risk": "Có nguy cơ",
                "off_track": "Chậm tiến độ",
                "no_data": "Chưa có số liệu",
            }[row["status"]]
        )


def test_status_json_carries_the_new_figures(run, june):
    doc = json.loads(run("status", "--format", "json").stdout)
    budget = next(r for r in doc["indicators"] if r["id"] == "budget_revenue")
    assert budget["percent_of_plan"] == 61.28
    assert budget["yoy_percent"] == 32.0
    assert budget["last_year"] == 7660.4
    assert budget["expected_method"] == "last_year_profile"
    assert budget["projection"] == 22668.3  # 10.111,7 × 17.173 / 7.660,4
    assert budget["remaining"] == 6388.3
    forest = next(r for r in doc["indicators"] if r["id"] == "forest_cover")
    assert forest["yoy_points"] == 0.2 and forest["status"] == "on_track"
    assert doc["targets_summary"]["targets"] == 18
    csv_head = run("status", "--format", "csv").stdout.splitlines()[0]
    assert (
        ",target_form,target_high,remaining,expected_method,projection,projection_percent,last_year,yoy_percent,yoy_points,"
        in csv_head
    )


def test_status_table_ends_with_the_headline_over_targets(run, june):
    out = run("status").stdout
    assert re.search(r"Tính đến tháng 6/2025: \d+/18 chỉ tiêu đạt và vượt kế hoạch", out)
    assert "▁█" in out  # budget revenue's trend: March then June


def test_check_is_quiet_and_zero_when_nothing_is_off_track(run, ledger, monkeypatch):
    # in the first quarter nothing is due yet (once it is over, an empty ledger is missing data)
    monkeypatch.setenv("KEHOACH_TODAY", "2025-03-20")
    ledger.write_text("", encoding="utf-8")  # an empty ledger: nothing recorded, so nothing off track
    r = run("check", "--ledger", ledger)
    assert r.exit_code == 0 and r.stdout == ""


def test_check_at_risk_flag_changes_the_exit_code(run, ledger, tmp_path):
    src = tmp_path / "r.csv"
    src.write_text("id,period,value\nindustry_growth,2025-06,16.2\n", encoding="utf-8")  # 91,5%: at risk
    run("import", src, "--ledger", ledger)
    assert run("check", "--ledger", ledger).exit_code == 0
    r = run("check", "--at-risk", "--ledger", ledger, "--lang", "en", "--locale", "en")
    assert r.exit_code == 1 and r.stdout.startswith("At risk\tindustry_growth\tIndustry growth")


def test_chart_draws_every_recorded_month(run, june):
    r = run("chart", "budget_revenue", "--lang", "en")
    assert r.exit_code == 0, r.output
    lines = r.stdout.splitlines()
    assert lines[0] == "State budget revenue (billion VND) — 2025"
    assert r.stdout.count("●") == 2 + 1  # March, June and the legend
    assert r.stdout.count("○") == 2 + 1  # June and December 2024 and the legend
    assert "━" in r.stdout and "·" in r.stdout
    assert "16,500 ┤" in r.stdout  # the target is labelled on the axis


def test_chart_of_unknown_indicator_suggests(run, june):
    r = run("chart", "budget_revnue")
    assert r.exit_code == 2 and "budget_revenue" in r.stderr


HTML_FORBIDDEN = re.compile(r"<script|<link|<img|<iframe|@import|url\(|src=", re.I)


def test_html_is_one_self_contained_file_with_svg_charts(run, june, tmp_path):
    out = tmp_path / "r.html"
    r = run("report", "--period", "2025-06", "-o", out)
    assert r.exit_code == 0, r.output
    html = out.read_text(encoding="utf-8")
    assert not HTML_FORBIDDEN.search(html)
    assert re.findall(r"https?://[^\"' ]+", html) == ["http://www.w3.org/2000/svg"] * html.count("<svg")
    assert html.count("<svg") >= 5  # three groups' bars and two flows with a path


def chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


CHROME_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--enable-logging=stderr", "--v=0",
]  # fmt: skip


@pytest.mark.skipif(chromium() is None, reason="needs Debian's chromium (apt-get install chromium)")
def test_html_report_opens_in_a_real_browser(run, june, tmp_path):
    out = tmp_path / "r.html"
    run("report", "--period", "2025-06", "-o", out)
    profile = tmp_path / "chrome"
    base = [chromium(), *CHROME_FLAGS, f"--user-data-dir={profile}"]
    dom = subprocess.run([*base, "--dump-dom", out.as_uri()], capture_output=True, text=True, timeout=120)
    assert dom.returncode == 0, dom.stderr[-2000:]
    assert "Uncaught" not in dom.stderr and "Failed to load resource" not in dom.stderr
    measured = len(
        [
            r
            for r in json.loads(run("status", "--format", "json").stdout)["indicators"]
            if r["percent_of_plan"] is not None
        ]
    )
    assert dom.stdout.count('class="bar ') == measured
    assert "<svg" in dom.stdout and "Thu ngân sách nhà nước" in dom.stdout
    pdf = tmp_path / "r.pdf"
    printed = subprocess.run(
        [*base, f"--print-to-pdf={pdf}", "--no-pdf-header-footer", out.as_uri()],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert printed.returncode == 0 and pdf.stat().st_size > 10_000
    assert pdf.read_bytes().startswith(b"%PDF")


def test_docx_is_an_a4_times_new_roman_report(run, june, tmp_path):
    from docx import Document
    from docx.shared import Mm

    out = tmp_path / "r.docx"
    r = run("report", "--period", "2025-06", "-o", out)
    assert r.exit_code == 0, r.output
    doc = Document(str(out))
    sec = doc.sections[0]
    assert abs(sec.page_width - Mm(210)) < Mm(1) and abs(sec.page_height - Mm(297)) < Mm(1)
    assert doc.styles["Normal"].font.name == "Times New Roman"
    year, month = doc.tables[-2], doc.tables[-1]  # Phụ lục 1 (every indicator), Phụ lục 2 (the month's flows)
    assert len(year.rows) == 1 + 45
    assert "Thực hiện tháng trước" in " ".join(c.text for c in month.rows[0].cells)
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "bằng 61,3% kế hoạch năm, tăng 32,0% so với cùng kỳ" in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in doc.tables[0].rows[0].cells[1].text


@pytest.mark.skipif(
    shutil.which("soffice") is None, reason="needs LibreOffice (apt-get install libreoffice-writer-nogui)"
)
def test_docx_converts_cleanly_with_libreoffice(run, june, tmp_path):
    out = tmp_path / "r.docx"
    run("report", "--period", "2025-06", "--lang", "en", "-o", out)
    env = {**os.environ, "HOME": str(tmp_path)}
    conv = subprocess.run(
        ["soffice", "--headless", f"-env:UserInstallation={(tmp_path / 'lo').as_uri()}", "--convert-to", "pdf", "--outdir", str(tmp_path), str(out)],
        capture_output=True, text=True, timeout=180, env=env,
    )  # fmt: skip
    pdf = tmp_path / "r.pdf"
    assert conv.returncode == 0 and pdf.exists(), conv.stderr
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
        assert "Progress on the key targets" in text and "10,111.7" in text
    if shutil.which("pdfinfo"):
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
        assert "(A4)" in info


def test_docx_to_a_missing_folder_fails_cleanly(run, june, tmp_path):
    r = run("report", "-o", tmp_path / "nowhere" / "r.docx")
    assert r.exit_code == 73 and "nowhere" in r.stderr and "không tồn tại" in r.stderr  # cannot write (README)


PLAN_2024 = Path(__file__).resolve().parents[1] / "data" / "plan2024.toml"


def test_another_years_plan_reproduces_the_seeds_own_sentences(run, ledger, tmp_path):
    # Part One: "Tổng thu NSNN 6 tháng đạt 10.111,7 tỷ đồng, tăng 32% so cùng kỳ, bằng 62,9% dự
    # toán" and "Tổng kim ngạch xuất nhập khẩu 6 tháng đạt 23,9 tỷ USD, … đạt 39,8% kế hoạch, trong
    # đó xuất khẩu đạt 12,6 tỷ USD, … đạt 38,2% kế hoạch". June 2023 (7.660,4) is derived: 10.111,7 ÷ 1,32.
    src = tmp_path / "h1.csv"
    src.write_text(
        "id,period,value\nbudget_revenue,2023-06,7660.4\nbudget_revenue,2024-06,10111.7\n"
        "trade_total,2024-06,23.9\nexports,2024-06,12.6\n",
        encoding="utf-8",
    )
    common = ["--plan", PLAN_2024, "--ledger", ledger]
    assert run("import", src, *common).exit_code == 0
    out = " ".join(run("report", "--period", "2024-06", *common).stdout.split())
    assert "Tổng thu NSNN 6 tháng đạt 10.111,7 tỷ đồng, bằng 62,9% kế hoạch năm, tăng 32,0% so với cùng kỳ" in out
    assert "tổng kim ngạch xuất nhập khẩu 6 tháng đạt 23,9 tỷ USD, bằng 39,8% kế hoạch năm" in out
    assert "kim ngạch xuất khẩu 6 tháng đạt 12,6 tỷ USD, bằng 38,2% kế hoạch năm" in out
    # and the full year: "cả năm ước đạt 17.173 tỷ đồng, bằng 106,9% dự toán"
    src.write_text("id,period,value\nbudget_revenue,2024-12,17173\n", encoding="utf-8")
    assert run("import", src, *common).exit_code == 0
    doc = json.loads(run("status", "--format", "json", *common).stdout)
    budget = doc["indicators"][0]
    assert budget["percent_of_plan"] == 106.9 and budget["status"] == "achieved"
    assert doc["targets_summary"]["achieved"] == 1
    # "bằng 106,9% dự toán": beyond the plan, so the reports' word is "vượt"
    out = " ".join(run("report", "--period", "2024-12", *common).stdout.split())
    assert "Tổng thu NSNN cả năm đạt 17.173 tỷ đồng, bằng 106,9% kế hoạch năm" in out
    assert "đã vượt kế hoạch năm" in out and "| √ Vượt KH |" in out  # the verdict with its printed symbol


def test_a_range_target_through_every_command(run, ledger, write_plan, plan_text, tmp_path, monkeypatch):
    monkeypatch.setenv("KEHOACH_TODAY", "2026-01-20")  # December is recorded once it is over
    # a test plan, not the seed: GRDP growth written as a range "13,5–14,5%"
    plan = write_plan(
        plan_text.replace("target = 14.0\n", 'target = 13.5\ntarget_form = "range"\ntarget_high = 14.5\n', 1)
    )
    common = ["--plan", plan, "--ledger", ledger]
    assert run("record", "grdp_growth", "13.6", "--period", "2025-12", *common).exit_code == 0
    rows = json.loads(run("status", "--format", "json", *common).stdout)["indicators"]
    grdp = rows[0]
    assert (grdp["target_form"], grdp["target"], grdp["target_high"], grdp["status"]) == (
        "range",
        13.5,
        14.5,
        "achieved",
    )
    assert grdp["percent_of_plan"] == 100.74  # against the lower end: 13,6 ÷ 13,5
    assert "13,5–14,5" in run("status", *common).stdout
    assert "(kế hoạch năm 13,5–14,5%)" in run("report", *common).stdout
    assert run("check", *common).exit_code == 0


def test_report_into_a_folder_is_a_clear_cannot_write(run, june, tmp_path):
    r = run("report", "-o", tmp_path)
    assert r.exit_code == 73 and "đó là một thư mục" in r.stderr


def test_a_figure_older_than_the_report_says_its_month(run, june, tmp_path):
    src = tmp_path / "late.csv"
    src.write_text("id,period,value\nurban_population_share,2025-03,33.9\n", encoding="utf-8")
    assert run("import", src).exit_code == 0
    out = " ".join(run("report", "--period", "2025-06").stdout.split())
    assert "tỷ lệ dân số đô thị (tháng 3/2025) đạt 33,9% (kế hoạch 34,3%)" in out
    assert "khách du lịch 6 tháng đạt 1,2 triệu lượt" in out  # a flow names its months itself


def test_show_carries_the_same_standing_as_status(run, june):
    shown = json.loads(run("show", "budget_revenue", "--format", "json").stdout)
    row = next(
        r for r in json.loads(run("status", "--format", "json").stdout)["indicators"] if r["id"] == "budget_revenue"
    )
    assert {k: shown[k] for k in row} == row
