"""Pre-test and post-test scores of one angkatan from a spreadsheet, declared on the importer base.

The template is pre-filled with the angkatan's participants (ID Usulan and name, no NIK: a
score sheet passes through instructors' hands) and their current scores. An empty score cell
leaves the score as it is (a score is cleared on the grid); a row with both cells empty is
skipped. Scores are whole numbers 0–100, read by the grid's own reader
(:func:`evaluations.services.score_read`). All rows or none; a closed angkatan refuses.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from balatkop.formatting import tanggal
from balatkop.importing.base import Column, Importer, Reading, Row
from balatkop.importing.gate import header_key
from balatkop.importing.template import write_template
from evaluations.models import SCORE_MAX, TestScore
from evaluations.services import (
    SCORE_FIELDS,
    evaluation_ensure_open,
    placed_nominations,
    score_read,
)
from programs.models import Angkatan


class ScoreColumn(Column):
    """A score cell: the grid's reader, so a file and the grid accept the same values."""

    def read(self, value):
        return score_read(value)


class ScoreImporter(Importer):
    sheet = "Nilai"
    noun = "baris nilai"
    preview = ("nomination", "name", "pre", "post")
    columns = (
        Column("nomination", "ID Usulan", "whole", True, "Jangan diubah: menandai peserta.", 1234,
               10),
        Column("name", "Nama", "text", False,
               "Jangan diubah: bila diisi, harus sama dengan nama peserta ID Usulan itu.",
               "Siti Aminah", 28, in_file=False),
        ScoreColumn("pre", "Pre-test", "whole", False,
                    "Nilai bulat 0–100. Kosong: nilai yang ada tidak diubah.", 60, 10,
                    limits=(0, SCORE_MAX)),
        ScoreColumn("post", "Post-test", "whole", False,
                    "Nilai bulat 0–100. Kosong: nilai yang ada tidak diubah.", 85, 10,
                    limits=(0, SCORE_MAX)),
    )  # fmt: skip

    def check_row(self, row: Row) -> None:
        row.skipped = all(
            row[key] is None and not row.flagged(self.column(key).header) for key in SCORE_FIELDS
        )


IMPORTER = ScoreImporter()


def score_template_write(target, *, angkatan: Angkatan) -> None:
    """The angkatan's score sheet: every participant with their current scores (no NIK)."""
    nominations = (
        placed_nominations(angkatan)
        .select_related("participant", "test_score")
        .order_by("participant__name", "pk")
    )
    rows = []
    for n in nominations:
        score = getattr(n, "test_score", None)
        rows.append([n.pk, n.participant.name, score and score.pre, score and score.post])
    program = angkatan.program
    write_template(
        target,
        IMPORTER,
        notes=[
            f"Program: {program.code} — {program.name}",
            f"Angkatan {angkatan.number}: {tanggal(angkatan.start_date)} – "
            f"{tanggal(angkatan.end_date)}",
            "Isi Pre-test dan Post-test dengan nilai bulat 0–100 (tanpa koma). Sel kosong tidak "
            "mengubah nilai yang sudah ada; nilai dihapus di layar nilai aplikasi.",
            "Unggah berkas ini di halaman nilai angkatan yang sama. Bila ada satu baris salah, "
            "tidak ada yang disimpan; berkas dengan kolom Kesalahan dapat diunduh dari pratinjau.",
        ],
        rows=rows,
    )


def template_filename(angkatan: Angkatan) -> str:
    return f"templat-nilai-{angkatan.program.code}-angkatan-{angkatan.number}.xlsx"


def score_file_preview(*, data: bytes, angkatan: Angkatan) -> Reading:
    """Read the file and judge every row against the angkatan; writes nothing.

    ``reading.extra`` holds ``skipped`` (rows without scores) and ``new`` / ``changed`` /
    ``same`` (score cells); each judged row gets ``changes`` ({'pre': 70, ...}).
    """
    evaluation_ensure_open(angkatan)
    reading = IMPORTER.read(data)
    skipped = [row for row in reading.rows if row.skipped]
    reading.rows = [row for row in reading.rows if not row.skipped]
    reading.extra.update(skipped=len(skipped), new=0, changed=0, same=0)
    if reading.file_errors:
        return reading
    if not reading.rows:
        reading.file_errors.append("Tidak ada nilai pre-test atau post-test di berkas ini.")
        return reading
    placed = {
        n.pk: n for n in placed_nominations(angkatan).select_related("participant", "test_score")
    }
    seen: dict[int, int] = {}
    for row in reading.rows:
        _judge_row(row, placed, seen, reading.extra)
    return reading


def _judge_row(row: Row, placed: dict, seen: dict, tally: dict) -> None:
    pk = row["nomination"]
    row.nomination, row.changes = placed.get(pk), {}
    if pk is None:
        return  # "Wajib diisi" already
    if row.nomination is None:
        row.error("ID Usulan", f"ID Usulan {pk} bukan peserta angkatan ini.")
        return
    if pk in seen:
        row.error("ID Usulan", f"ID Usulan {pk} sudah ada di baris {seen[pk]}.")
        return
    seen[pk] = row.number
    name = row.nomination.participant.name
    if row["name"] and header_key(row["name"]) != header_key(name):
        row.error("Nama", f"Nama tidak cocok dengan ID Usulan {pk} ({name}); jangan ubah kedua "
                  "kolom itu.")  # fmt: skip
    if row.errors:
        return
    current = getattr(row.nomination, "test_score", None)
    for kind in SCORE_FIELDS:
        value, before = row[kind], getattr(current, kind, None)
        if value is None:
            continue
        if value == before:
            tally["same"] += 1
            continue
        tally["new" if before is None else "changed"] += 1
        row.changes[kind] = value
        if before is not None:
            row.warn(IMPORTER.column(kind).header, f"Nilai {before} diganti {value}.")


@transaction.atomic
def score_file_import(*, data: bytes, angkatan: Angkatan, by) -> int:
    """Record every changed score of the file, or none; returns the number of scores written."""
    # The angkatan's row lock: one score import at a time, and none while it is being closed.
    angkatan = Angkatan.objects.select_for_update().select_related("program").get(pk=angkatan.pk)
    reading = score_file_preview(data=data, angkatan=angkatan)
    reading.refuse_if_wrong()
    changed = [row for row in reading.rows if row.changes]
    existing = {
        s.nomination_id: s
        for s in TestScore.objects.filter(nomination__in=[r.nomination for r in changed])
    }
    now, created, updated = timezone.now(), [], []
    for row in changed:
        score = existing.get(row.nomination.pk)
        if score is None:
            score = TestScore(nomination=row.nomination)
            created.append(score)
        else:
            updated.append(score)
        for kind, value in row.changes.items():
            setattr(score, kind, value)
        score.recorded_by, score.updated_at = by, now
    TestScore.objects.bulk_create(created)
    TestScore.objects.bulk_update(updated, ["pre", "post", "recorded_by", "updated_at"])
    return sum(len(row.changes) for row in changed)
