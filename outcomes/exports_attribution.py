"""The impact workbook's sheets of ``outcomes.impact_attribution``: comparison and response."""

from __future__ import annotations

from balatkop.formatting import tanggal
from balatkop.xlsx import Column, XlsxBook
from outcomes.impact import NOT_COMPUTABLE, ImpactReport

COMPARISON_SHEET = "Pembanding"
RESPONSE_SHEET = "Respons"


def _value(value):
    return NOT_COMPUTABLE if value is None else value


def _lines(book: XlsxBook, sheet, row: int, lines: list[list[tuple]]) -> int:
    """Write rows of (value, kind) cells from ``row`` on (constant memory: rows only go down)."""
    for cells in lines:
        for col, (value, kind) in enumerate(cells):
            if value is not None:
                book.write_cell(sheet, row, col, value, kind)
        row += 1
    return row


def comparison_sheet(book: XlsxBook, name: str, report: ImpactReport) -> None:
    """Alumni against the comparison group, real values, extreme values and self-reports."""
    a = report.attribution
    c = a.comparison
    columns = [
        Column("Indikator", width=40),
        Column("Pertumbuhan Alumni (%)", "percent", width=18),
        Column("n Alumni", "int", width=10),
        Column("Pertumbuhan Pembanding (%)", "percent", width=18),
        Column("n Pembanding", "int", width=12),
        Column("Selisih (poin persentase)", "decimal", width=18),
    ]
    sheet = book.table_sheet(
        name,
        columns,
        (
            [
                i.label,
                _value(i.alumni.growth),
                c.alumni_paired,
                _value(i.comparison.growth),
                c.comparison_paired,
                _value(i.difference) if c.shown else "tidak ditampilkan",
            ]
            for i in c.indicators
        ),
        autofilter=False,
        freeze=False,
        finish=False,
    )
    text = "text"
    lines = [[], [(f"Pembanding: {a.definition}.", text)]]
    if not c.shown:
        lines.append([(c.why_not_shown, text)])
    lines += [[(a.caveat, text)], [], [("Nilai riil (setelah inflasi)", text)]]
    if a.real.computed:
        lines += [
            [("Pertumbuhan omzet nominal (%)", text), (_value(report.total.omzet.growth), "percent")],
            [("Pertumbuhan omzet riil (%)", text), (_value(a.real.omzet), "percent")],
            [("Pertumbuhan aset nominal (%)", text), (_value(report.total.aset.growth), "percent")],
            [("Pertumbuhan aset riil (%)", text), (_value(a.real.aset), "percent")],
            [("Indeks yang dipakai", text), (a.real.index_used, text)],
        ]  # fmt: skip
    else:
        lines.append([(a.real.reason, text)])
    e = a.extremes
    lines += [
        [],
        [(f"Nilai ekstrem: omzet berubah lebih dari ×{a.extreme_factor} atau ÷{a.extreme_factor}", text)],
        [("Data berpasangan dengan nilai ekstrem", text), (e.count, "int")],
        [(f"… naik lebih dari ×{a.extreme_factor}", text), (e.rose, "int")],
        [(f"… turun di bawah ÷{a.extreme_factor}", text), (e.fell, "int")],
        [("", text), ("n", text), ("Pertumbuhan omzet (%)", text), ("Pertumbuhan aset (%)", text),
         ("Tambahan tenaga kerja", text)],
        *(
            [[(h.label, text), (h.paired, "int"), (_value(h.omzet.growth), "percent"),
              (_value(h.aset.growth), "percent"), (h.jobs_added, "int")] for h in a.extreme_rows]
        ),
        [("Tidak ada data yang dibuang: angka utama laporan memakai semua data berpasangan.", text)],
        [],
        [("Data berpasangan dari laporan mandiri (dikonfirmasi petugas)", text),
         (a.extras.self_reported, "int")],
        [("Bagian dari laporan mandiri (%)", text), (_value(a.extras.self_reported_share), "percent")],
    ]  # fmt: skip
    end = _lines(book, sheet, sheet.last_row + 1, lines)
    book.finish_sheet(sheet, last_row=end - 1, last_col=len(columns) - 1)


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
    sheet = book.table_sheet(
        name,
        columns,
        (
            [r.group, r.round_months, r.due, r.measured, _value(r.rate), r.measured_mean,
             r.unmeasured_mean]
            for r in a.responses
        ),
        autofilter=False,
        finish=False,
    )  # fmt: skip
    notes = [
        f"Per {tanggal(a.today)}. Jatuh tempo = putaran sudah tiba sejak selesai pelatihan "
        "(pembanding: sejak angkatan terakhir program selesai).",
        "Bila rerata omzet awal yang terukur jauh berbeda dari yang belum, data berpasangan "
        "tidak mewakili semua alumni.",
    ]
    if not a.responses:
        notes.insert(0, "Belum ada putaran monitoring yang jatuh tempo untuk filter ini.")
    end = _lines(book, sheet, sheet.last_row + 2, [[(note, "text")] for note in notes])
    book.finish_sheet(sheet, last_row=end - 1, last_col=len(columns) - 1)
