"""Import reads only what the user meant (issue 16): a revise cell that says "no", a cell shown as a
percentage, the sheet in front, a column named twice, a space inside a number, the separator's
decimal convention. Each case was reproduced on main by a tester; each test failed there.

Figures: "GRDP 6 tháng đầu năm đạt 14,14%" and "Tổng thu NSNN 6 tháng đạt 10.111,7 tỷ đồng" are
the 2024 half-year figures of Bắc Giang (shared/seeds/000_618431115684171d.txt, Phần thứ nhất).
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from kehoach.core.transfer import read_import
from kehoach.errors import DataError


def csv_file(tmp_path: Path, text: str, name: str = "in.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def refused(path: Path, plan=None, locale: str | None = None) -> str:
    with pytest.raises(DataError) as e:
        read_import(path, "tester", locale, *([plan] if plan is not None else []))
    return "\n".join([e.value.message, *e.value.details])


# ───────────────────────────── 1. revise cells that say no revise ─────────────────────────────


@pytest.mark.parametrize("cell", ["FALSE", "0", "không", "no", "false", "sai", "0.0", "TRUE", "Không", "1"])
def test_a_revise_cell_that_reads_as_yes_or_no_is_refused(tmp_path, cell, english):
    path = csv_file(tmp_path, f"id,period,value,revise\nbudget_revenue,2024-06,10111.7,{cell}\n")
    said = refused(path)
    assert "row 2" in said and "revise" in said and repr(cell) in said


def test_an_empty_revise_cell_is_no_revise_and_a_reason_is_kept(tmp_path):
    path = csv_file(tmp_path, "id,period,value,revise\nbudget_revenue,2024-06,10111.7,\n"
                              "tourists,2024-06,1.2,\" \"\nbudget_revenue,2024-06,10111.7,số liệu chính thức\n")
    rows = read_import(path, "tester", None)
    assert [r.revise for r in rows] == [None, None, "số liệu chính thức"]


@pytest.mark.parametrize("cell", [False, True, 0, 1.0])
def test_an_excel_boolean_or_number_in_revise_is_refused(tmp_path, cell, english):
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.append(["id", "period", "value", "revise"])
    wb.active.append(["budget_revenue", "2024-06", 10111.7, cell])
    path = tmp_path / "r.xlsx"
    wb.save(path)
    said = refused(path)
    assert "row 2" in said and "revise" in said
