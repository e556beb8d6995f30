"""The gate every uploaded spreadsheet passes before any parser touches it.

1. Size, format (.xlsx, .ods, .xls, .csv — by content, not by name) and, for the zip formats,
   the archive: entries, unpacked size, compression ratio, macros.
2. The sheet's extent, read from the XML itself: the declared ``<dimension>`` and every cell
   or row reference beyond :data:`MAX_ROWS` × :data:`MAX_COLUMNS` (python-calamine allocates
   the whole declared grid, so a 2 KB file naming XFD1048576 would abort the process).
3. Parsing in a child process with memory and time limits (:mod:`balatkop.importing.child`):
   whatever a file does to the reader, the web worker survives it.

CSV (comma or semicolon, UTF-8 or Windows-1252) is plain text and is read here.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import pickle
import re
import subprocess
import sys
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_ROWS = 100_001  # a header and 100,000 data rows
MAX_COLUMNS = 60
# Limits on the archive's declared contents; a real 100,000-row sheet is ~40 MB unpacked.
MAX_UNCOMPRESSED_BYTES = 250 * 1024 * 1024
MAX_COMPRESSION_RATIO = 100
MAX_ENTRIES = 1000
CHILD_SECONDS = 120
CHILD_MEMORY_BYTES = 2 * 1024**3
ACCEPTED = ".xlsx, .ods, .xls atau .csv"
RESAVE = (
    "Buka berkas di Excel atau LibreOffice, pilih Simpan Sebagai (Save As) → "
    "Buku Kerja Excel (.xlsx), lalu unggah berkas .xlsx itu."
)


@dataclass
class Table:
    """The data sheet of a file: its header row and its data rows with Excel's row numbers."""

    headers: list[str]
    rows: list[tuple[int, list]]  # (row number as Excel shows it, cells)
    sheet: str = ""
    sheets: list[str] = field(default_factory=list)


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}".replace(".", ",") + " MB"


def refuse(message: str):
    raise ValidationError(message, code="file")


# --- 1. Size, format, archive ----------------------------------------------------------------


def upload_bytes(uploaded_file, *, max_bytes: int = MAX_UPLOAD_BYTES) -> bytes:
    """The bytes of an uploaded file, refusing one that is too large to be a real sheet."""
    size = getattr(uploaded_file, "size", None)
    if size is not None and size > max_bytes:
        refuse(
            f"Berkas terlalu besar ({_mb(size)}); batasnya {_mb(max_bytes)}. "
            "Pecah menjadi beberapa berkas."
        )
    data = uploaded_file.read(max_bytes + 1)
    if len(data) > max_bytes:
        refuse(f"Berkas terlalu besar; batasnya {_mb(max_bytes)}.")
    return data


def file_format(data: bytes, name: str = "") -> str:
    """'xlsx', 'ods', 'xls' or 'csv', from the content (the name only breaks a tie)."""
    suffix = Path(name).suffix.lower()
    if data[:4] == b"\xd0\xcf\x11\xe0":
        if suffix in {".xlsx", ".xlsm", ".xlsb"}:
            refuse(f"Berkas ini dilindungi kata sandi. Hapus kata sandinya dulu. {RESAVE}")
        return "xls"
    if data[:4] == b"PK\x03\x04":
        return _archive_format(data)
    if suffix in {".xlsx", ".xls", ".ods", ".xlsm", ".xlsb"} or b"\x00" in data[:4096]:
        refuse(f"Berkas rusak atau bukan lembar kerja ({ACCEPTED}). {RESAVE}")
    return "csv"


def _archive_format(data: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
            names = {entry.filename for entry in entries}
            mimetype = archive.read("mimetype")[:100] if "mimetype" in names else b""
            content_types = (
                archive.read("[Content_Types].xml")
                if "[Content_Types].xml" in names
                and archive.getinfo("[Content_Types].xml").file_size < 1024 * 1024
                else b""
            )
    except (zipfile.BadZipFile, OSError, ValueError, KeyError) as error:
        raise ValidationError("Berkas rusak dan tidak dapat dibuka.", code="file") from error
    if len(entries) > MAX_ENTRIES:
        refuse("Berkas berisi terlalu banyak bagian; ini bukan lembar kerja biasa.")
    total = sum(entry.file_size for entry in entries)
    if total > MAX_UNCOMPRESSED_BYTES:
        refuse(
            f"Isi berkas terlalu besar bila dibuka ({_mb(total)}); berkas ini ditolak demi keamanan."
        )
    for entry in entries:
        if entry.file_size > 1024 * 1024 and entry.file_size > MAX_COMPRESSION_RATIO * max(
            entry.compress_size, 1
        ):
            refuse("Berkas dipadatkan secara tidak wajar (kemungkinan 'zip bomb') dan ditolak.")
    if mimetype.strip() == b"application/vnd.oasis.opendocument.spreadsheet" and (
        "content.xml" in names
    ):
        return "ods"
    if "xl/workbook.xml" not in names or not content_types:
        refuse(f"Berkas bukan buku kerja yang sah ({ACCEPTED}). {RESAVE}")
    if any(name.lower().endswith("vbaproject.bin") for name in names) or (
        b"macroEnabled" in content_types
    ):
        refuse("Berkas berisi makro. Demi keamanan, simpan ulang sebagai .xlsx tanpa makro.")
    return "xlsx"


# --- 2. Extent, from the XML ----------------------------------------------------------------

_DIMENSION = re.compile(
    rb"<(?:\w+:)?dimension\s+ref=\"([A-Z]{1,3})?(\d+)?(?::([A-Z]{1,3})(\d+))?\""
)
# Only references that may lie beyond the cap: two- or three-letter columns, six-digit rows.
_FAR_CELL = re.compile(rb"\sr=\"(?:([A-Z]{2,3})(\d+)|[A-Z](\d{6,}))\"")
_FAR_ROW = re.compile(rb"<(?:\w+:)?row\b[^>]*?\sr=\"(\d{6,})\"")
_ODS_REPEAT = re.compile(
    rb"<table:table-(row|cell)\b([^>]*?)table:number-(?:rows|columns)-repeated=\"(\d+)\"([^>]*)>"
)
CHUNK = 1024 * 1024


def column_number(letters: bytes | str) -> int:
    number = 0
    for letter in letters.decode() if isinstance(letters, bytes) else letters:
        number = number * 26 + ord(letter) - 64
    return number


def _count(number: int) -> str:
    return f"{number:,}".replace(",", ".")


def _too_large(rows: int, columns: int, where: str) -> None:
    if rows > MAX_ROWS or columns > MAX_COLUMNS:
        reach = " × ".join(
            part
            for part in (rows and f"{_count(rows)} baris", columns and f"{_count(columns)} kolom")
            if part
        )
        refuse(
            f"Lembar kerja {where}menjangkau {reach}; batasnya {_count(MAX_ROWS - 1)} baris data "
            f"× {MAX_COLUMNS} kolom. Hapus baris dan kolom kosong di luar tabel (atau salin "
            "tabelnya ke berkas baru), lalu unggah lagi. Berkas ini tidak disimpan."
        )


def _scan(archive: zipfile.ZipFile, name: str, patterns):
    """Stream one part of the archive through the patterns, chunk by chunk, with overlap."""
    tail = b""
    with archive.open(name) as part:
        while chunk := part.read(CHUNK):
            window = tail + chunk
            for pattern, found in patterns:
                for match in pattern.finditer(window):
                    found(match, window)
            tail = window[-512:]


def check_extent(data: bytes, fmt: str) -> None:
    """Refuse a sheet whose declared or actual extent is beyond the cap, before parsing it."""
    if fmt not in {"xlsx", "ods"}:
        return
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        if fmt == "xlsx":
            for name in archive.namelist():
                if re.fullmatch(r"xl/worksheets/[^/]+\.xml", name):
                    _check_xlsx_sheet(archive, name)
        else:
            _check_ods(archive)


def _check_xlsx_sheet(archive, name) -> None:
    where = ""
    extent = [0, 0]

    def dimension(match, _window):
        if match[3]:
            extent[0] = max(extent[0], int(match[4]))
            extent[1] = max(extent[1], column_number(match[3]))

    def far_cell(match, _window):
        if match[1]:
            extent[0] = max(extent[0], int(match[2]))
            extent[1] = max(extent[1], column_number(match[1]))
        else:
            extent[0] = max(extent[0], int(match[3]))

    def far_row(match, _window):
        extent[0] = max(extent[0], int(match[1]))

    _scan(archive, name, [(_DIMENSION, dimension), (_FAR_CELL, far_cell), (_FAR_ROW, far_row)])
    _too_large(extent[0], extent[1], where)


def _check_ods(archive) -> None:
    # LibreOffice ends each sheet with empty rows and cells "repeated" to the sheet's edge;
    # a repeat beyond the cap is refused only when what it repeats holds a value.
    def repeat(match, window):
        kind, count, after = match[1], int(match[3]), match[4]
        if kind == b"cell" and count > MAX_COLUMNS:
            if b"value" in match[2] + after or not after.endswith(b"/"):
                _too_large(0, count, "")
        elif kind == b"row" and count > MAX_ROWS:
            end = window.find(b"</table:table-row>", match.end())
            content = window[match.end() : end if end >= 0 else len(window)]
            if b"value" in content or b"<text:" in content:
                _too_large(count, 0, "")

    _scan(archive, "content.xml", [(_ODS_REPEAT, repeat)])


# --- 3. Parsing -----------------------------------------------------------------------------

CHILD = Path(__file__).resolve().parent / "child.py"
SAFE_CLASSES = {("datetime", "date"), ("datetime", "datetime"), ("datetime", "time"),
                ("datetime", "timedelta")}  # fmt: skip


class _CellsOnly(pickle.Unpickler):
    """The child's answer holds plain values and dates; nothing else may be built from it."""

    def find_class(self, module, name):
        if (module, name) in SAFE_CLASSES:
            return getattr(dt, name)
        raise pickle.UnpicklingError(f"{module}.{name} is not a cell value")


def _parse_in_child(data: bytes, fmt: str, sheet_names: list[str], headers: list[str]) -> dict:
    request = json.dumps(
        {"format": fmt, "sheets": sheet_names, "headers": headers, "max_rows": MAX_ROWS,
         "max_columns": MAX_COLUMNS, "memory": CHILD_MEMORY_BYTES, "seconds": CHILD_SECONDS}
    ).encode()  # fmt: skip
    try:
        done = subprocess.run(  # noqa: S603 - our own interpreter and script, no shell
            [sys.executable, "-I", str(CHILD)],
            input=request + b"\n" + data,
            capture_output=True,
            timeout=CHILD_SECONDS + 10,
            check=False,
        )
    except subprocess.TimeoutExpired as error:
        raise ValidationError(
            "Berkas terlalu lama dibaca dan dihentikan. Simpan ulang sebagai .xlsx berisi tabel "
            "datanya saja, lalu unggah lagi.",
            code="file",
        ) from error
    if done.returncode != 0 or not done.stdout:
        refuse(
            "Berkas tidak dapat dibaca (rusak, atau lembarnya terlalu besar untuk dibuka). "
            + RESAVE
        )
    answer = _CellsOnly(io.BytesIO(done.stdout)).load()
    if answer.get("error"):
        refuse(answer["error"])
    return answer


def _csv_text(data: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def _read_csv(data: bytes) -> dict:
    text = _csv_text(data)
    first = text.split("\n", 1)[0]
    delimiter = max((";", ",", "\t"), key=first.count)
    csv.field_size_limit(100_000)
    rows = []
    try:
        for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
            if len(rows) >= MAX_ROWS or len(row) > MAX_COLUMNS:
                _too_large(len(rows) + 1, len(row), "")
            rows.append([cell if cell.strip() else None for cell in row])
    except csv.Error as error:
        raise ValidationError(
            f"Berkas CSV tidak dapat dibaca: baris {len(rows) + 1} rusak."
        ) from error
    return {"sheet": "CSV", "sheets": ["CSV"], "rows": rows}


def _clean(value):
    if value == "" or value is None:
        return None
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    if isinstance(value, str):
        return value.strip() or None
    return value


def read_table(data: bytes, *, name: str = "", sheet_names: list[str], headers: list[str]) -> Table:
    """The data sheet of a file that passed the gate: the sheet named like one of
    ``sheet_names`` (any case and spacing), else the first sheet whose header row holds
    ``headers`` (normalised by :func:`header_key`), else the first sheet."""
    fmt = file_format(data, name)
    check_extent(data, fmt)
    answer = _read_csv(data) if fmt == "csv" else _parse_in_child(data, fmt, sheet_names, headers)
    raw = answer["rows"]
    if not raw:
        return Table([], [], answer["sheet"], answer["sheets"])
    titles = [str(_clean(h) or "") for h in raw[0]]
    while titles and not titles[-1]:
        titles.pop()
    rows = []
    for number, cells in enumerate(raw[1:], start=2):
        row = [_clean(v) for v in cells[: len(titles)]]
        row += [None] * (len(titles) - len(row))
        rows.append((number, row))
    while rows and all(v is None for v in rows[-1][1]):
        rows.pop()
    return Table(titles, rows, answer["sheet"], answer["sheets"])


def header_key(header) -> str:
    """Headers match whatever their case and spacing: ' omzet  SEBELUM ' is 'Omzet Sebelum'."""
    return " ".join(str(header or "").split()).casefold()
