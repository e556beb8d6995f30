"""A personal link answered twice at the same moment keeps exactly one reply (PostgreSQL)."""

import datetime as dt

from django.core.exceptions import ValidationError

from balatkop.tests.races import postgresql_race, run_together
from outcomes.models import SelfReport
from outcomes.self_report import selfreport_link, selfreport_submit
from outcomes.tests.factories import CompletedNominationFactory

pytestmark = postgresql_race("Row locks (SELECT … FOR UPDATE) need PostgreSQL.")

RACERS = 4


def test_simultaneous_replies_to_one_link_keep_one(staf):
    alumnus = CompletedNominationFactory(
        program__balai=staf.balai, angkatan__start_date=dt.date(2021, 1, 4)
    )
    link = selfreport_link(nomination=alumnus, round_months=6, by=staf)

    def reply(omzet):
        def submit():
            selfreport_submit(token=link.token, omzet=omzet, aset=1, tenaga_kerja=1)
            return omzet

        return submit

    outcomes = [
        o.messages[0] if isinstance(o, ValidationError) else o
        for o in run_together([reply(1_000_000 * (i + 1)) for i in range(RACERS)])
    ]
    accepted = [o for o in outcomes if isinstance(o, int)]
    assert len(accepted) == 1
    assert outcomes.count("Data untuk tautan ini sudah dikirim. Terima kasih.") == RACERS - 1
    assert SelfReport.objects.get(pk=link.pk).omzet == accepted[0]
