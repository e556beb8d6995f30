"""Historical import in the browser: upload → preview with row errors → confirm; the template."""

from __future__ import annotations

import hashlib
import io

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from balatkop.access import can_import_history, require
from balatkop.importing.flow import ACCEPT, confirm_or_refuse, error_book_response, upload_read
from balatkop.importing.template import example_text
from balatkop.models import Balai
from balatkop.xlsx import XLSX_CONTENT_TYPE
from outcomes.historical import (
    COLUMNS,
    GUIDE_NOTES,
    HistoricalImporter,
    historical_import,
    historical_import_check,
    read_historical_file,
    write_historical_book,
)
from outcomes.models import HistoricalUpload, ImportLog


class HistoricalUploadForm(forms.Form):
    file = forms.FileField(
        label="Berkas lembar kerja",
        help_text="Gunakan templat impor historis; .xlsx, .ods, .xls atau .csv, maksimal 5 MB.",
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
    )
    balai = forms.ModelChoiceField(label="Balai", queryset=Balai.objects.all())

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if user.balai_id:
            # Staff import into their own balai only; the admin chooses.
            del self.fields["balai"]


def _balai_for(request, form) -> Balai:
    return form.cleaned_data.get("balai") or request.user.balai


def historical_import_page(request):
    """Upload a historical file; lists this balai's earlier imports."""
    require(can_import_history(request.user))
    form = HistoricalUploadForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            data, _rows = upload_read(form.cleaned_data["file"], HistoricalImporter())
        except ValidationError as error:
            form.add_error("file", error)
        else:
            upload = HistoricalUpload.objects.create(
                balai=_balai_for(request, form),
                file_name=form.cleaned_data["file"].name[:255],
                data=data,
                uploaded_by=request.user,
            )
            return redirect("outcomes:historical_preview", pk=upload.pk)
    logs = ImportLog.objects.for_user(request.user).select_related("balai", "imported_by")[:20]
    context = {"form": form, "logs": logs, "guide": column_guide(), "notes": GUIDE_NOTES}
    return render(request, "outcomes/historical_import.html", context)


def _upload_for(request, pk) -> HistoricalUpload:
    upload = get_object_or_404(
        HistoricalUpload.objects.for_user(request.user).select_related("balai"), pk=pk
    )
    require(can_import_history(request.user))
    return upload


def _report(upload):
    headers, rows = read_historical_file(bytes(upload.data))
    return historical_import_check(balai=upload.balai, headers=headers, rows=rows)


def historical_preview(request, pk):
    """What the file would create, and every row error, before anything is written."""
    upload = _upload_for(request, pk)
    report = None
    file_error = None
    if upload.imported_at is None:
        try:
            report = _report(upload)
        except ValidationError as error:
            file_error = " ".join(error.messages)
    context = {
        "upload": upload,
        "report": report,
        "file_error": file_error,
        "reading": report.reading if report else None,
        "plan": (report.summary_lines() or ["Semua data sudah ada; tidak ada yang berubah."])
        if report
        else [],
        "confirm_url": reverse("outcomes:historical_confirm", args=[upload.pk]),
        "confirm_label": f"Konfirmasi impor {report.rows if report else 0} baris",
        "back_url": reverse("outcomes:historical_import"),
        "errors_url": reverse("outcomes:historical_errors", args=[upload.pk]),
    }
    return render(request, "outcomes/historical_preview.html", context)


def historical_errors(request, pk):
    """The uploaded rows with a Kesalahan column and the bad cells marked."""
    upload = _upload_for(request, pk)
    try:
        report = _report(upload)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("outcomes:historical_preview", pk=upload.pk)
    return error_book_response(report.reading, upload.file_name)


@require_POST
def historical_confirm(request, pk):
    """Import the whole file, or nothing if any row is wrong; a second confirm imports nothing."""
    upload = _upload_for(request, pk)

    def run(locked):
        data = bytes(locked.data)
        headers, rows = read_historical_file(data)
        report = historical_import(
            balai=locked.balai,
            headers=headers,
            rows=rows,
            by=request.user,
            file_name=locked.file_name,
            file_sha256=hashlib.sha256(data).hexdigest(),
        )
        locked.log = report.log
        locked.data = b""  # the rows now live in the database; the file is not kept twice
        return report

    back = reverse("outcomes:historical_preview", args=[upload.pk])
    report, refused = confirm_or_refuse(request, upload, run, back=back)
    if refused:
        return refused
    if report.log is None:
        messages.info(request, "Semua data di berkas ini sudah ada; tidak ada yang berubah.")
    else:
        messages.success(
            request, f"{report.rows} baris diimpor. " + "; ".join(report.summary_lines()) + "."
        )
    return redirect("outcomes:historical_import")


def historical_template(request):
    """The empty historical sheet with a "Petunjuk" sheet explaining every column."""
    require(can_import_history(request.user))
    buffer = io.BytesIO()
    write_historical_book(buffer, [])
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = 'attachment; filename="templat-impor-historis.xlsx"'
    return response


def column_guide() -> list[dict]:
    """The template's columns with their rules, for the upload page."""
    return [
        {"header": c.header, "required": "Wajib" if c.required else "Boleh kosong",
         "example": example_text(c.example), "rule": c.guide}
        for c in COLUMNS
    ]  # fmt: skip
