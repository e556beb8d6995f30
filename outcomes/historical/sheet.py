"""The historical sheet, declared on the importer base: its columns, row rules and template."""

from __future__ import annotations

import datetime as dt

from balatkop.cells import choices_from
from balatkop.importing.base import Column, Importer, Row
from balatkop.importing.template import write_template
from balatkop.xlsx import Column as SheetColumn
from balatkop.xlsx import XlsxBook
from participants.models import NominationStatus, ParticipantRole, Sex
from participants.nik import check_nik

STATUSES = choices_from(
    [(NominationStatus.LULUS, "Lulus"), (NominationStatus.TIDAK_LULUS, "Tidak Lulus"),
     (NominationStatus.MENGUNDURKAN_DIRI, "Mengundurkan Diri")]
)  # fmt: skip
ROLES = choices_from(ParticipantRole.choices)
SEXES = choices_from([(Sex.LAKI_LAKI, "Laki-laki"), (Sex.PEREMPUAN, "Perempuan")])
AFTER = ("measured_on", "omzet_after", "aset_after", "tenaga_kerja_after")
AFTER_GUIDE = (
    "Blok Sesudah (4 kolom ini) boleh kosong seluruhnya, atau diisi lengkap. Putaran = selisih "
    "bulan dari Tanggal Selesai, dibulatkan ke kelipatan 6 terdekat (7 bulan → +6, 11 → +12)."
)

COLUMNS = (
    Column("code", "Kode Program", "text", True,
           "Kode program, unik di balai. Program yang sudah ada dipakai ulang.", "NTB-2020-01",
           16, max_length=40),
    Column("program_name", "Nama Program", "text", True,
           "Nama program; sama untuk semua baris kode yang sama.", "Pelatihan Kewirausahaan UMKM",
           28, max_length=200),
    Column("year", "Tahun", "whole", True, "Tahun pelaksanaan (2000–2100).", 2020, 8),
    Column("jenjang", "Jenjang", "whole", False,
           "Jenjang 1, 2 atau 3; kosongkan untuk pelatihan sekali jalan.", 2, 9),
    Column("bidang", "Bidang", "text", False,
           "Bidang pelatihan, mis. Konveksi, Tata Boga, Manajemen Keuangan Koperasi.", "Konveksi",
           16, max_length=100),
    Column("angkatan", "Angkatan", "whole", True, "Nomor angkatan dalam program (1, 2, ...).", 1,
           10),
    Column("start", "Tanggal Mulai", "date", True,
           "Tanggal mulai angkatan: sel tanggal, 2020-11-17, 17/11/2020 atau 17 November 2020.",
           dt.date(2020, 11, 17), 13),
    Column("end", "Tanggal Selesai", "date", True,
           "Tanggal selesai angkatan; tidak sebelum tanggal mulai.", dt.date(2020, 11, 20), 13),
    Column("nik", "NIK", "nik", True,
           "16 angka, diketik sebagai TEKS (bukan angka: Excel membuang digit ke-16).",
           "5271014503850001", 19),
    Column("name", "Nama", "text", True, "Nama lengkap peserta.", "Siti Aminah", 24,
           max_length=150),
    Column("sex", "Jenis Kelamin", "choice", True, "L (laki-laki) atau P (perempuan).", "P", 10,
           options=SEXES, labels=("L", "P")),
    Column("birth_date", "Tanggal Lahir", "date", False,
           "Tanggal lahir; bila kosong diambil dari NIK.", dt.date(1985, 3, 5), 13),
    Column("kabkota", "Kode Kabupaten/Kota", "kabkota", True,
           "Kode Kemendagri kabupaten/kota pengusul, di provinsi balai (mis. 52.71 Kota Mataram).",
           "52.71", 14),
    Column("role", "Peran", "choice", False,
           "Pemilik Usaha (bawaan), Pengurus Koperasi, Pengawas Koperasi, Pengelola Koperasi, "
           "atau Lainnya.", "Pemilik Usaha", 20, options=ROLES,
           labels=tuple(ParticipantRole.labels)),
    Column("business", "Nama Usaha", "text", False, "Nama usaha atau koperasi.",
           "Konveksi Sasak Indah", 24, max_length=200),
    Column("sector", "Sektor", "text", False, "Sektor usaha, mis. kuliner, kerajinan, sablon.",
           "Konveksi", 16, max_length=100),
    Column("nib", "NIB", "nib", False, "NIB 13 angka, diketik sebagai teks.", "9120001234567",
           16),
    Column("business_start", "Mulai Usaha", "date", False, "Tanggal mulai usaha.",
           dt.date(2016, 6, 1), 13),
    Column("status", "Status", "choice", True, "Lulus, Tidak Lulus, atau Mengundurkan Diri.",
           "Lulus", 16, options=STATUSES, labels=("Lulus", "Tidak Lulus", "Mengundurkan Diri")),
    Column("omzet", "Omzet Sebelum", "rupiah", True,
           "Omzet per BULAN sebelum pelatihan, Rupiah bulat ≥ 0 (isi 0 bila memang nol).",
           6_000_000, 16),
    Column("aset", "Aset Sebelum", "rupiah", True, "Aset sebelum pelatihan, Rupiah bulat ≥ 0.",
           50_000_000, 16),
    Column("tenaga_kerja", "Tenaga Kerja Sebelum", "people", True,
           "Jumlah tenaga kerja sebelum pelatihan (orang, termasuk pemilik bila bekerja).", 2, 12),
    Column("measured_on", "Tanggal Monitoring", "date", False,
           "Tanggal monitoring setelah pelatihan. " + AFTER_GUIDE, dt.date(2021, 5, 20), 13),
    Column("omzet_after", "Omzet Sesudah", "rupiah", False,
           "Omzet per BULAN saat monitoring, Rupiah bulat ≥ 0.", 9_500_000, 16),
    Column("aset_after", "Aset Sesudah", "rupiah", False, "Aset saat monitoring, Rupiah bulat ≥ 0.",
           65_000_000, 16),
    Column("tenaga_kerja_after", "Tenaga Kerja Sesudah", "people", False,
           "Tenaga kerja saat monitoring (orang).", 3, 12),
)  # fmt: skip
HEADERS = [column.header for column in COLUMNS]
GUIDE_NOTES = [
    "Satu baris = satu peserta dalam satu program. Baris tambahan dengan NIK dan program yang "
    "sama hanya untuk data monitoring putaran lain (kolom lain harus sama).",
    "Impor bersifat semua-atau-tidak: bila ada satu baris salah, tidak ada data yang disimpan; "
    "perbaiki baris yang disebut di laporan (atau unduh berkas dengan kolom Kesalahan) lalu "
    "unggah ulang.",
    "Mengimpor berkas yang sama dua kali tidak mengubah apa pun: data yang sudah ada dipakai ulang.",
    "Data historis adalah fakta: kriteria seleksi program tidak diperiksa.",
]


class HistoricalImporter(Importer):
    """The rules of one historical row that need no database beyond the region codes."""

    sheet = "Data"
    columns = COLUMNS
    preview = ("code", "angkatan", "nik", "name")

    def __init__(self, *, kabkota_codes: frozenset[str] = frozenset(), balai=None, today=None):
        self.kabkota_codes = kabkota_codes
        self.balai = balai
        self.today = today or dt.date.today()

    def check_row(self, row: Row) -> None:
        v = row.values
        if v["year"] is not None and not 2000 <= v["year"] <= 2100:
            row.error("Tahun", f"Tahun {v['year']} di luar 2000–2100.")
        if v["jenjang"] is not None and v["jenjang"] not in (1, 2, 3):
            row.error(
                "Jenjang", "Jenjang harus 1, 2 atau 3 (kosongkan untuk pelatihan sekali jalan)."
            )
        if v["angkatan"] is not None and v["angkatan"] < 1:
            row.error("Angkatan", "Nomor angkatan mulai dari 1.")
        if v["start"] and v["end"] and v["end"] < v["start"]:
            row.error("Tanggal Selesai", "Tanggal selesai sebelum tanggal mulai.")
        if v["nik"] and not row.flagged("NIK"):
            check = check_nik(
                v["nik"], known_kabupaten_kota=self.kabkota_codes, birth_date=v["birth_date"],
                sex=v["sex"], today=self.today,
            )  # fmt: skip
            v["nik"] = check.nik
            for message in check.errors:
                row.error("NIK", message)
            for message in check.warnings:
                row.warn("NIK", message)
            if check.ok and v["birth_date"] is None:
                v["birth_date"] = check.birth_date
        self._check_region(row)
        if (v["nib"] or v["sector"]) and not v["business"]:
            row.error("Nama Usaha", "Wajib diisi bila Sektor atau NIB diisi.")
        v["role"] = v["role"] or ParticipantRole.PEMILIK_USAHA
        filled = [
            key for key in AFTER if v[key] is not None or row.flagged(self.column(key).header)
        ]
        if filled and len(filled) < len(AFTER):
            missing = [self.column(key).header for key in AFTER if key not in filled]
            row.error(
                missing[0], f"Blok Sesudah terisi sebagian; lengkapi juga: {', '.join(missing)}."
            )
        elif v["measured_on"] and v["end"] and v["measured_on"] <= v["end"]:
            row.error(
                "Tanggal Monitoring", "Tanggal monitoring harus setelah tanggal selesai angkatan."
            )
        if v["measured_on"] and v["status"] and v["status"] != NominationStatus.LULUS:
            row.warn("Status", "Data monitoring untuk peserta yang tidak lulus tetap disimpan.")

    def _check_region(self, row: Row) -> None:
        code = row.values["kabkota"]
        if not code or row.flagged("Kode Kabupaten/Kota"):
            return
        if code not in self.kabkota_codes:
            row.error("Kode Kabupaten/Kota", f"Kode {code} tidak dikenal (contoh bentuk: 52.71).")
        elif self.balai is not None and not code.startswith(self.balai.provinsi_id + "."):
            row.error(
                "Kode Kabupaten/Kota",
                f"Kabupaten/kota {code} tidak berada di provinsi {self.balai.provinsi} "
                f"(wilayah {self.balai}).",
            )


def historical_columns() -> list[SheetColumn]:
    """The sheet's columns for the shared writer (NIK and NIB as text, money as Rupiah)."""
    return [SheetColumn(c.header, c.written_as, c.width) for c in COLUMNS]


def write_historical_book(target, rows, *, guide: bool = True) -> None:
    """The historical template (with ``rows`` filled in); ``guide=False``: the data sheet only."""
    if guide:
        write_template(target, HistoricalImporter(), notes=GUIDE_NOTES, rows=rows)
        return
    with XlsxBook(target) as book:
        book.table_sheet("Data", historical_columns(), rows)
