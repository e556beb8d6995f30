"""A personal link answered twice at the same moment keeps exactly one reply (PostgreSQL)."""

import datetime as dt
import threading

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection

from outcomes.models import SelfReport
from outcomes.self_report import selfreport_link, selfreport_submit
from outcomes.tests.factories import CompletedNominationFactory

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        "postgresql" not in settings.DATABASES["default"]["ENGINE"],
        reason="Row locks (SELECT … FOR UPDATE) need PostgreSQL; SQLite serialises all writers.",
    ),
]

RACERS = 4


def test_simultaneous_replies_to_one_link_keep_one(staf):
    alumnus = CompletedNominationFactory(
        program__balai=staf.balai, angkatan__start_date=dt.date(2021, 1, 4)
    )
    link = selfreport_link(nomination=alumnus, round_months=6, by=staf)
    barrier = threading.Barrier(RACERS)
    outcomes = []

    def reply(omzet):
        try:
            barrier.wait(timeout=5)
            selfreport_submit(token=link.token, omzet=omzet, aset=1, tenaga_kerja=1)
            outcomes.append(omzet)
        except ValidationError as error:
            outcomes.append(error.messages[0])
        finally:
            connection.close()

    threads = [threading.Thread(target=reply, args=(1_000_000 * (i + 1),)) for i in range(RACERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    accepted = [o for o in outcomes if isinstance(o, int)]
    assert len(accepted) == 1
    assert outcomes.count("Data untuk tautan ini sudah dikirim. Terima kasih.") == RACERS - 1
    assert SelfReport.objects.get(pk=link.pk).omzet == accepted[0]
