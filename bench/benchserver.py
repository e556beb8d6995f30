"""Real servers for the benchmark: gunicorn on 127.0.0.1, logged-in sessions, locust load.

Used by ``bench/run`` (section ``daftar``) and ``bench/bench_load.py`` (``campuran``,
``dua-server``) and the Chromium timing of ``bench/bench_national.py``. Every server started
here is stopped here; only 127.0.0.1 is ever contacted.
"""

from __future__ import annotations

import contextlib
import csv
import os
import re
import signal
import subprocess
import time

from benchlib import OUT, ROOT, median

GUNICORN_WORKERS = 2
RAMP_SECONDS = 5  # locust users arrive over this time; not counted in the figures


def session_for(user) -> str:
    """A session cookie value of ``user`` (so logins do not muddy the figures)."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "balatkop.auth.ModelBackendWithBalai"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return session.session_key


def free_ports(count: int) -> list[int]:
    """Ports nobody listens on now (the machine is shared: a fixed port may be someone's)."""
    import socket

    sockets = [socket.socket() for _ in range(count)]
    try:
        for sock in sockets:
            sock.bind(("127.0.0.1", 0))
        return [sock.getsockname()[1] for sock in sockets]
    finally:
        for sock in sockets:
            sock.close()


def wait_for_port(port: int, timeout: float = 60) -> None:
    import socket

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 1):
            return
        time.sleep(0.3)
    raise RuntimeError(f"gunicorn tidak menjawab di 127.0.0.1:{port}")


@contextlib.contextmanager
def gunicorn(ports, extra_env: dict | None = None, *, core_each: bool = False):
    """One gunicorn (``GUNICORN_WORKERS`` sync workers) per port, production-like settings.

    ``core_each`` pins the n-th instance to the n-th CPU core, so that on one machine each
    instance stands in for a server with its own CPU (unpinned, the first instance alone
    already fills both cores of this machine and a second one has nothing to add)."""
    env = {
        **os.environ,
        "DEBUG": "false",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECRET_KEY": os.environ["SECRET_KEY"],
        **(extra_env or {}),
    }
    import socket

    for port in ports:  # another engineer's server must not answer for ours
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 1):
            raise RuntimeError(f"127.0.0.1:{port} sudah dipakai proses lain")
    servers = []
    try:
        for index, port in enumerate(ports):
            pinned = {index % os.cpu_count()} if core_each else None
            command = [
                str(ROOT / ".venv" / "bin" / "gunicorn"),
                "balatkop.wsgi",
                "--workers",
                str(GUNICORN_WORKERS),
                "--bind",
                f"127.0.0.1:{port}",
                "--log-level",
                "warning",
                "--timeout",
                "120",
            ]
            log = open(OUT / f"gunicorn-{port}.log", "w")  # noqa: SIM115 -- lives with the server
            servers.append(
                subprocess.Popen(
                    command,
                    cwd=ROOT,
                    env=env,
                    stdout=subprocess.DEVNULL,
                    stderr=log,
                    start_new_session=True,
                    preexec_fn=(lambda cores=pinned: os.sched_setaffinity(0, cores))
                    if pinned
                    else None,
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


# --- locust ----------------------------------------------------------------------------------


def _locust(port: int, path: str, session: str, seconds: int, users: int, tag: str, think: str):
    """Start one headless locust run (``bench/locustfile.py``); ``think`` is "" (none) or
    "MIN-MAX" seconds between one user's requests. Users arrive over the first
    ``RAMP_SECONDS`` (not all in the same instant) and the figures count from when all are
    there: the steady state, not the start-up queue."""
    prefix = OUT / f"locust-{tag}"
    env = {**os.environ, "BENCH_PATH": path, "BENCH_SESSION": session, "BENCH_THINK": think}
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
        str(max(1, users / RAMP_SECONDS)),
        "--reset-stats",
        "-t",
        f"{seconds + RAMP_SECONDS}s",
        "--host",
        f"http://127.0.0.1:{port}",
        "--csv",
        str(prefix),
        "--exit-code-on-error",
        "0",
    ]
    process = subprocess.Popen(
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    return {"process": process, "prefix": prefix, "path": path}


def _locust_result(run: dict, seconds: int) -> dict:
    run["process"].wait(timeout=seconds + RAMP_SECONDS + 90)
    with open(f"{run['prefix']}_stats.csv", newline="") as handle:
        stats = {row["Name"]: row for row in csv.DictReader(handle)}
    row = stats.get(run["path"])
    if row is None:  # not one response inside the time limit
        return {"p50": float("inf"), "p95": float("inf"), "rps": 0.0, "failures": 0}
    return {
        "p50": float(row["50%"]),
        "p95": float(row["95%"]),
        "rps": float(row["Requests/s"]),
        "failures": int(row["Failure Count"]),
    }


def load(ports, path: str, session: str, seconds: int, users: int, think: str = "") -> dict:
    """``users`` spread over the servers on ``ports``; p50/p95 the worst, throughput the sum."""
    share = users // len(ports)
    started = [
        _locust(port, path, session, seconds, share, f"{port}-{i}", think)
        for i, port in enumerate(ports)
    ]
    results = [_locust_result(run, seconds) for run in started]
    return {
        "p50": max(r["p50"] for r in results),
        "p95": max(r["p95"] for r in results),
        "rps": sum(r["rps"] for r in results),
        "failures": sum(r["failures"] for r in results),
    }


def repeat(runs: int, measure) -> dict:
    """The median of each figure over ``runs`` calls of ``measure``; failures summed."""
    results = [measure() for _ in range(runs)]
    merged = {key: median([r[key] for r in results]) for key in results[0]}
    merged["failures"] = sum(r["failures"] for r in results)
    return merged
