"""The impact report page and its download: figures, scope, filters and query counts."""

import io

import openpyxl
import pytest
from django.urls import reverse

from outcomes.tests.factories import (
    JATENG_2021_OMZET_ROW,
    CompletedNominationFactory,
    FollowUpFactory,
    build_jateng_2021_cohort,
)
from outcomes.tests.test_impact_export import summary_table
from programs.tests.factories import ProgramFactory

pytestmark = pytest.mark.django_db

REPORT = reverse("outcomes:impact_report")
EXPORT = reverse("outcomes:impact_export")


def workbook_from(response) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))


def test_head_sees_growth_and_ratio_as_two_labelled_figures(client_for, kepala_jateng):
    build_jateng_2021_cohort()
    response = client_for(kepala_jateng).get(REPORT)
    html = response.content.decode()
    assert response.status_code == 200
    assert response.context["total"].omzet.growth == pytest.approx(123.75)
    assert "+123,75%" in html
    assert 'Rasio sesudah/sebelum: <strong data-figure="omzet-ratio">223,75%' in html
    assert "+67,66%" in html
    assert "+304 orang" in html
    assert "<svg" in html and "Kota Semarang" in html


def test_download_gives_the_jateng_ringkasan(client_for, kepala_jateng):
    build_jateng_2021_cohort()
    response = client_for(kepala_jateng).get(EXPORT)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="laporan-dampak-')
    rows = summary_table(workbook_from(response))
    assert rows[1] == JATENG_2021_OMZET_ROW
    assert rows[2][4] == pytest.approx(67.66)
    assert rows[3][3] == 304


def test_download_keeps_the_page_filters(client_for, kepala_jateng):
    build_jateng_2021_cohort()
    response = client_for(kepala_jateng).get(EXPORT, {"kabupaten_kota": "33.74"})
    workbook = workbook_from(response)
    assert len(list(workbook["Data Peserta"].iter_rows())) == 1 + 18
    methodology = dict(list(workbook["Metodologi"].iter_rows(values_only=True))[1:])
    assert methodology["Filter: Kabupaten/Kota"] == "Kota Semarang"
    assert "Pimpinan" in methodology["Dibuat oleh"]


def test_zero_baseline_is_shown_as_not_computable(client_for, staf):
    nomination = CompletedNominationFactory(
        program__balai=staf.balai, baseline_omzet=0, baseline_aset=0, baseline_tenaga_kerja=0
    )
    FollowUpFactory(nomination=nomination, omzet=3_000_000, aset=0, tenaga_kerja=1)
    html = client_for(staf).get(REPORT).content.decode()
    assert 'data-figure="omzet-growth">tidak dapat dihitung' in html


def test_district_officer_sees_only_their_own_district(client_for, petugas, staf):
    program = ProgramFactory(balai=staf.balai)
    mine = CompletedNominationFactory(program=program, kabupaten_kota_id="52.71")
    FollowUpFactory(nomination=mine)
    other = CompletedNominationFactory(program=program, kabupaten_kota_id="52.03")
    FollowUpFactory(nomination=other)
    report = client_for(petugas).get(REPORT).context["report"]
    assert report.total.completed == 1
    assert [g.label for g in report.breakdown("kabupaten_kota").groups] == ["Kota Mataram"]
    # Asking for another district is a 404, not an empty report.
    assert client_for(petugas).get(REPORT, {"kabupaten_kota": "52.03"}).status_code == 404


def test_nobody_sees_another_balais_programme(client_for, outsider, staf):
    program = ProgramFactory(balai=staf.balai)
    FollowUpFactory(nomination=CompletedNominationFactory(program=program))
    client = client_for(outsider)
    assert client.get(REPORT, {"program": program.pk}).status_code == 404
    assert client.get(EXPORT, {"program": program.pk}).status_code == 404
    assert client.get(REPORT).context["report"].total.completed == 0


def test_report_and_download_query_counts_do_not_grow_with_rows(
    client_for, kepala_jateng, django_assert_max_num_queries
):
    client = client_for(kepala_jateng)
    build_jateng_2021_cohort(code="KECIL")
    with django_assert_max_num_queries(30) as small:
        client.get(REPORT)
    build_jateng_2021_cohort(code="BESAR", first_serial=3000)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(REPORT)
    # The workbook adds the Evaluasi Pembelajaran sheet: four queries, whatever the rows.
    with django_assert_max_num_queries(len(small.captured_queries) + 4) as download:
        b"".join(client.get(EXPORT).streaming_content)
    assert len(download.captured_queries) <= 30
