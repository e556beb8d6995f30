"""Excel bulk nomination, declared on the importer base: columns, template, preview, import.

Cells are read by the shared gate and cell reader; the nomination rules themselves live in
``participants.services.registry`` and run once for the whole file.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from balatkop.cells import choices_from
from balatkop.importing.base import Column, Importer, Reading
from balatkop.importing.template import write_template
from participants.models import BusinessKind, ParticipantRole, Sex
from participants.services.registry import (
    ImportOutcome,
    NomineeData,
    nominating_districts,
    nominations_import,
    nominees_check,
    quota_unclaimed,
)
from programs.models import Program

BUSINESS_KIND_LABELS = {BusinessKind.USAHA: "Usaha (UMKM)", BusinessKind.KOPERASI: "Koperasi"}
SEXES = choices_from([(Sex.LAKI_LAKI, "Laki-laki"), (Sex.PEREMPUAN, "Perempuan")])
ROLES = choices_from(ParticipantRole.choices)
KINDS = choices_from(BUSINESS_KIND_LABELS.items()) | {"umkm": BusinessKind.USAHA}


class NominationImporter(Importer):
    sheet = "Usulan"
    noun = "baris usulan"
    preview = ("nik", "name", "kabupaten_kota_id")
    columns = (
        Column("nik", "NIK", "nik", True, "16 angka sesuai KTP, diketik sebagai teks.",
               "5271015703850001", 19),
        Column("name", "Nama Lengkap", "text", True, "Nama sesuai KTP.", "Siti Aminah", 28,
               max_length=150),
        Column("sex", "Jenis Kelamin (L/P)", "choice", False,
               "L atau P; kosongkan: dibaca dari NIK.", "P", 10, options=SEXES, labels=("L", "P")),
        Column("birth_date", "Tanggal Lahir", "date", False,
               "Tanggal lahir; kosongkan: dibaca dari NIK.", dt.date(1985, 3, 17), 13),
        Column("phone", "Telepon/WA", "phone", False, "Nomor HP, mis. 081234567890.",
               "081234567890", 16),
        Column("address", "Alamat", "text", False, "Alamat domisili.", "Jl. Pejanggik No. 10",
               30, max_length=500),
        Column("kabupaten_kota_id", "Kabupaten/Kota", "kabkota", True,
               "Kabupaten/kota pengusul: pilih dari daftar.", "52.71 Kota Mataram", 28),
        Column("role", "Peran", "choice", False, "Pilih dari daftar (bawaan: Pemilik Usaha).",
               ParticipantRole.PEMILIK_USAHA.label, 20, options=ROLES,
               labels=tuple(ParticipantRole.labels)),
        Column("business_kind", "Jenis Usaha", "choice", False, "Usaha (UMKM) atau Koperasi.",
               "Usaha (UMKM)", 15, options=KINDS, labels=tuple(BUSINESS_KIND_LABELS.values())),
        Column("business_name", "Nama Usaha/Koperasi", "text", False, "Nama usaha atau koperasi.",
               "Konveksi Aminah", 28, max_length=200),
        Column("sector", "Sektor", "text", False, "Sektor usaha, mis. Konveksi.", "Konveksi", 16,
               max_length=100),
        Column("nib", "NIB", "nib", False, "NIB 13 angka, diketik sebagai teks.",
               "9120001234567", 16),
        Column("started_on", "Mulai Usaha", "date", False, "Tanggal mulai usaha.",
               dt.date(2018, 6, 1), 13),
        Column("omzet", "Omzet per Bulan (Rp)", "rupiah", False,
               "Omzet per BULAN, Rupiah bulat (5000000 atau 5.000.000).", 6_500_000, 18),
        Column("aset", "Aset (Rp)", "rupiah", False, "Aset usaha, Rupiah bulat.", 45_000_000, 18),
        Column("tenaga_kerja", "Tenaga Kerja (orang)", "people", False,
               "Jumlah orang yang bekerja, termasuk pemilik.", 3, 12),
    )  # fmt: skip


IMPORTER = NominationImporter()
HEADERS = [column.header for column in IMPORTER.columns]


def district_label(kabupaten_kota) -> str:
    return f"{kabupaten_kota.code} {kabupaten_kota.name}"


def nomination_template_write(target, *, program, user) -> None:
    """The empty nomination workbook, its district drop-down limited to this user's districts."""
    districts = [district_label(k) for k in nominating_districts(user=user, program=program)]
    example = [c.example for c in IMPORTER.columns]
    if districts:
        example[HEADERS.index("Kabupaten/Kota")] = districts[0]
    write_template(
        target,
        IMPORTER,
        notes=[
            f"Program: {program.code} — {program.name}",
            "Satu orang per baris. NIK dan NIB diketik sebagai teks (kolomnya sudah berformat "
            "Teks): Excel hanya menyimpan 15 digit angka.",
            "Seluruh berkas diimpor bila semua baris benar; bila ada satu baris salah, tidak ada "
            "yang masuk. Berkas dengan kesalahan dapat diunduh kembali dengan kolom Kesalahan.",
        ],
        lists={"kabupaten_kota_id": districts},
        example=example,
    )


def _nominee(values: dict) -> NomineeData:
    return NomineeData(
        nik=values["nik"],
        name=values["name"],
        sex=values["sex"] or "",
        birth_date=values["birth_date"],
        phone=values["phone"],
        address=values["address"],
        kabupaten_kota_id=values["kabupaten_kota_id"],
        role=values["role"] or ParticipantRole.PEMILIK_USAHA,
        business_kind=values["business_kind"] or BusinessKind.USAHA,
        business_name=values["business_name"],
        sector=values["sector"],
        nib=values["nib"],
        started_on=values["started_on"],
        omzet=values["omzet"],
        aset=values["aset"],
        tenaga_kerja=values["tenaga_kerja"],
    )


def nomination_file_read(data: bytes, *, name: str = "") -> Reading:
    """The rows of a file with the problems of their cells; no database access."""
    reading = IMPORTER.read(data, name=name)
    for row in reading.rows:
        row.data = _nominee(row.values)
        row.over_quota = False
    return reading


def _judge(reading: Reading, *, program, user, today) -> None:
    """Add the nomination rules' verdict to every row (one pass over the whole file)."""
    checks = nominees_check(
        program=program, user=user, nominees=[r.data for r in reading.rows], today=today
    )
    left = quota_unclaimed(
        program=program, districts={r.data.kabupaten_kota_id for r in reading.rows}
    )
    reserve = 0
    for row, check in zip(reading.rows, checks, strict=True):
        row.check = check
        for message in check.errors:
            row.error("", message)
        for message in check.warnings:
            row.warn("", message)
        district = row.data.kabupaten_kota_id
        if not row.errors and district in left:
            row.over_quota = left[district] <= 0
            reserve += row.over_quota
            left[district] -= 1
    reading.extra["reserve"] = reserve


def nomination_file_preview(*, program, user, data: bytes, today=None) -> Reading:
    """Read the file and judge every row by the nomination rules, without writing anything."""
    reading = nomination_file_read(data)
    if not reading.file_errors:
        _judge(reading, program=program, user=user, today=today or timezone.localdate())
    return reading


@transaction.atomic
def nomination_file_import(*, program, user, data: bytes, today=None) -> ImportOutcome:
    """Import a whole file, or nothing; files for one programme are imported one at a time."""
    # The programme's row lock makes a second confirm of an overlapping file wait, then see
    # the first one's nominations as "already nominated" instead of colliding with them.
    Program.objects.select_for_update().filter(pk=program.pk).first()
    reading = nomination_file_preview(program=program, user=user, data=data, today=today)
    reading.refuse_if_wrong()
    return nominations_import(
        program=program, by=user, nominees=[r.data for r in reading.rows], today=today
    )
