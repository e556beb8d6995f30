"""Issue 21's targets: one installation for the whole country, each balai as fast as alone.

Used by ``bench/run`` (sections ``nasional``, ``presensi``, ``campuran``, ``dua-server``):

- ``nasional``: the same balai (BESAR, 100,000 nominations, generated row for row the same) in
  the national installation (DATABASE_URL, 38 balai, 1,000,000 nominations) and alone
  (``--alone-url``); its list pages, impact report (cold, warm) and full Excel workbook are
  measured by ``bench/national_child.py`` in a fresh process on each database, interleaved.
- ``presensi``: the attendance page of a 60 × 5 angkatan: HTML size, server time, a cell save,
  and Chromium at 360 px (time from the response's end to the page's load event).
- ``campuran``: 50 users reading the nomination list while someone of another balai saves one
  attendance cell per second through the site, against the same users read-only.
- ``dua-server``: two gunicorn instances sharing Redis and PostgreSQL: a decision saved through
  one is seen at once through the other; throughput of two instances against one.

Only 127.0.0.1 is ever contacted; every server started here is stopped here.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import re
import signal
import subprocess
import threading
import time
import uuid

from benchlib import BALAI, OUT, PYTHON, ROOT, Row, median, verdict

PORTS = (8765, 8766)
BENCH_PROGRAM = "BENCH-PRESENSI"
FRESH_PROGRAM = "BENCH-SEGAR"


def _seconds(value: float) -> str:
    return f"{value:.2f} s" if value >= 1 else f"{value * 1000:.0f} ms"


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


def fresh_program(balai):
    """A programme in selection with 5 nominees whose decision the two-server check flips."""
    angkatan = attendance_angkatan(balai)
    from participants.models import Nomination, NominationStatus
    from programs.models import Program, ProgramStatus

    program = Program.objects.filter(balai=balai, code=FRESH_PROGRAM).first()
    if program is None:
        program = Program.objects.create(
            balai=balai,
            code=FRESH_PROGRAM,
            name="Pelatihan uji kesegaran",
            year=dt.date.today().year,
            jenjang=1,
            status=ProgramStatus.NOMINATION_CLOSED,
            target_participants=5,
        )
        for source in Nomination.objects.filter(angkatan=angkatan).order_by("pk")[:5]:
            Nomination.objects.create(
                program=program,
                participant_id=source.participant_id,
                business_id=source.business_id,
                role=source.role,
                kabupaten_kota_id=source.kabupaten_kota_id,
                baseline_omzet=source.baseline_omzet,
                baseline_aset=source.baseline_aset,
                baseline_tenaga_kerja=source.baseline_tenaga_kerja,
                status=NominationStatus.DIUSULKAN,
            )
    return program


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
                f"{_seconds(figure)} vs {_seconds(compare)} = {ratio:.2f}×",
                "≤ 1,2×",
                verdict(ratio <= 1.2),
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
        Row("Presensi 60 × 5: waktu server", _seconds(server), "≤ 150 ms", verdict(server <= 0.15))
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
            _seconds(save),
            "≤ 50 ms",
            verdict(save <= 0.05),
        )
    )
    if browser:
        with _gunicorn([PORTS[0]]):
            usable = _chromium_usable(f"http://127.0.0.1:{PORTS[0]}{url}", people["staf"], runs)
        rows.append(
            Row(
                "Presensi di Chromium 360 px: dari akhir respons sampai halaman siap (load)",
                _seconds(usable),
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


# --- gunicorn, sessions, HTTP ----------------------------------------------------------------


def session_for(user) -> str:
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "balatkop.auth.ModelBackendWithBalai"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return session.session_key


def wait_for_port(port: int, timeout: float = 60) -> None:
    import socket

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 1):
            return
        time.sleep(0.3)
    raise RuntimeError(f"gunicorn tidak menjawab di 127.0.0.1:{port}")


@contextlib.contextmanager
def _gunicorn(ports, extra_env: dict | None = None):
    env = {
        **os.environ,
        "DEBUG": "false",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECRET_KEY": os.environ["SECRET_KEY"],
        **(extra_env or {}),
    }
    servers = []
    try:
        for port in ports:
            servers.append(
                subprocess.Popen(
                    [
                        str(ROOT / ".venv" / "bin" / "gunicorn"),
                        "balatkop.wsgi",
                        "--workers",
                        "2",
                        "--bind",
                        f"127.0.0.1:{port}",
                        "--log-level",
                        "warning",
                        "--timeout",
                        "120",
                    ],
                    cwd=ROOT,
                    env=env,
                    stdout=subprocess.DEVNULL,
                    stderr=open(OUT / f"gunicorn-{port}.log", "w"),  # noqa: SIM115
                    start_new_session=True,
                )
            )
        for port in ports:
            wait_for_port(port)
        yield
    finally:
        for server in servers:
            os.killpg(server.pid, signal.SIGTERM)
        for server in servers:
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)


class Browserless:
    """A logged-in HTTP client of one user against one server (requests + CSRF)."""

    def __init__(self, port: int, user):
        import requests

        self.base = f"http://127.0.0.1:{port}"
        self.http = requests.Session()
        self.http.cookies.set("sessionid", session_for(user), domain="127.0.0.1")
        self.token = ""

    def get(self, path: str) -> str:
        response = self.http.get(self.base + path, timeout=30)
        response.raise_for_status()
        found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.text)
        if found:
            self.token = found[1]
        return response.text

    def post(self, path: str, data: dict, headers: dict | None = None):
        response = self.http.post(
            self.base + path,
            data={"csrfmiddlewaretoken": self.token, **data},
            headers={"Referer": self.base + path, **(headers or {})},
            timeout=30,
            allow_redirects=False,
        )
        if response.status_code >= 400:
            raise RuntimeError(f"POST {path}: status {response.status_code}")
        return response


@contextlib.contextmanager
def _attendance_clicks(port: int, user, balai, every: float = 1.0):
    """One attendance cell saved per second through the site by staff of ``balai``."""
    from django.db import connection
    from django.urls import reverse

    angkatan = attendance_angkatan(balai)
    connection.close()  # the thread below has its own
    cells = list(angkatan.nominations.values_list("pk", flat=True))
    day = angkatan.start_date + dt.timedelta(days=2)
    roster = reverse("participants:attendance_roster", args=[angkatan.pk])
    cell_url = reverse("participants:attendance_cell", args=[angkatan.pk])
    client = Browserless(port, user)
    client.get(roster)
    stop = threading.Event()
    done = []

    def click():
        index = 0
        while not stop.wait(every):
            name = f"c-{cells[index % len(cells)]}-{day:%Y-%m-%d}"
            client.post(
                cell_url,
                {name: "izin" if index % 2 else "hadir"},
                {"HX-Request": "true", "HX-Trigger": name},
            )
            index += 1
        done.append(index)

    thread = threading.Thread(target=click, daemon=True)
    thread.start()
    try:
        yield done
    finally:
        stop.set()
        thread.join()


def _locust(port: int, path: str, session: str, seconds: int, users: int, tag: str) -> dict:
    prefix = OUT / f"locust-{tag}"
    env = {**os.environ, "BENCH_PATH": path, "BENCH_SESSION": session}
    command = [
        str(ROOT / ".venv" / "bin" / "locust"),
        "-f",
        str(ROOT / "bench" / "locustfile.py"),
        "--headless",
        "--only-summary",
        "--skip-log",
        "-u",
        str(users),
        "-r",
        str(users),
        "-t",
        f"{seconds}s",
        "--host",
        f"http://127.0.0.1:{port}",
        "--csv",
        str(prefix),
        "--exit-code-on-error",
        "0",
    ]
    return {"process": subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL,
                                        stderr=subprocess.DEVNULL), "prefix": prefix, "path": path}  # fmt: skip


def _locust_result(run: dict, seconds: int) -> dict:
    import csv

    run["process"].wait(timeout=seconds + 90)
    with open(f"{run['prefix']}_stats.csv", newline="") as handle:
        stats = {row["Name"]: row for row in csv.DictReader(handle)}
    row = stats.get(run["path"])
    if row is None:
        return {"p50": float("inf"), "p95": float("inf"), "rps": 0.0, "failures": 0}
    return {
        "p50": float(row["50%"]),
        "p95": float(row["95%"]),
        "rps": float(row["Requests/s"]),
        "failures": int(row["Failure Count"]),
    }


def _load(ports, path, session, seconds, users) -> dict:
    """``users`` spread over the servers on ``ports``; p95 the worst, throughput the sum."""
    share = users // len(ports)
    started = [
        _locust(port, path, session, seconds, share, f"{port}-{i}") for i, port in enumerate(ports)
    ]
    results = [_locust_result(run, seconds) for run in started]
    return {
        "p50": max(r["p50"] for r in results),
        "p95": max(r["p95"] for r in results),
        "rps": sum(r["rps"] for r in results),
        "failures": sum(r["failures"] for r in results),
    }


def _repeat(runs: int, measure) -> dict:
    results = [measure() for _ in range(runs)]
    return {key: median([r[key] for r in results]) for key in results[0]}


def other_balai(people):
    """Another balai of the installation with its bench staff (the national data set)."""
    from balatkop.models import User

    user = (
        User.objects.filter(username__startswith="bench_staf_")
        .exclude(balai=people["balai"])
        .select_related("balai")
        .order_by("username")
        .first()
    )
    return user


def bench_mixed(runs: int, seconds: int, users: int, people, rows) -> None:
    from django.urls import reverse

    writer = other_balai(people)
    if writer is None:
        rows.append(Row("Campuran baca + tulis di balai lain", "belum diukur: satu balai saja"))
        return
    attendance_angkatan(writer.balai)
    path = reverse("participants:nomination_list")
    session = session_for(people["staf"])
    with _gunicorn([PORTS[0]]):
        _load([PORTS[0]], path, session, 5, users)  # warm-up
        read = _repeat(runs, lambda: _load([PORTS[0]], path, session, seconds, users))
        with _attendance_clicks(PORTS[0], writer, writer.balai) as clicks:
            mixed = _repeat(runs, lambda: _load([PORTS[0]], path, session, seconds, users))
    share = mixed["rps"] / read["rps"] if read["rps"] else 0
    rows.append(
        Row(
            f"Daftar usulan, {users} pengguna, hanya baca: p50 / p95, throughput",
            f"{read['p50']:.0f} / {read['p95']:.0f} ms, {read['rps']:.0f} req/s",
        )
    )
    rows.append(
        Row(
            f"Daftar usulan, {users} pengguna + 1 klik presensi/detik di balai "
            f"{writer.balai.code}: p95",
            f"{mixed['p95']:.0f} ms ({clicks[0] if clicks else 0} klik)",
            "≤ 150 ms",
            verdict(mixed["p95"] <= 150 and not mixed["failures"]),
        )
    )
    rows.append(
        Row(
            "  throughput campuran ÷ hanya baca",
            f"{mixed['rps']:.0f} vs {read['rps']:.0f} req/s = {share:.0%}",
            "≥ 60%",
            verdict(share >= 0.6),
        )
    )


def bench_two_servers(runs: int, seconds: int, users: int, people, rows) -> None:
    import redis
    from django.urls import reverse

    from participants.models import Nomination, NominationStatus

    server = redis.Redis.from_url("redis://127.0.0.1:6379/14", socket_connect_timeout=2)
    server.ping()
    prefix = f"bench-{uuid.uuid4().hex[:8]}"
    shared = {"CACHE_URL": "redis://127.0.0.1:6379/14", "CACHE_KEY_PREFIX": prefix}
    program = fresh_program(people["balai"])
    ids = list(Nomination.objects.filter(program=program).values_list("pk", flat=True))
    path = reverse("participants:nomination_list")
    session = session_for(people["staf"])
    listing = f"{path}?program={program.pk}"
    decide = reverse("participants:selection_decide", args=[program.pk])
    stale = checks = changed = 0
    previous = None
    try:
        with _gunicorn(PORTS, shared):
            one, two = PORTS
            writer, reader = Browserless(one, people["staf"]), Browserless(two, people["staf"])
            writer.get(reverse("participants:selection_program", args=[program.pk]))
            for index in range(20):
                reader.get(listing)  # cached on the second server before the write
                writer.post(
                    decide,
                    {
                        "decision": "tolak" if index % 2 else "cadangan",
                        "reason": "Uji kesegaran dua server",
                        "scope": "dicentang",
                        "ids": ids,
                    },
                )
                truth = {
                    NominationStatus(status).label
                    for status in Nomination.objects.filter(pk__in=ids).values_list(
                        "status", flat=True
                    )
                }
                page = reader.get(listing)
                checks += 1
                if set(re.findall(r'text-bg-secondary">(\w+)</span>', page)) != truth:
                    stale += 1
                changed += truth != previous
                previous = truth
            _load(PORTS, path, session, 5, users)  # warm-up
            alone = _repeat(runs, lambda: _load([one], path, session, seconds, users))
            both = _repeat(runs, lambda: _load(PORTS, path, session, seconds, users))
    finally:
        for key in server.scan_iter(f"{prefix}:*"):
            server.delete(key)
    rows.append(
        Row(
            "Dua server (Redis + PostgreSQL bersama): keputusan lewat server 1, dibaca lewat "
            "server 2",
            f"{stale} basi dari {checks} (data berubah {changed} kali)",
            "0 basi",
            verdict(stale == 0 and changed > 1),
        )
    )
    growth = both["rps"] / alone["rps"] if alone["rps"] else 0
    rows.append(
        Row(
            f"Daftar usulan, {users} pengguna: throughput dua server vs satu",
            f"{both['rps']:.0f} vs {alone['rps']:.0f} req/s = {growth:.2f}× "
            f"(p95 {both['p95']:.0f} vs {alone['p95']:.0f} ms)",
            "> 1×",
            verdict(growth > 1.0),
        )
    )
