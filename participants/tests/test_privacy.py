"""Nominating reveals only what nominating needs about a person outside one's scope."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from balatkop.tests.factories import kabkota
from participants.models import Nomination, NominationStatus, Participant
from participants.nik import make_nik
from participants.services.registry import NOT_THE_REGISTERED_PERSON
from participants.tests.excel import filled_template, row
from participants.tests.factories import BusinessFactory, NominationFactory, ParticipantFactory
from participants.views.registry import NIK_CHECKS_PER_HOUR
from programs.tests.factories import ProgramFactory, QuotaFactory

pytestmark = pytest.mark.django_db

BIRTH = dt.date(1985, 3, 17)
NIK = make_nik("33.74", BIRTH, "P", 12)


@pytest.fixture
def stranger(balai_jateng):
    """A person trained in Jawa Tengah: nobody in NTB may read about them."""
    person = ParticipantFactory(nik=NIK, name="Rahasia Wulandari", birth_date=BIRTH)
    business = BusinessFactory(participant=person, name="Batik Rahasia", nib="9120000009999")
    NominationFactory(
        participant=person,
        business=business,
        program=ProgramFactory(balai=balai_jateng, code="JTG-2021-BATIK"),
        kabupaten_kota_id="33.74",
        status=NominationStatus.LULUS,
    )
    return person


@pytest.fixture
def program(balai_ntb):
    program = ProgramFactory(balai=balai_ntb)
    QuotaFactory(program=program, kabupaten_kota=kabkota("52.71"), seats=10)
    return program


def form(**overrides):
    return {
        "nik": NIK, "name": "Siapa Saja", "role": "pemilik_usaha", "business_kind": "usaha",
        "baseline_omzet": "6000000", "baseline_aset": "0", "baseline_tenaga_kerja": "1",
    } | overrides  # fmt: skip


def test_the_nik_check_says_nothing_about_a_person_of_another_balai(
    client_for, petugas, program, stranger
):
    url = reverse("participants:nomination_check", args=[program.pk])
    page = client_for(petugas).post(url, {"nik": NIK}).content.decode()
    for secret in ("Rahasia", "JTG-2021-BATIK", "17 Maret 1985", "terdaftar", "JATENG"):
        assert secret not in page


def test_a_known_nik_with_another_name_is_refused_neutrally(client_for, petugas, program, stranger):
    url = reverse("participants:nomination_create", args=[program.pk])
    page = client_for(petugas).post(url, form()).content.decode()
    assert NOT_THE_REGISTERED_PERSON in page
    assert "Rahasia" not in page
    assert not Nomination.objects.filter(program=program).exists()


def test_the_matching_name_and_birth_date_link_the_person_and_record_who(
    client_for, petugas, program, stranger
):
    url = reverse("participants:nomination_create", args=[program.pk])
    client_for(petugas).post(
        url, form(name="rahasia  WULANDARI", birth_date=BIRTH.isoformat(), kabupaten_kota="52.71")
    )
    nomination = Nomination.objects.get(program=program)
    assert nomination.participant == stranger
    link = stranger.history.order_by("-history_date").first()
    assert link.history_user == petugas and program.code in link.history_change_reason


def test_a_wrong_birth_date_is_refused(client_for, petugas, program, stranger):
    url = reverse("participants:nomination_create", args=[program.pk])
    client_for(petugas).post(url, form(name="Rahasia Wulandari", birth_date="1985-03-18"))
    assert not Nomination.objects.filter(program=program).exists()


def test_an_uploaded_file_does_not_show_the_registered_name(client_for, petugas, program, stranger):
    from participants.imports import nomination_file_preview

    data = filled_template(program, petugas, [row(1, nik=NIK, name="Siapa Saja")])
    preview = nomination_file_preview(program=program, user=petugas, data=data)
    (checked,) = preview.rows
    assert NOT_THE_REGISTERED_PERSON in [issue.message for issue in checked.errors]
    assert not any("Rahasia" in i.message for i in checked.errors + checked.warnings)


def test_nik_lookups_are_rate_limited_per_user(client_for, petugas, program, stranger, monkeypatch):
    # One fixed moment, so that the hour's window cannot turn over during the test.
    moment = timezone.now()
    monkeypatch.setattr("balatkop.ratelimit.timezone.now", lambda: moment)
    url = reverse("participants:nomination_check", args=[program.pk])
    client = client_for(petugas)
    for _ in range(NIK_CHECKS_PER_HOUR):
        client.post(url, {"nik": NIK})
    page = client.post(url, {"nik": NIK}).content.decode()
    assert "Terlalu banyak pemeriksaan NIK" in page


def test_participant_list_counts_only_nominations_the_viewer_may_see(
    client_for, staf, program, stranger
):
    NominationFactory(participant=stranger, program=program, kabupaten_kota_id="52.71")
    page = client_for(staf).get(reverse("participants:participant_list"))
    (person,) = page.context["people"]
    html = page.content.decode()
    assert "Rahasia Wulandari" in html
    assert person.nomination_count == 1 and person.completed_count == 0


def test_bidang_list_counts_only_the_viewers_programmes(client_for, staf, program, stranger):
    page = client_for(staf).get(reverse("programs:bidang_list"))
    counts = {b.name: b.program_count for b in page.context["bidang_list"]}
    assert counts["Konveksi"] == 1  # the Jawa Tengah programme is not counted


@pytest.mark.parametrize(
    "url_name", ["participants:nomination_detail", "participants:participant_detail"]
)
def test_pages_with_nik_are_not_stored_by_the_browser(client_for, staf, program, url_name):
    nomination = NominationFactory(program=program)
    pk = nomination.pk if url_name.endswith("nomination_detail") else nomination.participant_id
    response = client_for(staf).get(reverse(url_name, args=[pk]))
    assert "no-store" in response["Cache-Control"]


def test_downloads_with_nik_are_not_stored_by_the_browser(client_for, staf, program):
    response = client_for(staf).get(reverse("participants:nomination_template", args=[program.pk]))
    assert "no-store" in response["Cache-Control"]


def test_people_registered_nowhere_else_are_still_created(client_for, petugas, program):
    nik = make_nik("52.71", BIRTH, "P", 99)
    client_for(petugas).post(
        reverse("participants:nomination_create", args=[program.pk]), form(nik=nik)
    )
    assert Participant.objects.get(nik=nik).name == "Siapa Saja"
