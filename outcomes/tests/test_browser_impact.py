"""Browser journey: a head opens the impact report, filters by kab/kota and downloads it."""

import openpyxl
import pytest

from outcomes.tests.factories import build_jateng_2021_cohort
from outcomes.tests.test_impact_export import summary_table

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_head_filters_by_district_and_downloads_the_workbook(
    login_page, kepala_jateng, live_server, tmp_path
):
    build_jateng_2021_cohort()
    page = login_page(kepala_jateng)
    page.get_by_role("link", name="Laporan Dampak").first.click()
    assert page.get_by_role("heading", name="Laporan dampak pelatihan").is_visible()
    assert page.locator('[data-figure="omzet-growth"]').inner_text() == "+123,75%"
    assert page.locator('[data-figure="omzet-ratio"]').inner_text() == "223,75%"

    page.get_by_label("Kabupaten/kota", exact=True).select_option(label="Kota Semarang")
    page.get_by_role("button", name="Terapkan filter").click()
    page.wait_for_url("**kabupaten_kota=33.74**")
    assert page.locator('[data-figure="paired"]').inner_text() == "18 / 18"

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Unduh Excel").click()
    target = tmp_path / download_info.value.suggested_filename
    download_info.value.save_as(target)
    assert target.name.startswith("laporan-dampak-3374-")
    rows = summary_table(openpyxl.load_workbook(target))
    assert rows[0] == ["Indikator", "Sebelum", "Sesudah", "Selisih", "Pertumbuhan (%)", "Rasio (%)"]
    assert [r[0] for r in rows[1:]] == ["Omzet (Rp/bulan)", "Aset (Rp)", "Tenaga Kerja (orang)"]
    assert all(isinstance(v, (int, float)) for r in rows[1:] for v in r[1:4])
    assert rows[3][1] < 279  # one district only, not the whole province

    page.set_viewport_size({"width": 360, "height": 740})
    assert page.get_by_role("link", name="Unduh Excel").is_visible()
