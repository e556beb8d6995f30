"""The shared writer's safety rules: exports never carry formulas, NIK stays text, local time."""

import datetime as dt
import io
import zoneinfo

import openpyxl

from balatkop.xlsx import Column, XlsxBook, excel_safe_text


def make_xlsx(rows, columns=None) -> bytes:
    columns = columns or [Column(h) for h in rows[0]]
    buffer = io.BytesIO()
    with XlsxBook(buffer) as book:
        book.table_sheet("Data", columns, rows[1:])
    return buffer.getvalue()


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


def test_csv_text_that_a_spreadsheet_would_evaluate_is_prefixed():
    assert excel_safe_text("=1+1") == "'=1+1"
    assert excel_safe_text("-5") == "'-5"
    assert excel_safe_text("Batik") == "Batik"


def test_an_aware_datetime_is_written_in_local_time(settings):
    settings.TIME_ZONE = "Asia/Makassar"
    moment = dt.datetime(2020, 11, 17, 1, 30, tzinfo=zoneinfo.ZoneInfo("UTC"))
    data = make_xlsx([["Waktu"], [moment]], [Column("Waktu", "date")])
    cell = openpyxl.load_workbook(io.BytesIO(data)).active["A2"]
    assert cell.value == dt.datetime(2020, 11, 17, 9, 30)
