"""Every detail page renders for the least data a form or a nomination file allows."""

import datetime as dt

import pytest
from django.urls import reverse

from balatkop.tests.factories import kabkota
from participants.models import Nomination, NominationStatus
from participants.nik import make_nik
from participants.services import placement, selection
from participants.tests.excel import filled_template, row
from programs.models import Program, ProgramStatus
from programs.tests.factories import AngkatanFactory, QuotaFactory

NIK = make_nik("52.71", dt.date(1985, 3, 17), "P", 12)


@pytest.fixture
def program(balai_ntb):
    """A programme with only what the programme form requires (no bidang, no criteria)."""
    program = Program.objects.create(
        balai=balai_ntb,
        code="MIN-1",
        name="Minimal",
        year=2025,
        status=ProgramStatus.NOMINATION_OPEN,
    )
    QuotaFactory(program=program, kabupaten_kota=kabkota("52.71"), seats=5)
    return program


def least_form(**overrides):
    """Only the required fields of the nomination form."""
    return {
        "nik": NIK,
        "name": "Siti Aminah",
        "role": "pemilik_usaha",
        "business_kind": "usaha",
        "baseline_omzet": "0",
        "baseline_aset": "0",
        "baseline_tenaga_kerja": "0",
    } | overrides


def detail_urls(nomination: Nomination, angkatan) -> list[str]:
    return [
        reverse("participants:nomination_detail", args=[nomination.pk]),
        reverse("participants:participant_detail", args=[nomination.participant_id]),
        reverse("participants:selection_detail", args=[nomination.pk]),
        reverse("participants:selection_program", args=[nomination.program_id]),
        reverse("participants:placement", args=[nomination.program_id]),
        reverse("participants:attendance_roster", args=[angkatan.pk]),
        reverse("participants:completion", args=[angkatan.pk]),
        reverse("documents:attendance_recap", args=[angkatan.pk]),
        reverse("documents:angkatan_documents", args=[angkatan.pk]),
        reverse("programs:program_detail", args=[nomination.program_id]),
        reverse("programs:angkatan_detail", args=[angkatan.pk]),
        reverse("outcomes:followup_create", args=[nomination.pk]),
        reverse("participants:nomination_list"),
        reverse("participants:participant_list"),
    ]


def walk(client_for, users, nomination):
    angkatan = AngkatanFactory(program=nomination.program, venue="")
    for user in users:
        client = client_for(user)
        for url in detail_urls(nomination, angkatan):
            response = client.get(url)
            assert response.status_code in {200, 403}, (user.username, url)
    staff = users[0]
    selection.nomination_accept(nomination=nomination, by=staff)
    placement.nomination_place(nomination=nomination, angkatan=angkatan, by=staff)
    nomination.refresh_from_db()
    for user in users:
        client = client_for(user)
        for url in detail_urls(nomination, angkatan):
            assert client.get(url).status_code in {200, 403}, (user.username, url)


def test_a_nominee_without_a_business_name_has_a_detail_page_for_every_role(
    client_for, staf, petugas, pimpinan, program
):
    client_for(petugas).post(
        reverse("participants:nomination_create", args=[program.pk]), least_form()
    )
    nomination = Nomination.objects.get()
    assert nomination.business is None
    walk(client_for, [staf, petugas, pimpinan], nomination)


def test_sector_and_start_typed_without_a_business_name_are_kept(client_for, petugas, program):
    client_for(petugas).post(
        reverse("participants:nomination_create", args=[program.pk]),
        least_form(sector="Tata boga", started_on="2019-05-01"),
    )
    nomination = Nomination.objects.select_related("business").get()
    assert nomination.business.sector == "Tata boga"
    assert nomination.business.started_on == dt.date(2019, 5, 1)
    page = client_for(petugas).get(reverse("participants:nomination_detail", args=[nomination.pk]))
    assert "Tata boga" in page.content.decode() and "1 Mei 2019" in page.content.decode()


def test_a_nomination_file_row_without_a_business_name_has_a_detail_page(
    client_for, staf, petugas, pimpinan, program
):
    data = filled_template(
        program, petugas, [row(1, business="", sector="Kuliner", nib="", phone="", address="")]
    )
    client = client_for(petugas)
    upload = client.post(
        reverse("participants:nomination_upload", args=[program.pk]),
        {"file": _file(data)},
    )
    assert upload.status_code == 302, upload.content.decode()
    client.post(upload.url + "konfirmasi/")
    nomination = Nomination.objects.select_related("business").get()
    assert nomination.business.sector == "Kuliner"
    assert nomination.status == NominationStatus.DIUSULKAN
    walk(client_for, [staf, petugas, pimpinan], nomination)


def _file(data: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(
        "usulan.xlsx",
        data,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
