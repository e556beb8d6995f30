"""Background jobs of the outcomes app: the full Excel impact report."""

from __future__ import annotations

import datetime as dt
import logging
import tempfile

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone
from django_tasks import task

from outcomes import signals
from outcomes.exports import ImpactReportExport
from outcomes.models import ExportJob, ExportJobStatus

logger = logging.getLogger(__name__)

FAILED_MESSAGE = (
    "Laporan gagal dibuat karena kesalahan sistem. Silakan coba lagi atau hubungi admin."
)


def export_job_request(*, user, filters: dict[str, str]) -> ExportJob:
    """Queue the Excel impact report for ``user`` with the report page's filter parameters."""
    job = ExportJob.objects.create(requested_by=user, balai_id=user.balai_id, filters=filters)
    export_job_run.enqueue(job_id=job.pk)
    job.refresh_from_db(fields=["status", "progress", "error"])  # the immediate backend ran it
    return job


# A running job's worker reports at the start and after every sheet (seconds apart even at
# national size); silence this long means it was killed, and the job is marked failed.
STALLED_AFTER = dt.timedelta(minutes=2)
STALLED_MESSAGE = (
    "Pembuatan laporan terhenti: pekerja latar belakang berhenti sebelum selesai. "
    "Klik Coba lagi untuk membuatnya ulang."
)


def _set_progress(job: ExportJob, percent: int) -> None:
    ExportJob.objects.filter(pk=job.pk).update(
        progress=min(percent, 99), heartbeat_at=timezone.now()
    )


def export_jobs_fail_stalled(*, now: dt.datetime | None = None) -> int:
    """Mark running jobs whose worker stopped reporting as failed; returns how many."""
    now = now or timezone.now()
    return ExportJob.objects.filter(
        status=ExportJobStatus.RUNNING, heartbeat_at__lt=now - STALLED_AFTER
    ).update(status=ExportJobStatus.FAILED, error=STALLED_MESSAGE, finished_at=now)


def export_job_retry(*, job: ExportJob) -> ExportJob:
    """Ask again for a failed job's workbook, with the same filters."""
    if job.status != ExportJobStatus.FAILED:
        raise ValidationError("Hanya ekspor yang gagal yang bisa dicoba lagi.")
    return export_job_request(user=job.requested_by, filters=job.filters)


@task()
def export_job_run(job_id: int) -> None:
    """Build the workbook of one job with the same exporter as the direct download."""
    job = ExportJob.objects.select_related("requested_by").defer("data").get(pk=job_id)
    if job.status != ExportJobStatus.QUEUED:
        return  # already run (a retried or duplicated task)
    ExportJob.objects.filter(pk=job.pk).update(
        status=ExportJobStatus.RUNNING, heartbeat_at=timezone.now()
    )
    user = job.requested_by
    try:
        # Filters are checked again against the requester's scope as it is now.
        try:
            export = ImpactReportExport.for_request(user=user, data=job.filters)
        except Http404 as error:
            raise ValidationError("Pilihan filter tidak lagi tersedia untuk Anda.") from error
        with tempfile.TemporaryFile() as target:
            export.write(target, progress=lambda percent: _set_progress(job, percent))
            target.seek(0)
            job.data = target.read()
    except Exception as error:
        logger.exception("Ekspor #%s gagal", job.pk)
        job.status = ExportJobStatus.FAILED
        job.error = (
            " ".join(error.messages) if isinstance(error, ValidationError) else FAILED_MESSAGE
        )
        job.finished_at = timezone.now()
        job.save(update_fields=["status", "error", "finished_at"])
        signals.export_finished.send(sender=ExportJob, job=job)
        return
    job.status = ExportJobStatus.DONE
    job.progress = 100
    job.row_count = export.participant_count
    job.file_name = export.filename()
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "progress", "row_count", "data", "file_name", "finished_at"])
    signals.export_finished.send(sender=ExportJob, job=job)
