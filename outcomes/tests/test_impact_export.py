"""The Excel impact report: Ringkasan contract, sheets, safety, masking and query count."""

import io
import zipfile

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from outcomes.exports import ImpactReportExport
from outcomes.impact import ImpactFilters
from outcomes.tests.factories import (
    JATENG_2021_OMZET_ROW,
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


def summary_header_row(sheet) -> int:
    """The §5 table's header row (1-based), under the title block."""
    return next(cell.row for cell in sheet["A"] if cell.value == "Indikator")


def summary_table(workbook) -> list[list]:
    sheet = workbook["Ringkasan"]
    first = summary_header_row(sheet)
    return [
        list(row)
        for row in sheet.iter_rows(min_row=first, max_row=first + 3, max_col=6, values_only=True)
    ]


def test_ringkasan_holds_the_jateng_2021_figures_as_numbers():
    build_jateng_2021_cohort()
    workbook = export()
    assert workbook.sheetnames[0] == "Ringkasan"
    header, omzet, aset, tenaga_kerja = summary_table(workbook)
    assert header == SUMMARY_HEADER
    assert omzet == JATENG_2021_OMZET_ROW
    assert aset[0] == "Aset (Rp)"
    assert aset[4] == pytest.approx(67.66)
    assert aset[5] == pytest.approx(167.66)
    assert tenaga_kerja[:4] == ["Tenaga Kerja (orang)", 279, 583, 304]
    sheet = workbook["Ringkasan"]
    first = summary_header_row(sheet)
    assert sheet[f"B{first + 1}"].number_format == '"Rp" #,##0'
    assert sheet.freeze_panes == f"A{first + 1}"


def sheet_rows(workbook, name) -> list[tuple]:
    return list(workbook[name].iter_rows(values_only=True))


def test_workbook_has_the_sheets_in_order_with_a_native_chart():
    build_jateng_2021_cohort()
    target = io.BytesIO()
    ImpactReportExport(
        nominations=Nomination.objects.all(), filters=ImpactFilters(), generated_by="Uji"
    ).write(target)
    workbook = openpyxl.load_workbook(io.BytesIO(target.getvalue()))
    assert workbook.sheetnames == [
        "Ringkasan", "Per Kabupaten Kota", "Per Jenjang", "Per Angkatan", "Per Sektor",
        "Per Jenis Kelamin", "Per Program", "Per Tahun", "Naik Kelas", "Pembanding", "Respons",
        "Data Peserta", "Evaluasi Pembelajaran", "Metodologi",
    ]  # fmt: skip
    with zipfile.ZipFile(io.BytesIO(target.getvalue())) as archive:
        assert "xl/charts/chart1.xml" in archive.namelist()
    participants = sheet_rows(workbook, "Data Peserta")
    assert len(participants) == 1 + 106
    assert workbook["Data Peserta"].auto_filter.ref.startswith("A1:")
    naik = sheet_rows(workbook, "Naik Kelas")
    assert naik[1][:3] == ("Mikro", 103, 2)
    methodology = dict(sheet_rows(workbook, "Metodologi")[1:])
    assert methodology["Dibuat oleh"] == "Uji"
    assert "Σ sesudah ÷ Σ sebelum × 100" in methodology["Rumus: Rasio (%)"]


def test_formula_in_a_business_name_stays_text():
    nomination = CompletedNominationFactory(
        business=BusinessFactory(name='=HYPERLINK("http://jahat.example","klik")')
    )
    FollowUpFactory(nomination=nomination)
    workbook = export()
    cell = workbook["Data Peserta"]["J2"]
    assert cell.value == '=HYPERLINK("http://jahat.example","klik")'
    assert cell.data_type == "s"


def test_nik_is_masked_unless_the_viewer_may_see_it(pimpinan, staf):
    nomination = CompletedNominationFactory(program__balai=staf.balai)
    FollowUpFactory(nomination=nomination)
    nik = nomination.participant.nik
    assert export(viewer=pimpinan)["Data Peserta"]["B2"].value == nik[:4] + "********" + nik[-4:]
    staff_cell = export(viewer=staf)["Data Peserta"]["B2"]
    assert staff_cell.value == nik
    assert staff_cell.data_type == "s"


def test_zero_baseline_reads_not_computable_in_the_workbook():
    nomination = CompletedNominationFactory(baseline_omzet=0, baseline_aset=0)
    FollowUpFactory(nomination=nomination, omzet=4_000_000, aset=1_000_000)
    _, omzet, aset, _ = summary_table(export())
    assert omzet[4:] == ["tidak dapat dihitung", "tidak dapat dihitung"]
    assert aset[4] == "tidak dapat dihitung"


def test_unpaired_alumni_appear_in_data_peserta_but_not_in_the_sums():
    paired = CompletedNominationFactory(baseline_omzet=10_000_000)
    FollowUpFactory(nomination=paired, omzet=12_000_000)
    CompletedNominationFactory(program=paired.program, baseline_omzet=500_000_000)
    workbook = export()
    _, omzet, _, _ = summary_table(workbook)
    assert omzet[1:3] == [10_000_000, 12_000_000]
    assert [row[-1] for row in sheet_rows(workbook, "Data Peserta")[1:]].count("Tidak") == 1


def test_export_query_count_does_not_grow_with_participants(django_assert_max_num_queries):
    build_jateng_2021_cohort()
    # 13: 9 for the figures, sheets and evaluation, 4 for outcomes.impact_attribution
    # (rounds, one aggregate, two for real values); none grows with the rows.
    with django_assert_max_num_queries(13):
        export()


def test_command_writes_the_same_ringkasan(tmp_path):
    build_jateng_2021_cohort()
    target = tmp_path / "dampak.xlsx"
    out = io.StringIO()
    call_command(
        "laporan_dampak", "--tahun", "2021", "--balai", "JATENG", "-o", str(target), stdout=out
    )
    assert "106 peserta lulus" in out.getvalue()
    header, omzet, _aset, tenaga_kerja = summary_table(openpyxl.load_workbook(target))
    assert header == SUMMARY_HEADER
    assert omzet[4:] == [123.75, 223.75]
    assert tenaga_kerja[3] == 304


def test_command_refuses_an_unknown_programme(tmp_path):
    with pytest.raises(CommandError, match="tidak ditemukan"):
        call_command("laporan_dampak", "--program", "TIDAK-ADA", "-o", str(tmp_path / "x.xlsx"))
