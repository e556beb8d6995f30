"""The seat vocabulary: which nomination statuses hold a district's seat or an angkatan place.

A programme offers two kinds of seats: a district's **quota seats** and each angkatan's
**places**. The nomination funnel is defined here, beside them, because every count of seats
is a count of statuses (programs is the lowest app that counts them; participants re-exports
``NominationStatus``).

- *holds a quota seat*: accepted and onwards, except a withdrawal (the seat is free again);
- *holds a place* in an angkatan: placed and onwards, except a withdrawal;
- *seats left* (of a quota or an angkatan) is always seats minus those held, never below the
  count of nominations merely proposed.
"""

from __future__ import annotations

from django.db import models


class NominationStatus(models.TextChoices):
    DIUSULKAN = "diusulkan", "Diusulkan"
    DITERIMA = "diterima", "Diterima"
    DITOLAK = "ditolak", "Ditolak"
    CADANGAN = "cadangan", "Cadangan"
    DITEMPATKAN = "ditempatkan", "Ditempatkan"
    LULUS = "lulus", "Lulus"
    TIDAK_LULUS = "tidak_lulus", "Tidak lulus"
    MENGUNDURKAN_DIRI = "mengundurkan_diri", "Mengundurkan diri"


S = NominationStatus

# Holds one of the district's quota seats.
HOLDS_QUOTA_SEAT = (S.DITERIMA, S.DITEMPATKAN, S.LULUS, S.TIDAK_LULUS)
# Holds a place in its angkatan.
HOLDS_PLACE = (S.DITEMPATKAN, S.LULUS, S.TIDAK_LULUS)
# A proposal in the quota at nomination time: every nomination except a rejected one (a
# nomination past the quota goes to reserve, marked over_quota, and claims nothing).
RELEASES_CLAIM = (S.DITOLAK,)


def holds_place(prefix: str = "") -> models.Q:
    """Q over nominations (``prefix`` = path to them, e.g. ``"nominations__"``) holding a place."""
    return models.Q(**{f"{prefix}status__in": HOLDS_PLACE, f"{prefix}angkatan__isnull": False})


def holds_quota_seat(prefix: str = "") -> models.Q:
    """Q over nominations holding one of their district's quota seats."""
    return models.Q(**{f"{prefix}status__in": HOLDS_QUOTA_SEAT})
