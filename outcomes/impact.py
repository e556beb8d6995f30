"""The impact computation: baseline against follow-up for paired alumni, aggregated in the database.

Only *paired* records (a completed nomination with a follow-up in the chosen round, by default
the latest one) enter the before/after comparison; the rest are counted, never guessed.
Every figure comes from a fixed number of queries, whatever the number of participants.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from django.db.models import (
    Count,
    F,
    FilteredRelation,
    FloatField,
    Min,
    Q,
    QuerySet,
    Sum,
)
from django.db.models.functions import Cast
from django.utils import timezone

from balatkop import formatting
from balatkop.models import Balai, KabupatenKota
from participants.models import Sex
from programs.models import Angkatan, Program

if TYPE_CHECKING:
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


def _in_class(field_name: str, rank: int) -> Q:
    """The rows whose monthly omzet in ``field_name`` falls in PP 7/2021 class ``rank``."""
    bounds = [None, *MONTHLY_CLASS_BOUNDS, None]
    lower, upper = bounds[rank - 1], bounds[rank]
    condition = Q()
    if lower is not None:
        condition &= Q(**{f"{field_name}__gt": lower})
    if upper is not None:
        condition &= Q(**{f"{field_name}__lte": upper})
    return condition


def _class_cells() -> dict:
    """One count per cell of the class transition: paired rows by class before and after."""
    return {
        f"class_{before}_{after}": Count(
            "pk",
            filter=PAIRED & _in_class("baseline_omzet", before) & _in_class("after_omzet", after),
        )
        for before in CLASS_RANKS
        for after in CLASS_RANKS
    }


def percentage(numerator, denominator) -> Decimal | None:
    """numerator ÷ denominator × 100 rounded to two decimals; None when the denominator is 0."""
    if not denominator:
        return None
    return (Decimal(numerator) * HUNDRED / Decimal(denominator)).quantize(CENT, ROUND_HALF_UP)


@dataclass(frozen=True)
class ImpactFilters:
    """What the report is limited to; ``round_months`` None means each alumnus's latest follow-up."""

    balai: Balai | None = None
    year: int | None = None
    program: Program | None = None
    jenjang: int | None = None
    angkatan: Angkatan | None = None
    kabupaten_kota: KabupatenKota | None = None
    sector: str | None = None
    sex: str | None = None
    round_months: int | None = None

    def describe(self) -> list[tuple[str, str]]:
        """The filters as (label, value) pairs in Indonesian, for the page and the workbook."""
        return [
            ("Balai", str(self.balai) if self.balai else "Semua"),
            ("Tahun", str(self.year) if self.year else "Semua"),
            ("Program", str(self.program) if self.program else "Semua"),
            ("Jenjang", f"Jenjang {self.jenjang}" if self.jenjang else "Semua"),
            ("Angkatan", str(self.angkatan) if self.angkatan else "Semua"),
            ("Kabupaten/Kota", str(self.kabupaten_kota) if self.kabupaten_kota else "Semua"),
            ("Sektor", self.sector or "Semua"),
            ("Jenis kelamin", Sex(self.sex).label if self.sex else "Semua"),
            (
                "Putaran monitoring",
                f"+{self.round_months} bulan" if self.round_months else "Monitoring terakhir",
            ),
        ]


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


# --- Querysets ------------------------------------------------------------------------------


def _followup_chosen(round_months: int | None) -> Q:
    """Which follow-up is paired with each nomination: the chosen round, else the latest one.

    "Latest" is stored (``FollowUp.is_latest``, kept by ``followups_mark_latest``), so both
    are a plain equality join: the "no later follow-up" anti-join evaluated in every grouped
    query cost ~0.3 s per query at 100k nominations on PostgreSQL (bench/).
    """
    if round_months:
        return Q(followups__round_months=round_months)  # at most one per nomination
    return Q(followups__is_latest=True)  # at most one per nomination


def impact_scope(
    *, nominations: QuerySet, filters: ImpactFilters, population: Q | None = None
) -> QuerySet:
    """Completed nominations (or another ``population``, e.g. the comparison group) in the filters.

    ``nominations`` is where scope starts: ``Nomination.objects.for_user(user)`` in views.
    """
    qs = nominations.completed() if population is None else nominations.filter(population)
    if filters.balai:
        qs = qs.filter(program__balai=filters.balai)
    if filters.year:
        qs = qs.filter(program__year=filters.year)
    if filters.program:
        qs = qs.filter(program=filters.program)
    if filters.jenjang:
        qs = qs.filter(program__jenjang=filters.jenjang)
    if filters.angkatan:
        qs = qs.filter(angkatan=filters.angkatan)
    if filters.kabupaten_kota:
        qs = qs.filter(kabupaten_kota=filters.kabupaten_kota)
    if filters.sector:
        qs = qs.filter(business__sector=filters.sector)
    if filters.sex:
        qs = qs.filter(participant__sex=filters.sex)
    return qs


def impact_nominations(
    *, nominations: QuerySet, filters: ImpactFilters, population: Q | None = None
) -> QuerySet:
    """:func:`impact_scope` with the chosen follow-up as ``after_*`` annotations."""
    qs = impact_scope(nominations=nominations, filters=filters, population=population)
    # One join to the chosen follow-up, not a subquery per figure: the aggregates name after_*
    # a dozen times per row.
    return qs.alias(
        chosen=FilteredRelation("followups", condition=_followup_chosen(filters.round_months))
    ).annotate(
        after_omzet=F("chosen__omzet"),
        after_aset=F("chosen__aset"),
        after_tenaga_kerja=F("chosen__tenaga_kerja"),
    )


def impact_participant_rows(*, nominations: QuerySet, filters: ImpactFilters) -> QuerySet:
    """One row per completed alumnus with the chosen follow-up's figures, ready to stream."""
    return (
        impact_nominations(nominations=nominations, filters=filters)
        .annotate(
            after_round=F("chosen__round_months"),
            after_measured_on=F("chosen__measured_on"),
        )
        .select_related("participant", "business", "kabupaten_kota", "program", "angkatan")
        .order_by("kabupaten_kota_id", "participant__name", "pk")
    )


PAIRED = Q(after_omzet__isnull=False)


def _aggregates() -> dict:
    # SUM skips the NULL "after" of unpaired rows; "before" sums need the explicit filter.
    return {
        "completed": Count("pk"),
        "paired": Count("pk", filter=PAIRED),
        "omzet_before": Sum("baseline_omzet", filter=PAIRED),
        "omzet_after": Sum("after_omzet"),
        "aset_before": Sum("baseline_aset", filter=PAIRED),
        "aset_after": Sum("after_aset"),
        "tk_before": Sum("baseline_tenaga_kerja", filter=PAIRED),
        "tk_after": Sum("after_tenaga_kerja"),
        "omzet_rose": Count("pk", filter=PAIRED & Q(after_omzet__gt=F("baseline_omzet"))),
    }


def _group(label: str, row: dict) -> ImpactGroup:
    def whole(key: str) -> int:
        return int(row[key] or 0)

    return ImpactGroup(
        label=label,
        completed=whole("completed"),
        paired=whole("paired"),
        omzet=Measure(whole("omzet_before"), whole("omzet_after")),
        aset=Measure(whole("aset_before"), whole("aset_after")),
        tenaga_kerja=Measure(whole("tk_before"), whole("tk_after")),
        omzet_rose=whole("omzet_rose"),
    )


def _sex_label(row) -> str:
    return Sex(row["participant__sex"]).label if row["participant__sex"] else "(tidak diisi)"


# key, title, grouping fields, label of a row
BREAKDOWNS = [
    (
        "kabupaten_kota",
        "Kabupaten/Kota",
        ["kabupaten_kota_id", "kabupaten_kota__name"],
        lambda r: r["kabupaten_kota__name"],
    ),
    (
        "jenjang",
        "Jenjang",
        ["program__jenjang"],
        lambda r: f"Jenjang {r['program__jenjang']}" if r["program__jenjang"] else "Tanpa jenjang",
    ),
    (
        "angkatan",
        "Angkatan",
        ["program__code", "angkatan__number", "angkatan_id"],
        lambda r: (
            f"{r['program__code']} angkatan {r['angkatan__number']}"
            if r["angkatan_id"]
            else f"{r['program__code']} (tanpa angkatan)"
        ),
    ),
    ("sektor", "Sektor", ["business__sector"], lambda r: r["business__sector"] or "(tanpa sektor)"),
    ("jenis_kelamin", "Jenis Kelamin", ["participant__sex"], _sex_label),
    (
        "program",
        "Program",
        ["program__code", "program__name", "program_id"],
        lambda r: f"{r['program__code']} — {r['program__name']}",
    ),
    ("tahun", "Tahun", ["program__year"], lambda r: str(r["program__year"])),
]


def _median_omzet_growth(qs: QuerySet, computable: int) -> Decimal | None:
    """The median of individual omzet growth, reading only the one or two middle rows."""
    if not computable:
        return None
    growth = Cast(F("after_omzet") - F("baseline_omzet"), FloatField()) / Cast(
        F("baseline_omzet"), FloatField()
    )
    ordered = (
        qs.filter(PAIRED, baseline_omzet__gt=0)
        .alias(growth=growth)
        .order_by("growth", "pk")
        .values_list("baseline_omzet", "after_omzet")
    )
    low, high = (computable - 1) // 2, computable // 2
    middle = list(ordered[low : high + 1])
    growths = [Decimal(after - before) * HUNDRED / Decimal(before) for before, after in middle]
    return (sum(growths) / len(growths)).quantize(CENT, ROUND_HALF_UP)


def _class_matrix(totals: dict) -> list[list[int]]:
    """Paired alumni by class before (rows) and after (columns), from the summed cells."""
    return [
        [int(totals.get(f"class_{before}_{after}") or 0) for after in CLASS_RANKS]
        for before in CLASS_RANKS
    ]


# Every breakdown is rolled up (sums and counts add up) from one of two fine groupings, since
# each grouped query joins every alumnus to their follow-up (~0.15 s at 100k nominations,
# bench/): the angkatan ladder (totals, programme, level, year, angkatan) and the people
# (kab/kota, sector, sex). Each groups by short keys; the labels, constant within a key, come
# as MIN(): grouping by long text made PostgreSQL sort 80,000 wide rows on disk.
LADDER_KEYS = ["program_id", "angkatan_id"]
PEOPLE_KEYS = ["kabupaten_kota_id", "business__sector", "participant__sex"]


def _on_ladder(fields: list[str]) -> bool:
    return fields[0].startswith("program")


def _labels(keys: list[str], on_ladder: bool) -> dict:
    fields = [
        f for _, _, fields, _ in BREAKDOWNS if _on_ladder(fields) == on_ladder for f in fields
    ]
    return {f: Min(f) for f in dict.fromkeys(fields) if f not in keys}


def impact_compute(
    *,
    nominations: QuerySet,
    filters: ImpactFilters,
    with_breakdowns: bool = True,
    today: dt.date | None = None,
) -> ImpactReport:
    """All figures of the impact report in a fixed number of queries, whatever the row count."""
    from outcomes.impact_attribution import attribution_compute  # it builds on this module

    qs = impact_nominations(nominations=nominations, filters=filters)
    computable = Count("pk", filter=PAIRED & Q(baseline_omzet__gt=0))
    ladder = list(
        qs.values(*LADDER_KEYS)
        .annotate(**_labels(LADDER_KEYS, True), **_aggregates(), computable=computable)
        .order_by()
    )
    # The class transition rides along as counts, not as grouping keys: PostgreSQL cannot
    # estimate the groups of a CASE and then sorts the whole join on disk instead of hashing.
    people = list(
        qs.values(*PEOPLE_KEYS)
        .annotate(**_labels(PEOPLE_KEYS, False), **_aggregates(), **_class_cells())
        .order_by()
    )
    totals = _roll_up(ladder, [])[0] if ladder else {}
    computable_count = int(totals.get("computable") or 0)
    report = ImpactReport(
        filters=filters,
        total=_group("Semua peserta", {name: totals.get(name) for name in _aggregates()}),
        omzet_growth_median=_median_omzet_growth(qs, computable_count),
        omzet_growth_computable=computable_count,
        class_matrix=_class_matrix(_roll_up(people, [])[0] if people else {}),
    )
    report.attribution = attribution_compute(
        nominations=nominations, filters=filters, today=today or timezone.localdate()
    )
    if with_breakdowns:
        for key, title, fields, label in BREAKDOWNS:
            rows = _roll_up(ladder if _on_ladder(fields) else people, fields)
            report.breakdowns.append(
                Breakdown(key, title, [_group(label(row), row) for row in rows])
            )
    return report


def _roll_up(rows: list[dict], fields: list[str]) -> list[dict]:
    """Sum finer groups into groups by ``fields``, ordered as the database orders (NULL last)."""
    if not rows:
        return []
    names = [n for n in (*_aggregates(), "computable", *_class_cells()) if n in rows[0]]
    sums: dict[tuple, list] = {}
    for row in rows:  # ~2,000 rows, nine times per report: plain lists, not dict updates
        key = tuple(row[f] for f in fields)
        values = [row[n] or 0 for n in names]
        if (total := sums.get(key)) is None:
            sums[key] = values
        else:
            for index, value in enumerate(values):
                total[index] += value
    return [
        {**dict(zip(fields, key, strict=True)), **dict(zip(names, sums[key], strict=True))}
        for key in sorted(sums, key=lambda k: [(v is None, v if v is not None else 0) for v in k])
    ]
