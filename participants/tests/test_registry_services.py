"""Nomination rules: one person per NIK, window, quota, ladder and criteria."""

import datetime as dt
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from balatkop.tests.factories import kabkota
from participants.eligibility import eligibility_check, months_between
from participants.models import Nomination, NominationStatus, Participant
from participants.nik import make_nik
from participants.services.registry import NomineeData, nomination_create, nominations_import
from participants.tests.factories import NominationFactory, ParticipantFactory
from programs.models import ProgramStatus
from programs.tests.factories import ProgramFactory, QuotaFactory

TODAY = dt.date(2025, 3, 1)


BIRTH = dt.date(1985, 3, 17)  # the birth date every nominee's NIK carries


def nominee(serial=1, district="52.71", **overrides) -> NomineeData:
    values = {
        "nik": make_nik(district, dt.date(1985, 3, 17), "P", serial),
        "name": f"Peserta {serial}",
        "kabupaten_kota_id": district,
        "business_name": f"Usaha {serial}",
        "started_on": dt.date(2020, 1, 1),
        "omzet": 6_000_000,
        "aset": 40_000_000,
        "tenaga_kerja": 2,
    }
    return NomineeData(**(values | overrides))


@pytest.fixture
def program(balai_ntb):
    program = ProgramFactory(
        balai=balai_ntb,
        year=2025,
        min_business_months=12,
        min_omzet_per_month=5_000_000,
        nomination_opens=dt.date(2025, 2, 1),
        nomination_closes=dt.date(2025, 3, 31),
    )
    QuotaFactory(program=program, kabupaten_kota=kabkota("52.71"), seats=2)
    return program


def create(program, by, data, today=TODAY):
    return nomination_create(program=program, by=by, data=data, today=today)


# --- Registry --------------------------------------------------------------------------------


def test_nomination_registers_person_business_and_baseline(program, petugas):
    nomination = create(program, petugas, nominee(1, sex="", birth_date=None))
    person = nomination.participant
    assert person.sex == "P" and person.birth_date == dt.date(1985, 3, 17)  # from the NIK
    assert nomination.business.name == "Usaha 1"
    assert (nomination.baseline_omzet, nomination.baseline_aset) == (6_000_000, 40_000_000)
    assert nomination.status == NominationStatus.DIUSULKAN and nomination.is_eligible
    assert nomination.nominated_by == petugas
    assert nomination.history.count() == 1 and person.history.count() == 1


def test_a_known_nik_reuses_the_person_never_a_second_record(program, petugas):
    # The same person: the name and birth date typed match the registered ones.
    registered = ParticipantFactory(
        nik=nominee(7).nik, name="Siti Aminah", birth_date=dt.date(1985, 3, 17)
    )
    earlier = NominationFactory(participant=registered)
    nomination = create(program, petugas, nominee(7, name="Siti Aminah"))
    assert nomination.participant == earlier.participant
    assert Participant.objects.filter(nik=nominee(7).nik).count() == 1


def test_the_same_person_only_once_per_programme(program, petugas):
    create(program, petugas, nominee(1))
    with pytest.raises(ValidationError, match="sudah diusulkan di program ini"):
        create(program, petugas, nominee(1))


def test_a_malformed_nik_is_refused_and_a_mismatch_only_warned(program, petugas):
    with pytest.raises(ValidationError, match="16 angka"):
        create(program, petugas, nominee(1, nik="12345"))
    nomination = create(program, petugas, nominee(2, sex="L"))
    assert nomination.participant.sex == "L"  # what was entered is kept; the NIK only warns


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("omzet", -1, "Omzet per bulan harus bilangan bulat tidak negatif"),
        ("aset", None, "Aset wajib diisi"),
        ("tenaga_kerja", -3, "Tenaga kerja harus bilangan bulat tidak negatif"),
        ("nib", "12345", "NIB harus 13 angka"),
        ("name", "", "Nama wajib diisi"),
    ],
)
def test_money_workers_nib_and_name_are_checked(program, petugas, field, value, message):
    with pytest.raises(ValidationError, match=message):
        create(program, petugas, nominee(1, **{field: value}))


def test_an_officer_cannot_nominate_for_another_district(program, petugas):
    with pytest.raises(ValidationError, match=r"52\.03 bukan wilayah Anda"):
        create(program, petugas, nominee(1, district="52.03"))


def test_staff_nominate_on_a_districts_behalf(program, staf):
    nomination = create(program, staf, nominee(1, district="52.03"))
    assert nomination.kabupaten_kota_id == "52.03"
    with pytest.raises(ValidationError, match="di luar wilayah balai"):
        create(program, staf, nominee(2, district="33.74"))


# --- Window and quota --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("today", "message"),
    [(dt.date(2025, 1, 31), "baru dibuka 1 Februari 2025"), (dt.date(2025, 4, 1), "sudah ditutup")],
)
def test_nominations_only_inside_the_window(program, petugas, today, message):
    with pytest.raises(ValidationError, match=message):
        create(program, petugas, nominee(1), today=today)
    assert create(program, petugas, nominee(1), today=dt.date(2025, 3, 31))


def test_a_programme_not_open_takes_no_nominations(program, staf):
    program.status = ProgramStatus.RUNNING
    program.save()
    with pytest.raises(ValidationError, match="tidak menerima usulan"):
        create(program, staf, nominee(1))


def test_past_the_quota_nominees_go_to_the_reserve_list(program, petugas):
    first, second, third = (create(program, petugas, nominee(i)) for i in (1, 2, 3))
    assert not first.over_quota and not second.over_quota
    assert third.over_quota and third.status == NominationStatus.CADANGAN
    assert "kuota" in third.status_reason


def test_a_rejected_nominee_gives_the_seat_back(program, petugas):
    first = create(program, petugas, nominee(1))
    create(program, petugas, nominee(2))
    Nomination.objects.filter(pk=first.pk).update(status=NominationStatus.DITOLAK)
    assert not create(program, petugas, nominee(3)).over_quota


def test_a_district_without_quota_only_gets_reserve_places(program, staf):
    assert create(program, staf, nominee(1, district="52.03")).over_quota


def test_a_file_fills_the_quota_in_row_order(program, petugas):
    outcome = nominations_import(
        program=program, by=petugas, nominees=[nominee(i) for i in range(1, 6)], today=TODAY
    )
    assert (outcome.created, outcome.reserve) == (5, 3)
    over = dict(Nomination.objects.values_list("participant__name", "over_quota"))
    assert over == {f"Peserta {i}": i > 2 for i in range(1, 6)}


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks need PostgreSQL (SQLite serialises writes)"
)
@pytest.mark.django_db(transaction=True)
def test_the_quota_holds_under_concurrent_requests(program, petugas):
    Nomination.objects.all().delete()
    errors = []

    def nominate(serial):
        try:
            create(program, petugas, nominee(serial))
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=nominate, args=(i,)) for i in range(1, 9)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert Nomination.objects.filter(over_quota=False).count() == 2
    assert Nomination.objects.filter(over_quota=True).count() == 6


# --- Criteria and the level ladder --------------------------------------------------------------


def test_months_between_counts_whole_months():
    assert months_between(dt.date(2024, 7, 15), dt.date(2025, 3, 14)) == 7
    assert months_between(dt.date(2024, 7, 15), dt.date(2025, 3, 15)) == 8


def test_each_criterion_is_explained_in_indonesian(program):
    program.nib_required = True
    result = eligibility_check(
        program=program,
        started_on=dt.date(2024, 7, 1),
        omzet_per_month=4_000_000,
        nib="",
        today=TODAY,
    )
    messages = [item.pesan for item in result.items]
    assert messages == [
        "Lama usaha 8 bulan, minimal 12 bulan — belum memenuhi.",
        "Omzet Rp 4.000.000/bulan, minimal Rp 5.000.000/bulan — belum memenuhi.",
        "NIB belum diisi; program ini mewajibkan NIB.",
    ]
    assert not result.eligible


def test_binding_criteria_block_a_nomination(program, petugas):
    with pytest.raises(ValidationError, match="Lama usaha 8 bulan, minimal 12 bulan"):
        create(program, petugas, nominee(1, started_on=dt.date(2024, 7, 1)))
    with pytest.raises(ValidationError, match=r"Omzet Rp 4\.999\.999/bulan"):
        create(program, petugas, nominee(2, omzet=4_999_999))


def test_non_binding_criteria_only_warn_and_mark_the_nominee(program, petugas):
    program.criteria_block = False
    program.save()
    nomination = create(program, petugas, nominee(1, started_on=dt.date(2024, 7, 1)))
    assert not nomination.is_eligible
    assert nomination.eligibility[0]["lolos"] is False
    assert nomination.eligibility[0]["pesan"].startswith("Lama usaha 8 bulan")


@pytest.fixture
def level_two(program):
    program.jenjang = 2
    program.save()
    return program


def test_level_two_needs_level_one_completed_in_any_balai(level_two, petugas, balai_jateng):
    with pytest.raises(ValidationError, match="Belum lulus jenjang 1"):
        create(level_two, petugas, nominee(1))
    level_one = ProgramFactory(balai=balai_jateng, jenjang=1, year=2024)
    person = ParticipantFactory(nik=nominee(1).nik, name="Peserta 1", birth_date=BIRTH)
    NominationFactory(program=level_one, participant=person, status=NominationStatus.LULUS)
    assert create(level_two, petugas, nominee(1)).participant == person


def test_a_level_one_place_not_completed_does_not_count(level_two, petugas):
    level_one = ProgramFactory(balai=level_two.balai, jenjang=1, year=2024)
    person = ParticipantFactory(nik=nominee(1).nik)
    NominationFactory(program=level_one, participant=person, status=NominationStatus.TIDAK_LULUS)
    with pytest.raises(ValidationError, match="Belum lulus jenjang 1"):
        create(level_two, petugas, nominee(1))


def test_a_level_already_completed_cannot_be_taken_again(level_two, petugas):
    person = ParticipantFactory(nik=nominee(1).nik)
    for level in (1, 2):
        earlier = ProgramFactory(balai=level_two.balai, jenjang=level, year=2023 + level)
        NominationFactory(program=earlier, participant=person, status=NominationStatus.LULUS)
    with pytest.raises(ValidationError, match="Sudah pernah lulus jenjang 2"):
        create(level_two, petugas, nominee(1))


def test_the_ladder_binds_even_when_criteria_only_warn(level_two, petugas):
    level_two.criteria_block = False
    level_two.save()
    with pytest.raises(ValidationError, match="Belum lulus jenjang 1"):
        create(level_two, petugas, nominee(1))
