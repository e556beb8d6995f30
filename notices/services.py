"""Telling people what happened: a notice in the app and, where e-mail is set up, an e-mail.

Domain services call the event functions at the bottom (one line each). A notice is written
only after the caller's transaction commits (``transaction.on_commit``), so a decision that
rolls back tells nobody. Within one request (``NoticeBatchMiddleware``) or one :func:`batch`
block, events of one kind about one programme or angkatan for the same people become one
notice: deciding 60 nominees at once tells the officer once, not 60 times.

Domain apps do not import this module: they send their signals (``programs.signals``,
``participants.signals``, ``outcomes.signals``) and ``notices.receivers`` turns them into the
event functions here, so the arrows point one way, from notices to the apps it tells about.
"""

from __future__ import annotations

import logging
import smtplib
from collections import Counter
from collections.abc import Iterable
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import partial

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone

from balatkop.access import district_officers
from balatkop.formatting import number, tanggal
from notices.models import Notice, NoticeKind, NoticeSettings
from outcomes.models import ExportJobStatus
from participants.models import NominationStatus

logger = logging.getLogger(__name__)

DUMMY_EMAIL = "django.core.mail.backends.dummy.EmailBackend"


@dataclass(frozen=True)
class Event:
    """Something that happened, before it is told.

    ``audience`` is ``("user", user_id)`` or ``("district", balai_id, kabupaten_kota_id)`` (the
    district's officers). Events of one kind, audience and ``group`` are told together: alone
    as ``text`` with ``url``; several as ``summary`` followed by the count of each ``detail``,
    with ``summary_url``.
    """

    kind: str
    audience: tuple
    text: str
    url: str
    group: str = ""
    summary: str = ""
    detail: str = ""
    summary_url: str = ""
    key: str = ""


_pending: ContextVar[list[Event] | None] = ContextVar("notices_pending", default=None)


def emit(event: Event) -> None:
    """Tell ``event`` once the current transaction commits (at once outside a transaction)."""
    transaction.on_commit(partial(_committed, event))


def _committed(event: Event) -> None:
    pending = _pending.get()
    if pending is None:
        deliver([event])
    else:
        pending.append(event)


@contextmanager
def batch():
    """Hold the events committed inside the block and tell them, grouped, at its end."""
    if _pending.get() is not None:
        yield
        return
    token = _pending.set([])
    try:
        yield
    finally:
        events = _pending.get()
        _pending.reset(token)
        if events:
            deliver(events)


def _told(events: list[Event]) -> tuple[str, str]:
    if len(events) == 1:
        return events[0].text, events[0].url
    first = events[0]
    counts = Counter(event.detail for event in events)
    parts = ", ".join(f"{number(n)} {detail}" for detail, n in counts.items())
    return f"{first.summary}: {parts}.", first.summary_url


def _recipients(audience: tuple):
    users = get_user_model().objects.filter(is_active=True)
    if audience[0] == "user":
        users = users.filter(pk=audience[1])
    else:
        _, balai_id, kabupaten_kota_id = audience
        users = users.filter(
            district_officers(balai_id=balai_id, kabupaten_kota_id=kabupaten_kota_id)
        )
    email_off = NoticeSettings.objects.filter(user=OuterRef("pk"), email=False)
    return users.annotate(email_off=Exists(email_off)).select_related("balai")


def deliver(events: Iterable[Event]) -> list[Notice]:
    """Write the notices of these events (grouped) and e-mail them to those who want e-mail."""
    groups: dict[tuple, list[Event]] = {}
    for event in events:
        groups.setdefault((event.kind, event.audience, event.group), []).append(event)
    notices = []
    for (kind, audience, _group), told in groups.items():
        text, url = _told(told)
        key = told[0].key
        for user in _recipients(audience):
            if key and Notice.objects.filter(recipient=user, key=key).exists():
                continue
            notice = Notice(recipient=user, kind=kind, text=text[:500], url=url, key=key)
            notices.append(notice)
    if not notices:
        return []
    Notice.objects.bulk_create(notices)
    _email(notices)
    return notices


def site_url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _email(notices: list[Notice]) -> None:
    if settings.EMAIL_BACKEND == DUMMY_EMAIL:
        return  # no SMTP server configured: the notices stay in the app
    wanted = [n for n in notices if n.recipient.email and not n.recipient.email_off]
    if not wanted:
        return
    messages = [
        EmailMessage(
            subject=f"Balatkop: {_shorten(notice.text, 120)}",
            body=(
                f"{notice.text}\n\nBuka: {site_url(notice.url)}\n\n"
                f"--\nPemberitahuan dari Balatkop"
                f"{f' ({notice.recipient.balai})' if notice.recipient.balai else ''}. "
                "Untuk berhenti menerima e-mail, matikan di "
                f"{site_url(reverse('notices:settings'))}"
            ),
            to=[notice.recipient.email],
        )
        for notice in wanted
    ]
    try:
        get_connection().send_messages(messages)
    except (OSError, smtplib.SMTPException):
        # The notices are in the app already; a mail server that is down must not fail the work.
        logger.exception("E-mail pemberitahuan gagal dikirim")
        return
    Notice.objects.filter(pk__in=[n.pk for n in wanted]).update(emailed_at=timezone.now())


def _shorten(text: str, length: int) -> str:
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


# --- Events, called by the domain services -------------------------------------------------

DECIDED = {
    NominationStatus.DITERIMA: "diterima",
    NominationStatus.DITOLAK: "ditolak",
    NominationStatus.CADANGAN: "dijadikan cadangan",
}


def _district(nomination) -> tuple:
    return ("district", nomination.program.balai_id, nomination.kabupaten_kota_id)


def _angkatan_when(angkatan) -> str:
    where = f", {angkatan.venue}" if angkatan.venue else ""
    return f"{tanggal(angkatan.start_date)} s.d. {tanggal(angkatan.end_date)}{where}"


def nomination_status_changed(*, nomination) -> None:
    """A nominee decided (accepted, rejected, reserve) or placed: tell the district's officers."""
    status = nomination.status
    program = nomination.program
    outcomes = reverse("participants:district_outcomes")
    if status in DECIDED:
        reason = f" ({nomination.status_reason})" if status == NominationStatus.DITOLAK else ""
        emit(
            Event(
                kind=NoticeKind.DECIDED,
                audience=_district(nomination),
                text=f"Usulan {nomination.participant.name} di program {program} "
                f"{DECIDED[status]}{reason}.",
                url=reverse("participants:nomination_detail", kwargs={"pk": nomination.pk}),
                group=f"program:{program.pk}",
                summary=f"Keputusan usulan {nomination.kabupaten_kota} di program {program}",
                detail=DECIDED[status],
                summary_url=f"{outcomes}?program={program.pk}",
            )
        )
    elif status == NominationStatus.DITEMPATKAN and nomination.angkatan_id:
        angkatan = nomination.angkatan
        url = call_letters_url(angkatan)
        emit(
            Event(
                kind=NoticeKind.PLACED,
                audience=_district(nomination),
                text=f"{nomination.participant.name} ditempatkan di {angkatan} "
                f"({_angkatan_when(angkatan)}); teruskan surat panggilannya.",
                url=url,
                group=f"angkatan:{angkatan.pk}",
                summary=f"Peserta {nomination.kabupaten_kota} ditempatkan di {angkatan} "
                f"({_angkatan_when(angkatan)}); teruskan surat panggilannya",
                detail="orang",
                summary_url=url,
            )
        )


def call_letters_url(angkatan) -> str:
    """Where an officer finds the call letters of an angkatan to forward."""
    return reverse("home") + "#surat-panggilan"


def program_opened(*, program) -> None:
    """A programme opened for nominations: tell the officers of each district with a quota."""
    closes = (
        f"; usulan ditutup {tanggal(program.nomination_closes)}"
        if program.nomination_closes
        else ""
    )
    url = reverse("programs:program_detail", kwargs={"pk": program.pk})
    for quota in program.quotas.filter(seats__gt=0).select_related("kabupaten_kota"):
        emit(
            Event(
                kind=NoticeKind.PROGRAM_OPENED,
                audience=("district", program.balai_id, quota.kabupaten_kota_id),
                text=f"Program {program} dibuka untuk usulan: kuota {quota.kabupaten_kota} "
                f"{number(quota.seats)} orang{closes}.",
                url=url,
            )
        )


def export_finished(*, job) -> None:
    """A background export ended: tell the person who asked for it."""
    if job.status == ExportJobStatus.DONE:
        text = f"Laporan dampak (Excel) siap diunduh: {number(job.row_count or 0)} peserta."
    else:
        text = f"Laporan dampak (Excel) gagal dibuat: {job.error}"
    emit(
        Event(
            kind=NoticeKind.EXPORT_FINISHED,
            audience=("user", job.requested_by_id),
            text=text,
            url=reverse("outcomes:export_job_detail", kwargs={"pk": job.pk}),
        )
    )


def followups_due(*, user, count: int, month: str, month_label: str) -> None:
    """The monthly reminder: ``count`` alumni due for monitoring (told once per month)."""
    emit(
        Event(
            kind=NoticeKind.FOLLOWUPS_DUE,
            audience=("user", user.pk),
            text=f"{number(count)} alumni jatuh tempo monitoring pada {month_label}.",
            url=reverse("outcomes:followup_due"),
            key=f"monitoring:{month}",
        )
    )
