"""Scores of one angkatan from a spreadsheet: template, upload → preview → confirm, error workbook."""

from __future__ import annotations

import tempfile

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from balatkop.access import can_record_evaluations, require
from balatkop.importing.flow import ACCEPT, confirm_or_refuse, error_book_response
from balatkop.xlsx import XLSX_CONTENT_TYPE
from evaluations import services
from evaluations.models import ScoreUpload
from evaluations.score_import import (
    IMPORTER,
    score_file_import,
    score_file_preview,
    score_template_write,
    template_filename,
)
from evaluations.views import _angkatan


class ScoreUploadForm(forms.Form):
    berkas = forms.FileField(
        label="Berkas lembar kerja",
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
        help_text="Templat nilai yang sudah diisi; .xlsx, .ods, .xls atau .csv, maksimal 5 MB.",
    )


def _recording(request, pk: int):
    angkatan = _angkatan(request, pk)
    require(can_record_evaluations(request.user))
    return angkatan


@require_GET
def score_template(request, pk: int):
    """The angkatan's score sheet, pre-filled with its participants and current scores."""
    angkatan = _recording(request, pk)
    target = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it
    score_template_write(target, angkatan=angkatan)
    target.seek(0)
    return FileResponse(
        target,
        as_attachment=True,
        filename=template_filename(angkatan),
        content_type=XLSX_CONTENT_TYPE,
    )


@require_http_methods(["GET", "POST"])
def score_upload(request, pk: int):
    """Upload a filled score template; it is kept until its preview is confirmed."""
    angkatan = _recording(request, pk)
    form = ScoreUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.evaluation_ensure_open(angkatan)
            upload = ScoreUpload.keep(
                form.cleaned_data["berkas"], IMPORTER, user=request.user, angkatan=angkatan
            )
        except ValidationError as error:
            form.add_error("berkas", error)
        else:
            return redirect("evaluations:score_upload_preview", pk=upload.pk)
    return render(
        request,
        "evaluations/score_upload.html",
        {"angkatan": angkatan, "program": angkatan.program, "form": form},
    )


def _upload_for(request, pk: int) -> ScoreUpload:
    require(can_record_evaluations(request.user))
    return get_object_or_404(
        ScoreUpload.objects.for_user(request.user).select_related("angkatan__program"), pk=pk
    )


def _plan(extra: dict) -> list[str]:
    lines = [f"{extra['new']} nilai baru disimpan", f"{extra['changed']} nilai lama diganti"]
    if extra["same"]:
        lines.append(f"{extra['same']} nilai sama dengan yang tersimpan (tidak berubah)")
    if extra["skipped"]:
        lines.append(f"{extra['skipped']} peserta tanpa nilai di berkas (dilewati)")
    return lines


@require_GET
def score_upload_preview(request, pk: int):
    """Every row with its errors and warnings (a score replaced), before anything is written."""
    upload = _upload_for(request, pk)
    reading = file_error = None
    if upload.imported_at is None:
        try:
            reading = score_file_preview(data=bytes(upload.data), angkatan=upload.angkatan)
        except ValidationError as error:
            file_error = " ".join(error.messages)
    changes = reading.extra["new"] + reading.extra["changed"] if reading else 0
    context = {
        "upload": upload,
        "angkatan": upload.angkatan,
        "reading": reading,
        "file_error": file_error,
        "plan": _plan(reading.extra) if reading else [],
        "confirm_url": reverse("evaluations:score_upload_confirm", args=[upload.pk]),
        "confirm_label": f"Konfirmasi: simpan {changes} nilai",
        "back_url": reverse("evaluations:score_upload", args=[upload.angkatan_id]),
        "errors_url": reverse("evaluations:score_upload_errors", args=[upload.pk]),
    }
    return render(request, "evaluations/score_upload_preview.html", context)


@require_GET
def score_upload_errors(request, pk: int):
    """The uploaded rows with a Kesalahan column and the bad cells marked."""
    upload = _upload_for(request, pk)
    try:
        reading = score_file_preview(data=bytes(upload.data), angkatan=upload.angkatan)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("evaluations:score_upload_preview", pk=upload.pk)
    return error_book_response(reading, upload.file_name)


@require_POST
def score_upload_confirm(request, pk: int):
    """Record every changed score of the file, or none; a second confirm records nothing."""
    upload = _upload_for(request, pk)

    def run(locked):
        locked.imported_count = score_file_import(
            data=bytes(locked.data), angkatan=locked.angkatan, by=request.user
        )
        return locked.imported_count

    back = reverse("evaluations:score_upload_preview", args=[upload.pk])
    count, refused = confirm_or_refuse(request, upload, run, back=back)
    if refused:
        return refused
    messages.success(request, f"{count} nilai tersimpan untuk {upload.angkatan}.")
    return redirect("evaluations:score_grid", pk=upload.angkatan_id)
