"""Cached list pages: served from the cache while nothing changed, never stale after a write.

These tests commit for real (transactional database): the data version only moves when a
transaction commits, which a rolled-back test transaction never does.
"""

import datetime as dt

import pytest
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse

from balatkop import freshness
from balatkop.bulk import insert_objects
from participants.models import Nomination, Participant
from participants.nik import make_nik
from participants.tests.matrix_selection import make_nominee, make_program

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

NOMINATIONS = reverse("participants:nomination_list")
PEOPLE = reverse("participants:participant_list")


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user, backend="balatkop.auth.ModelBackendWithBalai")
    return client


@pytest.fixture
def nominee(staf):
    return make_nominee(make_program(), "52.71")


@pytest.mark.parametrize(
    ("sql", "tracked"),
    [
        ('INSERT INTO "participants_nomination" ("program_id") VALUES (%s)', True),
        ('UPDATE "programs_angkatan" SET "capacity" = 30', True),
        ('DELETE FROM "outcomes_followup" WHERE "id" = 1', True),
        ("  update balatkop_balai set name = %s", True),
        ('UPDATE "outcomes_exportjob" SET "progress" = 50', False),  # progress, not data
        ('UPDATE "balatkop_user" SET "last_login" = %s', False),  # every login
        ('UPDATE "django_session" SET "session_data" = %s', False),
        ('SELECT * FROM "participants_nomination"', False),
        ("UPDATE balatkop_dataversion SET number = number + 1", False),
        ('INSERT INTO "evaluations_pretest" ("score") VALUES (%s)', True),
        ('INSERT INTO "someapp_newtable" ("x") VALUES (%s)', True),  # unknown: counts
        ('UPDATE "django_tasks_database_dbtaskresult" SET "status" = %s', False),
    ],
)
def test_writes_to_domain_tables_are_what_moves_the_version(sql, tracked):
    assert freshness.is_domain_write(sql) is tracked


def test_a_cached_list_costs_three_queries_and_shows_the_same_rows(
    staf, nominee, django_assert_max_num_queries
):
    client = logged_in(staf)
    first = client.get(NOMINATIONS)
    assert nominee.participant.name in first.content.decode()
    # session, user with balai, data version: no count, no rows, no filter choices
    with django_assert_max_num_queries(3):
        again = client.get(NOMINATIONS)
    assert nominee.participant.name in again.content.decode()
    client.get(PEOPLE)
    with django_assert_max_num_queries(3):
        assert nominee.participant.name in client.get(PEOPLE).content.decode()


def test_a_new_nomination_shows_at_once(staf, nominee):
    client = logged_in(staf)
    client.get(NOMINATIONS)
    newcomer = make_nominee(nominee.program, "52.03")
    assert newcomer.participant.name in client.get(NOMINATIONS).content.decode()


def test_a_queryset_update_without_signals_shows_at_once(staf, nominee):
    client = logged_in(staf)
    assert "Budi Kebal Cache" not in client.get(PEOPLE).content.decode()
    Participant.objects.filter(pk=nominee.participant_id).update(name="Budi Kebal Cache")
    assert "Budi Kebal Cache" in client.get(PEOPLE).content.decode()


def test_a_bulk_import_shows_at_once(staf, nominee):
    """COPY on PostgreSQL bypasses the connection's wrapper; the bulk helper reports it."""
    client = logged_in(staf)
    client.get(NOMINATIONS)
    person = Participant(nik=make_nik("52.71", dt.date(1990, 5, 6), "P", 42), name="Ani Massal")
    with transaction.atomic():
        insert_objects(Participant, [person], history_user=staf)
        insert_objects(
            Nomination,
            [
                Nomination(
                    program=nominee.program,
                    participant=person,
                    kabupaten_kota_id="52.71",
                    baseline_omzet=1_000_000,
                    baseline_aset=2_000_000,
                    baseline_tenaga_kerja=1,
                )
            ],
            history_user=staf,
        )
    assert "Ani Massal" in client.get(NOMINATIONS).content.decode()


def test_raw_sql_counts_and_a_rolled_back_write_does_not(staf, nominee):
    before = freshness.data_version()
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE participants_participant SET name = %s WHERE id = %s",
                ["Nama Baru", nominee.participant_id],
            )
        # Inside the writing transaction the cache is not trusted at all.
        assert freshness.data_version() is None
    assert freshness.data_version() == before + 1

    with pytest.raises(RuntimeError), transaction.atomic():
        Participant.objects.filter(pk=nominee.participant_id).update(name="Tidak Jadi")
        raise RuntimeError("batal")
    assert freshness.data_version() == before + 1


def test_one_transaction_moves_the_version_once(staf, nominee):
    before = freshness.data_version()
    with transaction.atomic():
        for name in ["Satu", "Dua", "Tiga"]:
            Participant.objects.filter(pk=nominee.participant_id).update(name=name)
    assert freshness.data_version() == before + 1


def test_viewers_of_another_scope_never_get_the_cached_page(
    staf, petugas, petugas_lain, pimpinan, nominee
):
    """Officers see their own district only; heads see NIK masked, whoever looked first."""
    nik = nominee.participant.nik
    assert nik in logged_in(staf).get(NOMINATIONS).content.decode()

    assert nik in logged_in(petugas).get(NOMINATIONS).content.decode()  # 52.71, own district
    other = logged_in(petugas_lain).get(NOMINATIONS).content.decode()  # 52.03
    assert nominee.participant.name not in other and nik not in other
    head = logged_in(pimpinan).get(NOMINATIONS).content.decode()
    assert nominee.participant.name in head and nik not in head
    assert nik[:4] + "*" * 8 + nik[-4:] in head


def test_filters_and_pages_are_cached_apart(staf, nominee):
    make_nominee(nominee.program, "52.03")
    client = logged_in(staf)
    everyone = client.get(NOMINATIONS).content.decode()
    mataram = client.get(NOMINATIONS, {"kabupaten_kota": "52.71"}).content.decode()
    assert "2 usulan" in everyone and "1 usulan" in mataram


@pytest.mark.parametrize(
    ("html", "builds"),
    [("<p>daftar</p>", 1), ('<input name="csrfmiddlewaretoken" value="rahasia">', 2)],
)
def test_a_fragment_with_a_csrf_token_is_never_stored(rf, staf, html, builds):
    request = rf.get("/")
    request.user = staf
    built = []

    def build():
        built.append(1)
        return html

    for _ in range(2):
        assert freshness.cached_fragment(request, "uji", build, depends=[freshness.PEOPLE]) == html
    assert len(built) == builds


def test_the_impact_report_is_computed_once_and_follows_new_data(
    pimpinan, nominee, django_assert_max_num_queries
):
    client = logged_in(pimpinan)
    url = reverse("outcomes:impact_report")
    with django_assert_max_num_queries(15) as cold:
        assert client.get(url).context["total"].completed == 0
    # session, user with balai, data version (read once for the report and its body)
    with django_assert_max_num_queries(3) as warm:
        assert client.get(url).context["total"].completed == 0
    assert len(warm) < len(cold) - 5

    Nomination.objects.filter(pk=nominee.pk).update(status="lulus")
    assert client.get(url).context["total"].completed == 1


def test_the_report_reads_its_filter_value_lists_once_per_data_version(pimpinan, nominee):
    from django.test.utils import CaptureQueriesContext

    def reads_sectors(captured) -> bool:
        return any("DISTINCT" in q["sql"] and "sector" in q["sql"] for q in captured)

    client = logged_in(pimpinan)
    url = reverse("outcomes:impact_report")
    with CaptureQueriesContext(connection) as first:
        client.get(url)
    with CaptureQueriesContext(connection) as other_filter:
        assert client.get(url, {"jenis_kelamin": "P"}).status_code == 200
    assert reads_sectors(first) and not reads_sectors(other_filter)


# --- Per balai and per kind of data -------------------------------------------------------


@pytest.mark.parametrize(
    ("table", "kind"),
    [
        ("participants_nomination", freshness.NOMINATIONS),
        ("participants_historicalnomination", freshness.NOMINATIONS),
        ("participants_attendance", freshness.ATTENDANCE),
        ("participants_participant", freshness.PEOPLE),
        ("programs_angkatan", freshness.PROGRAMS),
        ("outcomes_followup", freshness.FOLLOWUPS),
        ("outcomes_exportjob", None),
        ("balatkop_balai", freshness.ALL),
        ("balatkop_kabupatenkota", freshness.ALL),
        ("documents_certificate", freshness.PROGRAMS),
        ("newapp_thing", freshness.ALL),  # a new app's table: every kind until named
    ],
)
def test_each_table_holds_one_kind_of_data(table, kind):
    assert freshness.kind_of(table) == kind


def test_writes_belong_to_the_writers_balai_except_shared_rows_that_already_exist():
    update_person = 'UPDATE "participants_participant" SET "name" = %s'
    new_person = 'INSERT INTO "participants_participant" ("name") VALUES (%s)'
    with freshness.writes_for(7):
        assert freshness.written_scope('UPDATE "participants_attendance" SET "status" = %s') == (
            7,
            freshness.ATTENDANCE,
        )
        assert freshness.written_scope(new_person) == (7, freshness.PEOPLE)
        # a person may be nominated in several balai: a change shows in all of them
        assert freshness.written_scope(update_person) == (0, freshness.PEOPLE)
        assert freshness.written_scope('UPDATE "balatkop_kabupatenkota" SET "name" = %s') == (
            0,
            freshness.ALL,
        )
    # no balai (administrator, command, public page): installation-wide
    assert freshness.written_scope('DELETE FROM "outcomes_followup"') == (0, freshness.FOLLOWUPS)


def test_a_request_writes_for_the_balai_of_its_user_and_an_administrator_for_every_balai(
    staf, admin_user
):
    assert freshness.writer_balai(staf) == staf.balai_id
    assert freshness.writer_balai(admin_user) == freshness.EVERY_BALAI


@pytest.fixture
def jateng_nominee(balai_jateng):
    return make_nominee(make_program(balai=balai_jateng), "33.74")


def _cached_pages(client, urls, django_assert_max_num_queries) -> None:
    """Each page comes from the cache: session, user with balai, data version."""
    for url in urls:
        with django_assert_max_num_queries(3):
            assert client.get(url).status_code == 200


def test_a_write_in_one_balai_leaves_another_balais_cached_pages_valid(
    staf, outsider, nominee, jateng_nominee, django_assert_max_num_queries
):
    jateng, ntb = logged_in(outsider), logged_in(staf)
    for client in (jateng, ntb):
        for url in (NOMINATIONS, PEOPLE):
            client.get(url)
    with freshness.writes_for(staf.balai_id):
        Nomination.objects.filter(pk=nominee.pk).update(status="ditolak")
        make_nominee(nominee.program, "52.03")
    _cached_pages(jateng, (NOMINATIONS, PEOPLE), django_assert_max_num_queries)
    page = ntb.get(NOMINATIONS).content.decode()  # never stale where it changed
    assert "2 usulan" in page and "Ditolak" in page


def test_a_person_of_two_balai_changed_by_one_shows_at_once_in_the_other(
    staf, outsider, nominee, balai_jateng
):
    make_nominee(make_program(balai=balai_jateng), "52.71", participant=nominee.participant)
    jateng = logged_in(outsider)
    assert nominee.participant.name in jateng.get(PEOPLE).content.decode()
    with freshness.writes_for(staf.balai_id):
        Participant.objects.filter(pk=nominee.participant_id).update(name="Ganti Nama Bersama")
    assert "Ganti Nama Bersama" in jateng.get(PEOPLE).content.decode()


def test_an_administrator_sees_a_write_of_any_balai_at_once(admin_user, staf, nominee):
    client = logged_in(admin_user)
    assert "1 usulan" in client.get(NOMINATIONS).content.decode()
    with freshness.writes_for(staf.balai_id):
        make_nominee(nominee.program, "52.03")
    assert "2 usulan" in client.get(NOMINATIONS).content.decode()


def test_a_table_nobody_classified_rebuilds_every_page_of_its_balai_only(
    staf, outsider, nominee, jateng_nominee, django_assert_max_num_queries
):
    jateng, ntb = logged_in(outsider), logged_in(staf)
    for client in (jateng, ntb):
        client.get(PEOPLE)
    before = freshness.data_version(kinds=[freshness.PEOPLE], balai=staf.balai_id)
    with freshness.writes_for(staf.balai_id), transaction.atomic():
        freshness.data_changed(connection, "aplikasibaru_catatan")
    assert freshness.data_version(kinds=[freshness.PEOPLE], balai=staf.balai_id) == before + 1
    _cached_pages(jateng, (PEOPLE,), django_assert_max_num_queries)


@pytest.fixture
def placed(nominee):
    from participants.tests.matrix_selection import START, make_placed
    from programs.tests.factories import AngkatanFactory

    return make_placed(AngkatanFactory(program=nominee.program, start_date=START, capacity=30))


def test_an_attendance_click_leaves_the_impact_report_and_the_lists_valid(
    staf, pimpinan, placed, django_assert_max_num_queries
):
    head, clerk = logged_in(pimpinan), logged_in(staf)
    report = reverse("outcomes:impact_report")
    head.get(report)
    for url in (NOMINATIONS, PEOPLE):
        clerk.get(url)
    from balatkop.models import DataVersion

    before = dict(DataVersion.objects.values_list("scope", "number"))
    cell = f"c-{placed.pk}-{placed.angkatan.start_date:%Y-%m-%d}"
    response = clerk.post(
        reverse("participants:attendance_cell", args=[placed.angkatan_id]),
        {"cell": cell, cell: "hadir"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    after = dict(DataVersion.objects.values_list("scope", "number"))
    # the click moved the attendance version of this balai, and nothing else
    moved = {scope for scope, number in after.items() if before.get(scope, 0) != number}
    assert moved == {f"{staf.balai_id}:{freshness.ATTENDANCE}"}
    _cached_pages(head, (report,), django_assert_max_num_queries)
    _cached_pages(clerk, (NOMINATIONS, PEOPLE), django_assert_max_num_queries)


def test_a_followup_leaves_the_nomination_list_valid_and_moves_the_report(
    staf, pimpinan, placed, django_assert_max_num_queries
):
    from outcomes.models import FollowUp

    Nomination.objects.filter(pk=placed.pk).update(status="lulus")
    head, clerk = logged_in(pimpinan), logged_in(staf)
    report = reverse("outcomes:impact_report")
    assert head.get(report).context["total"].paired == 0
    clerk.get(NOMINATIONS)
    with freshness.writes_for(staf.balai_id):
        FollowUp.objects.create(
            nomination=placed,
            round_months=6,
            measured_on=dt.date(2026, 6, 1),
            omzet=2_000_000,
            aset=3_000_000,
            tenaga_kerja=2,
        )
    _cached_pages(clerk, (NOMINATIONS,), django_assert_max_num_queries)
    assert head.get(report).context["total"].paired == 1
