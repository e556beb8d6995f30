"""The round template marks the comparison applicants it lists, and records them like alumni."""

import datetime as dt
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from outcomes.models import FollowUp, FollowUpSource
from outcomes.round_import import IMPORTER
from outcomes.tests.factories import CompletedNominationFactory
from participants.models import NominationStatus
from participants.tests.factories import NominationFactory
from programs.tests.factories import ProgramFactory

pytestmark = pytest.mark.django_db

HEADERS = [c.header for c in IMPORTER.columns]


@pytest.fixture
def program_with_both(staf):
    """One alumnus (angkatan ended 20 November 2020) and one reserve never placed."""
    program = ProgramFactory(balai=staf.balai, followup_rounds=[6, 12])
    alumnus = CompletedNominationFactory(program=program, participant__name="Ani Alumni")
    reserve = NominationFactory(
        program=program, status=NominationStatus.CADANGAN, participant__name="Budi Cadangan"
    )
    return program, alumnus, reserve


def template_rows(client, program, round_months=6) -> list[dict]:
    url = reverse("outcomes:followup_template", args=[program.pk, round_months])
    book = openpyxl.load_workbook(io.BytesIO(b"".join(client.get(url).streaming_content)))
    rows = list(book["Monitoring"].iter_rows(values_only=True))
    assert list(rows[0][: len(HEADERS)]) == HEADERS
    guide = " ".join(
        str(v) for row in book["Petunjuk"].iter_rows(values_only=True) for v in row if v
    )
    return [dict(zip(HEADERS, row, strict=False)) for row in rows[1:]], book, guide


def upload(client, program, book, round_months=6):
    out = io.BytesIO()
    book.save(out)
    response = client.post(
        reverse("outcomes:followup_upload"),
        {"program": program.pk, "putaran": round_months,
         "berkas": SimpleUploadedFile("monitoring.xlsx", out.getvalue())},
    )  # fmt: skip
    assert response.status_code == 302, response.context["form"].errors
    return client.get(response.url), response.url + "impor/"


def test_the_template_marks_the_comparison_applicant_and_says_what_it_means(
    client_for, staf, program_with_both
):
    program, alumnus, reserve = program_with_both
    rows, _, guide = template_rows(client_for(staf), program)
    by_id = {row["ID Usulan"]: row for row in rows}
    assert by_id[alumnus.pk]["Angkatan"] == alumnus.angkatan.number
    assert by_id[reserve.pk]["Angkatan"] == "Pembanding"
    assert "Angkatan “Pembanding”" in guide and "tidak dilatih" in guide


def test_a_filled_comparison_row_is_recorded_like_an_alumnus(client_for, staf, program_with_both):
    program, _, reserve = program_with_both
    client = client_for(staf)
    rows, book, _ = template_rows(client, program)
    sheet = book["Monitoring"]
    first = HEADERS.index("Tanggal Monitoring") + 1
    for index, row in enumerate(rows, start=2):
        if row["ID Usulan"] == reserve.pk:
            for offset, value in enumerate([dt.datetime(2021, 5, 25), 4_000_000, 30_000_000, 1]):
                sheet.cell(row=index, column=first + offset, value=value)
    preview, confirm = upload(client, program, book)
    html = preview.content.decode()
    assert "1 alumni belum dimonitor" in html
    assert "jauh dari putaran" not in html  # +6 months after the programme's last angkatan
    assert client.post(confirm).status_code == 302
    followup = FollowUp.objects.get()
    assert (followup.nomination, followup.round_months, followup.omzet) == (reserve, 6, 4_000_000)
    assert followup.source == FollowUpSource.IMPORT


def test_a_comparison_measurement_far_from_its_round_is_flagged(
    client_for, staf, program_with_both
):
    program, _, reserve = program_with_both
    client = client_for(staf)
    rows, book, _ = template_rows(client, program, round_months=12)
    sheet = book["Monitoring"]
    first = HEADERS.index("Tanggal Monitoring") + 1
    index = 2 + [row["ID Usulan"] for row in rows].index(reserve.pk)
    for offset, value in enumerate([dt.datetime(2021, 5, 25), 4_000_000, 30_000_000, 1]):
        sheet.cell(row=index, column=first + offset, value=value)
    preview, _ = upload(client, program, book, round_months=12)
    html = " ".join(preview.content.decode().split())
    assert "sekitar 6 bulan setelah angkatan terakhir program selesai" in html
    assert "jauh dari putaran +12 bulan" in html


def test_a_comparison_measurement_before_the_programme_ended_is_refused_on_the_form(
    client_for, staf, program_with_both
):
    _, _, reserve = program_with_both
    figures = {"round_months": 6, "omzet": 4_000_000, "aset": 30_000_000, "tenaga_kerja": 1}
    url = reverse("outcomes:followup_create", args=[reserve.pk])
    response = client_for(staf).post(url, figures | {"measured_on": "2020-11-01"})
    assert response.status_code == 200
    html = " ".join(response.content.decode().split())
    assert (
        "Tanggal monitoring 1 November 2020 sebelum angkatan terakhir program selesai "
        "(20 November 2020)." in html
    )
    assert not FollowUp.objects.exists()


def test_a_comparison_row_dated_before_the_programme_ended_is_refused_by_the_import(
    client_for, staf, program_with_both
):
    program, _, reserve = program_with_both
    client = client_for(staf)
    rows, book, _ = template_rows(client, program)
    sheet = book["Monitoring"]
    first = HEADERS.index("Tanggal Monitoring") + 1
    index = 2 + [row["ID Usulan"] for row in rows].index(reserve.pk)
    for offset, value in enumerate([dt.datetime(2020, 11, 1), 4_000_000, 30_000_000, 1]):
        sheet.cell(row=index, column=first + offset, value=value)
    preview, confirm = upload(client, program, book)
    html = " ".join(preview.content.decode().split())
    assert "sebelum angkatan terakhir program selesai (20 November 2020)" in html
    client.post(confirm)
    assert not FollowUp.objects.exists()
