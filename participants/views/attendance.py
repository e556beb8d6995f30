"""Views of attendance and completion: the grid, one cell, one day, outcomes, print roster."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from balatkop.access import can_select, require
from balatkop.feedback import show_errors
from balatkop.formatting import tanggal
from participants.forms import CompletionForm
from participants.models import (
    AttendanceStatus,
    Nomination,
    NominationStatus,
)
from participants.services import completion as completing
from participants.views.fetch import (
    angkatan_for,
    report_bulk,
    ticked_ids,
)
from programs.seats import HOLDS_PLACE

S = NominationStatus


# --- Attendance ---------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def attendance_roster(request, pk: int):
    """The attendance grid of one angkatan (participants × days); POST saves the whole grid."""
    angkatan = angkatan_for(request, pk)
    if request.method == "POST":
        require(can_select(request.user))
        cells = {}
        for key, value in request.POST.items():
            parsed = _parse_cell(key)
            if parsed is not None:
                cells[parsed] = value
        result = completing.attendance_record_grid(angkatan=angkatan, cells=cells, by=request.user)
        report_bulk(request, result, "{n} isian kehadiran disimpan.")
        return redirect("participants:attendance_roster", pk=angkatan.pk)
    days, rows = completing.attendance_grid(angkatan)
    return render(
        request,
        "participants/attendance_roster.html",
        {
            "angkatan": angkatan,
            "program": angkatan.program,
            "days": days,
            "rows": rows,
            "statuses": AttendanceStatus.choices,
            "can_act": can_select(request.user),
        },
    )


def _parse_cell(key: str):
    """``c-<nomination pk>-<YYYY-MM-DD>`` → (pk, date), or None."""
    if not key.startswith("c-"):
        return None
    try:
        pk, iso = key[2:].split("-", 1)
        return int(pk), dt.date.fromisoformat(iso)
    except ValueError:
        return None


@require_POST
def attendance_cell(request, pk: int):
    """Save one cell of the grid (htmx); answers with the participant's updated rate."""
    angkatan = angkatan_for(request, pk)
    require(can_select(request.user))
    parsed = _parse_cell(request.POST.get("cell", ""))
    if parsed is None:
        return HttpResponseBadRequest("Sel tidak dikenal.")
    nomination = get_object_or_404(
        Nomination.objects.filter(angkatan=angkatan).select_related("angkatan"), pk=parsed[0]
    )
    try:
        completing.attendance_record(
            nomination=nomination,
            day=parsed[1],
            status=request.POST.get(request.POST["cell"], ""),
            by=request.user,
        )
    except ValidationError as error:
        return HttpResponseBadRequest(" ".join(error.messages))
    row = completing.with_attendance(Nomination.objects.filter(pk=nomination.pk)).get()
    return render(
        request,
        "participants/includes/_attendance_rate.html",
        {"n": row, "program": angkatan.program},
    )


@require_POST
def attendance_day(request, pk: int):
    """Mark every empty cell of one day as hadir (then correct the few who were not)."""
    angkatan = angkatan_for(request, pk)
    require(can_select(request.user))
    back = redirect("participants:attendance_roster", pk=angkatan.pk)
    try:
        day = dt.date.fromisoformat(request.POST.get("date", ""))
    except ValueError:
        messages.error(request, "Tanggal tidak valid.")
        return back
    try:
        count = completing.attendance_record_day(
            angkatan=angkatan, day=day, status=AttendanceStatus.HADIR, by=request.user
        )
    except ValidationError as error:
        show_errors(request, error)
    else:
        messages.success(request, f"{count} peserta ditandai hadir pada {tanggal(day)}.")
    return back


# --- Completion ---------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def completion(request, pk: int):
    """Outcomes of one angkatan: attendance rate against the minimum, lulus / tidak lulus."""
    angkatan = angkatan_for(request, pk)
    program = angkatan.program
    if request.method == "POST":
        require(can_select(request.user))
        form = CompletionForm(request.POST)
        if not form.is_valid():
            messages.error(request, "Pilih hasil dan cakupannya.")
            return redirect("participants:completion", pk=angkatan.pk)
        if form.cleaned_data["scope"] == "memenuhi":
            nominations = completing.completion_candidates(angkatan)
        else:
            nominations = Nomination.objects.filter(angkatan=angkatan, pk__in=ticked_ids(request))
        result = completing.nominations_complete(
            nominations=nominations,
            outcome=form.cleaned_data["outcome"],
            by=request.user,
            reason=form.cleaned_data["reason"],
        )
        label = S(form.cleaned_data["outcome"]).label.lower()
        report_bulk(request, result, f"{{n}} peserta dicatat {label}.")
        if not result.done and not result.errors:
            messages.info(request, "Tidak ada peserta yang dipilih.")
        return redirect("participants:completion", pk=angkatan.pk)
    nominations = (
        completing.with_attendance(
            Nomination.objects.filter(
                angkatan=angkatan, status__in=[*HOLDS_PLACE, S.MENGUNDURKAN_DIRI]
            )
        )
        .select_related("participant", "kabupaten_kota", "angkatan")
        .order_by("participant__name", "pk")
    )
    return render(
        request,
        "participants/completion_angkatan.html",
        {
            "angkatan": angkatan,
            "program": program,
            "nominations": nominations,
            "form": CompletionForm(),
            "can_act": can_select(request.user),
        },
    )


@require_GET
def roster_print(request, pk: int):
    """Printable roster and attendance list of one angkatan."""
    angkatan = angkatan_for(request, pk)
    days, rows = completing.attendance_grid(angkatan)
    return render(
        request,
        "participants/roster_print.html",
        {
            "angkatan": angkatan,
            "program": angkatan.program,
            "instructors": angkatan.instructors.all(),
            "days": days,
            "rows": rows,
        },
    )
