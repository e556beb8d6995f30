"""Excel in and out, safely: the upload check, the reader and the one shared writer.

Reading: :func:`check_xlsx_upload` (or :func:`check_xlsx_bytes`) inspects the archive
*before* any parser touches it — a zip bomb hangs openpyxl for minutes and aborts the whole
process under python-calamine — then :func:`read_sheet` reads with python-calamine (about
5× faster than openpyxl).

Writing: :class:`XlsxBook` wraps xlsxwriter in constant-memory mode (about 2× faster than
openpyxl's writer). Every string is written with ``write_string``, so user data such as
``=HYPERLINK(...)`` stays inert text; NIK is always text (Excel keeps only 15 digits of a
number); dates are local and naive; money carries a Rupiah number format.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.core.exceptions import ValidationError

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
# Limits on the archive's declared contents; a real 100,000-row sheet is ~40 MB unpacked.
MAX_UNCOMPRESSED_BYTES = 250 * 1024 * 1024
MAX_COMPRESSION_RATIO = 100
MAX_ENTRIES = 1000

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}".replace(".", ",") + " MB"


def check_xlsx_upload(uploaded_file, *, max_bytes: int = MAX_UPLOAD_BYTES) -> bytes:
    """Return the bytes of an uploaded .xlsx, or raise ValidationError saying what is wrong."""
    name = getattr(uploaded_file, "name", "") or ""
    if Path(name).suffix.lower() != ".xlsx":
        if Path(name).suffix.lower() in {".xlsm", ".xls", ".xlsb", ".csv", ".ods"}:
            raise ValidationError(
                f"Berkas {Path(name).suffix} tidak diterima. Simpan ulang sebagai "
                "Buku Kerja Excel (.xlsx) tanpa makro, lalu unggah lagi."
            )
        raise ValidationError("Berkas harus berformat Excel .xlsx.")
    size = getattr(uploaded_file, "size", None)
    if size is not None and size > max_bytes:
        raise ValidationError(
            f"Berkas terlalu besar ({_mb(size)}); batasnya {_mb(max_bytes)}. "
            "Pecah menjadi beberapa berkas."
        )
    data = uploaded_file.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise ValidationError(f"Berkas terlalu besar; batasnya {_mb(max_bytes)}.")
    check_xlsx_bytes(data)
    return data


def check_xlsx_bytes(data: bytes) -> None:
    """Refuse anything that is not a plain, sane .xlsx archive, without unpacking it."""
    if data[:4] == b"\xd0\xcf\x11\xe0":
        raise ValidationError(
            "Berkas ini format Excel lama (.xls) atau dilindungi kata sandi. "
            "Buka di Excel, hapus kata sandinya, lalu simpan sebagai .xlsx."
        )
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise ValidationError("Berkas rusak atau bukan berkas Excel .xlsx.")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
            names = {entry.filename for entry in entries}
            content_types = (
                archive.read("[Content_Types].xml")
                if "[Content_Types].xml" in names
                and archive.getinfo("[Content_Types].xml").file_size < 1024 * 1024
                else b""
            )
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise ValidationError("Berkas rusak dan tidak dapat dibuka sebagai .xlsx.") from error
    if len(entries) > MAX_ENTRIES:
        raise ValidationError("Berkas berisi terlalu banyak bagian; ini bukan lembar kerja biasa.")
    if "xl/workbook.xml" not in names or not content_types:
        raise ValidationError("Berkas bukan buku kerja Excel .xlsx yang sah.")
    if any(name.lower().endswith("vbaproject.bin") for name in names) or (
        b"macroEnabled" in content_types
    ):
        raise ValidationError(
            "Berkas berisi makro. Demi keamanan, simpan ulang sebagai .xlsx tanpa makro."
        )
    total = sum(entry.file_size for entry in entries)
    if total > MAX_UNCOMPRESSED_BYTES:
        raise ValidationError(
            f"Isi berkas terlalu besar bila dibuka ({_mb(total)}); "
            "berkas ini ditolak demi keamanan."
        )
    for entry in entries:
        if entry.file_size > 1024 * 1024 and entry.file_size > MAX_COMPRESSION_RATIO * max(
            entry.compress_size, 1
        ):
            raise ValidationError(
                "Berkas dipadatkan secara tidak wajar (kemungkinan 'zip bomb') dan ditolak."
            )


def _clean(value):
    if value == "":
        return None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        return value.strip() or None
    return value


def read_sheet(data: bytes, *, sheet: int | str = 0) -> tuple[list[str], list[list]]:
    """Headers and rows of one sheet, after :func:`check_xlsx_bytes` has passed.

    Cell values are ``str``, ``int`` (whole numbers), ``float``, ``date``/``datetime``,
    ``bool`` or ``None``. ``rows[i]`` is the sheet's row ``i + 2``, as Excel numbers it: an
    empty row between data stays (all ``None``, callers skip it) so that every error report
    names the row the user sees; empty rows after the data are dropped. A NIK typed as a
    number arrives as ``int`` so callers can tell it from text.
    """
    from python_calamine import CalamineError, CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        worksheet = (
            workbook.get_sheet_by_name(sheet)
            if isinstance(sheet, str)
            else workbook.get_sheet_by_index(sheet)
        )
        raw_rows = worksheet.to_python(skip_empty_area=False)
    except (CalamineError, ValueError, IndexError, KeyError) as error:
        raise ValidationError(
            "Lembar kerja tidak dapat dibaca. Pastikan berkas disimpan dari Excel sebagai .xlsx."
        ) from error
    except Exception as error:  # the Rust reader raises its own types for broken parts
        raise ValidationError("Berkas rusak dan tidak dapat dibaca.") from error
    if not raw_rows:
        return [], []
    headers = [str(_clean(h) or "").strip() for h in raw_rows[0]]
    while headers and not headers[-1]:
        headers.pop()
    rows = []
    for raw in raw_rows[1:]:
        row = [_clean(v) for v in raw[: len(headers)]]
        row += [None] * (len(headers) - len(row))
        rows.append(row)
    while rows and all(v is None for v in rows[-1]):
        rows.pop()
    return headers, rows


# --- Writing -------------------------------------------------------------------------------

NUMBER_FORMATS = {
    "int": "#,##0",
    "year": "0",  # 2025, not "2.025" under an Indonesian Excel
    "rupiah": '"Rp" #,##0',
    "percent": "#,##0.00",
    "decimal": "#,##0.00",
    "date": "dd-mm-yyyy",
}
DEFAULT_WIDTHS = {
    "text": 24,
    "nik": 19,
    "int": 12,
    "year": 8,
    "rupiah": 18,
    "percent": 14,
    "decimal": 14,
    "date": 12,
}


TEXT_KINDS = frozenset({"text", "nik"})


@dataclass(frozen=True)
class Column:
    """One column of a table sheet: its header, kind (how it is written) and width."""

    header: str
    kind: str = "text"  # text | nik | int | rupiah | percent | decimal | date
    width: int | None = None


def excel_safe_text(value) -> str:
    """For CSV, where there is no cell type: prefix text that a spreadsheet would evaluate."""
    text = "" if value is None else str(value)
    if text[:1] in {"=", "+", "-", "@", "\t", "\r"}:
        return "'" + text
    return text


class XlsxBook:
    """The one xlsx writer: ``with XlsxBook(target) as book: book.table_sheet(...)``."""

    def __init__(self, target, *, constant_memory: bool = True):
        import xlsxwriter

        self.workbook = xlsxwriter.Workbook(
            target,
            {
                "constant_memory": constant_memory,
                # Never turn strings into numbers, formulas or links: data stays as typed.
                "strings_to_numbers": False,
                "strings_to_formulas": False,
                "strings_to_urls": False,
                "remove_timezone": True,
                "default_date_format": NUMBER_FORMATS["date"],
            },
        )
        self.formats = {
            kind: self.workbook.add_format({"num_format": f}) for kind, f in NUMBER_FORMATS.items()
        }
        self.formats["text"] = self.workbook.add_format({"num_format": "@"})
        self.formats["nik"] = self.formats["text"]
        self.header_format = self.workbook.add_format(
            {"bold": True, "bg_color": "#DCE6F1", "border": 1, "text_wrap": True, "valign": "top"}
        )
        self.title_format = self.workbook.add_format({"bold": True, "font_size": 14})

    def __enter__(self) -> XlsxBook:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self.workbook.close()

    def write_cell(self, worksheet, row: int, col: int, value, kind: str = "text") -> None:
        """Write one value by its column kind; strings always as inert text."""
        fmt = self.formats.get(kind)
        if value is None or value == "":
            worksheet.write_blank(row, col, None, fmt)
        elif kind in TEXT_KINDS or isinstance(value, str):
            worksheet.write_string(row, col, str(value), fmt)
        elif isinstance(value, bool):
            worksheet.write_boolean(row, col, value)
        elif isinstance(value, dt.datetime):
            worksheet.write_datetime(row, col, value.replace(tzinfo=None), self.formats["date"])
        elif isinstance(value, dt.date):
            worksheet.write_datetime(row, col, value, self.formats["date"])
        elif isinstance(value, (int, float, Decimal)):
            worksheet.write_number(row, col, float(value), fmt)
        else:
            worksheet.write_string(row, col, str(value), fmt)

    def _write_rows(
        self,
        worksheet,
        columns: Sequence[Column],
        rows: Iterable[Sequence],
        first: int,
        *,
        format_blanks: bool = True,
    ) -> int:
        """Write ``rows`` from row ``first`` on; return the last row written (``first`` − 1: none).

        Each cell comes out exactly as :meth:`write_cell` writes it (balatkop/tests/
        test_xlsx_table.py), but this runs for every cell of an 80,000-row sheet: formats and
        the text/number choice are looked up per column once, and the common cells (non-empty
        text, a number in a number column, a date) take one exact-type test. Text still goes
        through ``write_string`` only, so user data never becomes a formula.
        """
        write_string, write_number = worksheet.write_string, worksheet.write_number
        write_datetime, write_cell = worksheet.write_datetime, self.write_cell
        write_blank = worksheet.write_blank
        kinds = [column.kind for column in columns]
        formats = [self.formats.get(kind) for kind in kinds]
        numeric = [kind not in TEXT_KINDS for kind in kinds]
        date_format = self.formats["date"]
        row_index = first - 1
        for row_index, row in enumerate(rows, start=first):
            for col, value in enumerate(row):
                cls = value.__class__
                if cls is str and value:
                    write_string(row_index, col, value, formats[col])
                elif numeric[col] and (cls is int or cls is float):
                    write_number(row_index, col, value, formats[col])
                elif numeric[col] and cls is Decimal:
                    write_number(row_index, col, float(value), formats[col])
                elif cls is dt.date and numeric[col]:
                    write_datetime(row_index, col, value, date_format)
                elif value is None or value == "":
                    if format_blanks:
                        write_blank(row_index, col, None, formats[col])
                else:
                    write_cell(worksheet, row_index, col, value, kinds[col])
        return row_index

    def table_sheet(
        self,
        name: str,
        columns: Sequence[Column],
        rows: Iterable[Sequence],
        *,
        title: str | None = None,
        notes: Sequence[str] = (),
        freeze: bool = True,
        autofilter: bool = True,
        format_blanks: bool = True,
    ):
        """A sheet holding one table (optionally under a title and notes); returns the sheet.

        ``rows`` may be any iterable (a queryset ``.iterator()``): each row is written and
        forgotten, so memory stays flat however many rows there are. The sheet gets the
        attributes ``header_row`` and ``last_row`` (0-based) for charts. Empty cells keep the
        column's format (a template's typed values take it) unless ``format_blanks`` is false.
        """
        worksheet = self.workbook.add_worksheet(name[:31])
        for index, column in enumerate(columns):
            worksheet.set_column(index, index, column.width or DEFAULT_WIDTHS.get(column.kind, 16))
        row_index = 0
        if title:
            worksheet.write_string(row_index, 0, title, self.title_format)
            row_index += 1
        for note in notes:
            worksheet.write_string(row_index, 0, note)
            row_index += 1
        if title or notes:
            row_index += 1
        header_row = row_index
        for index, column in enumerate(columns):
            worksheet.write_string(header_row, index, column.header, self.header_format)
        last_row = self._write_rows(
            worksheet, columns, rows, header_row + 1, format_blanks=format_blanks
        )
        if freeze:
            worksheet.freeze_panes(header_row + 1, 0)
        if autofilter and columns:
            worksheet.autofilter(header_row, 0, last_row, len(columns) - 1)
        worksheet.header_row = header_row
        worksheet.last_row = last_row
        return worksheet


def write_csv(target, columns: Sequence[Column], rows: Iterable[Sequence]) -> None:
    """The same table as CSV (semicolon-separated, as Indonesian Excel expects), made inert."""
    writer = csv.writer(target, delimiter=";")
    writer.writerow([column.header for column in columns])
    for row in rows:
        writer.writerow(
            [
                excel_safe_text(value) if isinstance(value, str) or value is None else value
                for value in row
            ]
        )
