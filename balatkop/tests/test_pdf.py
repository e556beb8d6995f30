"""The PDF base: letterhead and signatory from the balai's settings, tables, QR, terbilang."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from balatkop.formatting import terbilang
from balatkop.pdf import BLANK, DocumentPDF
from balatkop.tests.pdfread import pdf_pages, pdf_text, qr_matrix, segno_matrix

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xcf\xc0\xf0\x1f\x00\x05\x00\x01\xff\x89\x99"
    b"=\x1d\x00\x00\x00\x00IEND\xaeB`\x82"
)


def _document(balai) -> bytes:
    pdf = DocumentPDF(balai=balai, title="Dokumen uji")
    pdf.add_page()
    pdf.letterhead()
    pdf.heading("DAFTAR UJI", subtitle="Angkatan 1")
    pdf.data_table(
        ["No.", "Nama", "Jumlah"],
        [[i, f"Peserta Ke-{i}", f"Rp {i}.000"] for i in range(1, 80)],
        widths=[12, 100, 40],
        align=["R", "L", "R"],
    )
    pdf.signatory_block()
    pdf.qr_code("https://balatkop.example/verifikasi/abc", x=20, y=200, size=30)
    return pdf.output_bytes()


@pytest.mark.django_db
def test_letterhead_and_signatory_come_from_the_balai_settings(balai_ntb, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    balai_ntb.address = "Jl. Airlangga No. 1, Mataram"
    balai_ntb.signatory_place = "Mataram"
    balai_ntb.signatory_title = "Kepala Balai Latihan Koperasi"
    balai_ntb.signatory_name = "Dra. Baiq Nurhayati"
    balai_ntb.signatory_nip = "196801011990032001"
    balai_ntb.logo = SimpleUploadedFile("logo.png", PNG)
    balai_ntb.signatory_signature = SimpleUploadedFile("ttd.png", PNG)
    balai_ntb.save()
    data = _document(balai_ntb)
    text = pdf_text(data)
    assert "BALATKOP NUSA TENGGARA BARAT" in text
    assert "Jl. Airlangga No. 1, Mataram" in text
    assert "Mataram, " in text
    assert "Dra. Baiq Nurhayati" in text and "NIP 196801011990032001" in text
    assert "Kepala Balai Latihan Koperasi" in text
    pages = pdf_pages(data)
    assert len(pages) >= 2
    assert all("No. Nama Jumlah" in " ".join(p.split()) for p in pages[:2])  # heading repeats
    assert "Peserta Ke-79" in text


@pytest.mark.django_db
def test_unset_signatory_prints_blank_lines(balai_ntb):
    text = pdf_text(_document(balai_ntb))
    assert BLANK in text
    assert "NIP ....." in text


@pytest.mark.django_db
def test_qr_code_holds_the_payload(balai_ntb):
    data = _document(balai_ntb)
    assert qr_matrix(data, page_number=len(pdf_pages(data)) - 1) == segno_matrix(
        "https://balatkop.example/verifikasi/abc"
    )


def test_terbilang_reads_rupiah_in_indonesian():
    assert terbilang(5_370_000) == "Lima juta tiga ratus tujuh puluh ribu rupiah"
    assert terbilang(1_000) == "Seribu rupiah"
    assert terbilang(0) == "Nol rupiah"
