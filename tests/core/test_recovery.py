"""Every recovery hint is right: doing exactly what it says leaves a ledger that reads, with every
record of the writes before the damaged one still in it. The damages are those a crash, a power cut
or a copy that stopped leave at the end of a file: cut off at any byte, zero bytes where the data
never reached the disk. Two kinds of files: a ledger as kehoach writes it now (sealed: its end line
proves it whole, tests/core/test_ledger_safety.py), and one as kehoach wrote them before the end
line existed, whose hints name the record cut short."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from kehoach.core.ledger import FIX_HINT, HEADER, SEAL_LINE, render_records
from kehoach.core.ledger import index as ledger_index
from kehoach.core.periods import Period
from kehoach.errors import LedgerError
from kehoach.paths import cache_dir
from tests.core.test_ledger import IDS, add_records, c, read_ledger
from tests.core.test_ledger import PLAN as _PLAN
from tests.core.test_ledger_safety import apply_hint as apply_sealed_hint

# The core's messages as the code writes them (English); the Vietnamese catalogue is tested in
# tests/test_i18n.py and tests/cli/test_messages.py.
pytestmark = pytest.mark.usefixtures("english")

_DELETE_LINES = re.compile(r"Delete lines? (\d+)(?:–(\d+))?")
_DELETE_ZEROS = "Delete the zero bytes at the end of the file"


def apply_hint(data: bytes, hint: str) -> bytes | None:
    """The file after doing what the hint says, exactly; None when the hint names no edit."""
    m = _DELETE_LINES.search(hint)
    if m:
        first = int(m[1])
        last = int(m[2] or m[1])
        lines = data.split(b"\n")
        assert 1 <= first <= last <= len(lines), hint
        return b"\n".join(lines[: first - 1] + lines[last:])
    if _DELETE_ZEROS in hint:
        assert data.endswith(b"\x00"), hint
        return data.rstrip(b"\x00")
    return None


def _legacy(records_per_write) -> tuple[bytes, bytes]:
    """A ledger as kehoach wrote it before the end line: the header, then appends."""
    data = HEADER.encode() + b"\n" + render_records(records_per_write[0])
    for recs in records_per_write[1:-1]:
        data += b"\n" + render_records(recs)
    return data, data + b"\n" + render_records(records_per_write[-1])


@pytest.fixture(scope="module", params=["sealed", "legacy"])
def written(request, tmp_path_factory):
    """A ledger of three records in three writes, and its bytes before the third write began (the
    sealed file's end line, which the third write replaced, left out)."""
    path = tmp_path_factory.mktemp("recovery") / "ledger.toml"
    add_records(_PLAN, path, [c("tourists", value="1.2")], "office", cache_dir=None)
    add_records(_PLAN, path, [c(value="10111.7", source="Sở Tài chính")], "office", cache_dir=None)
    add_records(_PLAN, path, [c("grdp_growth", value="6.5", note="ước tính")], "office", cache_dir=None)
    full = path.read_bytes()
    if request.param == "legacy":
        recs = read_ledger(path, IDS, cache_dir=None).records
        return _legacy([[r] for r in recs])
    return full[: full.rindex(b"[[records]]")], full


def damages(before: bytes, full: bytes):
    """(label, bytes) of every damage an interrupted write of the last record can leave."""
    for k in range(len(before), len(full)):
        yield f"cut at byte {k}", full[:k]
    for k in range(len(before), len(full) + 1, 7):
        yield f"zeros from byte {k}", full[:k] + b"\x00" * (len(full) - k)  # the size reached the disk, not all data
    for n in (1, 4096):
        yield f"{n} zero bytes after the last record", full + b"\x00" * n
        yield f"{n} zero bytes after the second record", before + b"\x00" * n


@pytest.mark.parametrize("through", ["files", "index"])
def test_every_hint_applied_keeps_every_complete_record(tmp_path, written, through):
    before, full = written
    complete = [r.id for r in read_ledger_bytes(tmp_path / "whole.toml", full, None).records]
    assert len(complete) == 3
    sealed = full.startswith(SEAL_LINE.encode())
    cache = cache_dir() if through == "index" else None
    hinted = generic = 0
    for n, (label, data) in enumerate(damages(before, full)):
        path = tmp_path / f"l{n}.toml"
        if cache is not None:  # the index holds the first two records; the damage is what follows
            path.write_bytes(full if sealed else before)
            read_ledger(path, IDS, cache_dir=cache)
            if not sealed:
                with open(path, "ab") as f:
                    f.write(data[len(before) :])
        if cache is None or sealed:
            path.write_bytes(data)
        try:
            led = read_ledger(path, IDS, cache_dir=cache)
        except LedgerError as e:
            assert path.read_bytes() == data, label  # reported, never repaired behind the user's back
            # (zero bytes after a whole end line are what they were before: the same hint as ever)
            fixed = (apply_sealed_hint(data, e.hint or "") if sealed else None) or apply_hint(data, e.hint or "")
            if fixed is None:
                # Only a cut exactly at a line's end leaves no sign of a crash in an old ledger: then the
                # hint is to fix by hand. A sealed file always says what is left.
                assert not sealed and e.hint == FIX_HINT and data.rstrip(b"\x00").endswith(b"\n"), (label, e.message, e.hint)
                generic += 1
                continue
            hinted += 1
            path.write_bytes(fixed)
            ledger_index.drop(path, cache)
            led = read_ledger(path, IDS, cache_dir=cache)
        else:
            assert not sealed or not full.startswith(data) or not full[len(data):].strip(), label  # never a cut
        ids = [r.id for r in led.records]
        assert ids[:2] == complete[:2], label  # the records before the damage are all there
        if full.rstrip(b"\n") in data:
            assert ids == complete, label  # the last record was whole: kept too
    assert hinted > 100 and generic < 10


def read_ledger_bytes(path, data, cache):
    path.write_bytes(data)
    return read_ledger(path, IDS, cache_dir=cache)


def test_zero_bytes_after_complete_records_are_not_called_a_cut_short_record(tmp_path, written):
    _, full = written
    path = tmp_path / "ledger.toml"
    path.write_bytes(full + b"\x00" * 512)
    with pytest.raises(LedgerError) as e:
        read_ledger(path, IDS)
    assert "cut short" not in e.value.hint and _DELETE_ZEROS in e.value.hint
    lines = full.count(b"\n") + 1
    assert f"from line {lines} on" in e.value.hint


def test_a_record_cut_short_names_exactly_its_lines(tmp_path, written):
    before, full = written
    cut = len(before) + 40  # inside the third record
    path = tmp_path / "ledger.toml"
    path.write_bytes(full[:cut])
    lines = full[:cut].decode().split("\n")
    start = len(lines) - lines[::-1].index("[[records]]")
    with pytest.raises(LedgerError) as e:
        read_ledger(path, IDS)
    said = "may be cut short" if full.startswith(SEAL_LINE.encode()) else "is cut short"
    assert f"the last record (lines {start}–{len(lines)}) {said}" in e.value.hint
    path.write_bytes((apply_sealed_hint if said == "may be cut short" else apply_hint)(full[:cut], e.value.hint))
    led = read_ledger(path, IDS)
    assert [r.indicator for r in led.records] == ["tourists", "budget_revenue"]
    assert led.current(("tourists", Period(2025, 6), None)).value == Decimal("1.2")
