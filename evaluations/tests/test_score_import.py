"""Scores from a spreadsheet: the pre-filled template, upload → preview → confirm, all or nothing."""

import io

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from evaluations import services
from evaluations.models import ScoreUpload, TestScore
from evaluations.score_import import score_file_import, score_file_preview, score_template_write
from evaluations.tests.factories import make_angkatan, scores

pytestmark = pytest.mark.django_db


def template(angkatan) -> openpyxl.Workbook:
    buffer = io.BytesIO()
    score_template_write(buffer, angkatan=angkatan)
    buffer.seek(0)
    return openpyxl.load_workbook(buffer)


def filled(angkatan, values: dict[int, tuple]) -> bytes:
    """The downloaded template with (pre, post) typed into the rows of the named positions."""
    book = template(angkatan)
    sheet = book["Nilai"]
    for position, (pre, post) in values.items():
        sheet.cell(row=position + 2, column=3, value=pre)
        sheet.cell(row=position + 2, column=4, value=post)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def placed(angkatan):
    return list(services.placed_nominations(angkatan).order_by("participant__name", "pk"))


def test_template_lists_the_participants_with_their_scores_and_no_nik(staf):
    angkatan = make_angkatan(participants=3)
    scores(angkatan, [(40, None)])
    book = template(angkatan)
    assert book.sheetnames[0] == "Nilai"
    rows = [list(r) for r in book["Nilai"].iter_rows(values_only=True)]
    people = placed(angkatan)
    assert rows[0] == ["ID Usulan", "Nama", "Pre-test", "Post-test"]
    assert rows[1:] == [
        [people[0].pk, people[0].participant.name, 40, None],
        [people[1].pk, people[1].participant.name, None, None],
        [people[2].pk, people[2].participant.name, None, None],
    ]
    everything = " ".join(
        str(v) for sheet in book for row in sheet.iter_rows(values_only=True) for v in row if v
    )
    assert all(p.participant.nik not in everything for p in people)
    assert f"Angkatan {angkatan.number}" in everything
    # Excel warns while typing (the file is judged again on upload); "between" is the default.
    checks = {str(v.sqref): (v.type, v.operator or "between", v.formula1, v.formula2)
              for v in book["Nilai"].data_validations.dataValidation}  # fmt: skip
    assert checks["C2:C100001"] == checks["D2:D100001"] == ("whole", "between", "0", "100")


def test_upload_preview_confirm_writes_the_scores_once(staf, client_for):
    angkatan = make_angkatan(participants=3)
    scores(angkatan, [(40, None)])
    first, second, third = placed(angkatan)
    client = client_for(staf)
    data = filled(angkatan, {0: (45, 80), 1: (55, 70)})  # the third row stays empty
    response = client.post(
        reverse("evaluations:score_upload", args=[angkatan.pk]),
        {"berkas": SimpleUploadedFile("nilai.xlsx", data)},
    )
    upload = ScoreUpload.objects.get()
    assert response.url == reverse("evaluations:score_upload_preview", args=[upload.pk])
    page = client.get(response.url).text
    assert "3 nilai baru disimpan" in page and "1 nilai lama diganti" in page
    assert "1 peserta tanpa nilai di berkas (dilewati)" in page
    assert "Nilai 40 diganti 45." in page
    assert TestScore.objects.get(nomination=first).pre == 40  # the preview wrote nothing
    confirm = reverse("evaluations:score_upload_confirm", args=[upload.pk])
    response = client.post(confirm, follow=True)
    assert "4 nilai tersimpan" in response.text
    got = {s.nomination_id: (s.pre, s.post, s.recorded_by) for s in TestScore.objects.all()}
    assert got == {first.pk: (45, 80, staf), second.pk: (55, 70, staf)}
    assert third.pk not in got
    response = client.post(confirm, follow=True)
    assert "Berkas ini sudah diimpor." in response.text
    assert TestScore.objects.count() == 2


def test_one_bad_row_saves_nothing_and_names_row_and_column(staf, client_for):
    angkatan = make_angkatan(participants=3)
    data = filled(angkatan, {0: (45, 80), 1: (55, "85,5"), 2: (101, 60)})
    with pytest.raises(ValidationError) as refused:
        score_file_import(data=data, angkatan=angkatan, by=staf)
    assert refused.value.messages == [
        "Baris 3, kolom Post-test: '85,5' bukan bilangan bulat. Isi bilangan bulat 0–100.",
        "Baris 4, kolom Pre-test: '101' terlalu besar (paling besar 100). "
        "Isi bilangan bulat 0–100.",
    ]
    assert not TestScore.objects.exists()
    client = client_for(staf)
    client.post(
        reverse("evaluations:score_upload", args=[angkatan.pk]),
        {"berkas": SimpleUploadedFile("nilai.xlsx", data)},
    )
    upload = ScoreUpload.objects.get()
    page = client.get(reverse("evaluations:score_upload_preview", args=[upload.pk])).text
    assert "Tidak ada yang disimpan." in page and "Konfirmasi" not in page
    errors = client.get(reverse("evaluations:score_upload_errors", args=[upload.pk]))
    sheet = openpyxl.load_workbook(io.BytesIO(errors.getvalue()))["Nilai"]
    assert [c.value for c in sheet[1]][-1] == "Kesalahan"
    assert sheet.cell(row=2, column=5).value is None
    assert "'85,5' bukan bilangan bulat" in sheet.cell(row=3, column=5).value


def test_rows_of_another_angkatan_a_repeated_id_or_a_changed_name_are_refused(staf):
    angkatan, other = make_angkatan(participants=2), make_angkatan(participants=1)
    mine, stranger = placed(angkatan), placed(other)[0]
    book = template(angkatan)
    sheet = book["Nilai"]
    sheet.append([stranger.pk, None, 50, 60])
    sheet.append([mine[0].pk, mine[0].participant.name, 50, 60])
    sheet.cell(row=3, column=2, value="Orang Lain")
    sheet.cell(row=2, column=3, value=70)
    sheet.cell(row=3, column=3, value=70)
    out = io.BytesIO()
    book.save(out)
    reading = score_file_preview(data=out.getvalue(), angkatan=angkatan)
    assert reading.error_lines() == [
        f"Baris 3, kolom Nama: Nama tidak cocok dengan ID Usulan {mine[1].pk} "
        f"({mine[1].participant.name}); jangan ubah kedua kolom itu.",
        f"Baris 4, kolom ID Usulan: ID Usulan {stranger.pk} bukan peserta angkatan ini.",
        f"Baris 5, kolom ID Usulan: ID Usulan {mine[0].pk} sudah ada di baris 2.",
    ]


def test_a_file_without_scores_is_refused_in_words(staf):
    angkatan = make_angkatan(participants=2)
    reading = score_file_preview(data=filled(angkatan, {}), angkatan=angkatan)
    assert reading.file_errors == ["Tidak ada nilai pre-test atau post-test di berkas ini."]


def test_closed_angkatan_refuses_the_upload_the_preview_and_the_import(staf, client_for):
    angkatan = make_angkatan(participants=2)
    data = filled(angkatan, {0: (45, 80)})
    client = client_for(staf)
    client.post(
        reverse("evaluations:score_upload", args=[angkatan.pk]),
        {"berkas": SimpleUploadedFile("nilai.xlsx", data)},
    )
    upload = ScoreUpload.objects.get()
    angkatan.closed_at = timezone.now()
    angkatan.save()
    response = client.post(
        reverse("evaluations:score_upload", args=[angkatan.pk]),
        {"berkas": SimpleUploadedFile("nilai.xlsx", data)},
    )
    assert response.status_code == 200 and ScoreUpload.objects.count() == 1
    assert "Angkatan sudah ditutup" in response.text
    page = client.get(reverse("evaluations:score_upload_preview", args=[upload.pk])).text
    assert "sudah ditutup" in page and "Konfirmasi" not in page
    client.post(reverse("evaluations:score_upload_confirm", args=[upload.pk]))
    with pytest.raises(ValidationError, match="sudah ditutup"):
        score_file_import(data=data, angkatan=angkatan, by=staf)
    assert not TestScore.objects.exists()
    upload.refresh_from_db()
    assert upload.imported_at is None


@pytest.mark.parametrize("name", ["preview", "confirm"])
def test_upload_queries_do_not_grow_with_rows(
    name, staf, client_for, django_assert_max_num_queries
):
    client = client_for(staf)

    def run(participants):
        angkatan = make_angkatan(participants=participants)
        scores(angkatan, [(10, 20)] * participants)
        data = filled(angkatan, dict.fromkeys(range(participants), (50, 60)))
        upload = ScoreUpload.objects.create(
            angkatan=angkatan, file_name="nilai.xlsx", data=data, uploaded_by=staf
        )
        with django_assert_max_num_queries(18):
            if name == "preview":
                response = client.get(reverse("evaluations:score_upload_preview", args=[upload.pk]))
                assert response.status_code == 200
            else:
                response = client.post(
                    reverse("evaluations:score_upload_confirm", args=[upload.pk])
                )
                assert response.status_code == 302
        if name == "confirm":
            assert TestScore.objects.filter(nomination__angkatan=angkatan, pre=50).count() == (
                participants
            )

    run(2)
    run(12)
