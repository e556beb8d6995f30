"""Time the historical import: write an N-row sheet, read it, import it, import it again.

    .venv/bin/python bench/bench_historical_import.py --rows 10000 --rows 100000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/balatkop_bench_hist \\
        .venv/bin/python bench/bench_historical_import.py --rows 10000 --rows 100000

Runs against a fresh, migrated test database (``test_<name>``, dropped afterwards; on SQLite a
file in /tmp), so the development database is never touched.
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

NTB_DISTRICTS = ["52.01", "52.02", "52.03", "52.04", "52.05", "52.06", "52.07", "52.08", "52.71", "52.72"]  # fmt: skip
SECTORS = ["Konveksi", "Tata Rias", "Tata Boga", "Kerajinan", "Sablon", "Kue"]


def synthetic_rows(count: int, *, born_from: int = 1970):
    """``count`` rows: programmes of 1,000 people in angkatan of 50, half of them monitored."""
    from participants.nik import make_nik

    for i in range(count):
        programme, seat = divmod(i, 1000)
        number = seat // 50 + 1
        year = 2015 + programme % 8
        start = dt.date(year, 3, 1) + dt.timedelta(days=7 * number)
        end = start + dt.timedelta(days=3)
        district = NTB_DISTRICTS[i % 10]
        sex = "P" if i % 2 else "L"
        # (district, birth date, sex, serial) is unique per row, so every NIK is a new person.
        birth = dt.date(born_from, 1, 1) + dt.timedelta(days=i // 9999)
        omzet = 3_000_000 + (i % 97) * 250_000
        monitored = i % 2 == 0
        yield [
            f"BENCH-{programme:03d}",
            f"Pelatihan Kewirausahaan {programme}",
            year,
            None,
            SECTORS[programme % len(SECTORS)],
            number,
            start,
            end,
            make_nik(district, birth, sex, i % 9999 + 1),
            f"Peserta {i}",
            sex,
            birth,
            district,
            "Pemilik Usaha",
            f"Usaha {i}",
            SECTORS[i % len(SECTORS)],
            f"{9120000000000 + i:013d}",
            dt.date(2012, 1, 1),
            "Lulus",
            omzet,
            omzet * 8,
            1 + i % 4,
            end + dt.timedelta(days=190) if monitored else None,
            omzet * 2 if monitored else None,
            omzet * 10 if monitored else None,
            2 + i % 4 if monitored else None,
        ]


def server_cpu_seconds() -> float | None:
    """CPU time of this connection's PostgreSQL backend (same host only), else None."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def run(count: int, *, born_from: int) -> None:
    from balatkop.models import Balai, Provinsi
    from outcomes.historical import historical_import, read_historical_file, write_historical_book

    balai, _ = Balai.objects.get_or_create(
        code=f"BENCH{count}",
        defaults={"name": f"Balai uji {count}", "provinsi": Provinsi.objects.get(code="52")},
    )
    started = time.perf_counter()
    buffer = io.BytesIO()
    write_historical_book(buffer, synthetic_rows(count, born_from=born_from), guide=False)
    data = buffer.getvalue()
    written = time.perf_counter()
    headers, rows = read_historical_file(data)
    read = time.perf_counter()
    cpu_read = time.process_time()
    server_before = server_cpu_seconds()
    report = historical_import(balai=balai, headers=headers, rows=rows)
    imported = time.perf_counter()
    cpu_import = time.process_time() - cpu_read
    server_after = server_cpu_seconds()
    server = (
        f", server CPU {server_after - server_before:4.1f} s" if server_before is not None else ""
    )
    again = historical_import(balai=balai, headers=headers, rows=rows)
    second = time.perf_counter()
    assert not sum(again.created.values()), again.created
    import_seconds = imported - read
    print(
        f"{count:>7} rows ({len(data) / 1e6:.1f} MB): write {written - started:5.1f} s, "
        f"read {read - written:5.1f} s, import {import_seconds:5.1f} s "
        f"({count / import_seconds:,.0f} rows/s; Python CPU {cpu_import:4.1f} s{server}), "
        f"read+import {imported - written:5.1f} s, "
        f"second import (no changes) {second - imported:5.1f} s"
    )
    print("         created:", dict(report.created))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, action="append", help="rows per file (repeatable)")
    args = parser.parse_args()

    from benchlib import scratch_database

    with scratch_database("balatkop_bench_hist.sqlite3"):
        # Each file its own people (birth years apart), so no run reuses another's NIKs.
        for index, count in enumerate(args.rows or [10_000]):
            run(count, born_from=1960 + 10 * index)


if __name__ == "__main__":
    main()
