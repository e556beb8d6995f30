"""The fast insert path keeps what the ORM would: primary keys, defaults, JSON and history."""

import datetime as dt

import pytest

from balatkop.bulk import insert_objects
from participants.models import Nomination, Participant
from participants.nik import make_nik
from participants.tests.factories import BusinessFactory
from programs.tests.factories import ProgramFactory

pytestmark = pytest.mark.django_db


def test_inserted_people_get_ids_timestamps_and_a_created_history_record_by_the_user(staf):
    people = [
        Participant(nik=make_nik("52.71", dt.date(1990, 1, i), "P", i), name=f"Ani {i}", sex="P")
        for i in range(1, 4)
    ]
    insert_objects(Participant, people, history_user=staf)

    assert all(p.pk for p in people)
    stored = Participant.objects.get(pk=people[0].pk)
    assert stored.nik == people[0].nik and stored.created_at is not None
    history = Participant.history.filter(id__in=[p.pk for p in people])
    assert history.count() == 3
    assert {(h.history_type, h.history_user_id) for h in history} == {("+", staf.pk)}


def test_children_point_at_parents_inserted_just_before_and_json_survives(staf):
    program = ProgramFactory(balai=staf.balai)
    person = Participant(nik=make_nik("52.71", dt.date(1991, 2, 3), "L", 7), name="Budi", sex="L")
    insert_objects(Participant, [person], history_user=staf)
    nomination = Nomination(
        program=program,
        participant=person,
        business=BusinessFactory(participant=person),
        kabupaten_kota_id="52.71",
        baseline_omzet=6_000_000,
        baseline_aset=50_000_000,
        baseline_tenaga_kerja=2,
        eligibility=[{"kriteria": "Lama usaha", "lolos": True, "pesan": "OK"}],
    )
    insert_objects(Nomination, [nomination], history_user=staf)

    stored = Nomination.objects.get(pk=nomination.pk)
    assert stored.participant_id == person.pk
    assert stored.eligibility == [{"kriteria": "Lama usaha", "lolos": True, "pesan": "OK"}]
    assert stored.history.get().history_type == "+"
