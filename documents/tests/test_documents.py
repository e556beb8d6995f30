"""Every document of the demo NTB angkatan, downloaded as staff and read back from the PDF."""

import io

import openpyxl
import pytest
from django.core.management import call_command
from django.db.models import Count, Q
from django.urls import reverse

from balatkop.formatting import rupiah, terbilang
from balatkop.models import User
from balatkop.tests.pdfread import pdf_pages, pdf_text, qr_matrix, segno_matrix
from documents.models import Certificate, InstructorFee
from participants.models import Nomination
from programs.models import Angkatan

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_angkatan():
    call_command("muat_demo", verbosity=0, stdout=io.StringIO())
    return Angkatan.objects.get(program__code="NTB-2020-01", number=1)


@pytest.fixture
def staff_client(client, demo_angkatan):
    client.force_login(
        User.objects.get(username="staf.ntb"), backend="balatkop.auth.ModelBackendWithBalai"
    )
    return client


def _people(angkatan):
    return list(
        Nomination.objects.filter(angkatan=angkatan)
        .select_related("participant", "kabupaten_kota")
        .annotate(hadir=Count("attendance", filter=Q(attendance__status="hadir")))
        .order_by("participant__name", "pk")
    )


def _get(client, name, **kwargs):
    response = client.get(reverse(name, kwargs=kwargs))
    assert response.status_code == 200, response.content[:300]
    return response.content


def test_certificates_one_page_per_graduate_with_hours_and_the_verification_qr(
    staff_client, demo_angkatan
):
    data = _get(staff_client, "documents:certificates", pk=demo_angkatan.pk)
    pages = pdf_pages(data)
    people = _people(demo_angkatan)
    assert len(pages) == len(people) == 60
    for page, person in zip(pages, people, strict=True):
        text = " ".join(page.split())
        assert person.participant.name in text
        assert f"Nomor: {person.certificate_number}" in text
        assert f"selama {person.hadir * 8} jam pelajaran" in text
        assert "Pelatihan Peningkatan Kapasitas UMKM dan Gerakan Koperasi 2020" in text
        assert person.participant.nik not in text
    first = Certificate.objects.get(nomination=people[0])
    url = f"http://testserver/verifikasi/{first.code}/"
    assert qr_matrix(data, 0) == segno_matrix(url)
    assert url in " ".join(pages[0].split())
    # Printing again keeps each certificate's code.
    _get(staff_client, "documents:certificates", pk=demo_angkatan.pk)
    assert Certificate.objects.get(nomination=people[0]).code == first.code


def test_call_letters_per_participant_and_per_district(staff_client, demo_angkatan):
    people = _people(demo_angkatan)
    person = people[0]
    text = pdf_text(_get(staff_client, "documents:call_letter", pk=person.pk))
    assert f"Sdr. {person.participant.name}" in text
    assert "Nomor : 005/01/BALATKOP-NTB/2020" in text
    assert "Aula Balatkop NTB, Jl. Pemuda, Mataram" in text
    assert "KTP asli, alat tulis" in text and "Baiq Nurhayati · 0812-3700-2020" in text
    assert "7 September 2020 s.d. 10 September 2020" in text

    text = pdf_text(
        _get(staff_client, "documents:district_letter", pk=demo_angkatan.pk, code="52.71")
    )
    mataram = [p for p in people if p.kabupaten_kota_id == "52.71"]
    assert "Kepala Dinas Koperasi dan UKM Kota Mataram" in text
    assert f"{len(mataram)} peserta usulan Kota Mataram" in text
    assert all(p.participant.name in text for p in mataram)
    others = {p.participant.name for p in people} - {p.participant.name for p in mataram}
    assert others and not any(name in text for name in others)  # demo names repeat


def test_daily_attendance_list_and_recap(staff_client, demo_angkatan):
    people = _people(demo_angkatan)
    pages = pdf_pages(_get(staff_client, "documents:attendance_list", pk=demo_angkatan.pk))
    text = " ".join(" ".join(p.split()) for p in pages)
    for day, label in enumerate(["Senin, 7 September 2020", "Kamis, 10 September 2020"]):
        assert label in text
    assert text.count("DAFTAR HADIR PESERTA") == 4  # one sheet per training day
    assert all(text.count(p.participant.name) >= 4 for p in people)
    assert "hari ke-4" in text and "NIP" in text

    text = pdf_text(_get(staff_client, "documents:attendance_recap", pk=demo_angkatan.pk))
    assert all(p.certificate_number in text for p in people)
    assert "REKAP KEHADIRAN" in text and "100% Lulus" in text
    assert "Hadir per hari" in text


def test_receipts_and_fees_total_with_terbilang_in_pdf_and_excel(staff_client, demo_angkatan):
    people = _people(demo_angkatan)
    settings = demo_angkatan.documents
    uang_saku = sum(p.hadir for p in people) * settings.uang_saku_per_day
    transport = sum(1 for p in people if p.hadir) * settings.transport_per_person
    fees = sum(f.amount for f in InstructorFee.objects.filter(angkatan=demo_angkatan))
    assert (uang_saku, transport, fees) == (24_000_000, 9_000_000, 9_600_000)

    text = pdf_text(_get(staff_client, "documents:receipts", pk=demo_angkatan.pk))
    for total in (uang_saku, transport, fees):
        assert f"Jumlah: {rupiah(total)}" in text
        assert f"Terbilang: {terbilang(total)}" in text
    assert "Terbilang: Dua puluh empat juta rupiah" in text
    assert "Dra. Hj. Sri Mulyani" in text and "Rp 3.600.000" in text  # 12 jam × Rp 300.000

    book = openpyxl.load_workbook(
        io.BytesIO(_get(staff_client, "documents:receipts_xlsx", pk=demo_angkatan.pk))
    )
    assert book.sheetnames == ["Uang Saku", "Transport", "Honor Instruktur"]
    for name, total in zip(book.sheetnames, (uang_saku, transport, fees), strict=True):
        values = [c for row in book[name].iter_rows(values_only=True) for c in row if c]
        assert total in values
        assert f"Terbilang: {terbilang(total)}" in values
    names = [r[1] for r in book["Uang Saku"].iter_rows(min_row=5, values_only=True) if r[0]]
    assert names[:60] == [p.participant.name for p in people]


def test_activity_report_compiles_the_angkatan_with_annexes(staff_client, demo_angkatan):
    people = _people(demo_angkatan)
    text = pdf_text(_get(staff_client, "documents:activity_report", pk=demo_angkatan.pk))
    assert "LAPORAN PELAKSANAAN PELATIHAN" in text
    assert "Sumber dana : APBD" in text
    numbers = sorted(p.certificate_number for p in people)
    assert f"{numbers[0]} s.d. {numbers[-1]}" in text
    men = sum(1 for p in people if p.participant.sex == "L")
    assert f"Jumlah {men} {60 - men} 60" in text
    assert f"Terbilang: {terbilang(24_000_000 + 9_000_000 + 9_600_000)}" in text
    assert "Evaluasi pembelajaran" in text  # the learning-evaluation section
    assert "LAMPIRAN 1 — REKAP KEHADIRAN" in text
    assert "DAFTAR PENERIMAAN UANG SAKU" in text and "DAFTAR HONORARIUM INSTRUKTUR" in text


def test_documents_page_lists_every_download(staff_client, demo_angkatan):
    html = staff_client.get(
        reverse("documents:angkatan_documents", args=[demo_angkatan.pk])
    ).content.decode()
    for name in ("certificates", "attendance_list", "attendance_recap", "receipts",
                 "receipts_xlsx", "activity_report"):  # fmt: skip
        assert reverse(f"documents:{name}", args=[demo_angkatan.pk]) in html
    assert reverse("documents:district_letter", args=[demo_angkatan.pk, "52.71"]) in html
