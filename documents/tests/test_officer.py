"""District officers: their own participants' call letters, WhatsApp links and certificates."""

from urllib.parse import unquote

import pytest
from django.urls import reverse

from balatkop.tests.pdfread import pdf_text
from documents.models import AngkatanDocuments
from participants.models import NominationStatus
from participants.tests.matrix_selection import START, make_placed, make_program
from programs.tests.factories import AngkatanFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def angkatan(balai_ntb):
    angkatan = AngkatanFactory(program=make_program(), start_date=START)
    AngkatanDocuments.objects.create(
        angkatan=angkatan, letter_number="12/BLK/2020", bring="KTP asli", contact_name="Baiq"
    )
    return angkatan


def test_officer_sees_whatsapp_links_beside_their_placed_participants(
    angkatan, petugas, client_for
):
    own = make_placed(angkatan, "52.71")
    other = make_placed(angkatan, "52.03")
    html = client_for(petugas).get(reverse("documents:participant_documents")).content.decode()
    assert own.participant.name in html and other.participant.name not in html
    assert "https://wa.me/6281234567890?text=" in html
    text = unquote(html.split("https://wa.me/6281234567890?text=")[1].split('"')[0])
    assert f"Yth. {own.participant.name}" in text and "12/BLK/2020" in text
    assert "KTP asli" in text and reverse("documents:call_letter", args=[own.pk]) in html


def test_officer_downloads_own_call_letter_and_certificate_but_not_others(
    angkatan, petugas, client_for
):
    own = make_placed(angkatan, "52.71")
    other = make_placed(angkatan, "52.03")
    for nomination in (own, other):
        nomination.status = NominationStatus.LULUS
        nomination.certificate_number = f"{nomination.pk:04d}/BALATKOP-NTB/2020"
        nomination.save()
    client = client_for(petugas)
    response = client.get(reverse("documents:certificate", args=[own.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert own.certificate_number in pdf_text(response.content)
    assert client.get(reverse("documents:certificate", args=[other.pk])).status_code == 404
    letter = client.get(reverse("documents:call_letter", args=[own.pk]))
    assert own.participant.name in pdf_text(letter.content)
    assert client.get(reverse("documents:call_letter", args=[other.pk])).status_code == 404
    assert (
        client.get(reverse("documents:district_letter", args=[angkatan.pk, "52.03"])).status_code
        == 404
    )


def test_participant_documents_page_has_bounded_queries(
    angkatan, staf, client_for, django_assert_max_num_queries
):
    client = client_for(staf)
    for _ in range(3):
        make_placed(angkatan, "52.71")
    client.get(reverse("documents:participant_documents"))
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("documents:participant_documents"))
    for _ in range(20):
        make_placed(angkatan, "52.03")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("documents:participant_documents"))


def test_a_certificate_waiting_for_the_evaluation_is_not_printed(angkatan, staf, client_for):
    program = angkatan.program
    program.certificate_requires_evaluation = True
    program.save()
    graduate = make_placed(angkatan, "52.71")
    graduate.status = NominationStatus.LULUS
    graduate.certificate_number = "0001/BALATKOP-NTB/2020"
    graduate.save()
    client = client_for(staf)
    assert client.get(reverse("documents:certificate", args=[graduate.pk])).status_code == 404
    text = pdf_text(client.get(reverse("documents:certificates", args=[angkatan.pk])).content)
    assert graduate.participant.name not in text
    page = client.get(reverse("documents:angkatan_documents", args=[angkatan.pk]))
    assert "1 sertifikat menunggu peserta mengisi evaluasi" in page.content.decode()
