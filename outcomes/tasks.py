"""Background jobs of the outcomes app: the full Excel impact report."""

from __future__ import annotations

import logging
import tempfile

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone
from django_tasks import task

from notices import services as notices
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


def _set_progress(job: ExportJob, percent: int) -> None:
    ExportJob.objects.filter(pk=job.pk).update(progress=min(percent, 99))


@task()
def export_job_run(job_id: int) -> None:
    """Build the workbook of one job with the same exporter as the direct download."""
    job = ExportJob.objects.select_related("requested_by").defer("data").get(pk=job_id)
    if job.status != ExportJobStatus.QUEUED:
        return  # already run (a retried or duplicated task)
    ExportJob.objects.filter(pk=job.pk).update(status=ExportJobStatus.RUNNING)
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
        notices.export_finished(job=job)
        return
    job.status = ExportJobStatus.DONE
    job.progress = 100
    job.row_count = export.participant_count
    job.file_name = export.filename()
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "progress", "row_count", "data", "file_name", "finished_at"])
    notices.export_finished(job=job)
