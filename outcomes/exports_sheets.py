"""The impact workbook's sheets, each ``*_sheet(export, book, name)``; the export orders them."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from balatkop import formatting
from balatkop.access import can_see_nik, mask_nik
from balatkop.xlsx import Column, XlsxBook, fit_width, widths_as_wide_as
from evaluations import exports as evaluation
from evaluations.models import EvaluationResponse
from outcomes.impact import (
    FORMULAS,
    INDICATORS,
    NOT_COMPUTABLE,
    PEOPLE,
    ImpactGroup,
    growth_ratio_reading,
    impact_nominations,
    impact_participant_rows,
    or_not_computable,
    percentage,
    umkm_class_label,
)
from outcomes.impact_attribution import METHODOLOGY as ATTRIBUTION_FORMULAS
from participants.models import Sex

if TYPE_CHECKING:
    from outcomes.exports import ImpactReportExport

SEX_LABELS = dict(Sex.choices)
# What the Data Peserta sheet reads of each alumnus (one joined query, streamed).
PARTICIPANT_FIELDS = [
    "participant__nik", "participant__name", "participant__sex", "kabupaten_kota__name",
    "program__code", "program__year", "program__jenjang", "angkatan__number", "business__name",
    "business__sector", "baseline_omzet", "baseline_aset", "baseline_tenaga_kerja",
    "after_round", "after_measured_on", "after_omzet", "after_aset", "after_tenaga_kerja",
]  # fmt: skip

# The workbook contract (docs/ARCHITECTURE.md, Interfaces): this header row and these row labels, numbers as numbers.
SUMMARY_HEADERS = ["Indikator", "Sebelum", "Sesudah", "Selisih", "Pertumbuhan (%)", "Rasio (%)"]
SUMMARY_KINDS = ["text", "rupiah", "rupiah", "rupiah", "percent", "percent"]
SUMMARY_WIDTHS = [None, 20, 20, 20, 16, 12]  # B–C and D–F in these proportions (summary_sheet)
SUMMARY_CHART_COLUMNS = [(0, 0), (1, 2), (3, 5)]  # the columns under each indicator's chart
PERCENT_RULE = (
    "Semua persentase ditulis sebagai angka persen dengan dua desimal (123,75 berarti 123,75%), "
    f"di kolom yang judulnya berakhiran (%); yang {NOT_COMPUTABLE} ditulis sebagai teks."
)
NARROW = 12  # a count column on a breakdown sheet: "Berpasangan" unbroken


def participant_rows(rows: Iterable[tuple], *, show_nik: bool) -> Iterator[tuple]:
    """The Data Peserta rows from :data:`PARTICIPANT_FIELDS` tuples, with the derived columns.

    Streamed, tuple in and tuple out: this runs once per alumnus (80,000 at national size), so
    NIK masking is decided once per export and the class is a bisect, not a loop.
    """
    for number, (
        nik, name, sex, district, code, year, jenjang, angkatan, business, sector,
        before_omzet, before_aset, before_tk, after_round, after_on, after_omzet, after_aset,
        after_tk,
    ) in enumerate(rows, 1):  # fmt: skip
        paired = after_omzet is not None
        yield (
            number,
            nik if show_nik else mask_nik(nik),
            name,
            SEX_LABELS.get(sex, sex),
            district,
            code,
            year,
            jenjang,
            angkatan,
            business,
            sector,
            before_omzet,
            before_aset,
            before_tk,
            after_round,
            after_on,
            after_omzet,
            after_aset,
            after_tk,
            or_not_computable(percentage(after_omzet - before_omzet, before_omzet))
            if paired
            else None,
            umkm_class_label(before_omzet),
            umkm_class_label(after_omzet) if paired else None,
            "Ya" if paired else "Tidak",
        )


def summary_sheet(export: ImpactReportExport, book: XlsxBook, name: str) -> None:
    report = export.report
    total = report.total
    facts = [
        ("Peserta lulus", total.completed, "int"),
        ("Peserta berpasangan (punya data sebelum dan sesudah)", total.paired, "int"),
        ("Peserta lulus tanpa data monitoring (tidak dihitung)", total.unpaired, "int"),
        ("Tingkat keterpasangan (%)", or_not_computable(total.pairing_rate), "percent"),
        ("Tambahan tenaga kerja (orang)", total.jobs_added, "int"),
        (
            "Median pertumbuhan omzet individu (%)",
            or_not_computable(report.omzet_growth_median),
            "percent",
        ),
        ("Usaha dengan omzet naik", total.omzet_rose, "int"),
        ("Usaha dengan omzet naik (%)", or_not_computable(total.omzet_rose_share), "percent"),
        ("Usaha naik kelas (PP 7/2021)", report.naik_kelas, "int"),
    ]
    label_width = fit_width([label for label, _, _ in facts] + [h for _, h, _ in INDICATORS])
    # Three equal column groups, A | B–C | D–F, each as wide as A: one chart under each.
    widths = [label_width, *widths_as_wide_as(label_width, SUMMARY_WIDTHS[1:3])]
    widths += widths_as_wide_as(label_width, SUMMARY_WIDTHS[3:])
    columns = [
        Column(header, kind, width)
        for header, kind, width in zip(SUMMARY_HEADERS, SUMMARY_KINDS, widths, strict=True)
    ]
    rows = []
    for attribute, label, _ in INDICATORS:
        kind = "int" if attribute == PEOPLE else "rupiah"
        m = getattr(total, attribute)
        rows.append(
            (
                [label, m.before, m.after, m.difference, or_not_computable(m.growth),
                 or_not_computable(m.ratio)],
                ["text", kind, kind, kind, "percent", "percent"],
            )
        )  # fmt: skip
    sheet = book.table_sheet(
        name,
        columns,
        [],
        title=export.title,
        subtitle=export.title_block()[0],
        notes=export.title_block()[1:],
        autofilter=False,
        one_page=True,
        finish=False,
    )
    row = sheet.header_row + 1
    for values, kinds in rows:
        for col, (value, kind) in enumerate(zip(values, kinds, strict=True)):
            book.write_cell(sheet, row, col, value, kind)
        row += 1
    # One chart per indicator, each on its own scale (omzet per month beside a stock of
    # assets made the omzet bars invisible), side by side under the table.
    row += 1
    for index, (attribute, _, chart_title) in enumerate(INDICATORS):
        figures = getattr(total, attribute)
        book.before_after_chart(
            sheet,
            title=chart_title,
            categories=(sheet.header_row, 1, 2),
            values=(sheet.header_row + 1 + index, 1, 2),
            largest=max(figures.before, figures.after),
            unit="orang" if attribute == PEOPLE else "rupiah",
            row=row,
            columns=SUMMARY_CHART_COLUMNS[index],
        )
    row += book.CHART_ROWS + 1
    for label, value, kind in facts:
        book.write_cell(sheet, row, 0, label)
        book.write_cell(sheet, row, 1, value, kind)
        row += 1
    row += 1
    notes = [
        "Pertumbuhan (%) = (Σ sesudah − Σ sebelum) ÷ Σ sebelum × 100; "
        "Rasio (%) = Σ sesudah ÷ Σ sebelum × 100.",
        "Contoh dari laporan ini: " + growth_ratio_reading(total.omzet),
        "Hanya peserta berpasangan yang masuk perbandingan sebelum–sesudah.",
    ]
    for note in notes:
        book.write_cell(sheet, row, 0, note)
        row += 1
    row += 1
    row = book.signatory_block(sheet, row, first_col=3, last_col=5, signatory=export.signatory())
    book.finish_sheet(sheet, last_row=row, last_col=5)


def breakdown_sheet(export: ImpactReportExport, book: XlsxBook, name: str, breakdown) -> None:
    # 16 columns on one landscape page: figures as narrow as "Rp 12.340.000.000" allows,
    # headers wrap onto a taller row.
    title, groups = breakdown.title, breakdown.groups
    columns = [
        Column(title, width=fit_width([title, "Jumlah", *(g.label for g in groups)])),
        Column("Peserta Lulus", "int", NARROW),
        Column("Berpasangan", "int", NARROW),
        Column("Keterpasangan (%)", "percent", NARROW + 2),
        Column("Omzet Sebelum (Rp/bulan)", "rupiah", 17),
        Column("Omzet Sesudah (Rp/bulan)", "rupiah", 17),
        Column("Pertumbuhan Omzet (%)", "percent", NARROW + 2),
        Column("Rasio Omzet (%)", "percent", NARROW + 2),
        Column("Aset Sebelum (Rp)", "rupiah", 17),
        Column("Aset Sesudah (Rp)", "rupiah", 17),
        Column("Pertumbuhan Aset (%)", "percent", NARROW + 2),
        Column("Rasio Aset (%)", "percent", NARROW + 2),
        Column("Tenaga Kerja Sebelum", "int", NARROW),
        Column("Tenaga Kerja Sesudah", "int", NARROW),
        Column("Tambahan Tenaga Kerja", "int", NARROW),
        Column("Usaha Omzet Naik", "int", NARROW),
    ]

    def cells(g: ImpactGroup, label: str) -> list:
        return [
            label, g.completed, g.paired, or_not_computable(g.pairing_rate),
            g.omzet.before, g.omzet.after, or_not_computable(g.omzet.growth),
            or_not_computable(g.omzet.ratio), g.aset.before, g.aset.after,
            or_not_computable(g.aset.growth), or_not_computable(g.aset.ratio),
            g.tenaga_kerja.before, g.tenaga_kerja.after, g.jobs_added, g.omzet_rose,
        ]  # fmt: skip

    # Every breakdown splits the same alumni, so its Jumlah row is the report's total.
    book.table_sheet(
        name,
        columns,
        (cells(g, g.label) for g in groups),
        total_row=cells(export.report.total, "Jumlah"),
    )


def evaluation_sheet(export: ImpactReportExport, book: XlsxBook, name: str) -> None:
    """Pre/post-test and questionnaire of every angkatan in the report (evaluations app)."""
    in_report = impact_nominations(nominations=export.nominations, filters=export.filters)
    nominations = export.nominations.filter(angkatan__in=in_report.values("angkatan_id"))
    if export.filters.kabupaten_kota:
        nominations = nominations.filter(kabupaten_kota=export.filters.kabupaten_kota)
    responses = EvaluationResponse.objects.filter(angkatan__in=in_report.values("angkatan_id"))
    if export.viewer is not None:
        responses = responses.for_user(export.viewer)
    rows, total = evaluation.evaluation_rows(nominations=nominations, responses=responses)

    def worded(row: list) -> list:
        return [
            or_not_computable(value) if column.kind == "percent" else value
            for value, column in zip(row, evaluation.COLUMNS, strict=True)
        ]

    sheet = book.table_sheet(
        name,
        evaluation.COLUMNS,
        (worded(row) for row in rows),
        total_row=worded(total),
        finish=False,
    )
    first = sheet.last_row + 3  # a blank row under the Jumlah row
    for offset, note in enumerate(evaluation.NOTES):
        book.write_cell(sheet, first + offset, 0, note)
    book.finish_sheet(
        sheet, last_row=first + len(evaluation.NOTES) - 1, last_col=len(evaluation.COLUMNS) - 1
    )


def class_matrix_sheet(export: ImpactReportExport, book: XlsxBook, name: str) -> None:
    report = export.report
    labels = report.class_labels
    columns = [Column("Kelas sebelum \\ sesudah", width=26)]
    columns += [Column(label, "int") for label in labels] + [Column("Jumlah", "int")]
    matrix = report.class_matrix
    column_sums = [sum(column) for column in zip(*matrix, strict=True)]
    sheet = book.table_sheet(
        name,
        columns,
        ([labels[b], *row, sum(row)] for b, row in enumerate(matrix)),
        autofilter=False,
        total_row=["Jumlah", *column_sums, sum(column_sums)],
        finish=False,
    )
    row = sheet.last_row + 2
    for label, value in (
        ("Naik kelas", report.naik_kelas),
        ("Turun kelas", report.turun_kelas),
        ("Peserta berpasangan", report.total.paired),
    ):
        book.write_cell(sheet, row, 0, label)
        book.write_cell(sheet, row, 1, value, "int")
        row += 1
    book.write_cell(
        sheet,
        row + 1,
        0,
        "Kelas menurut PP 7/2021 dari omzet per bulan × 12: mikro ≤ Rp 2 miliar, "
        "kecil ≤ Rp 15 miliar, menengah ≤ Rp 50 miliar, di atasnya besar.",
    )
    book.finish_sheet(sheet, last_row=row + 1, last_col=len(columns) - 1)


def participants_sheet(export: ImpactReportExport, book: XlsxBook, name: str) -> None:
    columns = [
        Column("No", "int", width=6),
        Column("NIK", "nik"),
        Column("Nama", width=28),
        Column("Jenis Kelamin", width=12),
        Column("Kabupaten/Kota", width=24),
        Column("Kode Program", width=16),
        Column("Tahun", "year"),
        Column("Jenjang", "int", width=8),
        Column("Angkatan", "int", width=9),
        Column("Nama Usaha", width=28),
        Column("Sektor", width=16),
        Column("Omzet Sebelum (Rp/bulan)", "rupiah"),
        Column("Aset Sebelum (Rp)", "rupiah"),
        Column("Tenaga Kerja Sebelum", "int"),
        Column("Putaran Monitoring (bulan)", "int"),
        Column("Tanggal Monitoring", "date"),
        Column("Omzet Sesudah (Rp/bulan)", "rupiah"),
        Column("Aset Sesudah (Rp)", "rupiah"),
        Column("Tenaga Kerja Sesudah", "int"),
        Column("Pertumbuhan Omzet (%)", "percent"),
        Column("Kelas Sebelum", width=11),
        Column("Kelas Sesudah", width=11),
        Column("Berpasangan", width=11),
    ]
    rows = impact_participant_rows(
        nominations=export.nominations, filters=export.filters
    ).values_list(*PARTICIPANT_FIELDS)
    sheet = book.table_sheet(
        name,
        columns,
        participant_rows(
            rows.iterator(), show_nik=export.viewer is not None and can_see_nik(export.viewer)
        ),
        format_blanks=False,  # nobody types into a report: an unpaired row's gaps stay empty
    )
    export.participant_count = sheet.last_row - sheet.header_row


def methodology_sheet(export: ImpactReportExport, book: XlsxBook, name: str) -> None:
    total = export.report.total
    rows = [("Laporan", export.title), ("Balai", export.balai.name)]
    rows += [("Dibuat pada", export.timestamp())]
    rows += [("Dibuat oleh", export.generated_by)]
    rows += [(f"Filter: {label}", value) for label, value in export.filters.describe()]
    rows += [
        ("Cakupan", f"{total.completed} peserta lulus, "
         f"{total.paired} berpasangan ({formatting.percent(total.pairing_rate)})"),
        ("Pemasangan data", "Data awal (saat diusulkan) dipasangkan dengan data monitoring "
         "terakhir tiap peserta, atau dengan putaran yang dipilih di filter."),
    ]  # fmt: skip
    rows += [(f"Rumus: {name}", text) for name, text in [*FORMULAS, *ATTRIBUTION_FORMULAS]]
    rows += [
        ("Persentase", PERCENT_RULE),
        ("Membaca rasio", growth_ratio_reading(total.omzet)),
        ("Satuan", "Omzet dalam Rupiah per bulan; aset dalam Rupiah; tenaga kerja dalam orang."),
        ("NIK", "NIK disamarkan kecuali bagi pengguna yang berwenang melihatnya."),
    ]  # fmt: skip
    book.table_sheet(
        name,
        [
            Column("Bagian", width=fit_width([label for label, _ in rows])),
            Column("Keterangan", "wrap", width=110),
        ],
        rows,
        autofilter=False,
    )
