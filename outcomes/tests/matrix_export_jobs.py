"""The background Excel export's rows of the permission matrix."""

from balatkop.tests.matrix import Case, only
from outcomes.models import ExportJob, ExportJobStatus

# A job belongs to the staf balai who asked for it: everyone else, admin included, gets 404.
OWN_JOB = only("staf", others=404)


def staf_job(cast) -> dict:
    """A finished job of the NTB staf balai (a tiny stand-in workbook)."""
    job = ExportJob.objects.create(
        requested_by=cast["staf"],
        balai=cast["staf"].balai,
        status=ExportJobStatus.DONE,
        progress=100,
        row_count=0,
        data=b"PK\x03\x04",
        file_name="laporan-dampak.xlsx",
    )
    return {"pk": job.pk}


def failed_staf_job(cast) -> dict:
    job = ExportJob.objects.create(
        requested_by=cast["staf"], balai=cast["staf"].balai, status=ExportJobStatus.FAILED
    )
    return {"pk": job.pk}


CASES = [
    # Every role may read reports (as outcomes:impact_export): each gets its own job.
    Case("outcomes:export_job_create", method="post", expected={}, default=302),
    Case("outcomes:export_job_detail", expected=OWN_JOB, make=staf_job),
    Case("outcomes:export_job_download", expected=OWN_JOB, make=staf_job),
    Case(
        "outcomes:export_job_retry",
        method="post",
        expected=only("staf", status=302, others=404),
        make=failed_staf_job,
    ),
]
