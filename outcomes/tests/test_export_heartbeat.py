"""A background export whose worker died is shown failed within minutes and can be retried."""

import datetime as dt
from pathlib import Path

import pytest
from django.conf import settings
from django.db import IntegrityError
from django.urls import reverse
from django.utils import timezone

from outcomes import historical
from outcomes.models import ExportJob, ExportJobStatus
from outcomes.tests.factories import build_jateng_2021_cohort
from outcomes.tests.test_historical import row, sheet

pytestmark = pytest.mark.django_db


def running_job(user, *, silent_for: dt.timedelta) -> ExportJob:
    """A job whose worker last reported ``silent_for`` ago, at 76 %."""
    job = ExportJob.objects.create(
        requested_by=user, balai=user.balai, status=ExportJobStatus.RUNNING, progress=76
    )
    ExportJob.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now() - silent_for)
    return job


def status_block(client, job) -> str:
    url = reverse("outcomes:export_job_detail", kwargs={"pk": job.pk})
    return client.get(url, HTTP_HX_REQUEST="true").content.decode()


def test_a_job_whose_worker_went_silent_is_failed_with_a_retry_button(client_for, kepala_jateng):
    job = running_job(kepala_jateng, silent_for=dt.timedelta(minutes=3))
    page = status_block(client_for(kepala_jateng), job)
    job.refresh_from_db()
    assert job.status == ExportJobStatus.FAILED and job.finished_at is not None
    assert "Coba lagi" in page and 'hx-trigger="every 2s"' not in page


def test_a_job_whose_worker_still_reports_keeps_running(client_for, kepala_jateng):
    job = running_job(kepala_jateng, silent_for=dt.timedelta(seconds=20))
    page = status_block(client_for(kepala_jateng), job)
    job.refresh_from_db()
    assert job.status == ExportJobStatus.RUNNING and "76%" in page


def test_retry_builds_the_same_workbook_as_a_new_job(client_for, kepala_jateng):
    build_jateng_2021_cohort()
    job = running_job(kepala_jateng, silent_for=dt.timedelta(minutes=10))
    job.filters = {"tahun": "2021"}
    job.save(update_fields=["filters"])
    client = client_for(kepala_jateng)
    status_block(client, job)
    response = client.post(reverse("outcomes:export_job_retry", kwargs={"pk": job.pk}))
    again = ExportJob.objects.exclude(pk=job.pk).get()
    assert response["Location"] == reverse("outcomes:export_job_detail", kwargs={"pk": again.pk})
    assert again.filters == {"tahun": "2021"} and again.status == ExportJobStatus.DONE


def test_a_finished_job_cannot_be_retried(client_for, kepala_jateng):
    job = ExportJob.objects.create(
        requested_by=kepala_jateng, balai=kepala_jateng.balai, status=ExportJobStatus.DONE
    )
    response = client_for(kepala_jateng).post(
        reverse("outcomes:export_job_retry", kwargs={"pk": job.pk})
    )
    assert response.status_code == 404


def test_the_worker_reports_while_it_builds(client_for, kepala_jateng):
    build_jateng_2021_cohort()
    before = timezone.now()
    client_for(kepala_jateng).post(reverse("outcomes:export_job_create"))
    job = ExportJob.objects.get()
    assert job.status == ExportJobStatus.DONE and job.heartbeat_at >= before


def test_the_readme_runs_db_worker_under_systemd_with_restart():
    readme = (Path(settings.BASE_DIR) / "README.md").read_text()
    unit = readme[readme.index("[Service]") :]
    assert "manage.py db_worker" in unit and "Restart=always" in unit


def test_a_database_error_text_never_reaches_the_user(balai_ntb, monkeypatch):
    def clash(plan, *, by):
        raise IntegrityError('duplicate key value violates unique constraint "secret_idx"')

    monkeypatch.setattr(historical, "_write", clash)
    headers, rows = sheet([row()])
    with pytest.raises(historical.ImportRejected) as rejected:
        historical.historical_import(balai=balai_ntb, headers=headers, rows=rows)
    text = " ".join(str(e) for e in rejected.value.report.errors)
    assert "coba lagi" in text and "duplicate key" not in text and "secret_idx" not in text
