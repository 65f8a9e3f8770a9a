"""Spreadsheets carry every field exactly: export to .xlsx, import it back, the same records."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kehoach.core.transfer import EXPORT_FIELDS, ooxml_escape, ooxml_unescape, read_import, xlsx_bytes

IDS = ["budget_revenue", "tourists", "grdp_growth", "forest_cover"]
# Any text a person can type or paste, control characters and formula-like starts included.
TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=30) | st.sampled_from(
    ["=1+1", "+84", "-0,3", "@sở", "=cmd|' /C calc'!A0", "_x0041_", "_x005F_x0041_", "a\rb", "\r\n", " x "]
)
VALUES = st.decimals(min_value=Decimal(-99999999999999), max_value=Decimal(99999999999999), places=None, allow_nan=False, allow_infinity=False).filter(
    lambda d: d.as_tuple().exponent >= -10
)
ROW = st.fixed_dictionaries(
    {
        "id": st.sampled_from(IDS),
        "period": st.sampled_from(["2024-12", "2025-01", "2025-06"]),
        "value": VALUES,
        "area": st.none() | st.sampled_from(["Lục Ngạn", "Yên Dũng"]),
        "note": TEXT,
        "by": TEXT.map(str.strip).filter(bool),
        "source": TEXT,
    }
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(rows=st.lists(ROW, min_size=1, max_size=5))
def test_xlsx_round_trips_every_field(tmp_path, rows):
    path = tmp_path / "rt.xlsx"
    path.write_bytes(xlsx_bytes(rows, EXPORT_FIELDS))
    back = read_import(path, "default", None)
    assert len(back) == len(rows)
    for row, c in zip(rows, back, strict=True):
        assert (c.indicator, c.period, c.area, c.note, c.by, c.source) == (
            row["id"], row["period"], row["area"], row["note"], row["by"], row["source"]
        )
        assert c.value == row["value"]


@settings(deadline=None)
@given(st.text(st.characters(blacklist_categories=("Cs",))))
def test_ooxml_escape_is_undone(text):
    escaped = ooxml_escape(text)
    assert not any(ord(ch) < 0x20 and ch not in "\t\n" for ch in escaped)
    assert ooxml_unescape(escaped) == text


def test_text_cells_are_never_formulas(tmp_path):
    from openpyxl import load_workbook

    rows = [{"id": "tourists", "period": "2025-06", "value": Decimal("1.45"), "note": "=1+1", "by": "@x", "source": "-3"}]
    path = tmp_path / "f.xlsx"
    path.write_bytes(xlsx_bytes(rows, EXPORT_FIELDS))
    ws = load_workbook(path).active
    cells = {c.column_letter: c for c in ws[2]}
    assert cells["E"].value == "=1+1" and cells["E"].data_type == "s"
    assert cells["F"].data_type == "s" and cells["G"].data_type == "s"
