"""Fill the database with large, realistic, fictitious balai for benchmarks and scale tests.

``manage.py buat_data_besar --nominations 100000 --balai BESAR --provinsi 33``: one balai of
``outcomes.synthetic`` (ten years, levels 1–3, every kab/kota of the province, attendance and
follow-ups). ``--nasional --nominations 1000000``: the whole country, one balai per province
(38, all their kab/kota), the one named by ``--balai``/``--provinsi`` holding ``--terbesar``
(100,000) and the rest shared by the number of kab/kota. Each balai draws from its own random
stream (seed and province), so a balai is the same row for row whether it is generated alone or
with the others: the national benchmark compares the two. One transaction per balai and year.
"""

from __future__ import annotations

import datetime as dt
import random
import time

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Count

from balatkop import freshness
from balatkop.models import Balai, Provinsi, Role, User
from outcomes.synthetic import BENCH_PASSWORD, YEARS, Generator, finish, per_year
from programs.models import Program


class Command(BaseCommand):
    help = "Isi basis data dengan satu balai besar fiktif (untuk benchmark dan uji skala)."

    def add_arguments(self, parser):
        parser.add_argument("--nominations", type=int, default=100_000, help="jumlah usulan")
        parser.add_argument("--balai", default="BESAR", help="kode balai (dibuat bila belum ada)")
        parser.add_argument(
            "--provinsi", default="33", help="kode provinsi balai baru (bawaan 33 Jawa Tengah)"
        )
        parser.add_argument(
            "--nasional",
            action="store_true",
            help="satu balai per provinsi (38); --balai mendapat --terbesar usulan",
        )
        parser.add_argument(
            "--terbesar", type=int, default=100_000, help="usulan balai terbesar (--nasional)"
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
        plan = (
            self._national_plan(total, options["terbesar"], options["balai"], options["provinsi"])
            if options["nasional"]
            else [(options["balai"], options["provinsi"], total)]
        )
        last_year = options["tahun_akhir"] or dt.date.today().year - 1
        counts = dict.fromkeys(["nominations", "participants", "attendance", "followups"], 0)
        password = make_password(BENCH_PASSWORD)
        for code, provinsi_code, size in plan:
            balai = self._balai(code, provinsi_code)
            if Program.objects.filter(balai=balai).exists():
                raise CommandError(
                    f"Balai {balai.code} sudah berisi program; pakai kode balai lain atau basis "
                    "data baru."
                )
            generator = Generator(
                balai=balai,
                # One stream per balai: the same rows alone or among the others.
                rng=random.Random(f"{options['seed']}:{provinsi_code}"),  # noqa: S311 -- fiction
                last_year=last_year,
            )
            self._users(balai, generator.kabupaten, password, main=code == options["balai"])
            with freshness.writes_for(balai.pk):
                for index, count in enumerate(per_year(size)):
                    with transaction.atomic():
                        generator.year(last_year - YEARS + 1 + index, count)
            for key, value in generator.counts.items():
                counts[key] += value
            self.stdout.write(
                f"{balai.code}: {size} usulan ({time.perf_counter() - started:.1f} dtk)"
            )
        finish()
        self.stdout.write(
            self.style.SUCCESS(
                f"Selesai: {len(plan)} balai, {counts['nominations']} usulan, "
                f"{counts['participants']} peserta, {counts['attendance']} kehadiran, "
                f"{counts['followups']} monitoring dalam {time.perf_counter() - started:.1f} "
                f"detik. Masuk sebagai bench_staf / bench_pimpinan, kata sandi {BENCH_PASSWORD}."
            )
        )

    def _national_plan(
        self, total: int, largest: int, code: str, provinsi_code: str
    ) -> list[tuple[str, str, int]]:
        """(balai code, province, nominations) for every province: ``code`` gets ``largest``, the
        others share the rest by their number of kab/kota (none above ``largest``)."""
        provinces = list(
            Provinsi.objects.annotate(districts=Count("kabupaten_kota")).order_by("code")
        )
        if provinsi_code not in {p.code for p in provinces}:
            raise CommandError(f"Provinsi {provinsi_code} tidak dikenal.")
        others = [p for p in provinces if p.code != provinsi_code]
        rest = total - largest
        if rest < 100 * len(others):
            raise CommandError(f"--nominations minimal {largest + 100 * len(others)}.")
        weight = sum(p.districts for p in others)
        sizes = [min(largest, max(100, rest * p.districts // weight)) for p in others]
        sizes[-1] += rest - sum(sizes)  # whatever rounding left over
        plan = [(code, provinsi_code, largest)]
        plan += [(f"B{p.code}", p.code, size) for p, size in zip(others, sizes, strict=True)]
        return plan

    def _balai(self, code: str, provinsi_code: str) -> Balai:
        balai = Balai.objects.filter(code=code).first()
        if balai:
            return balai
        try:
            provinsi = Provinsi.objects.get(code=provinsi_code)
        except Provinsi.DoesNotExist as error:
            raise CommandError(f"Provinsi {provinsi_code} tidak dikenal.") from error
        return Balai.objects.create(code=code, name=f"Balatkop {provinsi.name}", provinsi=provinsi)

    def _users(self, balai: Balai, kabupaten: list[str], password: str, *, main: bool) -> None:
        """bench_staf / bench_pimpinan / bench_petugas of the main balai; bench_staf_<code> of
        each other one (the national benchmark writes there)."""
        suffix = "" if main else f"_{balai.code.lower()}"
        people = [("bench_staf" + suffix, Role.STAF_BALAI, None)]
        if main:
            people += [
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
