"""Indonesian formats for money, numbers, percentages and dates."""

import datetime as dt

import pytest
from django import forms

from balatkop import formatting


@pytest.mark.parametrize(
    ("value", "expected"),
    [(5_370_000, "Rp 5.370.000"), (0, "Rp 0"), (999, "Rp 999"), (None, "–")],
)
def test_rupiah(value, expected):
    assert formatting.rupiah(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (5_370_000_000, "Rp 5,37 miliar"),
        (2_400_000_000, "Rp 2,40 miliar"),
        (12_340_000_000, "Rp 12,34 miliar"),
        (5_000_000, "Rp 5,00 juta"),
        (1_500_000_000_000, "Rp 1,50 triliun"),
        (750_000, "Rp 750.000"),
    ],
)
def test_rupiah_short_uses_words_never_the_ambiguous_m(value, expected):
    assert formatting.rupiah_short(value) == expected


def test_percent_uses_a_decimal_comma():
    assert formatting.percent(123.75) == "123,75%"
    assert formatting.signed_percent(67.66) == "+67,66%"
    assert formatting.percent(None) == "–"


def test_dates_read_as_indonesians_write_them():
    assert formatting.tanggal(dt.date(2020, 11, 17)) == "17 November 2020"
    assert formatting.tanggal(dt.date(2021, 8, 1)) == "1 Agustus 2021"


def test_date_inputs_are_day_first_and_never_month_first():
    field = forms.DateField()
    assert field.clean("17/11/2020") == dt.date(2020, 11, 17)
    assert field.clean("2020-11-17") == dt.date(2020, 11, 17)
    assert field.clean("05/11/2020") == dt.date(2020, 11, 5)
    with pytest.raises(forms.ValidationError):
        field.clean("11/17/2020")
