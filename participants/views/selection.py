"""Views of selection: screening, decisions, seats, placement, and the district's outcomes."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from balatkop.access import can_select, can_view_selection, require
from balatkop.feedback import show_errors, show_form_errors
from balatkop.pagination import paginate
from participants.forms import (
    CompletionForm,
    DecisionForm,
    DistributeForm,
    OutcomeFilterForm,
    QuotaGiveForm,
    ScreeningFilterForm,
)
from participants.models import (
    Nomination,
    NominationStatus,
)
from participants.services import completion as completing
from participants.services import placement as placing
from participants.services import selection as services
from participants.views.fetch import (
    back_to,
    nomination_for,
    program_for,
    report_bulk,
    ticked_ids,
)
from programs.models import Angkatan, Program
from programs.seats import holds_place, holds_quota_seat

S = NominationStatus
PAGE_SIZE = 50


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
    program = program_for(request, pk)
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
    program = program_for(request, pk, to_act=True)
    back = back_to(request, reverse("participants:selection_program", args=[program.pk]))
    form = DecisionForm(request.POST)
    if not form.is_valid():
        show_form_errors(request, form)
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
        ids = ticked_ids(request)
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
    report_bulk(request, result, f"{{n}} usulan: {label}.")
    return redirect(back)


@require_POST
def selection_give_seats(request, pk: int):
    """Give unused seats of one district to the reserve list of another."""
    program = program_for(request, pk, to_act=True)
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
        show_form_errors(request, form)
    return redirect("participants:selection_program", pk=program.pk)


@require_GET
def selection_detail(request, pk: int):
    """One nominee as staff see it: data, decision, placement, attendance and history."""
    nomination = nomination_for(
        request,
        pk,
        to_act=False,
        queryset=completing.with_attendance(
            Nomination.objects.select_related(
                "program", "participant", "business", "kabupaten_kota", "angkatan"
            )
        ),
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
    program = program_for(request, pk)
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


def _chosen_angkatan(request, program_id: int) -> Angkatan | None:
    """The angkatan of the programme chosen in the form, if any."""
    return Angkatan.objects.filter(
        program_id=program_id, pk=request.POST.get("angkatan") or 0
    ).first()


@require_POST
def placement_assign(request, pk: int):
    """Place the ticked accepted nominees in the chosen angkatan."""
    program = program_for(request, pk, to_act=True)
    back = back_to(request, reverse("participants:placement", args=[program.pk]))
    angkatan = _chosen_angkatan(request, program.pk)
    if angkatan is None:
        messages.error(request, "Pilih angkatan tujuan.")
        return redirect(back)
    ids = ticked_ids(request)
    if not ids:
        messages.error(request, "Centang dulu peserta yang akan ditempatkan.")
        return redirect(back)
    nominations = Nomination.objects.for_user(request.user).filter(program=program, pk__in=ids)
    result = placing.nominations_place(nominations=nominations, angkatan=angkatan, by=request.user)
    report_bulk(request, result, f"{{n}} peserta ditempatkan di {angkatan}.")
    return redirect(back)


@require_POST
def placement_distribute(request, pk: int):
    """Distribute every accepted nominee over the programme's angkatan automatically."""
    program = program_for(request, pk, to_act=True)
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
    report_bulk(request, result, "{n} peserta dibagi ke angkatan.")
    return redirect("participants:placement", pk=program.pk)


@require_POST
def placement_remove(request, pk: int):
    """Take one nominee out of their angkatan (back to accepted)."""
    nomination = nomination_for(request, pk)
    try:
        placing.nomination_unplace(nomination=nomination, by=request.user)
        messages.success(request, "Peserta dikeluarkan dari angkatan.")
    except ValidationError as error:
        show_errors(request, error)
    return redirect(back_to(request, reverse("participants:selection_detail", args=[pk])))


@require_POST
def selection_place_one(request, pk: int):
    """Place one nominee in the chosen angkatan (from the nominee's page)."""
    nomination = nomination_for(request, pk)
    angkatan = _chosen_angkatan(request, nomination.program_id)
    if angkatan is None:
        messages.error(request, "Pilih angkatan tujuan.")
    else:
        try:
            placing.nomination_place(nomination=nomination, angkatan=angkatan, by=request.user)
            messages.success(request, f"Ditempatkan di {angkatan}.")
        except ValidationError as error:
            show_errors(request, error)
    return redirect("participants:selection_detail", pk=pk)


# --- District view ------------------------------------------------------------------------


@require_GET
def district_outcomes(request):
    """Each nominee's outcome: decision and reason, angkatan and dates, attendance, result."""
    form = OutcomeFilterForm(request.GET or None, user=request.user)
    nominations = completing.with_attendance(
        Nomination.objects.for_user(request.user).select_related(
            "program", "participant", "kabupaten_kota", "angkatan"
        )
    ).order_by("-program__year", "program__code", "kabupaten_kota_id", "participant__name", "pk")
    nominations = form.filter(nominations)
    page = paginate(request, nominations, size=PAGE_SIZE)
    return render(
        request,
        "participants/selection_outcomes.html",
        {"form": form, "page_obj": page},
    )
