"""The Excel impact report as a background job: request it, watch its progress, download it."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET, require_POST

from balatkop.access import can_download_reports, require
from balatkop.pagination import paginate
from balatkop.xlsx import XLSX_CONTENT_TYPE
from outcomes.exports import BalaiRequired, ImpactReportExport
from outcomes.models import ExportJob, ExportJobStatus
from outcomes.tasks import export_job_request, export_job_retry, export_jobs_fail_stalled
from outcomes.views import balai_chosen


def _job(request, pk: int, *, with_data: bool = False) -> ExportJob:
    require(can_download_reports(request.user))
    export_jobs_fail_stalled()  # one UPDATE; the polled page learns of a dead worker here
    jobs = ExportJob.objects.for_user(request.user)
    # The status page is polled every 2 s: never read the workbook for it.
    return get_object_or_404(jobs if with_data else jobs.defer("data"), pk=pk)


@require_POST
@balai_chosen
def export_job_create(request):
    """Queue the full workbook with the report page's filters (its query string)."""
    export = ImpactReportExport.for_request(user=request.user, data=request.GET)  # 404 out of scope
    filters = {name: request.GET[name] for name in export.form.fields if request.GET.get(name)}
    job = export_job_request(user=request.user, filters=filters)
    return redirect("outcomes:export_job_detail", pk=job.pk)


@require_GET
def export_job_list(request):
    """ "Ekspor saya": one's background exports, newest first, with state and download."""
    require(can_download_reports(request.user))
    export_jobs_fail_stalled()
    jobs = ExportJob.objects.for_user(request.user).defer("data")
    return render(
        request, "outcomes/export_job_list.html", {"page_obj": paginate(request, jobs, size=30)}
    )


@require_GET
def export_job_detail(request, pk: int):
    """The job's progress; htmx polls the status block every 2 s until the job ends."""
    job = _job(request, pk)
    if request.headers.get("HX-Request"):
        return render(request, "outcomes/export_job_status.html", {"job": job})
    return render(
        request,
        "outcomes/export_job_detail.html",
        {"job": job, "filters_used": _filters_used(job, request.user)},
    )


@require_GET
def export_job_download(request, pk: int):
    """The finished workbook; 404 for other users' jobs and for unfinished ones."""
    job = _job(request, pk, with_data=True)
    if job.status != ExportJobStatus.DONE or job.data is None:
        raise Http404("Berkas belum tersedia.")
    response = HttpResponse(bytes(job.data), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, job.file_name)
    return response


def _filters_used(job: ExportJob, user) -> list[tuple[str, str]]:
    """The job's filters in words (only those set), as the report page shows them."""
    try:
        filters = ImpactReportExport.for_request(user=user, data=job.filters).filters
    except (Http404, BalaiRequired):  # the choices left the user's scope since
        return []
    return [(label, value) for label, value in filters.describe() if value != "Semua"]


@require_POST
def export_job_retry_view(request, pk: int):
    """ "Coba lagi": the same workbook again, as a new job."""
    job = _job(request, pk)
    if job.status != ExportJobStatus.FAILED:
        raise Http404("Ekspor ini tidak gagal.")
    return redirect("outcomes:export_job_detail", pk=export_job_retry(job=job).pk)
