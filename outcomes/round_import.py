"""One follow-up round for many alumni from a spreadsheet, declared on the importer base.

The template is pre-filled with the alumni due for the round, and the comparison applicants
(``outcomes.services.COMPARISON_GROUP``) due with them, whose Angkatan cell says "Pembanding";
it names its programme and round. Rows whose whole "Sesudah" block is empty are skipped (not
measured yet). The preview warns when a measurement date lies far from its round (a +6
measurement sent as +12), counting from the programme's last angkatan for a comparison row.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from balatkop.access import mask_nik
from balatkop.formatting import tanggal
from balatkop.importing.base import Column, Importer, Reading, Row
from balatkop.importing.template import write_template
from outcomes.models import FollowUp, FollowUpSource
from outcomes.services import (
    Measurement,
    add_months,
    alumni_lock,
    measurement_errors,
    reference_end,
    reference_end_named,
    rounds_label,
    with_reference_end,
)
from programs.models import Program

AFTER = ("measured_on", "omzet", "aset", "tenaga_kerja")
FAR_FROM_ROUND_DAYS = 92  # about three months either side of the round's date
COMPARISON_MARK = "Pembanding"  # in the Angkatan cell: eligible, not trained, followed the same


class RoundImporter(Importer):
    sheet = "Monitoring"
    noun = "baris monitoring"
    preview = ("nomination", "nik", "name", "measured_on")
    columns = (
        Column("nomination", "ID Usulan", "whole", True, "Jangan diubah: menandai alumni.", 1234,
               10),
        Column("nik", "NIK", "nik", False, "Jangan diubah.", "5271********0001", 19,
               in_file=False),
        Column("name", "Nama", "text", False, "Nama alumni atau pembanding (tidak dibaca).",
               "Siti Aminah", 24, in_file=False),
        Column("business", "Nama Usaha", "text", False, "Tidak dibaca.", "Konveksi Aminah", 22,
               in_file=False),
        Column("district", "Kabupaten/Kota", "text", False, "Tidak dibaca.", "Kota Mataram", 18,
               in_file=False),
        Column("angkatan", "Angkatan", "text", False,
               f"Nomor angkatan; “{COMPARISON_MARK}” bagi pendaftar yang tidak dilatih (kelompok "
               "pembanding). Tidak dibaca.", 1, 12, in_file=False),
        Column("omzet_before", "Omzet Sebelum", "rupiah", False, "Kondisi awal (tidak dibaca).",
               6_000_000, 16, in_file=False),
        Column("aset_before", "Aset Sebelum", "rupiah", False, "Kondisi awal (tidak dibaca).",
               50_000_000, 16, in_file=False),
        Column("tenaga_kerja_before", "Tenaga Kerja Sebelum", "people", False,
               "Kondisi awal (tidak dibaca).", 2, 12, in_file=False),
        Column("measured_on", "Tanggal Monitoring", "date", False,
               "Tanggal data diambil. Kosongkan keempat kolom Sesudah bila belum dimonitor.",
               dt.date(2021, 5, 20), 13),
        Column("omzet", "Omzet Sesudah", "rupiah", False, "Omzet per BULAN, Rupiah bulat.",
               9_500_000, 16),
        Column("aset", "Aset Sesudah", "rupiah", False, "Aset, Rupiah bulat.", 65_000_000, 16),
        Column("tenaga_kerja", "Tenaga Kerja Sesudah", "people", False,
               "Jumlah orang yang bekerja.", 3, 12),
    )  # fmt: skip

    def check_row(self, row: Row) -> None:
        filled = [
            key for key in AFTER if row[key] is not None or row.flagged(self.column(key).header)
        ]
        row.skipped = not filled
        for key in AFTER:
            if filled and key not in filled:
                row.error(self.column(key).header, "Wajib diisi bila alumni ini sudah dimonitor.")


IMPORTER = RoundImporter()


def round_template_write(target, *, program: Program, round_months: int, due: QuerySet, viewer):
    """The round's spreadsheet, pre-filled with the alumni due for it, naming programme and round."""
    nominations = (
        due.select_related("participant", "business", "kabupaten_kota", "angkatan")
        .order_by("kabupaten_kota_id", "participant__name", "pk")
        .iterator()
    )
    rows = (
        [n.pk, mask_nik(n.participant.nik, viewer), n.participant.name,
         n.business.name if n.business else None, n.kabupaten_kota.name,
         n.angkatan.number if n.angkatan else COMPARISON_MARK, n.baseline_omzet, n.baseline_aset,
         n.baseline_tenaga_kerja, None, None, None, None]
        for n in nominations
    )  # fmt: skip
    write_template(
        target,
        IMPORTER,
        notes=[
            f"Program: {program.code} — {program.name}",
            f"Putaran monitoring: +{round_months} bulan setelah angkatan selesai.",
            "Unggah berkas ini untuk program dan putaran yang sama. Isi Tanggal Monitoring, "
            "Omzet Sesudah, Aset Sesudah dan Tenaga Kerja Sesudah; biarkan kosong keempatnya "
            "untuk alumni yang belum dimonitor.",
            f"Baris dengan Angkatan “{COMPARISON_MARK}”: pendaftar yang memenuhi syarat tetapi "
            "tidak dilatih (tidak mendapat kursi). Mereka dimonitor pada putaran yang sama, "
            "dihitung dari selesainya angkatan terakhir program, sebagai pembanding laporan "
            "dampak: isi datanya sama seperti alumni.",
            "Bila ada satu baris salah, tidak ada yang disimpan; berkas dengan kolom Kesalahan "
            "dapat diunduh dari pratinjau.",
        ],
        rows=rows,
    )


def template_filename(program: Program, round_months: int) -> str:
    return f"templat-monitoring-{program.code}-{round_months}bulan.xlsx"


def _round_check(program: Program, round_months: int) -> None:
    if round_months not in (program.followup_rounds or []):
        raise ValidationError(
            f"Putaran +{round_months} bulan tidak ada di program ini "
            f"(putaran: {rounds_label(program.followup_rounds or [])})."
        )


def round_file_preview(
    *, data: bytes, nominations: QuerySet, program: Program, round_months: int, today=None
) -> Reading:
    """Read the file and judge every filled row; writes nothing. ``nominations`` is scoped."""
    _round_check(program, round_months)
    today = today or timezone.localdate()
    reading = IMPORTER.read(data)
    skipped = [row for row in reading.rows if row.skipped]
    reading.rows = [row for row in reading.rows if not row.skipped]
    reading.extra["skipped"] = len(skipped)
    if reading.file_errors:
        return reading
    if not reading.rows:
        reading.file_errors.append("Tidak ada baris berisi data monitoring di berkas ini.")
        return reading
    ids = [row["nomination"] for row in reading.rows if row["nomination"] is not None]
    chosen = nominations.filter(program=program, pk__in=ids)
    known = {
        n.pk: n
        for n in with_reference_end(chosen).select_related("program", "angkatan", "participant")
    }
    measured = set(
        FollowUp.objects.filter(nomination_id__in=known, round_months=round_months).values_list(
            "nomination_id", flat=True
        )
    )
    seen: dict[int, int] = {}
    for row in reading.rows:
        _judge_row(row, known, measured, seen, round_months=round_months, today=today)
    return reading


def _judge_row(row: Row, known, measured, seen, *, round_months: int, today) -> None:
    pk = row["nomination"]
    nomination = known.get(pk)
    row.nomination = nomination
    if pk is None:
        return  # "Wajib diisi" already
    if nomination is None:
        row.error(
            "ID Usulan",
            f"ID Usulan {pk} bukan alumni atau pembanding program ini yang dapat Anda isi.",
        )
        return
    if pk in seen:
        row.error("ID Usulan", f"ID Usulan {pk} sudah ada di baris {seen[pk]}.")
        return
    seen[pk] = row.number
    if pk in measured:
        row.error(
            "ID Usulan", f"Data putaran +{round_months} bulan untuk ID Usulan {pk} sudah ada."
        )
    nik = row["nik"]
    if nik and "*" not in nik and nik != nomination.participant.nik:
        row.error("NIK", "NIK tidak cocok dengan ID Usulan; jangan ubah kolom NIK.")
    if row.errors:
        return
    measurement = Measurement(
        round_months, row["measured_on"], row["omzet"], row["aset"], row["tenaga_kerja"]
    )
    for message in measurement_errors(nomination, measurement, today=today):
        row.error("", message)
    end = reference_end(nomination)  # own angkatan's end; the programme's for a comparison row
    if end and not row.errors:
        expected = add_months(end, round_months)
        if abs((row["measured_on"] - expected).days) > FAR_FROM_ROUND_DAYS:
            months = round((row["measured_on"] - end).days / 30.44)
            row.warn(
                "Tanggal Monitoring",
                f"{tanggal(row['measured_on'])} adalah sekitar {months} bulan setelah "
                f"{reference_end_named(nomination)} "
                f"selesai, jauh dari putaran +{round_months} bulan ({tanggal(expected)}). "
                "Periksa putaran yang dipilih.",
            )
    row.measurement = measurement


@transaction.atomic
def round_file_import(
    *, data: bytes, nominations: QuerySet, program: Program, round_months: int, by, today=None
) -> int:
    """Record the round for every filled row, or for none; returns the number recorded."""
    # One round import per programme at a time: a second waits and then sees the first's rows.
    Program.objects.select_for_update().filter(pk=program.pk).first()
    reading = round_file_preview(
        data=data, nominations=nominations, program=program, round_months=round_months,
        today=today,
    )  # fmt: skip
    reading.refuse_if_wrong()
    followups = [
        FollowUp(
            nomination=row.nomination,
            round_months=round_months,
            measured_on=row.measurement.measured_on,
            omzet=row.measurement.omzet,
            aset=row.measurement.aset,
            tenaga_kerja=row.measurement.tenaga_kerja,
            source=FollowUpSource.IMPORT,
            entered_by=by,
        )
        for row in reading.rows
    ]
    try:
        with transaction.atomic():
            alumni_lock([f.nomination_id for f in followups])
            bulk_create_with_history(followups, FollowUp)  # bulk_create sets is_latest
    except IntegrityError as exc:
        raise ValidationError(
            "Sebagian data baru saja diisi pengguna lain; unduh templat baru lalu unggah ulang."
        ) from exc
    return len(followups)
