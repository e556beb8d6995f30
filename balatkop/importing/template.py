"""The one template writer of the importers, and the error workbook sent back to the user.

A template has the data sheet (protected header row, every data row formatted and given its
drop-down or number check down to the gate's row cap), a ``Contoh`` sheet with one example
row, a ``Petunjuk`` sheet explaining each column, and a hidden ``Daftar`` sheet holding the
longer drop-down lists (LibreOffice keeps range-based lists when it saves).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Sequence

from balatkop.importing.base import Column, Importer, Reading
from balatkop.importing.gate import MAX_ROWS
from balatkop.xlsx import NUMBER_FORMATS, XlsxBook
from balatkop.xlsx import Column as SheetColumn

LAST_ROW = MAX_ROWS - 1  # 0-based index of the last data row the gate accepts
INLINE_LIST_CHARACTERS = 200  # Excel's inline list limit is 255


def _header_height(columns: Sequence[Column]) -> float:
    lines = max(math.ceil(len(c.header) / max((c.width or 16) - 2, 4)) for c in columns)
    return 15 * max(lines, 1) + 4


def write_template(
    target,
    importer: Importer,
    *,
    notes: Sequence[str] = (),
    lists: dict[str, list[str]] | None = None,
    rows: Iterable[Sequence] = (),
    example: Sequence | None = None,
) -> None:
    """The importer's template; ``rows`` pre-fill the data sheet (the follow-up round)."""
    lists = lists or {}
    columns = importer.columns
    with XlsxBook(target, constant_memory=False) as book:
        workbook = book.workbook
        sheet = workbook.add_worksheet(importer.sheet)
        unlocked = {}
        for kind in {c.written_as for c in columns}:
            spec = {"locked": False, "num_format": NUMBER_FORMATS.get(kind, "@")}
            unlocked[kind] = workbook.add_format(spec)
        header = workbook.add_format(
            {"bold": True, "bg_color": "#DCE6F1", "border": 1, "text_wrap": True,
             "valign": "top", "locked": True}
        )  # fmt: skip
        for index, column in enumerate(columns):
            sheet.set_column(index, index, column.width or 16, unlocked[column.written_as])
            sheet.write_string(0, index, column.header, header)
        sheet.set_row(0, _header_height(columns))
        for number, values in enumerate(rows, start=1):
            for index, (column, value) in enumerate(zip(columns, values, strict=False)):
                _write_value(sheet, number, index, value, unlocked[column.written_as])
        sheet.freeze_panes(1, 0)
        on_sheet: list[tuple[str, list[str]]] = []  # (header, options) for the Daftar sheet
        for index, column in enumerate(columns):
            options = lists.get(column.key) or list(column.labels)
            validation = _validation(column, options, on_sheet=column.key in lists)
            if validation is None:
                continue
            if validation.get("source") == "sheet":
                letter = chr(ord("A") + len(on_sheet))
                validation["source"] = f"=Daftar!${letter}$2:${letter}${len(options) + 1}"
                on_sheet.append((column.header, options))
            sheet.data_validation(1, index, LAST_ROW, index, validation)
        sheet.protect(
            "",
            {"format_cells": True, "format_columns": True, "format_rows": True,
             "insert_rows": True, "delete_rows": True, "sort": True, "autofilter": True},
        )  # fmt: skip
        example_sheet = book.table_sheet(
            "Contoh",
            [SheetColumn(c.header, c.written_as, c.width) for c in columns],
            [list(example) if example is not None else [c.example for c in columns]],
            autofilter=False,
        )
        example_sheet.set_row(0, _header_height(columns))
        book.table_sheet(
            "Petunjuk",
            [SheetColumn("Kolom", width=26), SheetColumn("Isian", width=14),
             SheetColumn("Contoh", width=24), SheetColumn("Keterangan", width=90)],
            [(c.header, "Wajib" if c.required else "Boleh kosong", example_text(c.example), c.guide)
             for c in columns],
            title="Petunjuk pengisian",
            notes=[*notes, f"Isi lembar '{importer.sheet}' mulai baris 2; judul kolom jangan diubah.",
                   "Berkas boleh disimpan sebagai .xlsx, .ods, .xls atau .csv."],
            autofilter=False,
        )  # fmt: skip
        if on_sheet:
            list_sheet = workbook.add_worksheet("Daftar")
            for col, (title, options) in enumerate(on_sheet):
                list_sheet.write_string(0, col, title, header)
                for offset, value in enumerate(options, start=1):
                    list_sheet.write_string(offset, col, value)
            list_sheet.hide()


def example_text(value) -> str:
    """A column's example as the guide shows it (dates as 17-11-2020)."""
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return f"{value:%d-%m-%Y}"
    return str(value)


def _write_value(sheet, row, col, value, fmt) -> None:
    if value is None or value == "":
        sheet.write_blank(row, col, None, fmt)
    elif isinstance(value, str):
        sheet.write_string(row, col, value, fmt)
    elif isinstance(value, (dt.date, dt.datetime)):
        sheet.write_datetime(row, col, value, fmt)
    elif isinstance(value, bool):
        sheet.write_string(row, col, "Ya" if value else "Tidak", fmt)
    elif isinstance(value, (int, float)):
        sheet.write_number(row, col, value, fmt)
    else:
        sheet.write_string(row, col, str(value), fmt)


def _validation(column: Column, options: list[str], *, on_sheet: bool) -> dict | None:
    if column.kind == "choice" or options:
        if not options:
            return None
        inline = not on_sheet and sum(len(o) + 1 for o in options) <= INLINE_LIST_CHARACTERS
        return {
            "validate": "list",
            "source": options if inline else "sheet",
            "error_type": "warning",  # a value outside the list is still read (and judged)
            "error_title": "Pilihan",
            "error_message": f"Pilih dari daftar: {column.header}.",
        }
    if column.limits is not None:
        low, high = column.limits
        return {
            "validate": "integer", "criteria": "between", "minimum": low, "maximum": high,
            "error_type": "warning", "error_title": column.header,
            "error_message": f"Isi bilangan bulat {low}–{high}.",
        }  # fmt: skip
    if column.kind in {"rupiah", "people"}:
        return {
            "validate": "integer", "criteria": ">=", "value": 0, "error_type": "warning",
            "error_title": column.header,
            "error_message": "Isi bilangan bulat tidak negatif, tanpa sen.",
        }  # fmt: skip
    if column.kind == "date":
        return {
            "validate": "date", "criteria": ">", "value": dt.date(1900, 1, 1),
            "error_type": "warning", "error_title": column.header,
            "error_message": "Isi tanggal, misalnya 17-11-2020.",
        }  # fmt: skip
    return None


# --- The error workbook --------------------------------------------------------------------


def write_error_book(target, reading: Reading) -> None:
    """The user's own rows with a ``Kesalahan`` column and every bad cell marked, to fix."""
    table = reading.table
    headers = list(table.headers) if table else []
    by_row = {row.number: row for row in reading.rows}
    with XlsxBook(target) as book:
        workbook = book.workbook
        sheet = workbook.add_worksheet(reading.importer.sheet)
        bad = workbook.add_format({"bg_color": "#F4C7C3", "border": 1, "border_color": "#C0392B"})
        bad_date = workbook.add_format(
            {"bg_color": "#F4C7C3", "border": 1, "border_color": "#C0392B",
             "num_format": NUMBER_FORMATS["date"]}
        )  # fmt: skip
        date = workbook.add_format({"num_format": NUMBER_FORMATS["date"]})
        text = workbook.add_format({"num_format": "@"})
        wrap = workbook.add_format({"text_wrap": True, "font_color": "#C0392B"})
        for index, header in enumerate([*headers, "Kesalahan"]):
            sheet.write_string(0, index, header, book.header_format)
            sheet.set_column(index, index, 60 if index == len(headers) else 18)
        sheet.freeze_panes(1, 0)
        positions = {
            column.header: reading.column_of(column.header) for column in reading.importer.columns
        }
        for number, raw in table.rows if table else []:
            row = by_row.get(number)
            marked = {positions.get(issue.column) for issue in row.errors} if row else set()
            for index, value in enumerate(raw):
                is_date = isinstance(value, (dt.date, dt.datetime))
                fmt = (
                    (bad_date if is_date else bad)
                    if index in marked
                    else (date if is_date else text)
                )
                _write_value(sheet, number - 1, index, value, fmt)
            if row and row.errors:
                sheet.write_string(
                    number - 1, len(headers), "; ".join(str(i) for i in row.errors), wrap
                )
