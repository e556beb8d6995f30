"""Follow-up measurements, mentoring visits and the list of alumni due for monitoring."""

from __future__ import annotations

import calendar
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import (
    BooleanField,
    Exists,
    ExpressionWrapper,
    F,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from balatkop.formatting import tanggal
from outcomes.models import FollowUp, FollowUpSource, MentoringVisit
from participants.models import Nomination, NominationStatus
from programs.models import Angkatan, Program


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later (or earlier), clamped to the month's last day."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def rounds_label(rounds) -> str:
    return ", ".join(f"+{r} bulan" for r in rounds) or "–"


# --- Who is followed: alumni and the comparison group ----------------------------------------

# Eligible applicants who were not trained for want of a seat: reserves never placed, and
# over-quota nominees rejected. Followed like alumni, as the report's comparison group.
COMPARISON_GROUP = Q(is_eligible=True, angkatan__isnull=True) & (
    Q(status=NominationStatus.CADANGAN) | Q(status=NominationStatus.DITOLAK, over_quota=True)
)
FOLLOWED = Q(status=NominationStatus.LULUS, angkatan__isnull=False) | COMPARISON_GROUP


def is_comparison(nomination: Nomination) -> bool:
    """The Python twin of :data:`COMPARISON_GROUP` for one loaded nomination."""
    return (
        nomination.is_eligible
        and nomination.angkatan_id is None
        and (
            nomination.status == NominationStatus.CADANGAN
            or (nomination.status == NominationStatus.DITOLAK and nomination.over_quota)
        )
    )


def program_end(program_ref="program_id") -> Subquery:
    """The end of a programme's last angkatan: when its training, and any chance of a seat, ended."""
    return Subquery(
        Angkatan.objects.filter(program_id=OuterRef(program_ref))
        .order_by("-end_date")
        .values("end_date")[:1]
    )


def with_reference_end(nominations: QuerySet) -> QuerySet:
    """``reference_end``: the day rounds count from (own angkatan's end; the programme's for comparison)."""
    return nominations.annotate(reference_end=Coalesce(F("angkatan__end_date"), program_end()))


def reference_end(nomination: Nomination) -> dt.date | None:
    if hasattr(nomination, "reference_end"):
        return nomination.reference_end
    if nomination.angkatan_id:
        return nomination.angkatan.end_date
    return nomination.program.angkatan.aggregate(end=Max("end_date"))["end"]


def reference_end_named(nomination: Nomination) -> str:
    """What ``reference_end`` is the end of, as said in messages."""
    return "pelatihan" if nomination.angkatan_id else "angkatan terakhir program"


# --- Due for monitoring ---------------------------------------------------------------------


def rounds_reached(
    *, nominations: QuerySet, today: dt.date, round_months: int | None = None
) -> dict[int, Q]:
    """Per monitoring round, the condition "this round is reached" on ``with_reference_end`` rows.

    A round of +N months is reached once N months have passed since the reference end.
    """
    # DISTINCT first: probing the rows once per programme of every balai read all of them
    # (190 ms vs 23 ms at 1,000,000 nominations, bench/).
    programs = Program.objects.filter(pk__in=nominations.order_by().values("program_id").distinct())
    programs_by_round: dict[int, list[int]] = defaultdict(list)
    count = 0
    for pk, rounds in programs.values_list("pk", "followup_rounds"):
        count += 1
        for r in rounds or []:
            programs_by_round[int(r)].append(pk)

    def reached(r: int, program_ids: list[int]) -> Q:
        ended = Q(reference_end__lte=add_months(today, -r))
        # Every programme of these rows has the round: the list would only be tested per row.
        return ended if len(program_ids) == count else ended & Q(program_id__in=program_ids)

    return {
        r: reached(r, program_ids)
        for r, program_ids in sorted(programs_by_round.items())
        if not round_months or r == round_months
    }


def measured_in(round_months: int) -> Exists:
    return Exists(FollowUp.objects.filter(nomination=OuterRef("pk"), round_months=round_months))


def followup_due(
    *, nominations: QuerySet, today: dt.date, round_months: int | None = None
) -> QuerySet:
    """Alumni and comparison applicants with at least one round reached and not yet measured.

    ``nominations`` is the scoped start (``Nomination.objects.for_user(user)``); rows carry
    ``reference_end`` and ``is_comparison``.
    """
    followed = with_reference_end(nominations.filter(FOLLOWED))
    due = Q(pk__in=[])
    for r, reached in rounds_reached(
        nominations=followed, today=today, round_months=round_months
    ).items():
        due |= reached & ~measured_in(r)
    return followed.filter(due).annotate(
        is_comparison=ExpressionWrapper(~Q(status=NominationStatus.LULUS), BooleanField())
    )


def rounds_due(nomination: Nomination, *, today: dt.date) -> list[int]:
    """The rounds of this person that are reached and not measured (followups prefetched)."""
    end = reference_end(nomination)
    if end is None:
        return []
    measured = {f.round_months for f in nomination.followups.all()}
    return [
        r
        for r in nomination.program.followup_rounds or []
        if r not in measured and add_months(end, r) <= today
    ]


# --- Entering measurements -------------------------------------------------------------------


@dataclass(frozen=True)
class Measurement:
    """One follow-up's figures as entered (form, visit or a spreadsheet row)."""

    round_months: int
    measured_on: dt.date
    omzet: int
    aset: int
    tenaga_kerja: int


def measurement_errors(nomination: Nomination, m: Measurement, *, today: dt.date) -> list[str]:
    errors = []
    if nomination.status != NominationStatus.LULUS and not is_comparison(nomination):
        errors.append(
            "Hanya peserta yang lulus, atau pendaftar pembanding (memenuhi syarat tetapi tidak "
            "mendapat kursi), yang dapat dimonitor."
        )
    rounds = nomination.program.followup_rounds or []
    if m.round_months not in rounds:
        errors.append(
            f"Putaran +{m.round_months} bulan tidak ada di program ini "
            f"(putaran: {rounds_label(rounds)})."
        )
    if m.measured_on > today:
        errors.append(f"Tanggal monitoring {tanggal(m.measured_on)} belum terjadi.")
    end = reference_end(nomination)
    if end and m.measured_on < end:
        errors.append(
            f"Tanggal monitoring {tanggal(m.measured_on)} sebelum {reference_end_named(nomination)} "
            f"selesai ({tanggal(end)})."
        )
    for label, value in (
        ("Omzet", m.omzet),
        ("Aset", m.aset),
        ("Tenaga kerja", m.tenaga_kerja),
    ):
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            errors.append(f"{label} harus bilangan bulat tidak negatif.")
    return errors


def alumni_lock(nomination_ids) -> None:
    """Hold these nominations' rows till commit, in id order so two writers cannot deadlock."""
    list(
        Nomination.objects.select_for_update()
        .filter(pk__in=nomination_ids)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def followup_record(
    *,
    nomination: Nomination,
    measurement: Measurement,
    by,
    source: str = FollowUpSource.FORM,
    today: dt.date | None = None,
) -> FollowUp:
    """Record one alumnus's measurement for one round (once per round)."""
    errors = measurement_errors(nomination, measurement, today=today or timezone.localdate())
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            # One writer per alumnus at a time: every round moves the same "latest" flag.
            alumni_lock([nomination.pk])
            if FollowUp.objects.filter(
                nomination=nomination, round_months=measurement.round_months
            ).exists():
                raise ValidationError(
                    f"Data monitoring putaran +{measurement.round_months} bulan sudah ada "
                    "untuk peserta ini."
                )
            return FollowUp.objects.create(
                nomination=nomination,
                round_months=measurement.round_months,
                measured_on=measurement.measured_on,
                omzet=measurement.omzet,
                aset=measurement.aset,
                tenaga_kerja=measurement.tenaga_kerja,
                source=source,
                entered_by=by,
            )
    except IntegrityError as exc:
        raise ValidationError(
            "Data monitoring putaran ini baru saja diisi pengguna lain untuk peserta ini."
        ) from exc


@transaction.atomic
def visit_record(
    *,
    nomination: Nomination,
    pendamping: str,
    visited_on: dt.date,
    topics: str,
    notes: str = "",
    measurement: Measurement | None = None,
    by,
    today: dt.date | None = None,
) -> MentoringVisit:
    """Record a pendamping's visit, with the follow-up figures captured on it if any."""
    today = today or timezone.localdate()
    if visited_on > today:
        raise ValidationError(f"Tanggal kunjungan {tanggal(visited_on)} belum terjadi.")
    if nomination.status != NominationStatus.LULUS:
        raise ValidationError("Pendampingan hanya untuk peserta yang lulus.")
    followup = None
    if measurement is not None:
        followup = followup_record(
            nomination=nomination,
            measurement=measurement,
            by=by,
            source=FollowUpSource.VISIT,
            today=today,
        )
    return MentoringVisit.objects.create(
        nomination=nomination,
        pendamping=pendamping,
        visited_on=visited_on,
        topics=topics,
        notes=notes,
        followup=followup,
        entered_by=by,
    )
