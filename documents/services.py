"""The facts every document of an angkatan prints, gathered once, and the settings they need.

:func:`angkatan_sheet` reads an angkatan's people, daily marks, results, payments and
instructors in a fixed number of queries; the PDF and Excel builders only lay it out.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction

from participants.models import AttendanceStatus, Nomination, NominationStatus
from participants.services.completion import with_attendance
from programs.models import Angkatan, Instruktur
from programs.seats import HOLDS_PLACE
from programs.services import angkatan_ensure_open

from .models import AngkatanDocuments, Certificate, InstructorFee

S = NominationStatus
MARKS = {
    AttendanceStatus.HADIR: "H",
    AttendanceStatus.IZIN: "I",
    AttendanceStatus.SAKIT: "S",
    AttendanceStatus.ALPA: "A",
}
DAY_NAMES = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"]
# Who appears on the recap and the receipts: everyone who sat in the angkatan, including
# those who withdrew (they are paid for the days they attended).
ON_RECAP = [*HOLDS_PLACE, S.MENGUNDURKAN_DIRI]


def day_label(day: dt.date) -> str:
    """'Senin, 7 September 2020'."""
    from balatkop.formatting import tanggal

    return f"{DAY_NAMES[day.weekday()]}, {tanggal(day)}"


@dataclass
class Person:
    """One participant of the angkatan as the documents print them."""

    nomination: Nomination
    number: int
    marks: dict[dt.date, str]
    counts: dict[str, int]
    rate: float
    hours: int
    uang_saku: int
    transport: int

    @property
    def name(self) -> str:
        return self.nomination.participant.name

    @property
    def district(self) -> str:
        return self.nomination.kabupaten_kota.name

    @property
    def district_short(self) -> str:
        """'Kab. Lombok Barat': fits a table column on one line."""
        return self.district.replace("Kabupaten ", "Kab. ", 1)

    @property
    def placed(self) -> bool:
        return self.nomination.status in HOLDS_PLACE

    @property
    def graduated(self) -> bool:
        return self.nomination.status == S.LULUS and bool(self.nomination.certificate_number)

    @property
    def result(self) -> str:
        if self.nomination.status == S.DITEMPATKAN:
            return "Belum ditetapkan"
        return self.nomination.get_status_display()


@dataclass
class Fee:
    instruktur: Instruktur
    hours: int
    rate: int

    @property
    def amount(self) -> int:
        return self.hours * self.rate


@dataclass
class AngkatanSheet:
    """Everything the documents of one angkatan print."""

    angkatan: Angkatan
    settings: AngkatanDocuments
    days: list[dt.date]
    people: list[Person]
    fees: list[Fee] = field(default_factory=list)

    @property
    def program(self):
        return self.angkatan.program

    @property
    def balai(self):
        return self.angkatan.program.balai

    @property
    def placed(self) -> list[Person]:
        return [p for p in self.people if p.placed]

    @property
    def graduates(self) -> list[Person]:
        return [p for p in self.people if p.graduated]

    @property
    def total_uang_saku(self) -> int:
        return sum(p.uang_saku for p in self.people)

    @property
    def total_transport(self) -> int:
        return sum(p.transport for p in self.people)

    @property
    def total_fees(self) -> int:
        return sum(f.amount for f in self.fees)

    @property
    def attendance_rate(self) -> float:
        """Days present over person-days of everyone placed, in %."""
        placed = self.placed
        possible = len(placed) * len(self.days)
        present = sum(p.counts["H"] for p in placed)
        return present * 100 / possible if possible else 0.0

    def present_on(self, day: dt.date) -> int:
        return sum(1 for p in self.placed if p.marks.get(day) == "H")

    def outcome_counts(self) -> Counter:
        return Counter(p.nomination.status for p in self.people)


def angkatan_documents_of(angkatan: Angkatan) -> AngkatanDocuments:
    """The angkatan's document settings (defaults until staff save them)."""
    return AngkatanDocuments.objects.filter(angkatan=angkatan).first() or AngkatanDocuments(
        angkatan=angkatan
    )


def angkatan_sheet(*, angkatan: Angkatan, nominations=None) -> AngkatanSheet:
    """Gather the angkatan's people (all, or the given nominations among them) and payments."""
    from participants.models import Attendance

    angkatan = Angkatan.objects.select_related("program__balai", "program__bidang").get(
        pk=angkatan.pk
    )
    settings = angkatan_documents_of(angkatan)
    queryset = Nomination.objects.filter(angkatan=angkatan, status__in=ON_RECAP)
    if nominations is not None:
        queryset = queryset.filter(pk__in=nominations.values("pk"))
    rows = list(
        with_attendance(queryset)
        .select_related("participant", "kabupaten_kota", "business", "certificate")
        .order_by("participant__name", "pk")
    )
    marks: dict[int, dict[dt.date, str]] = {row.pk: {} for row in rows}
    for nomination_id, day, status in Attendance.objects.filter(
        nomination__in=queryset, date__range=(angkatan.start_date, angkatan.end_date)
    ).values_list("nomination_id", "date", "status"):
        marks[nomination_id][day] = MARKS[status]
    people = []
    for number, row in enumerate(rows, start=1):
        counts = {
            "H": row.days_hadir,
            "I": row.days_izin,
            "S": row.days_sakit,
            "A": row.days_alpa,
        }
        people.append(
            Person(
                nomination=row,
                number=number,
                marks=marks[row.pk],
                counts=counts,
                rate=row.attendance_percent or 0.0,
                hours=row.days_hadir * settings.lesson_hours_per_day,
                uang_saku=row.days_hadir * settings.uang_saku_per_day,
                transport=settings.transport_per_person if row.days_hadir else 0,
            )
        )
    days = [angkatan.start_date + dt.timedelta(days=i) for i in range(angkatan.length_days)]
    return AngkatanSheet(
        angkatan=angkatan,
        settings=settings,
        days=days,
        people=people,
        fees=instructor_fees(angkatan=angkatan),
    )


def instructor_fees(*, angkatan: Angkatan) -> list[Fee]:
    """Each instructor of the angkatan with hours and rate (0 until staff enter them)."""
    saved = {f.instruktur_id: f for f in InstructorFee.objects.filter(angkatan=angkatan)}
    return [
        Fee(
            instruktur=instruktur,
            hours=saved[instruktur.pk].hours if instruktur.pk in saved else 0,
            rate=saved[instruktur.pk].rate_per_hour if instruktur.pk in saved else 0,
        )
        for instruktur in angkatan.instructors.order_by("name")
    ]


@transaction.atomic
def angkatan_documents_save(
    *, angkatan: Angkatan, values: dict, fees: dict[int, tuple[int, int]], by
) -> AngkatanDocuments:
    """Save letter details, amounts and instructors' (hours, rate); refused once closed."""
    angkatan = Angkatan.objects.select_for_update().get(pk=angkatan.pk)
    angkatan_ensure_open(angkatan=angkatan, action="mengubah pembayaran dan keterangan dokumen")
    settings = angkatan_documents_of(angkatan)
    for name, value in values.items():
        setattr(settings, name, value)
    settings._history_user = by
    settings.full_clean()
    settings.save()
    instructor_ids = set(angkatan.instructors.values_list("pk", flat=True))
    unknown = set(fees) - instructor_ids
    if unknown:
        raise ValidationError("Instruktur itu tidak mengajar di angkatan ini.")
    for instruktur_id, (hours, rate) in fees.items():
        fee, _ = InstructorFee.objects.get_or_create(angkatan=angkatan, instruktur_id=instruktur_id)
        fee.hours, fee.rate_per_hour = hours, rate
        fee._history_user = by
        fee.save()
    return settings


def certificates_waiting(*, nomination_ids) -> set[int]:
    """Of these nominations, those whose certificate waits for the learning evaluation."""
    from evaluations.services import certificates_waiting as waiting_for_evaluation

    return waiting_for_evaluation(Nomination.objects.filter(pk__in=list(nomination_ids)))


def certificates_printable(*, people: list[Person]) -> tuple[list[Person], list[Person]]:
    """Graduates whose certificate may be printed now, and those waiting for their evaluation.

    A programme may hold certificates until the participant has answered the learning
    evaluation (``Program.certificate_requires_evaluation``, the evaluations app).
    """
    graduates = [p for p in people if p.graduated]
    waiting = certificates_waiting(nomination_ids=[p.nomination.pk for p in graduates])
    return (
        [p for p in graduates if p.nomination.pk not in waiting],
        [p for p in graduates if p.nomination.pk in waiting],
    )


def certificates_issue(*, people: list[Person]) -> dict[int, str]:
    """The verification code of each graduate's certificate, created on first print."""
    nomination_ids = [p.nomination.pk for p in people if p.graduated]
    Certificate.objects.bulk_create(
        [Certificate(nomination_id=pk) for pk in nomination_ids], ignore_conflicts=True
    )
    return dict(
        Certificate.objects.filter(nomination_id__in=nomination_ids).values_list(
            "nomination_id", "code"
        )
    )


def certificate_facts(*, code: str) -> dict | None:
    """What the public verification page shows for a code (never the NIK), or None."""
    certificate = (
        Certificate.objects.filter(code=code)
        .select_related("nomination__angkatan__program__balai", "nomination__angkatan__program__bidang")
        .first()
    )  # fmt: skip
    if certificate is None:
        return None
    nomination = (
        with_attendance(Nomination.objects.filter(pk=certificate.nomination_id))
        .select_related("participant")
        .get()
    )
    angkatan = certificate.nomination.angkatan
    program = angkatan.program
    return {
        "name": nomination.participant.name,
        "certificate_number": nomination.certificate_number,
        "program": program.name,
        "level": program.get_jenjang_display() if program.jenjang else "Tidak berjenjang",
        "bidang": program.bidang.name if program.bidang else "–",
        "angkatan": angkatan.number,
        "start_date": angkatan.start_date,
        "end_date": angkatan.end_date,
        "hours": nomination.days_hadir * angkatan_documents_of(angkatan).lesson_hours_per_day,
        "status": nomination.get_status_display(),
        "valid": nomination.status == S.LULUS,
        "balai": program.balai.name,
    }


def call_letter_message(*, nomination: Nomination, settings: AngkatanDocuments) -> str:
    """The call letter's essentials as a WhatsApp message to the participant."""
    from balatkop.formatting import tanggal

    angkatan = nomination.angkatan
    lines = [
        f"Yth. {nomination.participant.name},",
        f"Anda dipanggil mengikuti {angkatan.program.name}, angkatan {angkatan.number}, "
        f"{tanggal(angkatan.start_date)} s.d. {tanggal(angkatan.end_date)}"
        + (f" di {angkatan.venue}." if angkatan.venue else "."),
    ]
    if settings.letter_number:
        lines.append(f"Surat panggilan nomor {settings.letter_number}.")
    if settings.schedule:
        lines.append(f"Jadwal: {settings.schedule}")
    if settings.bring:
        lines.append(f"Harap membawa: {settings.bring}")
    contact = " ".join(x for x in (settings.contact_name, settings.contact_phone) if x)
    if contact:
        lines.append(f"Narahubung: {contact}")
    lines.append(angkatan.program.balai.name)
    return "\n".join(lines)
