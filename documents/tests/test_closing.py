"""Tutup angkatan: attendance, completion and payments are frozen; reopening needs a reason."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from documents.services import angkatan_documents_save
from participants.models import Attendance, NominationStatus
from participants.services.completion import (
    attendance_record,
    attendance_record_day,
    nomination_complete,
)
from participants.services.placement import nomination_unplace
from participants.tests.matrix_selection import START, make_placed, make_program
from programs.models import Angkatan
from programs.selectors import angkatan_closing_history
from programs.services import angkatan_close, angkatan_reopen
from programs.tests.factories import AngkatanFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def closed(staf):
    angkatan = AngkatanFactory(program=make_program(), start_date=START)
    person = make_placed(angkatan)
    attendance_record(nomination=person, day=START, status="hadir", by=staf)
    angkatan_close(angkatan=angkatan, by=staf)
    person.refresh_from_db()
    return person


def test_a_closed_angkatan_refuses_attendance_changes(closed, staf):
    with pytest.raises(ValidationError, match=r"sudah ditutup.*tidak bisa mengubah kehadiran"):
        attendance_record(nomination=closed, day=START, status="alpa", by=staf)
    with pytest.raises(ValidationError, match="sudah ditutup"):
        attendance_record_day(angkatan=closed.angkatan, day=START, status="hadir", by=staf)
    assert Attendance.objects.get(nomination=closed).status == "hadir"


def test_a_closed_angkatan_refuses_completion_placement_and_payments(closed, staf):
    with pytest.raises(ValidationError, match="tidak bisa mengubah kelulusan"):
        nomination_complete(nomination=closed, outcome=NominationStatus.TIDAK_LULUS, by=staf)
    with pytest.raises(ValidationError, match="tidak bisa mengeluarkan peserta"):
        nomination_unplace(nomination=closed, by=staf)
    with pytest.raises(ValidationError, match="tidak bisa mengubah pembayaran"):
        angkatan_documents_save(
            angkatan=closed.angkatan, values={"uang_saku_per_day": 1}, fees={}, by=staf
        )
    closed.refresh_from_db()
    assert closed.status == NominationStatus.DITEMPATKAN


def test_the_attendance_page_says_why_nothing_was_saved(closed, staf, client_for):
    client = client_for(staf)
    cell = f"c-{closed.pk}-{START:%Y-%m-%d}"
    response = client.post(
        reverse("participants:attendance_cell", args=[closed.angkatan_id]),
        {"cell": cell, cell: "alpa"},
    )
    assert response.status_code == 400
    assert "sudah ditutup" in response.content.decode()


def test_reopening_needs_a_reason_and_is_in_the_history(closed, staf):
    angkatan = closed.angkatan
    with pytest.raises(ValidationError, match="Alasan membuka kembali"):
        angkatan_reopen(angkatan=angkatan, by=staf, reason="  ")
    angkatan_reopen(angkatan=angkatan, by=staf, reason="Salah catat hari ke-2")
    assert not Angkatan.objects.get(pk=angkatan.pk).is_closed
    history = angkatan_closing_history(angkatan=angkatan)
    assert [h["why"] for h in history] == [
        "Dibuka kembali: Salah catat hari ke-2",
        "Angkatan ditutup; dokumen final",
    ]
    assert history[0]["who"] == (staf.get_full_name() or staf.username)
    closed.angkatan.refresh_from_db()
    attendance_record(nomination=closed, day=START, status="alpa", by=staf)  # open again


def test_staff_close_and_reopen_from_the_documents_page(staf, pimpinan, client_for):
    angkatan = AngkatanFactory(program=make_program(), start_date=START)
    client = client_for(pimpinan)
    assert client.post(reverse("documents:angkatan_close", args=[angkatan.pk])).status_code == 403
    client = client_for(staf)
    client.post(reverse("documents:angkatan_close", args=[angkatan.pk]))
    assert Angkatan.objects.get(pk=angkatan.pk).is_closed
    response = client.post(
        reverse("documents:angkatan_reopen", args=[angkatan.pk]), {}, follow=True
    )
    assert "Alasan membuka kembali angkatan wajib diisi." in response.content.decode()
    assert Angkatan.objects.get(pk=angkatan.pk).is_closed
    client.post(reverse("documents:angkatan_reopen", args=[angkatan.pk]), {"reason": "Koreksi"})
    assert not Angkatan.objects.get(pk=angkatan.pk).is_closed
