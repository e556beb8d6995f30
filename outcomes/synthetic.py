"""Large, realistic, fictitious balai for benchmarks and scale tests (``buat_data_besar``).

One :class:`Generator` per balai builds ten years of programmes at levels 1–3 in several
fields, nominations from every kabupaten/kota of the balai's province, angkatan of 30–60,
daily attendance, completion and follow-ups for most alumni, one year at a time, keeping only
ids across years (the alumni ladders), so memory stays small. Everything is drawn from the
``rng`` it is given: the command gives each balai its own stream (seed and province), so a
balai is the same row for row whether it is generated alone or with the others.

Rows go in through ``balatkop.bulk.insert_rows`` (COPY on PostgreSQL, multi-row inserts
elsewhere). People are fictitious; their NIKs are only structurally valid
(``participants.nik.make_nik``). Bulk inserts skip django-simple-history, so these rows have no
history records.
"""

from __future__ import annotations

import datetime as dt
import math
import random

from django.core.management.base import CommandError
from django.db import connection

from balatkop.bulk import Row, insert_rows
from balatkop.models import Balai, KabupatenKota
from outcomes.models import FollowUp, FollowUpSource, followups_mark_latest
from participants.models import (
    Attendance,
    AttendanceStatus,
    Business,
    BusinessKind,
    Nomination,
    NominationStatus,
    Participant,
    ParticipantRole,
)
from participants.nik import make_nik
from programs.models import Angkatan, Bidang, Program, ProgramStatus, Quota, TargetGroup

YEARS = 10
# Of the nominations of a year, the share per level: the ladder narrows upwards.
LEVEL_SHARE = {1: 0.6, 2: 0.28, 3: 0.12}
FIELDS_PER_YEAR = 6
BENCH_PASSWORD = "bench-rahasia-123"  # noqa: S105 -- fictitious benchmark users only

FIRST_NAMES = [
    "Ahmad",
    "Budi",
    "Citra",
    "Dewi",
    "Eko",
    "Fitri",
    "Gita",
    "Hadi",
    "Indah",
    "Joko",
    "Kartini",
    "Lestari",
    "Made",
    "Nur",
    "Putu",
    "Rina",
    "Sari",
    "Teguh",
    "Umi",
    "Wayan",
    "Yanti",
    "Zainal",
    "Agus",
    "Bambang",
    "Dian",
    "Endang",
    "Fajar",
    "Hesti",
    "Ika",
    "Ketut",
    "Lalu",
    "Baiq",
    "Muhammad",
    "Siti",
    "Ratna",
    "Slamet",
    "Sri",
    "Tri",
    "Wahyu",
    "Yusuf",
]
LAST_NAMES = [
    "Saputra",
    "Wijaya",
    "Lestari",
    "Hidayat",
    "Kurniawan",
    "Susanti",
    "Pratama",
    "Rahayu",
    "Setiawan",
    "Nugroho",
    "Wulandari",
    "Santoso",
    "Hartono",
    "Maharani",
    "Firmansyah",
    "Permata",
    "Suryani",
    "Ramadhan",
    "Fauzi",
    "Anggraini",
]
ABSENT = [AttendanceStatus.IZIN, AttendanceStatus.SAKIT, AttendanceStatus.ALPA]
VENUES = ["Aula Balatkop", "Gedung Diklat", "Hotel Mitra", "Balai Desa", "Aula Dinas Koperasi"]


def per_year(size: int) -> list[int]:
    return [size // YEARS + (1 if i < size % YEARS else 0) for i in range(YEARS)]


class _Table:
    """Rows of one model waiting for :func:`balatkop.bulk.insert_rows`; a parent's ``Row`` has
    its id once flushed, so children flushed after it point at it."""

    def __init__(self, model):
        self.model = model
        self.pending: list[Row] = []
        self.count = 0

    def add(self, **values) -> Row:
        row = Row(**values)
        self.pending.append(row)
        return row

    def flush(self) -> None:
        insert_rows(self.model, self.pending)
        self.count += len(self.pending)
        self.pending = []


def finish() -> None:
    followups_mark_latest()  # the rows went in with is_latest false, the raw way
    # Fresh planner statistics: without them PostgreSQL picks nested loops over 100k rows
    # (the nomination list took 20 s instead of 2 s before autovacuum caught up).
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


class Generator:
    """Builds one year at a time and keeps only ids across years (the alumni ladders)."""

    def __init__(self, *, balai: Balai, rng: random.Random, last_year: int):
        self.balai = balai
        self.rng = rng
        self.last_year = last_year
        self.today = dt.date.today()
        self.kabupaten = list(
            KabupatenKota.objects.filter(provinsi=balai.provinsi).values_list("code", flat=True)
        )
        if not self.kabupaten:
            raise CommandError(f"Provinsi {balai.provinsi} belum punya kabupaten/kota.")
        self.bidang = list(Bidang.objects.order_by("pk"))
        if not self.bidang:
            self.bidang = [Bidang.objects.create(name="Manajemen Usaha")]
        self.used_niks: set[str] = set(
            Participant.objects.filter(nik__startswith=balai.provinsi_id).values_list(
                "nik", flat=True
            )
        )
        self.participants = _Table(Participant)
        self.businesses = _Table(Business)
        self.nominations = _Table(Nomination)
        self.attendance = _Table(Attendance)
        self.followups = _Table(FollowUp)
        # Parents before children: a child's Row values hold its parents' Rows.
        self.tables = [
            self.participants,
            self.businesses,
            self.nominations,
            self.attendance,
            self.followups,
        ]
        # alumni[(bidang pk, level)] = [(participant id, business id, kab, omzet, aset, tk)]
        self.alumni: dict[tuple[int, int], list[tuple]] = {}
        self.serial = 0
        # Business names and NIBs numbered per balai (by province), not by database id: the
        # same balai gets the same rows wherever it is generated.
        self.serial_business = 0
        self.nib_base = int(balai.provinsi_id) * 10_000_000

    @property
    def counts(self) -> dict[str, int]:
        return {
            "participants": self.participants.count,
            "nominations": self.nominations.count,
            "attendance": self.attendance.count,
            "followups": self.followups.count,
        }

    def flush(self) -> None:
        for table in self.tables:
            table.flush()
        # Across years only ids are kept (the alumni ladders), not the rows.
        for ladder in self.alumni.values():
            for i, (participant, business, *rest) in enumerate(ladder):
                if isinstance(participant, Row):
                    ladder[i] = (participant.pk, business.pk, *rest)

    # --- people ----------------------------------------------------------------------------

    def _nik(self, kab: str, birth: dt.date, sex: str) -> str:
        for _ in range(10_000):
            self.serial = self.serial % 9999 + 1
            nik = make_nik(kab, birth, sex, self.serial)
            if nik not in self.used_niks:
                self.used_niks.add(nik)
                return nik
        raise CommandError("NIK unik tidak dapat dibuat.")

    def _new_person(self, sector: str, kind: str, created: dt.datetime) -> tuple:
        """One new person with one business; return their ladder tuple."""
        rng = self.rng
        kab = rng.choice(self.kabupaten)
        sex = "P" if rng.random() < 0.55 else "L"
        birth = dt.date(1960, 1, 1) + dt.timedelta(days=rng.randrange(365 * 40))
        name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
        participant = self.participants.add(
            nik=self._nik(kab, birth, sex),
            name=name,
            sex=sex,
            birth_date=birth,
            phone=f"08{rng.randrange(10**9, 10**10)}",
            address="",
            kabupaten_kota_id=kab,
            created_at=created,
        )
        self.serial_business += 1
        business = self.businesses.add(
            participant_id=participant,
            kind=kind,
            name=f"{'Koperasi' if kind == BusinessKind.KOPERASI else 'Usaha'} "
            f"{name.split()[-1]} {self.serial_business}",
            sector=sector,
            nib=(
                f"{9100000000000 + self.nib_base + self.serial_business:013d}"
                if rng.random() < 0.7
                else ""
            ),
            started_on=dt.date(2005, 1, 1) + dt.timedelta(days=rng.randrange(365 * 12)),
        )
        # Monthly omzet: log-normal around Rp 12 juta; a few reach the "kecil" class.
        omzet = int(round(math.exp(rng.gauss(math.log(12e6), 0.9)), -3))
        aset = int(round(omzet * rng.uniform(2, 12), -3))
        tk = int(rng.expovariate(1 / 3)) + 1
        return (participant, business, kab, omzet, aset, tk)

    # --- one year ------------------------------------------------------------------------

    def year(self, year: int, count: int) -> None:
        rng = self.rng
        # Enough people per programme for angkatan of 30–60, however small the total.
        width = max(1, min(FIELDS_PER_YEAR, count // 600, len(self.bidang)))
        fields = rng.sample(self.bidang, width)
        level_counts = {1: round(count * LEVEL_SHARE[1]), 2: round(count * LEVEL_SHARE[2])}
        level_counts[3] = count - level_counts[1] - level_counts[2]
        # Upper levels first, so their people come from earlier years' alumni.
        for level in (3, 2, 1):
            per_field = [level_counts[level] // len(fields)] * len(fields)
            for i in range(level_counts[level] % len(fields)):
                per_field[i] += 1
            for bidang, n in zip(fields, per_field, strict=True):
                if n:
                    self._program(year, bidang, level, n)
        self.flush()

    def _program(self, year: int, bidang: Bidang, level: int, count: int) -> None:
        rng = self.rng
        koperasi = "Koperasi" in bidang.name
        program = Program.objects.create(
            balai=self.balai,
            code=f"{year}-B{bidang.pk:02d}-J{level}",
            name=f"Pelatihan {bidang.name} Jenjang {level}",
            year=year,
            jenjang=level,
            bidang=bidang,
            target_group=TargetGroup.KOPERASI if koperasi else TargetGroup.UMKM,
            budget=count * 2_500_000,
            target_participants=count,
            days_per_angkatan=rng.choice([4, 5]),
            min_business_months=12 if level > 1 else 0,
            min_omzet_per_month=5_000_000 if level > 1 else 0,
            prerequisite_level=level - 1 if level > 1 else None,
            status=ProgramStatus.FINISHED,
            nomination_opens=dt.date(year, 1, 15),
            nomination_closes=dt.date(year, 2, 28),
        )
        Quota.objects.bulk_create(
            Quota(
                program=program,
                kabupaten_kota_id=kab,
                seats=max(1, count // len(self.kabupaten) + 1),
            )
            for kab in self.kabupaten
        )
        # Of the nominations, ~88% are placed; the rest rejected or kept as reserves.
        placed = round(count * 0.88)
        groups = max(1, round(placed / rng.uniform(38, 52)))
        sizes = [placed // groups + (1 if i < placed % groups else 0) for i in range(groups)]
        step = 250 // max(len(sizes), 1)
        angkatan = [
            Angkatan(
                program=program,
                number=number,
                start_date=dt.date(year, 3, 1) + dt.timedelta(days=(number - 1) * step),
                end_date=dt.date(year, 3, 1)
                + dt.timedelta(days=(number - 1) * step + program.days_per_angkatan - 1),
                venue=rng.choice(VENUES),
                capacity=max(size, 60),
            )
            for number, size in enumerate(sizes, start=1)
        ]
        Angkatan.objects.bulk_create(angkatan)

        created = dt.datetime(year, 2, 1, 9, tzinfo=dt.UTC)
        people = self._people(bidang, level, count, koperasi, created)
        slots = [group for group, size in zip(angkatan, sizes, strict=True) for _ in range(size)]
        graduates = []
        for index, person in enumerate(people):
            group = slots[index] if index < len(slots) else None
            roll = rng.random()
            if group is None:
                status = NominationStatus.DITOLAK if roll < 0.7 else NominationStatus.CADANGAN
            elif roll < 0.9:
                status = NominationStatus.LULUS
            elif roll < 0.95:
                status = NominationStatus.TIDAK_LULUS
            else:
                status = NominationStatus.MENGUNDURKAN_DIRI
            graduate = self._nomination(program, person, status, group, koperasi, created)
            if graduate:
                graduates.append(graduate)
        if level < 3:
            self.alumni.setdefault((bidang.pk, level), []).extend(graduates)

    def _people(self, bidang, level: int, count: int, koperasi: bool, created) -> list[tuple]:
        """Level 1 brings new people; higher levels mostly alumni of the level below."""
        people = []
        if level > 1:
            pool = self.alumni.get((bidang.pk, level - 1), [])
            self.rng.shuffle(pool)
            take = min(len(pool), round(count * 0.8))
            people, self.alumni[(bidang.pk, level - 1)] = pool[:take], pool[take:]
        kind = BusinessKind.KOPERASI if koperasi else BusinessKind.USAHA
        people += [self._new_person(bidang.name, kind, created) for _ in range(count - len(people))]
        self.rng.shuffle(people)
        return people

    def _nomination(self, program, person, status, group, koperasi, created) -> tuple | None:
        """Insert one nomination with its attendance and follow-ups; a graduate's ladder tuple."""
        rng = self.rng
        participant_id, business_id, kab, omzet, aset, tk = person
        completed = status == NominationStatus.LULUS
        nomination = self.nominations.add(
            program_id=program.pk,
            participant_id=participant_id,
            business_id=business_id,
            role=ParticipantRole.PENGURUS_KOPERASI if koperasi else ParticipantRole.PEMILIK_USAHA,
            kabupaten_kota_id=kab,
            baseline_omzet=omzet,
            baseline_aset=aset,
            baseline_tenaga_kerja=tk,
            status=status,
            status_reason="Kuota kabupaten/kota penuh."
            if status == NominationStatus.DITOLAK
            else "",
            over_quota=False,
            is_eligible=True,
            eligibility=[],
            angkatan_id=group.pk if group else None,
            certificate_number="",
            completed_on=group.end_date if completed else None,
            created_at=created,
            updated_at=created,
        )
        if group is None:
            return None
        for offset in range(group.length_days):
            present = completed or rng.random() < 0.6
            self.attendance.add(
                nomination_id=nomination,
                date=group.start_date + dt.timedelta(days=offset),
                status=AttendanceStatus.HADIR if present else rng.choice(ABSENT),
            )
        if not completed:
            return None
        # +6 months for ~85% of alumni, +12 months for ~65%, dated no later than today.
        for round_months, share in ((6, 0.85), (12, 0.65)):
            measured = group.end_date + dt.timedelta(days=round_months * 30 + rng.randrange(20))
            if measured > self.today or rng.random() >= share:
                continue
            omzet = int(round(omzet * math.exp(rng.gauss(0.12, 0.25)), -3))
            aset = int(round(aset * math.exp(rng.gauss(0.08, 0.15)), -3))
            tk = max(0, tk + rng.choice([-1, 0, 0, 1, 1, 2]))
            self.followups.add(
                nomination_id=nomination,
                round_months=round_months,
                measured_on=measured,
                omzet=omzet,
                aset=aset,
                tenaga_kerja=tk,
                source=FollowUpSource.VISIT if rng.random() < 0.3 else FollowUpSource.FORM,
                created_at=dt.datetime.combine(measured, dt.time(10), tzinfo=dt.UTC),
                is_latest=False,  # set by followups_mark_latest at the end
            )
        # The next level starts from the latest known figures.
        return (participant_id, business_id, kab, omzet, aset, tk)
