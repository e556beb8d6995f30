"""In a real browser: an officer nominates one person by the form and fifty from Excel; the
form, upload and preview pages have no serious accessibility problems."""

import pytest

from balatkop.tests.accessibility import serious_violations
from balatkop.tests.factories import kabkota
from participants.models import Nomination
from participants.tests.browser import nominate_siti_aminah
from participants.tests.excel import filled_template, row
from programs.tests.factories import ProgramFactory, QuotaFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_officer_nominates_one_by_form_and_fifty_by_excel(login_page, petugas, tmp_path):
    program = ProgramFactory(balai=petugas.balai, code="NTB-2025-KONV", name="Konveksi Dasar")
    QuotaFactory(program=program, kabupaten_kota=kabkota("52.71"), seats=60)
    page = login_page(petugas)

    page.get_by_role("link", name="Usulan Peserta").first.click()
    page.get_by_role("link", name="Satu orang").click()
    assert serious_violations(page) == []
    nominate_siti_aminah(page)

    page.get_by_role("link", name="Usulan Peserta", exact=True).click()
    page.get_by_role("link", name="Dari Excel").click()
    assert serious_violations(page) == []
    with page.expect_download() as download:
        page.get_by_role("link", name="Unduh templat Excel").click()
    assert download.value.suggested_filename == "templat-usulan-NTB-2025-KONV.xlsx"
    path = tmp_path / "usulan.xlsx"
    path.write_bytes(filled_template(program, petugas, [row(i) for i in range(1, 51)]))
    page.get_by_label("Berkas lembar kerja").set_input_files(str(path))
    page.get_by_role("button", name="Unggah dan periksa").click()

    summary = page.locator("#ringkasan-pratinjau")
    summary.wait_for()
    assert "50 baris" in summary.inner_text() and "0 dengan kesalahan" in summary.inner_text()
    assert serious_violations(page) == []
    page.get_by_role("button", name="Konfirmasi: usulkan 50 orang").click()
    page.get_by_text("50 orang berhasil diusulkan.").wait_for()

    page.get_by_role("link", name="Usulan Peserta").first.click()
    assert page.locator("#jumlah-usulan").inner_text() == "51 usulan"
    assert Nomination.objects.filter(program=program, kabupaten_kota_id="52.71").count() == 51
