"""A retried command writes nothing twice: a plain record and a revision alike."""

from __future__ import annotations

import hashlib

from tests.core.test_ledger import IDS, _add, c, read_ledger


def _digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_the_same_revision_again_is_a_no_op(ledger):
    _add(ledger, c())
    first = _add(ledger, c(value="10200", revise="số liệu chính thức"))
    before = _digest(ledger)
    again = _add(ledger, c(value="10200", revise="số liệu chính thức"))
    assert again.added == [] and [r.id for r in again.unchanged] == [first.added[0].id]
    assert _digest(ledger) == before
    assert len(read_ledger(ledger, IDS).records) == 2


def test_a_revision_that_differs_is_still_written(ledger):
    _add(ledger, c())
    _add(ledger, c(value="10200", revise="số liệu chính thức"))
    assert len(_add(ledger, c(value="10300", revise="số liệu chính thức")).added) == 1  # another value
    assert len(_add(ledger, c(value="10300", revise="đã kiểm tra lại")).added) == 1  # another reason
    assert len(_add(ledger, c(value="10300", revise="đã kiểm tra lại", note="theo công văn")).added) == 1
    assert len(read_ledger(ledger, IDS).records) == 5


def test_revising_a_plain_record_to_its_own_value_is_still_a_revision(ledger):
    _add(ledger, c())
    out = _add(ledger, c(revise="xác nhận"))  # not a retry: the record in force is no revision
    assert len(out.added) == 1 and out.added[0].revises is not None


def test_the_same_revision_through_the_cli(run, ledger):
    args = ("record", "budget_revenue", "10200", "--period", "2025-06", "--ledger", ledger)
    assert run(*args[:2], "10111.7", *args[3:]).exit_code == 0
    first = run(*args, "--revise", "số liệu chính thức")
    assert first.exit_code == 0, first.output
    before = _digest(ledger)
    again = run(*args, "--revise", "số liệu chính thức")
    assert again.exit_code == 0, again.output
    assert "Đã có số liệu" in again.output and "không ghi thêm" in again.output  # "Already recorded …; nothing written"
    assert _digest(ledger) == before
