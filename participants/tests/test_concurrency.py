"""Capacity holds when many staff place people into a nearly full angkatan at once.

Threads place at the same moment; a barrier right after each one counts the places makes
the race certain. With the row lock the count waits for the earlier placement; without it
(the test swaps in the same fetch without FOR UPDATE) every thread counts the same free
places and the angkatan is overbooked, which shows this test would catch a missing lock.
"""

import contextlib
import threading

from django.core.exceptions import ValidationError

from balatkop.tests.races import postgresql_race, run_together
from participants.models import NominationStatus
from participants.services import placement
from participants.tests.matrix_selection import make_nominee, make_placed, make_program
from programs.models import Angkatan
from programs.tests.factories import AngkatanFactory

pytestmark = postgresql_race("Row locks (SELECT … FOR UPDATE) need PostgreSQL.")

CAPACITY, ALREADY_PLACED, RACERS = 10, 8, 6


def race(staf, monkeypatch, *, locked: bool):
    """Fire RACERS simultaneous placements at an angkatan with two places left."""
    angkatan = AngkatanFactory(program=make_program(), capacity=CAPACITY)
    for _ in range(ALREADY_PLACED):
        make_placed(angkatan)
    waiting = [
        make_nominee(angkatan.program, status=NominationStatus.DITERIMA) for _ in range(RACERS)
    ]
    barrier = threading.Barrier(RACERS)
    count_places = placement.placed_count

    def count_then_wait(target):
        counted = count_places(target)
        # With the lock only one racer gets here at a time: the barrier times out, then opens.
        with contextlib.suppress(threading.BrokenBarrierError):
            barrier.wait(timeout=3)
        return counted

    monkeypatch.setattr(placement, "placed_count", count_then_wait)
    if not locked:
        # The service without its row lock: the same fetch, minus SELECT … FOR UPDATE.
        monkeypatch.setattr(
            placement,
            "_lock_angkatan",
            lambda pk: Angkatan.objects.select_related("program").get(pk=pk),
        )

    def place(nomination):
        def call():
            placement.nomination_place(nomination=nomination, angkatan=angkatan, by=staf)
            return "placed"

        return call

    outcomes = [
        "full" if isinstance(o, ValidationError) else o
        for o in run_together([place(n) for n in waiting])
    ]
    return count_places(angkatan), sorted(outcomes)


def test_simultaneous_placements_never_exceed_capacity(staf, monkeypatch):
    placed, outcomes = race(staf, monkeypatch, locked=True)
    assert placed == CAPACITY
    assert outcomes == ["full"] * 4 + ["placed"] * 2


def test_without_the_lock_the_same_race_overbooks(staf, monkeypatch):
    placed, outcomes = race(staf, monkeypatch, locked=False)
    assert placed == ALREADY_PLACED + RACERS > CAPACITY
    assert outcomes == ["placed"] * RACERS
