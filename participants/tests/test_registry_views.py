"""Registry pages: the nomination form, scope (404), NIK masking and bounded queries."""

import datetime as dt

import pytest
from django.urls import reverse

from balatkop.tests.factories import kabkota
from participants.models import Nomination, NominationStatus, Participant
from participants.nik import make_nik
from participants.tests.factories import NominationFactory, ParticipantFactory
from programs.tests.factories import ProgramFactory, QuotaFactory

NIK = make_nik("52.71", dt.date(1985, 3, 17), "P", 12)


@pytest.fixture
def program(balai_ntb):
    program = ProgramFactory(balai=balai_ntb, min_business_months=12, min_omzet_per_month=5_000_000)
    QuotaFactory(program=program, kabupaten_kota=kabkota("52.71"), seats=60)
    return program


def form_data(**overrides):
    return {
        "nik": NIK,
        "name": "Siti Aminah",
        "sex": "",
        "birth_date": "",
        "phone": "081234",
        "address": "Mataram",
        "role": "pemilik_usaha",
        "business_kind": "usaha",
        "business_name": "Konveksi Aminah",
        "sector": "Konveksi",
        "nib": "",
        "started_on": "2019-01-01",
        "baseline_omzet": "6000000",
        "baseline_aset": "45000000",
        "baseline_tenaga_kerja": "3",
    } | overrides


def test_an_officer_nominates_one_person_for_their_own_district(client_for, petugas, program):
    url = reverse("participants:nomination_create", args=[program.pk])
    # The district field is fixed for officers: a forged value is ignored.
    response = client_for(petugas).post(url, form_data(kabupaten_kota="52.03"))
    nomination = Nomination.objects.get()
    assert response.url == reverse("participants:nomination_detail", args=[nomination.pk])
    assert nomination.kabupaten_kota_id == "52.71" and nomination.participant.sex == "P"


def test_staff_choose_the_district_they_nominate_for(client_for, staf, program):
    url = reverse("participants:nomination_create", args=[program.pk])
    client_for(staf).post(url, form_data(kabupaten_kota="52.03"))
    assert Nomination.objects.get().kabupaten_kota_id == "52.03"


def test_a_failed_criterion_is_explained_on_the_form(client_for, petugas, program):
    url = reverse("participants:nomination_create", args=[program.pk])
    response = client_for(petugas).post(url, form_data(baseline_omzet="4000000"))
    assert "Omzet Rp 4.000.000/bulan, minimal Rp 5.000.000/bulan" in response.content.decode()
    assert not Nomination.objects.exists()


def test_negative_money_is_refused_by_the_form(client_for, petugas, program):
    url = reverse("participants:nomination_create", args=[program.pk])
    client_for(petugas).post(url, form_data(baseline_aset="-5"))
    assert not Nomination.objects.exists()


def test_typing_a_known_nik_shows_the_person_and_their_history(client_for, petugas, program):
    earlier = NominationFactory(
        participant=ParticipantFactory(nik=NIK, name="Siti Aminah"),
        program=ProgramFactory(code="NTB-2019-KONV", balai=program.balai, year=2019),
        status=NominationStatus.LULUS,
    )
    url = reverse("participants:nomination_check", args=[program.pk])
    page = client_for(petugas).post(url, {"nik": NIK, "started_on": "2025-01-01"}).content.decode()
    assert "NIK sudah terdaftar: Siti Aminah" in page
    assert earlier.program.code in page
    assert "minimal 12 bulan" in page
    client_for(petugas).post(
        reverse("participants:nomination_create", args=[program.pk]), form_data()
    )
    assert Participant.objects.filter(nik=NIK).count() == 1


def test_a_malformed_nik_is_flagged_while_typing(client_for, petugas, program):
    url = reverse("participants:nomination_check", args=[program.pk])
    page = client_for(petugas).post(url, {"nik": "52710157"}).content.decode()
    assert "NIK harus 16 angka" in page


def test_officers_see_only_their_own_nominees(client_for, petugas, petugas_lain, program):
    own = NominationFactory(program=program)
    other = NominationFactory(program=program, kabupaten_kota_id="52.03")
    page = client_for(petugas).get(reverse("participants:nomination_list")).content.decode()
    assert own.participant.name in page and other.participant.name not in page
    client = client_for(petugas_lain)
    for name, pk in [
        ("participants:nomination_detail", own.pk),
        ("participants:participant_detail", own.participant_id),
    ]:
        assert client.get(reverse(name, args=[pk])).status_code == 404


def test_staff_filter_the_list_by_district_status_and_eligibility(client_for, staf, program):
    NominationFactory(program=program, participant__name="Ani Mataram")
    NominationFactory(program=program, kabupaten_kota_id="52.03", participant__name="Badu Lotim")
    NominationFactory(program=program, is_eligible=False, participant__name="Cici Kurang")
    client = client_for(staf)
    url = reverse("participants:nomination_list")
    page = client.get(url, {"kabupaten_kota": "52.03"}).content.decode()
    assert "Badu Lotim" in page and "Ani Mataram" not in page
    page = client.get(url, {"kriteria": "tidak", "program": program.pk}).content.decode()
    assert "Cici Kurang" in page and "Ani Mataram" not in page
    page = client.get(url, {"status": "cadangan"}).content.decode()
    assert "Belum ada usulan" in page


def test_nik_is_masked_for_the_head_and_shown_to_staff(client_for, pimpinan, staf, program):
    nomination = NominationFactory(program=program)
    nik = nomination.participant.nik
    masked = nik[:4] + "********" + nik[-4:]
    for url in (
        reverse("participants:nomination_list"),
        reverse("participants:participant_list"),
        reverse("participants:nomination_detail", args=[nomination.pk]),
        reverse("participants:participant_detail", args=[nomination.participant_id]),
    ):
        head_page = client_for(pimpinan).get(url).content.decode()
        assert masked in head_page and nik not in head_page
        assert nik in client_for(staf).get(url).content.decode()


def test_the_participant_page_shows_history_across_programmes(client_for, staf, program):
    person = ParticipantFactory()
    level_one = ProgramFactory(balai=program.balai, jenjang=1, code="JENJANG-1")
    NominationFactory(program=level_one, participant=person, status=NominationStatus.LULUS)
    NominationFactory(program=program, participant=person)
    page = client_for(staf).get(reverse("participants:participant_detail", args=[person.pk]))
    assert "JENJANG-1" in page.content.decode() and program.code in page.content.decode()


@pytest.mark.parametrize("rows", [3, 30])
def test_lists_run_a_bounded_number_of_queries(
    client_for, staf, program, rows, django_assert_max_num_queries
):
    NominationFactory.create_batch(rows, program=program)
    client = client_for(staf)
    for name in ("participants:nomination_list", "participants:participant_list"):
        with django_assert_max_num_queries(14):
            assert client.get(reverse(name)).status_code == 200


def test_the_participant_list_counts_each_visible_person_once(
    client_for, staf, petugas, program, balai_jateng
):
    twice = ParticipantFactory(name="Ani Dua Kali")
    NominationFactory(program=program, participant=twice)
    NominationFactory(program=ProgramFactory(balai=program.balai), participant=twice)
    NominationFactory(program=program, participant__name="Badu Lotim", kabupaten_kota_id="52.03")
    # A person known only in another balai, and one there who is also nominated here.
    elsewhere = ProgramFactory(balai=balai_jateng)
    NominationFactory(program=elsewhere, participant__name="Cici Jateng")
    NominationFactory(program=elsewhere, participant=twice)
    url = reverse("participants:participant_list")
    cases = [
        (staf, {}, 2),
        (staf, {"q": "ani"}, 1),
        (staf, {"q": "cici"}, 0),
        (staf, {"q": twice.nik}, 1),
        (petugas, {}, 1),  # the district officer of 52.71: not Badu of 52.03
    ]
    for user, query, expected in cases:
        page = client_for(user).get(url, query)
        assert page.context["page_obj"].paginator.count == expected, (user, query)
        assert len(page.context["people"]) == expected, (user, query)
        assert f"{expected} orang" in page.content.decode()
