"""The impact workbook's sheets of ``outcomes.impact_attribution``: comparison and response.

Each sheet is a table and, below it, lines written in the table's columns: figures in the
column of their kind, long sentences wrapped across the table's width (``XlsxBook.paragraph``)
so that nothing runs past the printed page's right edge.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from balatkop.formatting import tanggal
from balatkop.xlsx import Column, XlsxBook, fit_width
from outcomes.impact import NOT_COMPUTABLE, ImpactReport
from outcomes.impact_attribution import WITHHELD

COMPARISON_SHEET = "Pembanding"
RESPONSE_SHEET = "Respons"


def _value(value):
    return NOT_COMPUTABLE if value is None else value


# The lines below a table: each is a tuple whose first item says what it is.
BLANK = ("blank",)


def heading(text: str) -> tuple:
    return ("heading", text)


def paragraph(text: str, first_col: int = 0) -> tuple:
    return ("paragraph", text, first_col)


def labelled(label: str, text: str) -> tuple:
    """A label in column A and its text wrapped across the other columns."""
    return ("labelled", label, text)


def header(*texts: str) -> tuple:
    return ("header", texts)


def figure(label: str, value, kind: str) -> tuple:
    """A label in column A and one figure beside it in B."""
    return ("figure", label, value, kind)


def cells(*values) -> tuple:
    """Figures in the table's columns from A on, each written by its column's kind."""
    return ("cells", values)


def _write_below(book: XlsxBook, sheet, row: int, lines: Iterable[tuple]) -> int:
    """Write ``lines`` from ``row`` on (rows only go down: constant memory); the next row."""
    columns = sheet.columns
    for what, *args in lines:
        if what == "heading":
            sheet.write_string(row, 0, args[0], book.subtitle_format)
        elif what == "paragraph":
            book.paragraph(sheet, row, args[0], first_col=args[1])
        elif what == "figure":
            book.write_cell(sheet, row, 0, args[0])
            book.write_cell(sheet, row, 1, args[1], args[2])
        elif what == "labelled":
            book.write_cell(sheet, row, 0, args[0])
            book.paragraph(sheet, row, args[1], first_col=1)
        elif what == "header":
            book.header_cells(sheet, row, args[0])
        elif what == "cells":
            for col, value in enumerate(args[0]):
                if value is not None:
                    book.write_cell(sheet, row, col, value, columns[col].kind)
        row += 1
    return row


def _sheet_with_lines(
    book: XlsxBook, name: str, columns: Sequence[Column], rows: Iterable, lines: list[tuple]
) -> None:
    """A table, one blank row, then ``lines``; printed one page wide."""
    sheet = book.table_sheet(name, columns, rows, autofilter=False, freeze=False, finish=False)
    end = _write_below(book, sheet, sheet.last_row + 2, lines)
    book.finish_sheet(sheet, last_row=end - 1, last_col=len(columns) - 1)


def comparison_sheet(book: XlsxBook, name: str, report: ImpactReport) -> None:
    """Alumni against the comparison group, real values, extreme values and self-reports.

    Below the comparison table the columns keep their kinds: B growth (%), C n, D growth (%),
    E a count, so the with/without-extremes table lines up under the first.
    """
    a = report.attribution
    c = a.comparison
    factor = a.extreme_factor
    lines = [paragraph(f"Pembanding: {a.definition}.")]
    if not c.shown:
        lines.append(paragraph(c.why_not_shown))
    lines += [paragraph(a.caveat), BLANK, heading("Nilai riil (setelah inflasi)")]
    if a.real.computed:
        lines += [
            figure("Pertumbuhan omzet nominal (%)", _value(report.total.omzet.growth), "percent"),
            figure("Pertumbuhan omzet riil (%)", _value(a.real.omzet), "percent"),
            figure("Pertumbuhan aset nominal (%)", _value(report.total.aset.growth), "percent"),
            figure("Pertumbuhan aset riil (%)", _value(a.real.aset), "percent"),
            labelled("Indeks yang dipakai", a.real.index_used),
        ]
    else:
        lines.append(paragraph(a.real.reason))
    e = a.extremes
    lines += [
        BLANK,
        heading(f"Nilai ekstrem: omzet berubah lebih dari ×{factor} atau ÷{factor}"),
        figure("Data berpasangan dengan nilai ekstrem", e.count, "int"),
        figure(f"… naik lebih dari ×{factor}", e.rose, "int"),
        figure(f"… turun di bawah ÷{factor}", e.fell, "int"),
        header("", "Pertumbuhan Omzet (%)", "n", "Pertumbuhan Aset (%)", "Tambahan Tenaga Kerja"),
        *(
            cells(h.label, _value(h.omzet.growth), h.paired, _value(h.aset.growth), h.jobs_added)
            for h in a.extreme_rows
        ),
        paragraph("Tidak ada data yang dibuang: angka utama laporan memakai semua data berpasangan."),
        BLANK,
        heading("Laporan mandiri alumni"),
        figure("Data berpasangan dari laporan mandiri", a.extras.self_reported, "int"),
        figure("Bagian dari laporan mandiri (%)", _value(a.extras.self_reported_share), "percent"),
        paragraph("Hanya laporan mandiri yang sudah dikonfirmasi (atau dikoreksi) petugas dihitung."),
    ]  # fmt: skip
    labels = [i.label for i in c.indicators] + [
        args[0][0] if what == "cells" else args[0]
        for what, *args in lines
        if what in {"cells", "figure", "labelled"}
    ]
    columns = [
        Column("Indikator", width=fit_width(labels, maximum=44)),
        Column("Pertumbuhan Alumni (%)", "percent", width=fit_width([NOT_COMPUTABLE])),
        Column("n Alumni", "int", width=11),
        Column("Pertumbuhan Pembanding (%)", "percent", width=fit_width([NOT_COMPUTABLE])),
        Column("n Pembanding", "int", width=13),
        Column("Selisih (poin persentase)", "decimal", width=fit_width([WITHHELD])),
    ]
    rows = (
        [
            i.label,
            _value(i.alumni.growth),
            c.alumni_paired,
            _value(i.comparison.growth),
            c.comparison_paired,
            _value(i.difference) if c.shown else WITHHELD,
        ]
        for i in c.indicators
    )
    _sheet_with_lines(book, name, columns, rows, lines)


def response_sheet(book: XlsxBook, name: str, report: ImpactReport) -> None:
    """Per group and round: due, measured, response rate and the baseline of each side."""
    a = report.attribution
    columns = [
        Column("Kelompok", width=14),
        Column("Putaran (bulan)", "int", width=10),
        Column("Jatuh Tempo", "int", width=12),
        Column("Terukur", "int", width=10),
        Column("Tingkat Respons (%)", "percent", width=14),
        Column("Rerata Omzet Awal Terukur (Rp/bulan)", "rupiah", width=22),
        Column("Rerata Omzet Awal Belum Terukur (Rp/bulan)", "rupiah", width=22),
    ]
    rows = (
        [r.group, r.round_months, r.due, r.measured, _value(r.rate), r.measured_mean,
         r.unmeasured_mean]
        for r in a.responses
    )  # fmt: skip
    notes = [
        f"Per {tanggal(a.today)}. Jatuh tempo = putaran sudah tiba sejak selesai pelatihan "
        "(pembanding: sejak angkatan terakhir program selesai).",
        "Bila rerata omzet awal yang terukur jauh berbeda dari yang belum, data berpasangan "
        "tidak mewakili semua alumni.",
    ]
    if not a.responses:
        notes.insert(0, "Belum ada putaran monitoring yang jatuh tempo untuk filter ini.")
    _sheet_with_lines(book, name, columns, rows, [paragraph(note) for note in notes])
