"""Selection: accept, reject, reserve, quota transfer, and the status history read model.

Every status change goes through :func:`_set_status`, which records who and why in the
nomination's history (django-simple-history). Placement is in ``placement``, attendance and
completion in ``completion``.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Count, Q, QuerySet

from participants import signals
from participants.models import (
    Nomination,
    NominationStatus,
)
from programs.models import Program, Quota
from programs.seats import HOLDS_QUOTA_SEAT

S = NominationStatus

DECIDABLE = {S.DIUSULKAN, S.DITERIMA, S.DITOLAK, S.CADANGAN}


class Decision(models.TextChoices):
    ACCEPT = "terima", "Terima"
    REJECT = "tolak", "Tolak"
    RESERVE = "cadangan", "Jadikan cadangan"


def _set_status(nomination: Nomination, status: str, *, by, reason: str = "") -> None:
    """Change status and remember who and why, in the row and in its history."""
    nomination.status = status
    nomination.status_reason = reason
    nomination._history_user = by
    nomination._change_reason = reason or f"Status menjadi {NominationStatus(status).label}"
    nomination.save()
    signals.nomination_status_changed.send(sender=Nomination, nomination=nomination)


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


def _rejection_reason(reason: str) -> str:
    """A rejection needs its reason: the district officer reads it."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            "Alasan penolakan wajib diisi; petugas kabupaten/kota akan membacanya."
        )
    return reason


@transaction.atomic
def nomination_reject(*, nomination: Nomination, by, reason: str) -> Nomination:
    """Reject a nominee; the reason is required and shown to the district officer."""
    reason = _rejection_reason(reason)
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
    if decision == Decision.REJECT:
        _rejection_reason(reason)
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
