"""Excel reports of the outcomes app; one class per report, written by the shared XlsxBook."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from functools import cached_property

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from balatkop import formatting
from balatkop.access import can_see_nik, mask_nik
from balatkop.models import Balai
from balatkop.signatory import Signatory, signatory_for
from balatkop.xlsx import Column, XlsxBook, fit_width
from evaluations import exports as evaluation
from evaluations.models import EvaluationResponse
from outcomes.exports_attribution import (
    COMPARISON_SHEET,
    RESPONSE_SHEET,
    comparison_sheet,
    response_sheet,
)
from outcomes.impact import (
    FORMULAS,
    INDICATORS,
    NOT_COMPUTABLE,
    PEOPLE,
    ImpactFilters,
    ImpactGroup,
    ImpactReport,
    growth_ratio_reading,
    impact_compute,
    impact_nominations,
    impact_participant_rows,
    or_not_computable,
    percentage,
    umkm_class_label,
)
from outcomes.impact_attribution import METHODOLOGY as ATTRIBUTION_FORMULAS
from participants.models import Nomination, Sex

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
SUMMARY_WIDTHS = [None, 20, 20, 20, 16, 12]
PERCENT_RULE = (
    "Semua persentase ditulis sebagai angka persen dengan dua desimal (123,75 berarti 123,75%), "
    f"di kolom yang judulnya berakhiran (%); yang {NOT_COMPUTABLE} ditulis sebagai teks."
)
NARROW = 12  # a count column on a breakdown sheet: "Berpasangan" unbroken
COMMAND_USER = "perintah manage.py laporan_dampak"


def author(user) -> str:
    """Who made a report, as every report names them: 'Hatta Wibisono (Pimpinan)'."""
    if user is None:
        return COMMAND_USER
    return f"{user.get_full_name() or user.username} ({user.get_role_display()})"


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


class BalaiRequired(ValidationError):
    """The installation holds several balai and the request did not say which one."""


def report_balai(*, user, filters: ImpactFilters) -> Balai:
    """The one balai a report is about: chosen, the user's own, or the only one there is."""
    if filters.balai is not None:
        return filters.balai
    if user is not None and user.balai_id:
        return user.balai
    balai = list(Balai.objects.order_by("code")[:2])
    if len(balai) == 1:
        return balai[0]
    raise BalaiRequired("Pilih satu balai: laporan dampak selalu tentang satu balai.")


@dataclass(frozen=True)
class Sheet:
    """One sheet of a workbook: its name and ``write(export, book, name)``."""

    name: str
    write: Callable[[ImpactReportExport, XlsxBook, str], None]


class ImpactReportExport:
    """The impact workbook a head hands to the governor (docs/ARCHITECTURE.md, Interfaces).

    Built in one way for the page, the download, the background job and its page:
    :meth:`for_request`. The sheets are declared in :meth:`sheets`; adding one is one line.
    """

    identifier = "laporan-dampak"
    title = "Laporan Dampak Pelatihan"

    def __init__(
        self,
        *,
        nominations: QuerySet,
        filters: ImpactFilters,
        balai: Balai | None = None,
        viewer=None,
        generated_by: str | None = None,
        generated_at: dt.datetime | None = None,
        form=None,
    ):
        # ``nominations`` is the scoped start (``Nomination.objects.for_user``); ``viewer``
        # decides NIK masking (None, as on the command line, masks) and names the author.
        balai = balai or report_balai(user=viewer, filters=filters)
        self.nominations = nominations
        self.filters = replace(filters, balai=balai)  # one balai per report, always
        self.balai = balai
        self.viewer = viewer
        self.generated_by = generated_by or author(viewer)
        self.generated_at = generated_at or timezone.now()
        self.form = form  # the filter form the request was read with (the page shows it)
        self.participant_count: int | None = None  # rows of Data Peserta, once written

    @classmethod
    def for_request(cls, *, user, data, value_lists: dict | None = None) -> ImpactReportExport:
        """The report ``user`` asked for with the report page's query ``data``.

        A choice outside the user's scope is a 404; an installation with several balai and
        no balai chosen raises :class:`BalaiRequired` (with ``export.form`` on it to show).
        """
        from outcomes.forms import ImpactFilterForm

        form = ImpactFilterForm(data or None, user=user, value_lists=value_lists)
        if form.is_bound and not form.is_valid() and form.out_of_scope:
            raise Http404("Pilihan filter tidak ditemukan.")
        filters = form.to_filters()
        try:
            balai = report_balai(user=user, filters=filters)
        except BalaiRequired as error:
            error.form = form
            raise
        return cls(
            nominations=Nomination.objects.for_user(user),
            filters=filters,
            balai=balai,
            viewer=user,
            form=form,
        )

    @cached_property
    def report(self) -> ImpactReport:
        return impact_compute(nominations=self.nominations, filters=self.filters)

    def filename(self, extension: str = "xlsx") -> str:
        parts = [self.identifier]
        if self.filters.program:
            parts.append(self.filters.program.code)
        elif self.filters.year:
            parts.append(str(self.filters.year))
        if self.filters.kabupaten_kota:
            parts.append(self.filters.kabupaten_kota.code.replace(".", ""))
        with timezone.override(self.balai.time_zone):
            parts.append(f"{timezone.localtime(self.generated_at):%Y%m%d-%H%M}")
        return "-".join(parts) + f".{extension}"

    # --- What a report says about itself (title block, footer, Metodologi) -----------------

    def scope_text(self) -> str:
        """The filters in words: 'Program JTG-L2-2021 · Tahun 2021', or 'Semua program'."""
        chosen = [
            f"{label} {value}" if label in {"Tahun", "Program"} else f"{label}: {value}"
            for label, value in self.filters.describe()
            if value != "Semua" and label not in {"Balai", "Putaran monitoring"}
        ]
        return " · ".join(chosen) or "Semua program, semua tahun"

    def round_text(self) -> str:
        return dict(self.filters.describe())["Putaran monitoring"]

    def timestamp(self) -> str:
        with timezone.override(self.balai.time_zone):
            return formatting.timestamp(self.generated_at)

    def local_date(self) -> dt.date:
        with timezone.override(self.balai.time_zone):
            return timezone.localtime(self.generated_at).date()

    def source_text(self) -> str:
        total = self.report.total
        return (
            f"Sumber: {formatting.number(total.completed)} peserta lulus, "
            f"{formatting.number(total.paired)} berpasangan (punya data sebelum dan sesudah); "
            f"tingkat keterpasangan {formatting.percent(total.pairing_rate)}."
        )

    def title_block(self) -> list[str]:
        """The lines under the title, on the workbook, the print view and the PDF summary."""
        return [
            self.balai.name,
            self.scope_text(),
            f"Data sesudah: {self.round_text().lower()}",
            f"Data per {self.timestamp()} · dibuat oleh {self.generated_by}",
            self.source_text(),
        ]

    def summary_rows(self) -> list[dict]:
        """The three indicators of the summary table, for the print view and the PDF."""
        total = self.report.total
        return [
            {"label": label, "measure": getattr(total, key), "people": key == PEOPLE}
            for key, label, _ in INDICATORS
        ]

    def signatory(self) -> Signatory:
        return signatory_for(self.balai, day=self.local_date())

    # --- The workbook -------------------------------------------------------------------

    def sheets(self) -> list[Sheet]:
        """The sheets in order: one line per sheet, so other apps add theirs here."""
        return [
            Sheet("Ringkasan", ImpactReportExport._summary),
            *(
                Sheet(b.sheet_name, lambda e, book, name, b=b: e._breakdown(book, name, b))
                for b in self.report.breakdowns
            ),
            Sheet("Naik Kelas", ImpactReportExport._class_matrix),
            Sheet(COMPARISON_SHEET, lambda e, book, name: comparison_sheet(book, name, e.report)),
            Sheet(RESPONSE_SHEET, lambda e, book, name: response_sheet(book, name, e.report)),
            Sheet("Data Peserta", ImpactReportExport._participants),
            Sheet(evaluation.SHEET_NAME, ImpactReportExport._evaluation),
            Sheet("Metodologi", ImpactReportExport._methodology),
        ]

    def write(self, target, progress: Callable[[int], None] | None = None) -> ImpactReport:
        """Write the whole workbook to ``target`` (a path or a binary file); return the figures.

        ``progress(percent)`` is called after the figures and after each sheet (background jobs).
        """
        report = self.report
        sheets = self.sheets()
        # The figures are one step, each sheet one; the file is complete only when the book closes.
        total = len(sheets) + 2
        if progress:
            progress(100 // total)
        footer = f"{self.balai.name} · {formatting.tanggal(self.local_date())}"
        with XlsxBook(target, footer=footer) as book:
            for done, sheet in enumerate(sheets, 2):
                sheet.write(self, book, sheet.name)
                if progress:
                    progress(100 * done // total)
        return report

    # --- Sheets ---------------------------------------------------------------------------

    def _summary(self, book: XlsxBook, name: str) -> None:
        report = self.report
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
        columns = [
            Column(header, kind, width or label_width)
            for header, kind, width in zip(
                SUMMARY_HEADERS, SUMMARY_KINDS, SUMMARY_WIDTHS, strict=True
            )
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
            title=self.title,
            subtitle=self.title_block()[0],
            notes=self.title_block()[1:],
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
                x_offset=index * XlsxBook.CHART_WIDTH,
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
        row = book.signatory_block(sheet, row, first_col=3, last_col=5, signatory=self.signatory())
        book.finish_sheet(sheet, last_row=row, last_col=5)

    def _breakdown(self, book: XlsxBook, name: str, breakdown) -> None:
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
            total_row=cells(self.report.total, "Jumlah"),
        )

    def _evaluation(self, book: XlsxBook, name: str) -> None:
        """Pre/post-test and questionnaire of every angkatan in the report (evaluations app)."""
        in_report = impact_nominations(nominations=self.nominations, filters=self.filters)
        nominations = self.nominations.filter(angkatan__in=in_report.values("angkatan_id"))
        if self.filters.kabupaten_kota:
            nominations = nominations.filter(kabupaten_kota=self.filters.kabupaten_kota)
        responses = EvaluationResponse.objects.filter(angkatan__in=in_report.values("angkatan_id"))
        if self.viewer is not None:
            responses = responses.for_user(self.viewer)
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

    def _class_matrix(self, book: XlsxBook, name: str) -> None:
        report = self.report
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

    def _participants(self, book: XlsxBook, name: str) -> None:
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
            nominations=self.nominations, filters=self.filters
        ).values_list(*PARTICIPANT_FIELDS)
        sheet = book.table_sheet(
            name,
            columns,
            participant_rows(
                rows.iterator(), show_nik=self.viewer is not None and can_see_nik(self.viewer)
            ),
            format_blanks=False,  # nobody types into a report: an unpaired row's gaps stay empty
        )
        self.participant_count = sheet.last_row - sheet.header_row

    def _methodology(self, book: XlsxBook, name: str) -> None:
        total = self.report.total
        rows = [("Laporan", self.title), ("Balai", self.balai.name)]
        rows += [("Dibuat pada", self.timestamp())]
        rows += [("Dibuat oleh", self.generated_by)]
        rows += [(f"Filter: {label}", value) for label, value in self.filters.describe()]
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
                Column("Keterangan", "wrap", width=90),
            ],
            rows,
            autofilter=False,
        )
