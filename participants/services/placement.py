"""Placement in angkatan: one at a time, many at once, and the two automatic planners."""

from collections import defaultdict

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import QuerySet

from balatkop.formatting import tanggal
from participants.models import Nomination
from participants.services.selection import BulkResult, S, _locked_nomination, _set_status
from programs.models import Angkatan, Program
from programs.seats import HOLDS_PLACE
from programs.services import angkatan_ensure_open


class DistributeMode(models.TextChoices):
    KEEP_TOGETHER = "kelompok", "Isi penuh, satu kabupaten/kota tetap bersama bila muat"
    EVEN = "merata", "Sebar merata ke semua angkatan"


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
            f" ({clash.angkatan}, {tanggal(clash.angkatan.start_date)} s.d. "
            f"{tanggal(clash.angkatan.end_date)})"
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
    angkatan_ensure_open(angkatan=angkatan, action="menempatkan peserta")
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
    angkatan_ensure_open(angkatan=old, action="mengeluarkan peserta")
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
