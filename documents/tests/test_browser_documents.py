"""Browser journey: staff close an angkatan and download its certificates; the officer forwards
a call letter by WhatsApp; anyone checks a certificate on a phone without JavaScript."""

import datetime as dt
from pathlib import Path

import pytest
from django.urls import reverse

from balatkop.tests.accessibility import serious_violations
from balatkop.tests.pdfread import pdf_text
from documents.models import AngkatanDocuments, Certificate
from participants.models import AttendanceStatus, NominationStatus
from participants.services.completion import attendance_record_day
from participants.tests.matrix_selection import make_placed, make_program
from programs.models import Angkatan
from programs.tests.factories import AngkatanFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

START = dt.date(2020, 11, 17)


def _phone_problems(page) -> list[str]:
    problems = list(serious_violations(page))
    width = page.evaluate("document.documentElement.scrollWidth")
    if width > 362:
        problems.append(f"{page.url}: {width}px lebar pada layar 360px")
    return problems


def _download(page, link_name) -> bytes:
    with page.expect_download() as info:
        page.get_by_role("link", name=link_name).first.click()
    return Path(info.value.path()).read_bytes()


def test_staff_close_and_print_officer_forwards_anyone_verifies(
    login_page, staf, petugas, live_server, browser
):
    program = make_program(name="Tata Boga Lanjutan")
    angkatan = AngkatanFactory(program=program, number=1, start_date=START, capacity=30)
    AngkatanDocuments.objects.create(
        angkatan=angkatan, letter_number="005/01/BLK/2020", bring="KTP asli", contact_name="Baiq"
    )
    people = [make_placed(angkatan, "52.71") for _ in range(3)] + [make_placed(angkatan, "52.03")]
    for day in range(4):
        attendance_record_day(
            angkatan=angkatan,
            day=START + dt.timedelta(days=day),
            status=AttendanceStatus.HADIR,
            by=staf,
        )
    for index, person in enumerate(people, start=1):
        person.status = NominationStatus.LULUS
        person.certificate_number = f"{index:04d}/BALATKOP-NTB/2020"
        person.save()

    page = login_page(staf)
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(live_server.url + reverse("participants:placement", args=[program.pk]))
    page.get_by_role("row", name="Angkatan 1").get_by_role("link", name="Dokumen").click()
    page.get_by_role("heading", name="Status angkatan").wait_for()
    problems = _phone_problems(page)
    page.get_by_role("button", name="Tutup angkatan").click()
    assert page.get_by_text("dibekukan").first.is_visible()
    assert Angkatan.objects.get(pk=angkatan.pk).is_closed
    problems += _phone_problems(page)  # the closed state, with the reopen form
    text = pdf_text(_download(page, "Sertifikat semua lulusan (PDF)"))
    assert all(p.participant.name in text for p in people)
    assert "0004/BALATKOP-NTB/2020" in text and "32 jam pelajaran" in text

    page.context.clear_cookies()
    page = login_page(petugas)
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(live_server.url + reverse("documents:participant_documents"))
    problems += _phone_problems(page)
    own = people[0]
    row = page.get_by_role("row").filter(has_text=own.participant.name)
    whatsapp = row.get_by_role("link", name=f"Kirim via WhatsApp ke {own.participant.name}")
    assert whatsapp.get_attribute("href").startswith("https://wa.me/6281234567890?text=Yth.")
    assert page.get_by_text(people[3].participant.name).count() == 0  # Lombok Timur's
    text = pdf_text(_download(page, f"Surat panggilan {own.participant.name}"))
    assert f"Sdr. {own.participant.name}" in text and "005/01/BLK/2020" in text

    verify_url = live_server.url + reverse(
        "verify", args=[Certificate.objects.get(nomination=own).code]
    )
    page.context.clear_cookies()
    page.goto(verify_url)  # anonymous now: the gate runs axe, so this page keeps JavaScript
    problems += _phone_problems(page)
    anonymous = browser.new_context(
        java_script_enabled=False, viewport={"width": 360, "height": 740}
    )
    public = anonymous.new_page()
    public.goto(verify_url)
    assert public.get_by_role("heading", name="Verifikasi sertifikat").is_visible()
    assert public.get_by_text(own.participant.name).is_visible()
    assert public.get_by_text("sah", exact=True).is_visible()
    assert own.participant.nik not in public.content()
    anonymous.close()
    assert problems == [], "\n".join(problems)
