"""Each notice, in the app and by e-mail (Django's test outbox): what happened and a link."""

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from balatkop.tests.factories import kabkota
from notices import services as notices
from notices.models import Notice, NoticeKind, NoticeSettings
from outcomes.models import ExportJob, ExportJobStatus
from outcomes.tasks import export_job_request
from outcomes.tests.factories import CompletedNominationFactory
from participants.models import Nomination, NominationStatus
from participants.services import placement, selection
from participants.tests.matrix_selection import make_nominee, make_program
from programs import services as program_services
from programs.models import ProgramStatus
from programs.tests.factories import AngkatanFactory, QuotaFactory

pytestmark = pytest.mark.django_db
S = NominationStatus


@pytest.fixture
def officer(petugas):
    petugas.email = "petugas@mataram.go.id"
    petugas.save()
    return petugas


@pytest.fixture
def program(balai_ntb):
    program = make_program(code="KWU-1", name="Kewirausahaan")
    QuotaFactory(program=program, kabupaten_kota=kabkota("52.71"), seats=5)
    return program


def test_a_decision_tells_the_districts_officer_in_the_app_and_by_email(
    program, staf, officer, petugas_lain, django_capture_on_commit_callbacks
):
    nominee = make_nominee(program)
    with django_capture_on_commit_callbacks(execute=True):
        selection.nomination_accept(nomination=nominee, by=staf)
    notice = Notice.objects.get()
    assert notice.recipient == officer  # not the other district's officer, not the staff
    assert notice.kind == NoticeKind.DECIDED
    assert notice.text == f"Usulan {nominee.participant.name} di program {program} diterima."
    assert notice.url == reverse("participants:nomination_detail", kwargs={"pk": nominee.pk})
    assert [m.to for m in mail.outbox] == [["petugas@mataram.go.id"]]
    assert notice.text in mail.outbox[0].body
    assert "http://127.0.0.1:8000" + notice.url in mail.outbox[0].body
    notice.refresh_from_db()
    assert notice.emailed_at is not None


def test_a_rejection_says_why(program, staf, officer, django_capture_on_commit_callbacks):
    nominee = make_nominee(program)
    with django_capture_on_commit_callbacks(execute=True):
        selection.nomination_reject(nomination=nominee, by=staf, reason="Usaha belum 12 bulan")
    assert Notice.objects.get().text.endswith("ditolak (Usaha belum 12 bulan).")


def test_a_decision_that_fails_tells_nobody(
    program, staf, officer, django_capture_on_commit_callbacks
):
    nominee = make_nominee(program, status=S.LULUS)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(Exception):
        selection.nomination_accept(nomination=nominee, by=staf)
    assert not Notice.objects.exists()
    assert mail.outbox == []


def test_many_decisions_at_once_are_one_notice_with_the_counts(
    program, staf, officer, django_capture_on_commit_callbacks
):
    for _ in range(3):
        make_nominee(program)
    rejected = make_nominee(program)
    with notices.batch(), django_capture_on_commit_callbacks(execute=True):
        selection.nominations_decide(
            nominations=Nomination.objects.exclude(pk=rejected.pk), decision="terima", by=staf
        )
        selection.nomination_reject(nomination=rejected, by=staf, reason="Bukan warga")
    notice = Notice.objects.get()
    assert notice.text == (
        f"Keputusan usulan Kota Mataram di program {program}: 3 diterima, 1 ditolak."
    )
    assert notice.url == reverse("participants:district_outcomes") + f"?program={program.pk}"
    assert len(mail.outbox) == 1


@pytest.mark.django_db(transaction=True)
def test_a_request_deciding_many_tells_once(program, staf, officer, client_for):
    """Real commits (a transactional test): the request's middleware groups the events."""
    ids = [make_nominee(program).pk for _ in range(4)]
    client_for(staf).post(
        reverse("participants:selection_decide", kwargs={"pk": program.pk}),
        {"ids": ids, "decision": "terima", "scope": "dicentang"},
    )
    assert Nomination.objects.filter(status=S.DITERIMA).count() == 4
    assert Notice.objects.get().text.endswith(": 4 diterima.")
    assert len(mail.outbox) == 1


def test_a_placement_tells_the_officer_to_forward_the_call_letter(
    program, staf, officer, django_capture_on_commit_callbacks
):
    angkatan = AngkatanFactory(program=program, start_date=dt.date(2026, 12, 7), venue="Mataram")
    nominee = make_nominee(program, status=S.DITERIMA)
    with django_capture_on_commit_callbacks(execute=True):
        placement.nomination_place(nomination=nominee, angkatan=angkatan, by=staf)
    notice = Notice.objects.get()
    assert notice.kind == NoticeKind.PLACED
    assert notice.text == (
        f"{nominee.participant.name} ditempatkan di {angkatan} (7 Desember 2026 s.d. "
        "10 Desember 2026, Mataram); teruskan surat panggilannya."
    )
    assert notice.url == notices.call_letters_url(angkatan)
    assert "teruskan surat panggilannya" in mail.outbox[0].subject + mail.outbox[0].body


def test_opening_a_programme_tells_the_officers_of_districts_with_a_quota(
    balai_ntb, officer, petugas_lain, django_capture_on_commit_callbacks
):
    program = make_program(
        status=ProgramStatus.DRAFT,
        code="TB-2",
        name="Tata Boga",
        nomination_closes=dt.date(2026, 12, 15),
    )
    QuotaFactory(program=program, kabupaten_kota=kabkota("52.71"), seats=12)
    with django_capture_on_commit_callbacks(execute=True):
        program_services.program_transition(
            program=program, to_status=ProgramStatus.NOMINATION_OPEN
        )
    notice = Notice.objects.get()  # Lombok Timur has no quota: its officer is not told
    assert notice.recipient == officer
    assert notice.text == (
        f"Program {program} dibuka untuk usulan: kuota Kota Mataram 12 orang; "
        "usulan ditutup 15 Desember 2026."
    )
    assert notice.url == reverse("programs:program_detail", kwargs={"pk": program.pk})
    assert mail.outbox[0].to == ["petugas@mataram.go.id"]


def test_a_finished_export_tells_who_asked(staf, django_capture_on_commit_callbacks):
    staf.email = "staf@balatkop.go.id"
    staf.save()
    with django_capture_on_commit_callbacks(execute=True):
        job = export_job_request(user=staf, filters={})
    assert job.status == ExportJobStatus.DONE
    notice = Notice.objects.get(recipient=staf)
    assert notice.kind == NoticeKind.EXPORT_FINISHED
    assert notice.text == "Laporan dampak (Excel) siap diunduh: 0 peserta."
    assert notice.url == reverse("outcomes:export_job_detail", kwargs={"pk": job.pk})
    assert mail.outbox[0].to == ["staf@balatkop.go.id"]


def test_a_failed_export_says_so(staf, django_capture_on_commit_callbacks):
    job = ExportJob.objects.create(
        requested_by=staf, status=ExportJobStatus.FAILED, error="Filter salah."
    )
    with django_capture_on_commit_callbacks(execute=True):
        notices.export_finished(job=job)
    assert Notice.objects.get().text == "Laporan dampak (Excel) gagal dibuat: Filter salah."


def test_the_monthly_reminder_tells_each_recorder_once(
    staf, officer, pimpinan, django_capture_on_commit_callbacks
):
    CompletedNominationFactory(
        program__balai=staf.balai, kabupaten_kota_id="52.71", angkatan__end_date=dt.date(2025, 1, 1)
    )
    with django_capture_on_commit_callbacks(execute=True):
        call_command("kirim_pengingat", "--tanggal", "2026-12-01", verbosity=0)
    with django_capture_on_commit_callbacks(execute=True):  # same month again: no repeat
        call_command("kirim_pengingat", "--tanggal", "2026-12-20", verbosity=0)
    told = {n.recipient.username: n for n in Notice.objects.all()}
    assert set(told) == {staf.username, officer.username}  # heads do not record follow-ups
    assert told[officer.username].text == "1 alumni jatuh tempo monitoring pada Desember 2026."
    assert told[officer.username].url == reverse("outcomes:followup_due")
    assert [m.to for m in mail.outbox] == [["petugas@mataram.go.id"]]


def test_a_user_can_turn_email_off_and_still_sees_the_notice(
    program, staf, officer, client_for, django_capture_on_commit_callbacks
):
    client = client_for(officer)
    response = client.post(reverse("notices:settings"), {})
    assert response.status_code == 302
    assert NoticeSettings.objects.get(user=officer).email is False
    with django_capture_on_commit_callbacks(execute=True):
        selection.nomination_accept(nomination=make_nominee(program), by=staf)
    assert Notice.objects.filter(recipient=officer).count() == 1
    assert mail.outbox == []


def test_no_email_without_a_mail_server(
    program, staf, officer, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = notices.DUMMY_EMAIL
    with django_capture_on_commit_callbacks(execute=True):
        selection.nomination_accept(nomination=make_nominee(program), by=staf)
    assert Notice.objects.get().emailed_at is None


def test_a_mail_server_that_is_down_does_not_fail_the_decision(
    program, staf, officer, monkeypatch, django_capture_on_commit_callbacks
):
    def down(self, messages):
        raise OSError("Connection refused")

    monkeypatch.setattr("django.core.mail.backends.locmem.EmailBackend.send_messages", down)
    nominee = make_nominee(program)
    with django_capture_on_commit_callbacks(execute=True):
        selection.nomination_accept(nomination=nominee, by=staf)
    nominee.refresh_from_db()
    assert nominee.status == S.DITERIMA
    assert Notice.objects.get().emailed_at is None


def test_the_navigation_counts_unread_notices_and_opening_one_reads_it(
    staf, client_for, django_assert_max_num_queries
):
    for text in ("Satu.", "Dua."):
        Notice.objects.create(
            recipient=staf, kind=NoticeKind.EXPORT_FINISHED, text=text, url="/program/"
        )
    client = client_for(staf)
    response = client.get(reverse("notices:list"))
    html = response.content.decode()
    assert "data-unread>2</span>" in html
    assert "Satu." in html and "Dua." in html
    notice = Notice.objects.filter(text="Satu.").get()
    response = client.get(reverse("notices:open", kwargs={"pk": notice.pk}))
    assert response["Location"] == "/program/"
    assert "data-unread>1</span>" in client.get(reverse("notices:list")).content.decode()
    client.post(reverse("notices:read_all"))
    assert "data-unread" not in client.get(reverse("notices:list")).content.decode()


def test_the_unread_count_costs_no_extra_query(staf, client_for, django_assert_max_num_queries):
    Notice.objects.create(recipient=staf, kind=NoticeKind.EXPORT_FINISHED, text="Satu.", url="/")
    client = client_for(staf)
    # session, user with balai and unread count, the page's own count and rows
    with django_assert_max_num_queries(4):
        assert "data-unread>1<" in client.get(reverse("notices:list")).content.decode()


def test_someone_elses_notice_is_404(staf, petugas, client_for):
    notice = Notice.objects.create(
        recipient=staf, kind=NoticeKind.EXPORT_FINISHED, text="x", url="/"
    )
    assert (
        client_for(petugas).get(reverse("notices:open", kwargs={"pk": notice.pk})).status_code
        == 404
    )
    assert Notice.objects.get().read_at is None


def test_a_notice_never_sends_anyone_off_site(staf, client_for):
    notice = Notice.objects.create(
        recipient=staf, kind=NoticeKind.EXPORT_FINISHED, text="x", url="https://evil.example/"
    )
    response = client_for(staf).get(reverse("notices:open", kwargs={"pk": notice.pk}))
    assert response["Location"] == reverse("notices:list")
