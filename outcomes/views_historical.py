"""Historical import in the browser: upload → preview with row errors → confirm; the template."""

from __future__ import annotations

import hashlib
import io

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from balatkop.access import can_import_history, require
from balatkop.models import Balai
from balatkop.xlsx import XLSX_CONTENT_TYPE, check_xlsx_upload
from outcomes.historical import (
    COLUMN_GUIDE,
    GUIDE_NOTES,
    HEADERS,
    ImportRejected,
    historical_import,
    historical_import_check,
    read_historical_file,
    write_historical_book,
)
from outcomes.models import HistoricalUpload, ImportLog

SHOWN_ISSUES = 200  # a 40,000-row file with one mistake per row must not make a huge page


class HistoricalUploadForm(forms.Form):
    file = forms.FileField(
        label="Berkas Excel (.xlsx)",
        help_text="Gunakan templat impor historis; satu lembar, maksimal 5 MB.",
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
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
            data = check_xlsx_upload(form.cleaned_data["file"])
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


def historical_preview(request, pk):
    """What the file would create, and every row error, before anything is written."""
    upload = _upload_for(request, pk)
    report = None
    file_error = None
    if upload.imported_at is None:
        try:
            headers, rows = read_historical_file(bytes(upload.data))
        except ValidationError as error:
            file_error = " ".join(error.messages)
        else:
            report = historical_import_check(balai=upload.balai, headers=headers, rows=rows)
    context = {
        "upload": upload,
        "report": report,
        "file_error": file_error,
        "errors": report.errors[:SHOWN_ISSUES] if report else [],
        "warnings": report.warnings[:SHOWN_ISSUES] if report else [],
        "hidden_errors": max(0, len(report.errors) - SHOWN_ISSUES) if report else 0,
        "hidden_warnings": max(0, len(report.warnings) - SHOWN_ISSUES) if report else 0,
    }
    return render(request, "outcomes/historical_preview.html", context)


@require_POST
def historical_confirm(request, pk):
    """Import the whole file, or nothing if any row is wrong."""
    upload = _upload_for(request, pk)
    if upload.imported_at is not None:
        messages.info(request, "Berkas ini sudah diimpor.")
        return redirect("outcomes:historical_preview", pk=upload.pk)
    data = bytes(upload.data)
    try:
        headers, rows = read_historical_file(data)
        report = historical_import(
            balai=upload.balai,
            headers=headers,
            rows=rows,
            by=request.user,
            file_name=upload.file_name,
            file_sha256=hashlib.sha256(data).hexdigest(),
        )
    except ImportRejected:
        messages.error(request, "Berkas tidak diimpor: masih ada baris yang salah.")
        return redirect("outcomes:historical_preview", pk=upload.pk)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("outcomes:historical_preview", pk=upload.pk)
    upload.imported_at = timezone.now()
    upload.log = report.log
    upload.data = b""  # the rows now live in the database; the file is not kept twice
    upload.save(update_fields=["imported_at", "log", "data"])
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
        {"header": h, "required": required, "example": example, "rule": rule}
        for h, (_kind, required, example, rule) in zip(HEADERS, COLUMN_GUIDE, strict=True)
    ]
