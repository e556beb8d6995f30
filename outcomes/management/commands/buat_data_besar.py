"""Fill the database with a large, realistic, fictitious balai for benchmarks and scale tests.

``manage.py buat_data_besar --nominations 100000 --balai BESAR --provinsi 33``: ten years of
programmes at levels 1–3 in several fields, nominations from every kabupaten/kota of the
province, angkatan of 30–60, daily attendance, completion and follow-ups for most alumni.
Rows go in as multi-row inserts in batches of 2,000, one transaction per year, keeping only
ids across years, so memory stays small (100,000 nominations: about a minute).
People are fictitious; their NIKs are only structurally valid (``participants.nik.make_nik``).
Bulk inserts skip django-simple-history, so these rows have no history records.
"""

from __future__ import annotations

import datetime as dt
import math
import random
import time

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import Max

from balatkop.models import Balai, KabupatenKota, Provinsi, Role, User
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

BATCH = 2000
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


def _chunks(items: list, size: int = BATCH):
    for start in range(0, len(items), size):
        yield items[start : start + size]


class Command(BaseCommand):
    help = "Isi basis data dengan satu balai besar fiktif (untuk benchmark dan uji skala)."

    def add_arguments(self, parser):
        parser.add_argument("--nominations", type=int, default=100_000, help="jumlah usulan")
        parser.add_argument("--balai", default="BESAR", help="kode balai (dibuat bila belum ada)")
        parser.add_argument(
            "--provinsi", default="33", help="kode provinsi balai baru (bawaan 33 Jawa Tengah)"
        )
        parser.add_argument("--tahun-akhir", type=int, default=None, help="tahun program terakhir")
        parser.add_argument("--seed", type=int, default=2024)

    def handle(self, *args, **options):
        started = time.perf_counter()
        # DEBUG would format and keep every statement; a million rows do not need that.
        settings.DEBUG = False
        total = options["nominations"]
        if total < 100:
            raise CommandError("--nominations minimal 100.")
        balai = self._balai(options["balai"], options["provinsi"])
        if Program.objects.filter(balai=balai).exists():
            raise CommandError(
                f"Balai {balai.code} sudah berisi program; pakai kode balai lain atau basis data baru."
            )
        generator = _Generator(
            balai=balai,
            rng=random.Random(options["seed"]),  # noqa: S311 -- reproducible fiction
            last_year=options["tahun_akhir"] or dt.date.today().year - 1,
        )
        self._users(balai, generator.kabupaten)
        per_year = [total // YEARS + (1 if i < total % YEARS else 0) for i in range(YEARS)]
        for index, count in enumerate(per_year):
            year = generator.last_year - YEARS + 1 + index
            with transaction.atomic():
                generator.year(year, count)
            self.stdout.write(
                f"{year}: {count} usulan ({time.perf_counter() - started:.1f} dtk)", ending="\n"
            )
        generator.finish()
        self.stdout.write(
            self.style.SUCCESS(
                f"Selesai: {generator.counts['nominations']} usulan, "
                f"{generator.counts['participants']} peserta, "
                f"{generator.counts['attendance']} kehadiran, "
                f"{generator.counts['followups']} monitoring dalam "
                f"{time.perf_counter() - started:.1f} detik. "
                f"Masuk sebagai bench_staf / bench_pimpinan, kata sandi {BENCH_PASSWORD}."
            )
        )

    def _balai(self, code: str, provinsi_code: str) -> Balai:
        balai = Balai.objects.filter(code=code).first()
        if balai:
            return balai
        try:
            provinsi = Provinsi.objects.get(code=provinsi_code)
        except Provinsi.DoesNotExist as error:
            raise CommandError(f"Provinsi {provinsi_code} tidak dikenal.") from error
        return Balai.objects.create(code=code, name=f"Balatkop {provinsi.name}", provinsi=provinsi)

    def _users(self, balai: Balai, kabupaten: list[str]) -> None:
        password = make_password(BENCH_PASSWORD)
        people = [
            ("bench_staf", Role.STAF_BALAI, None),
            ("bench_pimpinan", Role.PIMPINAN, None),
            ("bench_petugas", Role.PETUGAS_KABKOTA, kabupaten[0]),
        ]
        for username, role, kab in people:
            User.objects.update_or_create(
                username=username,
                defaults={
                    "role": role,
                    "balai": balai,
                    "kabupaten_kota_id": kab,
                    "password": password,
                },
            )


class _Table:
    """Raw multi-row inserts with ids assigned here: ~10× faster than ``bulk_create``.

    The ORM spends most of a bulk insert preparing each value and building placeholders; here
    values are plain Python already, and only dates and JSON pass through the field's own
    preparation. Ids come from ``max(id) + 1``, so run the generator alone on its database;
    :func:`_reset_sequences` puts PostgreSQL's sequences past them afterwards.
    """

    def __init__(self, model, fields: list[str]):
        self.model = model
        self.fields = [model._meta.get_field(name) for name in ["id", *fields]]
        columns = ", ".join(connection.ops.quote_name(f.column) for f in self.fields)
        self.sql = (
            f"INSERT INTO {connection.ops.quote_name(model._meta.db_table)} ({columns}) VALUES "  # noqa: S608 -- names from the model
        )
        self.prepare = [
            i
            for i, f in enumerate(self.fields)
            if f.get_internal_type() in {"DateField", "DateTimeField", "JSONField"}
        ]
        self.next_id = (model.objects.aggregate(top=Max("pk"))["top"] or 0) + 1
        self.pending: list[list] = []
        self.count = 0

    def add(self, *values) -> int:
        """Queue one row (values in field order, without id) and return its id."""
        pk = self.next_id
        self.next_id += 1
        self.pending.append([pk, *values])
        if len(self.pending) >= BATCH:
            self.flush()
        return pk

    def flush(self) -> None:
        if not self.pending:
            return
        for row in self.pending:
            for i in self.prepare:
                if row[i] is not None:
                    row[i] = self.fields[i].get_db_prep_save(row[i], connection)
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                from psycopg2.extras import execute_values

                execute_values(cursor.cursor, self.sql + "%s", self.pending, page_size=BATCH)
            else:
                placeholders = "(" + ", ".join(["%s"] * len(self.fields)) + ")"
                cursor.executemany(self.sql + placeholders, self.pending)
        self.count += len(self.pending)
        self.pending = []


def _reset_sequences(models: list) -> None:
    statements = connection.ops.sequence_reset_sql(no_style(), models)
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


class _Generator:
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
        self.participants = _Table(
            Participant,
            [
                "nik",
                "name",
                "sex",
                "birth_date",
                "phone",
                "address",
                "kabupaten_kota_id",
                "created_at",
            ],
        )
        self.businesses = _Table(
            Business, ["participant_id", "kind", "name", "sector", "nib", "started_on"]
        )
        self.nominations = _Table(
            Nomination,
            [
                "program_id", "participant_id", "business_id", "role", "kabupaten_kota_id",
                "baseline_omzet", "baseline_aset", "baseline_tenaga_kerja", "status",
                "status_reason", "over_quota", "is_eligible", "eligibility", "angkatan_id",
                "quota_override_reason", "certificate_number", "completed_on",
                "nominated_by_id", "created_at", "updated_at",
            ],
        )  # fmt: skip
        self.attendance = _Table(Attendance, ["nomination_id", "date", "status", "recorded_by_id"])
        self.followups = _Table(
            FollowUp,
            [
                "nomination_id", "round_months", "measured_on", "omzet", "aset",
                "tenaga_kerja", "source", "entered_by_id", "created_at", "is_latest",
            ],
        )  # fmt: skip
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

    @property
    def counts(self) -> dict[str, int]:
        return {
            "participants": self.participants.count,
            "nominations": self.nominations.count,
            "attendance": self.attendance.count,
            "followups": self.followups.count,
        }

    def flush(self) -> None:
        # Parents before children: the foreign keys are checked at each statement on SQLite.
        for table in self.tables:
            table.flush()

    def finish(self) -> None:
        self.flush()
        followups_mark_latest()  # the rows went in with is_latest false, the raw way
        _reset_sequences([table.model for table in self.tables])
        # Fresh planner statistics: without them PostgreSQL picks nested loops over 100k rows
        # (the nomination list took 20 s instead of 2 s before autovacuum caught up).
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

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
        participant_id = self.participants.add(
            self._nik(kab, birth, sex),
            name,
            sex,
            birth,
            f"08{rng.randrange(10**9, 10**10)}",
            "",
            kab,
            created,
        )
        business_id = self.businesses.add(
            participant_id,
            kind,
            f"{'Koperasi' if kind == BusinessKind.KOPERASI else 'Usaha'} "
            f"{name.split()[-1]} {participant_id}",
            sector,
            f"{9100000000000 + participant_id:013d}" if rng.random() < 0.7 else "",
            dt.date(2005, 1, 1) + dt.timedelta(days=rng.randrange(365 * 12)),
        )
        # Monthly omzet: log-normal around Rp 12 juta; a few reach the "kecil" class.
        omzet = int(round(math.exp(rng.gauss(math.log(12e6), 0.9)), -3))
        aset = int(round(omzet * rng.uniform(2, 12), -3))
        tk = int(rng.expovariate(1 / 3)) + 1
        return (participant_id, business_id, kab, omzet, aset, tk)

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
        nomination_id = self.nominations.add(
            program.pk,
            participant_id,
            business_id,
            ParticipantRole.PENGURUS_KOPERASI if koperasi else ParticipantRole.PEMILIK_USAHA,
            kab,
            omzet,
            aset,
            tk,
            status,
            "Kuota kabupaten/kota penuh." if status == NominationStatus.DITOLAK else "",
            False,
            True,
            [],
            group.pk if group else None,
            "",
            "",
            group.end_date if completed else None,
            None,
            created,
            created,
        )
        if group is None:
            return None
        for offset in range(group.length_days):
            present = completed or rng.random() < 0.6
            self.attendance.add(
                nomination_id,
                group.start_date + dt.timedelta(days=offset),
                AttendanceStatus.HADIR if present else rng.choice(ABSENT),
                None,
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
                nomination_id,
                round_months,
                measured,
                omzet,
                aset,
                tk,
                FollowUpSource.VISIT if rng.random() < 0.3 else FollowUpSource.FORM,
                None,
                dt.datetime.combine(measured, dt.time(10), tzinfo=dt.UTC),
                False,  # set by followups_mark_latest in finish()
            )
        # The next level starts from the latest known figures.
        return (participant_id, business_id, kab, omzet, aset, tk)
