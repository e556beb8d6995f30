"""The Excel impact report: Ringkasan contract, sheets, safety, masking and query count."""

import io
from decimal import Decimal

import openpyxl
import pytest

from outcomes.exports import ImpactReportExport
from outcomes.impact import ImpactFilters
from outcomes.tests.factories import (
    CompletedNominationFactory,
    FollowUpFactory,
    build_jateng_2021_cohort,
)
from participants.models import Nomination
from participants.tests.factories import BusinessFactory

pytestmark = pytest.mark.django_db

SUMMARY_HEADER = ["Indikator", "Sebelum", "Sesudah", "Selisih", "Pertumbuhan (%)", "Rasio (%)"]


def export(viewer=None, **filters) -> openpyxl.Workbook:
    target = io.BytesIO()
    ImpactReportExport(
        nominations=Nomination.objects.all(),
        filters=ImpactFilters(**filters),
        viewer=viewer,
        generated_by="Uji",
    ).write(target)
    target.seek(0)
    return openpyxl.load_workbook(target)


def summary_table(workbook) -> list[list]:
    sheet = workbook["Ringkasan"]
    return [list(row) for row in sheet.iter_rows(min_row=1, max_row=4, max_col=6, values_only=True)]


def test_ringkasan_holds_the_jateng_2021_figures_as_numbers():
    build_jateng_2021_cohort()
    workbook = export()
    assert workbook.sheetnames[0] == "Ringkasan"
    header, omzet, aset, tenaga_kerja = summary_table(workbook)
    assert header == SUMMARY_HEADER
    assert omzet == [
        "Omzet (Rp/bulan)",
        2_400_000_000,
        5_370_000_000,
        2_970_000_000,
        123.75,
        223.75,
    ]
    assert aset[0] == "Aset (Rp)"
    assert aset[4] == pytest.approx(67.66)
    assert aset[5] == pytest.approx(167.66)
    assert tenaga_kerja[:4] == ["Tenaga Kerja (orang)", 279, 583, 304]
    sheet = workbook["Ringkasan"]
    assert sheet["B2"].number_format == '"Rp" #,##0'
    assert sheet.freeze_panes == "A2"
