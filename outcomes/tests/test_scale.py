"""Scale, without timings (those live in ``bench/run``): the large-balai generator makes sound
data, the impact report over it equals a plain SQL sum, and query counts do not grow with rows.
"""

import io
import statistics

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from balatkop.models import Balai, KabupatenKota, User
from outcomes.impact import ImpactFilters, impact_compute
from outcomes.models import FollowUp
from participants.models import Attendance, Nomination, NominationStatus, Participant
from participants.nik import check_nik
from participants.tests.factories import ParticipantFactory

pytestmark = pytest.mark.django_db

# The latest follow-up of each alumnus, written independently of outcomes.impact.
DIRECT_SUM = """
SELECT COUNT(*), COUNT(f.omzet),
       SUM(CASE WHEN f.omzet IS NOT NULL THEN n.baseline_omzet END), SUM(f.omzet),
       SUM(CASE WHEN f.omzet IS NOT NULL THEN n.baseline_aset END), SUM(f.aset),
       SUM(CASE WHEN f.omzet IS NOT NULL THEN n.baseline_tenaga_kerja END), SUM(f.tenaga_kerja)
FROM participants_nomination n
JOIN programs_program g ON g.id = n.program_id
LEFT JOIN outcomes_followup f ON f.id = (
    SELECT f2.id FROM outcomes_followup f2 WHERE f2.nomination_id = n.id
    ORDER BY f2.measured_on DESC, f2.round_months DESC, f2.id DESC LIMIT 1
)
WHERE g.balai_id = %s AND n.status = 'lulus' {extra}
"""


def generate(nominations: int, code: str) -> Balai:
    call_command(
        "buat_data_besar", nominations=nominations, balai=code, provinsi="52", stdout=io.StringIO()
    )
    return Balai.objects.get(code=code)


@pytest.fixture
def large_balai(db):
    return generate(2000, "SKALA")


def direct_sum(balai, extra="", params=()):
    with connection.cursor() as cursor:
        cursor.execute(DIRECT_SUM.format(extra=extra), [balai.pk, *params])
        return [int(value or 0) for value in cursor.fetchone()]


def report_sum(report):
    t = report.total
    return [
        t.completed, t.paired, t.omzet.before, t.omzet.after, t.aset.before, t.aset.after,
        t.tenaga_kerja.before, t.tenaga_kerja.after,
    ]  # fmt: skip


def test_generator_makes_the_requested_realistic_balai(large_balai):
    nominations = Nomination.objects.filter(program__balai=large_balai)
    assert nominations.count() == 2000
    years = set(nominations.values_list("program__year", flat=True))
    assert len(years) == 10
    assert set(nominations.values_list("program__jenjang", flat=True)) == {1, 2, 3}
    districts = set(KabupatenKota.objects.filter(provinsi="52").values_list("code", flat=True))
    assert set(nominations.values_list("kabupaten_kota_id", flat=True)) == districts
    statuses = set(nominations.values_list("status", flat=True))
    assert {NominationStatus.LULUS, NominationStatus.DITOLAK} <= statuses


def test_generated_angkatan_hold_30_to_60_people(large_balai):
    sizes = list(
        Nomination.objects.filter(program__balai=large_balai, angkatan__isnull=False)
        .values("angkatan")
        .annotate(n=Count("pk"))
        .values_list("n", flat=True)
    )
    assert max(sizes) <= 60
    assert statistics.median(sizes) >= 30


def test_generated_people_have_structurally_valid_unique_niks(large_balai):
    known = set(KabupatenKota.objects.values_list("code", flat=True))
    people = Participant.objects.filter(nominations__program__balai=large_balai).distinct()
    checks = [
        check_nik(nik, known_kabupaten_kota=known) for nik in people.values_list("nik", flat=True)
    ]
    assert checks and all(check.ok and not check.warnings for check in checks)


def test_generated_alumni_mostly_have_follow_ups_and_all_attendance(large_balai):
    alumni = Nomination.objects.filter(program__balai=large_balai, status=NominationStatus.LULUS)
    followed = alumni.filter(followups__isnull=False).distinct().count()
    assert followed >= 0.7 * alumni.count()
    placed = Nomination.objects.filter(program__balai=large_balai, angkatan__isnull=False)
    days = sum(n.angkatan.length_days for n in placed.select_related("angkatan"))
    assert Attendance.objects.filter(nomination__in=placed).count() == days


def test_generator_leaves_the_id_sequences_ready_for_new_rows(large_balai):
    newest = Participant.objects.order_by("-pk").values_list("pk", flat=True).first()
    assert ParticipantFactory(nik_region="52.71").pk > newest
    assert FollowUp.objects.exists()


def test_impact_totals_equal_a_direct_sql_sum(large_balai):
    head = User.objects.get(username="bench_pimpinan")
    report = impact_compute(nominations=Nomination.objects.for_user(head), filters=ImpactFilters())
    assert report.total.paired > 1000
    assert report_sum(report) == direct_sum(large_balai)
    assert sum(map(sum, report.class_matrix)) == report.total.paired


def test_filtered_impact_totals_equal_a_direct_sql_sum(large_balai):
    head = User.objects.get(username="bench_pimpinan")
    year = Nomination.objects.filter(program__balai=large_balai).latest("program__year")
    district = KabupatenKota.objects.get(code="52.71")
    filters = ImpactFilters(year=year.program.year - 2, kabupaten_kota=district)
    report = impact_compute(nominations=Nomination.objects.for_user(head), filters=filters)
    expected = direct_sum(
        large_balai, "AND g.year = %s AND n.kabupaten_kota_id = %s", (filters.year, "52.71")
    )
    assert report_sum(report) == expected
    assert report.total.completed > 0


def test_impact_breakdowns_add_up_to_the_total(large_balai):
    head = User.objects.get(username="bench_pimpinan")
    report = impact_compute(nominations=Nomination.objects.for_user(head), filters=ImpactFilters())
    for breakdown in report.breakdowns:
        assert sum(g.completed for g in breakdown.groups) == report.total.completed, breakdown.key
        assert sum(g.omzet.after for g in breakdown.groups) == report.total.omzet.after


PAGES = [
    ("outcomes:impact_report", "bench_pimpinan", 15),
    ("participants:nomination_list", "bench_staf", 15),
    ("participants:participant_list", "bench_staf", 15),
]


def _queries(client, url_name: str, username: str) -> int:
    # The project's own login backend, whichever it is (the one that loads the user's balai).
    client.force_login(
        User.objects.get(username=username), backend=settings.AUTHENTICATION_BACKENDS[-1]
    )
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse(url_name))
    assert response.status_code == 200
    return len(captured)


def test_query_counts_do_not_grow_with_the_data(client):
    # The bench users follow the balai generated last: first a small one, then a five times larger one.
    generate(300, "KECIL")
    small = {name: _queries(client, name, user) for name, user, _ in PAGES}
    generate(1500, "BESAR")
    large = {name: _queries(client, name, user) for name, user, _ in PAGES}
    assert large == small
    for name, _, bound in PAGES:
        assert large[name] <= bound, name


def test_health_check_answers_anyone(client):
    response = client.get(reverse("health"))
    assert response.status_code == 200
    assert response.content == b"ok"
