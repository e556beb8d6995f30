"""Demo data for the documents: what the historical import does not carry (``muat_demo``).

NTB 2020's angkatan get a venue, three instructors with hours, letter details, amounts,
four days of attendance and their certificate numbers, so every document prints real data.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from participants.models import (
    Attendance,
    AttendanceStatus,
    CertificateSequence,
    Nomination,
    Participant,
)
from programs.models import Angkatan, Instruktur

from .models import AngkatanDocuments, InstructorFee

PROGRAM_CODE = "NTB-2020-01"
INSTRUCTORS = [
    ("Dra. Hj. Sri Mulyani", "Produksi dan mutu produk", 12),
    ("Lalu Gede Wirasakti, S.E.", "Manajemen usaha dan keuangan", 12),
    ("Ni Made Ayu Lestari, S.Kom.", "Pemasaran digital", 8),
]
RATE_PER_HOUR = 300_000
UANG_SAKU_PER_DAY = 100_000
TRANSPORT_PER_PERSON = 150_000


@transaction.atomic
def load_demo_documents(balai) -> bool:
    """Fill in NTB 2020's document data once; False when already there."""
    angkatan_list = list(
        Angkatan.objects.filter(program__balai=balai, program__code=PROGRAM_CODE).order_by("number")
    )
    if not angkatan_list or AngkatanDocuments.objects.filter(angkatan__in=angkatan_list).exists():
        return False
    instructors = [
        Instruktur.objects.get_or_create(
            balai=balai, name=name, defaults={"expertise": expertise, "phone": "0370-123456"}
        )[0]
        for name, expertise, _hours in INSTRUCTORS
    ]
    numbers = CertificateSequence.objects.get_or_create(balai=balai, year=2020)[0]
    attendance, nominations = [], []
    for angkatan in angkatan_list:
        angkatan.venue = "Aula Balatkop NTB, Jl. Pemuda, Mataram"
        angkatan.save(update_fields=["venue"])
        angkatan.instructors.set(instructors)
        AngkatanDocuments.objects.create(
            angkatan=angkatan,
            letter_number=f"005/{angkatan.number:02d}/BALATKOP-NTB/2020",
            letter_date=angkatan.start_date - dt.timedelta(days=14),
            schedule="Registrasi pukul 07.30 WITA hari pertama; materi 08.00–16.00 WITA.",
            bring="KTP asli, alat tulis, contoh produk usaha.",
            contact_name="Baiq Nurhayati",
            contact_phone="0812-3700-2020",
            uang_saku_per_day=UANG_SAKU_PER_DAY,
            transport_per_person=TRANSPORT_PER_PERSON,
        )
        InstructorFee.objects.bulk_create(
            InstructorFee(angkatan=angkatan, instruktur=i, hours=h, rate_per_hour=RATE_PER_HOUR)
            for i, (_n, _e, h) in zip(instructors, INSTRUCTORS, strict=True)
        )
        days = [angkatan.start_date + dt.timedelta(days=i) for i in range(angkatan.length_days)]
        people = Nomination.objects.filter(angkatan=angkatan).select_related("participant")
        for nomination in people.order_by("participant__name", "pk"):
            numbers.last_number += 1
            nomination.certificate_number = f"{numbers.last_number:04d}/BALATKOP-NTB/2020"
            nomination.participant.phone = f"0817{nomination.participant.nik[-7:]}"
            nominations.append(nomination)
            attendance.extend(
                Attendance(nomination=nomination, date=day, status=AttendanceStatus.HADIR)
                for day in days
            )
    numbers.save(update_fields=["last_number"])
    Attendance.objects.bulk_create(attendance)
    Nomination.objects.bulk_update(nominations, ["certificate_number"])
    participants = [n.participant for n in nominations]
    Participant.objects.bulk_update(participants, ["phone"])
    return True
