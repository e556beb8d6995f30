"""Indonesian number, money and date formats, shared by templates and Excel exports."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

MONTHS = [
    "Januari", "Februari", "Maret", "April", "Mei", "Juni",
    "Juli", "Agustus", "September", "Oktober", "November", "Desember",
]  # fmt: skip


def number(value, decimals: int = 0) -> str:
    """1234567.5 → '1.234.567,5' (dot for thousands, comma for decimals)."""
    if value is None:
        return "–"
    quantum = Decimal(1).scaleb(-decimals)
    rounded = Decimal(str(value)).quantize(quantum, rounding=ROUND_HALF_UP)
    sign = "-" if rounded < 0 else ""
    whole, _, frac = f"{abs(rounded):f}".partition(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    text = ".".join(groups)
    return f"{sign}{text},{frac}" if decimals else f"{sign}{text}"


def rupiah(value) -> str:
    """5370000 → 'Rp 5.370.000'."""
    if value is None:
        return "–"
    return f"Rp {number(value)}"


def rupiah_short(value) -> str:
    """5370000000 → 'Rp 5,37 miliar'; 'M' is never used, since it reads as juta to some."""
    if value is None:
        return "–"
    amount = Decimal(str(value))
    for size, word in ((10**12, "triliun"), (10**9, "miliar"), (10**6, "juta")):
        if abs(amount) >= size:
            return f"Rp {number(amount / size, 2)} {word}"
    return rupiah(value)


def percent(value, decimals: int = 2) -> str:
    """123.75 → '123,75%'; None (not computable) → '–'."""
    if value is None:
        return "–"
    return f"{number(value, decimals)}%"


def signed_percent(value, decimals: int = 2) -> str:
    """123.75 → '+123,75%'."""
    if value is None:
        return "–"
    return ("+" if value > 0 else "") + percent(value, decimals)


DAYS = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"]


def hari(value) -> str:
    """date(2026, 12, 2) → 'Rabu'."""
    return DAYS[value.weekday()]


def signed_points(value, decimals: int = 2) -> str:
    """25 → '+25,00 poin' (percentage points: a difference between two percentages)."""
    if value is None:
        return "–"
    return ("+" if value > 0 else "") + f"{number(value, decimals)} poin"


def tanggal(value) -> str:
    """date(2020, 11, 17) → '17 November 2020'."""
    if value is None:
        return "–"
    if isinstance(value, dt.datetime):
        value = value.date()
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


def terbilang(amount: int) -> str:
    """5370000 → 'Lima juta tiga ratus tujuh puluh ribu rupiah' (receipts, totals)."""
    from num2words import num2words

    words = num2words(int(amount), lang="id")
    return f"{words[:1].upper()}{words[1:]} rupiah"


def timestamp(moment: dt.datetime) -> str:
    """An aware datetime in the active (balai) time zone: '23 November 2026 pukul 11.05 WITA'."""
    from django.utils import timezone

    from balatkop.models import TimeZone

    local = timezone.localtime(moment)
    return f"{tanggal(local)} pukul {local:%H.%M} {TimeZone.abbreviation(str(local.tzinfo))}"
