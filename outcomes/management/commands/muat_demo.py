"""``manage.py muat_demo``: the two seed stories (NTB 2019–2021, Jawa Tengah 2021) and demo users.

Idempotent and quick: the people and their results go in THROUGH the historical import (a
spreadsheet written in memory with the shared writer), which reuses what is already there.
Names and NIKs are fictitious; the NIKs are valid in form. Jawa Tengah's 106 level-2 alumni
add up exactly to the published totals (the README, Demo logins).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import random
import time

from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand
from django.db import transaction

from balatkop.access import role_runs_the_admin_site
from balatkop.models import Balai, Provinsi, Role, TimeZone, User
from documents.demo import load_demo_documents
from outcomes.historical import (
    HEADERS,
    historical_import,
    read_historical_file,
    write_historical_book,
)
from participants.models import Business, Nomination, NominationStatus, Participant, Sex
from participants.nik import make_nik
from programs.models import FundingSource, Program, ProgramStatus, Quota, TargetGroup

DEMO_PASSWORD = "demo12345"  # noqa: S105 — printed on purpose: demo logins

# username, role, balai code, kabupaten/kota, full name
DEMO_USERS = [
    ("admin", Role.ADMIN, None, None, "Administrator Sistem"),
    ("staf.ntb", Role.STAF_BALAI, "NTB", None, "Baiq Nurhayati"),
    ("petugas.mataram", Role.PETUGAS_KABKOTA, "NTB", "52.71", "Lalu Ahmad Fauzi"),
    ("petugas.lotim", Role.PETUGAS_KABKOTA, "NTB", "52.03", "Muhammad Zainul Majdi"),
    ("pimpinan.ntb", Role.PIMPINAN, "NTB", None, "Hj. Darmawati"),
    ("staf.jateng", Role.STAF_BALAI, "JATENG", None, "Sri Wahyuningsih"),
    ("petugas.semarang", Role.PETUGAS_KABKOTA, "JATENG", "33.74", "Agus Setiawan"),
    ("petugas.banyumas", Role.PETUGAS_KABKOTA, "JATENG", "33.02", "Dwi Prasetyo"),
    ("pimpinan.jateng", Role.PIMPINAN, "JATENG", None, "Hatta Wibisono"),
]

NTB_DISTRICTS = ["52.01", "52.02", "52.03", "52.04", "52.05", "52.06", "52.07", "52.08", "52.71", "52.72"]  # fmt: skip
JATENG_DISTRICTS = ["33.74", "33.72", "33.02", "33.01", "33.10", "33.19", "33.20", "33.26", "33.17", "33.09", "33.13", "33.76"]  # fmt: skip

# The published Jawa Tengah 2021 level-2 totals (omzet per month), as the README gives them.
JATENG_2021 = {
    "participants": 106,
    "omzet": (2_400_000_000, 5_370_000_000),
    "aset": (7_360_000_000, 12_340_000_000),
    "tenaga_kerja": (279, 583),
}

SASAK_MEN = ["Lalu Muhammad", "Muhammad", "Ahmad", "Lalu Rizal", "Zulkifli", "Hamdan", "Sahabudin", "Abdul Hakim", "Ilham", "Rusdi"]  # fmt: skip
SASAK_WOMEN = ["Baiq Nurul", "Siti", "Hj. Aminah", "Baiq Rahmi", "Nurhasanah", "Sri Wahyuni", "Rabiatul", "Nurul Hidayati", "Husnul", "Mariana"]  # fmt: skip
NTB_FAMILY = ["Hidayat", "Ramdhani", "Fitriani", "Kurniawan", "Wahyudi", "Jannah", "Maulana", "Safitri", "Hakim", "Azizah", "Pratama", "Sulastri"]  # fmt: skip
JAVA_MEN = ["Agus", "Budi", "Joko", "Slamet", "Teguh", "Bambang", "Heru", "Wahyu", "Eko", "Sigit"]  # fmt: skip
JAVA_WOMEN = ["Sri", "Endang", "Wulan", "Ratna", "Tri", "Dewi", "Siti", "Nanik", "Yuli", "Retno"]  # fmt: skip
JAVA_FAMILY = ["Susanto", "Rahayu", "Wibowo", "Lestari", "Purnomo", "Handayani", "Nugroho", "Wulandari", "Santoso", "Hartati", "Setiawan", "Kusumawati"]  # fmt: skip

# NTB 2020: angkatan by field, as in the Suara NTB article (konveksi, tata rias, tata boga,
# koperasi financial management for pengurus koperasi).
NTB_2020_FIELDS = {
    1: "Konveksi", 2: "Konveksi", 3: "Konveksi", 4: "Tata Rias", 5: "Tata Rias",
    6: "Tata Boga", 7: "Tata Boga", 8: "Tata Boga",
    9: "Manajemen Keuangan Koperasi", 10: "Manajemen Keuangan Koperasi",
}  # fmt: skip
NTB_BUSINESS_WORDS = {
    "Konveksi": ["Konveksi", "Jahit", "Butik"],
    "Tata Rias": ["Salon", "Rias Pengantin", "Griya Rias"],
    "Tata Boga": ["Dapur", "Kue", "Catering"],
}
JATENG_SECTORS = {
    "Kerajinan": "Kerajinan",
    "Sablon": "Sablon",
    "Sepatu Kulit": "Sepatu Kulit",
    "Bandeng Presto": "Bandeng Presto",
    "Snack Ikan": "Snack Ikan",
    "Kue": "Kue",
}


def split_total(total: int, weights: list[float], *, floor: int = 0, step: int = 1) -> list[int]:
    """Whole parts (each ≥ floor, multiples of step where possible) that add up to total exactly."""
    spare = total - floor * len(weights)
    if spare < 0:
        raise ValueError("total too small for the floor")
    weight_sum = sum(weights)
    parts = [floor + int(spare * w / weight_sum) // step * step for w in weights]
    parts[max(range(len(weights)), key=weights.__getitem__)] += total - sum(parts)
    return parts


def _person(rng: random.Random, men: list, women: list, family: list) -> tuple[str, str]:
    sex = rng.choice([Sex.LAKI_LAKI, Sex.PEREMPUAN])
    first = rng.choice(men if sex == Sex.LAKI_LAKI else women)
    return f"{first} {rng.choice(family)}", sex


def ntb_2020_rows() -> list[list]:
    """600 participants, 10 angkatan of 60, six from each of NTB's 10 kabupaten/kota."""
    rng = random.Random(2020)  # noqa: S311 — fixed seed: the same demo every time
    rows = []
    serial = 0
    for number in range(1, 11):
        field = NTB_2020_FIELDS[number]
        cooperative = field.startswith("Manajemen")
        start = dt.date(2020, 9, 7) + dt.timedelta(weeks=number - 1)
        end = start + dt.timedelta(days=3)
        for seat in range(60):
            serial += 1
            district = NTB_DISTRICTS[seat % 10]
            name, sex = _person(rng, SASAK_MEN, SASAK_WOMEN, NTB_FAMILY)
            birth = dt.date(1965, 1, 1) + dt.timedelta(days=rng.randrange(0, 365 * 35))
            omzet = rng.randrange(30, 400) * 50_000
            aset = omzet * rng.randrange(3, 12)
            workers = rng.randint(1, 5)
            if cooperative:
                business = f"Koperasi {rng.choice(['Serba Usaha', 'Simpan Pinjam', 'Produsen'])} {rng.choice(NTB_FAMILY)} {serial}"
                sector, role = "Koperasi", "Pengurus Koperasi"
            else:
                business = f"{rng.choice(NTB_BUSINESS_WORDS[field])} {name.split()[-1]} {serial}"
                sector, role = field, "Pemilik Usaha"
            monitored = not cooperative and rng.random() < 0.6
            growth = rng.uniform(0.9, 1.7)
            rows.append(
                [
                    "NTB-2020-01",
                    "Pelatihan Peningkatan Kapasitas UMKM dan Gerakan Koperasi 2020",
                    2020,
                    None,
                    None,
                    number,
                    start,
                    end,
                    make_nik(district, birth, sex, serial),
                    name,
                    sex,
                    birth,
                    district,
                    role,
                    business,
                    sector,
                    None,
                    dt.date(rng.randint(2010, 2019), rng.randint(1, 12), 1),
                    "Lulus",
                    omzet,
                    aset,
                    workers,
                    end + dt.timedelta(days=365) if monitored else None,
                    round(omzet * growth / 50_000) * 50_000 if monitored else None,
                    round(aset * rng.uniform(1.0, 1.4) / 50_000) * 50_000 if monitored else None,
                    workers + (rng.randint(0, 2) if growth > 1.2 else 0) if monitored else None,
                ]
            )
    return rows


def jateng_2021_rows() -> list[list]:
    """106 level-2 alumni whose baseline and follow-up totals equal the published figures."""
    rng = random.Random(2021)  # noqa: S311
    count = JATENG_2021["participants"]
    sizes = [rng.lognormvariate(0, 0.6) for _ in range(count)]
    growth = [rng.uniform(1.6, 3.0) if i % 18 else rng.uniform(0.85, 1.0) for i in range(count)]
    omzet_before = split_total(JATENG_2021["omzet"][0], sizes, floor=5_000_000, step=50_000)
    omzet_after = split_total(
        JATENG_2021["omzet"][1], [b * g for b, g in zip(omzet_before, growth, strict=True)],
        step=50_000,
    )  # fmt: skip
    aset_before = split_total(JATENG_2021["aset"][0], sizes, floor=15_000_000, step=100_000)
    aset_after = split_total(
        JATENG_2021["aset"][1],
        [a * rng.uniform(1.3, 2.0) for a in aset_before],
        step=100_000,
    )
    workers_before = split_total(JATENG_2021["tenaga_kerja"][0], sizes, floor=1)
    added = split_total(
        JATENG_2021["tenaga_kerja"][1] - JATENG_2021["tenaga_kerja"][0],
        [max(g - 1, 0.05) * s for g, s in zip(growth, sizes, strict=True)],
    )
    sectors = list(JATENG_SECTORS)
    rows = []
    for i in range(count):
        number = 1 if i < count // 2 else 2
        start = dt.date(2021, 6, 7) if number == 1 else dt.date(2021, 6, 21)
        end = start + dt.timedelta(days=4)  # 5 consecutive days
        district = JATENG_DISTRICTS[i % len(JATENG_DISTRICTS)]
        name, sex = _person(rng, JAVA_MEN, JAVA_WOMEN, JAVA_FAMILY)
        birth = dt.date(1968, 1, 1) + dt.timedelta(days=rng.randrange(0, 365 * 30))
        sector = sectors[i % len(sectors)]
        rows.append(
            [
                "JATENG-2021-J2",
                "Pelatihan Berjenjang UMKM Level 2",
                2021,
                2,
                "Pengembangan Usaha",
                number,
                start,
                end,
                make_nik(district, birth, sex, 5000 + i),
                name,
                sex,
                birth,
                district,
                "Pemilik Usaha",
                f"{sector} {name.split()[-1]} {i + 1}",
                sector,
                f"{9120100000000 + i:013d}",
                dt.date(rng.randint(2012, 2019), rng.randint(1, 12), 1),
                "Lulus",
                omzet_before[i],
                aset_before[i],
                workers_before[i],
                dt.date(2021, 12, 15) if number == 1 else dt.date(2021, 12, 29),
                omzet_after[i],
                aset_after[i],
                workers_before[i] + added[i],
            ]
        )
    return rows


# The demo's two balai: code, name, provinsi, time zone, address.
DEMO_BALAI = (
    ("NTB", "Balatkop Nusa Tenggara Barat", "52", TimeZone.WITA, "Jl. Pemuda, Mataram"),
    ("JATENG", "Balatkop Jawa Tengah", "33", TimeZone.WIB, "Semarang"),
)


class Command(BaseCommand):
    help = "Muat data demo (Balatkop NTB dan Jawa Tengah) beserta akun demo; aman diulang."

    def handle(self, *args, **options):
        started = time.perf_counter()
        ntb, jateng = self._balai()
        self._users({"NTB": ntb, "JATENG": jateng})
        for balai, file_name, rows in (
            (ntb, "demo-ntb-2020.xlsx", ntb_2020_rows()),
            (jateng, "demo-jateng-2021.xlsx", jateng_2021_rows()),
        ):
            buffer = io.BytesIO()
            write_historical_book(buffer, rows, guide=False)
            data = buffer.getvalue()
            headers, sheet_rows = read_historical_file(data)
            assert headers == HEADERS
            report = historical_import(
                balai=balai,
                headers=headers,
                rows=sheet_rows,
                file_name=file_name,
                file_sha256=hashlib.sha256(data).hexdigest(),
            )
            created = sum(report.created.values())
            self.stdout.write(
                f"{balai.code}: {report.rows} baris historis — "
                + (f"{created} data baru." if created else "sudah dimuat, tidak ada perubahan.")
            )
        self._plans(ntb, jateng)
        load_demo_documents(ntb)  # letters, amounts, attendance, certificate numbers
        self._print_users(time.perf_counter() - started)

    def _balai(self) -> tuple[Balai, Balai]:
        ntb, jateng = (
            Balai.objects.get_or_create(
                code=code,
                defaults={
                    "name": name,
                    "provinsi": Provinsi.objects.get(code=provinsi),
                    "time_zone": time_zone,
                    "address": address,
                },
            )[0]
            for code, name, provinsi, time_zone, address in DEMO_BALAI
        )
        return ntb, jateng

    def _users(self, balai_by_code: dict[str, Balai]) -> None:
        existing = set(
            User.objects.filter(username__in=[u[0] for u in DEMO_USERS]).values_list(
                "username", flat=True
            )
        )
        missing = [u for u in DEMO_USERS if u[0] not in existing]
        if not missing:
            return
        # One hash for all: hashing is deliberately slow and they share the demo password.
        password = make_password(DEMO_PASSWORD)
        for username, role, balai_code, kabkota, full_name in missing:
            first, _, last = full_name.partition(" ")
            User.objects.create(
                username=username,
                password=password,
                role=role,
                balai=balai_by_code.get(balai_code),
                kabupaten_kota_id=kabkota,
                first_name=first,
                last_name=last,
                is_staff=role_runs_the_admin_site(role),
                is_superuser=role_runs_the_admin_site(role),
            )

    @transaction.atomic
    def _plans(self, ntb: Balai, jateng: Balai) -> None:
        """2019 totals, the 2021 plan and a level-3 call with a few open nominations."""
        Program.objects.get_or_create(
            balai=ntb,
            code="NTB-2019",
            defaults={
                "name": "Pelatihan UMKM dan Gerakan Koperasi 2019 (rekap)",
                "year": 2019,
                "target_group": TargetGroup.KEDUANYA,
                "target_participants": 1086,
                "reported_trained_count": 1086,
                "status": ProgramStatus.FINISHED,
            },
        )
        plan, created = Program.objects.get_or_create(
            balai=ntb,
            code="NTB-2021-01",
            defaults={
                "name": "Pelatihan Peningkatan Kapasitas UMKM dan Gerakan Koperasi 2021",
                "year": 2021,
                "target_group": TargetGroup.KEDUANYA,
                "funding_source": FundingSource.APBD,
                "target_participants": 740,
                "days_per_angkatan": 4,
                "min_business_months": 6,
                "min_omzet_per_month": 1_000_000,
                "criteria_block": False,
                "status": ProgramStatus.NOMINATION_OPEN,
            },
        )
        if created:
            Quota.objects.bulk_create(
                [Quota(program=plan, kabupaten_kota_id=code, seats=74) for code in NTB_DISTRICTS]
            )
        level3, created = Program.objects.get_or_create(
            balai=jateng,
            code="JATENG-2022-J3",
            defaults={
                "name": "Pelatihan Berjenjang UMKM Level 3",
                "year": 2022,
                "jenjang": 3,
                "prerequisite_level": 2,
                "target_group": TargetGroup.UMKM,
                "target_participants": 60,
                "days_per_angkatan": 5,
                "min_business_months": 12,
                "min_omzet_per_month": 5_000_000,
                "status": ProgramStatus.NOMINATION_OPEN,
            },
        )
        if created:
            Quota.objects.bulk_create(
                [Quota(program=level3, kabupaten_kota_id=c, seats=5) for c in JATENG_DISTRICTS]
            )
        if Nomination.objects.filter(program__in=[plan, level3]).exists():
            return
        self._open_nominations(plan)
        alumni = Nomination.objects.filter(
            program__balai=jateng, program__code="JATENG-2021-J2", kabupaten_kota_id__in=["33.74", "33.02"]
        ).select_related("participant", "business")[:6]  # fmt: skip
        statuses = [NominationStatus.DIUSULKAN] * 4 + [NominationStatus.DITERIMA] * 2
        Nomination.objects.bulk_create(
            [
                Nomination(
                    program=level3,
                    participant=alumnus.participant,
                    business=alumnus.business,
                    kabupaten_kota_id=alumnus.kabupaten_kota_id,
                    baseline_omzet=alumnus.followups.order_by("-measured_on")[0].omzet,
                    baseline_aset=alumnus.followups.order_by("-measured_on")[0].aset,
                    baseline_tenaga_kerja=alumnus.followups.order_by("-measured_on")[
                        0
                    ].tenaga_kerja,
                    status=status,
                )
                for alumnus, status in zip(alumni, statuses, strict=False)
            ]
        )

    def _open_nominations(self, plan: Program) -> None:
        """Ten fresh nominations into NTB 2021 so the funnel shows every stage."""
        rng = random.Random(2021_01)  # noqa: S311
        stages = [
            NominationStatus.DIUSULKAN,
            NominationStatus.DIUSULKAN,
            NominationStatus.DIUSULKAN,
            NominationStatus.DITERIMA,
            NominationStatus.DITERIMA,
            NominationStatus.CADANGAN,
            NominationStatus.DITOLAK,
            NominationStatus.DIUSULKAN,
            NominationStatus.DITERIMA,
            NominationStatus.DIUSULKAN,
        ]
        for i, status in enumerate(stages):
            district = ["52.71", "52.03"][i % 2] if i < 8 else rng.choice(NTB_DISTRICTS)
            name, sex = _person(rng, SASAK_MEN, SASAK_WOMEN, NTB_FAMILY)
            birth = dt.date(1975, 1, 1) + dt.timedelta(days=rng.randrange(0, 365 * 25))
            person, _ = Participant.objects.get_or_create(
                nik=make_nik(district, birth, sex, 8000 + i),
                defaults={"name": name, "sex": sex, "birth_date": birth, "kabupaten_kota_id": district},
            )  # fmt: skip
            business = Business.objects.create(
                participant=person,
                name=f"{rng.choice(['Kue', 'Tenun', 'Kopi'])} {name.split()[-1]}",
                sector=rng.choice(["Kuliner", "Kerajinan", "Tenun"]),
                started_on=dt.date(2018, rng.randint(1, 12), 1),
            )
            omzet = rng.randrange(20, 200) * 50_000
            Nomination.objects.create(
                program=plan,
                participant=person,
                business=business,
                kabupaten_kota_id=district,
                baseline_omzet=omzet,
                baseline_aset=omzet * 6,
                baseline_tenaga_kerja=rng.randint(1, 4),
                status=status,
                status_reason="Usaha belum berjalan 6 bulan." if status == "ditolak" else "",
            )

    def _print_users(self, seconds: float) -> None:
        self.stdout.write("")
        self.stdout.write(f"Akun demo (kata sandi sama untuk semua: {DEMO_PASSWORD}):")
        self.stdout.write(f"  {'Nama pengguna':<18} {'Kata sandi':<11} Peran")
        for username, role, balai_code, kabkota, _name in DEMO_USERS:
            where = " · ".join(filter(None, [balai_code, kabkota]))
            label = Role(role).label + (f" ({where})" if where else "")
            self.stdout.write(f"  {username:<18} {DEMO_PASSWORD:<11} {label}")
        self.stdout.write(
            "  (Akun yang sudah ada sebelumnya tidak diubah, termasuk kata sandinya.)"
        )
        self.stdout.write(self.style.SUCCESS(f"Data demo siap ({seconds:.1f} detik)."))
