"""Self-report links: the officer's link page and review, and the person's public form."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from balatkop.access import can_record_followup, require
from balatkop.ratelimit import client_address, rate_limit_exceeded
from outcomes.forms import SelfReportForm
from outcomes.models import SelfReport
from outcomes.self_report import (
    RATE_LIMIT,
    RATE_WINDOW_SECONDS,
    first_name,
    selfreport_confirm,
    selfreport_link,
    selfreport_refusal,
    selfreport_reject,
    selfreport_submit,
    selfreport_whatsapp,
)
from outcomes.services import is_comparison
from outcomes.views import _alumnus


def _public_url(request, link: SelfReport) -> str:
    return request.build_absolute_uri(reverse("outcomes:selfreport_form", args=[link.token]))


@require_http_methods(["GET", "POST"])
def selfreport_link_page(request, pk: int, round_months: int):
    """The person's personal link for one round: made (or renewed) on POST, shown on GET."""
    nomination = _alumnus(request, pk)
    if request.method == "POST":
        try:
            selfreport_link(nomination=nomination, round_months=round_months, by=request.user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        return redirect("outcomes:selfreport_link", pk=pk, round_months=round_months)
    link = SelfReport.objects.filter(nomination=nomination, round_months=round_months).first()
    context = {
        "nomination": nomination,
        "round_months": round_months,
        "link": link,
        "comparison": is_comparison(nomination),
        "expired": link is not None and link.expires_at <= timezone.now(),
    }
    if link is not None:
        context["url"] = _public_url(request, link)
        context["whatsapp"] = selfreport_whatsapp(link=link, url=context["url"])
    return render(request, "outcomes/selfreport_link.html", context)


@require_http_methods(["GET", "POST"])
def selfreport_review(request, pk: int):
    """The officer confirms (or corrects) a person's reply, or rejects it."""
    require(can_record_followup(request.user))
    link = get_object_or_404(
        SelfReport.objects.for_user(request.user).select_related(
            "nomination__participant", "nomination__business", "nomination__kabupaten_kota",
            "nomination__program", "nomination__angkatan",
        ),
        pk=pk,
        submitted_at__isnull=False,
    )  # fmt: skip
    initial = {"omzet": link.omzet, "aset": link.aset, "tenaga_kerja": link.tenaga_kerja}
    form = SelfReportForm(request.POST or None, initial=initial)
    if request.method == "POST" and not link.is_confirmed:
        try:
            if "tolak" in request.POST:
                selfreport_reject(link=link, by=request.user)
                messages.success(
                    request, "Laporan mandiri ditolak; Anda dapat mengirim tautan baru."
                )
                return redirect("outcomes:followup_due")
            if form.is_valid():
                selfreport_confirm(link=link, by=request.user, **form.cleaned_data)
                messages.success(
                    request,
                    f"Laporan mandiri {link.nomination.participant} dikonfirmasi dan dihitung.",
                )
                return redirect("outcomes:followup_create", pk=link.nomination_id)
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
    return render(
        request,
        "outcomes/selfreport_review.html",
        {"link": link, "nomination": link.nomination, "form": form},
    )


@login_not_required
@require_http_methods(["GET", "POST"])
def selfreport_form(request, token: str):
    """The public form behind a personal link: no account, one reply, first name and programme only."""
    if rate_limit_exceeded(
        scope="laporan_mandiri",
        key=client_address(request),
        limit=RATE_LIMIT,
        window_seconds=RATE_WINDOW_SECONDS,
    ):
        return render(request, "outcomes/selfreport_public.html", {"busy": True}, status=429)
    link = get_object_or_404(
        SelfReport.objects.select_related("nomination__participant", "nomination__program"),
        token=token,
    )
    context = {
        "first_name": first_name(link.nomination),
        "program": link.nomination.program.name,
        "round_months": link.round_months,
    }
    refusal = selfreport_refusal(link)
    if refusal:
        return render(
            request, "outcomes/selfreport_public.html", {**context, "refusal": refusal}, status=410
        )
    form = SelfReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            selfreport_submit(token=token, **form.cleaned_data)
        except ValidationError as error:
            return render(
                request,
                "outcomes/selfreport_public.html",
                {**context, "refusal": error.messages[0]},
                status=410,
            )
        return render(request, "outcomes/selfreport_public.html", {**context, "thanks": True})
    return render(request, "outcomes/selfreport_public.html", {**context, "form": form})
