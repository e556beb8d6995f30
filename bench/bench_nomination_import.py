"""Time the Excel bulk nomination: build an N-row file, preview it, import it.

    .venv/bin/python bench/bench_nomination_import.py --rows 5000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/balatkop_participants \\
        .venv/bin/python bench/bench_nomination_import.py --rows 5000

Runs against a fresh, migrated test database (``test_<name>``, dropped afterwards; on SQLite a
file in /tmp), so the development database is never touched. The file is a real .xlsx as an
officer would fill in: NIK and NIB as text, a district label from the drop-down list.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "balatkop.settings")
os.environ.setdefault("SECRET_KEY", "bench-only-not-secret")


def nomination_rows(count: int, districts, *, first_serial: int = 1):
    """``count`` fresh, eligible people spread over the province's districts.

    ``first_serial`` moves the NIK serials away from people already in the database.
    """
    from participants.imports import IMPORTER
    from participants.nik import make_nik

    for i in range(count):
        district = districts[i % len(districts)]
        sex = "P" if i % 2 else "L"
        birth = dt.date(1975, 1, 1) + dt.timedelta(days=i // 50)
        values = {
            "nik": make_nik(district.code, birth, sex, first_serial + i % 50),
            "name": f"Calon Peserta {i}",
            "sex": sex,
            "birth_date": birth,
            "phone": "081234567890",
            "address": "Jl. Contoh 1",
            "kabupaten_kota_id": f"{district.code} {district.name}",
            "role": "Pemilik Usaha",
            "business_kind": "Usaha (UMKM)",
            "business_name": f"Usaha Calon {i}",
            "sector": "Tata Boga",
            "nib": f"{8100000000000 + i:013d}",
            "started_on": dt.date(2015, 1, 1),
            "omzet": 8_000_000 + i,
            "aset": 40_000_000,
            "tenaga_kerja": 3,
        }
        yield [values[column.key] for column in IMPORTER.columns]


def nomination_file(count: int, districts, *, first_serial: int = 1) -> bytes:
    """A filled-in nomination template (.xlsx) of ``count`` fresh people of ``districts``."""
    from balatkop.xlsx import Column, XlsxBook
    from participants.imports import IMPORTER

    buffer = io.BytesIO()
    with XlsxBook(buffer) as book:
        columns = [Column(c.header, c.written_as, c.width) for c in IMPORTER.columns]
        book.table_sheet(
            "Usulan", columns, nomination_rows(count, districts, first_serial=first_serial)
        )
    return buffer.getvalue()


def run(count: int) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from balatkop.models import Balai, KabupatenKota, Provinsi, Role, User
    from participants.imports import nomination_file_import, nomination_file_preview
    from participants.models import Nomination
    from programs.models import Program, ProgramStatus, Quota

    balai, _ = Balai.objects.get_or_create(
        code="BENCHNOM", defaults={"name": "Balai uji", "provinsi": Provinsi.objects.get(code="52")}
    )
    staf = User.objects.create(username=f"bench-staf-{count}", role=Role.STAF_BALAI, balai=balai)
    program = Program.objects.create(
        balai=balai,
        code=f"BENCH-USULAN-{count}",
        name="Program uji usulan",
        year=dt.date.today().year,
        min_business_months=12,
        min_omzet_per_month=5_000_000,
        status=ProgramStatus.NOMINATION_OPEN,
        target_participants=count,
    )
    districts = list(KabupatenKota.objects.filter(provinsi=balai.provinsi).order_by("code"))
    Quota.objects.bulk_create(
        Quota(program=program, kabupaten_kota=d, seats=count // len(districts) // 2)
        for d in districts
    )

    started = time.perf_counter()
    data = nomination_file(count, districts)
    written = time.perf_counter()
    with CaptureQueriesContext(connection) as preview_queries:
        preview = nomination_file_preview(program=program, user=staf, data=data)
    previewed = time.perf_counter()
    assert preview.ok, [r.errors for r in preview.rows_with_errors[:3]]
    with CaptureQueriesContext(connection) as import_queries:
        outcome = nomination_file_import(program=program, user=staf, data=data)
    imported = time.perf_counter()
    assert Nomination.objects.filter(program=program).count() == count
    print(
        f"{count:>6} rows ({len(data) / 1e6:.2f} MB): write {written - started:4.1f} s, "
        f"preview (read+check) {previewed - written:4.2f} s in {len(preview_queries)} queries, "
        f"import (read+check+write) {imported - previewed:4.2f} s in {len(import_queries)} queries "
        f"({count / (imported - previewed):,.0f} rows/s); "
        f"{outcome.created} nominated, {outcome.reserve} on the reserve list"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, action="append", help="rows per file (repeatable)")
    args = parser.parse_args()

    from benchlib import scratch_database

    with scratch_database("balatkop_bench_nominations.sqlite3"):
        from django.conf import settings

        settings.DEBUG = False  # production-like; the query capture works regardless
        for count in args.rows or [5_000]:
            run(count)


if __name__ == "__main__":
    main()
