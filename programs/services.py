"""Business rules of the programs app: status transitions, quotas, angkatan and the generator.

Every writing function is keyword-only, atomic, and raises ``ValidationError`` with an
Indonesian message when a rule is broken; views only parse input and render.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable, Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from balatkop.formatting import hari, number, tanggal
from programs import signals
from programs.models import (
    CLOSED_REASON,
    REOPENED_PREFIX,
    Angkatan,
    Bidang,
    Instruktur,
    Program,
    ProgramStatus,
    Quota,
)
from programs.selectors import province_districts

# --- Programme status -------------------------------------------------------------------

TRANSITIONS: dict[str, tuple[str, ...]] = {
    ProgramStatus.DRAFT: (ProgramStatus.NOMINATION_OPEN,),
    ProgramStatus.NOMINATION_OPEN: (ProgramStatus.NOMINATION_CLOSED, ProgramStatus.DRAFT),
    ProgramStatus.NOMINATION_CLOSED: (ProgramStatus.RUNNING, ProgramStatus.NOMINATION_OPEN),
    ProgramStatus.RUNNING: (ProgramStatus.FINISHED,),
    ProgramStatus.FINISHED: (),
}

TRANSITION_LABELS = {
    (ProgramStatus.DRAFT, ProgramStatus.NOMINATION_OPEN): "Buka usulan",
    (ProgramStatus.NOMINATION_OPEN, ProgramStatus.NOMINATION_CLOSED): "Tutup usulan",
    (ProgramStatus.NOMINATION_OPEN, ProgramStatus.DRAFT): "Kembalikan ke draf",
    (ProgramStatus.NOMINATION_CLOSED, ProgramStatus.RUNNING): "Mulai pelatihan",
    (ProgramStatus.NOMINATION_CLOSED, ProgramStatus.NOMINATION_OPEN): "Buka kembali usulan",
    (ProgramStatus.RUNNING, ProgramStatus.FINISHED): "Selesaikan program",
}


def program_next_statuses(*, program: Program) -> list[tuple[str, str]]:
    """The statuses reachable from the current one, as (status, button label)."""
    return [
        (target, TRANSITION_LABELS[(program.status, target)])
        for target in TRANSITIONS[program.status]
    ]


@transaction.atomic
def program_transition(*, program: Program, to_status: str) -> Program:
    """Move a programme to the next status, checking what that step needs."""
    program = Program.objects.select_for_update().get(pk=program.pk)
    current = ProgramStatus(program.status)
    if to_status not in ProgramStatus.values:
        raise ValidationError("Status tujuan tidak dikenal.")
    target = ProgramStatus(to_status)
    if target not in TRANSITIONS[current]:
        raise ValidationError(
            f"Status tidak dapat diubah dari “{current.label}” ke “{target.label}”."
        )
    if target == ProgramStatus.NOMINATION_OPEN:
        if program.target_participants <= 0:
            raise ValidationError("Isi target peserta sebelum membuka usulan.")
        if not program.quotas.filter(seats__gt=0).exists():
            raise ValidationError("Isi kuota kabupaten/kota sebelum membuka usulan.")
        signals.program_opened.send(sender=Program, program=program)  # told after commit
    if target == ProgramStatus.DRAFT and program.nominations.exists():
        raise ValidationError(
            "Program tidak dapat dikembalikan ke draf karena sudah ada usulan peserta."
        )
    if target == ProgramStatus.RUNNING and not program.angkatan.exists():
        raise ValidationError("Buat minimal satu angkatan sebelum pelatihan dimulai.")
    program.status = target
    program.save(update_fields=["status", "updated_at"])
    return program


# --- Quotas -----------------------------------------------------------------------------


def quota_divide_evenly(*, total: int, codes: Iterable[str]) -> dict[str, int]:
    """Split ``total`` seats over the districts; the remainder goes one each to the first."""
    codes = list(codes)
    if not codes:
        return {}
    base, remainder = divmod(max(total, 0), len(codes))
    return {code: base + (1 if i < remainder else 0) for i, code in enumerate(codes)}


@transaction.atomic
def quotas_save(
    *, program: Program, seats: Mapping[str, int], confirm_over_target: bool = False
) -> list[Quota]:
    """Set every district's quota at once; a total above the target needs confirmation."""
    program = Program.objects.select_for_update().get(pk=program.pk)
    valid_codes = set(province_districts(program=program).values_list("code", flat=True))
    unknown = sorted(set(seats) - valid_codes)
    if unknown:
        raise ValidationError(
            f"Kabupaten/kota {', '.join(unknown)} tidak berada di provinsi balai ini."
        )
    if any(value is None or value < 0 for value in seats.values()):
        raise ValidationError("Kuota tidak boleh negatif.")
    total = sum(seats.values())
    if program.quotas_exceed_target(total) and not confirm_over_target:
        raise ValidationError(
            {
                "confirm_over_target": (
                    f"Jumlah kuota {number(total)} melebihi target peserta "
                    f"{number(program.target_participants)}. Centang konfirmasi bila memang "
                    "disengaja."
                )
            }
        )
    existing = {quota.kabupaten_kota_id: quota for quota in program.quotas.all()}
    saved = []
    for code, value in sorted(seats.items()):
        quota = existing.get(code)
        if quota is None:
            if value == 0:
                continue  # no row for a district that gets nothing
            quota = Quota(program=program, kabupaten_kota_id=code, seats=value)
            quota.save()
        elif quota.seats != value:
            quota.seats = value
            quota.save(update_fields=["seats"])
        saved.append(quota)
    return saved


# --- Angkatan ---------------------------------------------------------------------------


def angkatan_next_number(*, program: Program) -> int:
    return (program.angkatan.aggregate(top=Max("number"))["top"] or 0) + 1


def _angkatan_check(
    *,
    program: Program,
    angkatan: Angkatan,
    number: int,
    start_date: dt.date,
    end_date: dt.date,
    capacity: int,
    confirm_length: bool,
) -> None:
    errors: dict[str, list[str]] = {}
    if end_date < start_date:
        errors.setdefault("end_date", []).append(
            "Tanggal selesai tidak boleh sebelum tanggal mulai."
        )
    else:
        length = (end_date - start_date).days + 1
        if length != program.days_per_angkatan and not confirm_length:
            errors.setdefault("confirm_length", []).append(
                f"Lama angkatan {length} hari, sedangkan program ini {program.days_per_angkatan} "
                "hari per angkatan. Centang konfirmasi bila memang disengaja."
            )
    if capacity is None or capacity < 1:
        errors.setdefault("capacity", []).append("Kapasitas minimal 1 orang.")
    elif angkatan.pk is not None:
        placed = angkatan.placed_count()
        if capacity < placed:
            errors.setdefault("capacity", []).append(
                f"Kapasitas tidak boleh kurang dari {placed} peserta yang sudah ditempatkan."
            )
    if program.angkatan.filter(number=number).exclude(pk=angkatan.pk).exists():
        errors.setdefault("number", []).append(f"Angkatan {number} sudah ada di program ini.")
    if errors:
        raise ValidationError(errors)


def _angkatan_save(
    *,
    angkatan: Angkatan,
    number: int,
    start_date: dt.date,
    end_date: dt.date,
    capacity: int,
    venue: str,
    instructors: Iterable[Instruktur],
    confirm_length: bool,
) -> Angkatan:
    """Check a new or changed angkatan against its programme, then save it with its instructors."""
    program = angkatan.program
    _angkatan_check(
        program=program,
        angkatan=angkatan,
        number=number,
        start_date=start_date,
        end_date=end_date,
        capacity=capacity,
        confirm_length=confirm_length,
    )
    foreign = [i for i in instructors if i.balai_id != program.balai_id]
    if foreign:
        raise ValidationError(
            {"instructors": f"Instruktur {foreign[0]} bukan instruktur balai ini."}
        )
    angkatan.number = number
    angkatan.start_date = start_date
    angkatan.end_date = end_date
    angkatan.venue = venue
    angkatan.capacity = capacity
    angkatan.save()
    angkatan.instructors.set(instructors)
    return angkatan


@transaction.atomic
def angkatan_create(
    *,
    program: Program,
    number: int,
    start_date: dt.date,
    end_date: dt.date,
    capacity: int,
    venue: str = "",
    instructors: Iterable[Instruktur] = (),
    confirm_length: bool = False,
) -> Angkatan:
    """Add one angkatan to a programme."""
    program = Program.objects.select_for_update().get(pk=program.pk)
    return _angkatan_save(
        angkatan=Angkatan(program=program),
        number=number,
        start_date=start_date,
        end_date=end_date,
        capacity=capacity,
        venue=venue,
        instructors=instructors,
        confirm_length=confirm_length,
    )


@transaction.atomic
def angkatan_update(
    *,
    angkatan: Angkatan,
    number: int,
    start_date: dt.date,
    end_date: dt.date,
    capacity: int,
    venue: str = "",
    instructors: Iterable[Instruktur] = (),
    confirm_length: bool = False,
) -> Angkatan:
    """Change an angkatan; its capacity never drops below the participants placed in it."""
    # Locking the row makes a concurrent placement wait until the new capacity is known.
    angkatan = Angkatan.objects.select_for_update().select_related("program").get(pk=angkatan.pk)
    return _angkatan_save(
        angkatan=angkatan,
        number=number,
        start_date=start_date,
        end_date=end_date,
        capacity=capacity,
        venue=venue,
        instructors=instructors,
        confirm_length=confirm_length,
    )


def angkatan_schedule(
    *, first_start: dt.date, count: int, days: int, skip_weekends: bool = False
) -> list[tuple[dt.date, dt.date]]:
    """Consecutive (start, end) pairs: each angkatan starts the day after the previous ends.

    With ``skip_weekends`` no angkatan starts on a Saturday or Sunday, and one short enough to
    fit in a working week (≤ 5 days) is moved to the next Monday rather than straddle one.
    """
    schedule = []
    start = first_start
    for _ in range(count):
        if skip_weekends:
            start = _next_weekday(start)
            end = start + dt.timedelta(days=days - 1)
            if days <= 5 and _touches_weekend(start, end):
                start = start + dt.timedelta(days=7 - start.weekday())  # next Monday
                end = start + dt.timedelta(days=days - 1)
        else:
            end = start + dt.timedelta(days=days - 1)
        schedule.append((start, end))
        start = end + dt.timedelta(days=1)
    return schedule


def _next_weekday(day: dt.date) -> dt.date:
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day


def _touches_weekend(start: dt.date, end: dt.date) -> bool:
    return any((start + dt.timedelta(days=i)).weekday() >= 5 for i in range((end - start).days + 1))


GENERATOR_MAX_COUNT = 50


@transaction.atomic
def angkatan_generate(
    *,
    program: Program,
    count: int,
    capacity: int,
    first_start: dt.date,
    skip_weekends: bool = False,
    venue: str = "",
) -> list[Angkatan]:
    """Create ``count`` angkatan of ``capacity`` seats on consecutive schedules."""
    program = Program.objects.select_for_update().get(pk=program.pk)
    errors: dict[str, str] = {}
    if not 1 <= count <= GENERATOR_MAX_COUNT:
        errors["count"] = f"Jumlah angkatan harus antara 1 dan {GENERATOR_MAX_COUNT}."
    if capacity < 1:
        errors["capacity"] = "Kapasitas minimal 1 orang."
    if errors:
        raise ValidationError(errors)
    first_number = angkatan_next_number(program=program)
    schedule = angkatan_schedule(
        first_start=first_start,
        count=count,
        days=program.days_per_angkatan,
        skip_weekends=skip_weekends,
    )
    if schedule and schedule[0][0] != first_start:
        # The date the user chose is never moved behind their back: say why and what fits.
        moved = schedule[0][0]
        raise ValidationError(
            {
                "first_start": (
                    f"Angkatan {program.days_per_angkatan} hari yang mulai {hari(first_start)}, "
                    f"{tanggal(first_start)} akan melewati Sabtu/Minggu. Pilih tanggal lain "
                    f"(misalnya {hari(moved)}, {tanggal(moved)}) atau hilangkan centang "
                    "“Lewati Sabtu dan Minggu”."
                )
            }
        )
    created = []
    for offset, (start, end) in enumerate(schedule):
        angkatan = Angkatan(
            program=program,
            number=first_number + offset,
            start_date=start,
            end_date=end,
            venue=venue,
            capacity=capacity,
        )
        angkatan.save()  # one by one, so each gets its history record
        created.append(angkatan)
    return created


def generator_summary(*, angkatan: list[Angkatan]) -> str:
    """'10 angkatan dibuat (1–10), 17 November 2020 s.d. 26 Desember 2020, 600 kursi.'"""
    if not angkatan:
        return "Tidak ada angkatan dibuat."
    seats = sum(a.capacity for a in angkatan)
    moved = [
        str(later.number)
        for earlier, later in itertools.pairwise(angkatan)
        if later.start_date != earlier.end_date + dt.timedelta(days=1)
    ]
    moved_note = (
        f" Angkatan {', '.join(moved)} dimulai Senin berikutnya agar tidak melewati akhir pekan."
        if moved
        else ""
    )
    return (
        f"{len(angkatan)} angkatan dibuat (nomor {angkatan[0].number}–{angkatan[-1].number}), "
        f"{tanggal(angkatan[0].start_date)} s.d. {tanggal(angkatan[-1].end_date)}, "
        f"{number(seats)} kursi.{moved_note}"
    )


# --- Managed lists ----------------------------------------------------------------------


def bidang_create(*, name: str) -> Bidang:
    """Add a field of training; names are unique regardless of case."""
    name = " ".join(name.split())
    if not name:
        raise ValidationError({"name": "Nama bidang wajib diisi."})
    if Bidang.objects.filter(name__iexact=name).exists():
        raise ValidationError({"name": f"Bidang “{name}” sudah ada."})
    return Bidang.objects.create(name=name)


# --- Tutup angkatan -----------------------------------------------------------------------


def angkatan_ensure_open(*, angkatan: Angkatan, action: str) -> None:
    """Refuse ``action`` (e.g. 'mengubah kehadiran') on a closed angkatan, saying why."""
    if angkatan.closed_at is not None:
        raise ValidationError(
            f"{angkatan} sudah ditutup pada {tanggal(timezone.localtime(angkatan.closed_at))}; "
            f"tidak bisa {action}. Staf balai dapat membukanya kembali dengan alasan."
        )


@transaction.atomic
def angkatan_close(*, angkatan: Angkatan, by) -> Angkatan:
    """Close an angkatan: attendance, completion and payments are frozen from now on."""
    angkatan = Angkatan.objects.select_for_update().get(pk=angkatan.pk)
    angkatan_ensure_open(angkatan=angkatan, action="ditutup lagi")
    angkatan.closed_at = timezone.now()
    angkatan._history_user = by
    angkatan._change_reason = CLOSED_REASON
    angkatan.save(update_fields=["closed_at"])
    return angkatan


@transaction.atomic
def angkatan_reopen(*, angkatan: Angkatan, by, reason: str) -> Angkatan:
    """Open a closed angkatan again; the reason is kept in its history."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("Alasan membuka kembali angkatan wajib diisi.")
    angkatan = Angkatan.objects.select_for_update().get(pk=angkatan.pk)
    if angkatan.closed_at is None:
        raise ValidationError(f"{angkatan} belum ditutup.")
    angkatan.closed_at = None
    angkatan._history_user = by
    angkatan._change_reason = f"{REOPENED_PREFIX}{reason}"
    angkatan.save(update_fields=["closed_at"])
    return angkatan
