"""Views of the outcomes app: monitoring entry, visits, the impact report and its workbook."""

from __future__ import annotations

import functools
import tempfile

from django.contrib import messages
from django.db.models import Prefetch
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from balatkop import freshness
from balatkop.access import can_download_reports, can_record_followup, require
from balatkop.feedback import form_submit
from balatkop.freshness import cached, cached_fragment
from balatkop.pagination import paginate
from balatkop.pdf import pdf_response
from balatkop.xlsx import XLSX_CONTENT_TYPE
from outcomes import charts
from outcomes.exports import BalaiRequired, ImpactReportExport
from outcomes.exports_sheets import SUMMARY_HEADERS
from outcomes.forms import (
    DueFilterForm,
    FollowUpForm,
    VisitForm,
    filter_value_lists,
)
from outcomes.impact import FORMULAS, growth_ratio_reading
from outcomes.impact_attribution import METHODOLOGY as ATTRIBUTION_FORMULAS
from outcomes.models import FollowUp
from outcomes.services import (
    followup_due,
    followup_record,
    rounds_due,
    visit_record,
)
from outcomes.summary_pdf import impact_summary_pdf
from participants.models import Nomination

PAGE_SIZE = 50
# What the impact report and its filter choices show (not attendance: completion is the
# nomination's status).
IMPACT_DATA = (
    freshness.PROGRAMS,
    freshness.NOMINATIONS,
    freshness.PEOPLE,
    freshness.FOLLOWUPS,
    freshness.EVALUATIONS,
)


def _export(request) -> ImpactReportExport:
    """The report asked for by the page's query: the one entry point (404 out of scope)."""
    value_lists = cached(
        request,
        "impact_filter_values",
        lambda: filter_value_lists(request.user),
        depends=IMPACT_DATA,
        per_query=False,
    )
    return ImpactReportExport.for_request(
        user=request.user, data=request.GET, value_lists=value_lists
    )


def balai_chosen(view):
    """Views of one report: without a balai chosen (admin, several balai) go back to choose."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        require(can_download_reports(request.user))
        try:
            return view(request, *args, **kwargs)
        except BalaiRequired as error:
            messages.error(request, " ".join(error.messages))
            query = request.GET.urlencode()
            return redirect(reverse("outcomes:impact_report") + (f"?{query}" if query else ""))

    return wrapper


@require_GET
def impact_report(request):
    """The impact report on screen: headline, charts, breakdowns and methodology."""
    require(can_download_reports(request.user))
    export = functools.cache(lambda: _export(request))  # built only when something is
    try:
        report = cached(request, "impact_report", lambda: export().report, depends=IMPACT_DATA)
    except BalaiRequired as error:
        return render(
            request,
            "outcomes/impact_choose_balai.html",
            {"form": error.form, "message": " ".join(error.messages)},
        )
    body = cached_fragment(
        request,
        "impact_report_body",
        lambda: _impact_body(request, export().form, report),
        depends=IMPACT_DATA,
    )
    return render(
        request,
        "outcomes/impact_report.html",
        {
            "report": report,
            "total": report.total,
            "filters_used": report.filters.describe(),
            "query": request.GET.urlencode(),
            "body": body,
        },
    )


def _impact_body(request, form, report) -> str:
    """The page below the header: filters, figures, charts and tables."""
    districts = report.breakdown("kabupaten_kota").groups
    context = {
        "form": form,
        "report": report,
        "total": report.total,
        "indicator_charts": charts.indicator_charts(report.total),
        "district_bars": charts.before_after_bars(
            [(g.label, g.omzet.before, g.omzet.after) for g in districts if g.paired]
        ),
        "class_rows": charts.class_matrix_cells(report.class_matrix, report.class_labels),
        "formulas": [*FORMULAS, *ATTRIBUTION_FORMULAS],
        "reading": growth_ratio_reading(report.total.omzet),
    }
    return render_to_string("outcomes/includes/_impact_body.html", context, request)


@require_GET
@balai_chosen
def impact_print(request):
    """The report as one A4 page to print: title block, table, charts, signatory."""
    export = _export(request)
    report = export.report
    return render(
        request,
        "outcomes/impact_print.html",
        {
            "export": export,
            "report": report,
            "total": report.total,
            "title_block": export.title_block(),
            "headers": SUMMARY_HEADERS,
            "summary_rows": export.summary_rows(),
            "query": request.GET.urlencode(),
            "indicator_charts": charts.indicator_charts(report.total),
            "signatory": export.signatory(),
            "reading": growth_ratio_reading(report.total.omzet),
        },
    )


@require_GET
@balai_chosen
def impact_summary(request):
    """The one-page PDF summary a head sends on: title, three indicators, chart, signatory."""
    export = _export(request)
    return pdf_response(impact_summary_pdf(export), export.filename("pdf"))


@require_GET
@balai_chosen
def impact_export(request):
    """The same report as an Excel workbook, with the same filters."""
    export = _export(request)
    # Written to a temporary file, not memory: constant memory whatever the row count.
    target = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it
    export.write(target)
    target.seek(0)
    return FileResponse(
        target, as_attachment=True, filename=export.filename(), content_type=XLSX_CONTENT_TYPE
    )


@require_GET
def followup_due_list(request):
    """Alumni whose monitoring round is reached and not yet measured, per district or balai."""
    require(can_record_followup(request.user))
    form = DueFilterForm(request.GET or None, user=request.user)
    nominations = form.filter(Nomination.objects.for_user(request.user))
    today = timezone.localdate()
    due = (
        followup_due(nominations=nominations, today=today, round_months=form.round_months)
        .select_related("participant", "business", "kabupaten_kota", "program", "angkatan")
        .prefetch_related(
            Prefetch("followups", queryset=FollowUp.objects.only("nomination_id", "round_months")),
            "self_reports",
        )
        .order_by("kabupaten_kota_id", "reference_end", "participant__name", "pk")
    )
    page = paginate(request, due, size=PAGE_SIZE)
    rows = [_due_row(n, today=today) for n in page]
    return render(
        request,
        "outcomes/followup_due.html",
        {
            "form": form,
            "page_obj": page,
            "rows": rows,
            "today": today,
        },
    )


def _due_row(nomination: Nomination, *, today) -> dict:
    """One line of the due list: the rounds due and any self-report already sent for them."""
    rounds = rounds_due(nomination, today=today)
    sent = {r.round_months: r for r in nomination.self_reports.all() if r.round_months in rounds}
    submitted = [r for r in sent.values() if r.is_submitted]
    return {
        "nomination": nomination,
        "rounds": rounds,
        "self_report": submitted[0] if submitted else None,
        "link_round": rounds[0] if rounds else None,
    }


def _alumnus(request, pk: int) -> Nomination:
    require(can_record_followup(request.user))
    return get_object_or_404(
        Nomination.objects.for_user(request.user).select_related(
            "participant", "business", "kabupaten_kota", "program", "angkatan"
        ),
        pk=pk,
    )


@require_http_methods(["GET", "POST"])
def followup_create(request, pk: int):
    """One alumnus's monitoring page: the data so far and the form for a new round."""
    nomination = _alumnus(request, pk)
    rounds = nomination.program.followup_rounds or []
    form = FollowUpForm(request.POST or None, rounds=rounds)
    if form_submit(
        request,
        form,
        lambda: followup_record(
            nomination=nomination, measurement=form.measurement(), by=request.user
        ),
    ):
        messages.success(request, f"Data monitoring {nomination.participant} tersimpan.")
        return redirect("outcomes:followup_create", pk=nomination.pk)
    return render(
        request,
        "outcomes/followup_form.html",
        {
            "nomination": nomination,
            "form": form,
            "followups": nomination.followups.select_related("entered_by").order_by("round_months"),
            "visits": nomination.mentoring_visits.select_related("followup").order_by(
                "-visited_on"
            ),
        },
    )


@require_http_methods(["GET", "POST"])
def visit_create(request, pk: int):
    """Record a pendamping's visit, optionally with the business figures taken on it."""
    nomination = _alumnus(request, pk)
    form = VisitForm(request.POST or None, rounds=nomination.program.followup_rounds or [])
    if form_submit(
        request,
        form,
        lambda: visit_record(
            nomination=nomination,
            **form.visit(),
            measurement=form.measurement(),
            by=request.user,
        ),
    ):
        messages.success(request, "Kunjungan pendampingan tersimpan.")
        return redirect("outcomes:followup_create", pk=nomination.pk)
    return render(request, "outcomes/visit_form.html", {"nomination": nomination, "form": form})
