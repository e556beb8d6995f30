"""Follow-up measurements, mentoring visits and the list of alumni due for monitoring."""

from __future__ import annotations

import calendar
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from balatkop.formatting import tanggal
from outcomes.models import FollowUp, FollowUpSource, MentoringVisit
from participants.models import Nomination, NominationStatus
from programs.models import Program


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later (or earlier), clamped to the month's last day."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def rounds_label(rounds) -> str:
    return ", ".join(f"+{r} bulan" for r in rounds) or "–"


# --- Due for monitoring ---------------------------------------------------------------------


def followup_due(
    *, nominations: QuerySet, today: dt.date, round_months: int | None = None
) -> QuerySet:
    """Alumni with at least one monitoring round reached and not yet measured.

    A round of +N months is due once N months have passed since the angkatan ended.
    ``nominations`` is the scoped start (``Nomination.objects.for_user(user)``).
    """
    alumni = nominations.completed().filter(angkatan__isnull=False)
    programs_by_round: dict[int, list[int]] = defaultdict(list)
    for pk, rounds in Program.objects.filter(pk__in=alumni.values("program_id")).values_list(
        "pk", "followup_rounds"
    ):
        for r in rounds or []:
            programs_by_round[int(r)].append(pk)
    due = Q(pk__in=[])
    for r, program_ids in programs_by_round.items():
        if round_months and r != round_months:
            continue
        measured = FollowUp.objects.filter(nomination=OuterRef("pk"), round_months=r)
        due |= Q(
            Q(program_id__in=program_ids),
            Q(angkatan__end_date__lte=add_months(today, -r)),
            ~Exists(measured),
        )
    return alumni.filter(due)


def rounds_due(nomination: Nomination, *, today: dt.date) -> list[int]:
    """The rounds of this alumnus that are reached and not measured (followups prefetched)."""
    if nomination.angkatan is None:
        return []
    measured = {f.round_months for f in nomination.followups.all()}
    return [
        r
        for r in nomination.program.followup_rounds or []
        if r not in measured and add_months(nomination.angkatan.end_date, r) <= today
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
    if nomination.status != NominationStatus.LULUS:
        errors.append("Hanya peserta yang lulus yang dapat dimonitor.")
    rounds = nomination.program.followup_rounds or []
    if m.round_months not in rounds:
        errors.append(
            f"Putaran +{m.round_months} bulan tidak ada di program ini "
            f"(putaran: {rounds_label(rounds)})."
        )
    if m.measured_on > today:
        errors.append(f"Tanggal monitoring {tanggal(m.measured_on)} belum terjadi.")
    if nomination.angkatan and m.measured_on < nomination.angkatan.end_date:
        errors.append(
            f"Tanggal monitoring {tanggal(m.measured_on)} sebelum pelatihan selesai "
            f"({tanggal(nomination.angkatan.end_date)})."
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
