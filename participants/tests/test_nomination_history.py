"""The nomination page tells its status story: who changed it, when, and why."""

import pytest
from django.urls import reverse

from participants.services.selection import nomination_reject
from participants.tests.factories import NominationFactory
from programs.tests.factories import ProgramFactory

pytestmark = pytest.mark.django_db


def test_district_officer_sees_who_rejected_their_nominee_and_why(client_for, staf, petugas):
    nomination = NominationFactory(
        program=ProgramFactory(balai=staf.balai), kabupaten_kota_id="52.71"
    )
    nomination_reject(nomination=nomination, by=staf, reason="Usaha belum berjalan 12 bulan")

    response = client_for(petugas).get(
        reverse("participants:nomination_detail", args=[nomination.pk])
    )

    assert response.status_code == 200
    assert "Riwayat status" in response.text
    assert "Diusulkan → Ditolak" in response.text
    assert "Usaha belum berjalan 12 bulan" in response.text
