"""The impact report and its print view on a 360 px phone: accessible, legible charts, A4 print."""

import io

import pytest
from pypdf import PdfReader

from balatkop.tests.accessibility import serious_violations
from outcomes.tests.factories import build_jateng_2021_cohort

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The size each chart label is drawn at, in CSS px: its font size times the SVG's scale.
SMALLEST_CHART_TEXT = """() => Math.min(...[...document.querySelectorAll('svg.chart-svg text')]
    .map(t => parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a))"""


def check_phone_page(page) -> list[str]:
    problems = [str(v) for v in serious_violations(page)]
    width = page.evaluate("document.documentElement.scrollWidth")
    if width > 362:
        problems.append(f"{page.url}: {width}px lebar pada layar 360px")
    smallest = page.evaluate(SMALLEST_CHART_TEXT)
    if smallest < 12:
        problems.append(f"{page.url}: label grafik {smallest:.1f}px (< 12px)")
    return problems


def test_report_and_print_view_pass_the_phone_gate_and_print_on_one_a4_page(
    login_page, kepala_jateng
):
    build_jateng_2021_cohort()
    page = login_page(kepala_jateng)
    page.set_viewport_size({"width": 360, "height": 740})
    page.get_by_role("link", name="Laporan Dampak").first.click()
    assert page.locator('[data-figure="omzet-growth"]').inner_text() == "+123,75%"
    problems = check_phone_page(page)

    page.get_by_role("link", name="Cetak").click()
    page.wait_for_url("**/laporan/cetak/**")
    assert page.get_by_role("heading", name="Laporan Dampak Pelatihan").is_visible()
    assert page.locator("[data-signatory]").is_visible()
    problems += check_phone_page(page)
    assert problems == [], "\n".join(problems)

    page.emulate_media(media="print")
    assert not page.get_by_role("button", name="Cetak").is_visible()
    pdf = PdfReader(io.BytesIO(page.pdf(prefer_css_page_size=True, print_background=True)))
    assert len(pdf.pages) == 1
    box = pdf.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (842, 595)  # A4 landscape
    text = pdf.pages[0].extract_text()
    assert "Laporan Dampak Pelatihan" in text and "NIP" in text and "223,75%" in text
    assert "Dibandingkan dengan yang tidak dilatih" in text  # the comparison group, still one page
