"""A programme's selection criteria, checked one by one and explained in Indonesian.

Used by the nomination form, the Excel import and the historical import. This module only
judges; the caller decides what blocks (``EligibilityResult.blocking``) — the historical
import records facts and so ignores it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field

from balatkop.formatting import rupiah


@dataclass(frozen=True)
class Criterion:
    kriteria: str
    lolos: bool
    pesan: str
    # The level ladder always binds; the other criteria bind only if the programme says so.
    mengikat: bool = False


@dataclass
class EligibilityResult:
    items: list[Criterion] = field(default_factory=list)
    criteria_block: bool = True

    @property
    def eligible(self) -> bool:
        return all(item.lolos for item in self.items)

    @property
    def failed(self) -> list[Criterion]:
        return [item for item in self.items if not item.lolos]

    @property
    def blocking(self) -> list[str]:
        """Messages that stop a nomination: failed ladder rules, and criteria if binding."""
        return [i.pesan for i in self.failed if i.mengikat or self.criteria_block]

    @property
    def warnings(self) -> list[str]:
        return [i.pesan for i in self.failed if not (i.mengikat or self.criteria_block)]

    def as_json(self) -> list[dict]:
        return [asdict(item) for item in self.items]


def months_between(start: dt.date, end: dt.date) -> int:
    """Whole months from ``start`` to ``end`` (a business started 15 Jan is 1 month old on 15 Feb)."""
    months = (end.year - start.year) * 12 + (end.month - start.month)
    if end.day < start.day:
        months -= 1
    return max(months, 0)


def required_level(program) -> int | None:
    """The level that must be completed first: explicit prerequisite, else jenjang − 1."""
    if program.prerequisite_level:
        return program.prerequisite_level
    if program.jenjang and program.jenjang > 1:
        return program.jenjang - 1
    return None


def eligibility_check(
    *,
    program,
    started_on: dt.date | None,
    omzet_per_month: int | None,
    nib: str = "",
    completed_levels: set[int] | frozenset[int] = frozenset(),
    today: dt.date,
) -> EligibilityResult:
    """Judge one nominee against the programme's criteria.

    ``completed_levels`` are the jenjang the person has completed (status lulus) in any
    balai; pass them in bulk so one query serves a whole file.
    """
    result = EligibilityResult(criteria_block=program.criteria_block)
    items = result.items

    minimum = program.min_business_months
    if minimum:
        if started_on is None:
            items.append(
                Criterion(
                    "Lama usaha",
                    False,
                    f"Tanggal mulai usaha belum diisi; lama usaha minimal {minimum} bulan.",
                )
            )
        else:
            months = months_between(started_on, today)
            ok = months >= minimum
            text = f"Lama usaha {months} bulan, minimal {minimum} bulan"
            items.append(Criterion("Lama usaha", ok, text + ("." if ok else " — belum memenuhi.")))

    minimum_omzet = program.min_omzet_per_month
    if minimum_omzet:
        if omzet_per_month is None:
            items.append(
                Criterion(
                    "Omzet",
                    False,
                    f"Omzet per bulan belum diisi; minimal {rupiah(minimum_omzet)}/bulan.",
                )
            )
        elif omzet_per_month >= 0:  # a negative figure is an input error, told as such
            ok = omzet_per_month >= minimum_omzet
            text = f"Omzet {rupiah(omzet_per_month)}/bulan, minimal {rupiah(minimum_omzet)}/bulan"
            items.append(Criterion("Omzet", ok, text + ("." if ok else " — belum memenuhi.")))

    if program.nib_required:
        ok = bool(nib)
        items.append(
            Criterion(
                "NIB", ok, "NIB ada." if ok else "NIB belum diisi; program ini mewajibkan NIB."
            )
        )

    level = required_level(program)
    if level:
        ok = level in completed_levels
        text = (
            f"Sudah lulus jenjang {level} (prasyarat)."
            if ok
            else f"Belum lulus jenjang {level}; jenjang {level} wajib diselesaikan lebih dulu."
        )
        items.append(Criterion("Jenjang prasyarat", ok, text, mengikat=True))

    if program.jenjang:
        done = program.jenjang in completed_levels
        text = (
            f"Sudah pernah lulus jenjang {program.jenjang}; tidak dapat mengikuti jenjang yang sama lagi."
            if done
            else f"Belum pernah lulus jenjang {program.jenjang}."
        )
        items.append(Criterion("Jenjang yang sama", not done, text, mengikat=True))

    return result
