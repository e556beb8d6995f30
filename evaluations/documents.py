"""The learning evaluation in the angkatan's documents: the activity report's section, and the
note beside the questionnaire QR codes of the attendance list (documents app)."""

from __future__ import annotations

from balatkop.formatting import number, percent
from evaluations import recaps, services
from evaluations.models import EvaluationResponse

ATTENDANCE_QR_NOTE = (
    "Evaluasi pelatihan: setelah pelatihan selesai, pindai kode QR di baris Anda dengan kamera "
    "ponsel dan isi kuesionernya (tanpa nama). Kode ini milik Anda sendiri: jangan dipakai "
    "peserta lain; satu kode hanya bisa mengisi sekali."
)


def _item_rows(items) -> list[list]:
    return [
        [i.text, number(i.n), recaps.FEW_ANSWERS_CELL, "", "", "", "", ""]
        if i.hidden
        else [i.text, number(i.n), number(i.mean, 2), *(number(c) for c in i.counts)]
        for i in items
    ]


def activity_report_section(pdf, sheet) -> None:
    """Pre/post-test summary, the questionnaire per item and instructor, and the suggestions."""
    angkatan = sheet.angkatan
    scores = recaps.score_summaries(services.placed_nominations(angkatan))[0]
    recap = recaps.questionnaire_recap(
        responses=EvaluationResponse.objects.filter(angkatan=angkatan),
        participants=scores.participants,
    )
    pdf.key_values(
        [
            ("Pre-test dan post-test", f"{number(scores.paired)} dari {number(scores.participants)} "
             "peserta punya kedua nilai"),
            ("Rata-rata pre / post", f"{number(scores.mean_pre, 1)} / {number(scores.mean_post, 1)}"),
            ("Rata-rata kenaikan", f"{number(scores.mean_gain, 1)} poin"),
            ("Nilai naik", f"{number(scores.improved)} peserta ({percent(scores.share_improved, 1)})"),
            ("Kuesioner", f"{number(recap.responses)} dari {number(recap.participants)} peserta "
             f"mengisi ({percent(recap.response_rate, 1)})"),
        ]
    )  # fmt: skip
    pdf.paragraph(recaps.MISSING_SCORE_RULE, size=8)
    headings = ["Pertanyaan", "n", "Rata-rata", "1", "2", "3", "4", "5"]
    widths = [78, 14, 22, 12, 12, 12, 12, 12]
    align = ["L", "R", "R", "R", "R", "R", "R", "R"]
    groups = [("Penyelenggaraan", recap.general)]
    groups += [(f"Instruktur: {name}", items) for name, items in recap.instructors]
    for title, items in groups:
        if items:
            pdf.paragraph(title, bold=True)
            pdf.data_table(headings, _item_rows(items), widths=widths, align=align)
    if any(item.hidden for _, items in groups for item in items):
        pdf.paragraph(recaps.FEW_ANSWERS, size=8)
    if recap.suggestions:
        pdf.paragraph("Saran peserta (tanpa nama, menurut abjad):", bold=True)
        for text in recap.suggestions:
            pdf.paragraph(f"– {text}", size=9)
