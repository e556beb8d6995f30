"""Historical import: a balai brings its past years from one flat spreadsheet (docs/ARCHITECTURE.md).

The file is checked whole before anything is written (all-or-nothing), in a handful of
queries whatever its length, then written with ``bulk_create`` in batches. Rows already in the
database (same programme code, angkatan number, NIK, follow-up round) are reused, never
changed, so importing the same file twice changes nothing the second time.

Follow-up round: the whole-month difference from Tanggal Selesai to Tanggal Monitoring,
rounded to the nearest multiple of 6 (halves down, at least 6), so that a measurement taken
at month 7 lands in the +6 round that the follow-up schedule and impact report know about.

Audit trail: programmes and angkatan (a handful per file) keep their simple_history rows; the
many people, businesses, nominations and follow-ups are inserted without per-row history
(``bulk_create_with_history`` doubled the import time) and one ImportLog records the file,
its SHA-256, who imported it and what it created.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from simple_history.utils import bulk_create_with_history

from balatkop.bulk import Row, insert_rows
from balatkop.models import Balai, KabupatenKota
from outcomes.models import FollowUp, FollowUpSource, ImportLog, followups_mark_latest
from participants.models import (
    Business,
    BusinessKind,
    Nomination,
    NominationStatus,
    Participant,
    ParticipantRole,
    Sex,
)
from participants.nik import check_nik
from programs.models import Angkatan, Bidang, Program, ProgramStatus, TargetGroup

HEADERS = [
    "Kode Program",
    "Nama Program",
    "Tahun",
    "Jenjang",
    "Bidang",
    "Angkatan",
    "Tanggal Mulai",
    "Tanggal Selesai",
    "NIK",
    "Nama",
    "Jenis Kelamin",
    "Tanggal Lahir",
    "Kode Kabupaten/Kota",
    "Peran",
    "Nama Usaha",
    "Sektor",
    "NIB",
    "Mulai Usaha",
    "Status",
    "Omzet Sebelum",
    "Aset Sebelum",
    "Tenaga Kerja Sebelum",
    "Tanggal Monitoring",
    "Omzet Sesudah",
    "Aset Sesudah",
    "Tenaga Kerja Sesudah",
]
AFTER_COLUMNS = HEADERS[22:]

# Per column: how the shared writer writes it, whether it is required, an example, the rule.
COLUMN_GUIDE = [
    (
        "text",
        "Wajib",
        "NTB-2020-01",
        "Kode program, unik di balai. Program yang sudah ada dipakai ulang.",
    ),
    (
        "text",
        "Wajib",
        "Pelatihan Kewirausahaan UMKM",
        "Nama program; sama untuk semua baris kode yang sama.",
    ),
    ("int", "Wajib", "2020", "Tahun pelaksanaan (2000–2100)."),
    ("int", "Boleh kosong", "2", "Jenjang 1, 2 atau 3; kosongkan untuk pelatihan sekali jalan."),
    (
        "text",
        "Boleh kosong",
        "Konveksi",
        "Bidang pelatihan, mis. Konveksi, Tata Boga, Manajemen Keuangan Koperasi.",
    ),
    ("int", "Wajib", "1", "Nomor angkatan dalam program (1, 2, ...)."),
    (
        "date",
        "Wajib",
        "2020-11-17",
        "Tanggal mulai angkatan: sel tanggal Excel atau teks TTTT-BB-HH.",
    ),
    ("date", "Wajib", "2020-11-20", "Tanggal selesai angkatan; tidak sebelum tanggal mulai."),
    (
        "nik",
        "Wajib",
        "5271014503850001",
        "16 angka, diketik sebagai TEKS (bukan angka: Excel membuang digit ke-16).",
    ),
    ("text", "Wajib", "Siti Aminah", "Nama lengkap peserta."),
    ("text", "Wajib", "P", "L (laki-laki) atau P (perempuan)."),
    ("date", "Boleh kosong", "1985-03-05", "Tanggal lahir; bila kosong diambil dari NIK."),
    (
        "text",
        "Wajib",
        "52.71",
        "Kode Kemendagri kabupaten/kota pengusul, di provinsi balai (mis. 52.71 Kota Mataram).",
    ),
    (
        "text",
        "Boleh kosong",
        "Pemilik Usaha",
        "Pemilik Usaha (bawaan), Pengurus Koperasi, Pengawas Koperasi, Pengelola Koperasi, atau Lainnya.",
    ),
    ("text", "Boleh kosong", "Konveksi Sasak Indah", "Nama usaha atau koperasi."),
    ("text", "Boleh kosong", "Konveksi", "Sektor usaha, mis. kuliner, kerajinan, sablon."),
    ("nik", "Boleh kosong", "9120001234567", "NIB 13 angka, diketik sebagai teks."),
    ("date", "Boleh kosong", "2016-06-01", "Tanggal mulai usaha."),
    ("text", "Wajib", "Lulus", "Lulus, Tidak Lulus, atau Mengundurkan Diri."),
    (
        "rupiah",
        "Wajib",
        "6000000",
        "Omzet per BULAN sebelum pelatihan, Rupiah bulat ≥ 0 (tanpa desimal).",
    ),
    ("rupiah", "Wajib", "50000000", "Aset sebelum pelatihan, Rupiah bulat ≥ 0."),
    (
        "int",
        "Wajib",
        "2",
        "Jumlah tenaga kerja sebelum pelatihan (orang, termasuk pemilik bila bekerja).",
    ),
    (
        "date",
        "Blok Sesudah",
        "2021-05-20",
        "Tanggal monitoring setelah pelatihan. Blok Sesudah (4 kolom ini) boleh kosong seluruhnya, atau diisi lengkap. Putaran = selisih bulan dari Tanggal Selesai, dibulatkan ke kelipatan 6 terdekat (7 bulan → +6, 11 bulan → +12).",
    ),
    ("rupiah", "Blok Sesudah", "9500000", "Omzet per BULAN saat monitoring, Rupiah bulat ≥ 0."),
    ("rupiah", "Blok Sesudah", "65000000", "Aset saat monitoring, Rupiah bulat ≥ 0."),
    ("int", "Blok Sesudah", "3", "Tenaga kerja saat monitoring (orang)."),
]
GUIDE_NOTES = [
    "Satu baris = satu peserta dalam satu program. Baris tambahan dengan NIK dan program yang "
    "sama hanya untuk data monitoring putaran lain (kolom lain harus sama).",
    "Impor bersifat semua-atau-tidak: bila ada satu baris salah, tidak ada data yang disimpan; "
    "perbaiki baris yang disebut di laporan lalu unggah ulang.",
    "Mengimpor berkas yang sama dua kali tidak mengubah apa pun: data yang sudah ada dipakai ulang.",
    "Data historis adalah fakta: kriteria seleksi program tidak diperiksa.",
]

STATUS_BY_LABEL = {
    "lulus": NominationStatus.LULUS,
    "tidak lulus": NominationStatus.TIDAK_LULUS,
    "mengundurkan diri": NominationStatus.MENGUNDURKAN_DIRI,
}
ROLE_BY_LABEL = {
    **{label.casefold(): value for value, label in ParticipantRole.choices},
    **{value: value for value in ParticipantRole.values},
}
SEXES = frozenset(Sex.values)
COOPERATIVE_ROLES = {
    ParticipantRole.PENGURUS_KOPERASI,
    ParticipantRole.PENGAWAS_KOPERASI,
    ParticipantRole.PENGELOLA_KOPERASI,
}
BATCH_SIZE = 2000
LOOKUP_CHUNK = 5000  # below SQLite's bound on query parameters
EXCEL_EPOCH = dt.date(1899, 12, 30)
CHANGE_REASON = "Impor data historis"


@dataclass(frozen=True)
class RowIssue:
    """One finding about one row (row 1 is the header row, as Excel numbers them)."""

    row: int
    column: str
    message: str

    def __str__(self) -> str:
        where = f"Baris {self.row}" + (f", kolom {self.column}" if self.column else "")
        return f"{where}: {self.message}"


@dataclass
class ImportReport:
    """What a file holds and what importing it does (or would do)."""

    rows: int = 0
    errors: list[RowIssue] = field(default_factory=list)
    warnings: list[RowIssue] = field(default_factory=list)
    created: Counter = field(default_factory=Counter)
    existing: Counter = field(default_factory=Counter)
    written: bool = False
    log: object = None  # the ImportLog written, if anything was created

    @property
    def ok(self) -> bool:
        return not self.errors

    def error(self, row: int, column: str, message: str) -> None:
        self.errors.append(RowIssue(row, column, message))

    def warn(self, row: int, column: str, message: str) -> None:
        self.warnings.append(RowIssue(row, column, message))

    def summary_lines(self) -> list[str]:
        """Counts in Indonesian, one line per kind of record."""
        lines = []
        for key, label in COUNT_LABELS.items():
            new, old = self.created[key], self.existing[key]
            if new or old:
                lines.append(f"{label}: {new} baru, {old} sudah ada")
        return lines


COUNT_LABELS = {
    "program": "Program",
    "angkatan": "Angkatan",
    "peserta": "Peserta",
    "usaha": "Usaha",
    "usulan": "Usulan (peserta per program)",
    "monitoring": "Data monitoring",
}


class ImportRejected(ValidationError):
    """The file has errors; nothing was written. ``report`` lists them row by row."""

    def __init__(self, report: ImportReport):
        self.report = report
        super().__init__(
            f"Berkas tidak diimpor: {len(report.errors)} kesalahan. Tidak ada data yang diubah."
        )


# --- Writing and reading files ------------------------------------------------------------


def historical_columns():
    """The sheet's columns for the shared writer (NIK and NIB as text, money as Rupiah)."""
    from balatkop.xlsx import Column

    return [Column(h, kind) for h, (kind, *_rest) in zip(HEADERS, COLUMN_GUIDE, strict=True)]


def write_historical_book(target, rows, *, guide: bool = True) -> None:
    """Write a historical sheet ("Data", plus "Petunjuk" explaining each column) to target."""
    from balatkop.xlsx import Column, XlsxBook

    with XlsxBook(target) as book:
        book.table_sheet("Data", historical_columns(), rows)
        if guide:
            book.table_sheet(
                "Petunjuk",
                [Column("Kolom", width=24), Column("Isian", width=14), Column("Contoh", width=26),
                 Column("Keterangan", width=90)],
                [(h, required, example, rule) for h, (_k, required, example, rule)
                 in zip(HEADERS, COLUMN_GUIDE, strict=True)],
                title="Petunjuk pengisian impor data historis",
                notes=GUIDE_NOTES,
                autofilter=False,
            )  # fmt: skip


def read_historical_file(data: bytes) -> tuple[list, list]:
    """Headers and rows of the first sheet, after the shared safety check of the archive."""
    from balatkop.xlsx import check_xlsx_bytes, read_sheet

    check_xlsx_bytes(data)
    return read_sheet(data)


# --- Cell parsing ----------------------------------------------------------------------------


class CellError(ValueError):
    pass


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _date(value) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        # A date cell without date formatting arrives as Excel's serial day number.
        if 1 <= value < 2958466:
            return EXCEL_EPOCH + dt.timedelta(days=int(value))
        raise CellError("bukan tanggal.")
    text = str(value).strip()
    if not text:
        return None
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            pass
    raise CellError(f"tanggal '{text}' tidak dikenali; gunakan sel tanggal Excel atau TTTT-BB-HH.")


_THOUSANDS = re.compile(r"\d{1,3}(\.\d{3})+")


def _whole(value, *, unit: str = "") -> int | None:
    """A whole number ≥ 0; accepts Excel numbers and text such as ``2.400.000`` or ``Rp 5000``."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise CellError("bukan angka.")
    if isinstance(value, float):
        if not value.is_integer():
            raise CellError(f"harus bilangan bulat{unit} (tertulis {value}).")
        value = int(value)
    if isinstance(value, int):
        number = value
    else:
        text = str(value).strip().replace("\u00a0", "").replace(" ", "")
        if text.lower().startswith("rp"):
            text = text[2:]
        if not text:
            return None
        if _THOUSANDS.fullmatch(text):
            text = text.replace(".", "")
        if text.startswith("-") and text[1:].isdigit():
            number = -int(text[1:])
        elif text.isdigit():
            number = int(text)
        else:
            raise CellError(f"harus bilangan bulat{unit} (tertulis '{value}').")
    if number < 0:
        raise CellError("tidak boleh negatif.")
    return number


def _kabupaten_kota_code(value) -> str:
    if isinstance(value, float):
        # Excel turns 52.71 into a number; 52.10 arrives as 52.1.
        return f"{value:.2f}"
    return _text(value)


def round_months(end: dt.date, measured: dt.date) -> int:
    """The monitoring round for a measurement: whole months, to the nearest 6 (halves down, ≥ 6)."""
    months = (measured.year - end.year) * 12 + measured.month - end.month
    if measured.day < end.day:
        months -= 1
    return max(6, 6 * ((months + 2) // 6))


# --- Rows ----------------------------------------------------------------------------------


@dataclass
class _Row:
    line: int
    rejected: bool = False
    code: str = ""
    program_name: str = ""
    year: int | None = None
    jenjang: int | None = None
    bidang: str = ""
    angkatan: int | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    nik: str = ""
    name: str = ""
    sex: str = ""
    birth_date: dt.date | None = None
    kabkota: str = ""
    role: str = ParticipantRole.PEMILIK_USAHA
    business: str = ""
    sector: str = ""
    nib: str = ""
    business_start: dt.date | None = None
    status: str = ""
    omzet: int | None = None
    aset: int | None = None
    tenaga_kerja: int | None = None
    measured_on: dt.date | None = None
    omzet_after: int | None = None
    aset_after: int | None = None
    tenaga_kerja_after: int | None = None

    @property
    def has_followup(self) -> bool:
        return self.measured_on is not None

    def programme_facts(self):
        return (self.program_name, self.year, self.jenjang, self.bidang.casefold())

    def nomination_facts(self):
        return (
            self.angkatan,
            self.kabkota,
            self.role,
            self.business.casefold(),
            self.status,
            self.omzet,
            self.aset,
            self.tenaga_kerja,
        )


def _parse_row(
    line: int, cells: list, report: ImportReport, kabkota_codes: set[str], today: dt.date
) -> _Row:
    cells = list(cells[: len(HEADERS)]) + [None] * (len(HEADERS) - len(cells))
    raw = dict(zip(HEADERS, cells, strict=True))
    row = _Row(line=line)
    before = len(report.errors)

    def err(column, message):
        report.error(line, column, message)

    def flagged(column) -> bool:
        return any(issue.column == column for issue in report.errors[before:])

    def parse(column, parser, **kwargs):
        try:
            return parser(raw[column], **kwargs)
        except CellError as exc:
            err(column, str(exc)[0].upper() + str(exc)[1:])
            return None

    def required_text(column, max_length):
        value = _text(raw[column])
        if not value:
            err(column, "Wajib diisi.")
        elif len(value) > max_length:
            err(column, f"Terlalu panjang ({len(value)} karakter, maksimal {max_length}).")
        return value

    row.code = required_text("Kode Program", 40)
    row.program_name = required_text("Nama Program", 200)
    row.year = parse("Tahun", _whole)
    if row.year is None and not flagged("Tahun"):
        err("Tahun", "Wajib diisi.")
    elif row.year is not None and not 2000 <= row.year <= 2100:
        err("Tahun", f"Tahun {row.year} di luar 2000–2100.")
    row.jenjang = parse("Jenjang", _whole)
    if row.jenjang is not None and row.jenjang not in (1, 2, 3):
        err("Jenjang", "Jenjang harus 1, 2 atau 3 (kosongkan untuk pelatihan sekali jalan).")
    row.bidang = _text(raw["Bidang"])[:100]
    row.angkatan = parse("Angkatan", _whole)
    if (row.angkatan is None or row.angkatan < 1) and not flagged("Angkatan"):
        err("Angkatan", "Wajib diisi dengan nomor angkatan (1, 2, ...).")
    row.start = parse("Tanggal Mulai", _date)
    row.end = parse("Tanggal Selesai", _date)
    for column, value in (("Tanggal Mulai", row.start), ("Tanggal Selesai", row.end)):
        if value is None and not flagged(column):
            err(column, "Wajib diisi.")
    if row.start and row.end and row.end < row.start:
        err("Tanggal Selesai", "Tanggal selesai sebelum tanggal mulai.")

    raw_nik = raw["NIK"]
    if isinstance(raw_nik, (int, float)) and not isinstance(raw_nik, bool):
        err(
            "NIK",
            "NIK tersimpan sebagai angka di Excel, sehingga digit terakhirnya bisa hilang; "
            "format kolom NIK sebagai Teks lalu ketik ulang NIK-nya.",
        )
    elif not _text(raw_nik):
        err("NIK", "Wajib diisi.")
    row.name = required_text("Nama", 150)
    sex = _text(raw["Jenis Kelamin"]).upper()
    row.sex = {"LAKI-LAKI": "L", "PEREMPUAN": "P"}.get(sex, sex)
    if row.sex not in SEXES:
        err("Jenis Kelamin", "Isi L (laki-laki) atau P (perempuan).")
    row.birth_date = parse("Tanggal Lahir", _date)
    if not flagged("NIK"):
        check = check_nik(
            _text(raw_nik),
            known_kabupaten_kota=kabkota_codes,
            birth_date=row.birth_date,
            sex=row.sex if row.sex in SEXES else None,
            today=today,
        )
        row.nik = check.nik
        for message in check.errors:
            err("NIK", message)
        for message in check.warnings:
            report.warn(line, "NIK", message)
        if check.ok and row.birth_date is None:
            row.birth_date = check.birth_date

    row.kabkota = _kabupaten_kota_code(raw["Kode Kabupaten/Kota"])
    if not row.kabkota:
        err("Kode Kabupaten/Kota", "Wajib diisi (kode Kemendagri, mis. 52.71).")
    elif row.kabkota not in kabkota_codes:
        err("Kode Kabupaten/Kota", f"Kode {row.kabkota} tidak dikenal (contoh bentuk: 52.71).")
    role = _text(raw["Peran"])
    if role:
        row.role = ROLE_BY_LABEL.get(role.casefold())
        if row.role is None:
            allowed = ", ".join(label for _, label in ParticipantRole.choices)
            err("Peran", f"Peran '{role}' tidak dikenal; pilih salah satu: {allowed}.")
    row.business = _text(raw["Nama Usaha"])
    if len(row.business) > 200:
        err("Nama Usaha", "Terlalu panjang (maksimal 200 karakter).")
    row.sector = _text(raw["Sektor"])[:100]
    row.nib = _text(raw["NIB"]).replace(" ", "")
    if row.nib and not re.fullmatch(r"\d{13}", row.nib):
        err("NIB", f"NIB harus 13 angka, ditulis sebagai teks (tertulis '{row.nib}').")
    if (row.nib or row.sector) and not row.business:
        err("Nama Usaha", "Wajib diisi bila Sektor atau NIB diisi.")
    row.business_start = parse("Mulai Usaha", _date)
    status = _text(raw["Status"])
    row.status = STATUS_BY_LABEL.get(" ".join(status.casefold().split()))
    if row.status is None:
        err(
            "Status",
            f"Status '{status}' tidak dikenal; isi Lulus, Tidak Lulus atau Mengundurkan Diri.",
        )

    for column, attr in (
        ("Omzet Sebelum", "omzet"),
        ("Aset Sebelum", "aset"),
        ("Tenaga Kerja Sebelum", "tenaga_kerja"),
    ):
        unit = " (orang)" if attr == "tenaga_kerja" else " Rupiah"
        value = parse(column, _whole, unit=unit)
        if value is None and not flagged(column):
            err(column, "Wajib diisi (isi 0 bila memang nol).")
        setattr(row, attr, value)

    row.measured_on = parse("Tanggal Monitoring", _date)
    row.omzet_after = parse("Omzet Sesudah", _whole, unit=" Rupiah")
    row.aset_after = parse("Aset Sesudah", _whole, unit=" Rupiah")
    row.tenaga_kerja_after = parse("Tenaga Kerja Sesudah", _whole, unit=" (orang)")
    filled = [c for c in AFTER_COLUMNS if _text(raw[c])]
    if filled and len(filled) < len(AFTER_COLUMNS):
        missing = ", ".join(c for c in AFTER_COLUMNS if c not in filled)
        err(missing.split(", ")[0], f"Blok Sesudah terisi sebagian; lengkapi juga: {missing}.")
    elif row.measured_on and row.end and row.measured_on <= row.end:
        err("Tanggal Monitoring", "Tanggal monitoring harus setelah tanggal selesai angkatan.")
    if row.has_followup and row.status != NominationStatus.LULUS and row.status:
        report.warn(
            line, "Status", "Data monitoring untuk peserta yang tidak lulus tetap disimpan."
        )
    row.rejected = len(report.errors) > before
    return row


# --- The import ----------------------------------------------------------------------------


def _chunks(items: list, size: int = LOOKUP_CHUNK):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _check_headers(headers: list, report: ImportReport) -> bool:
    found = [_text(h) for h in headers]
    while found and not found[-1]:
        found.pop()
    for index, expected in enumerate(HEADERS):
        got = found[index] if index < len(found) else ""
        if got.casefold() != expected.casefold():
            report.error(
                1,
                expected,
                f"Judul kolom ke-{index + 1} harus '{expected}'"
                + (f", tertulis '{got}'." if got else ", tidak ada.")
                + " Gunakan templat impor historis.",
            )
            return False
    if len(found) > len(HEADERS):
        report.error(1, found[len(HEADERS)], "Kolom tambahan di luar templat; hapus kolom ini.")
        return False
    return True


class _Plan:
    """Objects to create, built while checking, written only if the whole file is clean."""

    def __init__(self):
        self.bidang: dict[str, Bidang] = {}
        self.programs: dict[str, Program] = {}
        self.new_programs: list[Program] = []
        self.angkatan: dict[tuple, Angkatan] = {}
        self.new_angkatan: list[Angkatan] = []
        self.grow_angkatan: list[Angkatan] = []
        self.seated: Counter = Counter()  # nominations per (code, number) after the import
        self.new_participants: list[Row] = []
        self.new_businesses: list[Row] = []
        self.new_nominations: list[Row] = []
        self.new_followups: list[Row] = []


def historical_import_check(*, balai: Balai, headers: list, rows: list) -> ImportReport:
    """Check a historical sheet without writing anything; the report says what would change."""
    report, _ = _plan(balai=balai, headers=headers, rows=rows, by=None)
    return report


def historical_import(
    *,
    balai: Balai,
    headers: list,
    rows: list,
    by=None,
    file_name: str = "",
    file_sha256: str = "",
) -> ImportReport:
    """Import a historical sheet all-or-nothing; raises ImportRejected listing every bad row.

    Bulk-inserted rows get no per-row simple_history entry; one ImportLog records who brought
    which file and what it created. A file that changes nothing leaves no log either.
    """
    try:
        with transaction.atomic():
            report, plan = _plan(balai=balai, headers=headers, rows=rows, by=by)
            if not report.ok:
                raise ImportRejected(report)
            _write(plan, by=by)
            if sum(report.created.values()):
                report.log = ImportLog.objects.create(
                    balai=balai,
                    file_name=file_name[:255] or "(tanpa nama)",
                    file_sha256=file_sha256,
                    rows=report.rows,
                    created=dict(report.created),
                    existing=dict(report.existing),
                    imported_by=by,
                )
    except IntegrityError as exc:
        # Only a concurrent import of the same people can get here: the plan saw the data
        # as it was when the transaction began.
        report = ImportReport(rows=len(rows))
        report.error(0, "", "Data berubah selama impor (impor lain berjalan?); coba lagi.")
        raise ImportRejected(report) from exc
    report.written = True
    return report


def _plan(*, balai: Balai, headers: list, rows: list, by) -> tuple[ImportReport, _Plan]:
    report = ImportReport()
    plan = _Plan()
    if not _check_headers(headers, report):
        return report, plan
    kabkota_codes = set(KabupatenKota.objects.values_list("code", flat=True))
    province_prefix = balai.provinsi_id + "."
    today = dt.date.today()

    parsed: list[_Row] = []
    for offset, cells in enumerate(rows):
        if all(_text(cell) == "" for cell in cells):
            continue
        row = _parse_row(offset + 2, cells, report, kabkota_codes, today)
        if row.kabkota in kabkota_codes and not row.kabkota.startswith(province_prefix):
            report.error(
                row.line,
                "Kode Kabupaten/Kota",
                f"Kabupaten/kota {row.kabkota} tidak berada di provinsi {balai.provinsi} "
                f"(wilayah {balai}).",
            )
            row.rejected = True
        parsed.append(row)
    report.rows = len(parsed)
    if not parsed:
        report.error(2, "", "Berkas tidak berisi baris data.")
        return report, plan

    # Facts that must agree between rows: a programme, an angkatan, a person, a nomination.
    first_programme: dict[str, _Row] = {}
    first_angkatan: dict[tuple, _Row] = {}
    first_person: dict[str, _Row] = {}
    first_nomination: dict[tuple, _Row] = {}
    rounds_seen: dict[tuple, int] = {}
    good: list[_Row] = []
    for row in parsed:
        if row.rejected:
            continue
        ok = True
        seen = first_programme.setdefault(row.code, row)
        if seen.programme_facts() != row.programme_facts():
            report.error(
                row.line,
                "Kode Program",
                f"Nama/Tahun/Jenjang/Bidang program {row.code} berbeda dengan baris {seen.line}.",
            )
            ok = False
        seen = first_angkatan.setdefault((row.code, row.angkatan), row)
        if (seen.start, seen.end) != (row.start, row.end):
            report.error(
                row.line,
                "Tanggal Mulai",
                f"Tanggal angkatan {row.angkatan} program {row.code} berbeda dengan baris {seen.line}.",
            )
            ok = False
        seen = first_person.setdefault(row.nik, row)
        if seen is not row and (seen.name.casefold(), seen.sex) != (row.name.casefold(), row.sex):
            report.warn(
                row.line,
                "Nama",
                f"NIK yang sama tertulis '{seen.name}' di baris {seen.line}; dipakai yang pertama.",
            )
        seen = first_nomination.setdefault((row.code, row.nik), row)
        if seen is not row and seen.nomination_facts() != row.nomination_facts():
            report.error(
                row.line,
                "NIK",
                f"Peserta ini sudah ada di program {row.code} pada baris {seen.line} dengan data "
                "berbeda; satu peserta per program, baris tambahan hanya untuk monitoring lain.",
            )
            ok = False
        if row.has_followup and ok:
            key = (row.code, row.nik, round_months(row.end, row.measured_on))
            if key in rounds_seen:
                report.error(
                    row.line,
                    "Tanggal Monitoring",
                    f"Monitoring putaran +{key[2]} bulan peserta ini sudah ada di baris {rounds_seen[key]}.",
                )
                ok = False
            rounds_seen.setdefault(key, row.line)
        elif seen is not row and not row.has_followup:
            report.error(
                row.line, "NIK", f"Baris ganda: peserta ini sudah ada di baris {seen.line}."
            )
            ok = False
        if ok:
            good.append(row)
    if not report.ok:
        return report, plan

    _plan_programmes(balai, good, first_programme, first_angkatan, plan, report)
    if not report.ok:
        return report, plan
    _plan_people(good, first_person, first_nomination, plan, report, by)
    return report, plan


def _plan_programmes(balai, rows, first_programme, first_angkatan, plan, report) -> None:
    codes = list(first_programme)
    existing = {p.code: p for p in Program.objects.filter(balai=balai, code__in=codes)}
    names = {r.bidang for r in first_programme.values() if r.bidang}
    known_bidang = {b.name.casefold(): b for b in Bidang.objects.all()}
    for name in sorted(names):
        plan.bidang[name.casefold()] = known_bidang.get(name.casefold()) or Bidang(name=name)

    people_per_programme = defaultdict(set)
    roles_per_programme = defaultdict(set)
    for row in rows:
        people_per_programme[row.code].add(row.nik)
        roles_per_programme[row.code].add(row.role in COOPERATIVE_ROLES)
    days = defaultdict(int)
    for (code, _number), row in first_angkatan.items():
        days[code] = max(days[code], (row.end - row.start).days + 1)

    for code, row in first_programme.items():
        program = existing.get(code)
        if program is not None:
            report.existing["program"] += 1
            if program.year != row.year:
                report.error(
                    row.line,
                    "Tahun",
                    f"Program {code} sudah ada dengan tahun {program.year}, bukan {row.year}.",
                )
        else:
            roles = roles_per_programme[code]
            target = (
                TargetGroup.KEDUANYA
                if len(roles) == 2
                else TargetGroup.KOPERASI
                if True in roles
                else TargetGroup.UMKM
            )
            program = Program(
                balai=balai,
                code=code,
                name=row.program_name,
                year=row.year,
                jenjang=row.jenjang,
                bidang=plan.bidang.get(row.bidang.casefold()) if row.bidang else None,
                target_group=target,
                target_participants=len(people_per_programme[code]),
                days_per_angkatan=max(1, min(days[code], 32767)),
                status=ProgramStatus.FINISHED,
            )
            plan.new_programs.append(program)
            report.created["program"] += 1
        plan.programs[code] = program

    existing_programs = [p for p in plan.programs.values() if p.pk]
    known_angkatan = {
        (a.program_id, a.number): a for a in Angkatan.objects.filter(program__in=existing_programs)
    }
    seated = Counter(
        Nomination.objects.filter(angkatan__in=list(known_angkatan.values())).values_list(
            "angkatan_id", flat=True
        )
    )
    people_per_angkatan = defaultdict(set)
    for row in rows:
        people_per_angkatan[(row.code, row.angkatan)].add(row.nik)
    for (code, number), row in first_angkatan.items():
        program = plan.programs[code]
        angkatan = known_angkatan.get((program.pk, number)) if program.pk else None
        if angkatan is not None:
            report.existing["angkatan"] += 1
            if (angkatan.start_date, angkatan.end_date) != (row.start, row.end):
                report.error(
                    row.line,
                    "Tanggal Mulai",
                    f"Angkatan {number} program {code} sudah ada dengan tanggal "
                    f"{angkatan.start_date:%Y-%m-%d} s.d. {angkatan.end_date:%Y-%m-%d}.",
                )
            plan.seated[(code, number)] = seated[angkatan.pk]
        else:
            angkatan = Angkatan(
                program=program,
                number=number,
                start_date=row.start,
                end_date=row.end,
                capacity=max(1, len(people_per_angkatan[(code, number)])),
            )
            plan.new_angkatan.append(angkatan)
            report.created["angkatan"] += 1
        plan.angkatan[(code, number)] = angkatan


def _plan_people(rows, first_person, first_nomination, plan, report, by) -> None:
    known: dict[str, tuple[int, str]] = {}  # NIK → (pk, name)
    for chunk in _chunks(list(first_person)):
        known.update(
            (nik, (pk, name))
            for nik, pk, name in Participant.objects.filter(nik__in=chunk).values_list(
                "nik", "pk", "name"
            )
        )
    nik_by_id = {pk: nik for nik, (pk, _name) in known.items()}
    known_ids = list(nik_by_id)
    businesses: dict[str, dict[str, int | Row]] = defaultdict(dict)  # NIK → name/NIB → business
    for chunk in _chunks(known_ids):
        for pk, participant_id, name, nib in Business.objects.filter(
            participant_id__in=chunk
        ).values_list("pk", "participant_id", "name", "nib"):
            own = businesses[nik_by_id[participant_id]]
            own[name.casefold()] = pk
            if nib:
                own[f"nib:{nib}"] = pk

    programme_ids = [p.pk for p in plan.programs.values() if p.pk]
    nominations: dict[tuple, int] = {}
    if programme_ids and known_ids:
        for chunk in _chunks(known_ids):
            nominations.update(
                ((program_id, participant_id), pk)
                for pk, program_id, participant_id in Nomination.objects.filter(
                    program_id__in=programme_ids, participant_id__in=chunk
                ).values_list("pk", "program_id", "participant_id")
            )
    rounds = set()
    for chunk in _chunks(list(nominations.values())):
        rounds.update(
            FollowUp.objects.filter(nomination_id__in=chunk).values_list(
                "nomination_id", "round_months"
            )
        )

    people: dict[str, int | Row] = {}
    for nik, row in first_person.items():
        if nik in known:
            pk, name = known[nik]
            people[nik] = pk
            report.existing["peserta"] += 1
            if name.casefold() != row.name.casefold():
                report.warn(
                    row.line,
                    "Nama",
                    f"NIK ini sudah terdaftar atas nama '{name}'; data lama dipakai.",
                )
            continue
        person = Row(
            nik=nik,
            name=row.name,
            sex=row.sex,
            birth_date=row.birth_date,
            kabupaten_kota_id=row.kabkota,
        )
        people[nik] = person
        plan.new_participants.append(person)
        report.created["peserta"] += 1

    nomination_for: dict[tuple, int | Row] = {}
    for key, row in first_nomination.items():
        program = plan.programs[row.code]
        person = people[row.nik]
        if program.pk and isinstance(person, int) and (program.pk, person) in nominations:
            report.existing["usulan"] += 1
            nomination_for[key] = nominations[(program.pk, person)]
            continue
        business = None
        if row.business:
            own = businesses[row.nik]
            business = (own.get(f"nib:{row.nib}") if row.nib else None) or own.get(
                row.business.casefold()
            )
            if business is None:
                business = Row(
                    participant_id=person,
                    kind=BusinessKind.KOPERASI
                    if row.role in COOPERATIVE_ROLES
                    else BusinessKind.USAHA,
                    name=row.business,
                    sector=row.sector,
                    nib=row.nib,
                    started_on=row.business_start,
                )
                own[row.business.casefold()] = business
                if row.nib:
                    own[f"nib:{row.nib}"] = business
                plan.new_businesses.append(business)
                report.created["usaha"] += 1
            elif isinstance(business, int):
                report.existing["usaha"] += 1
        plan.seated[(row.code, row.angkatan)] += 1
        nomination = Row(
            program_id=program,
            participant_id=person,
            business_id=business,
            role=row.role,
            kabupaten_kota_id=row.kabkota,
            baseline_omzet=row.omzet,
            baseline_aset=row.aset,
            baseline_tenaga_kerja=row.tenaga_kerja,
            status=row.status,
            angkatan_id=plan.angkatan[(row.code, row.angkatan)],
            completed_on=row.end if row.status == NominationStatus.LULUS else None,
            nominated_by_id=by.pk if by else None,
        )
        plan.new_nominations.append(nomination)
        nomination_for[key] = nomination
        report.created["usulan"] += 1

    for key, angkatan in plan.angkatan.items():
        if angkatan.pk and plan.seated[key] > angkatan.capacity:
            # Historical rows are facts: the recorded cohort was that large.
            angkatan.capacity = plan.seated[key]
            plan.grow_angkatan.append(angkatan)

    for row in rows:
        if not row.has_followup:
            continue
        nomination = nomination_for[(row.code, row.nik)]
        round_ = round_months(row.end, row.measured_on)
        if isinstance(nomination, int) and (nomination, round_) in rounds:
            report.existing["monitoring"] += 1
            continue
        plan.new_followups.append(
            Row(
                nomination_id=nomination,
                round_months=round_,
                measured_on=row.measured_on,
                omzet=row.omzet_after,
                aset=row.aset_after,
                tenaga_kerja=row.tenaga_kerja_after,
                source=FollowUpSource.IMPORT,
                entered_by_id=by.pk if by else None,
            )
        )
        report.created["monitoring"] += 1


def _write(plan: _Plan, *, by) -> None:
    """Insert in dependency order: the few programmes and angkatan through the ORM with their
    history, the many people, businesses, nominations and follow-ups in multi-row INSERTs."""
    for bidang in plan.bidang.values():
        if bidang.pk is None:
            bidang.save()
    for model, objects in ((Program, plan.new_programs), (Angkatan, plan.new_angkatan)):
        if objects:
            bulk_create_with_history(
                objects, model, default_user=by, default_change_reason=CHANGE_REASON
            )
    for angkatan in plan.grow_angkatan:
        angkatan._change_reason = CHANGE_REASON
        angkatan.save(update_fields=["capacity"])
    insert_rows(Participant, plan.new_participants)
    insert_rows(Business, plan.new_businesses)
    insert_rows(Nomination, plan.new_nominations)
    insert_rows(FollowUp, plan.new_followups)
    # A parent is a Row (a nomination inserted just above) or the id of an existing one.
    parents = (row.values["nomination_id"] for row in plan.new_followups)
    followups_mark_latest(getattr(parent, "pk", parent) for parent in parents)
