"""Browser journey: balai staff plan NTB 2020 — one programme, 10 quotas, 10 angkatan of 60."""

import re

import pytest
from playwright.sync_api import expect

from balatkop.tests.accessibility import serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_plan_a_programme_with_ten_quotas_and_ten_angkatan(login_page, staf, live_server):
    page = login_page(staf)
    csp_errors = []
    page.on(
        "console",
        lambda msg: (
            csp_errors.append(msg.text)
            if msg.type == "error" and "Content Security Policy" in msg.text
            else None
        ),
    )

    page.get_by_role("link", name="Program", exact=True).first.click()
    assert serious_violations(page) == []
    page.get_by_role("link", name="Program baru").click()
    assert serious_violations(page) == []
    page.get_by_label("Kode program").fill("NTB-2020-UMKM")
    page.get_by_label("Nama program").fill("Pelatihan Kewirausahaan UMKM NTB 2020")
    page.get_by_label("Tahun").fill("2020")
    page.get_by_label("Bidang").select_option(label="Konveksi")
    page.get_by_label("Target peserta").fill("600")
    page.get_by_label("Lama per angkatan (hari)").fill("4")
    page.get_by_role("button", name="Simpan program").click()

    expect(
        page.get_by_role("heading", name="Pelatihan Kewirausahaan UMKM NTB 2020")
    ).to_be_visible()
    assert serious_violations(page) == []

    # "Bagi rata" fills the ten kabupaten/kota from the target in the browser; then save.
    quota_inputs = page.locator("#tabel-kuota input.kuota-input")
    expect(quota_inputs).to_have_count(10)
    page.get_by_role("button", name="Bagi rata").click()
    for i in range(10):
        expect(quota_inputs.nth(i)).to_have_value("60")
    expect(page.locator("#jumlah-kuota")).to_have_text("600")
    page.get_by_role("button", name="Simpan kuota").click()
    expect(page.get_by_text("Kuota kabupaten/kota disimpan.")).to_be_visible()

    page.get_by_role("link", name="Buat serangkaian angkatan").click()
    page.get_by_label("Jumlah angkatan").fill("10")
    page.get_by_label("Kapasitas per angkatan").fill("60")
    page.get_by_label("Angkatan pertama mulai").fill("2020-11-16")
    assert serious_violations(page) == []
    page.get_by_role("button", name="Buat angkatan").click()

    expect(page.get_by_text(re.compile(r"10 angkatan dibuat \(nomor 1–10\)"))).to_be_visible()
    rows = page.locator("#tabel-angkatan tbody tr")
    expect(rows).to_have_count(10)
    expect(rows.first).to_contain_text("Angkatan 1")
    expect(rows.last).to_contain_text("Angkatan 10")
    expect(page.locator("#tabel-angkatan tfoot")).to_contain_text("600")
    quota_rows = page.locator("#tabel-kuota tbody tr")
    expect(quota_rows).to_have_count(10)
    expect(page.get_by_label("Kota Mataram")).to_have_value("60")
    expect(page.get_by_label("Lombok Timur")).to_have_value("60")
    expect(page.locator("#jumlah-kuota")).to_have_text("600")
    # The history shows who changed what.
    expect(page.get_by_role("heading", name="Riwayat perubahan")).to_be_visible()
    expect(page.get_by_text("Angkatan 10").last).to_be_visible()

    page.set_viewport_size({"width": 360, "height": 740})
    assert serious_violations(page) == []
    page.goto(f"{live_server.url}/program/rekap-tahunan/")
    expect(page.get_by_role("row", name=re.compile(r"^2020 1 600 0"))).to_be_visible()
    assert serious_violations(page) == []
    assert csp_errors == []

    from programs.models import Program

    program = Program.objects.get(code="NTB-2020-UMKM")
    assert program.balai == staf.balai
    assert sorted(program.quotas.values_list("seats", flat=True)) == [60] * 10
    assert list(program.angkatan.values_list("capacity", flat=True)) == [60] * 10
