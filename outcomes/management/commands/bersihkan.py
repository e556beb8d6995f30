"""Delete what is kept only for a while: uploaded spreadsheets and background workbooks.

    manage.py bersihkan              # older than 30 days
    manage.py bersihkan --hari 7

Uploaded files hold NIK and business figures of real people; once imported (or abandoned) they
serve nothing. Run it daily beside the backups. Jobs still queued or running after a day (their
worker died) are marked failed, so their page stops waiting.
"""

import datetime as dt

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from outcomes.models import ExportJob, ExportJobStatus, HistoricalUpload
from outcomes.tasks import export_jobs_fail_stalled
from participants.models import NominationUpload

STUCK_AFTER = dt.timedelta(days=1)


class Command(BaseCommand):
    help = "Hapus unggahan Excel dan berkas ekspor yang sudah lama; tandai ekspor yang macet."

    def add_arguments(self, parser):
        parser.add_argument("--hari", type=int, default=30, help="umur minimal yang dihapus")

    @transaction.atomic
    def handle(self, *args, hari: int, **options):
        now = timezone.now()
        before = now - dt.timedelta(days=hari)
        export_jobs_fail_stalled(now=now)
        stuck = ExportJob.objects.filter(
            status__in=[ExportJobStatus.QUEUED, ExportJobStatus.RUNNING],
            created_at__lt=now - STUCK_AFTER,
        ).update(
            status=ExportJobStatus.FAILED,
            finished_at=now,
            error="Dihentikan: tidak selesai dalam 24 jam (pekerja latar belakang berhenti?).",
        )
        nominations, _ = NominationUpload.objects.filter(created_at__lt=before).delete()
        historical, _ = HistoricalUpload.objects.filter(uploaded_at__lt=before).delete()
        jobs, _ = ExportJob.objects.filter(
            status__in=[ExportJobStatus.DONE, ExportJobStatus.FAILED], created_at__lt=before
        ).delete()
        self.stdout.write(
            f"Dihapus (lebih dari {hari} hari): {nominations} unggahan usulan, "
            f"{historical} unggahan historis, {jobs} ekspor. Ekspor macet ditandai gagal: {stuck}."
        )
