"""Exact numbers in and out: strict parsing, Vietnamese and English formatting."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kehoach.core.numbers import NumberFormatError, format_number, parse_number, plain


@pytest.mark.parametrize(
    "text, locale, want",
    [
        ("16500", None, "16500"),
        ("10111.7", None, "10111.7"),
        ("-0.3", None, "-0.3"),
        ("10.111,7", None, "10111.7"),
        ("14,14", None, "14.14"),
        ("1.234.567", None, "1234567"),
        ("10,111.7", None, "10111.7"),
        ("16.500", "vi", "16500"),
        ("16.500", "en", "16.500"),
        ("1,234", "vi", "1.234"),
        (" 42 ", None, "42"),
        ("0.125", None, "0.125"),
    ],
)
def test_parse(text, locale, want):
    assert parse_number(text, locale) == Decimal(want)


@pytest.mark.parametrize(
    "text", ["16.500", "1,234", "nan", "inf", "-inf", "1e5", "", "abc", "1.2.3,4,5", "1e999999", "12,34.5"]
)
def test_refused(text):
    with pytest.raises(NumberFormatError):
        parse_number(text)


def test_ambiguous_message_offers_both_readings():
    with pytest.raises(NumberFormatError) as e:
        parse_number("16.500")
    assert "16500" in str(e.value) and "16.5" in str(e.value) and "--locale" in str(e.value)


@pytest.mark.parametrize(
    "value, locale, places, want",
    [
        ("10111.7", "vi", None, "10.111,7"),
        ("10111.7", "en", None, "10,111.7"),
        ("123030", "vi", None, "123.030"),
        ("-0.3", "vi", None, "-0,3"),
        ("61.2830", "vi", 1, "61,3"),
        ("62.949", "en", 1, "62.9"),
        ("0.05", "en", 1, "0.1"),  # half up, as reports round
        ("1E+3", "en", None, "1,000"),
    ],
)
def test_format(value, locale, places, want):
    assert format_number(Decimal(value), locale, places) == want


def test_no_float_artefacts():
    assert plain(Decimal("123.03")) == "123.03"
    assert plain(Decimal("0.1") + Decimal("0.2")) == "0.3"
    assert plain(Decimal("-0")) == "0"


@given(st.decimals(min_value=Decimal("-1e12"), max_value=Decimal("1e12"), places=3, allow_nan=False, allow_infinity=False))
def test_vietnamese_round_trip(d):
    for locale in ("vi", "en"):
        assert parse_number(format_number(d, locale), locale) == d


@pytest.mark.parametrize("text", ["1٢3", "١2٣", "1２3", "12.5٠", "1²"])
def test_digits_of_mixed_scripts_are_refused(text):
    with pytest.raises(NumberFormatError):
        parse_number(text)


@pytest.mark.parametrize("text, want", [("١٢٣", "123"), ("１２３", "123"), ("123", "123")])
def test_digits_of_one_script_read_as_their_values(text, want):
    assert plain(parse_number(text)) == want
