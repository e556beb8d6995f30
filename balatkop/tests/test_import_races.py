"""Two confirms at once (PostgreSQL, real threads released by a barrier): one import wins,
the other gets a clear Indonesian message, and no request fails."""

import datetime as dt
import io

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError
from django.test import Client
from django.urls import reverse

from balatkop.bulk import Row, insert_rows
from balatkop.tests.factories import kabkota
from balatkop.tests.races import postgresql_race, run_together
from outcomes.historical import write_historical_book
from outcomes.models import HistoricalUpload
from outcomes.tests.test_historical import row as historical_row
from participants.models import Nomination, NominationUpload, Participant
from participants.tests.excel import filled_template
from participants.tests.excel import row as nomination_row
from programs.tests.factories import ProgramFactory, QuotaFactory

pytestmark = postgresql_race("Row locks and COPY need PostgreSQL.")


def at_once(user, requests: list[tuple[str, dict]]) -> list[tuple[int, list[str]]]:
    """POST each (url, data) from its own thread and connection, all released together."""

    def poster(url, data):
        client = Client(raise_request_exception=False)
        client.force_login(user)

        def post():
            response = client.post(url, data)
            return response.status_code, [str(m) for m in get_messages(response.wsgi_request)]

        return post

    return run_together([poster(url, data) for url, data in requests])


def nomination_upload(client, program, rows) -> int:
    url = reverse("participants:nomination_upload", args=[program.pk])
    data = filled_template(program, client.user, rows)
    response = client.post(url, {"file": SimpleUploadedFile("usulan.xlsx", data)})
    assert response.status_code == 302
    return NominationUpload.objects.latest("pk").pk


@pytest.fixture
def program(staf):
    program = ProgramFactory(balai=staf.balai, min_omzet_per_month=0)
    QuotaFactory(program=program, kabupaten_kota=kabkota("52.71"), seats=20)
    return program


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    client.user = user
    return client


def test_one_upload_confirmed_twice_at_once_imports_once(staf, program):
    pk = nomination_upload(_client(staf), program, [nomination_row(i) for i in range(1, 6)])
    url = reverse("participants:nomination_import_confirm", args=[pk])

    results = at_once(staf, [(url, {}), (url, {})])

    assert [status for status, _ in results] == [302, 302]
    assert Nomination.objects.filter(program=program).count() == 5
    texts = [" ".join(t) for _, t in results]
    assert sum("5 orang berhasil diusulkan" in t for t in texts) == 1
    assert sum("Berkas ini sudah diimpor" in t for t in texts) == 1


def test_two_overlapping_files_confirmed_at_once_give_one_winner_and_a_clear_message(staf, program):
    client = _client(staf)
    first = nomination_upload(client, program, [nomination_row(i) for i in range(1, 6)])
    second = nomination_upload(client, program, [nomination_row(i) for i in range(3, 8)])
    urls = [reverse("participants:nomination_import_confirm", args=[pk]) for pk in (first, second)]

    results = at_once(staf, [(url, {}) for url in urls])

    assert [status for status, _ in results] == [302, 302]
    assert Participant.objects.count() == 5  # the winner's five; nothing of the loser's file
    loser = [t for _, t in results if not any("berhasil diusulkan" in m for m in t)]
    assert len(loser) == 1 and loser[0]
    assert all(m.startswith("Baris ") or "baru saja" in m for m in loser[0])


def test_two_historical_imports_into_one_existing_programme_at_once(staf):
    client = _client(staf)
    existing = [historical_row(1)]
    buffer = io.BytesIO()
    write_historical_book(buffer, existing)
    client.post(
        reverse("outcomes:historical_import"),
        {"file": SimpleUploadedFile("awal.xlsx", buffer.getvalue())},
    )
    client.post(reverse("outcomes:historical_confirm", args=[HistoricalUpload.objects.get().pk]))
    pks = []
    for name in ("a.xlsx", "b.xlsx"):
        buffer = io.BytesIO()
        write_historical_book(buffer, [historical_row(i) for i in range(1, 6)])
        client.post(
            reverse("outcomes:historical_import"),
            {"file": SimpleUploadedFile(name, buffer.getvalue())},
        )
        pks.append(HistoricalUpload.objects.latest("pk").pk)
    urls = [reverse("outcomes:historical_confirm", args=[pk]) for pk in pks]

    results = at_once(staf, [(url, {}) for url in urls])

    assert [status for status, _ in results] == [302, 302]
    assert Nomination.objects.count() == 5
    texts = sorted(" ".join(t) for _, t in results)
    assert any("4 baru" in t for t in texts)  # the winner adds the four new people
    assert any("sudah ada" in t for t in texts)  # the other finds them there


def test_a_unique_violation_inside_copy_is_djangos_integrity_error(db):
    nik = "5271011703850001"
    insert_rows(Participant, [Row(nik=nik, name="A", sex="L", birth_date=dt.date(1985, 3, 17))])
    with pytest.raises(IntegrityError):
        insert_rows(Participant, [Row(nik=nik, name="B", sex="L", birth_date=dt.date(1985, 3, 17))])
