"""The impact workbook as a head prints it: title block, signatory, page setup, Jumlah, charts."""

import io

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from balatkop.models import Role
from balatkop.tests.factories import BalaiFactory, UserFactory
from outcomes.exports import ImpactReportExport
from outcomes.impact import ImpactFilters
from outcomes.tests.factories import (
    CompletedNominationFactory,
    FollowUpFactory,
    build_jateng_2021_cohort,
    jateng_balai,
)
from outcomes.tests.test_impact_export import summary_header_row
from participants.models import Nomination

pytestmark = pytest.mark.django_db

BREAKDOWN_SHEETS = [
    "Per Kabupaten Kota", "Per Jenjang", "Per Angkatan", "Per Sektor", "Per Jenis Kelamin",
    "Per Program", "Per Tahun",
]  # fmt: skip


def jateng_workbook(**filters) -> openpyxl.Workbook:
    target = io.BytesIO()
    ImpactReportExport(
        nominations=Nomination.objects.all(), filters=ImpactFilters(**filters), balai=jateng_balai()
    ).write(target)
    return openpyxl.load_workbook(io.BytesIO(target.getvalue()))


@pytest.fixture
def jateng():
    build_jateng_2021_cohort()
    balai = jateng_balai()
    balai.name = "Balai Latihan Koperasi dan UMKM Provinsi Jawa Tengah"
    balai.signatory_place = "Semarang"
    balai.signatory_title = "Kepala Balai Latihan Koperasi dan UMKM Provinsi Jawa Tengah"
    balai.signatory_name = "Dra. Sri Rahayu, M.M."
    balai.signatory_nip = "196805121993032004"
    balai.save()
    return balai


def signatory_cells(sheet) -> list[str]:
    """The texts in column D below the summary table: the signatory block."""
    below = summary_header_row(sheet) + 4
    return [
        c.value
        for row in sheet.iter_rows(min_row=below, min_col=4, max_col=4)
        for c in row
        if c.value
    ]


def column_a(sheet) -> list:
    return [cell.value for cell in sheet["A"]]


def test_ringkasan_opens_with_the_title_block(jateng):
    sheet = jateng_workbook(year=2021)["Ringkasan"]
    lines = column_a(sheet)[: summary_header_row(sheet) - 1]
    assert lines[0] == "Laporan Dampak Pelatihan"
    assert lines[1] == "Balai Latihan Koperasi dan UMKM Provinsi Jawa Tengah"
    assert lines[2] == "Tahun 2021"
    assert lines[3] == "Data sesudah: monitoring terakhir"
    assert lines[4].startswith("Data per ") and lines[4].split(" · ")[0].endswith("WIB")
    assert lines[4].endswith("dibuat oleh perintah manage.py laporan_dampak")
    assert lines[5] == (
        "Sumber: 106 peserta lulus, 106 berpasangan (punya data sebelum dan sesudah); "
        "tingkat keterpasangan 100,00%."
    )


def test_signatory_block_comes_from_the_balai_settings(jateng):
    block = signatory_cells(jateng_workbook()["Ringkasan"])
    assert block[0].startswith("Semarang, ")
    assert block[1:] == [
        "Kepala Balai Latihan Koperasi dan UMKM Provinsi Jawa Tengah",
        "Dra. Sri Rahayu, M.M.",
        "NIP 196805121993032004",
    ]


def test_unset_signatory_settings_print_as_lines_to_fill_in():
    build_jateng_2021_cohort()
    block = signatory_cells(jateng_workbook()["Ringkasan"])
    assert block[0].startswith("...") and block[1].startswith("....")
    assert block[-1].startswith("NIP ...")


def test_every_sheet_prints_a4_landscape_one_page_wide_with_titles_and_footer(jateng):
    workbook = jateng_workbook()
    for sheet in workbook.worksheets:
        setup = sheet.page_setup
        assert setup.orientation == "landscape", sheet.title
        assert setup.paperSize == 9, sheet.title  # A4
        assert sheet.sheet_properties.pageSetUpPr.fitToPage, sheet.title
        assert setup.fitToWidth in (None, 1), sheet.title  # None is the default: 1
        assert setup.fitToHeight == (None if sheet.title == "Ringkasan" else 0), sheet.title
        header = summary_header_row(sheet) if sheet.title == "Ringkasan" else 1
        assert sheet.print_title_rows == f"${header}:${header}", sheet.title
        assert sheet.print_area, sheet.title
        assert sheet.oddFooter.right.text == "Halaman &P dari &N", sheet.title
        assert sheet.oddFooter.left.text.startswith(jateng.name + " · "), sheet.title


def test_wrapped_headers_get_a_taller_row_and_labels_fit_their_column(jateng):
    workbook = jateng_workbook()
    assert workbook["Per Kabupaten Kota"].row_dimensions[1].height >= 30
    ringkasan = workbook["Ringkasan"]
    longest = max(
        len(v) for v in column_a(ringkasan)[summary_header_row(ringkasan) :] if v and len(v) < 60
    )
    assert ringkasan.column_dimensions["A"].width >= longest


@pytest.mark.parametrize("name", BREAKDOWN_SHEETS)
def test_every_breakdown_sheet_ends_with_a_jumlah_row_equal_to_the_sums(jateng, name):
    rows = list(jateng_workbook()[name].iter_rows(values_only=True))
    header, groups, jumlah = rows[0], rows[1:-1], rows[-1]
    assert jumlah[0] == "Jumlah"
    for col, title in enumerate(header[1:], 1):
        if "(%)" not in title:
            assert jumlah[col] == sum(g[col] for g in groups), (name, title)
    assert jumlah[1:3] == (106, 106)
    assert jumlah[6:8] == (123.75, 223.75)  # the totals' percentages, not a sum of them


def test_naik_kelas_has_a_jumlah_row_too(jateng):
    rows = list(jateng_workbook()["Naik Kelas"].iter_rows(max_row=6, values_only=True))
    assert rows[5][0] == "Jumlah"
    assert rows[5][1:6] == tuple(sum(r[c] for r in rows[1:5]) for c in range(1, 6))


def test_ringkasan_has_one_chart_per_indicator_each_on_its_own_scale(jateng):
    charts = jateng_workbook()["Ringkasan"]._charts
    assert len(charts) == 3
    titles = [chart.title.tx.rich.p[0].r[0].t for chart in charts]
    assert titles == ["Omzet per bulan", "Aset", "Tenaga kerja"]
    formats = [chart.y_axis.number_format.formatCode for chart in charts]
    assert formats == ['"Rp "#,##0.00,,," miliar"', '"Rp "#,##0.00,,," miliar"', '#,##0" orang"']
    for chart in charts:
        assert chart.y_axis.scaling.min == 0
        labels = chart.series[0].dLbls
        assert labels.showVal and labels.numFmt == chart.y_axis.number_format.formatCode
    first = summary_header_row(jateng_workbook()["Ringkasan"]) + 1
    assert [c.series[0].val.numRef.f for c in charts] == [
        f"Ringkasan!$B${first + i}:$C${first + i}" for i in range(3)
    ]


def test_the_example_sentence_quotes_this_reports_own_figures():
    nomination = CompletedNominationFactory(baseline_omzet=10_000_000)
    FollowUpFactory(nomination=nomination, omzet=13_000_000)
    target = io.BytesIO()
    ImpactReportExport(nominations=Nomination.objects.all(), filters=ImpactFilters()).write(target)
    workbook = openpyxl.load_workbook(io.BytesIO(target.getvalue()))
    text = " ".join(v for v in column_a(workbook["Ringkasan"]) if isinstance(v, str))
    assert "Rasio 130,00% berarti omzet menjadi 1,30 kali semula, yaitu tumbuh 30,00%" in text
    assert "223,75" not in text
    methodology = dict(list(workbook["Metodologi"].iter_rows(values_only=True))[1:])
    assert "angka persen dengan dua desimal" in methodology["Persentase"]


def test_command_without_balai_on_a_multi_balai_installation_asks_for_one(tmp_path):
    build_jateng_2021_cohort()
    BalaiFactory(code="NTB2")
    with pytest.raises(CommandError, match="sebutkan --balai"):
        call_command("laporan_dampak", "-o", str(tmp_path / "campur.xlsx"))
    assert not (tmp_path / "campur.xlsx").exists()
    out = io.StringIO()
    call_command(
        "laporan_dampak", "--program", "JTG-2021-J2", "-o", str(tmp_path / "j.xlsx"), stdout=out
    )
    assert "Balatkop Jawa Tengah; 106 peserta lulus" in out.getvalue()


def test_admin_chooses_a_balai_before_the_report(client_for):
    build_jateng_2021_cohort()
    other = BalaiFactory(code="NTB2")
    other_program = CompletedNominationFactory(program__balai=other, baseline_omzet=1_000_000)
    FollowUpFactory(nomination=other_program, omzet=9_000_000)
    admin = UserFactory(role=Role.ADMIN, balai=None)
    client = client_for(admin)
    page = client.get(reverse("outcomes:impact_report"))
    assert page.status_code == 200
    assert "Pilih satu balai" in page.content.decode()
    assert "data-figure" not in page.content.decode()
    download = client.get(reverse("outcomes:impact_export"))
    assert download.status_code == 302 and download["Location"] == reverse("outcomes:impact_report")
    chosen = client.get(reverse("outcomes:impact_report"), {"balai": jateng_balai().pk})
    html = chosen.content.decode()
    assert 'data-figure="omzet-growth">+123,75%' in html  # the NTB2 alumnus is not mixed in
    assert 'data-figure="paired">106 / 106' in html
