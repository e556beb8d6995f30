"""Each role's home page as its to-do list: what is waiting, each with a link to its page.

Every list is one grouped query (or two), bounded by LIMIT where it lists rows, so the home
page costs the same number of queries however much data the balai holds.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from balatkop.formatting import tanggal
from balatkop.whatsapp import whatsapp_link
from notices.models import Notice, NoticeKind, NoticeSettings
from outcomes.impact import ImpactFilters, _aggregates, _group, impact_nominations
from outcomes.models import ExportJob, ExportJobStatus, HistoricalUpload
from outcomes.services import followup_due
from participants.models import Nomination, NominationStatus, NominationUpload
from programs.models import Angkatan, Program, ProgramStatus, Quota
from programs.seats import HOLDS_PLACE, HOLDS_QUOTA_SEAT
from programs.selectors import year_totals

S = NominationStatus
LIST_LIMIT = 10
CALL_LETTER_LIMIT = 50
# "Since your last visit" reaches back at most this far for someone who never came.
FIRST_VISIT_DAYS = 30


@dataclass
class Task:
    """One line of a to-do list: what, how many, and the page where it is done."""

    text: str
    url: str
    count: int | None = None
    note: str = ""


@dataclass
class Section:
    key: str
    title: str
    tasks: list[Task] = field(default_factory=list)
    empty: str = "Tidak ada."
    more_url: str = ""

    def add(self, text: str, view: str, pk: int, count: int | None = None, note: str = "") -> None:
        """A task whose page is ``view`` of the object ``pk``."""
        self.tasks.append(Task(text, reverse(view, kwargs={"pk": pk}), count, note))


def _count_of(queryset, **filters):
    """A correlated COUNT (no joins that multiply other counts)."""
    counted = queryset.filter(**filters).order_by().values(*filters).annotate(n=Count("pk"))
    return Coalesce(Subquery(counted.values("n")[:1], output_field=IntegerField()), Value(0))


def month_end(day: dt.date) -> dt.date:
    following = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return following - dt.timedelta(days=1)


def _followups_due_task(user, today: dt.date) -> Task | None:
    nominations = Nomination.objects.for_user(user)
    due = followup_due(nominations=nominations, today=month_end(today)).count()
    if not due:
        return None
    return Task(
        f"Alumni jatuh tempo monitoring sampai akhir {month_label(today)}",
        reverse("outcomes:followup_due"),
        due,
    )


def month_label(day: dt.date) -> str:
    return tanggal(day).split(" ", 1)[1]


# --- Staf balai -----------------------------------------------------------------------------


def staff_home(user, today: dt.date) -> list[Section]:
    nominations = Nomination.objects.for_user(user)
    angkatan = Angkatan.objects.for_user(user).select_related("program")

    awaiting = (
        nominations.filter(status=S.DIUSULKAN)
        .values("program_id", "program__code", "program__name")
        .annotate(n=Count("pk"))
        .order_by("-n", "program__code")[:LIST_LIMIT]
    )
    decide = Section(
        "keputusan", "Usulan menunggu keputusan", empty="Semua usulan sudah diputuskan."
    )
    for row in awaiting:
        decide.add(
            f"{row['program__code']} — {row['program__name']}",
            "participants:selection_program",
            row["program_id"],
            row["n"],
        )

    placed = _count_of(Nomination.objects.filter(status__in=HOLDS_PLACE), angkatan=OuterRef("pk"))
    soon = (
        angkatan.filter(start_date__gte=today, start_date__lte=today + dt.timedelta(days=7))
        .annotate(placed=placed)
        .order_by("start_date", "pk")
    )
    seats = Section("kursi", "Angkatan mulai 7 hari lagi dengan kursi kosong", empty="Tidak ada.")
    for item in soon[: LIST_LIMIT * 3]:
        if item.placed < item.capacity and len(seats.tasks) < LIST_LIMIT:
            seats.add(
                f"{item} mulai {tanggal(item.start_date)}",
                "participants:placement",
                item.program_id,
                item.capacity - item.placed,
                "kursi kosong",
            )

    marked_today = _count_of(
        Nomination.objects.filter(status__in=HOLDS_PLACE, attendance__date=today),
        angkatan=OuterRef("pk"),
    )
    running = (
        angkatan.filter(start_date__lte=today, end_date__gte=today, closed_at__isnull=True)
        .annotate(placed=placed, marked=marked_today)
        .filter(placed__gt=0)
        .order_by("start_date", "pk")[:LIST_LIMIT]
    )
    attendance = Section(
        "presensi", "Presensi hari ini belum diisi", empty="Presensi hari ini lengkap."
    )
    for item in running:
        if item.marked < item.placed:
            attendance.add(
                str(item),
                "participants:attendance_roster",
                item.pk,
                item.placed - item.marked,
                "peserta belum dicatat",
            )

    undecided = _count_of(Nomination.objects.filter(status=S.DITEMPATKAN), angkatan=OuterRef("pk"))
    ended = (
        angkatan.filter(end_date__lt=today)
        .annotate(open_outcomes=undecided)
        .filter(open_outcomes__gt=0)
        .order_by("end_date", "pk")[:LIST_LIMIT]
    )
    completion = Section(
        "kelulusan", "Kelulusan belum dicatat setelah angkatan selesai", empty="Tidak ada."
    )
    for item in ended:
        completion.add(
            f"{item}, selesai {tanggal(item.end_date)}",
            "participants:completion",
            item.pk,
            item.open_outcomes,
            "peserta",
        )

    monitoring = Section(
        "monitoring", "Monitoring bulan ini", empty="Tidak ada monitoring jatuh tempo."
    )
    due = _followups_due_task(user, today)
    if due:
        monitoring.tasks.append(due)

    imports = Section("impor", "Unggahan belum dikonfirmasi", empty="Tidak ada.")
    for upload in (
        NominationUpload.objects.for_user(user)
        .filter(imported_at__isnull=True)
        .select_related("program")[:LIST_LIMIT]
    ):
        imports.add(
            f"Usulan {upload.program.code}: {upload.filename}",
            "participants:nomination_import_preview",
            upload.pk,
            upload.row_count,
            f"baris, diunggah {tanggal(upload.created_at)}",
        )
    for upload in (
        HistoricalUpload.objects.for_user(user)
        .filter(imported_at__isnull=True)
        .defer("data")[:LIST_LIMIT]
    ):
        imports.add(
            f"Data historis: {upload.file_name}",
            "outcomes:historical_preview",
            upload.pk,
            note=f"diunggah {tanggal(upload.uploaded_at)}",
        )
    return [decide, seats, attendance, completion, monitoring, imports]


# --- Petugas kabupaten/kota -----------------------------------------------------------------


def _since(request, user) -> dt.datetime:
    """The last home visit of an earlier session; a reload in this session keeps it."""
    now = timezone.now()
    stored = request.session.get("home_since")
    if stored:
        NoticeSettings.objects.filter(user=user).update(home_seen_at=now)
        return dt.datetime.fromisoformat(stored)
    settings, _ = NoticeSettings.objects.get_or_create(user=user)
    since = settings.home_seen_at or now - dt.timedelta(days=FIRST_VISIT_DAYS)
    NoticeSettings.objects.filter(pk=settings.pk).update(home_seen_at=now)
    request.session["home_since"] = since.isoformat()
    return since


def officer_home(request, user, today: dt.date) -> list[Section]:
    district = user.kabupaten_kota_id
    quota = Quota.objects.filter(program=OuterRef("pk"), kabupaten_kota_id=district)
    held = _count_of(
        Nomination.objects.filter(kabupaten_kota_id=district, status__in=HOLDS_QUOTA_SEAT),
        program=OuterRef("pk"),
    )
    nominated = _count_of(
        Nomination.objects.filter(kabupaten_kota_id=district), program=OuterRef("pk")
    )
    programs = (
        Program.objects.for_user(user)
        .open_for_nomination()
        .exclude(nomination_closes__lt=today)
        .annotate(
            seats=Coalesce(Subquery(quota.values("seats")[:1]), Value(0)),
            held=held,
            nominated=nominated,
        )
        .order_by("nomination_closes", "code")[:LIST_LIMIT]
    )
    open_section = Section(
        "program-dibuka",
        "Program dibuka untuk usulan",
        empty="Tidak ada program yang sedang menerima usulan.",
    )
    for program in programs:
        if program.nomination_closes:
            days = (program.nomination_closes - today).days
            closes = (
                "ditutup hari ini"
                if days == 0
                else f"ditutup {days} hari lagi ({tanggal(program.nomination_closes)})"
            )
        else:
            closes = "tanpa tanggal tutup"
        left = max(program.seats - program.held, 0)
        open_section.tasks.append(
            Task(
                str(program),
                reverse("participants:nomination_create", kwargs={"program_pk": program.pk}),
                left,
                f"kursi tersisa dari kuota {program.seats} ({program.nominated} diusulkan); {closes}",
            )
        )

    since = _since(request, user)
    recent = Notice.objects.for_user(user).filter(
        kind__in=[NoticeKind.DECIDED, NoticeKind.PLACED], created_at__gt=since
    )[:LIST_LIMIT]
    news = Section(
        "sejak-terakhir",
        f"Keputusan dan penempatan sejak kunjungan terakhir ({tanggal(since)})",
        empty="Belum ada keputusan atau penempatan baru.",
        more_url=reverse("participants:district_outcomes"),
    )
    for notice in recent:
        news.add(notice.text, "notices:open", notice.pk)

    monitoring = Section(
        "monitoring", "Monitoring alumni", empty="Tidak ada monitoring jatuh tempo."
    )
    due = _followups_due_task(user, today)
    if due:
        monitoring.tasks.append(due)
    return [open_section, news, monitoring]


def call_letters(user, today: dt.date) -> list[dict]:
    """Placed nominees of the officer's district in angkatan not yet over: letters to forward."""
    from documents.models import AngkatanDocuments
    from documents.services import call_letter_message

    placed = list(
        Nomination.objects.for_user(user)
        .filter(status=S.DITEMPATKAN, angkatan__end_date__gte=today)
        .select_related("participant", "angkatan__program__balai")
        .order_by("angkatan__start_date", "angkatan_id", "participant__name", "pk")[
            :CALL_LETTER_LIMIT
        ]
    )
    letters = {
        settings.angkatan_id: settings
        for settings in AngkatanDocuments.objects.filter(
            angkatan_id__in={n.angkatan_id for n in placed}
        )
    }
    return [
        {
            "nomination": n,
            "letter_url": reverse("documents:call_letter", kwargs={"pk": n.pk}),
            "whatsapp": whatsapp_link(
                n.participant.phone,
                call_letter_message(
                    nomination=n,
                    settings=letters.get(n.angkatan_id) or AngkatanDocuments(angkatan=n.angkatan),
                ),
            ),
        }
        for n in placed
    ]


# --- Pimpinan -------------------------------------------------------------------------------


def head_home(user, today: dt.date) -> dict:
    years = [today.year - 1, today.year]
    programs = Program.objects.for_user(user)
    trained = {row["year"]: row for row in year_totals(programs.filter(year__in=years))}
    impact_rows = (
        impact_nominations(nominations=Nomination.objects.for_user(user), filters=ImpactFilters())
        .filter(program__year__in=years)
        .values("program__year")
        .annotate(**_aggregates())
        .order_by()
    )
    impact = {row["program__year"]: _group(str(row["program__year"]), row) for row in impact_rows}
    comparison = []
    for year in years:
        group = impact.get(year)
        comparison.append(
            {
                "year": year,
                "trained": (trained.get(year) or {}).get("trained_total") or 0,
                "completed": group.completed if group else 0,
                "paired": group.paired if group else 0,
                "omzet_growth": group.omzet.growth if group else None,
                "report_url": reverse("outcomes:impact_report") + f"?tahun={year}",
            }
        )
    statuses = dict(
        programs.filter(year=today.year).values_list("status").annotate(n=Count("pk")).order_by()
    )
    by_status = [
        {
            "label": label,
            "count": statuses.get(value, 0),
            "url": reverse("programs:program_list") + f"?tahun={today.year}&status={value}",
        }
        for value, label in ProgramStatus.choices
    ]
    latest_export = (
        ExportJob.objects.for_user(user).filter(status=ExportJobStatus.DONE).defer("data").first()
    )
    return {"comparison": comparison, "by_status": by_status, "latest_export": latest_export}
