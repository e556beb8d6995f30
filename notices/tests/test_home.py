"""Each role's home is its to-do list: what appears after each kind of event, in few queries."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from balatkop.tests.factories import kabkota
from notices.models import Notice, NoticeKind
from outcomes.models import ExportJob, ExportJobStatus, HistoricalUpload
from outcomes.tests.factories import CompletedNominationFactory, FollowUpFactory
from participants.models import Attendance, NominationStatus, NominationUpload
from participants.tests.matrix_selection import make_nominee, make_placed, make_program
from programs.models import ProgramStatus
from programs.tests.factories import AngkatanFactory, QuotaFactory

pytestmark = pytest.mark.django_db
S = NominationStatus
HOME = reverse("home")


@pytest.fixture
def today(balai_ntb):
    timezone.activate(balai_ntb.time_zone)
    yield timezone.localdate()
    timezone.deactivate()


def tasks(response, section: str) -> list:
    return next(s for s in response.context["sections"] if s.key == section).tasks


def staff_scene(today, n: int = 1):
    """``n`` of each thing a staf balai has to do."""
    program = make_program()
    for _ in range(n):
        make_nominee(program)  # awaiting a decision
    soon = AngkatanFactory(program=program, start_date=today + dt.timedelta(days=3), capacity=5)
    running = AngkatanFactory(program=program, start_date=today - dt.timedelta(days=1), capacity=60)
    ended = AngkatanFactory(program=program, start_date=today - dt.timedelta(days=30), capacity=60)
    for _ in range(n):
        make_placed(soon)
        marked = make_placed(running)
        make_placed(running)
        Attendance.objects.create(nomination=marked, date=today, status="hadir")
        make_placed(ended)
        CompletedNominationFactory(
            program=program, angkatan=ended, angkatan__end_date=today - dt.timedelta(days=400)
        )
    old = AngkatanFactory(
        program=program,
        start_date=today - dt.timedelta(days=400),
        end_date=today - dt.timedelta(days=397),
    )
    for _ in range(n):
        CompletedNominationFactory(program=program, angkatan=old)
    NominationUpload.objects.create(program=program, filename="usulan.xlsx", data=b"x", row_count=7)
    HistoricalUpload.objects.create(balai=program.balai, file_name="2019.xlsx", data=b"x")
    return {"program": program, "soon": soon, "running": running, "ended": ended}


def test_staff_home_lists_each_kind_of_work_waiting(staf, client_for, today):
    scene = staff_scene(today)
    response = client_for(staf).get(HOME)
    program = scene["program"]
    [decide] = tasks(response, "keputusan")
    assert (decide.count, decide.url) == (
        1,
        reverse("participants:selection_program", kwargs={"pk": program.pk}),
    )
    [seats] = tasks(response, "kursi")
    assert (seats.count, seats.note) == (4, "kursi kosong")
    assert seats.url == reverse("participants:placement", kwargs={"pk": program.pk})
    [attendance] = tasks(response, "presensi")
    assert attendance.count == 1  # two placed, one already marked today
    assert attendance.url == reverse(
        "participants:attendance_roster", kwargs={"pk": scene["running"].pk}
    )
    [completion] = tasks(response, "kelulusan")
    assert completion.url == reverse("participants:completion", kwargs={"pk": scene["ended"].pk})
    assert completion.count == 1
    [due] = tasks(response, "monitoring")
    assert due.count == 1 and due.url == reverse("outcomes:followup_due")
    uploads = tasks(response, "impor")
    assert [t.text for t in uploads] == [
        f"Usulan {program.code}: usulan.xlsx",
        "Data historis: 2019.xlsx",
    ]


def test_staff_home_is_calm_when_nothing_waits(staf, client_for, today):
    html = client_for(staf).get(HOME).content.decode()
    assert "Semua usulan sudah diputuskan." in html
    assert "Presensi hari ini lengkap." in html


def test_a_decision_takes_the_programme_off_the_staff_list(staf, client_for, today):
    program = make_program()
    nominee = make_nominee(program)
    client = client_for(staf)
    assert tasks(client.get(HOME), "keputusan")
    nominee.status = S.DITERIMA
    nominee.save()
    assert tasks(client.get(HOME), "keputusan") == []


def home_after_growth(client, bound: int, grow, django_assert_max_num_queries):
    """The home page costs at most ``bound`` queries, and no more after ``grow()`` adds rows."""
    with django_assert_max_num_queries(bound) as few:
        client.get(HOME)
    grow()
    with django_assert_max_num_queries(len(few.captured_queries)):
        return client.get(HOME)


def test_staff_home_query_count_does_not_grow_with_data(
    staf, client_for, today, django_assert_max_num_queries
):
    staff_scene(today)
    response = home_after_growth(
        client_for(staf), 20, lambda: staff_scene(today, n=6), django_assert_max_num_queries
    )
    assert tasks(response, "keputusan")[0].count == 6


def officer_scene(today, n: int = 1):
    program = make_program(
        status=ProgramStatus.NOMINATION_OPEN, nomination_closes=today + dt.timedelta(days=5)
    )
    QuotaFactory(program=program, kabupaten_kota=kabkota("52.71"), seats=10)
    angkatan = AngkatanFactory(program=program, start_date=today + dt.timedelta(days=10))
    for _ in range(n):
        make_nominee(program)
        make_nominee(program, status=S.DITERIMA)
        make_placed(angkatan)
        CompletedNominationFactory(
            program=program,
            angkatan__start_date=today - dt.timedelta(days=400),
            angkatan__end_date=today - dt.timedelta(days=397),
        )
    return {"program": program, "angkatan": angkatan}


def test_officer_home_shows_open_programmes_with_seats_left_and_days_to_close(
    petugas, client_for, today
):
    scene = officer_scene(today)
    [task] = tasks(client_for(petugas).get(HOME), "program-dibuka")
    assert task.url == reverse(
        "participants:nomination_create", kwargs={"program_pk": scene["program"].pk}
    )
    assert task.count == 7  # 10 seats; accepted, placed and passed hold one each
    assert "kuota 10 (4 diusulkan)" in task.note
    assert "ditutup 5 hari lagi" in task.note


def test_officer_home_shows_decisions_since_the_last_visit(petugas, client_for, today):
    client = client_for(petugas)
    assert tasks(client.get(HOME), "sejak-terakhir") == []
    Notice.objects.create(
        recipient=petugas, kind=NoticeKind.DECIDED, text="Usulan Ani diterima.", url="/"
    )
    Notice.objects.create(
        recipient=petugas, kind=NoticeKind.EXPORT_FINISHED, text="Ekspor siap.", url="/"
    )
    [news] = tasks(client.get(HOME), "sejak-terakhir")  # a reload in the session keeps them
    assert news.text == "Usulan Ani diterima."
    client.logout()
    client = client_for(petugas)  # the next visit starts after this one
    assert tasks(client.get(HOME), "sejak-terakhir") == []


def test_officer_home_lists_call_letters_with_a_whatsapp_message(petugas, client_for, today):
    scene = officer_scene(today)
    response = client_for(petugas).get(HOME)
    [row] = response.context["call_letters"]
    assert row["nomination"].angkatan == scene["angkatan"]
    assert row["whatsapp"].startswith("https://wa.me/6281234567890?text=Yth.%20")
    assert row["letter_url"] == reverse(
        "documents:call_letter", kwargs={"pk": row["nomination"].pk}
    )
    assert 'id="surat-panggilan"' in response.content.decode()


def test_officer_sees_alumni_followups_due(petugas, petugas_lain, client_for, today):
    officer_scene(today)
    assert tasks(client_for(petugas).get(HOME), "monitoring")[0].count == 1
    assert tasks(client_for(petugas_lain).get(HOME), "monitoring") == []


def test_officer_home_query_count_does_not_grow_with_data(
    petugas, client_for, today, django_assert_max_num_queries
):
    officer_scene(today)
    client = client_for(petugas)
    client.get(HOME)  # the first visit of a session records it

    def grow():
        officer_scene(today, n=5)
        for _ in range(5):
            Notice.objects.create(recipient=petugas, kind=NoticeKind.PLACED, text="x", url="/")

    response = home_after_growth(client, 15, grow, django_assert_max_num_queries)
    assert len(response.context["call_letters"]) == 6


def head_scene(today, n: int = 1):
    program = make_program(year=today.year, status=ProgramStatus.RUNNING)
    last_year = make_program(year=today.year - 1, status=ProgramStatus.FINISHED)
    for _ in range(n):
        FollowUpFactory(nomination__program=last_year)  # omzet doubled: +100%
        CompletedNominationFactory(program=program)
    return {"program": program, "last_year": last_year}


def test_head_home_compares_this_year_with_last(pimpinan, client_for, today):
    head_scene(today)
    response = client_for(pimpinan).get(HOME)
    last, this = response.context["head"]["comparison"]
    assert (last["year"], last["completed"], last["paired"]) == (today.year - 1, 1, 1)
    assert last["omzet_growth"] == 100
    assert (this["completed"], this["paired"], this["omzet_growth"]) == (1, 0, None)
    assert this["report_url"] == reverse("outcomes:impact_report") + f"?tahun={today.year}"
    statuses = {row["label"]: row["count"] for row in response.context["head"]["by_status"]}
    assert statuses["Berjalan"] == 1
    html = response.content.decode()
    assert "+100,00%" in html


def test_head_home_links_the_latest_report(pimpinan, client_for, today):
    job = ExportJob.objects.create(
        requested_by=pimpinan, status=ExportJobStatus.DONE, file_name="dampak.xlsx", data=b"x"
    )
    html = client_for(pimpinan).get(HOME).content.decode()
    assert reverse("outcomes:export_job_download", kwargs={"pk": job.pk}) in html


def test_head_home_query_count_does_not_grow_with_data(
    pimpinan, client_for, today, django_assert_max_num_queries
):
    head_scene(today)
    response = home_after_growth(
        client_for(pimpinan), 10, lambda: head_scene(today, n=5), django_assert_max_num_queries
    )
    assert response.context["head"]["comparison"][0]["paired"] == 6
