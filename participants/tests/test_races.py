"""Ten identical requests at once end as one write and clear messages, never a 500.

Real threads on PostgreSQL, released together by a barrier right before the write (SQLite
serialises every writer, so there is no race to show there).
"""

import datetime as dt

from django.core.exceptions import ValidationError

from balatkop.tests.factories import kabkota
from balatkop.tests.races import postgresql_race, run_together
from outcomes.models import FollowUp
from outcomes.services import Measurement, followup_record
from outcomes.tests.factories import CompletedNominationFactory
from participants.models import Nomination, Participant
from participants.nik import make_nik
from participants.services.registry import NomineeData, nomination_create
from programs.tests.factories import ProgramFactory, QuotaFactory

pytestmark = postgresql_race("Row locks and unique-insert waits need PostgreSQL.")

RACERS = 10


def test_ten_identical_new_nik_nominations_give_one_nomination_and_no_error(petugas):
    program = ProgramFactory(balai=petugas.balai)
    QuotaFactory(program=program, kabupaten_kota=kabkota("52.71"), seats=60)
    nik = make_nik("52.71", dt.date(1985, 3, 17), "P", 12)

    def nominate():
        data = NomineeData(
            nik=nik, name="Siti Aminah", kabupaten_kota_id="52.71", business_name="Konveksi",
            omzet=6_000_000, aset=50_000_000, tenaga_kerja=2,
        )  # fmt: skip
        return nomination_create(program=program, by=petugas, data=data)

    outcomes = run_together([nominate] * RACERS)
    nominated = [o for o in outcomes if isinstance(o, Nomination)]
    refused = [o for o in outcomes if isinstance(o, ValidationError)]
    errors = [o for o in outcomes if o not in nominated and o not in refused]
    assert errors == []
    assert len(nominated) == 1
    assert {m for r in refused for m in r.messages} == {"Orang ini sudah diusulkan di program ini."}
    assert Participant.objects.count() == 1 and Nomination.objects.count() == 1


def test_ten_followups_of_different_rounds_are_all_stored_with_one_latest(petugas):
    rounds = list(range(1, RACERS + 1))
    nomination = CompletedNominationFactory(program__followup_rounds=rounds)
    end = nomination.angkatan.end_date

    def record(r):
        measurement = Measurement(r, end + dt.timedelta(days=31 * r), 9_000_000 + r, 60_000_000, 3)
        return lambda: followup_record(
            nomination=nomination, measurement=measurement, by=petugas, today=dt.date(2030, 1, 1)
        )

    outcomes = run_together([record(r) for r in rounds])
    assert [o for o in outcomes if not isinstance(o, FollowUp)] == []
    assert FollowUp.objects.filter(nomination=nomination).count() == RACERS
    latest = FollowUp.objects.get(nomination=nomination, is_latest=True)
    assert latest.round_months == RACERS
