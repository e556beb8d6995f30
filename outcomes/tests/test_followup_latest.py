"""FollowUp.is_latest stays equal to "no later follow-up exists" through every write path."""

import datetime as dt
import importlib
import io

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse

from balatkop.models import Role
from outcomes.historical import historical_import
from outcomes.models import FollowUp, followups_mark_latest
from outcomes.services import Measurement, followup_record, visit_record
from outcomes.tests.factories import (
    CompletedNominationFactory,
    FollowUpFactory,
    build_jateng_2021_cohort,
)
from outcomes.tests.test_followup import _filled_template, _upload
from outcomes.tests.test_historical import row, sheet
from programs.tests.factories import ProgramFactory

pytestmark = pytest.mark.django_db
TODAY = dt.date(2022, 12, 1)  # the factory angkatan ended 20 November 2020


def expected_latest() -> set[int]:
    """The ids the old per-query anti-join paired: no later follow-up by date, round, then id."""
    date, rank = OuterRef("measured_on"), OuterRef("round_months")
    later = FollowUp.objects.filter(nomination_id=OuterRef("nomination_id")).filter(
        Q(measured_on__gt=date)
        | Q(measured_on=date, round_months__gt=rank)
        | Q(measured_on=date, round_months=rank, pk__gt=OuterRef("pk"))
    )
    return set(FollowUp.objects.filter(~Exists(later)).values_list("pk", flat=True))


def flagged() -> set[int]:
    return set(FollowUp.objects.filter(is_latest=True).values_list("pk", flat=True))


def assert_flags_match():
    assert FollowUp.objects.exists()
    assert flagged() == expected_latest()


def test_form_and_visit_flag_the_latest_by_date_then_round(petugas):
    nomination = CompletedNominationFactory(program__followup_rounds=[6, 12, 18])
    first = followup_record(
        nomination=nomination, by=petugas, today=TODAY,
        measurement=Measurement(6, dt.date(2021, 6, 1), 9_000_000, 60_000_000, 3),
    )  # fmt: skip
    assert flagged() == {first.pk} and first.is_latest
    # A later round measured earlier is not the latest: the date decides first.
    followup_record(
        nomination=nomination, by=petugas, today=TODAY,
        measurement=Measurement(12, dt.date(2021, 5, 1), 9_500_000, 61_000_000, 3),
    )  # fmt: skip
    assert flagged() == {first.pk}
    visit = visit_record(
        nomination=nomination, pendamping="Sri", visited_on=dt.date(2021, 6, 1),
        topics="Pemasaran", by=petugas, today=TODAY,
        measurement=Measurement(18, dt.date(2021, 6, 1), 9_900_000, 62_000_000, 4),
    )  # fmt: skip
    # Same date: the higher round wins.
    assert flagged() == {visit.followup.pk}
    assert_flags_match()


def test_editing_moving_and_deleting_a_followup_moves_the_flag():
    a, b = CompletedNominationFactory(), CompletedNominationFactory()
    early = FollowUpFactory(nomination=a, round_months=6, measured_on=dt.date(2021, 5, 20))
    late = FollowUpFactory(nomination=a, round_months=12, measured_on=dt.date(2021, 11, 20))
    assert flagged() == {late.pk}

    early.measured_on = dt.date(2022, 1, 5)  # an edit (admin) that makes it the latest
    early.save()
    assert flagged() == {early.pk} and early.is_latest
    stale = FollowUp.objects.get(pk=early.pk)  # read while it is the latest...
    newest = FollowUpFactory(nomination=a, round_months=18, measured_on=dt.date(2022, 3, 1))
    stale.save()  # ...and saved after: its old flag is not written back
    assert flagged() == {newest.pk} and not stale.is_latest
    newest.delete()
    assert flagged() == {early.pk}

    early.nomination = b  # moved to another alumnus: both alumni are re-marked
    early.save()
    assert flagged() == {early.pk, late.pk}

    early.delete()
    assert flagged() == {late.pk}
    FollowUpFactory(nomination=a, round_months=18, measured_on=dt.date(2022, 5, 20))
    FollowUp.objects.filter(round_months=18).delete()  # a bulk delete (admin action)
    assert flagged() == {late.pk}
    assert_flags_match()


def test_bulk_create_flags_the_cohort():
    build_jateng_2021_cohort()
    assert len(flagged()) == 106
    assert_flags_match()


def test_round_upload_flags_the_new_measurements(client_for, staf):
    program = ProgramFactory(balai=staf.balai)
    alumni = [CompletedNominationFactory(program=program) for _ in range(2)]
    FollowUpFactory(nomination=alumni[0], round_months=3, measured_on=dt.date(2021, 2, 20))
    client = client_for(staf)
    data = _filled_template(
        client, program,
        {2: [dt.datetime(2021, 6, 1), 9_000_000, 60_000_000, 3],
         3: ["2021-06-02", 7_500_000, 55_000_000, 2]},
    )  # fmt: skip
    _preview, confirm = _upload(client, program, data)
    assert confirm.status_code == 302
    assert set(FollowUp.objects.filter(is_latest=True).values_list("round_months", flat=True)) == {
        6
    }
    assert_flags_match()


def test_historical_import_flags_new_and_existing_alumni(balai_ntb):
    later = {"Tanggal Monitoring": dt.date(2021, 11, 25), "Omzet Sesudah": 12_000_000}
    headers, rows = sheet([row(1), row(1, **later), row(2)])
    historical_import(balai=balai_ntb, headers=headers, rows=rows)
    assert_flags_match()
    # A second file adding a later round to a known alumnus moves the flag.
    newest = {"Tanggal Monitoring": dt.date(2022, 5, 25), "Omzet Sesudah": 14_000_000}
    headers, rows = sheet([row(2, **newest)])
    historical_import(balai=balai_ntb, headers=headers, rows=rows)
    assert sorted(FollowUp.objects.filter(is_latest=True).values_list("omzet", flat=True)) == [
        12_000_000,
        14_000_000,
    ]
    assert_flags_match()


def test_generated_data_is_flagged():
    call_command(
        "buat_data_besar", nominations=300, balai="FLAG", provinsi="52", stdout=io.StringIO()
    )
    assert_flags_match()


def test_demo_data_is_flagged():
    call_command("muat_demo", stdout=io.StringIO())
    assert_flags_match()


def test_the_migration_and_the_function_fill_the_flag_from_scratch():
    nomination = CompletedNominationFactory()
    for months, day in ((6, dt.date(2021, 5, 20)), (12, dt.date(2021, 5, 20)), (18, dt.date(2021, 1, 2))):  # fmt: skip
        FollowUpFactory(nomination=nomination, round_months=months, measured_on=day)
    build_jateng_2021_cohort()
    expected = expected_latest()

    FollowUp.objects.update(is_latest=False)
    migration = importlib.import_module("outcomes.migrations.0006_followup_is_latest")
    migration.mark_latest(apps, None)
    assert flagged() == expected

    FollowUp.objects.update(is_latest=False)
    followups_mark_latest()
    assert flagged() == expected


def test_admin_shows_the_flag_read_only(client, django_user_model):
    admin = django_user_model.objects.create_superuser(
        "root", "root@example.org", "x", role=Role.ADMIN
    )
    followup = FollowUpFactory()
    client.force_login(admin, backend=settings.AUTHENTICATION_BACKENDS[-1])
    url = reverse("admin:outcomes_followup_change", args=[followup.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert "is_latest" not in response.context["adminform"].form.fields
