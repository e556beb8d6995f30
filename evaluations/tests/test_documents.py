"""The evaluation section of the activity report, written into a real PDF and read back."""

import io
from types import SimpleNamespace

import pytest
from pypdf import PdfReader

from balatkop.pdf import DocumentPDF
from evaluations.documents import activity_report_section
from evaluations.tests.factories import answer_all, make_angkatan, scores

pytestmark = pytest.mark.django_db


def test_activity_report_section_holds_scores_items_rate_and_suggestions(staf):
    angkatan = make_angkatan(participants=3)
    scores(angkatan, [(40, 70), (60, 55), (None, 90)])
    answer_all(angkatan, 5, suggestions="Modul dicetak berwarna.")
    pdf = DocumentPDF(balai=angkatan.program.balai, title="Uji")
    pdf.add_page()
    activity_report_section(pdf, SimpleNamespace(angkatan=angkatan))
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.output_bytes())).pages)
    assert "2 dari 3 peserta punya kedua nilai" in text
    assert "50,0 / 62,5" in text  # (40 + 60) / 2 and (70 + 55) / 2
    assert "12,5 poin" in text
    assert "1 peserta (50,0%)" in text
    assert "3 dari 3 peserta mengisi (100,0%)" in text
    assert "Instruktur: Siti Aminah" in text and "Penguasaan materi" in text
    assert "Modul dicetak berwarna." in text


def test_activity_report_says_why_a_mean_of_two_answers_is_missing(staf):
    angkatan = make_angkatan(participants=2)
    answer_all(angkatan, 5)
    pdf = DocumentPDF(balai=angkatan.program.balai, title="Uji")
    pdf.add_page()
    activity_report_section(pdf, SimpleNamespace(angkatan=angkatan))
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.output_bytes())).pages)
    assert "Kurang dari 3 jawaban" in text and "5,00" not in text
    assert "tidak dapat dikenali" in " ".join(text.split())
