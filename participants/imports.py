"""Excel bulk nomination: the template, reading a filled-in file, its preview and import.

Reading turns each row into a :class:`NomineeData` plus the problems of its cells (a NIK
stored as a number, a date Excel cannot read); the rules themselves live in
``participants.services.registry`` and run once for the whole file.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils import timezone

from balatkop.xlsx import Column, XlsxBook, read_sheet
from participants.models import BusinessKind, ParticipantRole, Sex
from participants.services.registry import (
    ImportOutcome,
    NomineeCheck,
    NomineeData,
    nominating_districts,
    nominations_import,
    nominees_check,
    quota_unclaimed,
)

SHEET = "Usulan"
# (field of NomineeData, column); the headers are what users see and what the reader matches.
FIELDS = [
    ("nik", Column("NIK", "nik", 19)),
    ("name", Column("Nama Lengkap", "text", 28)),
    ("sex", Column("Jenis Kelamin (L/P)", "text", 10)),
    ("birth_date", Column("Tanggal Lahir", "date", 13)),
    ("phone", Column("Telepon/WA", "text", 16)),
    ("address", Column("Alamat", "text", 30)),
    ("kabupaten_kota_id", Column("Kabupaten/Kota", "text", 28)),
    ("role", Column("Peran", "text", 20)),
    ("business_kind", Column("Jenis Usaha", "text", 15)),
    ("business_name", Column("Nama Usaha/Koperasi", "text", 28)),
    ("sector", Column("Sektor", "text", 16)),
    ("nib", Column("NIB", "nik", 16)),
    ("started_on", Column("Mulai Usaha", "date", 13)),
    ("omzet", Column("Omzet per Bulan (Rp)", "rupiah", 18)),
    ("aset", Column("Aset (Rp)", "rupiah", 18)),
    ("tenaga_kerja", Column("Tenaga Kerja (orang)", "int", 12)),
]
HEADERS = [column.header for _, column in FIELDS]
TEMPLATE_ROWS = 5000  # rows prepared with text format and drop-downs
BUSINESS_KIND_LABELS = {BusinessKind.USAHA: "Usaha (UMKM)", BusinessKind.KOPERASI: "Koperasi"}


def district_label(kabupaten_kota) -> str:
    return f"{kabupaten_kota.code} {kabupaten_kota.name}"


# --- Template ------------------------------------------------------------------------------


def nomination_template_write(target, *, program, user) -> None:
    """The empty nomination workbook: headers, drop-downs for this user, an example, a guide."""
    districts = [district_label(k) for k in nominating_districts(user=user, program=program)]
    roles = list(ParticipantRole.labels)
    kinds = list(BUSINESS_KIND_LABELS.values())
    columns = [column for _, column in FIELDS]
    index = {name: i for i, (name, _) in enumerate(FIELDS)}
    with XlsxBook(target) as book:
        sheet = book.table_sheet(SHEET, columns, [], autofilter=False)
        text = book.formats["text"]
        for name in ("nik", "name", "phone", "address", "nib", "sector", "business_name"):
            sheet.set_column(index[name], index[name], FIELDS[index[name]][1].width, text)
        for name in ("birth_date", "started_on"):
            sheet.set_column(index[name], index[name], 13, book.formats["date"])
        last = TEMPLATE_ROWS

        def dropdown(name, source, message):
            col = index[name]
            sheet.data_validation(
                1,
                col,
                last,
                col,
                {
                    "validate": "list",
                    "source": source,
                    "error_title": "Pilihan tidak sah",
                    "error_message": message,
                },
            )

        dropdown("sex", ["L", "P"], "Isi L (laki-laki) atau P (perempuan).")
        dropdown("kabupaten_kota_id", f"=Daftar!$A$2:$A${len(districts) + 1}", "Pilih dari daftar.")
        dropdown("role", f"=Daftar!$B$2:$B${len(roles) + 1}", "Pilih peran dari daftar.")
        dropdown("business_kind", f"=Daftar!$C$2:$C${len(kinds) + 1}", "Pilih dari daftar.")
        for name, title in (("omzet", "Rupiah"), ("aset", "Rupiah"), ("tenaga_kerja", "Orang")):
            col = index[name]
            sheet.data_validation(
                1,
                col,
                last,
                col,
                {
                    "validate": "integer",
                    "criteria": ">=",
                    "value": 0,
                    "error_title": title,
                    "error_message": "Isi bilangan bulat, tidak negatif, tanpa titik/koma.",
                },
            )
        for name in ("birth_date", "started_on"):
            col = index[name]
            sheet.data_validation(
                1,
                col,
                last,
                col,
                {
                    "validate": "date",
                    "criteria": ">",
                    "value": dt.date(1900, 1, 1),
                    "error_title": "Tanggal",
                    "error_message": "Isi tanggal, misalnya 17-11-1985.",
                },
            )

        example_district = districts[0] if districts else "52.71 Kota Mataram"
        book.table_sheet(
            "Contoh",
            columns,
            [
                [
                    "5271015703850001",
                    "Siti Aminah",
                    "P",
                    dt.date(1985, 3, 17),
                    "081234567890",
                    "Jl. Pejanggik No. 10",
                    example_district,
                    ParticipantRole.PEMILIK_USAHA.label,
                    BUSINESS_KIND_LABELS[BusinessKind.USAHA],
                    "Konveksi Aminah",
                    "Konveksi",
                    "9120001234567",
                    dt.date(2018, 6, 1),
                    6_500_000,
                    45_000_000,
                    3,
                ]
            ],
            autofilter=False,
        )
        book.table_sheet(
            "Petunjuk",
            [Column("Petunjuk pengisian", "text", 110)],
            [
                [f"Program: {program.code} — {program.name}"],
                [
                    "Isi satu orang per baris di lembar 'Usulan', mulai baris 2. Lihat lembar 'Contoh'."
                ],
                ["NIK 16 angka dan NIB 13 angka diketik sebagai teks (kolom sudah diformat Teks)."],
                ["Jangan menyalin NIK sebagai angka: Excel hanya menyimpan 15 digit angka."],
                ["Jenis Kelamin: L atau P. Tanggal: format tanggal Excel atau TTTT-BB-HH."],
                ["Omzet per bulan, aset: rupiah bulat tanpa titik; tenaga kerja: jumlah orang."],
                ["Kabupaten/Kota, Peran dan Jenis Usaha: pilih dari daftar."],
                [
                    "Seluruh berkas diimpor bila semua baris benar; bila ada satu baris salah, tidak ada yang masuk."
                ],
            ],
            freeze=False,
            autofilter=False,
        )
        lists = book.workbook.add_worksheet("Daftar")
        for col, (header, _values) in enumerate(
            (("Kabupaten/Kota", districts), ("Peran", roles), ("Jenis Usaha", kinds))
        ):
            lists.write_string(0, col, header, book.header_format)
        for row in range(max(len(districts), len(roles), len(kinds))):
            for col, values in enumerate((districts, roles, kinds)):
                if row < len(values):
                    lists.write_string(row + 1, col, values[row])
        lists.hide()


# --- Reading -------------------------------------------------------------------------------

DATE_TEXT = [
    (re.compile(r"^\d{4}-\d{2}-\d{2}$"), "%Y-%m-%d"),
    (re.compile(r"^\d{1,2}-\d{1,2}-\d{4}$"), "%d-%m-%Y"),
    (re.compile(r"^\d{1,2}/\d{1,2}/\d{4}$"), "%d/%m/%Y"),
]


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.strftime("%d-%m-%Y")
    return str(value).strip()


def _date(value, label: str, errors: list[str]) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    for pattern, fmt in DATE_TEXT:
        if pattern.match(text):
            try:
                return dt.datetime.strptime(text, fmt).date()
            except ValueError:
                break
    errors.append(f"{label} '{text}' bukan tanggal (contoh: 17-11-1985 atau 1985-11-17).")
    return None


def _whole(value, label: str, errors: list[str]) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool):
        errors.append(f"{label} harus angka.")
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        errors.append(f"{label} harus bilangan bulat (tertulis {value}).")
        return None
    text = str(value).strip().removeprefix("Rp").strip().replace(".", "").replace(" ", "")
    if re.fullmatch(r"-?\d+", text):
        return int(text)
    errors.append(f"{label} '{value}' bukan bilangan bulat.")
    return None


def _district(value) -> str | None:
    """'52.71 Kota Mataram', '52.71' or '5271' → '52.71'."""
    text = _text(value)
    match = re.match(r"^(\d{2})\.?(\d{2})\b", text)
    return f"{match[1]}.{match[2]}" if match else (text or None)


def _choice(value, choices: dict[str, str], default: str) -> str:
    text = _text(value).casefold()
    if not text:
        return default
    return choices.get(text, text)


ROLE_CHOICES = {label.casefold(): value for value, label in ParticipantRole.choices} | {
    value: value for value in ParticipantRole.values
}
KIND_CHOICES = {label.casefold(): value for value, label in BUSINESS_KIND_LABELS.items()} | {
    "usaha": BusinessKind.USAHA,
    "umkm": BusinessKind.USAHA,
    "koperasi": BusinessKind.KOPERASI,
}
SEX_CHOICES = {"l": Sex.LAKI_LAKI, "p": Sex.PEREMPUAN, "laki-laki": "L", "perempuan": "P"}


@dataclass
class ImportRow:
    """One row of the file: where it sits, what it says, and what is wrong with it."""

    number: int  # the row number Excel shows
    data: NomineeData
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    check: NomineeCheck | None = None
    over_quota: bool = False


@dataclass
class ImportPreview:
    file_errors: list[str] = field(default_factory=list)
    rows: list[ImportRow] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.file_errors and bool(self.rows) and not self.rows_with_errors

    @property
    def rows_with_errors(self) -> list[ImportRow]:
        return [row for row in self.rows if row.errors]

    @property
    def rows_with_warnings(self) -> list[ImportRow]:
        return [row for row in self.rows if row.warnings]

    @property
    def reserve_count(self) -> int:
        return sum(row.over_quota for row in self.rows)


def nomination_file_read(data: bytes) -> ImportPreview:
    """Rows of an uploaded file, with the problems of each cell; no database access."""
    preview = ImportPreview()
    try:
        headers, raw_rows = read_sheet(data, sheet=SHEET)
    except ValidationError:
        try:
            headers, raw_rows = read_sheet(data)
        except ValidationError as error:
            preview.file_errors += error.messages
            return preview
    position = {header.casefold(): i for i, header in enumerate(headers)}
    missing = [h for h in HEADERS if h.casefold() not in position]
    if missing:
        preview.file_errors.append(
            f"Kolom tidak ditemukan: {', '.join(missing)}. Gunakan templat yang diunduh dari aplikasi."
        )
        return preview
    if not raw_rows:
        preview.file_errors.append("Berkas tidak berisi baris usulan.")
        return preview
    where = {name: position[column.header.casefold()] for name, column in FIELDS}
    for offset, raw in enumerate(raw_rows):
        if all(value is None for value in raw):
            continue  # an empty row between data: skipped, later rows keep their numbers
        errors: list[str] = []
        cell = {name: raw[i] for name, i in where.items()}
        nik = cell["nik"]
        if isinstance(nik, (int, float)):
            errors.append(
                "NIK tersimpan sebagai angka (Excel hanya menyimpan 15 digit); "
                "format kolom NIK sebagai Teks lalu ketik ulang."
            )
        nib = cell["nib"]
        if isinstance(nib, (int, float)):
            errors.append(
                "NIB tersimpan sebagai angka; format kolom NIB sebagai Teks lalu ketik ulang."
            )
        sex = _text(cell["sex"]).casefold()
        row = ImportRow(
            number=offset + 2,
            data=NomineeData(
                nik=_text(nik),
                name=_text(cell["name"]),
                sex=SEX_CHOICES.get(sex, sex.upper()),
                birth_date=_date(cell["birth_date"], "Tanggal lahir", errors),
                phone=_text(cell["phone"]),
                address=_text(cell["address"]),
                kabupaten_kota_id=_district(cell["kabupaten_kota_id"]),
                role=_choice(cell["role"], ROLE_CHOICES, ParticipantRole.PEMILIK_USAHA),
                business_kind=_choice(cell["business_kind"], KIND_CHOICES, BusinessKind.USAHA),
                business_name=_text(cell["business_name"]),
                sector=_text(cell["sector"]),
                nib=_text(nib),
                started_on=_date(cell["started_on"], "Mulai usaha", errors),
                omzet=_whole(cell["omzet"], "Omzet per bulan", errors),
                aset=_whole(cell["aset"], "Aset", errors),
                tenaga_kerja=_whole(cell["tenaga_kerja"], "Tenaga kerja", errors),
            ),
            errors=errors,
        )
        preview.rows.append(row)
    return preview


def nomination_file_preview(*, program, user, data: bytes, today=None) -> ImportPreview:
    """Read the file and judge every row by the nomination rules, without writing anything."""
    today = today or timezone.localdate()
    preview = nomination_file_read(data)
    if preview.file_errors:
        return preview
    checks = nominees_check(
        program=program, user=user, nominees=[r.data for r in preview.rows], today=today
    )
    left = quota_unclaimed(
        program=program, districts={r.data.kabupaten_kota_id for r in preview.rows}
    )
    for row, check in zip(preview.rows, checks, strict=True):
        row.check = check
        row.errors += check.errors
        row.warnings += check.warnings
        district = row.data.kabupaten_kota_id
        if not row.errors and district in left:
            row.over_quota = left[district] <= 0
            left[district] -= 1
    return preview


def nomination_file_import(*, program, user, data: bytes, today=None) -> ImportOutcome:
    """Import a whole file, or nothing: any row with an error stops it."""
    preview = nomination_file_read(data)
    if preview.file_errors:
        raise ValidationError(preview.file_errors)
    if preview.rows_with_errors:
        raise ValidationError(
            [f"Baris {r.number}: {'; '.join(r.errors)}" for r in preview.rows_with_errors[:50]]
        )
    return nominations_import(
        program=program, by=user, nominees=[r.data for r in preview.rows], today=today
    )
