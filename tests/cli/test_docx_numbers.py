"""Numbers never wrap in the Word report's summary table: "-1.400,0" in "% KH", as a share
moving the wrong way gives, stays on one line as LibreOffice prints it."""

from __future__ import annotations

import subprocess

import pytest

from kehoach.render import docx_report
from kehoach.render.report import Report, Section, Table
from tests.cli.test_docx_report import NEEDS, pdf_of

HEADERS = ["TT", "Chỉ tiêu", "ĐVT", "KH 2025", "Thực hiện", "% KH", "So cùng kỳ", "Đánh giá"]
# Wide numbers in every numeric column: a share far off its planned shift, a count in the millions.
WIDE = [
    ["1", "Tỷ trọng dịch vụ trong GRDP (gồm thuế sản phẩm)", "%", "≥ 19,7", "-1.234,5", "-1.400,0", "+1.234,5 pp", "Chậm tiến độ"],
    ["2", "Khách du lịch", "lượt", "3.000.000", "12.345.678,9", "-12.345,6", "-100,0%", "Không đạt KH"],
    ["", "Số giường bệnh trên một vạn dân", "giường/10.000 dân", "5.400–5.500", "10.111,7", "61,3", "+32,0%", "Đúng tiến độ"],
]


def _report(rows: list[list[str]]) -> Report:
    table = Table(HEADERS, rows, ["off_track", "missed", "on_track"][: len(rows)], [True, False, False, True, True, True, True, False])
    return Report(lang="vi", title="BÁO CÁO", subtitle="thử", issuer="UBND TỈNH", period=None,
                  sections=[Section("IV. BẢNG TỔNG HỢP", table=table)], rows=[])


def test_columns_hold_their_longest_number_and_fit_the_page():
    tb = _report(WIDE).sections[0].table
    widths = docx_report.column_widths(tb)
    assert docx_report.TEXT_W - 0.2 <= sum(widths) <= docx_report.TEXT_W
    assert widths[docx_report.NAME_COLUMN] >= docx_report.NAME_MIN_MM
    for i, w in enumerate(widths):
        if i == docx_report.NAME_COLUMN:
            continue
        longest = max(docx_report.text_mm(cell_word) for row in tb.rows for cell_word in row[i].replace("/", "/ ").split())
        assert w >= longest + 2 * docx_report.CELL_MARGIN_MM, (HEADERS[i], w, longest)
    # ordinary numbers keep the ordinary widths
    ordinary = docx_report.column_widths(_report([["1", "Thu", "tỷ đồng", "16.500", "10.111,7", "61,3", "+32,0%", "Đạt KH"]]).sections[0].table)
    assert ordinary[2:] == docx_report.COLUMNS_MM[2:] and ordinary[0] == docx_report.COLUMNS_MM[0]


@pytest.mark.slow
@pytest.mark.skipif(any(missing for missing, _ in NEEDS), reason="; ".join(why for missing, why in NEEDS if missing))
def test_libreoffice_prints_every_number_on_one_line(tmp_path):
    path = tmp_path / "wide.docx"
    path.write_bytes(docx_report.render(_report(WIDE)))
    pdf = pdf_of(path, tmp_path)
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    for row in WIDE:
        for cell in row[3:7]:
            for number in cell.split():
                assert number in text, f"{number!r} wraps in the table:\n{text}"
