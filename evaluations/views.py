"""Pages of the learning evaluation: score grid, links, questionnaire (public and paper), recaps."""

from __future__ import annotations

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from balatkop.access import can_record_evaluations, can_view_evaluations, require
from balatkop.feedback import show_errors
from balatkop.ratelimit import client_address, rate_limit_exceeded
from balatkop.whatsapp import whatsapp_link
from evaluations import recaps, services
from evaluations.forms import (
    CertificateRuleForm,
    ItemFormSet,
    PaperQuestionnaireForm,
    QuestionnaireForm,
)
from evaluations.models import EvaluationInvitation, EvaluationItem, EvaluationResponse, TestScore
from participants.models import Nomination
from programs.models import Angkatan, Instruktur, Program

PUBLIC_LIMIT = 30  # requests per client address per window on the public questionnaire
PUBLIC_WINDOW_SECONDS = 600


def _angkatan(request, pk: int) -> Angkatan:
    require(can_view_evaluations(request.user))
    return get_object_or_404(
        Angkatan.objects.for_user(request.user).select_related("program__balai"), pk=pk
    )


def _program(request, pk: int) -> Program:
    require(can_view_evaluations(request.user))
    return get_object_or_404(Program.objects.for_user(request.user), pk=pk)


def _posted(request):
    """The POST data to bind a form to (even when empty), None on GET."""
    return request.POST if request.method == "POST" else None


def _error_text(error: ValidationError) -> str:
    return " ".join(error.messages)


# --- Pre-test and post-test grid ----------------------------------------------------------


def _score_rows(angkatan: Angkatan) -> list[dict]:
    nominations = list(
        services.placed_nominations(angkatan)
        .select_related("participant", "kabupaten_kota", "test_score")
        .order_by("participant__name", "pk")
    )
    rows = []
    for n in nominations:
        score = getattr(n, "test_score", None) or TestScore(nomination=n)
        rows.append(
            {
                "nomination": n,
                "score": score,
                "cells": [
                    {
                        "kind": kind,
                        "label": label,
                        "name": f"s-{n.pk}-{kind}",
                        "value": getattr(score, kind),
                    }
                    for kind, label in services.SCORE_FIELDS.items()
                ],
            }
        )
    return rows


def _angkatan_scores(angkatan: Angkatan) -> recaps.ScoreSummary:
    summary = recaps.score_summaries(services.placed_nominations(angkatan))[0]
    summary.label = f"Angkatan {angkatan.number}"
    return summary


def _parse_cell(name: str) -> tuple[int, str] | None:
    """``s-<nomination pk>-<pre|post>`` → (pk, kind), or None."""
    parts = name.split("-")
    if len(parts) != 3 or parts[0] != "s" or parts[2] not in services.SCORE_FIELDS:
        return None
    try:
        return int(parts[1]), parts[2]
    except ValueError:
        return None


@require_http_methods(["GET", "POST"])
def score_grid(request, pk: int):
    """Pre-test and post-test of one angkatan (participants × 2 scores); POST saves the grid."""
    angkatan = _angkatan(request, pk)
    if request.method == "POST":
        require(can_record_evaluations(request.user))
        placed = {
            n.pk: n
            for n in services.placed_nominations(angkatan).select_related("angkatan", "test_score")
        }
        saved, errors = 0, []
        for key, text in request.POST.items():
            parsed = _parse_cell(key)
            if parsed is None or parsed[0] not in placed:
                continue
            nomination = placed[parsed[0]]
            try:
                value = services.parse_score(text)
                current = getattr(getattr(nomination, "test_score", None), parsed[1], None)
                if current == value:
                    continue
                services.test_score_record(
                    nomination=nomination, kind=parsed[1], value=value, by=request.user
                )
                saved += 1
            except ValidationError as error:
                errors.append(_error_text(error))
        if saved:
            messages.success(request, f"{saved} nilai disimpan.")
        if errors:
            show_errors(request, ValidationError(errors))
        return redirect("evaluations:score_grid", pk=angkatan.pk)
    return render(
        request,
        "evaluations/score_grid.html",
        {
            "angkatan": angkatan,
            "program": angkatan.program,
            "rows": _score_rows(angkatan),
            "summaries": [_angkatan_scores(angkatan)],
            "rule": recaps.MISSING_SCORE_RULE,
            "can_act": can_record_evaluations(request.user) and not angkatan.is_closed,
        },
    )


@require_POST
def score_cell(request, pk: int):
    """Save one score (htmx); answers with the participant's gain cell."""
    angkatan = _angkatan(request, pk)
    require(can_record_evaluations(request.user))
    name = request.POST.get("cell", "")
    parsed = _parse_cell(name)
    if parsed is None:
        return HttpResponseBadRequest("Sel tidak dikenal.")
    nomination = get_object_or_404(
        services.placed_nominations(angkatan).select_related("angkatan"), pk=parsed[0]
    )
    try:
        value = services.parse_score(request.POST.get(name, ""))
        score = services.test_score_record(
            nomination=nomination, kind=parsed[1], value=value, by=request.user
        )
    except ValidationError as error:
        return HttpResponseBadRequest(_error_text(error))
    return render(request, "evaluations/includes/_gain.html", {"n": nomination, "score": score})


# --- Links, paper forms, the questionnaire ------------------------------------------------


def answer_url(request, token: str) -> str:
    """The absolute personal link a participant opens (on a phone, from a QR or WhatsApp)."""
    return request.build_absolute_uri(reverse("evaluations:answer", args=[token]))


def answer_links(request, angkatan: Angkatan) -> dict[int, str]:
    """Every participant's personal link by nomination, while the questionnaire is open."""
    tokens = services.open_invitation_tokens(angkatan)
    return {pk: answer_url(request, token) for pk, token in tokens.items()}


def _qr_svg(url: str) -> str:
    return segno.make(url, error="m").svg_inline(scale=2, title="Kode QR tautan evaluasi")


@require_GET
def links(request, pk: int):
    """Every participant's personal link: to copy, as QR code, or sent by WhatsApp."""
    angkatan = _angkatan(request, pk)
    require(can_record_evaluations(request.user))
    rows = []
    for invitation in services.invitations_ensure(angkatan):
        url = answer_url(request, invitation.token)
        participant = invitation.nomination.participant
        text = (
            f"Yth. {participant.name}, mohon isi evaluasi {angkatan.program.name} "
            f"angkatan {angkatan.number} melalui tautan pribadi ini: {url}"
        )
        rows.append(
            {
                "participant": participant,
                "url": url,
                "answered_on": invitation.answered_on,
                "qr": mark_safe(_qr_svg(url)),  # noqa: S308 -- segno's own SVG of our URL
                "whatsapp": whatsapp_link(participant.phone, text),
            }
        )
    return render(
        request,
        "evaluations/links.html",
        {"angkatan": angkatan, "program": angkatan.program, "rows": rows},
    )


def _submitted(request, form, **where) -> bool:
    """Store a posted questionnaire; False (errors on the form) when it cannot be."""
    if request.method != "POST" or not form.is_valid():
        return False
    try:
        services.response_submit(**form.response_fields(), **where)
    except ValidationError as error:
        show_errors(request, error, form=form)
        return False
    return True


@login_not_required
@never_cache
@require_http_methods(["GET", "POST"])
def answer(request, token: str):
    """The public questionnaire behind a personal link: no account, one response, no NIK."""
    if rate_limit_exceeded(
        scope="evaluasi",
        key=client_address(request),
        limit=PUBLIC_LIMIT,
        window_seconds=PUBLIC_WINDOW_SECONDS,
    ):
        return render(request, "evaluations/public_message.html",
                      {"message": "Terlalu banyak permintaan. Coba lagi beberapa menit lagi."}, status=429)  # fmt: skip
    invitation = get_object_or_404(
        EvaluationInvitation.objects.select_related(
            "nomination__participant", "nomination__angkatan__program"
        ),
        token=token,
    )
    angkatan = invitation.nomination.angkatan
    first_name = invitation.nomination.participant.name.split()[0]
    closed = services.invitation_state(invitation)
    if closed:
        return render(request, "evaluations/public_message.html",
                      {"message": closed, "first_name": first_name, "angkatan": angkatan})  # fmt: skip
    form = QuestionnaireForm(_posted(request), groups=services.questionnaire(angkatan))
    if _submitted(request, form, angkatan=angkatan, invitation=invitation):
        return render(request, "evaluations/public_message.html",
                      {"message": "Terima kasih, evaluasi Anda sudah kami terima.",
                       "first_name": first_name, "angkatan": angkatan, "done": True})  # fmt: skip
    return render(
        request,
        "evaluations/answer.html",
        {"angkatan": angkatan, "program": angkatan.program, "form": form, "first_name": first_name},
    )


@require_http_methods(["GET", "POST"])
def paper_entry(request, pk: int):
    """Staff type in one paper questionnaire (anonymous; optionally mark who filled it in)."""
    angkatan = _angkatan(request, pk)
    require(can_record_evaluations(request.user))
    not_answered = (
        services.placed_nominations(angkatan)
        .exclude(evaluation_invitation__answered_on__isnull=False)
        .select_related("participant")
        .order_by("participant__name", "pk")
    )
    form = PaperQuestionnaireForm(
        _posted(request), groups=services.questionnaire(angkatan), nominations=not_answered
    )
    if _submitted(
        request,
        form,
        angkatan=angkatan,
    ):
        messages.success(request, "Formulir kertas disimpan. Isi formulir berikutnya.")
        return redirect("evaluations:paper_entry", pk=angkatan.pk)
    return render(
        request,
        "evaluations/paper_entry.html",
        {"angkatan": angkatan, "program": angkatan.program, "form": form,
         "responses": EvaluationResponse.objects.filter(angkatan=angkatan).count()},
    )  # fmt: skip


@require_http_methods(["GET", "POST"])
def program_items(request, pk: int):
    """The programme's questionnaire: staff change wording, order, add or retire questions."""
    program = _program(request, pk)
    require(can_record_evaluations(request.user))
    services.evaluation_items(program)
    queryset = EvaluationItem.objects.filter(program=program)
    formset = ItemFormSet(_posted(request), queryset=queryset)
    rule = CertificateRuleForm(_posted(request), instance=program)
    if request.method == "POST":
        if formset.is_valid() and rule.is_valid():
            for item in formset.save(commit=False):
                item.program = program
                item.save()
            rule.save()
            messages.success(request, "Kuesioner program disimpan.")
            return redirect("evaluations:program_items", pk=program.pk)
        messages.error(request, "Periksa isian yang ditandai.")
    return render(
        request,
        "evaluations/program_items.html",
        {"program": program, "formset": formset, "rule": rule},
    )


# --- Recaps -------------------------------------------------------------------------------


def _responses(request):
    return EvaluationResponse.objects.for_user(request.user)


def _nominations(request):
    return Nomination.objects.for_user(request.user)


@require_GET
def angkatan_recap(request, pk: int):
    """One angkatan: pre/post summary, the questionnaire per item and instructor, suggestions."""
    angkatan = _angkatan(request, pk)
    scores = _angkatan_scores(angkatan)
    recap = recaps.questionnaire_recap(
        responses=_responses(request).filter(angkatan=angkatan), participants=scores.participants
    )
    return render(
        request,
        "evaluations/angkatan_recap.html",
        {"angkatan": angkatan, "program": angkatan.program, "scores_list": [scores], "recap": recap,
         "rule": recaps.MISSING_SCORE_RULE, "scale": services.SCALE_LABELS,
         "can_act": can_record_evaluations(request.user) and not angkatan.is_closed},
    )  # fmt: skip


@require_GET
def program_recap(request, pk: int):
    """One programme: the pre/post summary per angkatan and the questionnaire over all of them."""
    program = _program(request, pk)
    nominations = _nominations(request).filter(program=program)
    responses = _responses(request).filter(angkatan__program=program)
    per_angkatan = recaps.score_summaries(nominations, by="angkatan")
    response_counts = dict(
        responses.order_by()
        .values_list("angkatan_id")
        .annotate(n=Count("pk"))
        .values_list("angkatan_id", "n")
    )
    for summary in per_angkatan:
        summary.responses = response_counts.get(summary.key, 0)
    total = recaps.score_summaries(nominations)[0]
    total.label = "Jumlah"
    return render(
        request,
        "evaluations/program_recap.html",
        {"program": program, "per_angkatan": per_angkatan, "total_list": [total],
         "recap": recaps.questionnaire_recap(responses=responses, participants=total.participants,
                                               with_suggestions=False),
         "rule": recaps.MISSING_SCORE_RULE, "can_act": can_record_evaluations(request.user)},
    )  # fmt: skip


@require_GET
def index(request):
    """Pre/post summaries per year and per programme, with the links to each recap."""
    require(can_view_evaluations(request.user))
    nominations = _nominations(request)
    return render(
        request,
        "evaluations/index.html",
        {"per_year": recaps.score_summaries(nominations, by="tahun"),
         "per_program": recaps.score_summaries(nominations, by="program"),
         "rule": recaps.MISSING_SCORE_RULE},
    )  # fmt: skip


@require_GET
def instructor_recap(request):
    """Each instructor across angkatan and years: questionnaire means and participants' gains."""
    require(can_view_evaluations(request.user))
    instructors = recaps.instructor_recaps(
        instructors=Instruktur.objects.for_user(request.user),
        responses=_responses(request),
        nominations=_nominations(request),
    )
    return render(
        request,
        "evaluations/instructor_recap.html",
        {"recaps": instructors, "rule": recaps.MISSING_SCORE_RULE},
    )
