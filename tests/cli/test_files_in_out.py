"""Files in and out: where `-o` writes, what `import` reads, what spreadsheets carry."""

from __future__ import annotations

import json
import os
import stat
import threading
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

LEDGER_ROWS = "id,period,value,note,source\nbudget_revenue,2025-06,10111.7,sơ bộ,Sở Tài chính\ntourists,2025-06,1.45,,\n"


def snapshot(*paths: Path) -> dict[str, bytes | None]:
    return {str(p): (p.read_bytes() if p.is_file() else None) for p in paths}


@pytest.fixture
def filled(run, tmp_path, ledger) -> Path:
    src = tmp_path / "rows.csv"
    src.write_text(LEDGER_ROWS, encoding="utf-8")
    r = run("import", src, "--ledger", ledger)
    assert r.exit_code == 0, r.stderr
    return ledger


# ───────────────────────────── -o ─────────────────────────────


def test_export_refuses_to_write_over_the_ledger_in_use(run, filled):
    before = filled.read_bytes()
    r = run("export", "-o", filled, "--ledger", filled)  # the reproducer: .toml is no export format
    assert r.exit_code == 2 and "không được hỗ trợ" in r.stderr
    named = filled.with_name("ledger.json")  # a ledger may have any name
    filled.rename(named)
    for fmt in ("json", None):
        r = run("export", *(["--format", fmt] if fmt else []), "-o", named, "--ledger", named)
        assert r.exit_code == 73, r.stderr
        assert "không ghi đè" in r.stderr and str(named) in r.stderr and "Traceback" not in r.stderr
    link = named.with_name("link.json")  # through a symlink
    link.symlink_to(named)
    r = run("export", "-o", link, "--ledger", named)
    assert r.exit_code == 73 and "không ghi đè" in r.stderr
    assert named.read_bytes() == before


def test_report_refuses_the_workspace_plan_and_ledger_folder(run, isolated):
    assert run("init", "ws").exit_code == 0
    os.chdir(isolated / "ws")
    assert run("record", "tourists", "1.45", "--period", "2025-06").exit_code == 0
    files = [Path("plan.toml"), Path("kehoach.toml"), *Path("ledger").glob("*.toml")]
    before = snapshot(*files)
    for out, code in (("plan.toml", 2), ("kehoach.toml", 2), ("ledger/tester.toml", 2), ("ledger/new.md", 73)):
        r = run("report", "--format", "md", "-o", out)
        assert r.exit_code == code, (out, r.stderr)
        assert ("Traceback" not in r.stderr and out.split("/")[-1].split(".")[0] in r.stderr) or "ledger" in r.stderr
    assert snapshot(*files) == before
    assert not Path("ledger/new.md").exists()
    assert run("status").exit_code == 0


def test_output_through_a_symlink_writes_its_target(run, filled, tmp_path):
    target = tmp_path / "real.csv"
    target.write_text("old\n")
    link = tmp_path / "out.csv"
    link.symlink_to(target)
    r = run("export", "-o", link, "--ledger", filled)
    assert r.exit_code == 0, r.stderr
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert target.read_text().startswith("id,period,value")


def test_output_to_a_fifo_is_a_stream(run, filled, tmp_path):
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    r = run("export", "-o", fifo, "--ledger", filled)
    reader.join(timeout=20)
    assert r.exit_code == 0, r.stderr
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert got and got[0].startswith(b"id,period,value")


def full_device(tmp_path: Path) -> Path:
    if os.geteuid() == 0:  # a private /dev/full: a broken -o must not replace the real one
        node = tmp_path / "full.md"
        os.mknod(node, 0o666 | stat.S_IFCHR, os.makedev(1, 7))
        return node
    return Path("/dev/full")


def test_output_to_a_device_is_written_not_replaced(run, filled, tmp_path):
    dev = full_device(tmp_path)
    r = run("report", "-o", dev, "--ledger", filled)
    assert r.exit_code == 74, r.stderr
    assert "ổ đĩa đã đầy" in r.stderr and "Traceback" not in r.stderr
    assert stat.S_ISCHR(os.lstat(dev).st_mode)


def test_output_dash_is_stdout(run, filled):
    r = run("export", "--format", "json", "-o", "-", "--ledger", filled)
    assert r.exit_code == 0, r.stderr
    assert len(json.loads(r.stdout)["records"]) == 2
    assert not Path("-").exists()
    r = run("report", "--format", "text", "-o", "-", "--ledger", filled)
    assert r.exit_code == 0 and r.stdout.strip() and not Path("-").exists()


def test_the_suffix_decides_the_format(run, filled, tmp_path):
    out = tmp_path / "out.xlsx"
    assert run("export", "-o", out, "--ledger", filled).exit_code == 0
    assert out.read_bytes()[:2] == b"PK"
    out = tmp_path / "out.json"
    assert run("export", "-o", out, "--ledger", filled).exit_code == 0
    assert len(json.loads(out.read_text())["records"]) == 2
    out = tmp_path / "r.html"
    assert run("report", "-o", out, "--ledger", filled).exit_code == 0
    assert out.read_text().lstrip().lower().startswith("<!doctype html")


@pytest.mark.parametrize(
    "args",
    [
        ("export", "-o", "out.pdf"),
        ("export", "-o", "out.toml"),
        ("export", "--format", "json", "-o", "out.csv"),
        ("report", "-o", "r.pdf"),
        ("report", "--format", "md", "-o", "r.docx"),
    ],
)
def test_an_unknown_or_contradicting_suffix_is_refused(run, filled, args):
    r = run(*args, "--ledger", filled)
    assert r.exit_code == 2, r.stderr
    assert "--output" in r.stderr and "Traceback" not in r.stderr
    assert (".csv" in r.stderr and ".xlsx" in r.stderr) or (".md" in r.stderr and ".docx" in r.stderr)
    assert not Path(args[-1]).exists()


# ───────────────────────────── import ─────────────────────────────


@pytest.mark.parametrize(
    "row, words",
    [("tourists,2025-08,1,6", ["dòng 3", "có 4 ô", "tiêu đề có 3 cột", "dấu phẩy thập phân"]),
     ("tourists,2025-08", ["dòng 3", "có 2 ô", "thiếu một ô"])],
)
def test_a_row_with_another_number_of_cells_is_refused(run, tmp_path, ledger, row, words):
    src = tmp_path / "t.csv"
    src.write_text(f"id,period,value\nbudget_revenue,2025-06,10111.7\n{row}\n")
    r = run("import", src, "--ledger", ledger)
    assert r.exit_code == 65, r.stderr
    for w in words:
        assert w in r.stderr
    assert not ledger.exists()


def test_semicolon_csv_with_bom_and_decimal_commas(run, tmp_path, ledger):
    src = tmp_path / "excel.csv"
    src.write_bytes("\ufeffid;period;value;note\r\ntourists;2025-06;1,45;sơ bộ; tăng\r\n".encode())
    r = run("import", src, "--ledger", ledger)
    assert r.exit_code == 65 and "dòng 2" in r.stderr  # 5 cells: the note's ; is refused, not dropped
    src.write_bytes("\ufeffid;period;value;note\r\ntourists;2025-06;1,45;\"sơ bộ; tăng\"\r\n".encode())
    r = run("import", src, "--ledger", ledger)
    assert r.exit_code == 0, r.stderr
    rec = json.loads(run("export", "--format", "json", "--ledger", ledger).stdout)["records"][0]
    assert rec["value"] == 1.45 or str(rec["value"]) == "1.45"
    assert rec["note"] == "sơ bộ; tăng"


def test_a_header_with_two_delimiters_is_refused(run, tmp_path, ledger):
    src = tmp_path / "mixed.csv"
    src.write_text("id;period,value\ntourists;2025-06,1\n")
    r = run("import", src, "--ledger", ledger)
    assert r.exit_code == 65 and "dòng 1" in r.stderr and "';'" in r.stderr and "','" in r.stderr
    assert not ledger.exists()


def test_formula_without_a_cached_value_is_named(run, tmp_path, ledger):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "tháng 6"
    ws.append(["id", "period", "value"])
    ws.append(["budget_revenue", "2025-06", 10111.7])
    ws.append(["tourists", "2025-06", "=1+0.45"])
    path = tmp_path / "f.xlsx"
    wb.save(path)  # openpyxl stores no value for a formula: as a program-written file would be
    r = run("import", path, "--ledger", ledger)
    assert r.exit_code == 65, r.stderr
    assert "tháng 6" in r.stderr and "C3" in r.stderr and "chưa có giá trị được lưu" in r.stderr
    assert not ledger.exists()


@pytest.mark.parametrize(
    "rows, words",
    [
        ("tourists,2025-07,1.45,\ntourists,2025-07,1.5,\n", "dòng 3: tourists kỳ 2025-07 xuất hiện hai lần"),
        ("budget_revenue,2025-06,9000,\n", "dòng 2: budget_revenue kỳ 2025-06 đã có giá trị"),
        ("tourists,2025-05,1.2,typo\n", "dòng 2: tourists kỳ 2025-05 chưa có giá trị nào để điều chỉnh"),
    ],
)
def test_dry_run_runs_the_checks_of_the_real_import(run, tmp_path, filled, rows, words):
    src = tmp_path / "t.csv"
    src.write_text("id,period,value,revise\n" + rows)
    before = filled.read_bytes()
    dry = run("import", src, "--dry-run", "--ledger", filled)
    real = run("import", src, "--ledger", filled)
    assert dry.exit_code == real.exit_code == 65, (dry.stderr, real.stderr)
    assert words in dry.stderr and words in real.stderr
    assert filled.read_bytes() == before


def test_dry_run_writes_nothing(run, tmp_path, filled):
    src = tmp_path / "t.csv"
    src.write_text("id,period,value\ntourists,2025-07,1.6\nbudget_revenue,2025-06,10111.7\n")
    before = snapshot(filled)
    listing = sorted(os.listdir(tmp_path))
    r = run("import", src, "--dry-run", "--ledger", filled)
    assert r.exit_code == 0, r.stderr
    assert "1 dòng sẽ được thêm, 1 dòng đã có" in r.stderr
    assert snapshot(filled) == before and sorted(os.listdir(tmp_path)) == listing
    # the default per-user ledger is not created by a dry run
    r = run("import", src, "--dry-run")
    assert r.exit_code == 0, r.stderr
    assert not (Path(os.environ["HOME"]) / ".local" / "share" / "kehoach").exists()


# ───────────────────────────── spreadsheets ─────────────────────────────

TRICKY = ["=1+1", "+84 912", "-0,3 so với", "@sở", "=HYPERLINK(\"http://x\",\"y\")", "_x0041_", "a\x01b\x1bc", "\tx\n"]


def test_xlsx_text_cells_are_text_and_round_trip(run, tmp_path, ledger, monkeypatch):
    from openpyxl import load_workbook

    monkeypatch.setenv("KEHOACH_TODAY", "2026-01-15")  # every month of 2025 has passed

    for n, text in enumerate(TRICKY):
        r = run("record", "tourists", f"1.{n + 1}", "--period", f"2025-0{n + 1}", "--note", text, "--source", text, "--ledger", ledger)
        assert r.exit_code == 0, r.stderr
    out = tmp_path / "out.xlsx"
    r = run("export", "-o", out, "--ledger", ledger)
    assert r.exit_code == 0, r.stderr
    wb = load_workbook(out)
    ws = wb.active
    cells = [c for row in ws.iter_rows(min_row=2) for c in row if isinstance(c.value, str)]
    assert cells and all(c.data_type == "s" for c in cells)
    other = tmp_path / "other.toml"
    r = run("import", out, "--ledger", other)
    assert r.exit_code == 0, r.stderr
    a = json.loads(run("export", "--format", "json", "--ledger", ledger).stdout)["records"]
    b = json.loads(run("export", "--format", "json", "--ledger", other).stdout)["records"]
    assert a == b
    assert sorted(x["note"] for x in b) == sorted(TRICKY)


def test_output_refuses_a_read_only_file_and_a_block_device(run, filled, tmp_path):
    ro = tmp_path / "ro.csv"
    ro.write_text("keep\n")
    ro.chmod(0o444)
    r = run("export", "-o", ro, "--ledger", filled)
    assert r.exit_code == 73 and "chỉ cho phép đọc" in r.stderr
    assert ro.read_text() == "keep\n"
    if os.geteuid() != 0:
        pytest.skip("making a block device node needs root")
    blk = tmp_path / "disk.csv"
    os.mknod(blk, 0o600 | stat.S_IFBLK, os.makedev(7, 250))  # a loop device number; never opened
    r = run("export", "-o", blk, "--ledger", filled)
    assert r.exit_code == 73 and "thiết bị khối" in r.stderr
    assert stat.S_ISBLK(os.lstat(blk).st_mode)


def test_a_suffixless_output_takes_the_format_option(run, filled, tmp_path):
    out = tmp_path / "records"
    assert run("export", "--format", "json", "-o", out, "--ledger", filled).exit_code == 0
    assert len(json.loads(out.read_text())["records"]) == 2


def test_xlsx_cell_right_of_the_header_is_refused(run, tmp_path, ledger):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["id", "period", "value"])
    ws.append(["tourists", "2025-06", 1, 6])
    ws.append(["budget_revenue", "2025-06", 10111.7, None, ""])  # empty cells to the right are fine
    path = tmp_path / "wide.xlsx"
    wb.save(path)
    r = run("import", path, "--ledger", ledger)
    assert r.exit_code == 65, r.stderr
    assert "dòng 2" in r.stderr and "có 4 ô" in r.stderr and "dòng 3" not in r.stderr
    assert not ledger.exists()


def test_report_refuses_a_plan_of_any_name(run, filled, tmp_path, plan_text):
    plan = tmp_path / "ke-hoach.md"  # a plan may have any name, even a report's suffix
    plan.write_text(plan_text, encoding="utf-8")
    r = run("report", "--plan", plan, "-o", plan, "--ledger", filled)
    assert r.exit_code == 73 and "không ghi đè" in r.stderr
    assert plan.read_text(encoding="utf-8") == plan_text


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(
    note=st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=15),
    source=st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=15),
    value=st.decimals(min_value=0, max_value=Decimal(10) ** 6, places=4),
    area=st.sampled_from([None, "Lục Ngạn"]),
)
@example(note="=1+1", source="\x01 _x0041_ ", value=Decimal("1.45"), area=None)
def test_cli_xlsx_export_and_import_round_trip(run, tmp_path, areas_plan, note, source, value, area):
    import tempfile

    folder = Path(tempfile.mkdtemp(dir=tmp_path))
    first, second, out = folder / "a.toml", folder / "b.toml", folder / "out.xlsx"
    args = ["record", "tourists", str(value), "--period", "2025-06", "--note", note, "--source", source, "--force"]
    r = run(*args, *(["--area", area] if area else []), "--plan", areas_plan, "--ledger", first)
    assert r.exit_code == 0, r.stderr
    assert run("export", "-o", out, "--plan", areas_plan, "--ledger", first).exit_code == 0
    r = run("import", out, "--force", "--plan", areas_plan, "--ledger", second)
    assert r.exit_code == 0, r.stderr
    a, b = (json.loads(run("export", "-f", "json", "--plan", areas_plan, "--ledger", p).stdout)["records"] for p in (first, second))
    assert a == b and b[0]["note"] == note and b[0]["source"] == source


def test_a_ledger_that_is_a_symlink_loop_is_an_io_error_not_a_bug(run, tmp_path):
    (tmp_path / "loop1").symlink_to(tmp_path / "loop2")
    (tmp_path / "loop2").symlink_to(tmp_path / "loop1")
    r = run("record", "tourists", "1", "--period", "2025-06", "--ledger", tmp_path / "loop1")
    assert r.exit_code == 74, r.stderr
    assert "loop1" in r.stderr and "lỗi nội bộ" not in r.stderr and "Traceback" not in r.output
    assert (tmp_path / "loop1").is_symlink() and (tmp_path / "loop2").is_symlink()


def test_a_ledger_that_is_a_symlink_is_written_through_never_replaced(run, tmp_path):
    shared = tmp_path / "shared"
    shared.mkdir()
    link = tmp_path / "ledger.toml"
    link.symlink_to(shared / "ledger.toml")  # dangling until the first record
    r = run("record", "tourists", "1", "--period", "2025-06", "--ledger", link)
    assert r.exit_code == 0, r.stderr
    assert link.is_symlink() and (shared / "ledger.toml").is_file()
    gone = tmp_path / "gone.toml"
    gone.symlink_to(tmp_path / "no-such-folder" / "ledger.toml")
    r = run("record", "tourists", "1", "--period", "2025-06", "--ledger", gone)
    assert r.exit_code == 73 and "no-such-folder" in r.stderr, r.stderr
    assert gone.is_symlink() and not (tmp_path / "no-such-folder").exists()
