"""The figures of the impact report and how they are read: classes, measures, groups, the report.

Plain values, no queries: ``outcomes.impact`` computes them, the page, the workbook and the PDF
write them out.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from balatkop import formatting

if TYPE_CHECKING:
    from outcomes.impact import ImpactFilters
    from outcomes.impact_attribution import Attribution

HUNDRED = Decimal(100)
CENT = Decimal("0.01")

# PP 7/2021 classes by annual sales (omzet per month × 12), upper bounds inclusive.
UMKM_CLASSES = [
    (1, "Mikro", 2 * 10**9),
    (2, "Kecil", 15 * 10**9),
    (3, "Menengah", 50 * 10**9),
    (4, "Besar", None),
]
CLASS_RANKS = [rank for rank, _, _ in UMKM_CLASSES]
CLASS_NAMES = [label for _, label, _ in UMKM_CLASSES]
# Integer omzet per month: omzet × 12 ≤ bound exactly when omzet ≤ bound // 12. The one form
# of the rule that Python (a bisect) and SQL (range filters) both read.
MONTHLY_CLASS_BOUNDS = [upper // 12 for _, _, upper in UMKM_CLASSES if upper is not None]
NOT_COMPUTABLE = "tidak dapat dihitung"


def or_not_computable(value):
    """A figure as it is written out: the value, or "tidak dapat dihitung" when it is None."""
    return NOT_COMPUTABLE if value is None else value


def growth_text(value) -> str:
    """A growth in words for pages and PDFs: '+123,75%', or 'tidak dapat dihitung'."""
    return NOT_COMPUTABLE if value is None else formatting.signed_percent(value)


def ratio_text(value) -> str:
    """A ratio or share: '223,75%', or 'tidak dapat dihitung'."""
    return NOT_COMPUTABLE if value is None else formatting.percent(value)


FORMULAS = [
    ("Peserta berpasangan", "lulus dan punya data awal serta data monitoring pada putaran yang dipilih"),
    ("Tingkat keterpasangan (%)", "peserta berpasangan ÷ peserta lulus × 100"),
    ("Pertumbuhan (%)", "(Σ sesudah − Σ sebelum) ÷ Σ sebelum × 100"),
    ("Rasio (%)", "Σ sesudah ÷ Σ sebelum × 100"),
    ("Selisih", "Σ sesudah − Σ sebelum"),
    ("Tambahan tenaga kerja", "Σ (tenaga kerja sesudah − tenaga kerja sebelum)"),
    ("Median pertumbuhan omzet individu (%)", "median dari (omzet sesudah − omzet sebelum) ÷ omzet sebelum × 100, peserta dengan omzet sebelum > 0"),
    ("Usaha dengan omzet naik (%)", "peserta berpasangan dengan omzet sesudah > omzet sebelum ÷ peserta berpasangan × 100"),
    ("Kelas usaha (PP 7/2021)", "hasil penjualan tahunan = omzet per bulan × 12; mikro ≤ Rp 2 miliar, kecil ≤ Rp 15 miliar, menengah ≤ Rp 50 miliar, di atasnya besar"),
    ("Naik kelas", "kelas usaha saat monitoring lebih tinggi daripada saat diusulkan"),
    ("Σ sebelum = 0", f"pertumbuhan dan rasio {NOT_COMPUTABLE} (tidak dibagi nol)"),
]  # fmt: skip


def umkm_class(omzet_per_month: int) -> int:
    """The PP 7/2021 class rank (1 mikro … 4 besar) of a whole-Rupiah monthly omzet."""
    return bisect_left(MONTHLY_CLASS_BOUNDS, omzet_per_month) + 1


def umkm_class_label(omzet_per_month: int) -> str:
    """The PP 7/2021 class name ("Mikro" … "Besar") of a monthly omzet."""
    return CLASS_NAMES[bisect_left(MONTHLY_CLASS_BOUNDS, omzet_per_month)]


def percentage(numerator, denominator) -> Decimal | None:
    """numerator ÷ denominator × 100 rounded to two decimals; None when the denominator is 0."""
    if not denominator:
        return None
    return (Decimal(numerator) * HUNDRED / Decimal(denominator)).quantize(CENT, ROUND_HALF_UP)


@dataclass(frozen=True)
class Measure:
    """Σ before and Σ after of one indicator over the paired alumni."""

    before: int
    after: int

    @property
    def difference(self) -> int:
        return self.after - self.before

    @property
    def growth(self) -> Decimal | None:
        return percentage(self.after - self.before, self.before)

    @property
    def ratio(self) -> Decimal | None:
        return percentage(self.after, self.before)


# The three indicators of every before/after comparison: attribute of ImpactGroup, row label
# of the workbook's summary table (docs/ARCHITECTURE.md, Interfaces), short chart title.
INDICATORS = [
    ("omzet", "Omzet (Rp/bulan)", "Omzet per bulan"),
    ("aset", "Aset (Rp)", "Aset"),
    ("tenaga_kerja", "Tenaga Kerja (orang)", "Tenaga kerja"),
]
PEOPLE = "tenaga_kerja"  # the one indicator counted in people, not Rupiah


def growth_ratio_reading(omzet: Measure) -> str:
    """How to quote this report's omzet: ratio and growth are two figures, never one."""
    if omzet.ratio is None:
        return (
            f"Pertumbuhan dan rasio omzet {NOT_COMPUTABLE} karena omzet sebelum berjumlah 0; "
            "rasio X% berarti omzet menjadi X% dari semula, yaitu tumbuh (X − 100)%."
        )
    change = "tumbuh" if omzet.growth >= 0 else "turun"
    return (
        f"Rasio {formatting.percent(omzet.ratio)} berarti omzet menjadi "
        f"{formatting.number(omzet.ratio / HUNDRED, 2)} kali semula, yaitu {change} "
        f"{formatting.percent(abs(omzet.growth))}. Tulis “omzet {change} "
        f"{formatting.percent(abs(omzet.growth))}”, bukan “naik {formatting.percent(omzet.ratio, 0)}”."
    )


@dataclass(frozen=True)
class ImpactGroup:
    """The impact figures of one group of alumni (everyone, or one kab/kota, one sector, ...)."""

    label: str
    completed: int
    paired: int
    omzet: Measure
    aset: Measure
    tenaga_kerja: Measure
    omzet_rose: int

    @property
    def unpaired(self) -> int:
        return self.completed - self.paired

    @property
    def pairing_rate(self) -> Decimal | None:
        return percentage(self.paired, self.completed)

    @property
    def jobs_added(self) -> int:
        return self.tenaga_kerja.difference

    @property
    def omzet_rose_share(self) -> Decimal | None:
        return percentage(self.omzet_rose, self.paired)


@dataclass(frozen=True)
class Breakdown:
    key: str
    title: str
    groups: list[ImpactGroup]

    # Beyond this many rows a table is for the workbook, not the screen (a national report
    # has ~2,000 angkatan: 1 MB of HTML nobody reads on a phone).
    SCREEN_ROWS = 60

    @property
    def fits_screen(self) -> bool:
        return len(self.groups) <= self.SCREEN_ROWS

    @property
    def sheet_name(self) -> str:
        """The workbook sheet of this breakdown ("Per Kabupaten Kota"; no "/" in sheet names)."""
        return f"Per {self.title.replace('/', ' ')}"


@dataclass
class ImpactReport:
    filters: ImpactFilters
    total: ImpactGroup
    omzet_growth_median: Decimal | None
    omzet_growth_computable: int
    class_matrix: list[list[int]]  # [before rank − 1][after rank − 1]
    breakdowns: list[Breakdown] = field(default_factory=list)
    # Comparison group, response, real values, extremes (outcomes.impact_attribution).
    attribution: Attribution | None = None

    @property
    def naik_kelas(self) -> int:
        return sum(n for b, row in enumerate(self.class_matrix) for a, n in enumerate(row) if a > b)

    @property
    def turun_kelas(self) -> int:
        return sum(n for b, row in enumerate(self.class_matrix) for a, n in enumerate(row) if a < b)

    @property
    def class_labels(self) -> list[str]:
        return list(CLASS_NAMES)

    def breakdown(self, key: str) -> Breakdown:
        return next(b for b in self.breakdowns if b.key == key)
