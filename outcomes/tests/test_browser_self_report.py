"""Browser journey at 360 px: the officer sends a personal link, the alumnus reports, the
officer confirms, the report changes; a used or expired link is refused."""

import datetime as dt

import pytest
from django.utils import timezone

from balatkop.tests.accessibility import serious_violations
from outcomes.models import SelfReport
from outcomes.tests.factories import CompletedNominationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 740}


def _fits(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"] + 2
    assert serious_violations(page) == []


def test_self_report_journey_on_a_phone(login_page, live_server, petugas, browser):
    alumnus = CompletedNominationFactory(
        program__balai=petugas.balai,
        participant__name="Siti Aminah",
        angkatan__start_date=dt.date(2021, 1, 4),
    )
    page = login_page(petugas)
    page.set_default_timeout(15_000)
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/dampak/laporan/")
    assert page.locator('[data-figure="paired"]').inner_text() == "0 / 1"

    page.goto(f"{live_server.url}/dampak/monitoring/")
    page.get_by_role("link", name="Tautan laporan mandiri Siti Aminah").click()
    page.get_by_role("button", name="Buat tautan").click()
    assert page.get_by_role("link", name="Kirim lewat WhatsApp").is_visible()
    _fits(page)
    page.get_by_role("button", name="Salin tautan").click()
    url = page.locator("[data-selfreport-url]").input_value()  # what the officer copied
    assert url.startswith(f"{live_server.url}/dampak/lapor/")

    # The alumnus: no account, a phone. The form fits and passes axe (which needs JavaScript
    # to run) ...
    checker = browser.new_context(viewport=PHONE)
    check_page = checker.new_page()
    check_page.goto(url)
    assert check_page.get_by_role("heading", name="Halo, Siti").is_visible()
    _fits(check_page)
    checker.close()
    # ... and is filled in and sent with JavaScript off.
    phone = browser.new_context(viewport=PHONE, java_script_enabled=False)
    alumni_page = phone.new_page()
    alumni_page.set_default_timeout(15_000)
    alumni_page.goto(url)
    alumni_page.get_by_label("Omzet per bulan (Rp)").fill("7.500.000")
    alumni_page.get_by_label("Aset usaha (Rp)").fill("55.000.000")
    alumni_page.get_by_label("Tenaga kerja (orang)").fill("3")
    alumni_page.get_by_role("button", name="Kirim").click()
    assert alumni_page.locator("[data-thanks]").is_visible()
    used = alumni_page.goto(url)
    assert used.status == 410
    assert "sudah dikirim" in alumni_page.locator("[data-refusal]").inner_text()

    # Not counted until the officer confirms.
    page.goto(f"{live_server.url}/dampak/laporan/")
    assert page.locator('[data-figure="paired"]').inner_text() == "0 / 1"
    page.goto(f"{live_server.url}/dampak/monitoring/")
    page.get_by_role("link", name="Konfirmasi laporan mandiri Siti Aminah").click()
    assert page.get_by_label("Omzet per bulan (Rp)").input_value() == "7500000"
    _fits(page)
    page.get_by_role("button", name="Konfirmasi").click()
    assert "dikonfirmasi dan dihitung" in page.content()

    page.goto(f"{live_server.url}/dampak/laporan/")
    assert page.locator('[data-figure="paired"]').inner_text() == "1 / 1"
    assert page.locator('[data-figure="self-reported"]').inner_text() == "1"

    # An expired link is refused as well.
    other = CompletedNominationFactory(
        program=alumnus.program, angkatan=alumnus.angkatan, participant__name="Budi Santoso"
    )
    expired = SelfReport.objects.create(
        nomination=other, round_months=6, token="kedaluwarsa-" + "x" * 40,
        expires_at=timezone.now() - dt.timedelta(days=1),
    )  # fmt: skip
    response = alumni_page.goto(f"{live_server.url}/dampak/lapor/{expired.token}/")
    assert response.status == 410
    assert "kedaluwarsa" in alumni_page.locator("[data-refusal]").inner_text()
    phone.close()
