"""The print view and the PDF summary carry the comparison group, as the web page does."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from outcomes.impact_attribution import COMPARISON_CAVEAT
from outcomes.tests.factories import build_attribution_panel, build_jateng_2021_cohort

pytestmark = pytest.mark.django_db


def pdf_text(response) -> str:
    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) == 1  # still one page
    return " ".join(reader.pages[0].extract_text().split())


def one_line(text: str) -> str:
    return " ".join(text.split())


def test_the_panel_prints_its_difference_with_each_n(client_for, pimpinan, balai_ntb):
    build_attribution_panel(balai=balai_ntb)
    client = client_for(pimpinan)
    html = one_line(client.get(reverse("outcomes:impact_print")).content.decode())
    assert "Dibandingkan dengan yang tidak dilatih" in html
    assert ">Alumni (n = 80)</th>" in html and ">Pembanding (n = 40)</th>" in html
    assert '<td class="num">+40,00%</td><td class="num">+15,00%</td>' in html
    assert 'data-figure="did-1">+25,00 poin</td>' in html
    assert "did-withheld" not in html
    assert one_line(COMPARISON_CAVEAT) in html
    text = pdf_text(client.get(reverse("outcomes:impact_summary")))
    assert "Dibandingkan dengan yang tidak dilatih" in text
    assert "Alumni (n = 80)" in text and "Pembanding (n = 40)" in text
    assert "+40,00% +15,00% +25,00 poin" in text
    assert "Kelompok pembanding tidak dipilih secara acak" in text


def test_too_few_comparison_records_print_why_the_difference_is_withheld(client_for, cast):
    build_jateng_2021_cohort()
    client = client_for(cast["outsider"])  # Jawa Tengah's staff
    html = one_line(client.get(reverse("outcomes:impact_print")).content.decode())
    assert 'data-figure="did-1">tidak ditampilkan</td>' in html
    assert "baru 0 data pembanding berpasangan, kurang dari 30" in html
    text = pdf_text(client.get(reverse("outcomes:impact_summary")))
    assert "+123,75% tidak dapat dihitung tidak ditampilkan" in text
    assert "baru 0 data pembanding berpasangan, kurang dari 30" in text
