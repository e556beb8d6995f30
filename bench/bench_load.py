"""Issue 21's load targets, through gunicorn and locust (``bench/run`` sections ``campuran``
and ``dua-server``).

- ``campuran``: 50 users reading the nomination list of balai BESAR while staff of another
  balai save one attendance cell per second through the site, against the same users
  read-only. Measured twice: with **think time** (each user waits ``THINK`` seconds, drawn
  uniformly, between two pages: a district officer reads the list before the next click; the
  load model the p95 target is judged on) and **without** (every user asks again the moment
  the answer arrives: a capacity test, where the throughput ratio shows what the writes of
  another balai cost the readers).
- ``dua-server``: two gunicorn instances sharing Redis and PostgreSQL: a decision saved through
  one is seen at once through the other; throughput of two instances against one.

Only 127.0.0.1 is ever contacted; every server started here is stopped here.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
import threading
import uuid

from bench_national import attendance_angkatan
from benchlib import Row, verdict
from benchserver import Browserless, free_ports, gunicorn, load, repeat, session_for

FRESH_PROGRAM = "BENCH-SEGAR"
# Seconds a user waits between two pages in the load model (uniform): 3 s on average, a
# heavier pace than an officer reading a 50-row list, so the model errs on the busy side.
THINK = "1-5"
# What a nominee of the two-server programme copies from one of the attendance angkatan.
COPIED = (
    "participant_id",
    "business_id",
    "role",
    "kabupaten_kota_id",
    "baseline_omzet",
    "baseline_aset",
    "baseline_tenaga_kerja",
)


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
            copied = {field: getattr(source, field) for field in COPIED}
            Nomination.objects.create(program=program, status=NominationStatus.DIUSULKAN, **copied)
    return program


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


def other_balai(people):
    """Another balai of the installation with its bench staff (the national data set)."""
    from balatkop.models import User

    return (
        User.objects.filter(username__startswith="bench_staf_")
        .exclude(balai=people["balai"])
        .select_related("balai")
        .order_by("username")
        .first()
    )


def _figures(m: dict) -> str:
    failed = f", {m['failures']:.0f} gagal" if m["failures"] else ""
    return f"p50 {m['p50']:.0f} / p95 {m['p95']:.0f} ms, {m['rps']:.1f} req/s{failed}"


def bench_mixed(runs: int, seconds: int, users: int, people, rows) -> None:
    from django.urls import reverse

    writer = other_balai(people)
    if writer is None:
        rows.append(Row("Campuran baca + tulis di balai lain", "belum diukur: satu balai saja"))
        return
    attendance_angkatan(writer.balai)
    path = reverse("participants:nomination_list")
    session = session_for(people["staf"])
    (port,) = free_ports(1)
    measured = {}
    with gunicorn([port]):
        load([port], path, session, 5, users)  # warm-up
        for think in (THINK, ""):

            def measure(think=think):
                return load([port], path, session, seconds, users, think)

            read = repeat(runs, measure)
            with _attendance_clicks(port, writer, writer.balai) as clicks:
                mixed = repeat(runs, measure)
            measured[think] = (read, mixed, clicks[0] if clicks else 0)
    where = f"balai {writer.balai.code}"
    for think, (read, mixed, clicks) in measured.items():
        model = f"jeda {THINK.replace('-', '–')} s" if think else "tanpa jeda (uji kapasitas)"
        share = mixed["rps"] / read["rps"] if read["rps"] else 0
        rows.append(Row(f"Daftar usulan, {users} pengguna, {model}, hanya baca", _figures(read)))
        judged = bool(think)  # p95 is judged on the load model; capacity shows the queue
        rows.append(
            Row(
                f"Daftar usulan, {users} pengguna, {model}, + 1 klik presensi/detik di {where}",
                f"{_figures(mixed)} ({clicks} klik)",
                "p95 ≤ 150 ms" if judged else "(p95 tidak dinilai)",
                verdict(mixed["p95"] <= 150 and not mixed["failures"]) if judged else "",
            )
        )
        rows.append(
            Row(
                f"  throughput campuran ÷ hanya baca ({model})",
                f"{mixed['rps']:.1f} vs {read['rps']:.1f} req/s = {share:.0%}",
                "≥ 60%" if not judged else "(dibatasi jeda)",
                verdict(share >= 0.6) if not judged else "",
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
    ports = free_ports(2)
    try:
        with gunicorn(ports, shared, core_each=True):
            one, two = ports
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
                if FRESH_PROGRAM not in page:
                    raise RuntimeError("server 2 tidak menjawab dengan daftar usulan")
                checks += 1
                if set(re.findall(r'text-bg-secondary">(\w+)</span>', page)) != truth:
                    stale += 1
                changed += truth != previous
                previous = truth
            load(ports, path, session, 5, users)  # warm-up
            alone = repeat(runs, lambda: load([one], path, session, seconds, users))
            both = repeat(runs, lambda: load(ports, path, session, seconds, users))
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
            f"Daftar usulan, {users} pengguna tanpa jeda: throughput dua server vs satu "
            "(tiap server satu inti CPU)",
            f"{both['rps']:.0f} vs {alone['rps']:.0f} req/s = {growth:.2f}× "
            f"(p95 {both['p95']:.0f} vs {alone['p95']:.0f} ms)",
            "> 1×",
            verdict(growth > 1.0),
        )
    )
