"""The receipt lists and instructors' fee list as one Excel workbook (the one safe writer)."""

from __future__ import annotations

from balatkop.formatting import terbilang
from balatkop.xlsx import Column, XlsxBook

from .pdfs import receipt_rows
from .services import AngkatanSheet

PERSON = [Column("No.", "int", 6), Column("Nama", "text", 32), Column("Kabupaten/kota", "text", 24)]


def _sheet(book: XlsxBook, name: str, title: str, columns, rows, total: int, sheet) -> None:
    worksheet = book.table_sheet(
        name,
        columns,
        rows,
        title=title,
        notes=[f"{sheet.program.name} · Angkatan {sheet.angkatan.number} · {sheet.balai.name}"],
        autofilter=False,
    )
    last = worksheet.last_row
    book.write_cell(worksheet, last + 1, 1, "Jumlah")
    book.write_cell(worksheet, last + 1, len(columns) - 2, total, "rupiah")
    book.write_cell(worksheet, last + 3, 0, f"Terbilang: {terbilang(total)}")


def receipts_workbook(target, sheet: AngkatanSheet) -> None:
    """Sheets Uang Saku, Transport and Honor Instruktur, each with its total and terbilang."""
    uang_saku, transports, fees = receipt_rows(sheet)
    signature = Column("Tanda tangan", "text", 20)
    with XlsxBook(target, constant_memory=False) as book:
        _sheet(
            book,
            "Uang Saku",
            "Daftar penerimaan uang saku",
            [*PERSON, Column("Hari hadir", "int", 10), Column("Per hari", "rupiah"),
             Column("Jumlah", "rupiah"), signature],
            [[*r, ""] for r in uang_saku],
            sheet.total_uang_saku,
            sheet,
        )  # fmt: skip
        _sheet(
            book,
            "Transport",
            "Daftar penerimaan uang transport",
            [*PERSON, Column("Per orang", "rupiah"), Column("Jumlah", "rupiah"), signature],
            [[*r, ""] for r in transports],
            sheet.total_transport,
            sheet,
        )
        _sheet(
            book,
            "Honor Instruktur",
            "Daftar honorarium instruktur",
            [Column("No.", "int", 6), Column("Nama", "text", 32), Column("Keahlian", "text", 24),
             Column("Jam", "int", 8), Column("Honor per jam", "rupiah"),
             Column("Jumlah", "rupiah"), signature],
            [[*r, ""] for r in fees],
            sheet.total_fees,
            sheet,
        )  # fmt: skip
