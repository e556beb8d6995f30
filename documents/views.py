"""Views of the documents app: they fetch in scope, call a builder or service, and answer."""

from __future__ import annotations

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from balatkop.access import (
    can_manage_angkatan_documents,
    can_print_angkatan_documents,
    can_record_evaluations,
    require,
)
from balatkop.pagination import paginate
from balatkop.pdf import pdf_response
from balatkop.ratelimit import client_address, rate_limit_exceeded
from balatkop.whatsapp import whatsapp_link
from balatkop.xlsx import XLSX_CONTENT_TYPE
from evaluations.views import answer_links
from participants.models import Nomination, NominationStatus
from programs.models import Angkatan
from programs.seats import HOLDS_PLACE
from programs.selectors import angkatan_closing_history
from programs.services import angkatan_close, angkatan_reopen

from . import pdfs, services
from .activity_report import activity_report_pdf
from .forms import AngkatanDocumentsForm, ReopenForm
from .models import AngkatanDocuments
from .workbooks import receipts_workbook

VERIFY_LIMIT = 30  # look-ups per address per minute: enough for a desk, too few to guess codes


def _angkatan(request, pk: int) -> Angkatan:
    require(can_print_angkatan_documents(request.user))
    return get_object_or_404(
        Angkatan.objects.for_user(request.user).select_related("program__balai"), pk=pk
    )


def _nomination(request, pk: int, statuses) -> Nomination:
    """A nomination the user sees (officers: their district's), in an angkatan, or 404."""
    return get_object_or_404(
        Nomination.objects.for_user(request.user).filter(
            angkatan__isnull=False, status__in=statuses
        ),
        pk=pk,
    )


def _slug(angkatan: Angkatan) -> str:
    return f"{angkatan.program.code}-angkatan-{angkatan.number}".replace("/", "-")


def _verify_url(request):
    return lambda code: request.build_absolute_uri(reverse("verify", args=[code]))


def _sheet_for(nomination: Nomination) -> tuple[services.AngkatanSheet, services.Person]:
    sheet = services.angkatan_sheet(
        angkatan=nomination.angkatan, nominations=Nomination.objects.filter(pk=nomination.pk)
    )
    return sheet, sheet.people[0]


# --- The angkatan's documents page --------------------------------------------------------


@require_http_methods(["GET", "POST"])
def angkatan_documents(request, pk: int):
    """Settings, downloads and Tutup angkatan for one angkatan."""
    angkatan = _angkatan(request, pk)
    settings = services.angkatan_documents_of(angkatan)
    fees = services.instructor_fees(angkatan=angkatan)
    form = AngkatanDocumentsForm(request.POST or None, instance=settings, fees=fees)
    if request.method == "POST":
        require(can_manage_angkatan_documents(request.user))
        if form.is_valid():
            try:
                services.angkatan_documents_save(
                    angkatan=angkatan,
                    values=form.setting_values(),
                    fees=form.fee_values(),
                    by=request.user,
                )
                messages.success(request, "Keterangan dokumen disimpan.")
                return redirect("documents:angkatan_documents", pk=angkatan.pk)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
        else:
            messages.error(request, "Periksa isian yang ditandai.")
    placed = Nomination.objects.filter(angkatan=angkatan, status__in=HOLDS_PLACE)
    districts = (
        placed.order_by("kabupaten_kota_id")
        .values_list("kabupaten_kota_id", "kabupaten_kota__name")
        .distinct()
    )
    return render(
        request,
        "documents/angkatan_documents.html",
        {
            "angkatan": angkatan,
            "program": angkatan.program,
            "form": form,
            "can_manage": can_manage_angkatan_documents(request.user),
            "districts": districts,
            "graduates": placed.filter(status=NominationStatus.LULUS).count(),
            "waiting": len(
                services.certificates_printable(
                    people=services.angkatan_sheet(angkatan=angkatan).people
                )[1]
            )
            if angkatan.program.certificate_requires_evaluation
            else 0,
            "placed_count": placed.count(),
            "history": angkatan_closing_history(angkatan=angkatan),
            "reopen_form": ReopenForm(),
        },
    )


@require_POST
def angkatan_close_view(request, pk: int):
    angkatan = _angkatan(request, pk)
    require(can_manage_angkatan_documents(request.user))
    try:
        angkatan_close(angkatan=angkatan, by=request.user)
        messages.success(
            request, f"{angkatan} ditutup: kehadiran, kelulusan dan pembayaran dibekukan."
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("documents:angkatan_documents", pk=angkatan.pk)


@require_POST
def angkatan_reopen_view(request, pk: int):
    angkatan = _angkatan(request, pk)
    require(can_manage_angkatan_documents(request.user))
    form = ReopenForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError("Alasan membuka kembali angkatan wajib diisi.")
        angkatan_reopen(angkatan=angkatan, by=request.user, reason=form.cleaned_data["reason"])
        messages.success(request, f"{angkatan} dibuka kembali.")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("documents:angkatan_documents", pk=angkatan.pk)


# --- Angkatan documents (staff and heads) -------------------------------------------------


@require_GET
def certificates(request, pk: int):
    sheet = services.angkatan_sheet(angkatan=_angkatan(request, pk))
    printable, _waiting = services.certificates_printable(people=sheet.people)
    codes = services.certificates_issue(people=printable)
    data = pdfs.certificates_pdf(sheet, codes, verify_url=_verify_url(request), people=printable)
    return pdf_response(data, f"sertifikat-{_slug(sheet.angkatan)}.pdf")


@require_GET
def attendance_list(request, pk: int):
    """The daily lists; the last day's carries each participant's questionnaire QR for staff
    who send the links (the token is the participant's own, so not in every reader's print)."""
    sheet = services.angkatan_sheet(angkatan=_angkatan(request, pk))
    links = answer_links(request, sheet.angkatan) if can_record_evaluations(request.user) else {}
    return pdf_response(
        pdfs.attendance_list_pdf(sheet, evaluation_links=links),
        f"daftar-hadir-{_slug(sheet.angkatan)}.pdf",
    )


@require_GET
def attendance_recap(request, pk: int):
    sheet = services.angkatan_sheet(angkatan=_angkatan(request, pk))
    return pdf_response(pdfs.recap_pdf(sheet), f"rekap-kehadiran-{_slug(sheet.angkatan)}.pdf")


@require_GET
def receipts(request, pk: int):
    sheet = services.angkatan_sheet(angkatan=_angkatan(request, pk))
    return pdf_response(pdfs.receipts_pdf(sheet), f"daftar-penerimaan-{_slug(sheet.angkatan)}.pdf")


@require_GET
def receipts_xlsx(request, pk: int):
    sheet = services.angkatan_sheet(angkatan=_angkatan(request, pk))
    buffer = io.BytesIO()
    receipts_workbook(buffer, sheet)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = (
        f'attachment; filename="daftar-penerimaan-{_slug(sheet.angkatan)}.xlsx"'
    )
    return response


@require_GET
def activity_report(request, pk: int):
    sheet = services.angkatan_sheet(angkatan=_angkatan(request, pk))
    return pdf_response(
        activity_report_pdf(sheet), f"laporan-pelaksanaan-{_slug(sheet.angkatan)}.pdf"
    )


# --- One participant's documents (officers: their own district's) ------------------------


@require_GET
def certificate(request, pk: int):
    """One graduate's certificate."""
    nomination = _nomination(request, pk, [NominationStatus.LULUS])
    sheet, person = _sheet_for(nomination)
    printable, _waiting = services.certificates_printable(people=[person])
    if not printable:
        raise Http404("Belum ada nomor sertifikat, atau sertifikat menunggu evaluasi.")
    codes = services.certificates_issue(people=[person])
    data = pdfs.certificates_pdf(sheet, codes, verify_url=_verify_url(request), people=[person])
    return pdf_response(data, f"sertifikat-{nomination.pk}.pdf")


@require_GET
def call_letter(request, pk: int):
    """The call letter of one placed participant."""
    nomination = _nomination(request, pk, HOLDS_PLACE)
    sheet, person = _sheet_for(nomination)
    return pdf_response(pdfs.call_letter_pdf(sheet, person), f"surat-panggilan-{nomination.pk}.pdf")


@require_GET
def district_letter(request, pk: int, code: str):
    """The call letter to one district's dinas, listing its placed participants."""
    nominations = Nomination.objects.for_user(request.user).filter(
        angkatan_id=pk, kabupaten_kota_id=code, status__in=HOLDS_PLACE
    )
    first = nominations.select_related("angkatan", "kabupaten_kota").first()
    if first is None:
        raise Http404("Tidak ada peserta kabupaten/kota ini di angkatan tersebut.")
    sheet = services.angkatan_sheet(angkatan=first.angkatan, nominations=nominations)
    data = pdfs.district_letter_pdf(sheet, first.kabupaten_kota.name, sheet.placed)
    return pdf_response(data, f"surat-panggilan-{_slug(sheet.angkatan)}-{code}.pdf")


@require_GET
def participant_documents(request):
    """Placed participants and graduates in scope: call letter, WhatsApp link, certificate."""
    nominations = (
        Nomination.objects.for_user(request.user)
        .filter(angkatan__isnull=False, status__in=HOLDS_PLACE)
        .select_related("participant", "kabupaten_kota", "angkatan__program__balai")
        .order_by("-angkatan__start_date", "angkatan_id", "participant__name", "pk")
    )
    page = paginate(request, nominations, size=50)
    settings = {
        s.angkatan_id: s
        for s in AngkatanDocuments.objects.filter(
            angkatan_id__in={n.angkatan_id for n in page.object_list}
        )
    }
    waiting = services.certificates_waiting(nomination_ids=[n.pk for n in page.object_list])
    rows = []
    for nomination in page.object_list:
        letter = settings.get(nomination.angkatan_id) or AngkatanDocuments()
        rows.append(
            {
                "nomination": nomination,
                "whatsapp": whatsapp_link(
                    nomination.participant.phone,
                    services.call_letter_message(nomination=nomination, settings=letter),
                ),
                "graduated": nomination.status == NominationStatus.LULUS
                and bool(nomination.certificate_number)
                and nomination.pk not in waiting,
            }
        )
    return render(request, "documents/participant_documents.html", {"page_obj": page, "rows": rows})


# --- Public verification ------------------------------------------------------------------


@login_not_required
@require_GET
def verify(request, code: str):
    """The public certificate check: no account, no NIK, rate-limited, 404 when unknown."""
    if rate_limit_exceeded(
        scope="verifikasi", key=client_address(request), limit=VERIFY_LIMIT, window_seconds=60
    ):
        return render(request, "documents/verify_limited.html", status=429)
    facts = services.certificate_facts(code=code)
    if facts is None:
        raise Http404("Kode sertifikat tidak dikenal.")
    return render(request, "documents/verify.html", {"facts": facts})
