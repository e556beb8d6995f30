"""Views of attendance and completion: the grid, one cell, one day, outcomes, print roster."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

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


def _shown_day(angkatan, asked: str) -> int:
    """The day (1…n) the grid shows: the one asked for, else today's, else the first."""
    days = completing.angkatan_days(angkatan)
    if asked.isdigit() and 1 <= int(asked) <= len(days):
        return int(asked)
    today = timezone.localdate()
    return days.index(today) + 1 if today in days else 1


def _roster_url(angkatan, day_number: int) -> str:
    return f"{reverse('participants:attendance_roster', args=[angkatan.pk])}?hari={day_number}"


def _day_tabs(angkatan, shown: int) -> list[dict]:
    """One link per day with how many of its cells are filled."""
    filled = completing.attendance_filled(angkatan)
    return [
        {
            "number": number,
            "date": day,
            "filled": filled.get(day, 0),
            "url": _roster_url(angkatan, number),
            "current": number == shown,
        }
        for number, day in enumerate(completing.angkatan_days(angkatan), start=1)
    ]


@require_http_methods(["GET", "POST"])
def attendance_roster(request, pk: int):
    """The attendance of one angkatan, one day at a time (participants × that day; a phone
    shows it whole); POST saves the cells sent and comes back to the same day."""
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
        return redirect(_roster_url(angkatan, _shown_day(angkatan, request.POST.get("hari", ""))))
    shown = _shown_day(angkatan, request.GET.get("hari", ""))
    tabs = _day_tabs(angkatan, shown)
    _, rows = completing.attendance_grid(angkatan, [tabs[shown - 1]["date"]])
    return render(
        request,
        "participants/attendance_roster.html",
        {
            "angkatan": angkatan,
            "program": angkatan.program,
            "day": tabs[shown - 1],
            "tabs": tabs,
            "cell_url": reverse("participants:attendance_cell", args=[angkatan.pk]),
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
    # The cell is the element htmx sent from (its id is the cell's name), or "cell" without it.
    cell = request.POST.get("cell") or request.headers.get("HX-Trigger", "")
    parsed = _parse_cell(cell)
    if parsed is None:
        return HttpResponseBadRequest("Sel tidak dikenal.")
    nomination = get_object_or_404(
        Nomination.objects.filter(angkatan=angkatan).select_related("angkatan"), pk=parsed[0]
    )
    try:
        completing.attendance_record(
            nomination=nomination,
            day=parsed[1],
            status=request.POST.get(cell, ""),
            by=request.user,
        )
    except ValidationError as error:
        return HttpResponseBadRequest(" ".join(error.messages))
    row = completing.with_attendance(Nomination.objects.filter(pk=nomination.pk)).get()
    return render(
        request,
        "participants/includes/_attendance_rate.html",
        {"n": row, "program": angkatan.program, "oob": True},
    )


@require_POST
def attendance_day(request, pk: int):
    """Mark every empty cell of one day as hadir (then correct the few who were not)."""
    angkatan = angkatan_for(request, pk)
    require(can_select(request.user))
    back = redirect(_roster_url(angkatan, _shown_day(angkatan, "")))
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
        return back
    messages.success(request, f"{count} peserta ditandai hadir pada {tanggal(day)}.")
    # back to the day just marked
    return redirect(_roster_url(angkatan, completing.angkatan_days(angkatan).index(day) + 1))


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
