"""The Excel impact report as a background job: request, progress, download, scope, failure."""

import io

import openpyxl
import pytest
from django.urls import reverse

from balatkop.models import Role
from balatkop.tests.factories import UserFactory
from outcomes.exports import ImpactReportExport
from outcomes.models import ExportJob, ExportJobStatus
from outcomes.tests.factories import JATENG_2021_OMZET_ROW, build_jateng_2021_cohort
from outcomes.tests.test_impact_export import summary_table

pytestmark = pytest.mark.django_db

CREATE = reverse("outcomes:export_job_create")


def detail(job) -> str:
    return reverse("outcomes:export_job_detail", kwargs={"pk": job.pk})


def download(job) -> str:
    return reverse("outcomes:export_job_download", kwargs={"pk": job.pk})


def test_requesting_an_export_creates_a_job_that_the_immediate_backend_finishes(
    client_for, kepala_jateng
):
    build_jateng_2021_cohort()
    response = client_for(kepala_jateng).post(CREATE)
    job = ExportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == detail(job)
    assert job.requested_by == kepala_jateng
    assert job.balai == kepala_jateng.balai
    assert job.status == ExportJobStatus.DONE
    assert job.progress == 100
    assert job.row_count == 106
    assert job.finished_at is not None
    assert job.file_name.startswith("laporan-dampak-") and job.file_name.endswith(".xlsx")


def test_downloaded_workbook_shows_omzet_growth_123_75_for_the_jateng_cohort(
    client_for, kepala_jateng
):
    build_jateng_2021_cohort()
    client = client_for(kepala_jateng)
    client.post(CREATE)
    response = client.get(download(ExportJob.objects.get()))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="laporan-dampak-')
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames[0] == "Ringkasan"
    omzet = summary_table(workbook)[1]
    assert omzet == JATENG_2021_OMZET_ROW
    assert workbook["Data Peserta"].max_row == 107  # header + 106 alumni


def test_the_job_keeps_the_page_filters(client_for, kepala_jateng):
    build_jateng_2021_cohort()
    client_for(kepala_jateng).post(f"{CREATE}?kabupaten_kota=33.74&tahun=2021")
    job = ExportJob.objects.get()
    assert job.filters == {"kabupaten_kota": "33.74", "tahun": "2021"}
    assert job.status == ExportJobStatus.DONE
    assert 0 < job.row_count < 106
    assert "3374" in job.file_name


def test_status_page_polls_every_two_seconds_until_the_job_ends(client_for, kepala_jateng):
    job = ExportJob.objects.create(requested_by=kepala_jateng, progress=40)
    job.status = ExportJobStatus.RUNNING
    job.save()
    client = client_for(kepala_jateng)
    html = client.get(detail(job)).content.decode()
    assert 'hx-trigger="every 2s"' in html
    assert f'hx-get="{detail(job)}"' in html
    assert 'value="40"' in html
    partial = client.get(detail(job), HTTP_HX_REQUEST="true")
    assert partial.content.decode().lstrip().startswith('<div id="export-job-status"')
    assert client.get(download(job)).status_code == 404  # not ready yet


def test_finished_job_page_stops_polling_and_offers_the_download(client_for, kepala_jateng):
    build_jateng_2021_cohort()
    client = client_for(kepala_jateng)
    client.post(CREATE)
    job = ExportJob.objects.get()
    html = client.get(detail(job), HTTP_HX_REQUEST="true").content.decode()
    assert "hx-trigger" not in html
    assert download(job) in html
    assert "Selesai" in html


def test_another_user_gets_404_on_the_job_and_its_download(client_for, kepala_jateng, outsider):
    build_jateng_2021_cohort()
    client_for(kepala_jateng).post(CREATE)
    job = ExportJob.objects.get()
    client = client_for(outsider)  # staff of the same balai: still not their job
    assert client.get(detail(job)).status_code == 404
    assert client.get(download(job)).status_code == 404


def test_failing_export_records_status_gagal_with_a_message(client_for, kepala_jateng, monkeypatch):
    def broken_write(self, target, progress=None):
        progress(10)
        raise RuntimeError("disk penuh")

    monkeypatch.setattr(ImpactReportExport, "write", broken_write)
    client = client_for(kepala_jateng)
    client.post(CREATE)
    job = ExportJob.objects.get()
    assert job.status == ExportJobStatus.FAILED
    assert job.error.startswith("Laporan gagal dibuat")
    assert job.finished_at is not None
    html = client.get(detail(job)).content.decode()
    assert "Gagal" in html and job.error in html and "hx-trigger" not in html
    assert client.get(download(job)).status_code == 404


def test_report_page_offers_the_background_export_beside_the_direct_download(
    client_for, kepala_jateng
):
    html = client_for(kepala_jateng).get(reverse("outcomes:impact_report"), {"tahun": 2021})
    content = html.content.decode()
    assert "Unduh Excel" in content
    assert f'action="{CREATE}?tahun=2021"' in content
    assert "Buat Excel di latar belakang" in content


def test_status_poll_reads_neither_the_workbook_nor_more_than_a_few_rows(
    client_for, kepala_jateng, django_assert_max_num_queries
):
    build_jateng_2021_cohort()
    client = client_for(kepala_jateng)
    client.post(CREATE)
    job = ExportJob.objects.get()
    with django_assert_max_num_queries(4):
        response = client.get(detail(job), HTTP_HX_REQUEST="true")
    assert "data" not in response.context["job"].__dict__


def test_the_admin_lists_jobs_read_only_without_their_workbook(staf, client_for):
    job = ExportJob.objects.create(requested_by=staf, status=ExportJobStatus.FAILED, error="Macet")
    client = client_for(UserFactory(role=Role.ADMIN, is_staff=True, is_superuser=True))
    listing = client.get(reverse("admin:outcomes_exportjob_changelist"))
    assert listing.status_code == 200 and f">{job.pk}<" in listing.content.decode()
    page = client.get(reverse("admin:outcomes_exportjob_change", args=[job.pk]))
    assert page.status_code == 200 and "Macet" in page.content.decode()
    assert (
        'name="data"' not in page.content.decode() and 'name="_save"' not in page.content.decode()
    )
