"""The one upload → preview → confirm flow: reading an upload, confirming once, the error book."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from typing import TypeVar

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils import timezone

from balatkop.feedback import show_errors
from balatkop.importing.base import Importer, Reading
from balatkop.importing.gate import upload_bytes
from balatkop.importing.template import write_error_book
from balatkop.xlsx import XLSX_CONTENT_TYPE

T = TypeVar("T")
RACE_MESSAGE = (
    "Berkas lain dengan data yang sama baru saja diimpor bersamaan dengan berkas ini; tidak ada "
    "yang disimpan dari berkas ini. Buka pratinjaunya lagi untuk melihat keadaan terbaru, lalu "
    "coba lagi bila masih perlu."
)
ACCEPT = ".xlsx,.ods,.xls,.csv"


class AlreadyImported(Exception):
    """The upload was confirmed before (or by a concurrent confirm that just finished)."""


def upload_read(uploaded_file, importer: Importer) -> tuple[bytes, int]:
    """The bytes of an upload and its number of data rows; a file that the gate refuses, or
    whose columns are not the template's, raises ValidationError, so it is never stored."""
    data = upload_bytes(uploaded_file)
    table = importer.table(data, name=getattr(uploaded_file, "name", "") or "")
    errors = importer.file_errors(table)
    if errors:
        raise ValidationError(errors)
    return data, sum(any(v is not None for v in cells) for _, cells in table.rows)


def import_once(upload, run: Callable[[object], T]) -> T:
    """Run ``run(upload)`` on the locked upload row in one transaction and mark it imported.

    A second confirm of the same upload waits for the first, then raises AlreadyImported; a
    collision with another import at the database becomes one clear ValidationError.
    """
    try:
        with transaction.atomic():
            locked = type(upload).objects.select_for_update().get(pk=upload.pk)
            if locked.imported_at is not None:
                raise AlreadyImported
            result = run(locked)
            locked.imported_at = timezone.now()
            locked.save()
    except DatabaseError as error:
        raise ValidationError(RACE_MESSAGE) from error
    upload.refresh_from_db()
    return result


def confirm_or_refuse(request, upload, run: Callable[[object], T], *, back: str):
    """The confirm step of every importer: ``(result, None)`` once imported, or ``(None,
    redirect to back)`` with the reasons as messages (already imported, bad rows, a race)."""
    try:
        return import_once(upload, run), None
    except AlreadyImported:
        messages.info(request, "Berkas ini sudah diimpor.")
    except ValidationError as error:
        show_errors(request, error)
    return None, redirect(back)


def error_book_response(reading: Reading, file_name: str) -> HttpResponse:
    """The user's rows back, with a ``Kesalahan`` column and the bad cells marked."""
    buffer = io.BytesIO()
    write_error_book(buffer, reading)
    stem = re.sub(r"[^\w.-]+", "-", file_name.rsplit(".", 1)[0])[:80] or "berkas"
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{stem}-kesalahan.xlsx"'
    response["Cache-Control"] = "no-store"
    return response
