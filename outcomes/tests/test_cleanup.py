"""`manage.py bersihkan`: old uploads and workbooks go, recent ones stay, stuck jobs end."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from outcomes.models import ExportJob, ExportJobStatus, HistoricalUpload
from participants.models import NominationUpload
from participants.tests.matrix_selection import make_program

pytestmark = pytest.mark.django_db


def aged(obj, days: int, field: str = "created_at"):
    type(obj).objects.filter(pk=obj.pk).update(**{field: timezone.now() - dt.timedelta(days=days)})
    return obj


def test_old_files_are_deleted_recent_ones_kept_and_stuck_jobs_marked_failed(staf):
    program = make_program()

    def upload(days):
        return aged(
            NominationUpload.objects.create(program=program, filename="u.xlsx", data=b"x"), days
        )

    def historical(days):
        made = HistoricalUpload.objects.create(balai=staf.balai, file_name="h.xlsx", data=b"x")
        return aged(made, days, "uploaded_at")

    def job(days, status):
        return aged(ExportJob.objects.create(requested_by=staf, status=status), days)

    old = [upload(40), historical(40), job(40, ExportJobStatus.DONE)]
    kept = [upload(3), historical(3), job(3, ExportJobStatus.DONE)]
    stuck, running = job(2, ExportJobStatus.RUNNING), job(0, ExportJobStatus.RUNNING)

    out = io.StringIO()
    call_command("bersihkan", stdout=out)

    assert not any(type(o).objects.filter(pk=o.pk).exists() for o in old)
    assert all(type(o).objects.filter(pk=o.pk).exists() for o in kept)
    stuck.refresh_from_db()
    running.refresh_from_db()
    assert stuck.status == ExportJobStatus.FAILED and "24 jam" in stuck.error
    assert running.status == ExportJobStatus.RUNNING
    assert "1 unggahan usulan, 1 unggahan historis, 1 ekspor" in out.getvalue()
