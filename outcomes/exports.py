"""Excel reports of the outcomes app; one class per report, written by the shared XlsxBook."""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal

from django.db.models import QuerySet
from django.utils import timezone

from balatkop import formatting
from balatkop.access import can_see_nik, mask_nik
from balatkop.xlsx import Column, XlsxBook
from outcomes.impact import (
    FORMULAS,
    NOT_COMPUTABLE,
    UMKM_CLASSES,
    ImpactFilters,
    ImpactGroup,
    ImpactReport,
    impact_compute,
    impact_participant_rows,
    percentage,
)
from participants.models import Sex

SEX_LABELS = dict(Sex.choices)
# What the Data Peserta sheet reads of each alumnus (one joined query, streamed).
PARTICIPANT_FIELDS = [
    "participant__nik", "participant__name", "participant__sex", "kabupaten_kota__name",
    "program__code", "program__year", "program__jenjang", "angkatan__number", "business__name",
    "business__sector", "baseline_omzet", "baseline_aset", "baseline_tenaga_kerja",
    "after_round", "after_measured_on", "after_omzet", "after_aset", "after_tenaga_kerja",
]  # fmt: skip

SUMMARY_COLUMNS = [
    Column("Indikator", width=24),
    Column("Sebelum", "rupiah", width=20),
    Column("Sesudah", "rupiah", width=20),
    Column("Selisih", "rupiah", width=20),
    Column("Pertumbuhan (%)", "percent", width=16),
    Column("Rasio (%)", "percent", width=12),
]

BREAKDOWN_SHEETS = {
    "kabupaten_kota": "Per Kabupaten Kota",
    "jenjang": "Per Jenjang",
    "angkatan": "Per Angkatan",
    "sektor": "Per Sektor",
    "jenis_kelamin": "Per Jenis Kelamin",
    "program": "Per Program",
    "tahun": "Per Tahun",
}


def _or_not_computable(value: Decimal | None):
    return NOT_COMPUTABLE if value is None else value


def local_timestamp(moment: dt.datetime) -> str:
    """'23 November 2026 pukul 11.05 WITA' in the active (balai) time zone."""
    local = timezone.localtime(moment)
    zone = {"Asia/Jakarta": "WIB", "Asia/Makassar": "WITA", "Asia/Jayapura": "WIT"}.get(
        str(local.tzinfo), str(local.tzinfo)
    )
    return f"{formatting.tanggal(local)} pukul {local:%H.%M} {zone}"


# Integer omzet per month: omzet × 12 ≤ bound exactly when omzet ≤ bound // 12.
MONTHLY_CLASS_BOUNDS = [upper // 12 for _, _, upper in UMKM_CLASSES if upper is not None]
CLASS_LABELS = [label for _, label, _ in UMKM_CLASSES]


def class_label(omzet_per_month: int) -> str:
    """The PP 7/2021 class of a monthly omzet, as ``outcomes.impact.umkm_class`` decides it."""
    return CLASS_LABELS[bisect_left(MONTHLY_CLASS_BOUNDS, omzet_per_month)]


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
            _or_not_computable(percentage(after_omzet - before_omzet, before_omzet))
            if paired
            else None,
            class_label(before_omzet),
            class_label(after_omzet) if paired else None,
            "Ya" if paired else "Tidak",
        )


class ImpactReportExport:
    """The impact workbook a head hands to the governor (DESIGN.md §5)."""

    identifier = "laporan-dampak"
    title = "Laporan Dampak Pelatihan"

    def __init__(
        self,
        *,
        nominations: QuerySet,
        filters: ImpactFilters,
        viewer=None,
        generated_by: str,
        generated_at: dt.datetime | None = None,
    ):
        # ``nominations`` is the scoped start (``Nomination.objects.for_user``); ``viewer``
        # decides NIK masking (None, as on the command line, masks).
        self.nominations = nominations
        self.filters = filters
        self.viewer = viewer
        self.generated_by = generated_by
        self.generated_at = generated_at or timezone.now()
        self.participant_count: int | None = None  # rows of Data Peserta, once written

    def filename(self) -> str:
        parts = [self.identifier]
        if self.filters.program:
            parts.append(self.filters.program.code)
        elif self.filters.year:
            parts.append(str(self.filters.year))
        if self.filters.kabupaten_kota:
            parts.append(self.filters.kabupaten_kota.code.replace(".", ""))
        parts.append(f"{timezone.localtime(self.generated_at):%Y%m%d-%H%M}")
        return "-".join(parts) + ".xlsx"

    def write(self, target, progress: Callable[[int], None] | None = None) -> ImpactReport:
        """Write the whole workbook to ``target`` (a path or a binary file); return the figures.

        ``progress(percent)`` is called after the figures and after each sheet (background jobs).
        """
        report = impact_compute(nominations=self.nominations, filters=self.filters)
        steps = [lambda book: self._summary(book, report)]
        steps += [
            lambda book, b=breakdown: self._breakdown(
                book, BREAKDOWN_SHEETS[b.key], b.title, b.groups
            )
            for breakdown in report.breakdowns
        ]
        steps += [
            lambda book: self._class_matrix(book, report),
            self._participants,
            lambda book: self._methodology(book, report),
        ]
        # The figures are one step, each sheet one; the file is complete only when the book closes.
        total = len(steps) + 2
        if progress:
            progress(100 // total)
        with XlsxBook(target) as book:
            for done, step in enumerate(steps, 2):
                step(book)
                if progress:
                    progress(100 * done // total)
        return report

    # --- Sheets ---------------------------------------------------------------------------

    def _summary(self, book: XlsxBook, report: ImpactReport) -> None:
        total = report.total
        sheet = book.table_sheet(
            "Ringkasan",
            SUMMARY_COLUMNS,
            (
                [label, m.before, m.after, m.difference, _or_not_computable(m.growth),
                 _or_not_computable(m.ratio)]
                for label, m in (("Omzet (Rp/bulan)", total.omzet), ("Aset (Rp)", total.aset))
            ),
            autofilter=False,
        )  # fmt: skip
        # Tenaga kerja counts people, not Rupiah: its row is written here with a plain format.
        people = total.tenaga_kerja
        tk_row = sheet.last_row + 1
        for col, (value, kind) in enumerate(
            [
                ("Tenaga Kerja (orang)", "text"),
                (people.before, "int"),
                (people.after, "int"),
                (people.difference, "int"),
                (_or_not_computable(people.growth), "percent"),
                (_or_not_computable(people.ratio), "percent"),
            ]
        ):
            book.write_cell(sheet, tk_row, col, value, kind)
        sheet.last_row = tk_row
        facts = [
            ("Peserta lulus", total.completed, "int"),
            ("Peserta berpasangan (punya data sebelum dan sesudah)", total.paired, "int"),
            ("Peserta lulus tanpa data monitoring (tidak dihitung)", total.unpaired, "int"),
            ("Tingkat keterpasangan (%)", _or_not_computable(total.pairing_rate), "percent"),
            ("Tambahan tenaga kerja (orang)", total.jobs_added, "int"),
            (
                "Median pertumbuhan omzet individu (%)",
                _or_not_computable(report.omzet_growth_median),
                "percent",
            ),
            ("Usaha dengan omzet naik", total.omzet_rose, "int"),
            ("Usaha dengan omzet naik (%)", _or_not_computable(total.omzet_rose_share), "percent"),
            ("Usaha naik kelas (PP 7/2021)", report.naik_kelas, "int"),
        ]
        row = sheet.last_row + 2
        for label, value, kind in facts:
            book.write_cell(sheet, row, 0, label)
            book.write_cell(sheet, row, 1, value, kind)
            row += 1
        row += 1
        notes = [
            "Pertumbuhan (%) = (Σ sesudah − Σ sebelum) ÷ Σ sebelum × 100; "
            "Rasio (%) = Σ sesudah ÷ Σ sebelum × 100.",
            "Contoh: rasio 223,75% berarti omzet menjadi 2,24 kali semula, yaitu tumbuh 123,75% "
            "— jangan ditulis “naik 224%”.",
            "Hanya peserta berpasangan yang masuk perbandingan sebelum–sesudah.",
        ]
        for note in notes:
            book.write_cell(sheet, row, 0, note)
            row += 1
        chart = book.workbook.add_chart({"type": "column"})
        first, second = sheet.header_row + 1, sheet.header_row + 2  # omzet and aset rows
        for col, name in ((1, "Sebelum"), (2, "Sesudah")):
            chart.add_series(
                {
                    "name": name,
                    "categories": ["Ringkasan", first, 0, second, 0],
                    "values": ["Ringkasan", first, col, second, col],
                    "data_labels": {"value": False},
                }
            )
        chart.set_title({"name": "Omzet dan aset: sebelum dan sesudah pelatihan"})
        chart.set_y_axis({"num_format": '"Rp" #,##0', "name": "Rupiah"})
        chart.set_legend({"position": "bottom"})
        chart.set_size({"width": 620, "height": 340})
        sheet.insert_chart(row + 1, 0, chart)

    def _breakdown(self, book: XlsxBook, sheet_name: str, title: str, groups: list[ImpactGroup]):
        columns = [
            Column(title, width=32),
            Column("Peserta Lulus", "int"),
            Column("Berpasangan", "int"),
            Column("Keterpasangan (%)", "percent"),
            Column("Omzet Sebelum (Rp/bulan)", "rupiah"),
            Column("Omzet Sesudah (Rp/bulan)", "rupiah"),
            Column("Pertumbuhan Omzet (%)", "percent"),
            Column("Rasio Omzet (%)", "percent"),
            Column("Aset Sebelum (Rp)", "rupiah"),
            Column("Aset Sesudah (Rp)", "rupiah"),
            Column("Pertumbuhan Aset (%)", "percent"),
            Column("Rasio Aset (%)", "percent"),
            Column("Tenaga Kerja Sebelum", "int"),
            Column("Tenaga Kerja Sesudah", "int"),
            Column("Tambahan Tenaga Kerja", "int"),
            Column("Usaha Omzet Naik", "int"),
        ]
        book.table_sheet(
            sheet_name,
            columns,
            (
                [
                    g.label, g.completed, g.paired, _or_not_computable(g.pairing_rate),
                    g.omzet.before, g.omzet.after, _or_not_computable(g.omzet.growth),
                    _or_not_computable(g.omzet.ratio), g.aset.before, g.aset.after,
                    _or_not_computable(g.aset.growth), _or_not_computable(g.aset.ratio),
                    g.tenaga_kerja.before, g.tenaga_kerja.after, g.jobs_added, g.omzet_rose,
                ]
                for g in groups
            ),
        )  # fmt: skip

    def _class_matrix(self, book: XlsxBook, report: ImpactReport) -> None:
        labels = report.class_labels
        columns = [Column("Kelas sebelum \\ sesudah", width=26)]
        columns += [Column(label, "int") for label in labels] + [Column("Jumlah", "int")]
        sheet = book.table_sheet(
            "Naik Kelas",
            columns,
            ([labels[b], *row, sum(row)] for b, row in enumerate(report.class_matrix)),
            autofilter=False,
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

    def _participants(self, book: XlsxBook) -> None:
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
            "Data Peserta",
            columns,
            participant_rows(
                rows.iterator(), show_nik=self.viewer is not None and can_see_nik(self.viewer)
            ),
            format_blanks=False,  # nobody types into a report: an unpaired row's gaps stay empty
        )
        self.participant_count = sheet.last_row - sheet.header_row

    def _methodology(self, book: XlsxBook, report: ImpactReport) -> None:
        rows = [("Laporan", self.title)]
        rows += [("Dibuat pada", local_timestamp(self.generated_at))]
        rows += [("Dibuat oleh", self.generated_by)]
        rows += [(f"Filter: {label}", value) for label, value in self.filters.describe()]
        rows += [
            ("Cakupan", f"{report.total.completed} peserta lulus, "
             f"{report.total.paired} berpasangan ({formatting.percent(report.total.pairing_rate)})"),
            ("Pemasangan data", "Data awal (saat diusulkan) dipasangkan dengan data monitoring "
             "terakhir tiap peserta, atau dengan putaran yang dipilih di filter."),
        ]  # fmt: skip
        rows += [(f"Rumus: {name}", text) for name, text in FORMULAS]
        rows += [
            ("Satuan", "Omzet dalam Rupiah per bulan; aset dalam Rupiah; tenaga kerja dalam orang."),
            ("NIK", "NIK disamarkan kecuali bagi pengguna yang berwenang melihatnya."),
        ]  # fmt: skip
        book.table_sheet(
            "Metodologi",
            [Column("Bagian", width=40), Column("Keterangan", width=100)],
            rows,
            autofilter=False,
        )


class FollowUpRoundTemplate:
    """The spreadsheet of one monitoring round, pre-filled with the alumni due for it."""

    identifier = "templat-monitoring"

    def __init__(self, *, nominations: QuerySet, viewer):
        # ``nominations``: the due alumni of one programme (``followup_due`` result).
        self.nominations = nominations
        self.viewer = viewer

    def filename(self, program, round_months: int) -> str:
        return f"{self.identifier}-{program.code}-{round_months}bulan.xlsx"

    def write(self, target) -> None:
        from outcomes.services import TEMPLATE_HEADERS

        kinds = ["int", "nik", "text", "text", "text", "int", "rupiah", "rupiah", "int",
                 "date", "rupiah", "rupiah", "int"]  # fmt: skip
        rows = (
            self.nominations.select_related("participant", "business", "kabupaten_kota", "angkatan")
            .order_by("kabupaten_kota_id", "participant__name", "pk")
            .iterator()
        )
        with XlsxBook(target) as book:
            book.table_sheet(
                "Monitoring",
                [Column(h, k) for h, k in zip(TEMPLATE_HEADERS, kinds, strict=True)],
                (
                    [
                        n.pk, mask_nik(n.participant.nik, self.viewer), n.participant.name,
                        n.business.name if n.business else None, n.kabupaten_kota.name,
                        n.angkatan.number if n.angkatan else None, n.baseline_omzet,
                        n.baseline_aset, n.baseline_tenaga_kerja, None, None, None, None,
                    ]
                    for n in rows
                ),
            )  # fmt: skip
            book.table_sheet(
                "Petunjuk",
                [Column("Petunjuk", width=110)],
                [
                    ["Isi kolom Tanggal Monitoring, Omzet Sesudah (Rp per bulan), Aset Sesudah (Rp) "
                     "dan Tenaga Kerja Sesudah (orang) untuk setiap alumni yang sudah dimonitor."],
                    ["Biarkan kosong keempat kolom itu untuk alumni yang belum dimonitor; baris itu dilewati."],
                    ["Jangan ubah kolom ID Usulan dan NIK. Angka ditulis bulat tanpa desimal."],
                    ["Bila ada satu baris salah, seluruh berkas ditolak dan daftar kesalahannya ditampilkan."],
                ],
                autofilter=False,
            )  # fmt: skip
