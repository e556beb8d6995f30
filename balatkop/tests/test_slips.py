"""The slips found while walking every role's journeys, each pinned by a test."""

import datetime as dt
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from balatkop.navigation import menu_for
from balatkop.templatetags.indonesia import waktu
from balatkop.tests.factories import kabkota
from outcomes.tests.factories import CompletedNominationFactory, FollowUpFactory
from participants.services.registry import nominees_check
from participants.tests.matrix_selection import START, make_nominee, make_placed, make_program
from participants.tests.test_registry_services import nominee
from programs import services as program_services
from programs.models import Angkatan, ProgramStatus
from programs.tests.factories import AngkatanFactory, ProgramFactory, QuotaFactory

pytestmark = pytest.mark.django_db


def lit(user, view_name: str, path: str) -> list[str]:
    return [item["label"] for item in menu_for(user, path, view_name) if item["active"]]


@pytest.mark.parametrize(
    ("view_name", "path", "expected"),
    [
        ("participants:participant_list", "/peserta/", ["Peserta"]),
        ("participants:participant_detail", "/peserta/5/", ["Peserta"]),
        ("participants:nomination_list", "/peserta/usulan/", ["Usulan Peserta"]),
        ("participants:nomination_create", "/peserta/program/3/usulkan/", ["Usulan Peserta"]),
        ("participants:selection_program", "/peserta/seleksi/program/3/", ["Seleksi"]),
        ("participants:attendance_roster", "/peserta/angkatan/3/presensi/", ["Seleksi"]),
        ("participants:completion", "/peserta/angkatan/3/kelulusan/", ["Seleksi"]),
        ("documents:angkatan_documents", "/dokumen/angkatan/3/", ["Seleksi"]),
        ("documents:participant_documents", "/dokumen/peserta/", ["Surat & Sertifikat"]),
        ("participants:district_outcomes", "/peserta/hasil/", ["Hasil Usulan"]),
        ("programs:program_list", "/program/", ["Program"]),
        ("programs:year_overview", "/program/rekap-tahunan/", ["Rekap Tahunan"]),
        ("programs:angkatan_detail", "/program/angkatan/3/", ["Program"]),
        ("home", "/", ["Beranda"]),
        ("notices:list", "/pemberitahuan/", []),
    ],
)
def test_the_navigation_lights_exactly_one_entry(staf, view_name, path, expected):
    assert lit(staf, view_name, path) == expected


def test_a_page_marks_one_menu_entry_as_current(staf, client_for):
    html = client_for(staf).get(reverse("programs:year_overview")).content.decode()
    assert html.count('aria-current="page"') == 1


def test_an_officer_can_nominate_from_an_open_programme_page(petugas, client_for, balai_ntb):
    program = ProgramFactory(balai=balai_ntb, status=ProgramStatus.NOMINATION_OPEN)
    QuotaFactory(program=program, kabupaten_kota=kabkota("52.71"), seats=5)
    html = (
        client_for(petugas)
        .get(reverse("programs:program_detail", kwargs={"pk": program.pk}))
        .content.decode()
    )
    assert reverse("participants:nomination_create", kwargs={"program_pk": program.pk}) in html
    assert "Usulkan peserta" in html


def test_no_nominate_button_once_the_window_has_closed(petugas, client_for, balai_ntb):
    program = ProgramFactory(
        balai=balai_ntb,
        status=ProgramStatus.NOMINATION_OPEN,
        nomination_closes=dt.date(2020, 1, 31),
    )
    html = (
        client_for(petugas)
        .get(reverse("programs:program_detail", kwargs={"pk": program.pk}))
        .content.decode()
    )
    assert "Usulkan peserta" not in html


def test_the_generator_never_moves_the_chosen_first_start(balai_ntb):
    program = ProgramFactory(balai=balai_ntb, days_per_angkatan=4)
    wednesday = dt.date(2026, 12, 2)
    with pytest.raises(ValidationError) as error:
        program_services.angkatan_generate(
            program=program, count=2, capacity=30, first_start=wednesday, skip_weekends=True
        )
    message = error.value.message_dict["first_start"][0]
    assert "mulai Rabu, 2 Desember 2026 akan melewati Sabtu/Minggu" in message
    assert "Senin, 7 Desember 2026" in message
    assert not Angkatan.objects.exists()


def test_the_generator_says_which_angkatan_it_moved_to_a_monday(balai_ntb):
    program = ProgramFactory(balai=balai_ntb, days_per_angkatan=4)
    created = program_services.angkatan_generate(
        program=program, count=2, capacity=30, first_start=dt.date(2026, 12, 7), skip_weekends=True
    )
    assert [a.start_date for a in created] == [dt.date(2026, 12, 7), dt.date(2026, 12, 14)]
    summary = program_services.generator_summary(angkatan=created)
    assert "Angkatan 2 dimulai Senin berikutnya agar tidak melewati akhir pekan." in summary


def test_the_generator_page_promises_what_it_does(staf, client_for, balai_ntb):
    program = ProgramFactory(balai=balai_ntb)
    url = reverse("programs:angkatan_generate", kwargs={"pk": program.pk})
    client = client_for(staf)
    html = client.get(url).content.decode()
    assert "Angkatan pertama dimulai pada tanggal yang Anda pilih" in html
    response = client.post(
        url, {"count": 2, "capacity": 30, "first_start": "2026-12-02", "skip_weekends": "on"}
    )
    assert response.status_code == 200
    assert "akan melewati Sabtu/Minggu" in response.content.decode()


def test_dates_in_messages_are_written_out(staf, client_for, balai_ntb):
    program = make_program()
    angkatan = AngkatanFactory(program=program, start_date=START)
    make_placed(angkatan)
    client = client_for(staf)
    url = reverse("participants:attendance_day", kwargs={"pk": angkatan.pk})
    response = client.post(url, {"date": "2020-11-18"}, follow=True)
    assert "1 peserta ditandai hadir pada 18 November 2020." in response.content.decode()
    response = client.post(url, {"date": "2020-12-30"}, follow=True)
    html = response.content.decode()
    assert "Tanggal 30 Desember 2020 di luar jadwal" in html
    assert not re.search(r"\d\d-\d\d-\d{4}", html)


def test_times_in_lists_are_written_out():
    moment = dt.datetime(2026, 12, 1, 5, 56, tzinfo=dt.UTC)
    with timezone.override("Asia/Makassar"):
        assert waktu(moment) == "1 Desember 2026 pukul 13.56 WITA"


def test_the_audit_trail_writes_dates_out(staf, client_for, balai_ntb):
    person = make_nominee(make_program()).participant
    html = (
        client_for(staf)
        .get(reverse("participants:participant_detail", kwargs={"pk": person.pk}))
        .content.decode()
    )
    assert not re.search(r"\d\d-\d\d-\d{4}", html)


def test_every_filter_says_semua_for_no_choice(petugas, client_for, balai_ntb):
    make_nominee(make_program())
    html = client_for(petugas).get(reverse("participants:district_outcomes")).content.decode()
    assert "---------" not in html
    assert '<option value="" selected>Semua</option>' in html


def test_the_decision_page_says_keputusan_once(staf, client_for, balai_ntb):
    nomination = make_nominee(make_program())
    html = (
        client_for(staf)
        .get(reverse("participants:selection_detail", kwargs={"pk": nomination.pk}))
        .content.decode()
    )
    visible = re.sub(r'<label class="visually-hidden"[^>]*>[^<]*</label>', "", html)
    assert len(re.findall(r">\s*Keputusan\s*<", visible)) == 1


def test_a_business_kind_is_not_wrapped_in_double_brackets(staf, client_for, balai_ntb):
    nomination = make_nominee(make_program())
    for url in (
        reverse("participants:participant_detail", kwargs={"pk": nomination.participant_id}),
        reverse("participants:nomination_detail", kwargs={"pk": nomination.pk}),
    ):
        html = client_for(staf).get(url).content.decode()
        assert "(Usaha (UMKM))" not in html
        assert "· Usaha (UMKM)" in html


def test_a_negative_omzet_is_an_input_error_not_a_criterion(petugas, balai_ntb):
    program = ProgramFactory(balai=balai_ntb, min_omzet_per_month=5_000_000)
    QuotaFactory(program=program, kabupaten_kota=kabkota("52.71"))
    [check] = nominees_check(program=program, user=petugas, nominees=[nominee(omzet=-500_000)])
    assert "Omzet per bulan harus bilangan bulat tidak negatif." in check.errors
    assert not any("Rp -" in text for text in check.errors + check.warnings)


def test_the_admin_speaks_indonesian(admin_user, client_for):
    admin_user.is_staff = True
    admin_user.is_superuser = True
    admin_user.save()
    html = client_for(admin_user).get(reverse("admin:balatkop_user_changelist")).content.decode()
    assert "GET FULL NAME" not in html.upper().replace("NAMA LENGKAP", "")
    assert "Nama lengkap" in html or "nama lengkap" in html.lower()
    assert "Administrasi Balatkop" in html
    assert "Administrasi Django" not in html


def test_a_404_in_development_is_the_products_own_page(staf, client_for, settings):
    settings.DEBUG = True
    response = client_for(staf).get("/tidak-ada-halaman-ini/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Halaman tidak ditemukan (404)" in html
    assert 'lang="id"' in html


def test_the_person_page_shows_certificates_and_monitoring(staf, petugas_lain, client_for):
    followup = FollowUpFactory(
        nomination=CompletedNominationFactory(
            program=make_program(), certificate_number="0007/BALATKOP-NTB/2020"
        ),
        omzet=12_000_000,
    )
    url = reverse(
        "participants:participant_detail", kwargs={"pk": followup.nomination.participant_id}
    )
    html = client_for(staf).get(url).content.decode()
    assert "0007/BALATKOP-NTB/2020" in html
    assert "+6 bulan" in html and "Rp 12.000.000" in html and "awal Rp 6.000.000" in html


def test_the_phone_field_brings_up_the_phone_keypad(petugas, client_for, balai_ntb):
    program = ProgramFactory(balai=balai_ntb, status=ProgramStatus.NOMINATION_OPEN)
    QuotaFactory(program=program, kabupaten_kota=kabkota("52.71"))
    html = (
        client_for(petugas)
        .get(reverse("participants:nomination_create", kwargs={"program_pk": program.pk}))
        .content.decode()
    )
    phone = re.search(r'<input[^>]*name="phone"[^>]*>', html)[0]
    assert 'inputmode="tel"' in phone and 'type="tel"' in phone
