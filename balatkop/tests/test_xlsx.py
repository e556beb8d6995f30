"""The Excel safety rules: uploads are checked before parsing; exports never carry formulas."""

import datetime as dt
import io
import zipfile

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from balatkop.xlsx import (
    Column,
    XlsxBook,
    check_xlsx_upload,
    excel_safe_text,
    read_sheet,
    write_csv,
)


def make_xlsx(rows, columns=None) -> bytes:
    columns = columns or [Column(h) for h in rows[0]]
    buffer = io.BytesIO()
    with XlsxBook(buffer) as book:
        book.table_sheet("Data", columns, rows[1:])
    return buffer.getvalue()


def upload(data: bytes, name="data.xlsx"):
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def test_a_plain_workbook_passes_the_check_and_reads_back_with_types():
    data = make_xlsx(
        [
            ["NIK", "Nama", "Omzet", "Tanggal"],
            ["5271014108900001", "Ani", 5_000_000, dt.date(2020, 11, 17)],
        ],
        [
            Column("NIK", "nik"),
            Column("Nama"),
            Column("Omzet", "rupiah"),
            Column("Tanggal", "date"),
        ],
    )
    checked = check_xlsx_upload(upload(data))
    headers, rows = read_sheet(checked)
    assert headers == ["NIK", "Nama", "Omzet", "Tanggal"]
    assert rows == [["5271014108900001", "Ani", 5_000_000, dt.date(2020, 11, 17)]]


def test_a_nik_typed_as_a_number_reads_back_as_an_int_not_text():
    buffer = io.BytesIO()
    workbook = openpyxl.Workbook()
    workbook.active.append(["NIK"])
    workbook.active.append([5271014108900001])
    workbook.save(buffer)
    _, rows = read_sheet(buffer.getvalue())
    assert isinstance(rows[0][0], int)


def test_user_text_that_looks_like_a_formula_stays_text_in_the_workbook():
    data = make_xlsx([["Nama Usaha"], ['=HYPERLINK("http://x","klik")'], ["+62811"], ["@SUM(A1)"]])
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    values = [sheet.cell(row=r, column=1) for r in range(2, 5)]
    assert [c.value for c in values] == ['=HYPERLINK("http://x","klik")', "+62811", "@SUM(A1)"]
    assert all(c.data_type == "s" for c in values)


def test_nik_is_written_as_text_with_all_sixteen_digits():
    data = make_xlsx([["NIK"], ["5271014108900001"]], [Column("NIK", "nik")])
    cell = openpyxl.load_workbook(io.BytesIO(data)).active["A2"]
    assert cell.value == "5271014108900001" and cell.data_type == "s"


def test_csv_export_prefixes_text_a_spreadsheet_would_evaluate():
    assert excel_safe_text("=1+1") == "'=1+1"
    assert excel_safe_text("-5") == "'-5"
    assert excel_safe_text("Batik") == "Batik"
    out = io.StringIO()
    write_csv(out, [Column("Nama")], [["=cmd|' /C calc'!A0"]])
    assert out.getvalue().splitlines()[1].startswith("'=")


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("data.xls", b"\xd0\xcf\x11\xe0rest", ".xls tidak diterima"),
        ("data.pdf", b"%PDF-1.4", "harus berformat Excel"),
        ("data.xlsx", b"this is not a zip", "rusak"),
        ("data.xlsx", b"\xd0\xcf\x11\xe0rest", "format Excel lama"),
    ],
)
def test_files_that_are_not_xlsx_are_refused_with_a_clear_message(name, data, message):
    with pytest.raises(ValidationError, match=message):
        check_xlsx_upload(upload(data, name))


def test_files_over_five_megabytes_are_refused():
    with pytest.raises(ValidationError, match="terlalu besar"):
        check_xlsx_upload(upload(b"0" * (5 * 1024 * 1024 + 1)))


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def test_a_macro_enabled_workbook_is_refused():
    data = make_xlsx([["A"], ["x"]])
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        entries = {name: source.read(name) for name in source.namelist()}
    entries["xl/vbaProject.bin"] = b"\x00" * 100
    with pytest.raises(ValidationError, match="makro"):
        check_xlsx_upload(upload(_zip(entries)))


def test_a_zip_bomb_is_refused_before_any_parser_opens_it():
    entries = {
        "[Content_Types].xml": b"<Types/>",
        "xl/workbook.xml": b"<workbook/>",
        "xl/worksheets/sheet1.xml": b"0" * (50 * 1024 * 1024),  # 50 MB of zeros, ~50 KB packed
    }
    data = _zip(entries)
    assert len(data) < 200 * 1024
    with pytest.raises(ValidationError, match="zip bomb"):
        check_xlsx_upload(upload(data))


def test_an_archive_with_a_huge_declared_size_is_refused():
    entries = {
        "[Content_Types].xml": b"<Types/>",
        "xl/workbook.xml": b"<workbook/>",
    }
    entries.update({f"xl/media/image{i}.bin": b"1" * (1024 * 1024) for i in range(260)})
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    from balatkop.xlsx import check_xlsx_bytes

    with pytest.raises(ValidationError, match="terlalu besar bila dibuka"):
        check_xlsx_bytes(buffer.getvalue())
