"""Twenty users opening one page as fast as the server answers (no think time).

Driven by ``bench/run``: ``BENCH_PATH`` is the page, ``BENCH_SESSION`` a logged-in session
cookie (so logins do not muddy the figures). Only ever against 127.0.0.1.
"""

import os

from locust import FastHttpUser, constant, task

PATH = os.environ.get("BENCH_PATH", "/sehat/")
SESSION = os.environ.get("BENCH_SESSION", "")


class PageUser(FastHttpUser):
    host = "http://127.0.0.1:8765"
    wait_time = constant(0)

    @task
    def open_page(self):
        with self.client.get(
            PATH, headers={"Cookie": f"sessionid={SESSION}"}, name=PATH, catch_response=True
        ) as response:
            if response.status_code != 200:
                response.failure(f"status {response.status_code}")
