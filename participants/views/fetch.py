"""Fetch and check in one call: a view cannot get an object without its scope and capability.

The healthchecks shape (``_get_check_for_user``): 404 outside the user's scope, 403 in scope
but without the capability.
"""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404
from django.utils.http import url_has_allowed_host_and_scheme

from balatkop.access import can_nominate, can_select, can_view_selection, require
from participants.models import Nomination, NominationUpload
from participants.services.selection import BulkResult
from programs.models import Angkatan, Program


def program_for(request, pk: int, *, to_act: bool = False) -> Program:
    """A programme on the selection pages (heads read them too); ``to_act``: 403 unless the user may decide."""
    require(can_view_selection(request.user))
    program = get_object_or_404(
        Program.objects.for_user(request.user).select_related("balai"), pk=pk
    )
    if to_act:
        require(can_select(request.user))
    return program


def angkatan_for(request, pk: int) -> Angkatan:
    """An angkatan on the attendance and completion pages."""
    require(can_view_selection(request.user))
    return get_object_or_404(
        Angkatan.objects.for_user(request.user).select_related("program__balai"), pk=pk
    )


def nomination_for(request, pk: int, *, to_act: bool = True, queryset=None) -> Nomination:
    """A nomination on the selection pages; ``to_act``: 403 unless the user may decide."""
    require(can_view_selection(request.user))
    nominations = queryset if queryset is not None else Nomination.objects.all()
    nomination = get_object_or_404(nominations.for_user(request.user), pk=pk)
    if to_act:
        require(can_select(request.user))
    return nomination


def _fetch_then_require(request, queryset, pk: int, allowed: bool):
    # 404 outside the user's scope first, so a foreign id is not told apart by a 403.
    found = get_object_or_404(queryset.for_user(request.user), pk=pk)
    require(allowed)
    return found


def program_to_nominate(request, pk: int) -> Program:
    """A programme on the nomination form, the NIK check and the nomination file pages."""
    queryset = Program.objects.select_related("balai")
    return _fetch_then_require(request, queryset, pk, can_nominate(request.user))


def upload_for(request, pk: int) -> NominationUpload:
    """An uploaded nomination file on its preview, error workbook and confirm pages."""
    queryset = NominationUpload.objects.select_related("program__balai")
    return _fetch_then_require(request, queryset, pk, can_nominate(request.user))


def back_to(request, fallback: str) -> str:
    """The page a form came from (``next``), if it is on this site."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return fallback


def report_bulk(request, result: BulkResult, done_text: str) -> None:
    """A bulk action's outcome: how many done, then its errors (at most 20)."""
    if result.done:
        messages.success(request, done_text.format(n=result.done))
    for error in result.errors[:20]:
        messages.error(request, error)
    if len(result.errors) > 20:
        messages.error(request, f"… dan {len(result.errors) - 20} kesalahan lain.")


def ticked_ids(request) -> list[int]:
    return [int(v) for v in request.POST.getlist("ids") if v.isdigit()]
