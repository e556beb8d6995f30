"""Alumni (and comparison applicants) who report their own figures through a personal link.

The officer makes the link from the due list and shares it by WhatsApp; the person opens it
without an account, enters omzet, aset and workers for that one round, once; the officer then
confirms (or corrects) and only that creates the FollowUp the report counts.
"""

from __future__ import annotations

import datetime as dt
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from balatkop.formatting import tanggal
from balatkop.whatsapp import whatsapp_link
from outcomes.models import FollowUpSource, SelfReport
from outcomes.services import Measurement, followup_record, rounds_due
from participants.models import Nomination

LINK_DAYS = 30
# Per client address on the public page: a person needs a handful of requests, a guesser many.
RATE_LIMIT = 20
RATE_WINDOW_SECONDS = 10 * 60


def first_name(nomination: Nomination) -> str:
    """All the public page says of the person: the first word of their name."""
    return (nomination.participant.name.split() or [""])[0]


def selfreport_link(
    *, nomination: Nomination, round_months: int, by, now: dt.datetime | None = None
) -> SelfReport:
    """The person's link for a due round: a new one, the one still valid, or a renewed one.

    A link already answered is not replaced: it waits for the officer's confirmation.
    """
    now = now or timezone.now()
    if round_months not in rounds_due(nomination, today=timezone.localdate(now)):
        raise ValidationError(
            f"Putaran +{round_months} bulan belum jatuh tempo atau sudah ada datanya."
        )
    with transaction.atomic():
        link, created = SelfReport.objects.select_for_update().get_or_create(
            nomination=nomination,
            round_months=round_months,
            defaults={"token": _new_token(), "expires_at": _expiry(now), "created_by": by},
        )
        if created:
            return link
        if link.is_submitted:
            raise ValidationError(
                "Laporan mandiri putaran ini sudah dikirim; konfirmasi atau tolak dulu."
            )
        if link.expires_at <= now:
            link.token, link.expires_at, link.created_by = _new_token(), _expiry(now), by
            link.save(update_fields=["token", "expires_at", "created_by"])
        return link


def _new_token() -> str:
    return secrets.token_urlsafe(32)  # 256 bits: not guessable, whatever the rate limit


def _expiry(now: dt.datetime) -> dt.datetime:
    return now + dt.timedelta(days=LINK_DAYS)


def selfreport_message(*, link: SelfReport, url: str) -> str:
    """The short Indonesian text sent with the link."""
    nomination = link.nomination
    return (
        f"Halo {first_name(nomination)}, {nomination.program.balai.name} meminta data usaha Anda "
        f"{link.round_months} bulan setelah {nomination.program.name}: omzet, aset dan jumlah "
        f"tenaga kerja. Isi di {url} (berlaku sampai {tanggal(timezone.localtime(link.expires_at))}"
        "). Terima kasih."
    )


def selfreport_whatsapp(*, link: SelfReport, url: str) -> str:
    """The wa.me link to the person's number with the text ready; '' without a number."""
    return whatsapp_link(link.nomination.participant.phone, selfreport_message(link=link, url=url))


def selfreport_refusal(link: SelfReport, *, now: dt.datetime | None = None) -> str:
    """Why the public form is closed for this link ('' when it is open)."""
    now = now or timezone.now()
    if link.is_submitted:
        return "Data untuk tautan ini sudah dikirim. Terima kasih."
    if link.expires_at <= now:
        return "Tautan ini sudah kedaluwarsa. Mintalah tautan baru kepada petugas."
    return ""


def selfreport_submit(
    *, token: str, omzet: int, aset: int, tenaga_kerja: int, now: dt.datetime | None = None
) -> SelfReport:
    """Store the person's figures, once, while the link is valid."""
    now = now or timezone.now()
    with transaction.atomic():
        link = SelfReport.objects.select_for_update().get(token=token)
        refusal = selfreport_refusal(link, now=now)
        if refusal:
            raise ValidationError(refusal)
        link.omzet, link.aset, link.tenaga_kerja = omzet, aset, tenaga_kerja
        link.submitted_at = now
        link.save(update_fields=["omzet", "aset", "tenaga_kerja", "submitted_at"])
    return link


def selfreport_confirm(
    *, link: SelfReport, omzet: int, aset: int, tenaga_kerja: int, by
) -> SelfReport:
    """Count the figures (as sent, or as corrected by the officer): the FollowUp is created now."""
    with transaction.atomic():
        # Only the link row is locked (PostgreSQL refuses to lock a nullable join's side).
        link = (
            SelfReport.objects.select_for_update(of=("self",))
            .select_related("nomination__program", "nomination__angkatan")
            .get(pk=link.pk)
        )
        if not link.is_submitted:
            raise ValidationError("Laporan mandiri ini belum diisi.")
        if link.is_confirmed:
            raise ValidationError("Laporan mandiri ini sudah dikonfirmasi.")
        measured_on = timezone.localdate(link.submitted_at)
        link.followup = followup_record(
            nomination=link.nomination,
            measurement=Measurement(link.round_months, measured_on, omzet, aset, tenaga_kerja),
            by=by,
            source=FollowUpSource.SELF_REPORT,
        )
        link.confirmed_by, link.confirmed_at = by, timezone.now()
        link.save(update_fields=["followup", "confirmed_by", "confirmed_at"])
    return link


def selfreport_reject(*, link: SelfReport, by) -> None:
    """Discard an unconfirmed reply (history keeps it); the officer may send a new link."""
    if link.is_confirmed:
        raise ValidationError("Laporan mandiri yang sudah dikonfirmasi tidak dapat ditolak.")
    link._change_reason = f"Ditolak oleh {by}"
    link.delete()
