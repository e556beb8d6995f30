"""The demo data: loaded through the historical import, idempotent, and true to the seed stories."""

import io
from decimal import Decimal

import pytest
from django.core.management import call_command

from balatkop.models import Balai, Role, User
from outcomes.impact import ImpactFilters, impact_compute
from outcomes.management.commands.muat_demo import DEMO_PASSWORD, DEMO_USERS, split_total
from outcomes.models import FollowUp, ImportLog
from participants.models import Nomination, NominationStatus, Participant
from participants.nik import check_nik
from programs.models import Program

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    out = io.StringIO()
    call_command("muat_demo", stdout=out)
    return out.getvalue()


def test_jawa_tengah_impact_report_shows_the_published_figures(demo):
    jateng = Balai.objects.get(code="JATENG")
    program = Program.objects.get(balai=jateng, code="JATENG-2021-J2")

    report = impact_compute(
        nominations=Nomination.objects.filter(program__balai=jateng),
        filters=ImpactFilters(year=2021, program=program),
    )

    total = report.total
    assert (total.completed, total.paired) == (106, 106)
    assert (total.omzet.before, total.omzet.after) == (2_400_000_000, 5_370_000_000)
    assert (total.aset.before, total.aset.after) == (7_360_000_000, 12_340_000_000)
    assert (total.tenaga_kerja.before, total.tenaga_kerja.after) == (279, 583)
    assert total.omzet.growth == Decimal("123.75")
    assert total.omzet.ratio == Decimal("223.75")
    assert total.aset.growth == Decimal("67.66")
    assert total.jobs_added == 304


def test_ntb_2020_has_600_alumni_in_10_angkatan_of_60_from_10_districts(demo):
    program = Program.objects.get(balai__code="NTB", code="NTB-2020-01")

    assert program.nominations.filter(status=NominationStatus.LULUS).count() == 600
    assert sorted(program.angkatan.values_list("number", flat=True)) == list(range(1, 11))
    assert {a.nominations.count() for a in program.angkatan.all()} == {60}
    assert program.nominations.values("kabupaten_kota").distinct().count() == 10
    sectors = set(program.nominations.values_list("business__sector", flat=True))
    assert {"Konveksi", "Tata Rias", "Tata Boga", "Koperasi"} <= sectors


def test_ntb_has_2019_totals_and_a_2021_plan_open_for_nominations(demo):
    assert Program.objects.get(code="NTB-2019").reported_trained_count == 1086
    plan = Program.objects.get(code="NTB-2021-01")
    assert plan.target_participants == 740
    assert sum(plan.quotas.values_list("seats", flat=True)) == 740
    stages = set(plan.nominations.values_list("status", flat=True))
    assert {
        NominationStatus.DIUSULKAN,
        NominationStatus.DITERIMA,
        NominationStatus.DITOLAK,
    } <= stages


def test_demo_names_are_fictitious_but_every_nik_is_valid_in_form(demo):
    niks = list(Participant.objects.values_list("nik", flat=True))
    assert len(niks) > 700
    assert all(check_nik(nik, known_kabupaten_kota={nik[:2] + "." + nik[2:4]}).ok for nik in niks)


def test_every_role_has_a_demo_login_printed_with_its_password(demo):
    for username, role, *_ in DEMO_USERS:
        user = User.objects.get(username=username)
        assert user.role == role
        assert user.check_password(DEMO_PASSWORD)
        assert f"{username}" in demo
    assert User.objects.get(username="admin").is_superuser
    assert User.objects.get(username="petugas.lotim").kabupaten_kota_id == "52.03"
    assert {Role.STAF_BALAI, Role.PETUGAS_KABKOTA, Role.PIMPINAN, Role.ADMIN} == set(
        User.objects.values_list("role", flat=True)
    )
    assert DEMO_PASSWORD in demo


def row_counts() -> tuple[int, ...]:
    models = (Participant, Nomination, FollowUp, Program, User, ImportLog)
    return tuple(model.objects.count() for model in models)


def test_loading_the_demo_twice_changes_nothing(demo):
    before = row_counts()
    out = io.StringIO()

    call_command("muat_demo", stdout=out)

    after = row_counts()
    assert after == before
    assert "sudah dimuat, tidak ada perubahan" in out.getvalue()


def test_split_total_adds_up_exactly_and_respects_the_floor():
    parts = split_total(2_400_000_000, [0.5, 1.0, 3.2, 0.1], floor=5_000_000, step=50_000)
    assert sum(parts) == 2_400_000_000
    assert min(parts) >= 5_000_000
