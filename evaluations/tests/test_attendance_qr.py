"""The questionnaire QR on the last day's attendance list, read back from the PDF's images."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from balatkop.tests.pdfread import pdf_pages, qr_image_matrices, segno_matrix
from evaluations import services
from evaluations.documents import ATTENDANCE_QR_NOTE
from evaluations.models import EvaluationInvitation
from evaluations.tests.factories import START, make_angkatan

pytestmark = pytest.mark.django_db


def attendance(client, angkatan) -> bytes:
    response = client.get(reverse("documents:attendance_list", args=[angkatan.pk]))
    assert response.status_code == 200
    return response.content


def link(token: str) -> str:
    return f"http://testserver{reverse('evaluations:answer', args=[token])}"


def test_last_day_prints_each_participant_their_own_questionnaire_qr(staf, client_for):
    angkatan = make_angkatan(participants=4, end_date=START + dt.timedelta(days=2))
    data = attendance(client_for(staf), angkatan)
    pages = pdf_pages(data)
    days = [i for i, text in enumerate(pages) if "DAFTAR HADIR PESERTA" in text]
    assert len(days) == 3
    tokens = {i.nomination_id: i.token for i in EvaluationInvitation.objects.all()}
    assert len(set(tokens.values())) == len(tokens) == 4  # one unguessable link each
    assert all(len(token) >= 22 for token in tokens.values())  # 128 bits
    expected = [segno_matrix(link(t), error="l") for t in tokens.values()]
    last = range(days[-1], len(pages))
    printed = [grid for page in last for grid in qr_image_matrices(data, page)]
    assert sorted(map(str, printed)) == sorted(map(str, expected))
    assert all(not qr_image_matrices(data, page) for page in range(days[-1]))
    note = " ".join(ATTENDANCE_QR_NOTE.split()[:6])
    assert note in " ".join(pages[days[-1]].split())
    assert note not in " ".join(" ".join(pages[: days[-1]]).split())
    # Printed again: the same links (a participant's code does not change).
    again = attendance(client_for(staf), angkatan)
    assert [g for p in last for g in qr_image_matrices(again, p)] == printed
    assert EvaluationInvitation.objects.count() == 4


def test_no_qr_once_the_angkatan_is_closed_or_for_a_reader(staf, pimpinan, client_for):
    angkatan = make_angkatan(participants=2, end_date=START)
    assert qr_image_matrices(attendance(client_for(pimpinan), angkatan), 0) == []
    assert not EvaluationInvitation.objects.exists()
    assert len(qr_image_matrices(attendance(client_for(staf), angkatan), 0)) == 2
    angkatan.closed_at = timezone.now()
    angkatan.save()
    assert qr_image_matrices(attendance(client_for(staf), angkatan), 0) == []
    assert services.open_invitation_tokens(angkatan) == {}
