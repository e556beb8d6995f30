"""Pages of the programs app: programmes, quotas, angkatan, instructors and bidang."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from balatkop.access import (
    can_add_bidang,
    can_manage_programs,
    can_nominate,
    can_view_history,
    is_district_officer,
    require,
)
from balatkop.feedback import form_submit, show_errors
from balatkop.pagination import paginate
from programs import selectors, services
from programs.forms import (
    AngkatanForm,
    AngkatanGeneratorForm,
    BidangForm,
    InstrukturForm,
    ProgramFilterForm,
    ProgramForm,
    QuotaTableForm,
)
from programs.models import Angkatan, Bidang, Instruktur, Program, Quota

PAGE_SIZE = 25


def _program_or_404(request, pk: int) -> Program:
    return get_object_or_404(
        Program.objects.for_user(request.user).select_related("balai__provinsi", "bidang"), pk=pk
    )


def _manageable_program(request, pk: int) -> Program:
    """404 outside the user's scope, 403 inside it without the right to change programmes."""
    program = _program_or_404(request, pk)
    require(can_manage_programs(request.user))
    return program


def _sum_subquery(queryset, field: str):
    """A correlated SUM over rows of one programme (no joins that multiply other counts)."""
    summed = (
        queryset.filter(program=OuterRef("pk"))
        .order_by()
        .values("program")
        .annotate(total=Sum(field))
        .values("total")
    )
    return Coalesce(Subquery(summed[:1], output_field=IntegerField()), Value(0))


def _count_subquery(queryset):
    counted = (
        queryset.filter(program=OuterRef("pk"))
        .order_by()
        .values("program")
        .annotate(total=Count("pk"))
        .values("total")
    )
    return Coalesce(Subquery(counted[:1], output_field=IntegerField()), Value(0))


def _nominations_subquery(condition: Q | None):
    """Nominations of one programme matching ``condition``, counted via the reverse relation."""
    counted = (
        Program.objects.filter(pk=OuterRef("pk"))
        .annotate(total=Count("nominations", filter=condition))
        .values("total")
    )
    return Coalesce(Subquery(counted[:1], output_field=IntegerField()), Value(0))


# --- Programme list and year overview ----------------------------------------------------


def program_list(request):
    """Programmes by year, newest first, with filters."""
    user = request.user
    visible = Program.objects.for_user(user)
    years = sorted(set(visible.values_list("year", flat=True)), reverse=True)
    filter_form = ProgramFilterForm(request.GET or None, years=years)
    programs = filter_form.filter(visible).select_related("bidang", "balai")

    quotas = Quota.objects.all()
    nominations = None
    if is_district_officer(user):
        # District officers see their own district's share only.
        quotas = quotas.filter(kabupaten_kota=user.kabupaten_kota_id)
        nominations = Q(nominations__kabupaten_kota=user.kabupaten_kota_id)
    programs = programs.annotate(
        quota_total=_sum_subquery(quotas, "seats"),
        nominated=_nominations_subquery(nominations),
        angkatan_count=_count_subquery(Angkatan.objects.all()),
        capacity_total=_sum_subquery(Angkatan.objects.all(), "capacity"),
    ).order_by("-year", "code")

    page = paginate(request, programs, size=PAGE_SIZE)
    return render(
        request,
        "programs/program_list.html",
        {
            "filter_form": filter_form,
            "page_obj": page,
            "programs": page.object_list,
            "can_manage": can_manage_programs(user),
        },
    )


def year_overview(request):
    """Per year: programmes, participants trained against target (database plus rekap)."""
    require(not is_district_officer(request.user))
    visible = Program.objects.for_user(request.user)
    years = []
    for row in selectors.year_totals(visible):
        target, trained = row["target"] or 0, row["trained_total"] or 0
        years.append(
            {
                **row,
                "achievement": (trained * 100 / target) if target else None,
                "is_plan": row["finished"] == 0 and trained == 0,
            }
        )
    programs = (
        selectors.programs_with_trained(visible).select_related("bidang").order_by("-year", "code")
    )
    program_rows = [
        {
            "program": program,
            "achievement": (
                program.trained * 100 / program.target_participants
                if program.target_participants
                else None
            ),
        }
        for program in programs
    ]
    return render(
        request,
        "programs/year_overview.html",
        {
            "years": years,
            "program_rows": program_rows,
            "max_value": max(
                [max(y["target"] or 0, y["trained_total"] or 0) for y in years] or [0]
            ),
        },
    )


# --- Programme page ---------------------------------------------------------------------


def _detail_context(request, program: Program, quota_form: QuotaTableForm | None = None):
    user = request.user
    manage = can_manage_programs(user)
    own_district = user.kabupaten_kota_id if is_district_officer(user) else None
    districts = list(selectors.district_rows(program=program, only_district=own_district))
    if manage and quota_form is None:
        quota_form = QuotaTableForm(program=program, districts=districts)
    rows = []
    fields = dict(quota_form.rows()) if quota_form else {}
    for district in districts:
        rows.append({"district": district, "field": fields.get(district)})
    angkatan = list(selectors.angkatan_rows(program=program))
    totals = {
        "quota": sum(d.quota_seats or 0 for d in districts),
        "nominated": sum(d.nominated for d in districts),
        "accepted": sum(d.accepted for d in districts),
        "placed": sum(d.placed for d in districts),
        "capacity": sum(a.capacity for a in angkatan),
        "filled": sum(a.filled for a in angkatan),
        "places_left": sum(a.places_left for a in angkatan),
    }
    return {
        "program": program,
        "district_rows": rows,
        "quota_form": quota_form,
        "angkatan_list": angkatan,
        "totals": totals,
        "can_manage": manage,
        "can_nominate": can_nominate(user) and program.accepts_nominations_on(timezone.localdate()),
        "next_statuses": services.program_next_statuses(program=program) if manage else [],
        "history": selectors.program_history(program=program) if can_view_history(user) else None,
        "quota_over_target": program.quotas_exceed_target(totals["quota"]),
    }


def program_detail(request, pk: int):
    """Quota, nominated, accepted, placed per kab/kota; seats filled per angkatan; history."""
    program = _program_or_404(request, pk)
    return render(request, "programs/program_detail.html", _detail_context(request, program))


def program_create(request):
    require(can_manage_programs(request.user))
    form = ProgramForm(
        request.POST or None,
        balai=request.user.balai,
        initial={"year": timezone.localdate().year},
    )
    if request.method == "POST" and form.is_valid():
        program = form.save()
        messages.success(request, f"Program {program.code} dibuat. Isi kuota dan angkatannya.")
        return redirect("programs:program_detail", pk=program.pk)
    return render(request, "programs/program_form.html", {"form": form, "program": None})


def program_update(request, pk: int):
    program = _manageable_program(request, pk)
    form = ProgramForm(request.POST or None, instance=program, balai=program.balai)
    if request.method == "POST" and form.is_valid():
        program = form.save()
        messages.success(request, "Perubahan program disimpan.")
        quota_total = program.quotas.aggregate(s=Coalesce(Sum("seats"), 0))["s"]
        if program.quotas_exceed_target(quota_total):
            messages.warning(
                request,
                f"Jumlah kuota ({quota_total}) kini melebihi target peserta "
                f"({program.target_participants}). Sesuaikan kuota bila perlu.",
            )
        return redirect("programs:program_detail", pk=program.pk)
    return render(request, "programs/program_form.html", {"form": form, "program": program})


@require_POST
def program_transition(request, pk: int):
    program = _manageable_program(request, pk)
    try:
        program = services.program_transition(program=program, to_status=request.POST.get("to"))
    except ValidationError as error:
        show_errors(request, error)
    else:
        messages.success(request, f"Status program kini “{program.get_status_display()}”.")
    return redirect("programs:program_detail", pk=program.pk)


def quota_update(request, pk: int):
    """The quota table of the programme page: save, or "bagi rata" to fill it from the target."""
    program = _manageable_program(request, pk)
    districts = list(selectors.province_districts(program=program))
    if request.method != "POST":
        return redirect("programs:program_detail", pk=program.pk)
    if request.POST.get("action") == "bagi_rata":
        even = services.quota_divide_evenly(
            total=program.target_participants, codes=[d.code for d in districts]
        )
        data = request.POST.copy()
        for code, seats in even.items():
            data[QuotaTableForm.field_name(code)] = str(seats)
        form = QuotaTableForm(data, program=program, districts=districts)
        form.is_valid()
        messages.info(request, "Kuota dibagi rata dari target. Periksa lalu klik Simpan kuota.")
    else:
        form = QuotaTableForm(request.POST, program=program, districts=districts)
        if form.is_valid():
            try:
                services.quotas_save(
                    program=program,
                    seats=form.seats(),
                    confirm_over_target=form.cleaned_data["confirm_over_target"],
                )
            except ValidationError as error:
                show_errors(request, error, form=form)
            else:
                messages.success(request, "Kuota kabupaten/kota disimpan.")
                return redirect("programs:program_detail", pk=program.pk)
    return render(request, "programs/program_detail.html", _detail_context(request, program, form))


# --- Angkatan ---------------------------------------------------------------------------


def angkatan_detail(request, pk: int):
    angkatan = get_object_or_404(
        Angkatan.objects.for_user(request.user)
        .select_related("program__balai", "program__bidang")
        .prefetch_related("instructors")
        .with_filled(),
        pk=pk,
    )
    return render(
        request,
        "programs/angkatan_detail.html",
        {
            "angkatan": angkatan,
            "program": angkatan.program,
            "can_manage": can_manage_programs(request.user),
        },
    )


def angkatan_create(request, pk: int):
    program = _manageable_program(request, pk)
    initial = {
        "number": services.angkatan_next_number(program=program),
        "capacity": 60 if program.target_participants else None,
    }
    form = AngkatanForm(request.POST or None, program=program, initial=initial)

    def save():
        return services.angkatan_create(program=program, **form.cleaned_data)

    return _angkatan_form_page(request, form, save, program=program, angkatan=None, done="dibuat")


def angkatan_update(request, pk: int):
    angkatan = get_object_or_404(
        Angkatan.objects.for_user(request.user).select_related("program__balai"), pk=pk
    )
    require(can_manage_programs(request.user))
    program = angkatan.program
    initial = {
        "number": angkatan.number,
        "start_date": angkatan.start_date,
        "end_date": angkatan.end_date,
        "venue": angkatan.venue,
        "capacity": angkatan.capacity,
        "instructors": list(angkatan.instructors.all()),
    }
    form = AngkatanForm(request.POST or None, program=program, initial=initial)

    def save():
        return services.angkatan_update(angkatan=angkatan, **form.cleaned_data)

    return _angkatan_form_page(
        request, form, save, program=program, angkatan=angkatan, done="disimpan"
    )


def _angkatan_form_page(request, form, save, *, program, angkatan, done: str):
    """The angkatan form, new or changed: saved, back to the programme; else shown again."""
    saved = form_submit(request, form, save)
    if saved is not None:
        messages.success(request, f"Angkatan {saved.number} {done}.")
        return redirect("programs:program_detail", pk=program.pk)
    context = {"form": form, "program": program, "angkatan": angkatan}
    return render(request, "programs/angkatan_form.html", context)


def angkatan_generate(request, pk: int):
    """Create N angkatan of capacity C, each starting the day after the previous one ends."""
    program = _manageable_program(request, pk)
    last = program.angkatan.order_by("-end_date").first()
    initial = (
        {"first_start": last.end_date + dt.timedelta(days=1), "venue": last.venue} if last else {}
    )
    form = AngkatanGeneratorForm(request.POST or None, initial=initial)
    created = form_submit(
        request, form, lambda: services.angkatan_generate(program=program, **form.cleaned_data)
    )
    if created is not None:
        messages.success(request, services.generator_summary(angkatan=created))
        seats = program.angkatan.aggregate(s=Coalesce(Sum("capacity"), 0))["s"]
        if seats < program.target_participants:
            messages.warning(
                request,
                f"Total kapasitas angkatan ({seats}) masih di bawah target peserta "
                f"({program.target_participants}).",
            )
        return redirect("programs:program_detail", pk=program.pk)
    return render(request, "programs/angkatan_generate.html", {"form": form, "program": program})


# --- Managed lists: instruktur and bidang ------------------------------------------------


def instruktur_list(request):
    require(not is_district_officer(request.user))
    instruktur = (
        Instruktur.objects.for_user(request.user)
        .select_related("balai")
        .annotate(angkatan_count=Count("angkatan", distinct=True))
        .order_by("name")
    )
    q = request.GET.get("q", "").strip()
    if q:
        instruktur = instruktur.filter(Q(name__icontains=q) | Q(expertise__icontains=q))
    page = paginate(request, instruktur, size=PAGE_SIZE)
    return render(
        request,
        "programs/instruktur_list.html",
        {
            "page_obj": page,
            "instruktur_list": page.object_list,
            "q": q,
            "can_manage": can_manage_programs(request.user),
        },
    )


def instruktur_create(request):
    require(can_manage_programs(request.user))
    form = InstrukturForm(request.POST or None, balai=request.user.balai)
    if request.method == "POST" and form.is_valid():
        instruktur = form.save()
        messages.success(request, f"Instruktur {instruktur.name} ditambahkan.")
        return redirect("programs:instruktur_list")
    return render(request, "programs/instruktur_form.html", {"form": form, "instruktur": None})


def instruktur_update(request, pk: int):
    instruktur = get_object_or_404(Instruktur.objects.for_user(request.user), pk=pk)
    require(can_manage_programs(request.user))
    form = InstrukturForm(request.POST or None, instance=instruktur, balai=instruktur.balai)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, f"Instruktur {instruktur.name} disimpan.")
        return redirect("programs:instruktur_list")
    return render(
        request, "programs/instruktur_form.html", {"form": form, "instruktur": instruktur}
    )


def bidang_list(request):
    require(not is_district_officer(request.user))
    # The list is shared by every balai; the counts are the viewer's own programmes only.
    own = Q(program__in=Program.objects.for_user(request.user))
    bidang = Bidang.objects.annotate(program_count=Count("program", filter=own)).order_by("name")
    manage = can_add_bidang(request.user)
    return render(
        request,
        "programs/bidang_list.html",
        {"bidang_list": bidang, "form": BidangForm() if manage else None, "can_manage": manage},
    )


def bidang_create(request):
    require(can_add_bidang(request.user))
    form = BidangForm(request.POST or None)
    bidang = form_submit(
        request, form, lambda: services.bidang_create(name=form.cleaned_data["name"])
    )
    if bidang is not None:
        messages.success(request, f"Bidang “{bidang.name}” ditambahkan.")
        return redirect("programs:bidang_list")
    return render(request, "programs/bidang_form.html", {"form": form})
