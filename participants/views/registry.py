"""Views of the participant registry and nominations."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_POST

from balatkop import freshness
from balatkop.access import can_nominate, can_view_history
from balatkop.feedback import form_submit
from balatkop.freshness import cached_fragment
from balatkop.models import KabupatenKota
from balatkop.pagination import paginate
from balatkop.ratelimit import rate_limit_exceeded
from participants.eligibility import eligibility_check
from participants.forms import NominationFilterForm, NominationForm
from participants.models import Nomination, NominationStatus, Participant
from participants.nik import check_nik, normalise_nik
from participants.services.registry import (
    nomination_create as nomination_create_service,
)
from participants.services.registry import (
    nomination_window_check,
    participant_history,
)
from participants.services.selection import status_history
from participants.views.fetch import program_to_nominate
from programs.models import Program

PAGE_SIZE = 50


def _audit(obj, user):
    """The last changes of an object, for those who may see the audit trail."""
    if not can_view_history(user):
        return None
    return obj.history.select_related("history_user").order_by("-history_date")[:20]


def _open_programs(user):
    """Programmes the user may nominate into today."""
    if not can_nominate(user):
        return []
    today = timezone.localdate()
    programs = Program.objects.for_user(user).open_for_nomination()
    return [p for p in programs.order_by("code") if p.accepts_nominations_on(today)]


def nomination_list(request):
    """Officers: their own nominees; staff and heads: all of their balai, filterable."""
    listing = cached_fragment(
        request,
        "nomination_list",
        lambda: _nomination_listing(request),
        depends=(freshness.PROGRAMS, freshness.NOMINATIONS, freshness.PEOPLE),
    )
    return render(request, "participants/nomination_list.html", {"listing": listing})


def _nomination_listing(request) -> str:
    """Open programmes, filters, count, one page of nominations and the pager."""
    user = request.user
    nominations = Nomination.objects.for_user(user).select_related(
        "program", "participant", "kabupaten_kota"
    )
    programs = Program.objects.for_user(user)
    districts = KabupatenKota.objects.for_user(user)
    filters = NominationFilterForm(request.GET or None, programs=programs, districts=districts)
    nominations = filters.filter(nominations).order_by("-created_at", "-pk")
    page_obj = paginate(request, nominations, size=PAGE_SIZE)
    return render_to_string(
        "participants/includes/_nomination_listing.html",
        {
            "filters": filters,
            "page_obj": page_obj,
            "nominations": page_obj.object_list,
            "total": page_obj.paginator.count,
            "open_programs": _open_programs(user),
        },
        request,
    )


def nomination_create(request, program_pk):
    """Nominate one person into a programme (officers for their district, staff on its behalf)."""
    program = program_to_nominate(request, program_pk)
    window_error = None
    try:
        nomination_window_check(program=program, today=timezone.localdate())
    except ValidationError as error:
        window_error = error.messages[0]
    form = NominationForm(request.POST or None, program=program, user=request.user)
    nomination = window_error is None and form_submit(
        request,
        form,
        lambda: nomination_create_service(program=program, by=request.user, data=form.nominee()),
    )
    if nomination:
        if nomination.over_quota:
            messages.warning(
                request,
                f"{nomination.participant.name} diusulkan sebagai CADANGAN: "
                "kuota kabupaten/kota sudah penuh.",
            )
        else:
            messages.success(request, f"{nomination.participant.name} berhasil diusulkan.")
        return redirect("participants:nomination_detail", pk=nomination.pk)
    return render(
        request,
        "participants/nomination_form.html",
        {"program": program, "form": form, "window_error": window_error},
    )


# NIK look-ups (htmx checks and uploaded files) per user per hour: plenty for typing a batch
# of nominees, too few to walk the NIK space.
NIK_CHECKS_PER_HOUR = 300
NIK_UPLOADS_PER_HOUR = 20


def too_many_lookups(request, scope: str, limit: int) -> bool:
    """NIK look-ups (the check, uploads) per user per hour; shared with the import views."""
    return rate_limit_exceeded(
        scope=scope, key=str(request.user.pk), limit=limit, window_seconds=3600
    )


@require_POST
def nomination_check(request, program_pk):
    """htmx: what nominating needs to know about the NIK typed so far, and nothing more.

    Whether the person is already in this programme and whether the criteria (the level
    ladder included) are met; the name and history only of a person the user may see anyway.
    """
    program = program_to_nominate(request, program_pk)
    if too_many_lookups(request, "nik-check", NIK_CHECKS_PER_HOUR):
        # 200, so that htmx shows the message in place of the check.
        return render(request, "participants/includes/_nomination_check.html", {"limited": True})
    form = NominationForm(request.POST, program=program, user=request.user)
    form.is_valid()  # partial input is normal here; take whatever is clean
    data = form.cleaned_data
    raw_nik = normalise_nik(request.POST.get("nik", ""))
    nik = check_nik(raw_nik, birth_date=data.get("birth_date"), sex=data.get("sex") or None)
    person = Participant.objects.filter(nik=nik.nik).first() if nik.ok else None
    nominations = (
        Nomination.objects.filter(participant=person) if person else Nomination.objects.none()
    )
    eligibility = eligibility_check(
        program=program,
        started_on=data.get("started_on"),
        omzet_per_month=data.get("baseline_omzet"),
        nib=data.get("nib") or "",
        completed_levels=set(
            nominations.completed()
            .filter(program__jenjang__isnull=False)
            .values_list("program__jenjang", flat=True)
        ),
        today=timezone.localdate(),
    )
    visible = Participant.objects.for_user(request.user).filter(pk=getattr(person, "pk", None))
    known = person if person and visible.exists() else None
    return render(
        request,
        "participants/includes/_nomination_check.html",
        {
            "nik": nik if raw_nik else None,
            "person": known,
            "history": (
                nominations.for_user(request.user)
                .select_related("program__balai", "angkatan")
                .order_by("program__year", "created_at")
                if known
                else []
            ),
            "already": nominations.filter(program=program).exists(),
            "eligibility": eligibility,
            "program": program,
        },
    )


def nomination_detail(request, pk):
    nomination = get_object_or_404(
        Nomination.objects.for_user(request.user).select_related(
            "program__balai",
            "participant",
            "business",
            "kabupaten_kota",
            "angkatan",
            "nominated_by",
        ),
        pk=pk,
    )
    return render(
        request,
        "participants/nomination_detail.html",
        # Status changes with who and why: officers too must see why a nominee was refused.
        {"nomination": nomination, "status_history": status_history(nomination)},
    )


def participant_list(request):
    """People the user may see, searchable by name or NIK."""
    listing = cached_fragment(
        request,
        "participant_list",
        lambda: _participant_listing(request),
        depends=(freshness.NOMINATIONS, freshness.PEOPLE),
    )
    return render(
        request,
        "participants/participant_list.html",
        {"listing": listing, "q": request.GET.get("q", "").strip()},
    )


def _person_search(query: str, path: str = "") -> Q:
    """A name containing ``query`` or, for a whole NIK, that NIK; ``path`` leads to the person."""
    digits = normalise_nik(query)
    condition = Q(**{f"{path}name__icontains": query})
    if digits.isdigit() and len(digits) == 16:
        condition |= Q(**{f"{path}nik": digits})
    return condition


def _participant_listing(request) -> str:
    """Count, one page of people with their nomination counts, and the pager."""
    people = Participant.objects.for_user(request.user).select_related("kabupaten_kota")
    visible = Nomination.objects.for_user(request.user)
    query = request.GET.get("q", "").strip()
    if query:
        people = people.filter(_person_search(query))
        visible = visible.filter(_person_search(query, "participant__"))
    # The people of ``for_user`` are those with a visible nomination: counted from those
    # nominations (an index-only scan of the balai's programmes), not by testing every person
    # of every balai (2× slower in a 1,000,000-nomination installation, bench/).
    total = visible.aggregate(people=Count("participant_id", distinct=True))["people"]
    page_obj = paginate(request, people.order_by("name", "pk"), size=PAGE_SIZE, count=total)
    # Counted for the page's 50 people only: annotating the whole list grouped and counted
    # every nomination (2 s at 100k rows, bench/).
    counts = (
        Nomination.objects.for_user(request.user)
        .filter(participant__in=[p.pk for p in page_obj.object_list])
        .values("participant_id")
        .annotate(total=Count("pk"), completed=Count("pk", filter=Q(status=NominationStatus.LULUS)))
        .order_by()
    )
    by_person = {row["participant_id"]: row for row in counts}
    for person in page_obj.object_list:
        row = by_person.get(person.pk, {})
        person.nomination_count = row.get("total", 0)
        person.completed_count = row.get("completed", 0)
    return render_to_string(
        "participants/includes/_participant_listing.html",
        {"page_obj": page_obj, "people": page_obj.object_list},
        request,
    )


def participant_detail(request, pk):
    """A person and their training history across programmes, levels and balai."""
    person = get_object_or_404(
        Participant.objects.for_user(request.user).select_related("kabupaten_kota"), pk=pk
    )
    visible = set(
        Nomination.objects.for_user(request.user)
        .filter(participant=person)
        .values_list("pk", flat=True)
    )
    history = list(participant_history(person).prefetch_related("followups"))
    own = [n for n in history if n.pk in visible]  # figures only of nominations in one's scope
    return render(
        request,
        "participants/participant_detail.html",
        {
            "person": person,
            "history": history,
            "certificates": [n for n in own if n.certificate_number],
            "monitoring": [(n, f) for n in own for f in n.followups.all()],
            "visible": visible,
            "businesses": person.businesses.all(),
            "audit": _audit(person, request.user),
        },
    )
