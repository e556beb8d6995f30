"""One balai's pages and workbook in a fresh process on DATABASE_URL; prints JSON.

    DATABASE_URL=… bench/national_child.py [--runs 5] [--excel]

Run by ``bench/run --only nasional`` on the national installation and on the same balai alone,
interleaved. "Cold" moves the balai's own data version before each request (what any write in
that balai does); "warm" is the same request again. The attendance and two-server fixtures are
made first on both databases, so the balai holds the same rows in both. The workbook is the full impact report
(``bench/excel_child.py app``) in a process of its own.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from benchlib import BALAI, OUT, PYTHON, ROOT, django_setup, median

PAGES = [
    ("nomination_list", "participants:nomination_list", "staf", "Daftar usulan"),
    ("participant_list", "participants:participant_list", "staf", "Daftar peserta"),
    ("impact_report", "outcomes:impact_report", "pimpinan", "Laporan dampak web, tanpa filter"),
]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--excel", action="store_true")
    args = parser.parse_args()
    django_setup()
    from bench_load import fresh_program
    from django.test import Client
    from django.urls import reverse

    from balatkop import freshness
    from balatkop.models import Balai, User
    from participants.models import Nomination

    balai = Balai.objects.get(code=BALAI)
    # The fixtures the other sections add to the balai (65 nominations), in both databases, so
    # that the balai stays the same row for row in the two.
    fresh_program(balai)
    users = {
        "staf": User.objects.get(username="bench_staf"),
        "pimpinan": User.objects.get(username="bench_pimpinan"),
    }
    figures, labels = {}, {}
    for key, name, role, label in PAGES:
        client = Client()
        client.force_login(users[role], backend="balatkop.auth.ModelBackendWithBalai")
        url = reverse(name)
        client.get(url)  # warm-up: imports, templates, connection
        for cold in (True, False):
            times = []
            # A page from the cache takes a few ms: three times the runs steady its median.
            for _ in range(args.runs if cold else 3 * args.runs):
                if cold:
                    freshness.bump([(balai.pk, freshness.ALL)])
                started = time.perf_counter()
                response = client.get(url)
                times.append(time.perf_counter() - started)
                if response.status_code != 200:
                    raise RuntimeError(f"{url}: status {response.status_code}")
            state = "cold" if cold else "warm"
            figures[f"{key}_{state}"] = median(times)
            labels[f"{key}_{state}"] = f"{label}: waktu server, " + (
                "data balai ini baru berubah" if cold else "dari cache"
            )
    if args.excel:
        out = OUT / f"national-{os.getpid()}.xlsx"
        result = subprocess.run(
            [PYTHON, str(ROOT / "bench" / "excel_child.py"), "app", "--out", str(out)],
            capture_output=True,
            text=True,
            timeout=1200,
            env=os.environ.copy(),
            check=False,
        )
        if result.returncode:
            raise RuntimeError(result.stderr.strip().splitlines()[-1])
        figures["excel"] = json.loads(result.stdout.strip().splitlines()[-1])["seconds"]
        labels["excel"] = "Laporan dampak Excel lengkap (Data Peserta), semua tahun"
        out.unlink(missing_ok=True)
    print(
        json.dumps(
            {
                "figures": figures,
                "labels": labels,
                "nominations": Nomination.objects.filter(program__balai=balai).count(),
                "installation": Nomination.objects.count(),
                "balai_count": Balai.objects.count(),
            }
        )
    )


if __name__ == "__main__":
    main()
