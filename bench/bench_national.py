"""Issue 21's national targets (``bench/run`` sections ``nasional`` and ``presensi``).

- ``nasional``: the same balai (BESAR, 100,000 nominations, generated row for row the same) in
  the national installation (DATABASE_URL, 38 balai, 1,000,000 nominations) and alone
  (``--alone-url``); its list pages, impact report (cold, warm) and full Excel workbook are
  measured by ``bench/national_child.py`` in a fresh process on each database, interleaved.
  The cold unfiltered impact report of the balai alone is also judged against 300 ms.
- ``presensi``: the attendance page of a 60 × 5 angkatan: HTML size, server time, a cell save,
  and Chromium at 360 px (time from the response's end to the page's load event).

The load targets (``campuran``, ``dua-server``) are in ``bench/bench_load.py``. Only 127.0.0.1
is ever contacted; every server started here is stopped here.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import time

from benchlib import BALAI, PYTHON, ROOT, Row, median, seconds_text, verdict
from benchserver import free_ports, gunicorn, session_for

BENCH_PROGRAM = "BENCH-PRESENSI"


# --- Fixtures in the database (made once, kept) -----------------------------------------


def attendance_angkatan(balai):
    """A 60-person, 5-day angkatan of ``balai`` running now (day 3 today), made once."""
    from django.db import transaction

    from balatkop.models import KabupatenKota
    from participants.models import (
        Business,
        Nomination,
        NominationStatus,
        Participant,
        ParticipantRole,
    )
    from participants.nik import make_nik
    from programs.models import Angkatan, Program, ProgramStatus

    today = dt.date.today()
    program = Program.objects.filter(balai=balai, code=BENCH_PROGRAM).first()
    if program is not None:
        return program.angkatan.get()
    districts = list(KabupatenKota.objects.filter(provinsi=balai.provinsi).order_by("code"))
    with transaction.atomic():
        program = Program.objects.create(
            balai=balai,
            code=BENCH_PROGRAM,
            name="Pelatihan uji presensi",
            year=today.year,
            jenjang=1,
            days_per_angkatan=5,
            status=ProgramStatus.RUNNING,
            target_participants=60,
        )
        start = today - dt.timedelta(days=2)
        angkatan = Angkatan.objects.create(
            program=program,
            number=1,
            start_date=start,
            end_date=start + dt.timedelta(days=4),
            capacity=60,
            venue="Aula Balatkop",
        )
        for i in range(60):
            district = districts[i % len(districts)]
            birth = dt.date(1980, 1, 1) + dt.timedelta(days=i)
            person = Participant.objects.create(
                nik=make_nik(district.code, birth, "P", 9800 + i),
                name=f"Peserta Presensi {i:02d}",
                sex="P",
                birth_date=birth,
                kabupaten_kota=district,
            )
            business = Business.objects.create(
                participant=person, name=f"Usaha Presensi {i}", sector="Tata Boga"
            )
            Nomination.objects.create(
                program=program,
                participant=person,
                business=business,
                role=ParticipantRole.PEMILIK_USAHA,
                kabupaten_kota=district,
                baseline_omzet=8_000_000,
                baseline_aset=40_000_000,
                baseline_tenaga_kerja=2,
                status=NominationStatus.DITEMPATKAN,
                angkatan=angkatan,
            )
    return angkatan


# --- national vs alone -------------------------------------------------------------------


def _national_child(url: str, runs: int, excel: bool) -> dict:
    result = subprocess.run(
        [PYTHON, str(ROOT / "bench" / "national_child.py"), "--runs", str(runs)]
        + (["--excel"] if excel else []),
        capture_output=True,
        text=True,
        timeout=1800,
        env={**os.environ, "DATABASE_URL": url},
        check=False,
    )
    if result.returncode:
        raise RuntimeError(result.stderr.strip().splitlines()[-1] if result.stderr else "gagal")
    return json.loads(result.stdout.strip().splitlines()[-1])


def bench_national(national_url: str, alone_url: str | None, runs: int, excel_runs: int, rows):
    if not alone_url:
        rows.append(Row("Nasional ÷ balai sendirian", "belum diukur: --alone-url tidak diberikan"))
        return
    # bench/run migrated DATABASE_URL; the other database must be at the same migration.
    subprocess.run(
        [PYTHON, str(ROOT / "manage.py"), "migrate", "-v0"],
        env={**os.environ, "DATABASE_URL": alone_url},
        check=True,
        timeout=1800,
    )
    national, alone = [], []
    for index in range(excel_runs):  # interleaved: both see the same machine load
        national.append(_national_child(national_url, runs, excel=True))
        alone.append(_national_child(alone_url, runs, excel=True))
        print(f"nasional: putaran {index + 1} selesai", flush=True)
    first = national[0]
    rows.append(
        Row(
            f"Data: balai {BALAI} di instalasi nasional ({first['installation']:,} usulan, "
            f"{first['balai_count']} balai) dan sendirian",
            f"{first['nominations']:,} vs {alone[0]['nominations']:,} usulan balai {BALAI}",
        )
    )
    for key, label in first["labels"].items():
        figure = median([n["figures"][key] for n in national])
        compare = median([a["figures"][key] for a in alone])
        ratio = figure / compare if compare else float("inf")
        rows.append(
            Row(
                f"{label}: nasional vs sendirian",
                f"{seconds_text(figure)} vs {seconds_text(compare)} = {ratio:.2f}×",
                "≤ 1,2×",
                verdict(ratio <= 1.2),
            )
        )
    # The same cold figure of the balai alone answers the absolute target at 100,000.
    cold = median([a["figures"]["impact_report_cold"] for a in alone])
    rows.append(
        Row(
            f"Laporan dampak web, tanpa filter, data baru berubah: balai {BALAI} sendirian "
            f"({alone[0]['nominations']:,} usulan)",
            f"{seconds_text(cold)} = {cold / 0.3:.2f}× target",
            "≤ 300 ms",
            verdict(cold <= 0.3),
        )
    )


# --- the attendance page -------------------------------------------------------------------


def bench_attendance(runs: int, people, rows, *, browser: bool) -> None:
    from django.test import Client
    from django.urls import reverse

    angkatan = attendance_angkatan(people["balai"])
    client = Client()
    client.force_login(people["staf"], backend="balatkop.auth.ModelBackendWithBalai")
    url = reverse("participants:attendance_roster", args=[angkatan.pk])
    client.get(url)
    sizes, times = [], []
    for _ in range(runs):
        started = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - started)
        sizes.append(len(response.content))
    size_kb = median(sizes) / 1000
    rows.append(
        Row(
            "Presensi 60 × 5 (satu hari tampil): ukuran HTML",
            f"{size_kb:.0f} KB (dulu 178 KB untuk 60 × 4)",
            "≤ 60 KB",
            verdict(size_kb <= 60),
        )
    )
    server = median(times)
    rows.append(
        Row(
            "Presensi 60 × 5: waktu server",
            seconds_text(server),
            "≤ 150 ms",
            verdict(server <= 0.15),
        )
    )
    cells = list(angkatan.nominations.values_list("pk", flat=True)[:runs])
    day = angkatan.start_date + dt.timedelta(days=2)
    saves = []
    cell_url = reverse("participants:attendance_cell", args=[angkatan.pk])
    for index, pk in enumerate(cells * 2):
        name = f"c-{pk}-{day:%Y-%m-%d}"
        started = time.perf_counter()
        response = client.post(
            cell_url,
            {name: "izin" if index % 2 else "hadir"},
            HTTP_HX_REQUEST="true",
            HTTP_HX_TRIGGER=name,
        )
        saves.append(time.perf_counter() - started)
        if response.status_code != 200:
            raise RuntimeError(f"simpan sel: status {response.status_code}")
    save = median(saves)
    rows.append(
        Row(
            "Presensi: simpan satu sel (htmx), waktu server",
            seconds_text(save),
            "≤ 50 ms",
            verdict(save <= 0.05),
        )
    )
    if browser:
        (port,) = free_ports(1)
        with gunicorn([port]):
            usable = _chromium_usable(f"http://127.0.0.1:{port}{url}", people["staf"], runs)
        rows.append(
            Row(
                "Presensi di Chromium 360 px: dari akhir respons sampai halaman siap (load)",
                seconds_text(usable),
                "≤ 300 ms",
                verdict(usable <= 0.3),
            )
        )


def _chromium_usable(url: str, user, runs: int) -> float:
    from playwright.sync_api import sync_playwright

    session = session_for(user)
    timings = []
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"),
            args=["--no-sandbox"],
        )
        context = browser.new_context(viewport={"width": 360, "height": 740})
        context.add_cookies(
            [{"name": "sessionid", "value": session, "domain": "127.0.0.1", "path": "/"}]
        )
        page = context.new_page()
        for index in range(runs + 1):
            page.goto(url, wait_until="load")
            entry = page.evaluate(
                "() => { const n = performance.getEntriesByType('navigation')[0];"
                " return [n.responseEnd, n.domContentLoadedEventEnd, n.loadEventEnd]; }"
            )
            if index:  # the first load fetches the static files
                timings.append((entry[2] - entry[0]) / 1000)
        browser.close()
    return median(timings)
