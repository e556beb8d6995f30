"""Bulk nomination from a spreadsheet: template, upload, preview, confirm, error workbook."""

from __future__ import annotations

import io

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from balatkop.access import is_district_officer
from balatkop.importing.flow import confirm_or_refuse, error_book_response, upload_read
from balatkop.xlsx import XLSX_CONTENT_TYPE
from participants.forms import NominationUploadForm
from participants.imports import (
    IMPORTER,
    nomination_file_import,
    nomination_file_preview,
    nomination_template_write,
)
from participants.models import NominationUpload
from participants.views.fetch import program_to_nominate, upload_for
from participants.views.registry import NIK_UPLOADS_PER_HOUR, too_many_lookups


@require_GET
def nomination_template(request, program_pk):
    """The Excel template for bulk nomination, with drop-downs limited to the user's districts."""
    program = program_to_nominate(request, program_pk)
    buffer = io.BytesIO()
    nomination_template_write(buffer, program=program, user=request.user)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="templat-usulan-{program.code}.xlsx"'
    return response


def nomination_upload(request, program_pk):
    """Upload a filled-in template; kept until its preview is confirmed (refused files are not)."""
    program = program_to_nominate(request, program_pk)
    form = NominationUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and too_many_lookups(request, "nik-upload", NIK_UPLOADS_PER_HOUR):
        form.add_error(None, "Terlalu banyak berkas diunggah dalam satu jam. Coba lagi nanti.")
    elif request.method == "POST" and form.is_valid():
        try:
            data, row_count = upload_read(form.cleaned_data["file"], IMPORTER)
        except ValidationError as error:
            form.add_error("file", error)
        else:
            user = request.user
            upload = NominationUpload.objects.create(
                program=program,
                kabupaten_kota_id=user.kabupaten_kota_id if is_district_officer(user) else None,
                uploaded_by=user,
                filename=form.cleaned_data["file"].name[:255],
                data=data,
                row_count=row_count,
            )
            return redirect("participants:nomination_import_preview", pk=upload.pk)
    return render(
        request, "participants/nomination_upload.html", {"program": program, "form": form}
    )


@require_GET
def nomination_import_preview(request, pk):
    """Every row of the file with its errors and warnings, before anything is written."""
    upload = upload_for(request, pk)
    reading = None
    if upload.imported_at is None:
        reading = nomination_file_preview(
            program=upload.program, user=request.user, data=bytes(upload.data)
        )
    reserve = reading.extra.get("reserve") if reading else 0
    return render(
        request,
        "participants/nomination_import_preview.html",
        {
            "upload": upload,
            "program": upload.program,
            "reading": reading,
            "summary": [f"{reserve} akan menjadi CADANGAN (kuota penuh)"] if reserve else [],
            "confirm_url": reverse("participants:nomination_import_confirm", args=[upload.pk]),
            "confirm_label": f"Konfirmasi: usulkan {len(reading.rows) if reading else 0} orang",
            "back_url": reverse("participants:nomination_upload", args=[upload.program.pk]),
            "errors_url": reverse("participants:nomination_import_errors", args=[upload.pk]),
        },
    )


@require_GET
def nomination_import_errors(request, pk):
    """The uploaded rows with a Kesalahan column, to fix and upload again."""
    upload = upload_for(request, pk)
    reading = nomination_file_preview(
        program=upload.program, user=request.user, data=bytes(upload.data)
    )
    return error_book_response(reading, upload.filename)


@require_POST
def nomination_import_confirm(request, pk):
    """Import the whole file, or nothing if any row is wrong; a second confirm imports nothing."""
    upload = upload_for(request, pk)

    def run(locked):
        outcome = nomination_file_import(
            program=locked.program, user=request.user, data=bytes(locked.data)
        )
        locked.imported_count = outcome.created
        return outcome

    back = reverse("participants:nomination_import_preview", args=[upload.pk])
    outcome, refused = confirm_or_refuse(request, upload, run, back=back)
    if refused:
        return refused
    text = f"{outcome.created} orang berhasil diusulkan."
    if outcome.reserve:
        text += f" {outcome.reserve} di antaranya CADANGAN karena kuota penuh."
    messages.success(request, text)
    return redirect(reverse("participants:nomination_list") + f"?program={upload.program.pk}")
