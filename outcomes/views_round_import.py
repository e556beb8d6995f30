"""A follow-up round from a spreadsheet: template, upload → preview → confirm, error workbook."""

from __future__ import annotations

import tempfile

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from balatkop.access import can_record_followup, require
from balatkop.importing.flow import confirm_or_refuse, error_book_response
from balatkop.xlsx import XLSX_CONTENT_TYPE
from outcomes.forms import RoundUploadForm, scoped_programs
from outcomes.models import FollowUpUpload
from outcomes.round_import import (
    IMPORTER,
    round_file_import,
    round_file_preview,
    round_template_write,
    template_filename,
)
from outcomes.services import followup_due
from participants.models import Nomination


@require_GET
def followup_template(request, program_pk: int, round_months: int):
    """The spreadsheet of one round, pre-filled with the alumni due for it."""
    require(can_record_followup(request.user))
    program = get_object_or_404(scoped_programs(request.user), pk=program_pk)
    if round_months not in (program.followup_rounds or []):
        raise Http404("Putaran tidak ada di program ini.")
    due = followup_due(
        nominations=Nomination.objects.for_user(request.user).filter(program=program),
        today=timezone.localdate(),
        round_months=round_months,
    )
    target = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it
    round_template_write(
        target, program=program, round_months=round_months, due=due, viewer=request.user
    )
    target.seek(0)
    return FileResponse(
        target,
        as_attachment=True,
        filename=template_filename(program, round_months),
        content_type=XLSX_CONTENT_TYPE,
    )


@require_http_methods(["GET", "POST"])
def followup_upload(request):
    """Upload a filled round template; it is kept until its preview is confirmed."""
    require(can_record_followup(request.user))
    form = RoundUploadForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            upload = FollowUpUpload.keep(
                form.cleaned_data["berkas"],
                IMPORTER,
                user=request.user,
                program=form.cleaned_data["program"],
                round_months=form.cleaned_data["putaran"],
            )
        except ValidationError as error:
            form.add_error("berkas", error)
        else:
            return redirect("outcomes:followup_upload_preview", pk=upload.pk)
    return render(
        request,
        "outcomes/followup_upload.html",
        {"form": form, "programs": list(form.fields["program"].queryset)},
    )


def _upload_for(request, pk) -> FollowUpUpload:
    require(can_record_followup(request.user))
    return get_object_or_404(
        FollowUpUpload.objects.for_user(request.user).select_related("program"), pk=pk
    )


def _preview(request, upload):
    return round_file_preview(
        data=bytes(upload.data),
        nominations=Nomination.objects.for_user(request.user),
        program=upload.program,
        round_months=upload.round_months,
    )


@require_GET
def followup_upload_preview(request, pk):
    """Every filled row with its errors and warnings, before anything is written."""
    upload = _upload_for(request, pk)
    reading = file_error = None
    if upload.imported_at is None:
        try:
            reading = _preview(request, upload)
        except ValidationError as error:
            file_error = " ".join(error.messages)
    skipped = reading.extra.get("skipped") if reading else 0
    context = {
        "upload": upload,
        "reading": reading,
        "file_error": file_error,
        "summary": [f"{skipped} alumni belum dimonitor (dilewati)"] if skipped else [],
        "confirm_url": reverse("outcomes:followup_upload_confirm", args=[upload.pk]),
        "confirm_label": f"Konfirmasi: simpan {len(reading.rows) if reading else 0} data "
        "monitoring",
        "back_url": reverse("outcomes:followup_upload"),
        "errors_url": reverse("outcomes:followup_upload_errors", args=[upload.pk]),
    }
    return render(request, "outcomes/followup_upload_preview.html", context)


@require_GET
def followup_upload_errors(request, pk):
    """The uploaded rows with a Kesalahan column and the bad cells marked."""
    upload = _upload_for(request, pk)
    return error_book_response(_preview(request, upload), upload.file_name)


@require_POST
def followup_upload_confirm(request, pk):
    """Record every filled row, or none; a second confirm records nothing."""
    upload = _upload_for(request, pk)

    def run(locked):
        locked.imported_count = round_file_import(
            data=bytes(locked.data),
            nominations=Nomination.objects.for_user(request.user),
            program=locked.program,
            round_months=locked.round_months,
            by=request.user,
        )
        return locked.imported_count

    back = reverse("outcomes:followup_upload_preview", args=[upload.pk])
    count, refused = confirm_or_refuse(request, upload, run, back=back)
    if refused:
        return refused
    messages.success(request, f"{count} data monitoring tersimpan untuk {upload.program.code}.")
    return redirect("outcomes:followup_due")
