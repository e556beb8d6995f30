"""Placement rules: capacity, overlapping dates, automatic distribution."""

import datetime as dt
from collections import Counter

import pytest
from django.core.exceptions import ValidationError

from participants.models import Nomination, NominationStatus
from participants.services import completion, placement
from participants.services import selection as services
from participants.tests.matrix_selection import START, make_nominee, make_placed, make_program
from programs.tests.factories import AngkatanFactory

pytestmark = pytest.mark.django_db
S = NominationStatus


@pytest.fixture
def program(balai_ntb):
    return make_program()


def accepted(program, kab="52.71", **kwargs):
    return make_nominee(program, kab, status=S.DITERIMA, **kwargs)


def test_an_accepted_nominee_is_placed_and_history_says_where(program, staf):
    angkatan = AngkatanFactory(program=program, capacity=2)
    nomination = accepted(program)
    placement.nomination_place(nomination=nomination, angkatan=angkatan, by=staf)
    nomination.refresh_from_db()
    assert (nomination.status, nomination.angkatan) == (S.DITEMPATKAN, angkatan)
    assert services.status_history(nomination)[-1]["why"] == f"Ditempatkan di {angkatan}"


def test_a_full_angkatan_refuses_one_more(program, staf):
    angkatan = AngkatanFactory(program=program, capacity=1)
    make_placed(angkatan)
    with pytest.raises(ValidationError, match="sudah penuh"):
        placement.nomination_place(nomination=accepted(program), angkatan=angkatan, by=staf)


def test_a_withdrawal_frees_the_place(program, staf):
    angkatan = AngkatanFactory(program=program, capacity=1)
    leaver = make_placed(angkatan)
    completion.nomination_complete(
        nomination=leaver, outcome=S.MENGUNDURKAN_DIRI, by=staf, reason="Pindah kerja"
    )
    placement.nomination_place(nomination=accepted(program), angkatan=angkatan, by=staf)
    assert placement.placed_count(angkatan) == 1


def test_only_accepted_nominees_can_be_placed(program, staf):
    angkatan = AngkatanFactory(program=program)
    with pytest.raises(ValidationError, match="hanya peserta yang diterima"):
        placement.nomination_place(nomination=make_nominee(program), angkatan=angkatan, by=staf)


def test_a_person_cannot_sit_in_two_angkatan_whose_dates_overlap(program, staf):
    other_program = make_program()
    first = AngkatanFactory(program=other_program, start_date=START)  # 17–20 Nov
    second = AngkatanFactory(program=program, start_date=START + dt.timedelta(days=3))  # 20–23
    placed = make_placed(first)
    nomination = accepted(program, participant=placed.participant)
    with pytest.raises(ValidationError, match="tanggal yang bertumpuk"):
        placement.nomination_place(nomination=nomination, angkatan=second, by=staf)


def test_back_to_back_angkatan_do_not_overlap(program, staf):
    other_program = make_program()
    first = AngkatanFactory(program=other_program, start_date=START)
    second = AngkatanFactory(program=program, start_date=START + dt.timedelta(days=4))
    placed = make_placed(first)
    nomination = accepted(program, participant=placed.participant)
    placement.nomination_place(nomination=nomination, angkatan=second, by=staf)


def test_an_angkatan_of_another_programme_is_refused(program, staf):
    elsewhere = AngkatanFactory(program=make_program())
    with pytest.raises(ValidationError, match="bukan bagian dari program"):
        placement.nomination_place(nomination=accepted(program), angkatan=elsewhere, by=staf)


def test_unplacing_returns_the_nominee_to_accepted(program, staf):
    angkatan = AngkatanFactory(program=program)
    nomination = make_placed(angkatan)
    placement.nomination_unplace(nomination=nomination, by=staf)
    nomination.refresh_from_db()
    assert (nomination.status, nomination.angkatan) == (S.DITERIMA, None)


def _layout(program):
    """{angkatan number: Counter of districts}."""
    rows = Nomination.objects.filter(program=program, status=S.DITEMPATKAN).values_list(
        "angkatan__number", "kabupaten_kota_id"
    )
    layout = {}
    for number, kab in rows:
        layout.setdefault(number, Counter())[kab] += 1
    return layout


def test_distribute_keeping_districts_together_fills_angkatan_in_order(program, staf):
    AngkatanFactory(program=program, number=1, start_date=START, capacity=10)
    AngkatanFactory(program=program, number=2, start_date=START + dt.timedelta(days=7), capacity=10)
    for kab, count in [("52.71", 6), ("52.03", 4), ("52.01", 5)]:
        for _ in range(count):
            accepted(program, kab)

    result = placement.placement_distribute(
        program=program, mode=placement.DistributeMode.KEEP_TOGETHER, by=staf
    )

    assert result.done == 15 and not result.errors
    layout = _layout(program)
    # Mataram (6) and Lombok Timur (4) fill angkatan 1; Lombok Barat (5) goes whole to 2.
    assert layout == {1: Counter({"52.71": 6, "52.03": 4}), 2: Counter({"52.01": 5})}


def test_distribute_splits_a_district_only_when_it_fits_nowhere(program, staf):
    AngkatanFactory(program=program, number=1, start_date=START, capacity=5)
    AngkatanFactory(program=program, number=2, start_date=START + dt.timedelta(days=7), capacity=5)
    for _ in range(7):
        accepted(program, "52.71")
    placement.placement_distribute(
        program=program, mode=placement.DistributeMode.KEEP_TOGETHER, by=staf
    )
    assert _layout(program) == {1: Counter({"52.71": 5}), 2: Counter({"52.71": 2})}


def test_distribute_evenly_gives_each_angkatan_the_same_number(program, staf):
    AngkatanFactory(program=program, number=1, start_date=START, capacity=60)
    AngkatanFactory(program=program, number=2, start_date=START + dt.timedelta(days=7), capacity=60)
    for kab in ["52.71"] * 7 + ["52.03"] * 5:
        accepted(program, kab)
    placement.placement_distribute(program=program, mode=placement.DistributeMode.EVEN, by=staf)
    layout = _layout(program)
    assert [sum(layout[n].values()) for n in (1, 2)] == [6, 6]


def test_distribution_never_exceeds_capacity_and_reports_who_is_left(program, staf):
    angkatan = AngkatanFactory(program=program, capacity=3)
    make_placed(angkatan)
    for _ in range(4):
        accepted(program)
    result = placement.placement_distribute(
        program=program, mode=placement.DistributeMode.EVEN, by=staf
    )
    assert result.done == 2
    assert placement.placed_count(angkatan) == 3
    assert "2 peserta belum ditempatkan" in result.errors[-1]


def test_distribution_skips_a_person_already_elsewhere_on_those_dates(program, staf):
    AngkatanFactory(program=program, start_date=START, capacity=10)
    busy = make_placed(AngkatanFactory(program=make_program(), start_date=START))
    accepted(program, participant=busy.participant)
    accepted(program)
    result = placement.placement_distribute(
        program=program, mode=placement.DistributeMode.KEEP_TOGETHER, by=staf
    )
    assert result.done == 1
    assert any("bertumpuk" in e for e in result.errors)
