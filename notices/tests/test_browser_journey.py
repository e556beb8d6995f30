"""Browser journey: an officer nominates; staff decide and place; the officer is told."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from balatkop.tests.accessibility import serious_violations
from balatkop.tests.factories import kabkota
from notices.models import Notice
from participants.models import Nomination, NominationStatus
from participants.tests.browser import nominate_siti_aminah
from programs.tests.factories import AngkatanFactory, ProgramFactory, QuotaFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_officer_nominates_staff_decide_and_place_and_the_officer_is_told(
    login_page, petugas, staf, live_server
):
    petugas.email = "petugas@mataram.go.id"
    petugas.save()
    program = ProgramFactory(balai=petugas.balai, code="NTB-KONV", name="Konveksi Dasar")
    QuotaFactory(program=program, kabupaten_kota=kabkota("52.71"), seats=10)
    start = timezone.localdate() + dt.timedelta(days=14)
    AngkatanFactory(program=program, number=1, start_date=start, capacity=30, venue="Mataram")

    # The officer finds the open programme on the home page and nominates from it.
    page = login_page(petugas)
    page.locator("#program-dibuka").get_by_role("link", name=str(program)).click()
    nominate_siti_aminah(page, {"Telepon/WA": "0812-3456-7890"})
    page.get_by_role("button", name=petugas.get_full_name() or petugas.username).click()
    page.get_by_role("button", name="Keluar", exact=True).click()

    # Staff see it waiting on their home page, accept it and place it.
    page = login_page(staf)
    page.locator("#keputusan").get_by_role("link", name=f"{program.code} — Konveksi Dasar").click()
    nomination = Nomination.objects.get(program=program)
    page.get_by_role("link", name="Siti Aminah").first.click()
    page.get_by_label("Keputusan", exact=True).select_option("terima")
    page.get_by_role("button", name="Simpan keputusan").click()
    page.get_by_text("1 usulan: terima.").wait_for()
    page.get_by_role("button", name="Tempatkan").click()
    page.get_by_role("status").filter(has_text="Ditempatkan di Angkatan 1").wait_for()
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.DITEMPATKAN
    page.get_by_role("button", name=staf.get_full_name() or staf.username).click()
    page.get_by_role("button", name="Keluar", exact=True).click()

    # The officer's home and notice list say so, with the call letter to forward.
    page = login_page(petugas)
    news = page.locator("#sejak-terakhir")
    assert "Usulan Siti Aminah di program" in news.inner_text()
    assert "Siti Aminah ditempatkan di Angkatan 1" in news.inner_text()
    letters = page.locator("#surat-panggilan")
    assert "Siti Aminah" in letters.inner_text()
    whatsapp = letters.get_by_role("link", name="WhatsApp Siti Aminah")
    assert whatsapp.get_attribute("href").startswith("https://wa.me/6281234567890?text=")
    assert page.locator("#nav-pemberitahuan [data-unread]").inner_text() == "2"
    page.set_viewport_size({"width": 360, "height": 740})
    assert serious_violations(page) == []
    page.get_by_role("button", name="Buka menu").click()
    page.locator("#menu-utama.show").wait_for()  # the menu has finished opening
    with page.expect_navigation():
        page.locator("#nav-pemberitahuan").click()
    listed = page.locator("#daftar-pemberitahuan").inner_text()
    assert "diterima" in listed and "teruskan surat panggilannya" in listed
    assert serious_violations(page) == []
    assert Notice.objects.filter(recipient=petugas).count() == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["petugas@mataram.go.id"] * 2
