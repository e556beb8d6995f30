"""Money is typed as Indonesians write it, and only whole, non-negative Rupiah pass."""

import pytest
from django.core.exceptions import ValidationError

from balatkop.fields import RupiahField


@pytest.mark.parametrize(
    "typed", ["5000000", "5.000.000", "Rp 5.000.000", "rp5.000.000", " 5 000 000 "]
)
def test_rupiah_is_read_with_or_without_thousand_dots(typed):
    assert RupiahField().clean(typed) == 5_000_000


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("-5.000", "Tidak boleh negatif"),
        ("5.000,50", "rupiah bulat"),
        ("lima juta", "rupiah bulat"),
    ],
)
def test_negative_fractional_or_wordy_rupiah_gets_a_clear_message(typed, message):
    with pytest.raises(ValidationError, match=message):
        RupiahField().clean(typed)
