"""Excel reports of the outcomes app; one class per report, written by the shared XlsxBook."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cached_property

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from balatkop import formatting
from balatkop.models import Balai
from balatkop.signatory import Signatory, signatory_for
from balatkop.xlsx import XlsxBook
from evaluations import exports as evaluation
from outcomes import exports_sheets
from outcomes.exports_attribution import (
    COMPARISON_SHEET,
    RESPONSE_SHEET,
    comparison_sheet,
    response_sheet,
)
from outcomes.impact import (
    INDICATORS,
    PEOPLE,
    ImpactFilters,
    ImpactReport,
    impact_compute,
)
from participants.models import Nomination

COMMAND_USER = "perintah manage.py laporan_dampak"


def author(user) -> str:
    """Who made a report, as every report names them: 'Hatta Wibisono (Pimpinan)'."""
    if user is None:
        return COMMAND_USER
    return f"{user.get_full_name() or user.username} ({user.get_role_display()})"


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
            Sheet("Ringkasan", exports_sheets.summary_sheet),
            *(
                Sheet(
                    b.sheet_name,
                    lambda e, book, name, b=b: exports_sheets.breakdown_sheet(e, book, name, b),
                )
                for b in self.report.breakdowns
            ),
            Sheet("Naik Kelas", exports_sheets.class_matrix_sheet),
            Sheet(COMPARISON_SHEET, lambda e, book, name: comparison_sheet(book, name, e.report)),
            Sheet(RESPONSE_SHEET, lambda e, book, name: response_sheet(book, name, e.report)),
            Sheet("Data Peserta", exports_sheets.participants_sheet),
            Sheet(evaluation.SHEET_NAME, exports_sheets.evaluation_sheet),
            Sheet("Metodologi", exports_sheets.methodology_sheet),
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
