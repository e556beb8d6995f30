"""The one cell reader: every importer and every form that parses the same values uses it.

Each reader takes what a spreadsheet cell (or a form field) holds — ``str``, ``int``,
``float``, ``date``/``datetime``, ``bool`` or ``None`` — and returns a clean value, ``None``
for an empty cell, or raises :class:`CellError` with an Indonesian message that quotes the
value. Nothing is ever scaled or guessed: a number whose meaning is unclear is refused.

Numbers: a ``.`` or ``,`` followed by exactly three digits separates thousands; any other
is a decimal mark. A zero fraction is accepted (``5000000.00``, ``5.000.000,00``); a non-zero
fraction of Rupiah or of people is refused.
Dates: Excel date cells and serial numbers, ``YYYY-MM-DD``, ``DD/MM/YYYY``, ``DD-MM-YYYY``,
``DD.MM.YYYY`` and Indonesian month names (``17 November 2020``, ``17 Nov 2020``); the month
is never read first.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from decimal import Decimal

from balatkop.formatting import MONTHS, tanggal

MAX_RUPIAH = 10**15
MAX_PEOPLE = 10**6
MAX_WHOLE = 10**12  # ids, years, numbers of an angkatan: anything beyond is a typing slip
MAX_NUMBER_CHARACTERS = 30  # longer text is not a number anyone typed on purpose
EXCEL_EPOCH = dt.date(1899, 12, 30)
EXCEL_MAX_SERIAL = 2958465  # 31 December 9999
FIRST_YEAR, LAST_YEAR = 1900, 2100

NIK_AS_NUMBER = (
    "NIK tersimpan sebagai angka di Excel, sehingga digit terakhirnya bisa hilang; "
    "format kolom NIK sebagai Teks lalu ketik ulang NIK-nya."
)
NIB_AS_NUMBER = "NIB tersimpan sebagai angka; format kolom NIB sebagai Teks lalu ketik ulang."


class CellError(ValueError):
    """A cell that cannot be read; the message is Indonesian and quotes the value."""

    @property
    def message(self) -> str:
        return str(self.args[0])


def _shown(value) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    return text if len(text) <= 40 else text[:37] + "…"


# --- Text ----------------------------------------------------------------------------------


def text(value, *, max_length: int | None = None) -> str:
    """Trimmed text ('' for an empty cell); a date cell reads as 17-11-2020."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return f"{value:%d-%m-%Y}"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    result = str(value).strip()
    if max_length is not None and len(result) > max_length:
        raise CellError(f"Terlalu panjang ({len(result)} karakter, maksimal {max_length}).")
    return result


# --- Whole numbers -------------------------------------------------------------------------

_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
UNITS = {
    "rupiah": ("Rupiah", MAX_RUPIAH, "rupiah bulat tanpa sen (contoh: 5.000.000)"),
    "people": ("orang", MAX_PEOPLE, "jumlah orang bulat (contoh: 3)"),
}


def _decimal_from_text(raw: str) -> Decimal:
    """'5.000.000' → 5000000, '5000000.00' → 5000000.00, '2,5' → 2.5; raises on anything else."""
    compact = raw.replace("\u00a0", "").replace(" ", "").replace("\u202f", "")
    if compact[:2].lower() == "rp":
        compact = compact[2:].lstrip(".")
    negative = compact.startswith("-")
    compact = compact.removeprefix("-")
    if len(compact) > MAX_NUMBER_CHARACTERS or not _NUMBER.fullmatch(compact):
        raise CellError(f"'{_shown(raw)}' bukan angka.")
    parts = re.split(r"([.,])", compact)
    digits, marks = parts[0::2], parts[1::2]
    whole, fraction = [digits[0]], ""
    thousands_mark = None
    for index, (mark, group) in enumerate(zip(marks, digits[1:], strict=True)):
        last = index == len(marks) - 1
        if len(group) == 3 and thousands_mark in (None, mark):
            thousands_mark = mark
            whole.append(group)
        elif last and mark != thousands_mark and len(group) != 3:
            fraction = group
        else:
            raise CellError(f"'{_shown(raw)}' bukan angka yang jelas.")
    if thousands_mark and len(whole[0]) > 3:
        raise CellError(f"'{_shown(raw)}' bukan angka yang jelas (pemisah ribuan tidak teratur).")
    number = Decimal("".join(whole) + ("." + fraction if fraction else ""))
    return -number if negative else number


def _number(value, raw_for_message) -> Decimal:
    if isinstance(value, bool):
        raise CellError(f"'{_shown(raw_for_message)}' bukan angka.")
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise CellError(f"'{_shown(raw_for_message)}' bukan angka.")
        return Decimal(repr(value))
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise CellError(f"'{_shown(raw_for_message)}' bukan angka.")
        return value
    if isinstance(value, (dt.date, dt.datetime)):
        raise CellError(f"Tertulis tanggal ({tanggal(value)}), bukan angka.")
    return _decimal_from_text(str(value))


def whole(value, *, unit: str = "", maximum: int = MAX_WHOLE, minimum: int = 0) -> int | None:
    """A whole number between ``minimum`` and ``maximum``; ``None`` for an empty cell.

    ``unit`` is ``"rupiah"``, ``"people"`` or ``""`` (a plain count such as a year or an id).
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    label, bound, what = UNITS.get(unit, ("", maximum, "bilangan bulat"))
    try:
        number = _number(value, value)
    except CellError as error:
        if isinstance(value, (dt.date, dt.datetime)):
            raise
        raise CellError(f"'{_shown(value)}' bukan {what}.") from error
    if number != number.to_integral_value():
        raise CellError(f"'{_shown(value)}' bukan {what}.")
    if number < minimum:
        raise CellError("Tidak boleh negatif." if minimum == 0 else f"Paling kecil {minimum}.")
    if number > bound:
        shown = f"{bound:,}".replace(",", ".") + (f" {label}" if label else "")
        raise CellError(f"'{_shown(value)}' terlalu besar (paling besar {shown}).")
    return int(number)


def rupiah(value) -> int | None:
    """Whole Rupiah ≥ 0, at most Rp 10^15: 5000000, '5.000.000', 'Rp 5.000.000', '5000000.00'."""
    return whole(value, unit="rupiah")


def people(value) -> int | None:
    """A whole number of people ≥ 0, at most 10^6."""
    return whole(value, unit="people")


# --- Dates ---------------------------------------------------------------------------------

MONTH_BY_NAME = {name.casefold(): number for number, name in enumerate(MONTHS, start=1)} | {
    name[:3].casefold(): number for number, name in enumerate(MONTHS, start=1)
}
MONTH_BY_NAME |= {"agt": 8, "ags": 8, "sept": 9, "peb": 2, "nop": 11, "nopember": 11}
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?")
_DAY_FIRST = re.compile(r"(\d{1,2})([/.-])(\d{1,2})\2(\d{4})(?: \d{1,2}:\d{2}(?::\d{2})?)?")
_MONTH_NAME = re.compile(r"(\d{1,2})[ .-]+([A-Za-z]+)\.?[ .-]+(\d{4})")
DATE_SHAPES = "tanggal Excel, TTTT-BB-HH, HH/BB/TTTT, HH-BB-TTTT, HH.BB.TTTT atau 17 November 2020"


def _checked_date(year: int, month: int, day: int, raw) -> dt.date:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise CellError(f"Tahun pada tanggal '{_shown(raw)}' di luar {FIRST_YEAR}–{LAST_YEAR}.")
    try:
        return dt.date(year, month, day)
    except ValueError:
        hint = " (hari ditulis dulu, lalu bulan)" if month > 12 and day <= 12 else ""
        raise CellError(f"Tanggal '{_shown(raw)}' tidak ada{hint}.") from None


def date(value) -> dt.date | None:
    """A date from a date cell, an Excel serial number or text in one of :data:`DATE_SHAPES`."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, bool):
        raise CellError(f"'{value}' bukan tanggal.")
    if isinstance(value, (int, float)):
        # A date cell without date formatting arrives as Excel's serial day number.
        if (
            not (isinstance(value, int) or math.isfinite(value))
            or not 1 <= value <= EXCEL_MAX_SERIAL
        ):
            raise CellError(f"'{_shown(value)}' bukan tanggal; gunakan {DATE_SHAPES}.")
        day = EXCEL_EPOCH + dt.timedelta(days=int(value))
        return _checked_date(day.year, day.month, day.day, value)
    raw = str(value).strip()
    if not raw:
        return None
    if match := _ISO.fullmatch(raw):
        return _checked_date(int(match[1]), int(match[2]), int(match[3]), raw)
    if match := _DAY_FIRST.fullmatch(raw):
        return _checked_date(int(match[4]), int(match[3]), int(match[1]), raw)
    if (match := _MONTH_NAME.fullmatch(raw)) and match[2].casefold() in MONTH_BY_NAME:
        return _checked_date(int(match[3]), MONTH_BY_NAME[match[2].casefold()], int(match[1]), raw)
    raise CellError(f"'{_shown(raw)}' bukan tanggal yang dikenali; gunakan {DATE_SHAPES}.")


# --- Codes and choices ---------------------------------------------------------------------

_KABKOTA = re.compile(r"(\d{2})[.]?(\d{2})(?:\b.*)?", re.DOTALL)


def kabupaten_kota(value) -> str | None:
    """A Kemendagri kabupaten/kota code: '52.71 Kota Mataram', '52.71', '5271' or 52.71 → '52.71'."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise CellError(f"'{value}' bukan kode kabupaten/kota (contoh: 52.71).")
    if isinstance(value, float):
        # Excel turns 52.71 into a number; 52.10 arrives as 52.1.
        raw = f"{value:.2f}" if value < 100 else f"{value:.0f}"
    else:
        raw = text(value)
    if not raw:
        return None
    match = _KABKOTA.fullmatch(raw)
    if not match:
        raise CellError(f"'{_shown(raw)}' bukan kode kabupaten/kota (contoh: 52.71).")
    return f"{match[1]}.{match[2]}"


def choice(value, options: dict[str, str], *, shown: list[str] | None = None) -> str | None:
    """One of ``options`` (keys compared case- and space-insensitively); ``None`` if empty."""
    raw = text(value)
    if not raw:
        return None
    found = options.get(" ".join(raw.split()).casefold())
    if found is None:
        allowed = ", ".join(shown or options)
        raise CellError(f"'{_shown(raw)}' tidak dikenal; pilih salah satu: {allowed}.")
    return found


def choices_from(pairs) -> dict[str, str]:
    """A lookup for :func:`choice` from (value, label) pairs: value and label both match."""
    lookup = {}
    for value, label in pairs:
        lookup[" ".join(str(label).split()).casefold()] = value
        lookup[str(value).casefold()] = value
    return lookup


# --- Identity numbers ----------------------------------------------------------------------


def digits_only(raw) -> str:
    """A number written as text with spaces, dots or dashes in it, as its digits."""
    return "".join(ch for ch in str(raw).strip() if ch not in " .-\u00a0\u202f")


def nik(value) -> str:
    """A NIK as text, spaces/dots/dashes removed; a NIK stored as a number is refused.

    Its structure (16 digits, region, birth date) is ``participants.nik.check_nik``'s rule.
    """
    if value is None:
        return ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        raise CellError(NIK_AS_NUMBER)
    return digits_only(value)


def nib(value) -> str:
    """An NIB: 13 digits written as text ('' if empty)."""
    if value is None:
        return ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        raise CellError(NIB_AS_NUMBER)
    result = digits_only(value)
    if result and not re.fullmatch(r"\d{13}", result):
        raise CellError(f"NIB harus 13 angka, ditulis sebagai teks (tertulis '{_shown(value)}').")
    return result


def phone(value) -> str:
    """A telephone number as dialled in Indonesia: 0812…, or +62…; a number cell gets its 0 back."""
    if value is None:
        return ""
    if isinstance(value, bool):
        raise CellError(f"'{value}' bukan nomor telepon.")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        digits = str(value)
        # Excel drops the leading 0 of 0812…; 62812… is already international.
        raw = digits if digits.startswith("62") else "0" + digits
    else:
        raw = "".join(ch for ch in str(value).strip() if ch not in " .-()/\u00a0")
    if not raw:
        return ""
    if not re.fullmatch(r"\+?\d{4,15}", raw):
        raise CellError(f"'{_shown(value)}' bukan nomor telepon (contoh: 081234567890).")
    return raw
