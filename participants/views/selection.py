"""Views of selection to completion: screening, placement, attendance, completion."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from balatkop.access import can_select, can_view_selection, require
from balatkop.feedback import show_errors
from balatkop.models import KabupatenKota
from balatkop.pagination import paginate
from participants.models import (
    Attendance,
    AttendanceStatus,
    Business,
    Nomination,
    NominationStatus,
)
from participants.services import completion as completing
from participants.services import placement as placing
from participants.services import selection as services
from programs.models import Angkatan, Program
from programs.seats import HOLDS_PLACE, holds_place, holds_quota_seat

S = NominationStatus
PAGE_SIZE = 50


# --- Helpers --------------------------------------------------------------------------------


def _program(request, pk: int) -> Program:
    require(can_view_selection(request.user))
    return get_object_or_404(Program.objects.for_user(request.user).select_related("balai"), pk=pk)


def _angkatan(request, pk: int) -> Angkatan:
    require(can_view_selection(request.user))
    return get_object_or_404(
        Angkatan.objects.for_user(request.user).select_related("program__balai"), pk=pk
    )


def _back(request, fallback: str) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return fallback


def _report(request, result: services.BulkResult, done_text: str) -> None:
    if result.done:
        messages.success(request, done_text.format(n=result.done))
    for error in result.errors[:20]:
        messages.error(request, error)
    if len(result.errors) > 20:
        messages.error(request, f"… dan {len(result.errors) - 20} kesalahan lain.")


def _ids(request) -> list[int]:
    return [int(v) for v in request.POST.getlist("ids") if v.isdigit()]


# --- Forms --------------------------------------------------------------------------------


class BootstrapForm(forms.Form):
    """Bootstrap classes on every widget (templates lay the fields out by hand)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for bound in self.visible_fields():
            widget = bound.field.widget
            if isinstance(widget, forms.RadioSelect | forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.Select):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs.setdefault("class", css)


class ScreeningFilterForm(BootstrapForm):
    SORTS = {
        "terlama": ("created_at", "pk"),
        "nama": ("participant__name", "pk"),
        "kabkota": ("kabupaten_kota_id", "participant__name"),
        "omzet": ("-baseline_omzet", "pk"),
        "lama_usaha": ("business__started_on", "pk"),
        "terbaru": ("-created_at", "-pk"),
    }
    kabupaten_kota = forms.ChoiceField(label="Kabupaten/kota", required=False)
    eligible = forms.ChoiceField(
        label="Kriteria",
        required=False,
        choices=[("", "Semua"), ("ya", "Memenuhi kriteria"), ("tidak", "Tidak memenuhi")],
    )
    status = forms.ChoiceField(
        label="Status", required=False, choices=[("", "Semua"), *NominationStatus.choices]
    )
    sector = forms.ChoiceField(label="Sektor", required=False)
    q = forms.CharField(label="Cari nama", required=False, max_length=100)
    sort = forms.ChoiceField(
        label="Urutkan",
        required=False,
        choices=[
            ("terlama", "Usulan terlama dulu"),
            ("nama", "Nama"),
            ("kabkota", "Kabupaten/kota"),
            ("omzet", "Omzet terbesar"),
            ("lama_usaha", "Usaha terlama"),
            ("terbaru", "Usulan terbaru dulu"),
        ],
    )

    def __init__(self, *args, program: Program, **kwargs):
        super().__init__(*args, **kwargs)
        nominations = Nomination.objects.filter(program=program)
        codes = nominations.values("kabupaten_kota_id")
        self.fields["kabupaten_kota"].choices = [("", "Semua")] + [
            (k.code, k.name) for k in KabupatenKota.objects.filter(code__in=codes).order_by("code")
        ]
        sectors = (
            Business.objects.filter(nominations__program=program)
            .exclude(sector="")
            .values_list("sector", flat=True)
            .distinct()
            .order_by("sector")
        )
        self.fields["sector"].choices = [("", "Semua")] + [(s, s) for s in sectors]

    def filter(self, queryset):
        """The nominations the filter selects; none at all when the filter does not hold."""
        if not self.is_bound:
            return queryset.order_by(*self.SORTS["terlama"])
        if not self.is_valid():
            return queryset.none()
        data = self.cleaned_data
        if data["kabupaten_kota"]:
            queryset = queryset.filter(kabupaten_kota_id=data["kabupaten_kota"])
        if data["eligible"]:
            queryset = queryset.filter(is_eligible=data["eligible"] == "ya")
        if data["status"]:
            queryset = queryset.filter(status=data["status"])
        if data["sector"]:
            queryset = queryset.filter(business__sector=data["sector"])
        if data["q"]:
            queryset = queryset.filter(participant__name__icontains=data["q"])
        return queryset.order_by(*self.SORTS[data["sort"] or "terlama"])

    def problems(self) -> str:
        """Why the filter does not hold, in one line."""
        return "; ".join(
            f"{self.fields[name].label}: {' '.join(errors)}" for name, errors in self.errors.items()
        )


class DecisionForm(BootstrapForm):
    decision = forms.ChoiceField(label="Keputusan", choices=services.Decision.choices)
    reason = forms.CharField(
        label="Alasan (wajib untuk penolakan; dibaca petugas kabupaten/kota)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    override = forms.BooleanField(label="Terima melebihi kuota kabupaten/kota", required=False)
    override_reason = forms.CharField(label="Alasan melebihi kuota", required=False)
    scope = forms.ChoiceField(
        label="Terapkan ke",
        choices=[("dicentang", "Yang dicentang"), ("filter", "Semua hasil filter")],
        initial="dicentang",
        widget=forms.RadioSelect,
    )

    def clean(self):
        data = super().clean()
        if data.get("override") and not (data.get("override_reason") or "").strip():
            self.add_error("override_reason", "Tulis alasan menerima melebihi kuota.")
        if (
            data.get("decision") == services.Decision.REJECT
            and not (data.get("reason") or "").strip()
        ):
            self.add_error("reason", "Alasan penolakan wajib diisi.")
        return data


class QuotaGiveForm(BootstrapForm):
    from_kabupaten_kota = forms.ChoiceField(label="Dari kabupaten/kota (kursi tak terpakai)")
    to_kabupaten_kota = forms.ChoiceField(label="Ke cadangan kabupaten/kota")
    seats = forms.IntegerField(label="Jumlah kursi", min_value=1, max_value=100_000)

    def __init__(self, *args, usage: list[dict], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["from_kabupaten_kota"].choices = [
            (r["code"], f"{r['name']} ({r['unused']} kursi tak terpakai)")
            for r in usage
            if r["unused"]
        ]
        self.fields["to_kabupaten_kota"].choices = [
            (r["code"], f"{r['name']} ({r['reserve']} cadangan)") for r in usage if r["reserve"]
        ]


class DistributeForm(BootstrapForm):
    mode = forms.ChoiceField(
        label="Cara pembagian",
        choices=placing.DistributeMode.choices,
        initial=placing.DistributeMode.KEEP_TOGETHER,
        widget=forms.RadioSelect,
    )


class CompletionForm(BootstrapForm):
    outcome = forms.ChoiceField(label="Hasil", choices=completing.Outcome.choices)
    reason = forms.CharField(
        label="Keterangan (wajib untuk mengundurkan diri)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    scope = forms.ChoiceField(
        label="Terapkan ke",
        choices=[
            ("dicentang", "Yang dicentang"),
            ("memenuhi", "Semua yang memenuhi kehadiran dan belum ada hasil"),
        ],
        initial="dicentang",
        widget=forms.RadioSelect,
    )


# --- Selection ----------------------------------------------------------------------------


@require_GET
def selection_list(request):
    """Programmes of the balai with how far their screening has come."""
    require(can_view_selection(request.user))
    programs = (
        Program.objects.for_user(request.user)
        .annotate(
            n_total=Count("nominations"),
            n_pending=Count("nominations", filter=Q(nominations__status=S.DIUSULKAN)),
            n_accepted=Count("nominations", filter=holds_quota_seat("nominations__")),
            n_reserve=Count("nominations", filter=Q(nominations__status=S.CADANGAN)),
            n_placed=Count("nominations", filter=holds_place("nominations__")),
        )
        .order_by("-year", "code")
    )
    page = paginate(request, programs, size=PAGE_SIZE)
    return render(
        request,
        "participants/selection_list.html",
        {"page_obj": page},
    )


def _screening_queryset(request, program: Program):
    return Nomination.objects.for_user(request.user).filter(program=program)


@require_GET
def selection_program(request, pk: int):
    """The screening list of one programme: filters, sorting, quota usage, decisions."""
    program = _program(request, pk)
    filter_form = ScreeningFilterForm(request.GET or None, program=program)
    nominations = filter_form.filter(
        _screening_queryset(request, program).select_related(
            "participant", "business", "kabupaten_kota", "angkatan"
        )
    )
    page = paginate(request, nominations, size=PAGE_SIZE)
    usage = services.quota_usage(program=program)
    return render(
        request,
        "participants/selection_program.html",
        {
            "program": program,
            "filter_form": filter_form,
            "page_obj": page,
            "decision_form": DecisionForm(),
            "usage": usage,
            "quota_form": QuotaGiveForm(usage=usage),
            "can_act": can_select(request.user),
            "current_url": request.get_full_path(),
        },
    )


@require_POST
def selection_decide(request, pk: int):
    """Accept, reject or reserve the ticked nominees (or every one matching the filter)."""
    program = _program(request, pk)
    require(can_select(request.user))
    back = _back(request, reverse("participants:selection_program", args=[program.pk]))
    form = DecisionForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(back)
    nominations = _screening_queryset(request, program)
    if form.cleaned_data["scope"] == "filter":
        filter_form = ScreeningFilterForm(request.POST, program=program)
        if not filter_form.is_valid():
            messages.error(
                request,
                "Tidak ada usulan yang diputuskan: filter tidak berlaku "
                f"({filter_form.problems()}). Pilih filter lagi lalu ulangi.",
            )
            return redirect(back)
        nominations = filter_form.filter(nominations)
    else:
        ids = _ids(request)
        if not ids:
            messages.error(request, "Centang dulu usulan yang akan diputuskan.")
            return redirect(back)
        nominations = nominations.filter(pk__in=ids)
    data = form.cleaned_data
    try:
        result = services.nominations_decide(
            nominations=nominations,
            decision=data["decision"],
            by=request.user,
            reason=data["reason"],
            override_reason=data["override_reason"] if data["override"] else "",
        )
    except ValidationError as error:
        show_errors(request, error)
        return redirect(back)
    label = services.Decision(data["decision"]).label.lower()
    _report(request, result, f"{{n}} usulan: {label}.")
    return redirect(back)


@require_POST
def selection_give_seats(request, pk: int):
    """Give unused seats of one district to the reserve list of another."""
    program = _program(request, pk)
    require(can_select(request.user))
    form = QuotaGiveForm(request.POST, usage=services.quota_usage(program=program))
    if form.is_valid():
        try:
            accepted = services.quota_give_unused(
                program=program,
                from_kabupaten_kota_id=form.cleaned_data["from_kabupaten_kota"],
                to_kabupaten_kota_id=form.cleaned_data["to_kabupaten_kota"],
                seats=form.cleaned_data["seats"],
                by=request.user,
            )
            messages.success(
                request,
                f"{form.cleaned_data['seats']} kursi dipindahkan; {accepted} cadangan diterima.",
            )
        except ValidationError as error:
            show_errors(request, error)
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect("participants:selection_program", pk=program.pk)


@require_GET
def selection_detail(request, pk: int):
    """One nominee as staff see it: data, decision, placement, attendance and history."""
    require(can_view_selection(request.user))
    nomination = get_object_or_404(
        completing.with_attendance(
            Nomination.objects.for_user(request.user).select_related(
                "program", "participant", "business", "kabupaten_kota", "angkatan"
            )
        ),
        pk=pk,
    )
    angkatan_choices = (
        Angkatan.objects.filter(program=nomination.program)
        .with_filled()
        .order_by("start_date", "number")
    )
    return render(
        request,
        "participants/selection_detail.html",
        {
            "nomination": nomination,
            "program": nomination.program,
            "decision_form": DecisionForm(),
            "completion_form": CompletionForm(),
            "angkatan_choices": angkatan_choices,
            "status_history": services.status_history(nomination),
            "can_act": can_select(request.user),
            "current_url": request.get_full_path(),
        },
    )


# --- Placement ----------------------------------------------------------------------------


@require_GET
def placement(request, pk: int):
    """Angkatan of a programme with free places, and accepted nominees waiting for one."""
    program = _program(request, pk)
    angkatan = (
        Angkatan.objects.filter(program=program).with_filled().order_by("start_date", "number")
    )
    waiting = (
        Nomination.objects.for_user(request.user)
        .filter(program=program, status=S.DITERIMA)
        .select_related("participant", "kabupaten_kota")
        .order_by("kabupaten_kota_id", "participant__name")
    )
    page = paginate(request, waiting, size=100)
    return render(
        request,
        "participants/selection_placement.html",
        {
            "program": program,
            "angkatan_list": angkatan,
            "page_obj": page,
            "distribute_form": DistributeForm(),
            "can_act": can_select(request.user),
            "current_url": request.get_full_path(),
        },
    )


@require_POST
def placement_assign(request, pk: int):
    """Place the ticked accepted nominees in the chosen angkatan."""
    program = _program(request, pk)
    require(can_select(request.user))
    back = _back(request, reverse("participants:placement", args=[program.pk]))
    angkatan = Angkatan.objects.filter(
        program=program, pk=request.POST.get("angkatan") or 0
    ).first()
    if angkatan is None:
        messages.error(request, "Pilih angkatan tujuan.")
        return redirect(back)
    ids = _ids(request)
    if not ids:
        messages.error(request, "Centang dulu peserta yang akan ditempatkan.")
        return redirect(back)
    nominations = Nomination.objects.for_user(request.user).filter(program=program, pk__in=ids)
    result = placing.nominations_place(nominations=nominations, angkatan=angkatan, by=request.user)
    _report(request, result, f"{{n}} peserta ditempatkan di {angkatan}.")
    return redirect(back)


@require_POST
def placement_distribute(request, pk: int):
    """Distribute every accepted nominee over the programme's angkatan automatically."""
    program = _program(request, pk)
    require(can_select(request.user))
    form = DistributeForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Pilih cara pembagian.")
        return redirect("participants:placement", pk=program.pk)
    try:
        result = placing.placement_distribute(
            program=program, mode=form.cleaned_data["mode"], by=request.user
        )
    except ValidationError as error:
        show_errors(request, error)
        return redirect("participants:placement", pk=program.pk)
    _report(request, result, "{n} peserta dibagi ke angkatan.")
    return redirect("participants:placement", pk=program.pk)


@require_POST
def placement_remove(request, pk: int):
    """Take one nominee out of their angkatan (back to accepted)."""
    require(can_view_selection(request.user))
    nomination = get_object_or_404(Nomination.objects.for_user(request.user), pk=pk)
    require(can_select(request.user))
    try:
        placing.nomination_unplace(nomination=nomination, by=request.user)
        messages.success(request, "Peserta dikeluarkan dari angkatan.")
    except ValidationError as error:
        show_errors(request, error)
    return redirect(_back(request, reverse("participants:selection_detail", args=[pk])))


@require_POST
def selection_place_one(request, pk: int):
    """Place one nominee in the chosen angkatan (from the nominee's page)."""
    require(can_view_selection(request.user))
    nomination = get_object_or_404(Nomination.objects.for_user(request.user), pk=pk)
    require(can_select(request.user))
    angkatan = Angkatan.objects.filter(
        program_id=nomination.program_id, pk=request.POST.get("angkatan") or 0
    ).first()
    if angkatan is None:
        messages.error(request, "Pilih angkatan tujuan.")
    else:
        try:
            placing.nomination_place(nomination=nomination, angkatan=angkatan, by=request.user)
            messages.success(request, f"Ditempatkan di {angkatan}.")
        except ValidationError as error:
            show_errors(request, error)
    return redirect("participants:selection_detail", pk=pk)


# --- Attendance ---------------------------------------------------------------------------


def _days(angkatan: Angkatan) -> list[dt.date]:
    return [angkatan.start_date + dt.timedelta(days=i) for i in range(angkatan.length_days)]


def _roster(angkatan: Angkatan):
    """Rows of the attendance grid: each placed nominee with their cells and rate."""
    nominations = list(
        completing.with_attendance(
            Nomination.objects.filter(angkatan=angkatan, status__in=HOLDS_PLACE)
        )
        .select_related("participant", "kabupaten_kota", "business", "angkatan")
        .order_by("participant__name", "pk")
    )
    marks = {
        (a.nomination_id, a.date): a.status
        for a in Attendance.objects.filter(
            nomination__in=[n.pk for n in nominations],
            date__range=(angkatan.start_date, angkatan.end_date),
        )
    }
    days = _days(angkatan)
    rows = [
        {
            "nomination": n,
            "cells": [
                {
                    "date": day,
                    "status": marks.get((n.pk, day), ""),
                    "name": f"c-{n.pk}-{day:%Y-%m-%d}",
                }
                for day in days
            ],
        }
        for n in nominations
    ]
    return days, rows


@require_http_methods(["GET", "POST"])
def attendance_roster(request, pk: int):
    """The attendance grid of one angkatan (participants × days); POST saves the whole grid."""
    angkatan = _angkatan(request, pk)
    if request.method == "POST":
        require(can_select(request.user))
        saved, errors = 0, []
        placed = {
            n.pk: n
            for n in Nomination.objects.filter(
                angkatan=angkatan, status__in=HOLDS_PLACE
            ).select_related("angkatan", "participant")
        }
        marks = {
            (a.nomination_id, a.date): a.status
            for a in Attendance.objects.filter(nomination_id__in=placed)
        }
        for key, value in request.POST.items():
            parsed = _parse_cell(key)
            if parsed is None or parsed[0] not in placed:
                continue
            nomination_id, day = parsed
            if marks.get((nomination_id, day), "") == value:
                continue  # unchanged cells are not written (and not stamped with this user)
            try:
                completing.attendance_record(
                    nomination=placed[nomination_id], day=day, status=value, by=request.user
                )
                saved += 1
            except ValidationError as error:
                errors.append(" ".join(error.messages))
        _report(request, services.BulkResult(saved, errors), "{n} isian kehadiran disimpan.")
        return redirect("participants:attendance_roster", pk=angkatan.pk)
    days, rows = _roster(angkatan)
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
    angkatan = _angkatan(request, pk)
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
    angkatan = _angkatan(request, pk)
    require(can_select(request.user))
    try:
        day = dt.date.fromisoformat(request.POST.get("date", ""))
        count = completing.attendance_record_day(
            angkatan=angkatan, day=day, status=AttendanceStatus.HADIR, by=request.user
        )
        messages.success(request, f"{count} peserta ditandai hadir pada {day:%d-%m-%Y}.")
    except (ValueError, ValidationError) as error:
        text = (
            " ".join(error.messages)
            if isinstance(error, ValidationError)
            else "Tanggal tidak valid."
        )
        messages.error(request, text)
    return redirect("participants:attendance_roster", pk=angkatan.pk)


# --- Completion ---------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def completion(request, pk: int):
    """Outcomes of one angkatan: attendance rate against the minimum, lulus / tidak lulus."""
    angkatan = _angkatan(request, pk)
    program = angkatan.program
    if request.method == "POST":
        require(can_select(request.user))
        form = CompletionForm(request.POST)
        if not form.is_valid():
            messages.error(request, "Pilih hasil dan cakupannya.")
            return redirect("participants:completion", pk=angkatan.pk)
        nominations = Nomination.objects.filter(angkatan=angkatan)
        if form.cleaned_data["scope"] == "memenuhi":
            nominations = completing.with_attendance(
                nominations.filter(status=S.DITEMPATKAN)
            ).filter(attendance_percent__gte=program.min_attendance_percent)
            nominations = Nomination.objects.filter(pk__in=[n.pk for n in nominations])
        else:
            nominations = nominations.filter(pk__in=_ids(request))
        result = completing.nominations_complete(
            nominations=nominations,
            outcome=form.cleaned_data["outcome"],
            by=request.user,
            reason=form.cleaned_data["reason"],
        )
        label = S(form.cleaned_data["outcome"]).label.lower()
        _report(request, result, f"{{n}} peserta dicatat {label}.")
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
    angkatan = _angkatan(request, pk)
    days, rows = _roster(angkatan)
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


# --- District view ------------------------------------------------------------------------


class OutcomeFilterForm(BootstrapForm):
    program = forms.ModelChoiceField(
        label="Program", queryset=Program.objects.none(), required=False
    )
    status = forms.ChoiceField(
        label="Status", required=False, choices=[("", "Semua"), *NominationStatus.choices]
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["program"].queryset = (
            Program.objects.for_user(user)
            .filter(pk__in=Nomination.objects.for_user(user).values("program_id"))
            .order_by("-year", "code")
        )


@require_GET
def district_outcomes(request):
    """Each nominee's outcome: decision and reason, angkatan and dates, attendance, result."""
    form = OutcomeFilterForm(request.GET or None, user=request.user)
    nominations = completing.with_attendance(
        Nomination.objects.for_user(request.user).select_related(
            "program", "participant", "kabupaten_kota", "angkatan"
        )
    ).order_by("-program__year", "program__code", "kabupaten_kota_id", "participant__name", "pk")
    if form.is_valid():
        if form.cleaned_data["program"]:
            nominations = nominations.filter(program=form.cleaned_data["program"])
        if form.cleaned_data["status"]:
            nominations = nominations.filter(status=form.cleaned_data["status"])
    page = paginate(request, nominations, size=PAGE_SIZE)
    return render(
        request,
        "participants/selection_outcomes.html",
        {"form": form, "page_obj": page},
    )
