"""`export --excel`: CSV that Vietnamese Excel opens — `;` between columns, decimal
commas, a UTF-8 BOM, CRLF — and that `import` reads back to the same records.

Figures: "Tổng thu NSNN 6 tháng đạt 10.111,7 tỷ đồng", "GRDP 6 tháng đầu năm đạt 14,14%", "Nông,
lâm nghiệp và thủy sản giảm (-0,3%)" — Bắc Giang's 2024 figures (shared/seeds/000_618431115684171d.txt,
Phần thứ nhất).
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from kehoach.core.transfer import EXPORT_FIELDS, read_import
from kehoach.render import csvout

RECORDS = [
    ("budget_revenue", "10111.7", "2024-06", "sơ bộ; chưa kiểm toán", "Sở Tài chính"),
    ("grdp_growth", "14.14", "2024-06", 'theo "Cục Thống kê"\ndòng hai', "Cục Thống kê"),
    ("agriculture_growth", "-0.3", "2024-06", "", ""),
]


@pytest.fixture
def recorded(run, ledger) -> Path:
    for ind, value, period, note, source in RECORDS:
        r = run("record", ind, value, "--period", period, "--note", note, "--source", source, "--ledger", ledger)
        assert r.exit_code == 0, r.stderr
    return ledger


def test_export_excel_is_semicolons_decimal_commas_bom_and_crlf(run, recorded, tmp_path):
    out = tmp_path / "so-lieu.csv"
    r = run("export", "--excel", "-o", out, "--ledger", recorded)
    assert r.exit_code == 0, r.stderr
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbfid;period;value;area;note;by;source;stage\r\n")
    text = data.decode("utf-8-sig")
    assert "budget_revenue;2024-06;10111,7;;\"sơ bộ; chưa kiểm toán\";tester;Sở Tài chính;\r\n" in text
    assert ";-0,3;" in text and ";14,14;" in text
    assert '"theo ""Cục Thống kê""\ndòng hai"' in text  # a quote doubled, the note's own line break kept
    assert text.count("\r\n") == 1 + len(RECORDS)  # every record ends with CRLF, nothing else does
    # stdout gets the same bytes (Click's .stdout turns CRLF into LF: compare the bytes)
    assert run("export", "--excel", "--ledger", recorded).stdout_bytes == data
    # and the plain export is what it was: commas, decimal points, no BOM, LF
    plain = run("export", "--ledger", recorded).stdout_bytes
    assert plain.startswith(b"id,period,value,area,note,by,source,stage\n") and b",10111.7," in plain and b"\r" not in plain


@pytest.mark.parametrize("args", [("--format", "json"), ("--format", "xlsx", "-o", "x.xlsx"), ("-o", "x.json")])
def test_excel_with_another_format_is_a_usage_error(run, recorded, args):
    r = run("export", "--excel", *args, "--ledger", recorded)
    assert r.exit_code == 2, r.stderr
    assert "--excel" in r.stderr and "CSV" in r.stderr and "Traceback" not in r.stderr
    assert not Path("x.xlsx").exists() and not Path("x.json").exists()


def test_export_excel_import_export_again_is_identical(run, recorded, tmp_path):
    first, second = tmp_path / "a.csv", tmp_path / "b.csv"
    again = tmp_path / "again.toml"
    assert run("export", "--excel", "-o", first, "--ledger", recorded).exit_code == 0
    r = run("import", first, "--ledger", again)
    assert r.exit_code == 0, r.stderr
    assert run("export", "--excel", "-o", second, "--ledger", again).exit_code == 0
    assert second.read_bytes() == first.read_bytes()
    a, b = (json.loads(run("export", "-f", "json", "--ledger", p).stdout)["records"] for p in (recorded, again))
    assert a == b


def test_export_all_excel_round_trips_a_revision(run, recorded, tmp_path):
    r = run("record", "budget_revenue", "10250", "--period", "2024-06", "--revise", "số liệu chính thức; đã đối chiếu",
            "--ledger", recorded)
    assert r.exit_code == 0, r.stderr
    out = tmp_path / "all.csv"
    assert run("export", "--all", "--excel", "-o", out, "--ledger", recorded).exit_code == 0
    again = tmp_path / "again.toml"
    r = run("import", out, "--ledger", again)
    assert r.exit_code == 0, r.stderr
    a, b = (run("export", "--excel", "--ledger", p).stdout_bytes for p in (recorded, again))
    assert a == b and b";10250;" in a


# ── the format itself, as a property: any value and any text come back ──

TEXT = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=20) | st.sampled_from(
    [";", '"', 'a;"b"', "x\ny", "\r\n", "a\rb", " sơ bộ ", "=1+1", "10,5", "1.234"]
)
VALUES = st.decimals(min_value=Decimal(-(10**14) + 1), max_value=Decimal(10**14 - 1), allow_nan=False,
                     allow_infinity=False).filter(lambda d: d.as_tuple().exponent >= -10)
ROW = st.fixed_dictionaries({
    "id": st.sampled_from(["budget_revenue", "grdp_growth", "tourists"]),
    "period": st.sampled_from(["2024-12", "2025-06"]),
    "value": VALUES,
    "area": st.none() | st.sampled_from(["Lục Ngạn", "Yên Dũng"]),
    "note": TEXT,
    "by": TEXT.map(str.strip).filter(bool),
    "source": TEXT,
})


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(ROW, min_size=1, max_size=6))
@example(rows=[{"id": "budget_revenue", "period": "2024-06", "value": Decimal("1.234"), "area": None,
                "note": "a;\"b\"\nc", "by": "Sở Tài chính", "source": ""}])
@example(rows=[{"id": "grdp_growth", "period": "2024-06", "value": Decimal("-0.3"), "area": None,
                "note": "", "by": "x", "source": "17.173"}])
def test_excel_csv_reads_back_every_field(tmp_path, rows):
    path = tmp_path / "excel.csv"
    path.write_bytes(csvout.dumps(rows, EXPORT_FIELDS, excel=True).encode("utf-8"))
    back = read_import(path, "default", None)
    assert [(c.indicator, c.period, c.value, c.area, c.note, c.by, c.source) for c in back] == [
        (r["id"], r["period"], r["value"], r["area"], r["note"], r["by"], r["source"]) for r in rows
    ]
