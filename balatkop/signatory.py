"""The signatory block every report and document ends with, from the balai's settings."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from balatkop.formatting import tanggal

BLANK = "." * 40  # a line to write on when a setting is missing, never invented text


@dataclass(frozen=True)
class Signatory:
    """'Mataram, 17 November 2026 / Kepala Balai … / (space to sign) / name / NIP …'."""

    place_and_date: str
    title: str
    name: str
    nip: str


def signatory_for(balai, *, day: dt.date) -> Signatory:
    """The block as printed on ``day``; unset settings become dotted lines to fill in by hand."""
    return Signatory(
        place_and_date=f"{balai.signatory_place or BLANK[:20]}, {tanggal(day)}",
        title=balai.signatory_title or BLANK,
        name=balai.signatory_name or BLANK,
        nip=f"NIP {balai.signatory_nip or BLANK[:25]}",
    )
