"""Selection pages: decisions through the form, bounded queries, the district officers' view."""

import pytest
from django.urls import reverse

from participants.models import Nomination, NominationStatus
from participants.services import selection as services
from participants.tests.matrix_selection import START, make_nominee, make_placed, make_program
from programs.tests.factories import AngkatanFactory

pytestmark = pytest.mark.django_db
S = NominationStatus


@pytest.fixture
def program(balai_ntb):
    return make_program(quotas={"52.71": 1})


def decide(client, program, ids, **data):
    return client.post(
        reverse("participants:selection_decide", args=[program.pk]),
        {"ids": ids, "scope": "dicentang", **data},
        follow=True,
    )


def test_staff_reject_without_reason_is_told_and_nothing_changes(program, staf, client_for):
    nomination = make_nominee(program)
    response = decide(client_for(staf), program, [nomination.pk], decision="tolak")
    assert "Alasan penolakan wajib diisi." in response.text
    nomination.refresh_from_db()
    assert nomination.status == S.DIUSULKAN


def test_staff_accept_over_quota_only_with_ticked_override_and_reason(program, staf, client_for):
    client = client_for(staf)
    first, second = make_nominee(program), make_nominee(program)
    decide(client, program, [first.pk], decision="terima")
    response = decide(client, program, [second.pk], decision="terima")
    assert "Kuota Kota Mataram sudah penuh" in response.text
    response = decide(client, program, [second.pk], decision="terima", override="on")
    assert "Tulis alasan menerima melebihi kuota." in response.text
    decide(
        client,
        program,
        [second.pk],
        decision="terima",
        override="on",
        override_reason="Disabilitas",
    )
    second.refresh_from_db()
    assert (second.status, second.quota_override_reason) == (S.DITERIMA, "Disabilitas")


def test_decision_for_everyone_matching_the_filter(program, staf, client_for):
    make_nominee(program, "52.03")
    mataram = make_nominee(program, "52.71")
    client_for(staf).post(
        reverse("participants:selection_decide", args=[program.pk]),
        {"scope": "filter", "kabupaten_kota": "52.03", "decision": "cadangan"},
    )
    assert list(
        Nomination.objects.filter(status=S.CADANGAN).values_list("kabupaten_kota_id", flat=True)
    ) == ["52.03"]
    mataram.refresh_from_db()
    assert mataram.status == S.DIUSULKAN


def test_screening_filters_by_eligibility_and_sorts_by_omzet(program, staf, client_for):
    make_nominee(program, baseline_omzet=5_000_000, is_eligible=True).participant
    big = make_nominee(program, baseline_omzet=9_000_000, is_eligible=True).participant
    make_nominee(program, baseline_omzet=99_000_000, is_eligible=False)
    response = client_for(staf).get(
        reverse("participants:selection_program", args=[program.pk]),
        {"eligible": "ya", "sort": "omzet"},
    )
    names = [n.participant.name for n in response.context["page_obj"]]
    assert len(names) == 2 and names[0] == big.name


def test_pimpinan_reads_the_screening_list_but_sees_no_decision_form(program, pimpinan, client_for):
    make_nominee(program)
    response = client_for(pimpinan).get(
        reverse("participants:selection_program", args=[program.pk])
    )
    assert response.status_code == 200
    assert "Simpan keputusan" not in response.text


def test_nominee_page_shows_who_changed_the_status_and_why(program, staf, client_for):
    nomination = make_nominee(program)
    services.nomination_reject(nomination=nomination, by=staf, reason="NIB tidak valid")
    response = client_for(staf).get(reverse("participants:selection_detail", args=[nomination.pk]))
    assert "Riwayat status" in response.text
    assert "Diusulkan → Ditolak" in response.text
    assert "NIB tidak valid" in response.text


def test_district_officer_sees_outcome_and_rejection_reason_of_own_people_only(
    program, staf, petugas, client_for
):
    angkatan = AngkatanFactory(program=program, start_date=START, venue="Hotel Lombok Raya")
    placed = make_placed(angkatan)
    rejected = make_nominee(program)
    services.nomination_reject(nomination=rejected, by=staf, reason="Usaha belum 12 bulan")
    other = make_nominee(program, "52.03")
    response = client_for(petugas).get(reverse("participants:district_outcomes"))
    assert response.status_code == 200
    shown = {n.pk for n in response.context["page_obj"]}
    assert shown == {placed.pk, rejected.pk}
    assert other.participant.name not in response.text
    assert "Usaha belum 12 bulan" in response.text
    assert "Hotel Lombok Raya" in response.text and "17 November 2020" in response.text


def _grow(program, angkatan, n):
    for _ in range(n):
        make_nominee(program, "52.03")
        make_placed(angkatan)


@pytest.mark.parametrize(
    "url_name, arg",
    [
        ("participants:selection_list", None),
        ("participants:selection_program", "program"),
        ("participants:placement", "program"),
        ("participants:completion", "angkatan"),
        ("participants:district_outcomes", None),
    ],
)
def test_list_pages_use_a_bounded_number_of_queries(
    program, staf, client_for, django_assert_max_num_queries, url_name, arg
):
    angkatan = AngkatanFactory(program=program, start_date=START)
    objects = {"program": program, "angkatan": angkatan}
    url = reverse(url_name, args=[objects[arg].pk] if arg else [])
    client = client_for(staf)
    _grow(program, angkatan, 2)
    client.get(url)  # warm the session and caches
    with django_assert_max_num_queries(15) as small:
        assert client.get(url).status_code == 200
    _grow(program, angkatan, 20)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(url).status_code == 200
