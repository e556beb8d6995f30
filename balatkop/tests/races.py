"""Race tests: real threads, each on its own connection, released together (PostgreSQL only).

SQLite serialises every writer, so there is no race to show there.
"""

import threading

import pytest
from django.conf import settings
from django.db import connection


def postgresql_race(reason: str) -> list:
    """The ``pytestmark`` of a race test module: committed data, skipped off PostgreSQL."""
    return [
        pytest.mark.django_db(transaction=True, serialized_rollback=True),
        pytest.mark.skipif(
            "postgresql" not in settings.DATABASES["default"]["ENGINE"], reason=reason
        ),
    ]


def run_together(calls) -> list:
    """Run each call in its own thread, all released at once; return results or exceptions."""
    barrier = threading.Barrier(len(calls))
    outcomes = [None] * len(calls)

    def run(i, call):
        try:
            barrier.wait(timeout=10)
            outcomes[i] = call()
        except Exception as exc:  # the test sorts what came back
            outcomes[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes
