"""Rules of the programs app: status transitions, quotas, angkatan dates and capacity, generator."""

import datetime as dt
import itertools

import pytest
from django.core.exceptions import ValidationError

from participants.models import NominationStatus
from participants.tests.factories import NominationFactory
from programs import seats, selectors, services
from programs.models import Angkatan, Bidang, ProgramStatus, Quota
from programs.tests.factories import (
    AngkatanFactory,
    InstrukturFactory,
    ProgramFactory,
    QuotaFactory,
)

NTB_DISTRICTS = [
    "52.01", "52.02", "52.03", "52.04", "52.05", "52.06", "52.07", "52.08", "52.71", "52.72",
]  # fmt: skip

pytestmark = pytest.mark.django_db


@pytest.fixture
def program(balai_ntb):
    return ProgramFactory(balai=balai_ntb, status=ProgramStatus.DRAFT, target_participants=600)


def messages_of(excinfo) -> str:
    return " ".join(excinfo.value.messages)


# --- Status transitions -------------------------------------------------------------------


def test_a_programme_walks_from_draft_to_finished(program):
    QuotaFactory(program=program, kabupaten_kota_id="52.71", seats=60)
    AngkatanFactory(program=program, number=1)
    for status in [
        ProgramStatus.NOMINATION_OPEN,
        ProgramStatus.NOMINATION_CLOSED,
        ProgramStatus.RUNNING,
        ProgramStatus.FINISHED,
    ]:
        program = services.program_transition(program=program, to_status=status)
        program.refresh_from_db()
        assert program.status == status


@pytest.mark.parametrize(
    ("start", "target"),
    [
        (ProgramStatus.DRAFT, ProgramStatus.RUNNING),
        (ProgramStatus.DRAFT, ProgramStatus.FINISHED),
        (ProgramStatus.NOMINATION_OPEN, ProgramStatus.RUNNING),
        (ProgramStatus.RUNNING, ProgramStatus.NOMINATION_OPEN),
        (ProgramStatus.FINISHED, ProgramStatus.RUNNING),
        (ProgramStatus.FINISHED, ProgramStatus.DRAFT),
    ],
)
def test_a_programme_cannot_skip_or_go_back_where_it_makes_no_sense(balai_ntb, start, target):
    program = ProgramFactory(balai=balai_ntb, status=start)
    with pytest.raises(ValidationError) as excinfo:
        services.program_transition(program=program, to_status=target)
    assert "Status tidak dapat diubah dari" in messages_of(excinfo)
    program.refresh_from_db()
    assert program.status == start


def test_nominations_open_only_with_quotas(program):
    with pytest.raises(ValidationError) as excinfo:
        services.program_transition(program=program, to_status=ProgramStatus.NOMINATION_OPEN)
    assert messages_of(excinfo) == "Isi kuota kabupaten/kota sebelum membuka usulan."


def test_nominations_open_only_with_a_target(balai_ntb):
    program = ProgramFactory(balai=balai_ntb, status=ProgramStatus.DRAFT, target_participants=0)
    with pytest.raises(ValidationError, match="Isi target peserta"):
        services.program_transition(program=program, to_status=ProgramStatus.NOMINATION_OPEN)


def test_training_starts_only_with_an_angkatan(balai_ntb):
    program = ProgramFactory(balai=balai_ntb, status=ProgramStatus.NOMINATION_CLOSED)
    with pytest.raises(ValidationError, match="Buat minimal satu angkatan"):
        services.program_transition(program=program, to_status=ProgramStatus.RUNNING)


def test_closed_nominations_can_be_reopened(balai_ntb):
    program = ProgramFactory(balai=balai_ntb, status=ProgramStatus.NOMINATION_CLOSED)
    QuotaFactory(program=program)
    program = services.program_transition(program=program, to_status=ProgramStatus.NOMINATION_OPEN)
    assert program.status == ProgramStatus.NOMINATION_OPEN


def test_back_to_draft_only_before_the_first_nomination(balai_ntb):
    program = ProgramFactory(balai=balai_ntb, status=ProgramStatus.NOMINATION_OPEN)
    NominationFactory(program=program)
    with pytest.raises(ValidationError, match="sudah ada usulan peserta"):
        services.program_transition(program=program, to_status=ProgramStatus.DRAFT)


def test_unknown_status_is_refused(program):
    with pytest.raises(ValidationError, match="Status tujuan tidak dikenal"):
        services.program_transition(program=program, to_status="dibatalkan")


def test_next_statuses_offer_only_the_allowed_steps(balai_ntb):
    program = ProgramFactory(balai=balai_ntb, status=ProgramStatus.NOMINATION_CLOSED)
    assert services.program_next_statuses(program=program) == [
        (ProgramStatus.RUNNING, "Mulai pelatihan"),
        (ProgramStatus.NOMINATION_OPEN, "Buka kembali usulan"),
    ]
    program.status = ProgramStatus.FINISHED
    assert services.program_next_statuses(program=program) == []


def test_status_changes_are_recorded_in_history(program, staf):
    QuotaFactory(program=program)
    services.program_transition(program=program, to_status=ProgramStatus.NOMINATION_OPEN)
    latest = program.history.first()
    assert latest.status == ProgramStatus.NOMINATION_OPEN
    assert latest.history_type == "~"


# --- Quota arithmetic ---------------------------------------------------------------------


def test_divide_evenly_gives_ntb_sixty_each():
    assert services.quota_divide_evenly(total=600, codes=NTB_DISTRICTS) == dict.fromkeys(
        NTB_DISTRICTS, 60
    )


def test_divide_evenly_gives_the_remainder_to_the_first_districts():
    shares = services.quota_divide_evenly(total=605, codes=NTB_DISTRICTS)
    assert [shares[c] for c in NTB_DISTRICTS] == [61] * 5 + [60] * 5
    assert sum(shares.values()) == 605


def test_divide_evenly_with_fewer_seats_than_districts():
    shares = services.quota_divide_evenly(total=3, codes=NTB_DISTRICTS)
    assert [shares[c] for c in NTB_DISTRICTS] == [1, 1, 1] + [0] * 7


def test_divide_evenly_without_districts_is_empty():
    assert services.quota_divide_evenly(total=600, codes=[]) == {}


def test_province_districts_are_ntbs_ten(program):
    codes = list(selectors.province_districts(program=program).values_list("code", flat=True))
    assert codes == NTB_DISTRICTS


def test_quotas_save_creates_and_updates_rows(program):
    QuotaFactory(program=program, kabupaten_kota_id="52.71", seats=10)
    services.quotas_save(program=program, seats=dict.fromkeys(NTB_DISTRICTS, 60))
    assert dict(program.quotas.values_list("kabupaten_kota", "seats")) == dict.fromkeys(
        NTB_DISTRICTS, 60
    )
    # 52.71 was updated in place, not duplicated.
    assert program.quotas.count() == 10


def test_quotas_save_skips_new_zero_rows_but_keeps_existing_ones(program):
    QuotaFactory(program=program, kabupaten_kota_id="52.71", seats=10)
    services.quotas_save(program=program, seats={"52.71": 0, "52.72": 0, "52.01": 5})
    assert dict(program.quotas.values_list("kabupaten_kota", "seats")) == {"52.71": 0, "52.01": 5}


def test_quota_sum_above_target_needs_confirmation(program):
    seats = dict.fromkeys(NTB_DISTRICTS, 61)  # 610 > 600
    with pytest.raises(ValidationError) as excinfo:
        services.quotas_save(program=program, seats=seats)
    assert excinfo.value.message_dict["confirm_over_target"] == [
        "Jumlah kuota 610 melebihi target peserta 600. Centang konfirmasi bila memang disengaja."
    ]
    assert not program.quotas.exists()
    services.quotas_save(program=program, seats=seats, confirm_over_target=True)
    assert sum(program.quotas.values_list("seats", flat=True)) == 610


def test_quota_sum_equal_to_target_needs_no_confirmation(program):
    services.quotas_save(program=program, seats=dict.fromkeys(NTB_DISTRICTS, 60))
    assert program.quotas.count() == 10


def test_quota_outside_the_province_is_refused(program):
    with pytest.raises(ValidationError, match=r"33\.74 tidak berada di provinsi"):
        services.quotas_save(program=program, seats={"33.74": 10})


def test_negative_quota_is_refused(program):
    with pytest.raises(ValidationError, match="Kuota tidak boleh negatif"):
        services.quotas_save(program=program, seats={"52.71": -1})


# --- Angkatan dates and capacity ----------------------------------------------------------


def angkatan_args(**overrides):
    args = {
        "number": 1,
        "start_date": dt.date(2020, 11, 17),
        "end_date": dt.date(2020, 11, 20),
        "capacity": 60,
        "venue": "Balatkop NTB",
    }
    return {**args, **overrides}


def test_angkatan_of_the_programmes_length_is_created(program):
    instruktur = InstrukturFactory(balai=program.balai)
    angkatan = services.angkatan_create(
        program=program, instructors=[instruktur], **angkatan_args()
    )
    assert angkatan.length_days == 4
    assert list(angkatan.instructors.all()) == [instruktur]


def test_angkatan_end_before_start_is_refused(program):
    with pytest.raises(ValidationError) as excinfo:
        services.angkatan_create(program=program, **angkatan_args(end_date=dt.date(2020, 11, 16)))
    assert excinfo.value.message_dict["end_date"] == [
        "Tanggal selesai tidak boleh sebelum tanggal mulai."
    ]


def test_angkatan_of_one_day_is_allowed_when_start_equals_end(balai_ntb):
    program = ProgramFactory(balai=balai_ntb, days_per_angkatan=1)
    start = dt.date(2020, 11, 17)
    angkatan = services.angkatan_create(
        program=program, **angkatan_args(start_date=start, end_date=start)
    )
    assert angkatan.length_days == 1


def test_angkatan_length_other_than_the_programmes_needs_confirmation(program):
    args = angkatan_args(end_date=dt.date(2020, 11, 21))  # 5 days, programme says 4
    with pytest.raises(ValidationError) as excinfo:
        services.angkatan_create(program=program, **args)
    assert excinfo.value.message_dict["confirm_length"] == [
        "Lama angkatan 5 hari, sedangkan program ini 4 hari per angkatan. "
        "Centang konfirmasi bila memang disengaja."
    ]
    angkatan = services.angkatan_create(program=program, confirm_length=True, **args)
    assert angkatan.length_days == 5


def test_angkatan_number_is_unique_in_a_programme(program):
    services.angkatan_create(program=program, **angkatan_args())
    with pytest.raises(ValidationError) as excinfo:
        services.angkatan_create(program=program, **angkatan_args())
    assert excinfo.value.message_dict["number"] == ["Angkatan 1 sudah ada di program ini."]


def test_angkatan_capacity_cannot_drop_below_placed_participants(program):
    angkatan = AngkatanFactory(program=program, number=1, capacity=60)
    NominationFactory.create_batch(
        3, program=program, angkatan=angkatan, status=NominationStatus.DITEMPATKAN
    )
    with pytest.raises(ValidationError) as excinfo:
        services.angkatan_update(angkatan=angkatan, **angkatan_args(capacity=2))
    assert excinfo.value.message_dict["capacity"] == [
        "Kapasitas tidak boleh kurang dari 3 peserta yang sudah ditempatkan."
    ]
    angkatan = services.angkatan_update(angkatan=angkatan, **angkatan_args(capacity=3))
    assert angkatan.capacity == 3


def test_angkatan_update_keeps_its_own_number(program):
    angkatan = AngkatanFactory(program=program, number=1)
    updated = services.angkatan_update(angkatan=angkatan, **angkatan_args(venue="Hotel Lombok"))
    assert updated.venue == "Hotel Lombok"


def test_angkatan_instructor_of_another_balai_is_refused(program, balai_jateng):
    other = InstrukturFactory(balai=balai_jateng)
    with pytest.raises(ValidationError, match="bukan instruktur balai ini"):
        services.angkatan_create(program=program, instructors=[other], **angkatan_args())


def test_angkatan_changes_are_recorded_in_history(program):
    angkatan = services.angkatan_create(program=program, **angkatan_args())
    services.angkatan_update(angkatan=angkatan, **angkatan_args(capacity=50))
    assert [h.capacity for h in angkatan.history.all()] == [50, 60]


# --- The generator ------------------------------------------------------------------------


def test_generator_makes_ten_angkatan_of_sixty_back_to_back(program):
    created = services.angkatan_generate(
        program=program, count=10, capacity=60, first_start=dt.date(2020, 11, 17)
    )
    assert [a.number for a in created] == list(range(1, 11))
    assert all(a.capacity == 60 and a.length_days == 4 for a in created)
    for previous, following in itertools.pairwise(created):
        assert following.start_date == previous.end_date + dt.timedelta(days=1)
    assert created[-1].end_date == dt.date(2020, 11, 17) + dt.timedelta(days=39)
    assert Angkatan.objects.filter(program=program).count() == 10


def test_generator_continues_numbering_after_existing_angkatan(program):
    AngkatanFactory(program=program, number=3)
    created = services.angkatan_generate(
        program=program, count=2, capacity=30, first_start=dt.date(2020, 12, 1)
    )
    assert [a.number for a in created] == [4, 5]


def test_generator_skipping_weekends_keeps_each_angkatan_inside_a_working_week(program):
    # 2020-11-16 is a Monday; 4-day angkatan run Mon–Thu, the next can't straddle a weekend.
    created = services.angkatan_generate(
        program=program,
        count=3,
        capacity=60,
        first_start=dt.date(2020, 11, 16),
        skip_weekends=True,
    )
    assert [(a.start_date, a.end_date) for a in created] == [
        (dt.date(2020, 11, 16), dt.date(2020, 11, 19)),
        (dt.date(2020, 11, 23), dt.date(2020, 11, 26)),
        (dt.date(2020, 11, 30), dt.date(2020, 12, 3)),
    ]


def test_generator_skipping_weekends_never_starts_on_a_saturday():
    schedule = services.angkatan_schedule(
        first_start=dt.date(2021, 3, 6), count=2, days=5, skip_weekends=True
    )  # a Saturday; Jawa Tengah runs 5 consecutive days
    assert schedule == [
        (dt.date(2021, 3, 8), dt.date(2021, 3, 12)),
        (dt.date(2021, 3, 15), dt.date(2021, 3, 19)),
    ]


def test_generator_with_long_angkatan_only_moves_the_start_off_the_weekend():
    schedule = services.angkatan_schedule(
        first_start=dt.date(2021, 3, 5), count=2, days=7, skip_weekends=True
    )
    assert schedule == [
        (dt.date(2021, 3, 5), dt.date(2021, 3, 11)),
        (dt.date(2021, 3, 12), dt.date(2021, 3, 18)),
    ]


@pytest.mark.parametrize(
    ("count", "capacity", "field"), [(0, 60, "count"), (51, 60, "count"), (2, 0, "capacity")]
)
def test_generator_refuses_impossible_sizes(program, count, capacity, field):
    with pytest.raises(ValidationError) as excinfo:
        services.angkatan_generate(
            program=program, count=count, capacity=capacity, first_start=dt.date(2020, 11, 17)
        )
    assert field in excinfo.value.message_dict
    assert not program.angkatan.exists()


def test_generator_summary_reads_in_indonesian(program):
    created = services.angkatan_generate(
        program=program, count=10, capacity=60, first_start=dt.date(2020, 11, 17)
    )
    assert services.generator_summary(angkatan=created) == (
        "10 angkatan dibuat (nomor 1–10), 17 November 2020 s.d. 26 Desember 2020, 600 kursi."
    )


# --- Managed lists and read models --------------------------------------------------------


def test_bidang_names_are_unique_regardless_of_case(db):
    services.bidang_create(name="  Fotografi   Produk ")
    assert Bidang.objects.filter(name="Fotografi Produk").exists()
    with pytest.raises(ValidationError, match="sudah ada"):
        services.bidang_create(name="fotografi produk")


def test_accepted_statuses_mirror_the_nomination_funnel():
    assert set(seats.HOLDS_QUOTA_SEAT) <= set(NominationStatus.values)
    assert set(seats.HOLDS_PLACE) <= set(seats.HOLDS_QUOTA_SEAT)
    assert NominationStatus.DITOLAK not in seats.HOLDS_QUOTA_SEAT
    assert NominationStatus.MENGUNDURKAN_DIRI not in seats.HOLDS_QUOTA_SEAT


def test_district_rows_count_nominated_accepted_and_placed(program):
    services.quotas_save(program=program, seats={"52.71": 60, "52.03": 40})
    angkatan = AngkatanFactory(program=program, number=1)
    NominationFactory(program=program, kabupaten_kota_id="52.71")
    NominationFactory(program=program, kabupaten_kota_id="52.71", status=NominationStatus.DITOLAK)
    NominationFactory(program=program, kabupaten_kota_id="52.71", status=NominationStatus.DITERIMA)
    NominationFactory(
        program=program,
        kabupaten_kota_id="52.71",
        status=NominationStatus.DITEMPATKAN,
        angkatan=angkatan,
    )
    NominationFactory(program=program, kabupaten_kota_id="52.03", status=NominationStatus.LULUS)
    NominationFactory(kabupaten_kota_id="52.71")  # another programme: not counted
    rows = {r.code: r for r in selectors.district_rows(program=program)}
    assert len(rows) == 10
    mataram, lotim, sumbawa = rows["52.71"], rows["52.03"], rows["52.04"]
    assert (mataram.quota_seats, mataram.nominated, mataram.accepted, mataram.placed) == (
        60,
        4,
        2,
        1,
    )
    assert (lotim.quota_seats, lotim.nominated, lotim.accepted, lotim.placed) == (40, 1, 1, 0)
    assert (sumbawa.quota_seats, sumbawa.nominated) == (None, 0)
    only_mataram = list(selectors.district_rows(program=program, only_district="52.71"))
    assert [r.code for r in only_mataram] == ["52.71"]


def test_year_totals_add_database_graduates_to_reported_counts(balai_ntb):
    from programs.models import Program

    ProgramFactory(
        balai=balai_ntb,
        year=2019,
        target_participants=1000,
        reported_trained_count=1086,
        status=ProgramStatus.FINISHED,
    )
    p2020 = ProgramFactory(
        balai=balai_ntb, year=2020, target_participants=600, status=ProgramStatus.FINISHED
    )
    NominationFactory.create_batch(3, program=p2020, status=NominationStatus.LULUS)
    NominationFactory(program=p2020, status=NominationStatus.TIDAK_LULUS)
    ProgramFactory(balai=balai_ntb, year=2020, target_participants=0, reported_trained_count=597)
    ProgramFactory(balai=balai_ntb, year=2021, target_participants=740, status=ProgramStatus.DRAFT)
    totals = {row["year"]: row for row in selectors.year_totals(Program.objects.all())}
    assert (totals[2019]["target"], totals[2019]["trained_total"]) == (1000, 1086)
    assert (
        totals[2020]["program_count"],
        totals[2020]["target"],
        totals[2020]["trained_total"],
    ) == (2, 600, 600)
    assert (totals[2021]["target"], totals[2021]["trained_total"], totals[2021]["finished"]) == (
        740,
        0,
        0,
    )


def test_quota_history_names_district_and_seats(program, staf):
    QuotaFactory(program=program, kabupaten_kota_id="52.71", seats=60)
    services.quotas_save(program=program, seats={"52.71": 55})
    entries = selectors.program_history(program=program)
    assert entries[0]["what"] == "Kuota Kota Mataram: 55 — kuota: 60 → 55"
    assert entries[0]["action"] == "diubah"
    assert Quota.history.count() == 2
