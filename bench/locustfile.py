"""Users opening one page: as fast as the server answers, or with think time between clicks.

Driven by ``bench/benchserver.py``: ``BENCH_PATH`` is the page, ``BENCH_SESSION`` a logged-in
session cookie (so logins do not muddy the figures), ``BENCH_THINK`` empty (no think time: a
capacity test) or "MIN-MAX" seconds each user waits between two requests, drawn uniformly (a
district officer reading the page before the next click). Only ever against 127.0.0.1.
"""

import os

from locust import FastHttpUser, between, constant, task

PATH = os.environ.get("BENCH_PATH", "/sehat/")
SESSION = os.environ.get("BENCH_SESSION", "")
THINK = os.environ.get("BENCH_THINK", "")


def _wait_time():
    if not THINK:
        return constant(0)
    low, high = (float(part) for part in THINK.split("-"))
    return between(low, high)


class PageUser(FastHttpUser):
    wait_time = _wait_time()

    @task
    def open_page(self):
        with self.client.get(
            PATH, headers={"Cookie": f"sessionid={SESSION}"}, name=PATH, catch_response=True
        ) as response:
            if response.status_code != 200:
                response.failure(f"status {response.status_code}")
