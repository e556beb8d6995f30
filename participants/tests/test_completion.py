"""Completion: who may be marked lulus, certificate numbers, withdrawals."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from participants.models import AttendanceStatus, CertificateSequence, NominationStatus
from participants.services import completion
from participants.tests.matrix_selection import START, make_nominee, make_placed, make_program
from programs.tests.factories import AngkatanFactory

pytestmark = pytest.mark.django_db
S = NominationStatus


@pytest.fixture
def angkatan(balai_ntb):
    return AngkatanFactory(program=make_program(year=2020), start_date=START, number=3)


def attend(nomination, days, by):
    for n in range(days):
        completion.attendance_record(
            nomination=nomination,
            day=START + dt.timedelta(days=n),
            status=AttendanceStatus.HADIR,
            by=by,
        )


def test_lulus_with_enough_attendance_gets_a_certificate_number(angkatan, staf):
    nomination = make_placed(angkatan)
    attend(nomination, 4, staf)
    completion.nomination_complete(nomination=nomination, outcome=S.LULUS, by=staf)
    nomination.refresh_from_db()
    assert nomination.status == S.LULUS
    assert nomination.certificate_number == "0001/BALATKOP-NTB/2020"
    assert nomination.completed_on == angkatan.end_date


def test_lulus_is_refused_below_the_minimum_attendance(angkatan, staf):
    nomination = make_placed(angkatan)
    attend(nomination, 3, staf)  # 75% < 80%
    with pytest.raises(ValidationError, match="kehadiran 75% < minimal 80%"):
        completion.nomination_complete(nomination=nomination, outcome=S.LULUS, by=staf)
    nomination.refresh_from_db()
    assert (nomination.status, nomination.certificate_number) == (S.DITEMPATKAN, "")


def test_the_programmes_minimum_decides(angkatan, staf):
    angkatan.program.min_attendance_percent = 75
    angkatan.program.save()
    nomination = make_placed(angkatan)
    attend(nomination, 3, staf)
    completion.nomination_complete(nomination=nomination, outcome=S.LULUS, by=staf)


def test_tidak_lulus_explains_the_attendance_when_no_reason_is_given(angkatan, staf):
    nomination = make_placed(angkatan)
    attend(nomination, 1, staf)
    completion.nomination_complete(nomination=nomination, outcome=S.TIDAK_LULUS, by=staf)
    nomination.refresh_from_db()
    assert nomination.status_reason == "Kehadiran 25% < minimal 80%"
    assert nomination.certificate_number == ""


def test_withdrawal_needs_a_reason(angkatan, staf):
    with pytest.raises(ValidationError, match="Alasan mengundurkan diri"):
        completion.nomination_complete(
            nomination=make_placed(angkatan), outcome=S.MENGUNDURKAN_DIRI, by=staf
        )


def test_someone_not_placed_cannot_be_marked_lulus(angkatan, staf):
    nomination = make_nominee(angkatan.program, status=S.DITERIMA)
    with pytest.raises(ValidationError, match="belum ditempatkan"):
        completion.nomination_complete(nomination=nomination, outcome=S.LULUS, by=staf)


def test_a_lulus_result_with_certificate_is_not_changed(angkatan, staf):
    nomination = make_placed(angkatan)
    attend(nomination, 4, staf)
    completion.nomination_complete(nomination=nomination, outcome=S.LULUS, by=staf)
    with pytest.raises(ValidationError, match="sudah lulus"):
        completion.nomination_complete(nomination=nomination, outcome=S.TIDAK_LULUS, by=staf)


def test_certificate_numbers_run_on_across_programmes_of_one_balai(angkatan, staf, balai_jateng):
    other = AngkatanFactory(program=make_program(year=2020), start_date=START)
    elsewhere = AngkatanFactory(
        program=make_program(balai=balai_jateng, year=2020), start_date=START
    )
    numbers = []
    for target in [angkatan, other, angkatan, elsewhere]:
        nomination = make_placed(target)
        attend(nomination, 4, staf)
        numbers.append(
            completion.nomination_complete(
                nomination=nomination, outcome=S.LULUS, by=staf
            ).certificate_number
        )
    assert numbers == [
        "0001/BALATKOP-NTB/2020",
        "0002/BALATKOP-NTB/2020",
        "0003/BALATKOP-NTB/2020",
        "0001/BALATKOP-JATENG/2020",  # each balai has its own sequence
    ]


def test_numbering_starts_again_each_year_when_the_pattern_names_the_year(angkatan, staf):
    next_year = AngkatanFactory(program=make_program(year=2021), start_date=dt.date(2021, 3, 1))
    for target in [angkatan, next_year]:
        nomination = make_placed(target)
        for n in range(4):
            completion.attendance_record(
                nomination=nomination, day=target.start_date + dt.timedelta(days=n),
                status=AttendanceStatus.HADIR, by=staf,
            )  # fmt: skip
        completion.nomination_complete(nomination=nomination, outcome=S.LULUS, by=staf)
    assert sorted(CertificateSequence.objects.values_list("year", "last_number")) == [
        (2020, 1),
        (2021, 1),
    ]


def test_a_custom_pattern_with_programme_and_angkatan(angkatan, staf):
    angkatan.program.certificate_pattern = "{program}/{angkatan}/{nomor}"
    angkatan.program.save()
    nomination = make_placed(angkatan)
    attend(nomination, 4, staf)
    completion.nomination_complete(nomination=nomination, outcome=S.LULUS, by=staf)
    nomination.refresh_from_db()
    assert nomination.certificate_number == f"{angkatan.program.code}/3/0001"


def test_a_pattern_without_nomor_is_refused(angkatan, staf):
    angkatan.program.certificate_pattern = "BALATKOP/{tahun}"
    angkatan.program.save()
    nomination = make_placed(angkatan)
    attend(nomination, 4, staf)
    with pytest.raises(ValidationError, match="harus memuat"):
        completion.nomination_complete(nomination=nomination, outcome=S.LULUS, by=staf)
