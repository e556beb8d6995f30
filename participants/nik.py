"""NIK (Nomor Induk Kependudukan) structure: PPKKCC DDMMYY SSSS.

There is no check digit, so only the structure is checked. Women's day of birth is stored
+40. An unknown region code is a warning, not an error: regions split and get new codes.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
from dataclasses import dataclass, field
from pathlib import Path

from balatkop.cells import NIK_AS_NUMBER, digits_only
from balatkop.formatting import tanggal


@dataclass
class NikCheck:
    nik: str
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    birth_date: dt.date | None = None
    sex: str | None = None  # "L" or "P"
    kabupaten_kota_code: str | None = None  # "52.71"

    @property
    def ok(self) -> bool:
        return not self.errors


def normalise_nik(raw) -> str:
    """Strip spaces, dots and dashes; a number (Excel) becomes its digits without '.0'."""
    if raw is None:
        return ""
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    return digits_only(raw)


@functools.cache
def province_codes() -> frozenset[str]:
    """The Kemendagri province codes ("52"), from the shipped region list."""
    path = Path(__file__).resolve().parent.parent / "balatkop" / "data" / "provinces.csv"
    with path.open(encoding="utf-8") as fh:
        return frozenset(row["code"] for row in csv.DictReader(fh))


def check_nik(
    raw,
    *,
    known_kabupaten_kota: set[str] | None = None,
    birth_date: dt.date | None = None,
    sex: str | None = None,
    today: dt.date | None = None,
) -> NikCheck:
    """Check a NIK's structure; compare it with an entered birth date and sex when given.

    ``known_kabupaten_kota`` is the set of Kemendagri codes ("52.71"); pass it in bulk work
    so that one query serves a whole file.
    """
    nik = normalise_nik(raw)
    result = NikCheck(nik=nik)
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        result.errors.append(NIK_AS_NUMBER)
        return result
    if not nik.isdigit() or len(nik) != 16:
        result.errors.append(f"NIK harus 16 angka (tertulis {len(nik)} karakter).")
        return result
    if nik[:2] not in province_codes():
        result.errors.append(f"Kode provinsi NIK {nik[:2]} bukan provinsi Kemendagri (digit 1–2).")
        return result
    if nik[4:6] == "00":
        result.errors.append("Kode kecamatan NIK tidak boleh 00 (digit 5–6).")
    if nik.endswith("0000"):
        result.errors.append("Nomor urut NIK (4 digit terakhir) tidak boleh 0000.")
    day, month, year2 = int(nik[6:8]), int(nik[8:10]), int(nik[10:12])
    result.sex = "P" if day > 40 else "L"
    if day > 40:
        day -= 40
    today = today or dt.date.today()
    century = 2000 if 2000 + year2 <= today.year else 1900
    try:
        result.birth_date = dt.date(century + year2, month, day)
    except ValueError:
        result.errors.append(
            "Tanggal lahir dalam NIK tidak valid (digit 7–12, DDMMYY; perempuan: tanggal + 40)."
        )
    code = f"{nik[0:2]}.{nik[2:4]}"
    result.kabupaten_kota_code = code
    if known_kabupaten_kota is None:
        from balatkop.models import KabupatenKota

        known = KabupatenKota.objects.filter(code=code).exists()
    else:
        known = code in known_kabupaten_kota
    if not known:
        result.warnings.append(
            f"Kode wilayah NIK {code} tidak dikenal (mungkin wilayah pemekaran)."
        )
    if result.birth_date and birth_date and birth_date != result.birth_date:
        result.warnings.append(
            f"Tanggal lahir {tanggal(birth_date)} berbeda dengan NIK ({tanggal(result.birth_date)})."
        )
    if sex and result.sex and sex != result.sex:
        label = {"L": "laki-laki", "P": "perempuan"}
        result.warnings.append(
            f"Jenis kelamin {label.get(sex, sex)} berbeda dengan NIK ({label[result.sex]})."
        )
    return result


def make_nik(kabupaten_kota_code: str, birth_date: dt.date, sex: str, serial: int) -> str:
    """Build a structurally valid NIK (for demo data and tests)."""
    day = birth_date.day + (40 if sex == "P" else 0)
    region = kabupaten_kota_code.replace(".", "") + "01"
    return f"{region}{day:02d}{birth_date:%m}{birth_date:%y}{serial:04d}"
