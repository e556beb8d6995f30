"""What a before/after on alumni alone cannot say: a comparison group, response, prices, outliers.

Beside the impact report's headline (``outcomes.impact``) this computes, each in its own
function and in a fixed number of queries:

- the comparison group's change and the difference-in-differences (percentage points);
- per monitoring round: due, measured, response rate and the baseline of who answered;
- real growth, deflated with the admin's IHK table, when it covers every month needed;
- the paired records whose omzet moved more than ×10 or ÷10, and the headline without them;
- the share of paired figures that came from alumni's own (confirmed) reports.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth

from balatkop.formatting import MONTHS, number, signed_points
from outcomes.impact import (
    CENT,
    HUNDRED,
    PAIRED,
    ImpactFilters,
    ImpactGroup,
    Measure,
    growth_text,
    impact_facts,
    percentage,
)
from outcomes.impact_facts import measured
from outcomes.models import FollowUpSource, PriceIndex
from outcomes.services import rounds_reached

# Below this many paired comparison records the difference is not shown (too noisy to defend).
MIN_COMPARISON = 30
# A paired record whose omzet grew more than ×10 or shrank below ÷10 is an extreme value.
EXTREME_FACTOR = 10

COMPARISON_DEFINITION = (
    "pendaftar yang memenuhi syarat tetapi tidak dilatih: cadangan yang tidak pernah "
    "ditempatkan, dan yang ditolak karena kuota kabupaten/kota penuh"
)
WITHHELD = "tidak ditampilkan"  # the difference, below MIN_COMPARISON paired records
COMPARISON_CAVEAT = (
    "Kelompok pembanding tidak dipilih secara acak: mereka mendaftar dan memenuhi syarat, "
    "tetapi tidak mendapat kursi. Selisih pertumbuhan antara alumni dan pembanding adalah "
    "perkiraan kasar pengaruh pelatihan, bukan bukti pasti: perbedaan lain antara kedua "
    "kelompok (misalnya siapa yang lebih dulu mendaftar) ikut terhitung di dalamnya."
)

METHODOLOGY = [
    ("Kelompok pembanding", COMPARISON_DEFINITION + "; dimonitor pada putaran yang sama, "
     "dihitung dari selesainya angkatan terakhir program"),
    ("Selisih pertumbuhan (difference-in-differences)", "pertumbuhan alumni (%) − pertumbuhan "
     f"pembanding (%), dalam poin persentase; ditampilkan bila ada minimal {MIN_COMPARISON} "
     "data pembanding berpasangan"),
    ("Tingkat respons (%)", "jatuh tempo dan sudah dimonitor ÷ jatuh tempo × 100, per putaran; "
     "jatuh tempo = putaran sudah tiba sejak selesai pelatihan"),
    ("Rerata omzet awal", "Σ omzet saat diusulkan ÷ jumlah orang, terpisah bagi yang sudah "
     "dan yang belum dimonitor: bila berbeda jauh, kelompok berpasangan tidak mewakili semua"),
    ("Pertumbuhan riil (%)", "tiap nilai dibagi IHK bulannya (data awal: bulan mulai angkatan; "
     "data sesudah: bulan monitoring), lalu (Σ sesudah riil − Σ sebelum riil) ÷ Σ sebelum riil × 100"),
    ("Nilai ekstrem", f"omzet sesudah > {EXTREME_FACTOR} × omzet sebelum, atau omzet sesudah × "
     f"{EXTREME_FACTOR} < omzet sebelum (termasuk omzet sebelum 0 yang menjadi lebih dari 0); "
     "tidak dibuang, angka utama ditampilkan dengan dan tanpa mereka"),
    ("Laporan mandiri", "angka yang diisi sendiri oleh alumni lewat tautan pribadi; dihitung "
     "hanya setelah dikonfirmasi (atau dikoreksi) petugas"),
]  # fmt: skip


def _whole(row: dict, key: str) -> int:
    return int(row.get(key) or 0)


def _measures(row: dict, prefix: str = "") -> dict[str, Measure]:
    return {
        name: Measure(_whole(row, f"{prefix}{name}_before"), _whole(row, f"{prefix}{name}_after"))
        for name in ("omzet", "aset", "tk")
    }


def _sums(condition: Q, prefix: str = "") -> dict:
    """Σ before and Σ after of the three indicators, and the count, over rows meeting ``condition``."""
    sums = {f"{prefix}n": Count("pk", filter=condition)}
    for name, before, after in (
        ("omzet", "baseline_omzet", "after_omzet"),
        ("aset", "baseline_aset", "after_aset"),
        ("tk", "baseline_tenaga_kerja", "after_tenaga_kerja"),
    ):
        sums[f"{prefix}{name}_before"] = Sum(before, filter=condition)
        sums[f"{prefix}{name}_after"] = Sum(after, filter=condition)
    return sums


# --- Comparison group and difference-in-differences ------------------------------------------


@dataclass(frozen=True)
class IndicatorComparison:
    """One indicator's growth for alumni and comparison, and the difference in points."""

    label: str
    alumni: Measure
    comparison: Measure
    shown: bool

    @property
    def difference(self) -> Decimal | None:
        """Alumni growth − comparison growth, percentage points; None when not shown."""
        if not self.shown or self.alumni.growth is None or self.comparison.growth is None:
            return None
        return self.alumni.growth - self.comparison.growth

    @property
    def difference_text(self) -> str:
        if not self.shown:
            return WITHHELD
        return growth_text(None) if self.difference is None else signed_points(self.difference)


@dataclass(frozen=True)
class ComparisonResult:
    alumni_paired: int
    comparison_total: int  # in the comparison group within the filters
    comparison_paired: int
    indicators: list[IndicatorComparison]

    @property
    def shown(self) -> bool:
        return self.comparison_paired >= MIN_COMPARISON

    @property
    def why_not_shown(self) -> str:
        if self.shown:
            return ""
        return (
            f"Selisih tidak ditampilkan: baru {self.comparison_paired} data pembanding "
            f"berpasangan, kurang dari {MIN_COMPARISON}. Dengan sedikit data, selisihnya bisa "
            "naik-turun jauh hanya karena kebetulan."
        )

    def indicator(self, label: str) -> IndicatorComparison:
        return next(i for i in self.indicators if i.label == label)

    def text_headings(self) -> list[str]:
        """The print view's and the PDF's table headings; each group's n is in its heading."""
        return [
            "Indikator",
            f"Alumni (n = {number(self.alumni_paired)})",
            f"Pembanding (n = {number(self.comparison_paired)})",
            "Selisih",
        ]

    def text_rows(self) -> list[tuple[str, str, str, str]]:
        """Each indicator in words under :meth:`text_headings`: the two growths and the
        difference in points (or why there is none)."""
        return [
            (i.label, growth_text(i.alumni.growth), growth_text(i.comparison.growth),
             i.difference_text)
            for i in self.indicators
        ]  # fmt: skip


INDICATORS = [("omzet", "Omzet (Rp/bulan)"), ("aset", "Aset (Rp)"), ("tk", "Tenaga Kerja (orang)")]


def _comparison_aggregates() -> dict:
    return {
        "comparison_total": Count("pk", filter=IN_COMPARISON),
        **_sums(IN_COMPARISON & PAIRED, "comparison_"),
    }


def comparison_read(row: dict, *, alumni: Headline) -> ComparisonResult:
    """The comparison group's paired change beside the alumni's."""
    comparison = _measures(row, "comparison_")
    paired = _whole(row, "comparison_n")
    mine = {"omzet": alumni.omzet, "aset": alumni.aset, "tk": alumni.tenaga_kerja}
    return ComparisonResult(
        alumni_paired=alumni.paired,
        comparison_total=_whole(row, "comparison_total"),
        comparison_paired=paired,
        indicators=[
            IndicatorComparison(label, mine[key], comparison[key], paired >= MIN_COMPARISON)
            for key, label in INDICATORS
        ],
    )


# --- Response and attrition per round --------------------------------------------------------


@dataclass(frozen=True)
class RoundResponse:
    """Who was due at one round, who answered, and whether those who answered started higher."""

    group: str
    round_months: int
    due: int
    measured: int
    measured_baseline: int  # Σ baseline omzet of those measured
    unmeasured_baseline: int

    @property
    def unmeasured(self) -> int:
        return self.due - self.measured

    @property
    def rate(self) -> Decimal | None:
        return percentage(self.measured, self.due)

    @property
    def measured_mean(self) -> int | None:
        return _mean(self.measured_baseline, self.measured)

    @property
    def unmeasured_mean(self) -> int | None:
        return _mean(self.unmeasured_baseline, self.unmeasured)


def _mean(total: int, count: int) -> int | None:
    """A whole-Rupiah mean (half up); None for nobody."""
    if not count:
        return None
    return int((Decimal(total) / Decimal(count)).quantize(Decimal(1), ROUND_HALF_UP))


# The alumni of the headline, and the comparison group (outcomes.services.COMPARISON_GROUP),
# within one query's fact rows.
IN_ALUMNI = Q(is_alumni=True)
IN_COMPARISON = Q(is_comparison=True)
# Rounds count from the end of the angkatan: alumni without one are never due.
GROUPS = [
    ("Alumni", "alumni", IN_ALUMNI & Q(angkatan__isnull=False)),
    ("Pembanding", "comparison", IN_COMPARISON),
]


def _response_aggregates(reached: dict[int, Q]) -> dict:
    """Aggregates per group and round reached."""
    aggregates = {}
    for r, condition in reached.items():
        answered = measured(r)
        for _, key, members in GROUPS:
            due = condition & members
            aggregates |= {
                f"{key}_{r}_due": Count("pk", filter=due),
                f"{key}_{r}_measured": Count("pk", filter=due & answered),
                f"{key}_{r}_in": Sum("baseline_omzet", filter=due & answered),
                f"{key}_{r}_out": Sum("baseline_omzet", filter=due & ~answered),
            }
    return aggregates


def response_read(row: dict, rounds: list[int]) -> list[RoundResponse]:
    """Per group and round reached: due, measured and the baseline of each side."""
    return [
        RoundResponse(
            group=label,
            round_months=r,
            due=_whole(row, f"{key}_{r}_due"),
            measured=_whole(row, f"{key}_{r}_measured"),
            measured_baseline=_whole(row, f"{key}_{r}_in"),
            unmeasured_baseline=_whole(row, f"{key}_{r}_out"),
        )
        for label, key, _ in GROUPS
        for r in rounds
    ]


# --- Real values (IHK) -----------------------------------------------------------------------


@dataclass(frozen=True)
class RealGrowth:
    """Omzet and aset growth after dividing every value by the IHK of its month."""

    computed: bool
    omzet: Decimal | None = None
    aset: Decimal | None = None
    base: str = ""
    sources: list[str] = field(default_factory=list)
    missing: list[dt.date] = field(default_factory=list)
    reason: str = ""

    @property
    def index_used(self) -> str:
        return f"IHK ({self.base}), sumber: {'; '.join(self.sources)}" if self.computed else ""


def _deflated_growth(cells: list[dict], index: dict[dt.date, Decimal], name: str) -> Decimal | None:
    before = sum(Decimal(c[f"{name}_before"]) / index[c["before_month"]] for c in cells)
    after = sum(Decimal(c[f"{name}_after"]) / index[c["after_month"]] for c in cells)
    if not before:
        return None
    return ((after - before) * HUNDRED / before).quantize(CENT, ROUND_HALF_UP)


def _month(value) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


def real_growth_compute(*, nominations: QuerySet, filters: ImpactFilters) -> RealGrowth:
    """Real growth of the paired alumni when the IHK table covers every month (two queries).

    The paired rows are summed per (baseline month, follow-up month): at most a few hundred
    cells, each deflated with its two indices.
    """
    qs = impact_facts(nominations=nominations, filters=filters).filter(PAIRED)
    cells = [
        {**c, "before_month": _month(c["before_month"]), "after_month": _month(c["after_month"])}
        for c in qs.values(
            before_month=TruncMonth("angkatan__start_date"),
            after_month=TruncMonth(F("after_measured_on")),
        )
        .annotate(
            omzet_before=Sum("baseline_omzet"),
            omzet_after=Sum("after_omzet"),
            aset_before=Sum("baseline_aset"),
            aset_after=Sum("after_aset"),
        )
        .order_by()
    ]
    if not cells:
        return RealGrowth(False, reason="Belum ada data berpasangan.")
    if any(c["before_month"] is None for c in cells):
        return RealGrowth(
            False, reason="Sebagian alumni tanpa angkatan: bulan data awalnya tidak diketahui."
        )
    months = {c["before_month"] for c in cells} | {c["after_month"] for c in cells}
    rows = {p.period: p for p in PriceIndex.objects.filter(period__in=months)}
    missing = sorted(months - rows.keys())
    if missing:
        return RealGrowth(
            False,
            missing=missing,
            reason="Nilai riil tidak dihitung: tabel IHK belum memuat bulan "
            + ", ".join(f"{MONTHS[m.month - 1]} {m.year}" for m in missing)
            + ". Admin dapat menambahkannya di tabel Indeks Harga Konsumen.",
        )
    bases = sorted({p.base for p in rows.values()})
    if len(bases) > 1:
        return RealGrowth(
            False,
            reason=f"Nilai riil tidak dihitung: IHK bulan-bulan ini bertahun dasar berbeda "
            f"({', '.join(bases)}).",
        )
    index = {month: p.index for month, p in rows.items()}
    return RealGrowth(
        True,
        omzet=_deflated_growth(cells, index, "omzet"),
        aset=_deflated_growth(cells, index, "aset"),
        base=bases[0],
        sources=sorted({p.source for p in rows.values()}),
    )


# --- Extreme values and self-reports ---------------------------------------------------------

EXTREME = PAIRED & (
    Q(after_omzet__gt=F("baseline_omzet") * EXTREME_FACTOR)
    | Q(baseline_omzet__gt=F("after_omzet") * EXTREME_FACTOR)
)


@dataclass(frozen=True)
class Headline:
    """The headline figures of one set of paired records."""

    label: str
    paired: int
    omzet: Measure
    aset: Measure
    tenaga_kerja: Measure

    @property
    def jobs_added(self) -> int:
        return self.tenaga_kerja.difference


@dataclass(frozen=True)
class ExtremesResult:
    count: int
    rose: int  # more than ×10
    fell: int  # below ÷10
    with_them: Headline
    without_them: Headline


@dataclass(frozen=True)
class Extras:
    extremes: ExtremesResult
    self_reported: int
    paired: int

    @property
    def self_reported_share(self) -> Decimal | None:
        return percentage(self.self_reported, self.paired)


def _extras_aggregates() -> dict:
    alumni = IN_ALUMNI & PAIRED  # their sums are the report's headline, already computed
    return {
        **_sums(alumni & ~EXTREME, prefix="kept_"),
        "rose": Count("pk", filter=alumni & EXTREME & Q(after_omzet__gt=F("baseline_omzet"))),
        "extreme": Count("pk", filter=alumni & EXTREME),
        "self_reported": Count("pk", filter=alumni & Q(after_source=FollowUpSource.SELF_REPORT)),
    }


def extras_read(row: dict, alumni: ImpactGroup) -> Extras:
    """Extreme omzet changes (with and without them) and self-reported figures; ``alumni``:
    the headline of every paired alumnus."""

    def headline(label: str, prefix: str) -> Headline:
        m = _measures(row, prefix)
        return Headline(label, _whole(row, f"{prefix}n"), m["omzet"], m["aset"], m["tk"])

    extreme = _whole(row, "extreme")
    return Extras(
        extremes=ExtremesResult(
            count=extreme,
            rose=_whole(row, "rose"),
            fell=extreme - _whole(row, "rose"),
            with_them=Headline(
                "Semua data berpasangan",
                alumni.paired,
                alumni.omzet,
                alumni.aset,
                alumni.tenaga_kerja,
            ),
            without_them=headline("Tanpa nilai ekstrem", "kept_"),
        ),
        self_reported=_whole(row, "self_reported"),
        paired=alumni.paired,
    )


# --- Everything together ---------------------------------------------------------------------


@dataclass(frozen=True)
class Attribution:
    comparison: ComparisonResult
    responses: list[RoundResponse]
    real: RealGrowth
    extras: Extras
    today: dt.date

    # The wording travels with the figures: page, workbook and PDF say the same.
    definition = COMPARISON_DEFINITION
    caveat = COMPARISON_CAVEAT
    extreme_factor = EXTREME_FACTOR

    @property
    def extremes(self) -> ExtremesResult:
        return self.extras.extremes

    @property
    def extreme_rows(self) -> list[Headline]:
        return [self.extremes.with_them, self.extremes.without_them]


def attribution_compute(
    *, nominations: QuerySet, filters: ImpactFilters, today: dt.date, alumni: ImpactGroup
) -> Attribution:
    """Comparison, response, real values, extremes and self-reports for one report; ``alumni``
    is its headline (every paired alumnus), which the comparison and the extremes stand beside.

    Four queries whatever the row count: the programmes' rounds, one aggregate over alumni
    and comparison group together (extremes, self-reports, comparison, response), and two
    for real values.
    """
    followed = impact_facts(
        nominations=nominations, filters=filters, population=IN_ALUMNI | IN_COMPARISON
    )
    reached = rounds_reached(nominations=followed, today=today, round_months=filters.round_months)
    response = _response_aggregates(reached)
    row = followed.aggregate(**_extras_aggregates(), **_comparison_aggregates(), **response)
    extras = extras_read(row, alumni)
    return Attribution(
        comparison=comparison_read(row, alumni=extras.extremes.with_them),
        responses=response_read(row, list(reached)),
        real=real_growth_compute(nominations=nominations, filters=filters),
        extras=extras,
        today=today,
    )
