"""The impact workbook's Evaluasi Pembelajaran sheet, read back from the file."""

import io
from decimal import Decimal

import openpyxl
import pytest

from evaluations.exports import COLUMNS
from evaluations.tests.factories import answer_all, make_angkatan, scores
from outcomes.exports import ImpactReportExport
from outcomes.impact import ImpactFilters
from participants.models import Nomination, NominationStatus

pytestmark = pytest.mark.django_db


def _sheet_rows(viewer=None) -> list[list]:
    target = io.BytesIO()
    ImpactReportExport(
        nominations=Nomination.objects.for_user(viewer) if viewer else Nomination.objects.all(),
        filters=ImpactFilters(),
        viewer=viewer,
    ).write(target)
    target.seek(0)
    workbook = openpyxl.load_workbook(target)
    assert "Evaluasi Pembelajaran" in workbook.sheetnames
    assert workbook.sheetnames[-1] == "Metodologi"
    sheet = workbook["Evaluasi Pembelajaran"]
    header = next(cell.row for cell in sheet["A"] if cell.value == "Tahun")
    rows = [list(r) for r in sheet.iter_rows(min_row=header, values_only=True)]
    assert rows[0] == [c.header for c in COLUMNS]
    table = rows[1 : next(i for i, r in enumerate(rows) if r[0] == "Jumlah") + 1]
    notes = [r[0] for r in rows[len(table) + 1 :] if r[0]]
    assert notes[1].startswith("Rata-rata pre-test, post-test")  # the missing-score rule
    return table


def test_sheet_holds_pre_post_and_questionnaire_per_angkatan(staf, petugas):
    angkatan = make_angkatan(participants=4)
    scores(angkatan, [(40, 70), (60, 55), (50, 50), (None, 80)])
    answer_all(angkatan, 4)
    Nomination.objects.filter(angkatan=angkatan).update(status=NominationStatus.LULUS)
    row, total = _sheet_rows()
    assert row[:5] == [2020, angkatan.program.code, angkatan.number, 4, 3]
    assert [round(Decimal(str(v)), 2) for v in row[5:8]] == [
        Decimal("50"),
        Decimal("58.33"),
        Decimal("8.33"),
    ]
    assert row[8] == 1 and round(row[9], 2) == 33.33
    assert row[10:] == [4, 100, 4, 4]
    assert total[0] == "Jumlah" and total[3:5] == [4, 3]
    # A district officer's workbook: their own nominees' scores, no questionnaire.
    [officer_row, _] = _sheet_rows(petugas)
    assert officer_row[10:12] == [0, 0]
    assert officer_row[12:] == [None, None]


def test_sheet_says_not_computable_in_words_without_scores(staf):
    angkatan = make_angkatan(participants=2)
    Nomination.objects.filter(angkatan=angkatan).update(status=NominationStatus.LULUS)
    row, _ = _sheet_rows()
    assert row[4] == 0
    assert row[9] == "tidak dapat dihitung"


def test_sheet_hides_questionnaire_means_of_fewer_than_three_responses(staf):
    few, enough = make_angkatan(participants=2), make_angkatan(participants=3)
    answer_all(few, 2)
    answer_all(enough, 4)
    Nomination.objects.update(status=NominationStatus.LULUS)
    rows = {row[2]: row for row in _sheet_rows()}
    assert rows[few.number][10:] == [2, 100, "Kurang dari 3 jawaban", "Kurang dari 3 jawaban"]
    assert rows[enough.number][10:] == [3, 100, 4, 4]
    total = rows[None]
    assert total[10] == 5 and round(total[12], 2) == 3.2  # five responses: shown
