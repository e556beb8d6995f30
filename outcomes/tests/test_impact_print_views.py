"""The impact report's print view and one-page PDF summary, from the same entry point."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from outcomes.tests.factories import build_jateng_2021_cohort

pytestmark = pytest.mark.django_db


@pytest.fixture
def kepala_jateng(kepala_jateng):
    """The cast's head of Jawa Tengah, whose balai names its signatory."""
    balai = kepala_jateng.balai
    balai.signatory_place = "Semarang"
    balai.signatory_name = "Hatta Wibisono"
    balai.signatory_nip = "197001011995031001"
    balai.save()
    return kepala_jateng


def test_pdf_summary_is_one_page_with_the_figures_and_the_signatory(client_for, kepala_jateng):
    build_jateng_2021_cohort()
    response = client_for(kepala_jateng).get(reverse("outcomes:impact_summary"), {"tahun": 2021})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="laporan-dampak-2021-' in response["Content-Disposition"]
    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) == 1
    text = " ".join(reader.pages[0].extract_text().split())
    for expected in (
        "LAPORAN DAMPAK PELATIHAN",
        "Tahun 2021",
        "+123,75%",
        "223,75%",
        "+67,66%",
        "Rp 2.400.000.000",
        "Tingkat keterpasangan 100,00%",
        "Hatta Wibisono",
        "NIP 197001011995031001",
        "Semarang,",
    ):
        assert expected in text, expected


def test_print_view_carries_title_table_charts_and_signatory(client_for, kepala_jateng):
    build_jateng_2021_cohort()
    response = client_for(kepala_jateng).get(reverse("outcomes:impact_print"))
    html = response.content.decode()
    assert response.status_code == 200
    assert '<h1 class="h4 mb-1">Laporan Dampak Pelatihan</h1>' in html
    assert "Balatkop Jawa Tengah" in html
    assert "Sumber: 106 peserta lulus, 106 berpasangan" in html
    assert html.count('<svg class="chart-svg"') == 3
    assert "+123,75%" in html and "223,75%" in html
    assert "NIP 197001011995031001" in html


def test_print_view_and_pdf_query_counts_stay_bounded(
    client_for, kepala_jateng, django_assert_max_num_queries
):
    build_jateng_2021_cohort()
    client = client_for(kepala_jateng)
    for name in ("outcomes:impact_print", "outcomes:impact_summary"):
        with django_assert_max_num_queries(20):
            assert client.get(reverse(name)).status_code == 200
