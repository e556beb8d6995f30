"""XlsxBook.table_sheet writes each cell exactly as write_cell would, whatever its type."""

import datetime as dt
import io
from decimal import Decimal
from zoneinfo import ZoneInfo

import openpyxl

from balatkop.xlsx import Column, XlsxBook

COLUMNS = [
    Column("Teks"),
    Column("NIK", "nik"),
    Column("Angka", "int"),
    Column("Rupiah", "rupiah"),
    Column("Persen", "percent"),
    Column("Tanggal", "date"),
]
ROWS = [
    ["Batik", "5271014108900001", 7, 5_000_000, Decimal("123.75"), dt.date(2025, 3, 1)],
    ["=1+1", 5271014108900001, 7.5, True, "tidak dapat dihitung", dt.datetime(2025, 3, 1, 9)],
    [12, "", None, Decimal("0.50"), 2.25, dt.datetime(2025, 3, 1, 9, tzinfo=ZoneInfo("UTC"))],
    [dt.date(2025, 1, 2), None, "", 0, -1, None],
]


def cells(data: bytes) -> list[list[tuple]]:
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    return [
        [(c.value, c.data_type, c.number_format) for c in row]
        for row in sheet.iter_rows(min_row=2, max_col=len(COLUMNS))
    ]


def test_table_rows_are_the_cells_write_cell_writes():
    by_table = io.BytesIO()
    with XlsxBook(by_table) as book:
        book.table_sheet("Data", COLUMNS, ROWS)
    by_cell = io.BytesIO()
    with XlsxBook(by_cell) as book:
        sheet = book.table_sheet("Data", COLUMNS, [])
        for row_index, row in enumerate(ROWS, 1):
            for col, (value, column) in enumerate(zip(row, COLUMNS, strict=True)):
                book.write_cell(sheet, row_index, col, value, column.kind)
    assert cells(by_table.getvalue()) == cells(by_cell.getvalue())


def test_table_keeps_text_as_text_and_numbers_as_numbers():
    buffer = io.BytesIO()
    with XlsxBook(buffer) as book:
        sheet = book.table_sheet("Data", COLUMNS, ROWS)
    first, second, third, _ = cells(buffer.getvalue())
    assert first[1] == ("5271014108900001", "s", "@")
    assert first[3] == (5_000_000, "n", '"Rp" #,##0')
    assert first[4] == (123.75, "n", "#,##0.00")
    assert second[0] == ("=1+1", "s", "@")
    assert second[1] == ("5271014108900001", "s", "@")
    assert second[4][:2] == ("tidak dapat dihitung", "s")
    assert third[0] == ("12", "s", "@")
    assert sheet.last_row == 4 and sheet.header_row == 0


def test_an_empty_table_ends_at_its_header():
    with XlsxBook(io.BytesIO()) as book:
        sheet = book.table_sheet("Data", COLUMNS, [], title="Judul", notes=["Catatan"])
    assert sheet.header_row == 3 and sheet.last_row == 3


def test_a_report_may_leave_empty_cells_unformatted_and_keep_everything_else():
    """Templates keep the column format on empty cells (typed values take it); reports need not."""

    def written(format_blanks: bool) -> list[list[tuple]]:
        buffer = io.BytesIO()
        with XlsxBook(buffer) as book:
            book.table_sheet("Data", COLUMNS, ROWS, format_blanks=format_blanks)
        return cells(buffer.getvalue())

    template, report = written(True), written(False)
    assert template[3][1] == (None, "n", "@") and template[2][2] == (None, "n", "#,##0")
    assert report[3][1] == (None, "n", "General") and report[2][2] == (None, "n", "General")
    for template_row, report_row in zip(template, report, strict=True):
        for kept, left_out in zip(template_row, report_row, strict=True):
            assert left_out == kept or (left_out[0] is None and kept[0] is None)
