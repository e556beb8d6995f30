"""The public verification page, visited without an account."""

import pytest
from django.urls import reverse

from documents.models import Certificate
from documents.views import VERIFY_LIMIT
from participants.models import NominationStatus
from participants.services.completion import attendance_record
from participants.tests.matrix_selection import START, make_placed, make_program
from programs.tests.factories import AngkatanFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def certificate(staf):
    angkatan = AngkatanFactory(program=make_program(jenjang=2), start_date=START)
    graduate = make_placed(angkatan)
    for day in range(3):
        attendance_record(
            nomination=graduate, day=START.replace(day=START.day + day), status="hadir", by=staf
        )
    graduate.status = NominationStatus.LULUS
    graduate.certificate_number = "0042/BALATKOP-NTB/2020"
    graduate.save()
    return Certificate.objects.create(nomination=graduate)


def test_anyone_can_check_a_certificate_without_seeing_the_nik(certificate, client):
    response = client.get(reverse("verify", args=[certificate.code]))
    assert response.status_code == 200
    html = response.content.decode()
    person = certificate.nomination.participant
    assert person.name in html and "0042/BALATKOP-NTB/2020" in html
    assert "Jenjang 2" in html and "sah" in html
    assert "24 JP" in html  # 3 days present × 8 jam pelajaran
    assert "17 November 2020" in html and "Balatkop Nusa Tenggara Barat" in html
    assert person.nik not in html and person.nik[:6] not in html


def test_the_code_is_random_not_a_number_or_row_id(certificate):
    assert len(certificate.code) >= 22
    assert str(certificate.nomination_id) != certificate.code
    assert (
        Certificate.objects.create(nomination=make_placed(certificate.nomination.angkatan)).code
        != certificate.code
    )


def test_an_unknown_code_is_404(client, certificate):
    assert client.get(reverse("verify", args=["bukan-kode-yang-ada"])).status_code == 404
    assert client.get(reverse("verify", args=[certificate.code[:-1]])).status_code == 404


def test_lookups_are_rate_limited_per_address(client, certificate):
    url = reverse("verify", args=[certificate.code])
    for _ in range(VERIFY_LIMIT):
        assert client.get(url, REMOTE_ADDR="203.0.113.9").status_code == 200
    limited = client.get(url, REMOTE_ADDR="203.0.113.9")
    assert limited.status_code == 429
    assert "Terlalu banyak permintaan" in limited.content.decode()
    assert client.get(url, REMOTE_ADDR="198.51.100.7").status_code == 200
