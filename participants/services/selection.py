"""Selection to completion: accept, reject, reserve, place in angkatan, attendance, certify.

Every status change goes through :func:`_set_status`, which records who and why in the
nomination's history (django-simple-history).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Count, F, FloatField, Func, IntegerField, Q, QuerySet
from django.db.models.functions import Cast

from notices import services as notices
from participants.models import (
    Attendance,
    AttendanceStatus,
    CertificateSequence,
    Nomination,
    NominationStatus,
)
from programs.models import Angkatan, Program, Quota
from programs.seats import HOLDS_PLACE, HOLDS_QUOTA_SEAT

S = NominationStatus

DECIDABLE = {S.DIUSULKAN, S.DITERIMA, S.DITOLAK, S.CADANGAN}


class Decision(models.TextChoices):
    ACCEPT = "terima", "Terima"
    REJECT = "tolak", "Tolak"
    RESERVE = "cadangan", "Jadikan cadangan"


class DistributeMode(models.TextChoices):
    KEEP_TOGETHER = "kelompok", "Isi penuh, satu kabupaten/kota tetap bersama bila muat"
    EVEN = "merata", "Sebar merata ke semua angkatan"


def _set_status(nomination: Nomination, status: str, *, by, reason: str = "") -> None:
    """Change status and remember who and why, in the row and in its history."""
    nomination.status = status
    nomination.status_reason = reason
    nomination._history_user = by
    nomination._change_reason = reason or f"Status menjadi {NominationStatus(status).label}"
    nomination.save()
    notices.nomination_status_changed(nomination=nomination)


def _locked_nomination(nomination: Nomination) -> Nomination:
    return (
        Nomination.objects.select_for_update(of=("self",))
        .select_related("program", "kabupaten_kota")
        .get(pk=nomination.pk)
    )


# --- Selection ----------------------------------------------------------------------------


def quota_usage(*, program: Program) -> list[dict]:
    """Per district: quota, seats held, unused seats, pending and reserve counts."""
    counts = (
        Nomination.objects.filter(program=program)
        .values("kabupaten_kota_id", "kabupaten_kota__name")
        .annotate(
            held=Count("pk", filter=Q(status__in=HOLDS_QUOTA_SEAT)),
            pending=Count("pk", filter=Q(status=S.DIUSULKAN)),
            reserve=Count("pk", filter=Q(status=S.CADANGAN)),
            total=Count("pk"),
        )
    )
    rows = {
        c["kabupaten_kota_id"]: {
            "code": c["kabupaten_kota_id"],
            "name": c["kabupaten_kota__name"],
            "quota": 0,
            "held": c["held"],
            "pending": c["pending"],
            "reserve": c["reserve"],
            "total": c["total"],
        }
        for c in counts
    }
    for quota in Quota.objects.filter(program=program).select_related("kabupaten_kota"):
        row = rows.setdefault(
            quota.kabupaten_kota_id,
            {
                "code": quota.kabupaten_kota_id,
                "name": quota.kabupaten_kota.name,
                "held": 0,
                "pending": 0,
                "reserve": 0,
                "total": 0,
            },
        )
        row["quota"] = quota.seats
    for row in rows.values():
        row["unused"] = max(row["quota"] - row["held"], 0)
        row["over"] = max(row["held"] - row["quota"], 0)
    return sorted(rows.values(), key=lambda r: r["code"])


def _quota_seats_free(program: Program, kabupaten_kota_id: str) -> int:
    quota = (
        Quota.objects.select_for_update()
        .filter(program=program, kabupaten_kota_id=kabupaten_kota_id)
        .first()
    )
    held = Nomination.objects.filter(
        program=program, kabupaten_kota_id=kabupaten_kota_id, status__in=HOLDS_QUOTA_SEAT
    ).count()
    return (quota.seats if quota else 0) - held


@transaction.atomic
def nomination_accept(
    *, nomination: Nomination, by, override_reason: str = "", reason: str = ""
) -> Nomination:
    """Accept a nominee; beyond the district's quota only with an explicit override reason."""
    nomination = _locked_nomination(nomination)
    if nomination.status == S.DITERIMA:
        return nomination
    if nomination.status not in DECIDABLE:
        raise ValidationError(
            f"Usulan berstatus {nomination.get_status_display()} tidak bisa diterima lagi."
        )
    override_reason = override_reason.strip()
    if _quota_seats_free(nomination.program, nomination.kabupaten_kota_id) <= 0:
        if not override_reason:
            raise ValidationError(
                f"Kuota {nomination.kabupaten_kota.name} sudah penuh. Untuk tetap menerima, "
                "centang 'melebihi kuota' dan tulis alasannya."
            )
        nomination.quota_override_reason = override_reason
        reason = reason or f"Diterima melebihi kuota: {override_reason}"
    _set_status(nomination, S.DITERIMA, by=by, reason=reason.strip())
    return nomination


@transaction.atomic
def nomination_reject(*, nomination: Nomination, by, reason: str) -> Nomination:
    """Reject a nominee; the reason is required and shown to the district officer."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            "Alasan penolakan wajib diisi; petugas kabupaten/kota akan membacanya."
        )
    nomination = _locked_nomination(nomination)
    if nomination.status not in DECIDABLE:
        raise ValidationError(
            f"Usulan berstatus {nomination.get_status_display()} tidak bisa ditolak."
        )
    nomination.quota_override_reason = ""
    _set_status(nomination, S.DITOLAK, by=by, reason=reason)
    return nomination


@transaction.atomic
def nomination_reserve(*, nomination: Nomination, by, reason: str = "") -> Nomination:
    """Put a nominee on the reserve list (cadangan)."""
    nomination = _locked_nomination(nomination)
    if nomination.status not in DECIDABLE:
        raise ValidationError(
            f"Usulan berstatus {nomination.get_status_display()} tidak bisa dijadikan cadangan."
        )
    nomination.quota_override_reason = ""
    _set_status(nomination, S.CADANGAN, by=by, reason=(reason or "").strip())
    return nomination


@dataclass
class BulkResult:
    done: int = 0
    errors: list[str] = field(default_factory=list)


def nominations_decide(
    *,
    nominations: QuerySet,
    decision: str,
    by,
    reason: str = "",
    override_reason: str = "",
) -> BulkResult:
    """Apply one decision to many nominees; each succeeds or fails on its own, with a message."""
    if decision == Decision.REJECT and not (reason or "").strip():
        raise ValidationError(
            "Alasan penolakan wajib diisi; petugas kabupaten/kota akan membacanya."
        )
    result = BulkResult()
    # Oldest nominations first, so that quota seats go to the earliest nominees.
    for nomination in nominations.select_related("participant").order_by("created_at", "pk"):
        try:
            if decision == Decision.ACCEPT:
                nomination_accept(
                    nomination=nomination, by=by, override_reason=override_reason, reason=reason
                )
            elif decision == Decision.REJECT:
                nomination_reject(nomination=nomination, by=by, reason=reason)
            elif decision == Decision.RESERVE:
                nomination_reserve(nomination=nomination, by=by, reason=reason)
            else:
                raise ValidationError("Keputusan tidak dikenal.")
            result.done += 1
        except ValidationError as error:
            result.errors.append(f"{nomination.participant.name}: {' '.join(error.messages)}")
    return result


@transaction.atomic
def quota_give_unused(
    *, program: Program, from_kabupaten_kota_id: str, to_kabupaten_kota_id: str, seats: int, by
) -> int:
    """Move unused seats of one district to another and accept that many of its reserves.

    Returns how many reserves were accepted (at most ``seats``).
    """
    if from_kabupaten_kota_id == to_kabupaten_kota_id:
        raise ValidationError("Kabupaten/kota asal dan tujuan harus berbeda.")
    if seats < 1:
        raise ValidationError("Jumlah kursi minimal 1.")
    quotas = {
        q.kabupaten_kota_id: q
        for q in Quota.objects.select_for_update()
        .filter(
            program=program, kabupaten_kota_id__in=[from_kabupaten_kota_id, to_kabupaten_kota_id]
        )
        .order_by("pk")
    }
    donor = quotas.get(from_kabupaten_kota_id)
    held = Nomination.objects.filter(
        program=program, kabupaten_kota_id=from_kabupaten_kota_id, status__in=HOLDS_QUOTA_SEAT
    ).count()
    unused = (donor.seats if donor else 0) - held
    if seats > unused:
        raise ValidationError(f"Kursi tak terpakai kabupaten/kota asal hanya {max(unused, 0)}.")
    donor.seats -= seats
    donor._change_reason = f"{seats} kursi diberikan ke {to_kabupaten_kota_id}"
    donor._history_user = by
    donor.save()
    recipient = quotas.get(to_kabupaten_kota_id) or Quota(
        program=program, kabupaten_kota_id=to_kabupaten_kota_id, seats=0
    )
    recipient.seats += seats
    recipient._change_reason = f"{seats} kursi dari {from_kabupaten_kota_id}"
    recipient._history_user = by
    recipient.save()
    reserves = Nomination.objects.filter(
        program=program, kabupaten_kota_id=to_kabupaten_kota_id, status=S.CADANGAN
    ).order_by("created_at", "pk")[:seats]
    accepted = 0
    for nomination in reserves:
        if _quota_seats_free(program, to_kabupaten_kota_id) <= 0:
            break  # the recipient was already over its quota: the seats cover that first
        nomination_accept(
            nomination=nomination,
            by=by,
            reason=f"Dari cadangan: kursi tak terpakai {donor.kabupaten_kota.name}",
        )
        accepted += 1
    return accepted


# --- Placement ----------------------------------------------------------------------------


def _lock_angkatan(angkatan_id: int) -> Angkatan:
    # Only the angkatan row: placements into other angkatan of the programme go on.
    return (
        Angkatan.objects.select_related("program")
        .select_for_update(of=("self",))
        .get(pk=angkatan_id)
    )


def placed_count(angkatan: Angkatan) -> int:
    """People occupying a place in the angkatan now."""
    return angkatan.placed_count()


def _check_no_overlap(nomination: Nomination, angkatan: Angkatan) -> None:
    clash = (
        Nomination.objects.filter(
            participant_id=nomination.participant_id,
            status__in=HOLDS_PLACE,
            angkatan__start_date__lte=angkatan.end_date,
            angkatan__end_date__gte=angkatan.start_date,
        )
        .exclude(pk=nomination.pk)
        .select_related("angkatan__program")
        .first()
    )
    if clash:
        where = (
            f" ({clash.angkatan}, {clash.angkatan.start_date:%d-%m-%Y} s.d. "
            f"{clash.angkatan.end_date:%d-%m-%Y})"
            if clash.angkatan.program.balai_id == angkatan.program.balai_id
            else " di balai lain"
        )
        raise ValidationError(
            f"{nomination.participant.name} sudah ditempatkan di angkatan lain pada tanggal "
            f"yang bertumpuk{where}."
        )


def _place_in_locked(nomination: Nomination, angkatan: Angkatan, *, by) -> None:
    """Place one nominee; the caller holds the angkatan lock."""
    if nomination.program_id != angkatan.program_id:
        raise ValidationError("Angkatan ini bukan bagian dari program usulan tersebut.")
    if nomination.status not in (S.DITERIMA, S.DITEMPATKAN):
        raise ValidationError(
            f"{nomination.participant.name} berstatus {nomination.get_status_display()}; "
            "hanya peserta yang diterima yang bisa ditempatkan."
        )
    if nomination.angkatan_id == angkatan.pk and nomination.status == S.DITEMPATKAN:
        return
    if placed_count(angkatan) >= angkatan.capacity:
        raise ValidationError(
            f"{angkatan} sudah penuh ({angkatan.capacity} orang); "
            f"{nomination.participant.name} tidak ditempatkan."
        )
    _check_no_overlap(nomination, angkatan)
    nomination.angkatan = angkatan
    _set_status(nomination, S.DITEMPATKAN, by=by, reason=f"Ditempatkan di {angkatan}")


@transaction.atomic
def nomination_place(*, nomination: Nomination, angkatan: Angkatan, by) -> Nomination:
    """Place an accepted nominee in an angkatan, never beyond its capacity."""
    angkatan = _lock_angkatan(angkatan.pk)
    # Locks the person too, so two programmes cannot place them on overlapping dates at once.
    nomination = (
        Nomination.objects.select_for_update().select_related("participant").get(pk=nomination.pk)
    )
    _place_in_locked(nomination, angkatan, by=by)
    return nomination


@transaction.atomic
def nomination_unplace(*, nomination: Nomination, by) -> Nomination:
    """Take a nominee out of their angkatan, back to accepted."""
    nomination = _locked_nomination(nomination)
    if nomination.status != S.DITEMPATKAN:
        raise ValidationError("Hanya peserta berstatus ditempatkan yang bisa dikeluarkan.")
    old = nomination.angkatan
    nomination.angkatan = None
    _set_status(nomination, S.DITERIMA, by=by, reason=f"Dikeluarkan dari {old}")
    return nomination


def nominations_place(*, nominations: QuerySet, angkatan: Angkatan, by) -> BulkResult:
    """Place many nominees in one angkatan, each on its own (stops filling when full)."""
    result = BulkResult()
    for nomination in nominations.select_related("participant").order_by(
        "kabupaten_kota_id", "participant__name"
    ):
        try:
            nomination_place(nomination=nomination, angkatan=angkatan, by=by)
            result.done += 1
        except ValidationError as error:
            result.errors.append(" ".join(error.messages))
    return result


def _plan_keep_together(groups: dict[str, list], free: dict[int, int]) -> dict[int, list]:
    """Fill angkatan in order; a whole district goes where it fits, else it is split."""
    plan: dict[int, list] = defaultdict(list)
    order = list(free)
    # Biggest districts first: they are the hardest to keep together.
    for _code, people in sorted(groups.items(), key=lambda g: (-len(g[1]), g[0])):
        fits = [a for a in order if free[a] >= len(people)]
        if fits:
            # The first angkatan (in date order) with room keeps filling angkatan up in turn.
            target = fits[0]
            plan[target].extend(people)
            free[target] -= len(people)
            continue
        for person in people:
            target = next((a for a in order if free[a] > 0), None)
            if target is None:
                break
            plan[target].append(person)
            free[target] -= 1
    return plan


def _plan_even(people: list, free: dict[int, int]) -> dict[int, list]:
    """Equal numbers per angkatan (within capacity); districts stay in contiguous runs."""
    targets = dict.fromkeys(free, 0)
    remaining = len(people)
    while remaining:
        open_ = [a for a in free if targets[a] < free[a]]
        if not open_:
            break
        smallest = min(open_, key=lambda a: (targets[a], list(free).index(a)))
        targets[smallest] += 1
        remaining -= 1
    plan: dict[int, list] = defaultdict(list)
    queue = iter(people)
    for angkatan_id in free:
        for _ in range(targets[angkatan_id]):
            plan[angkatan_id].append(next(queue))
    return plan


@transaction.atomic
def placement_distribute(
    *, program: Program, mode: str, by, angkatan_ids: list[int] | None = None
) -> BulkResult:
    """Place every accepted, not yet placed nominee of the programme automatically."""
    if mode not in (DistributeMode.KEEP_TOGETHER, DistributeMode.EVEN):
        raise ValidationError("Pilih cara pembagian.")
    angkatan_qs = Angkatan.objects.filter(program=program).order_by("start_date", "number")
    if angkatan_ids:
        angkatan_qs = angkatan_qs.filter(pk__in=angkatan_ids)
    # Lock every target angkatan (in one order, so two runs cannot deadlock), then count.
    locked = [_lock_angkatan(pk) for pk in angkatan_qs.values_list("pk", flat=True)]
    if not locked:
        raise ValidationError("Program ini belum punya angkatan.")
    by_id = {a.pk: a for a in locked}
    free = {a.pk: max(a.capacity - placed_count(a), 0) for a in locked}
    waiting = list(
        Nomination.objects.select_for_update(of=("self",))
        .filter(program=program, status=S.DITERIMA)
        .select_related("participant")
        .order_by("kabupaten_kota_id", "participant__name", "pk")
    )
    if mode == DistributeMode.KEEP_TOGETHER:
        groups: dict[str, list] = defaultdict(list)
        for nomination in waiting:
            groups[nomination.kabupaten_kota_id].append(nomination)
        plan = _plan_keep_together(groups, free)
    else:
        plan = _plan_even(waiting, free)
    result = BulkResult()
    placed_ids = set()
    for angkatan_id, people in plan.items():
        for nomination in people:
            try:
                with transaction.atomic():
                    _place_in_locked(nomination, by_id[angkatan_id], by=by)
                result.done += 1
                placed_ids.add(nomination.pk)
            except ValidationError as error:
                result.errors.append(" ".join(error.messages))
    left = len(waiting) - len(placed_ids)
    if left:
        result.errors.append(f"{left} peserta belum ditempatkan (kapasitas atau jadwal bertumpuk).")
    return result


# --- Attendance ---------------------------------------------------------------------------


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
            f"Tanggal {day:%d-%m-%Y} di luar jadwal {angkatan} "
            f"({angkatan.start_date:%d-%m-%Y} s.d. {angkatan.end_date:%d-%m-%Y})."
        )


def attendance_record(
    *, nomination: Nomination, day: dt.date, status: str, by
) -> Attendance | None:
    """Set one participant's presence on one day; an empty status clears the cell."""
    angkatan = nomination.angkatan
    if angkatan is None or nomination.status not in HOLDS_PLACE:
        raise ValidationError("Peserta ini tidak ditempatkan di angkatan.")
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


@transaction.atomic
def attendance_record_day(*, angkatan: Angkatan, day: dt.date, status: str, by) -> int:
    """Mark everyone in the angkatan with one status on one day (only empty cells)."""
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


# --- History ------------------------------------------------------------------------------


def status_history(nomination: Nomination) -> list[dict]:
    """Each status change of a nomination: when, who, from, to, why (oldest first)."""
    records = list(
        nomination.history.select_related("history_user").order_by("history_date", "history_id")
    )
    labels = dict(NominationStatus.choices)
    changes = []
    previous = None
    for record in records:
        if previous is None or record.status != previous.status:
            changes.append(
                {
                    "when": record.history_date,
                    "who": record.history_user,
                    "from": labels.get(previous.status) if previous else None,
                    "to": labels.get(record.status, record.status),
                    "why": record.history_change_reason or record.status_reason,
                }
            )
        previous = record
    return changes
