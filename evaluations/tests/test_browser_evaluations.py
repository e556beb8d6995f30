"""Browser journey: staff open the links, a participant answers at 360 px, staff read the recaps."""

import io
import re

import openpyxl
import pytest
from playwright.sync_api import expect

from balatkop.models import Balai
from balatkop.tests.accessibility import serious_violations
from evaluations import services
from evaluations.score_import import score_template_write
from evaluations.tests.factories import answer_all, make_angkatan
from programs.models import ProgramStatus
from programs.tests.factories import InstrukturFactory, ProgramFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _collect_errors(page, errors: list):
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))


def _filled(angkatan) -> bytes:
    """The downloaded score template with 50 → 65 for the row without scores yet."""
    buffer = io.BytesIO()
    score_template_write(buffer, angkatan=angkatan)
    book = openpyxl.load_workbook(io.BytesIO(buffer.getvalue()))
    sheet = book["Nilai"]
    row = next(r for r in range(2, sheet.max_row + 1) if sheet.cell(r, 3).value is None)
    sheet.cell(row, 3, 50)
    sheet.cell(row, 4, 65)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_links_answer_at_360_px_and_recaps(login_page, staf, live_server, browser):
    balai = Balai.objects.get(code="NTB")
    program = ProgramFactory(balai=balai, name="Tata Rias Dasar", status=ProgramStatus.RUNNING)
    siti = InstrukturFactory(balai=balai, name="Siti Aminah")
    budi = InstrukturFactory(balai=balai, name="Budi Santoso")
    first = make_angkatan(participants=2, instructors=[siti], program=program, number=1)
    answer_all(first, 4, suggestions="Praktik lebih lama.")
    second = make_angkatan(participants=2, instructors=[siti, budi], program=program, number=2)
    someone = (
        services.placed_nominations(second)
        .select_related("participant")
        .order_by("participant__name", "pk")
        .first()
    )

    errors: list[str] = []
    page = login_page(staf)
    _collect_errors(page, errors)
    page.get_by_role("link", name="Evaluasi", exact=True).first.click()
    assert serious_violations(page) == []
    page.locator("#tabel-program").get_by_role("link", name=re.compile(program.code)).click()
    assert serious_violations(page) == []
    page.locator("#tabel-angkatan").get_by_role("link", name=f"{program.code} · angkatan 2").click()
    page.get_by_role("link", name="Tautan evaluasi peserta").click()
    expect(page.locator("#tabel-tautan tbody tr")).to_have_count(2)
    expect(page.locator("#tabel-tautan svg")).to_have_count(2)  # a QR code per participant
    expect(
        page.get_by_role("link", name=f"Kirim lewat WhatsApp ke {someone.participant.name}")
    ).to_have_attribute("href", re.compile(r"^https://wa\.me/6281234567890\?text="))
    assert serious_violations(page) == []
    link = (
        page.get_by_role("row", name=re.compile(re.escape(someone.participant.name)))
        .get_by_role("link")
        .first.get_attribute("href")
    )

    # The participant, on a phone, without an account.
    phone = browser.new_context(viewport={"width": 360, "height": 740})
    answer = phone.new_page()
    _collect_errors(answer, errors)
    answer.goto(link)
    expect(answer.get_by_text(f"Halo, {someone.participant.name.split()[0]}.")).to_be_visible()
    assert serious_violations(answer) == []
    assert answer.evaluate("document.documentElement.scrollWidth") <= 360
    for group in answer.locator("fieldset.q-item").all():
        group.get_by_label("4 — Baik", exact=True).check()
    answer.get_by_label("Saran dan masukan").fill("Ruang praktik lebih luas.")
    answer.get_by_role("button", name="Kirim evaluasi").click()
    expect(answer.get_by_text("Terima kasih, evaluasi Anda sudah kami terima.")).to_be_visible()
    assert serious_violations(answer) == []
    answer.goto(link)
    expect(answer.get_by_text("sudah diisi")).to_be_visible()
    phone.close()

    # Staff: the recap with the response rate, then the instructor across two angkatan.
    page.goto(f"{live_server.url}/evaluasi/angkatan/{second.pk}/")
    expect(page.locator("#tingkat-tanggapan")).to_contain_text(
        "1 dari 2 peserta mengisi (tingkat tanggapan 50,0%)"
    )
    expect(page.get_by_role("heading", name="Instruktur: Budi Santoso")).to_be_visible()
    expect(page.locator("#saran")).to_contain_text("Ruang praktik lebih luas.")
    page.set_viewport_size({"width": 360, "height": 740})
    page.reload()  # app.js makes the tables that scroll at this width reachable by keyboard
    assert serious_violations(page) == []

    # The score grid saves each cell as staff leave it (htmx) and shows the gain.
    page.get_by_role("link", name="Nilai pre-test dan post-test").click()
    page.get_by_label(f"{someone.participant.name}, pre-test").fill("40")
    page.get_by_label(f"{someone.participant.name}, post-test").fill("70")
    page.keyboard.press("Tab")
    expect(page.locator(f"#gain-{someone.pk}")).to_have_text("+30")
    assert serious_violations(page) == []

    # The other participant's scores come from the filled template: preview, then confirm.
    page.get_by_role("link", name="Unggah nilai dari lembar kerja").click()
    assert serious_violations(page) == []
    page.get_by_label("Berkas lembar kerja").set_input_files(
        {"name": "nilai.xlsx", "mimeType": "application/octet-stream", "buffer": _filled(second)}
    )
    page.get_by_role("button", name="Unggah").click()
    expect(page.locator("#rencana-impor")).to_contain_text("2 nilai baru disimpan")
    assert serious_violations(page) == []
    page.get_by_role("button", name="Konfirmasi: simpan 2 nilai").click()
    expect(page.get_by_text("2 nilai tersimpan")).to_be_visible()
    other = services.placed_nominations(second).exclude(pk=someone.pk).get()
    expect(page.locator(f"#gain-{other.pk}")).to_have_text("+15")

    page.goto(f"{live_server.url}/evaluasi/")
    page.get_by_role("link", name="Rekap per instruktur →").click()
    siti_section = page.locator(
        "section.instructor", has=page.get_by_role("heading", name="Siti Aminah")
    )
    expect(siti_section.get_by_role("row")).to_have_count(3)  # header + two angkatan
    expect(siti_section).to_contain_text(f"{program.code} · angkatan 1")
    expect(siti_section).to_contain_text(f"{program.code} · angkatan 2")
    assert serious_violations(page) == []
    assert errors == []
