"""Attendance per day and completion: lulus / tidak lulus / withdrawn, certificate numbers."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Count, F, FloatField, Func, IntegerField, Q, QuerySet
from django.db.models.functions import Cast

from balatkop.formatting import tanggal
from participants.models import (
    Attendance,
    AttendanceStatus,
    CertificateSequence,
    Nomination,
)
from participants.services.selection import BulkResult, S, _set_status
from programs.models import Angkatan
from programs.seats import HOLDS_PLACE
from programs.services import angkatan_ensure_open


class AngkatanDays(Func):
    """Days from the angkatan's start to its end date, inclusive, computed in the database."""

    output_field = IntegerField()

    def __init__(self, start="angkatan__start_date", end="angkatan__end_date"):
        super().__init__(F(end), F(start))

    def as_sql(self, compiler, connection, **extra):
        end, end_params = compiler.compile(self.source_expressions[0])
        start, start_params = compiler.compile(self.source_expressions[1])
        return f"(({end}) - ({start}) + 1)", (*end_params, *start_params)

    def as_sqlite(self, compiler, connection, **extra):
        end, end_params = compiler.compile(self.source_expressions[0])
        start, start_params = compiler.compile(self.source_expressions[1])
        sql = f"(CAST(julianday({end}) - julianday({start}) AS INTEGER) + 1)"
        return sql, (*end_params, *start_params)


def with_attendance(queryset: QuerySet) -> QuerySet:
    """Annotate nominations with days per attendance status and the attendance rate (%).

    The rate counts only *hadir* over every day of the angkatan; izin and sakit are
    excused absences but still absences.
    """
    in_angkatan = Q(
        attendance__date__gte=F("angkatan__start_date"),
        attendance__date__lte=F("angkatan__end_date"),
    )
    counts = {
        f"days_{status}": Count("attendance", filter=in_angkatan & Q(attendance__status=status))
        for status in AttendanceStatus.values
    }
    return queryset.annotate(**counts, angkatan_days=AngkatanDays()).annotate(
        attendance_percent=Cast(F("days_hadir"), FloatField())
        * 100.0
        / Cast(F("angkatan_days"), FloatField())
    )


def attendance_percent(nomination: Nomination) -> float:
    """One nominee's attendance rate, as computed by :func:`with_attendance`."""
    row = with_attendance(Nomination.objects.filter(pk=nomination.pk)).get()
    return row.attendance_percent or 0.0


def _check_day(angkatan: Angkatan, day: dt.date) -> None:
    if not angkatan.start_date <= day <= angkatan.end_date:
        raise ValidationError(
            f"Tanggal {tanggal(day)} di luar jadwal {angkatan} "
            f"({tanggal(angkatan.start_date)} s.d. {tanggal(angkatan.end_date)})."
        )


def attendance_record(
    *, nomination: Nomination, day: dt.date, status: str, by
) -> Attendance | None:
    """Set one participant's presence on one day; an empty status clears the cell."""
    angkatan = nomination.angkatan
    if angkatan is None or nomination.status not in HOLDS_PLACE:
        raise ValidationError("Peserta ini tidak ditempatkan di angkatan.")
    angkatan_ensure_open(angkatan=angkatan, action="mengubah kehadiran")
    _check_day(angkatan, day)
    if not status:
        Attendance.objects.filter(nomination=nomination, date=day).delete()
        return None
    if status not in AttendanceStatus.values:
        raise ValidationError("Pilih hadir, izin, sakit atau alpa.")
    attendance, _ = Attendance.objects.update_or_create(
        nomination=nomination, date=day, defaults={"status": status, "recorded_by": by}
    )
    return attendance


def angkatan_days(angkatan: Angkatan) -> list[dt.date]:
    return [angkatan.start_date + dt.timedelta(days=i) for i in range(angkatan.length_days)]


@transaction.atomic
def attendance_grid(
    angkatan: Angkatan, days: list[dt.date] | None = None
) -> tuple[list[dt.date], list[dict]]:
    """The days (``days``, every day of the angkatan by default), and per placed participant
    their cells of those days and attendance rate."""
    nominations = list(
        with_attendance(Nomination.objects.filter(angkatan=angkatan, status__in=HOLDS_PLACE))
        .select_related("participant", "kabupaten_kota", "business", "angkatan")
        .order_by("participant__name", "pk")
    )
    days = days or angkatan_days(angkatan)
    marks = {
        (a.nomination_id, a.date): a.status
        for a in Attendance.objects.filter(
            nomination__in=[n.pk for n in nominations], date__in=days
        ).only("nomination_id", "date", "status")
    }
    rows = [
        {
            "nomination": n,
            "cells": [
                {
                    "date": day,
                    "status": marks.get((n.pk, day), ""),
                    "name": f"c-{n.pk}-{day:%Y-%m-%d}",
                }
                for day in days
            ],
        }
        for n in nominations
    ]
    return days, rows


def attendance_filled(angkatan: Angkatan) -> dict[dt.date, int]:
    """How many cells of each day of the angkatan are filled (what is still missing)."""
    return dict(
        Attendance.objects.filter(
            nomination__angkatan=angkatan,
            nomination__status__in=HOLDS_PLACE,
            date__range=(angkatan.start_date, angkatan.end_date),
        )
        .values_list("date")
        .annotate(n=Count("pk"))
        .order_by()
    )


def attendance_record_grid(*, angkatan: Angkatan, cells: dict, by) -> BulkResult:
    """Save a whole grid, ``{(nomination pk, day): status}``; unchanged cells are not written
    (and not stamped with this user); cells of people not placed here are ignored."""
    placed = {
        n.pk: n
        for n in Nomination.objects.filter(
            angkatan=angkatan, status__in=HOLDS_PLACE
        ).select_related("angkatan", "participant")
    }
    marks = {
        (a.nomination_id, a.date): a.status
        for a in Attendance.objects.filter(nomination_id__in=placed)
    }
    result = BulkResult()
    for (nomination_id, day), value in cells.items():
        if nomination_id not in placed or marks.get((nomination_id, day), "") == value:
            continue
        try:
            attendance_record(nomination=placed[nomination_id], day=day, status=value, by=by)
            result.done += 1
        except ValidationError as error:
            result.errors.append(" ".join(error.messages))
    return result


def attendance_record_day(*, angkatan: Angkatan, day: dt.date, status: str, by) -> int:
    """Mark everyone in the angkatan with one status on one day (only empty cells)."""
    angkatan_ensure_open(angkatan=angkatan, action="mengubah kehadiran")
    _check_day(angkatan, day)
    nominations = Nomination.objects.filter(angkatan=angkatan, status__in=HOLDS_PLACE).exclude(
        attendance__date=day
    )
    created = Attendance.objects.bulk_create(
        [Attendance(nomination=n, date=day, status=status, recorded_by=by) for n in nominations]
    )
    return len(created)


# --- Completion ---------------------------------------------------------------------------


class Outcome(models.TextChoices):
    """The end of a placement: the three final statuses of the funnel."""

    LULUS = S.LULUS.value, S.LULUS.label
    TIDAK_LULUS = S.TIDAK_LULUS.value, S.TIDAK_LULUS.label
    MENGUNDURKAN_DIRI = S.MENGUNDURKAN_DIRI.value, S.MENGUNDURKAN_DIRI.label


def _next_certificate_number(nomination: Nomination) -> str:
    program = nomination.program
    pattern = program.certificate_pattern or "{nomor}"
    if "{nomor}" not in pattern:
        raise ValidationError("Pola nomor sertifikat program harus memuat {nomor}.")
    # A pattern with {tahun} starts again at 1 each year; otherwise one running sequence.
    year = program.year if "{tahun}" in pattern else 0
    CertificateSequence.objects.get_or_create(balai_id=program.balai_id, year=year)
    sequence = CertificateSequence.objects.select_for_update().get(
        balai_id=program.balai_id, year=year
    )
    sequence.last_number += 1
    sequence.save(update_fields=["last_number"])
    values = {
        "nomor": f"{sequence.last_number:04d}",
        "provinsi": program.balai.code.upper(),
        "tahun": program.year,
        "program": program.code,
        "angkatan": nomination.angkatan.number if nomination.angkatan else "",
    }
    try:
        number = pattern.format(**values)
    except (KeyError, IndexError, ValueError) as error:
        raise ValidationError(
            "Pola nomor sertifikat memuat penanda yang tidak dikenal; "
            "gunakan {nomor}, {provinsi}, {tahun}, {program}, {angkatan}."
        ) from error
    if (
        Nomination.objects.filter(program__balai_id=program.balai_id, certificate_number=number)
        .exclude(pk=nomination.pk)
        .exists()
    ):
        raise ValidationError(f"Nomor sertifikat {number} sudah dipakai di balai ini.")
    return number


@transaction.atomic
def nomination_complete(
    *, nomination: Nomination, outcome: str, by, reason: str = ""
) -> Nomination:
    """Record lulus / tidak lulus / mengundurkan diri; lulus needs the minimum attendance."""
    nomination = (
        Nomination.objects.select_for_update(of=("self",))
        .select_related("program__balai", "angkatan", "participant")
        .get(pk=nomination.pk)
    )
    reason = (reason or "").strip()
    if nomination.angkatan is not None:
        angkatan_ensure_open(angkatan=nomination.angkatan, action="mengubah kelulusan")
    if nomination.status == S.LULUS:
        raise ValidationError(
            f"{nomination.participant.name} sudah lulus dengan sertifikat "
            f"{nomination.certificate_number}; hasilnya tidak diubah."
        )
    if outcome == S.MENGUNDURKAN_DIRI:
        if nomination.status not in (S.DITERIMA, S.DITEMPATKAN, S.TIDAK_LULUS):
            raise ValidationError(
                "Hanya peserta yang diterima atau ditempatkan bisa mengundurkan diri."
            )
        if not reason:
            raise ValidationError("Alasan mengundurkan diri wajib diisi.")
        _set_status(nomination, S.MENGUNDURKAN_DIRI, by=by, reason=reason)
        return nomination
    if outcome not in (S.LULUS, S.TIDAK_LULUS):
        raise ValidationError("Pilih lulus, tidak lulus, atau mengundurkan diri.")
    if nomination.angkatan is None or nomination.status not in (
        S.DITEMPATKAN,
        S.TIDAK_LULUS,
        S.MENGUNDURKAN_DIRI,
    ):
        raise ValidationError(
            f"{nomination.participant.name} belum ditempatkan di angkatan; hasil belum bisa dicatat."
        )
    percent = attendance_percent(nomination)
    minimum = nomination.program.min_attendance_percent
    if outcome == S.LULUS:
        if percent < minimum:
            raise ValidationError(
                f"{nomination.participant.name}: kehadiran {percent:.0f}% < minimal {minimum}%; "
                "tidak bisa dinyatakan lulus."
            )
        nomination.certificate_number = _next_certificate_number(nomination)
        nomination.completed_on = nomination.angkatan.end_date
        _set_status(nomination, S.LULUS, by=by, reason=reason or f"Lulus, kehadiran {percent:.0f}%")
        return nomination
    _set_status(
        nomination,
        S.TIDAK_LULUS,
        by=by,
        reason=reason or f"Kehadiran {percent:.0f}% < minimal {minimum}%",
    )
    return nomination


def completion_candidates(angkatan: Angkatan) -> QuerySet:
    """Placed participants without an outcome whose attendance meets the programme's minimum."""
    meeting = with_attendance(
        Nomination.objects.filter(angkatan=angkatan, status=S.DITEMPATKAN)
    ).filter(attendance_percent__gte=angkatan.program.min_attendance_percent)
    return Nomination.objects.filter(pk__in=[n.pk for n in meeting])


def nominations_complete(
    *, nominations: QuerySet, outcome: str, by, reason: str = ""
) -> BulkResult:
    """Record one outcome for many participants, each on its own."""
    result = BulkResult()
    for nomination in nominations.select_related("participant").order_by("participant__name", "pk"):
        try:
            nomination_complete(nomination=nomination, outcome=outcome, by=by, reason=reason)
            result.done += 1
        except ValidationError as error:
            result.errors.append(" ".join(error.messages))
    return result
