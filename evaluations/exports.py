"""The impact workbook's ``Evaluasi Pembelajaran`` sheet: pre/post-test and questionnaire per angkatan.

The impact exporter (outcomes) writes it; this module says what is in it.
"""

from __future__ import annotations

from django.db.models import Avg, Count, Q, QuerySet

from balatkop.xlsx import Column
from evaluations import recaps

SHEET_NAME = "Evaluasi Pembelajaran"
COLUMNS = [
    Column("Tahun", "year"),
    Column("Kode Program", width=18),
    Column("Angkatan", "int", width=9),
    Column("Peserta", "int"),
    Column("Berpasangan (pre dan post)", "int"),
    Column("Rata-rata Pre-test", "decimal"),
    Column("Rata-rata Post-test", "decimal"),
    Column("Rata-rata Kenaikan", "decimal"),
    Column("Nilai Naik", "int"),
    Column("Nilai Naik (%)", "percent"),
    Column("Tanggapan Kuesioner", "int"),
    Column("Tingkat Tanggapan (%)", "percent"),
    Column("Rata-rata Penyelenggaraan (1-5)", "decimal"),
    Column("Rata-rata Instruktur (1-5)", "decimal"),
]
NOTES = [
    "Semua peserta angkatan dalam laporan ini (bukan hanya yang lulus), dalam cakupan pengguna.",
    recaps.MISSING_SCORE_RULE,
    "Kuesioner: skala 1–5; tingkat tanggapan = tanggapan ÷ peserta angkatan × 100. "
    "Tanggapan tanpa nama; petugas kabupaten/kota tidak melihat kuesioner.",
    recaps.FEW_ANSWERS,
]


def _questionnaire_by_angkatan(responses: QuerySet) -> dict[int | None, dict]:
    general = Q(answers__isnull=False, answers__instruktur__isnull=True)
    instructor = Q(answers__instruktur__isnull=False)
    figures = {"n": Count("pk", distinct=True), "general": Avg("answers__score", filter=general),
               "instructor": Avg("answers__score", filter=instructor),
               "n_general": Count("pk", distinct=True, filter=general),
               "n_instructor": Count("pk", distinct=True, filter=instructor)}  # fmt: skip
    rows = {
        r["angkatan_id"]: r for r in responses.order_by().values("angkatan_id").annotate(**figures)
    }
    rows[None] = responses.aggregate(**figures)
    for row in rows.values():
        for part in ("general", "instructor"):
            if not recaps.enough_answers(row[f"n_{part}"]):
                row[part] = recaps.FEW_ANSWERS_CELL if row[f"n_{part}"] else None
    return rows


def evaluation_rows(*, nominations: QuerySet, responses: QuerySet) -> tuple[list[list], list]:
    """The rows per angkatan and the Jumlah row, in :data:`COLUMNS` order (three queries).

    A percentage that cannot be computed is None; the writer says so in words.
    """
    questionnaire = _questionnaire_by_angkatan(responses)

    def cells(s: recaps.ScoreSummary, key, first: list) -> list:
        q = questionnaire.get(key) or {"n": 0, "general": None, "instructor": None}
        return [*first, s.participants, s.paired, s.mean_pre, s.mean_post, s.mean_gain,
                s.improved, s.share_improved, q["n"], recaps.percent_of(q["n"], s.participants),
                q["general"], q["instructor"]]  # fmt: skip

    rows = [
        cells(
            s,
            s.key,
            [s.fields["program__year"], s.fields["program__code"], s.fields["angkatan__number"]],
        )
        for s in recaps.score_summaries(nominations, by="angkatan")
    ]
    total = cells(recaps.score_summaries(nominations)[0], None, ["Jumlah", "", None])
    return rows, total
