"""What the programme pages read: districts with their seats, angkatan, totals per year, history.

Selectors read and never write (services write); each is a few queries whatever the rows.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from balatkop.formatting import number, tanggal
from balatkop.models import KabupatenKota
from programs.models import (
    CLOSED_REASON,
    REOPENED_PREFIX,
    Angkatan,
    Bidang,
    Program,
    ProgramStatus,
    Quota,
)
from programs.seats import NominationStatus, holds_place, holds_quota_seat


def province_districts(*, program: Program):
    """The kabupaten/kota of the programme's province, in Kemendagri code order."""
    return KabupatenKota.objects.filter(provinsi_id=program.balai.provinsi_id).order_by("code")


def district_rows(*, program: Program, only_district: str | None = None):
    """Quota, nominated, accepted and placed per kabupaten/kota, in one query."""
    in_program = Q(nominations__program=program)
    seats = Quota.objects.filter(program=program, kabupaten_kota=OuterRef("pk")).values("seats")
    rows = province_districts(program=program)
    if only_district is not None:
        rows = rows.filter(pk=only_district)
    return rows.annotate(
        quota_seats=Subquery(seats[:1]),
        nominated=Count("nominations", filter=in_program),
        accepted=Count("nominations", filter=in_program & holds_quota_seat("nominations__")),
        placed=Count("nominations", filter=in_program & holds_place("nominations__")),
    )


def angkatan_rows(*, program: Program):
    """The programme's angkatan with seats filled, instructors prefetched."""
    return program.angkatan.with_filled().prefetch_related("instructors").order_by("number")


def _lulus_per_program():
    # A correlated subquery, so that summing per year does not multiply the targets.
    counted = (
        Program.objects.filter(pk=OuterRef("pk"))
        .annotate(n=Count("nominations", filter=Q(nominations__status=NominationStatus.LULUS)))
        .values("n")
    )
    return Coalesce(Subquery(counted[:1]), Value(0))


def programs_with_trained(programs):
    """Annotate ``trained_db`` (lulus in the database) and ``trained`` (plus the rekap count)."""
    return programs.annotate(trained_db=_lulus_per_program()).annotate(
        trained=Coalesce("reported_trained_count", Value(0)) + Coalesce("trained_db", Value(0))
    )


def year_totals(programs):
    """Per year: programmes, target, trained (database + rekap), in one grouped query."""
    return (
        programs_with_trained(programs)
        .order_by()
        .values("year")
        .annotate(
            program_count=Count("pk"),
            target=Sum("target_participants"),
            trained_total=Sum("trained"),
            reported_total=Sum("reported_trained_count"),
            finished=Count("pk", filter=Q(status=ProgramStatus.FINISHED)),
        )
        .order_by("year")
    )


# --- History ----------------------------------------------------------------------------

HISTORY_ACTIONS = {"+": "dibuat", "~": "diubah", "-": "dihapus"}
HISTORY_SKIPPED_FIELDS = {"created_at", "updated_at", "instructors"}


def _who(user) -> str:
    """Who made a recorded change: the user's name, or the system for changes without one."""
    return (user.get_full_name() or user.username) if user else "sistem"


def _display_value(field, value, bidang_names: dict[int, str]) -> str:
    if value is None or value == "":
        return "–"
    if field.name == "bidang":
        return bidang_names.get(value, str(value))
    if field.choices:
        return str(dict(field.choices).get(value, value))
    if isinstance(value, bool):
        return "Ya" if value else "Tidak"
    if isinstance(value, dt.date):
        return tanggal(value)
    if isinstance(value, int):
        return number(value)
    return str(value)


def _describe(record, previous, subject: str, bidang_names) -> str:
    if record.history_type != "~" or previous is None:
        return subject
    delta = record.diff_against(previous, excluded_fields=HISTORY_SKIPPED_FIELDS)
    parts = []
    for change in delta.changes:
        field = record.instance_type._meta.get_field(change.field)
        parts.append(
            f"{field.verbose_name}: {_display_value(field, change.old, bidang_names)} → "
            f"{_display_value(field, change.new, bidang_names)}"
        )
    return f"{subject} — {'; '.join(parts)}" if parts else subject


def program_history(*, program: Program, limit: int = 20) -> list[dict]:
    """The latest changes to a programme, its quotas and its angkatan: who, when, what."""
    sources = [
        (Program.history.filter(id=program.pk), lambda r: "Program"),
        (
            Quota.history.filter(program_id=program.pk).select_related("kabupaten_kota"),
            lambda r: f"Kuota {r.kabupaten_kota.name}: {number(r.seats)}",
        ),
        (Angkatan.history.filter(program_id=program.pk), lambda r: f"Angkatan {r.number}"),
    ]
    # Each source brings a few extra records so most changes find their previous version.
    fetched = []
    for queryset, subject in sources:
        records = list(
            queryset.select_related("history_user").order_by("-history_date")[: limit * 2]
        )
        previous_of = {}
        for record in reversed(records):  # oldest first
            record._previous = previous_of.get(record.id)
            previous_of[record.id] = record
        fetched.extend((record, subject) for record in records)
    fetched.sort(key=lambda pair: pair[0].history_date, reverse=True)
    bidang_names = dict(Bidang.objects.values_list("pk", "name"))
    entries = []
    for record, subject in fetched[:limit]:
        entries.append(
            {
                "when": record.history_date,
                "who": _who(record.history_user),
                "action": HISTORY_ACTIONS.get(record.history_type, record.history_type),
                "what": _describe(record, record._previous, subject(record), bidang_names),
            }
        )
    return entries


def angkatan_closing_history(*, angkatan: Angkatan, limit: int = 20) -> list[dict]:
    """When the angkatan was closed and reopened, by whom and why (newest first)."""
    records = (
        angkatan.history.filter(
            Q(history_change_reason=CLOSED_REASON)
            | Q(history_change_reason__startswith=REOPENED_PREFIX)
        )
        .select_related("history_user")
        .order_by("-history_date")[:limit]
    )
    return [
        {
            "when": r.history_date,
            "who": _who(r.history_user),
            "why": r.history_change_reason,
        }
        for r in records
    ]
