"""The impact computation: baseline against follow-up for paired alumni, aggregated in the database.

Only *paired* records (a completed nomination with a follow-up in the chosen round, by default
the latest one) enter the before/after comparison; the rest are counted, never guessed.
The figures are read from the impact fact rows (``ImpactFact``: one narrow row per alumnus
beside the latest follow-up, kept by ``outcomes.impact_facts``), in a fixed number of queries
whatever the number of participants. The Data Peserta sheet reads the source tables.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import (
    Count,
    F,
    FilteredRelation,
    Q,
    QuerySet,
    Sum,
)
from django.utils import timezone

from balatkop.models import Balai, KabupatenKota
from outcomes.impact_figures import (  # noqa: F401 -- the report's names, imported from here
    CENT,
    CLASS_NAMES,
    CLASS_RANKS,
    FORMULAS,
    HUNDRED,
    INDICATORS,
    MONTHLY_CLASS_BOUNDS,
    NOT_COMPUTABLE,
    PEOPLE,
    UMKM_CLASSES,
    Breakdown,
    ImpactGroup,
    ImpactReport,
    Measure,
    growth_ratio_reading,
    growth_text,
    or_not_computable,
    percentage,
    ratio_text,
    umkm_class,
    umkm_class_label,
)
from outcomes.models import ImpactFact, omzet_growth
from participants.models import Nomination, Sex
from programs.models import Angkatan, Program


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


# --- The source tables (the Data Peserta sheet) ------------------------------------------------


def _followup_chosen(round_months: int | None) -> Q:
    """Which follow-up is paired with each nomination: the chosen round, else the latest one.

    "Latest" is stored (``FollowUp.is_latest``, kept by ``followups_mark_latest``), so both
    are a plain equality join: the "no later follow-up" anti-join evaluated in every grouped
    query cost ~0.3 s per query at 100k nominations on PostgreSQL (bench/).
    """
    if round_months:
        return Q(followups__round_months=round_months)  # at most one per nomination
    return Q(followups__is_latest=True)  # at most one per nomination


def in_filters(
    qs: QuerySet, filters: ImpactFilters, *, balai: str, sector: str, sex: str
) -> QuerySet:
    """Nominations or fact rows limited to the filters (``balai``, ``sector``, ``sex``: their
    lookup paths)."""
    chosen = {
        balai: filters.balai,
        "program__year": filters.year,
        "program": filters.program,
        "program__jenjang": filters.jenjang,
        "angkatan": filters.angkatan,
        "kabupaten_kota": filters.kabupaten_kota,
        sector: filters.sector,
        sex: filters.sex,
    }
    return qs.filter(**{path: value for path, value in chosen.items() if value})


def impact_scope(
    *, nominations: QuerySet, filters: ImpactFilters, population: Q | None = None
) -> QuerySet:
    """Completed nominations (or another ``population``, e.g. the comparison group) in the filters.

    ``nominations`` is where scope starts: ``Nomination.objects.for_user(user)`` in views.
    """
    qs = nominations.completed() if population is None else nominations.filter(population)
    return in_filters(
        qs, filters, balai="program__balai", sector="business__sector", sex="participant__sex"
    )


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


# --- The fact rows ----------------------------------------------------------------------------


def facts_of(nominations: QuerySet) -> QuerySet:
    """The fact rows of ``nominations`` (a Nomination queryset, or already fact rows).

    A user's scope (``for_user``) is applied to the fact rows themselves, which carry the same
    balai and kab/kota: a join back to 100,000 nominations would cost more than the
    report. Any other set of nominations is matched by id.
    """
    if nominations.model is ImpactFact:
        return nominations
    if not nominations.query.where:
        return ImpactFact.objects.all()
    user = getattr(nominations, "scoped_for", None)  # a ScopedQuerySet after for_user()
    if user is not None:
        plain = Nomination.objects.for_user(user)
        try:
            same = str(nominations.order_by().query) == str(plain.order_by().query)
        except EmptyResultSet:  # a scope that holds nothing (no balai)
            return ImpactFact.objects.none()
        if same:
            return ImpactFact.objects.for_user(user)
    return ImpactFact.objects.filter(nomination__in=nominations.values("pk"))


# The chosen follow-up's columns, as the report names them: the latest one is on the fact row;
# another round is joined from the follow-ups (at most one per nomination and round).
AFTER = {
    "after_omzet": ("latest_omzet", "omzet"),
    "after_aset": ("latest_aset", "aset"),
    "after_tenaga_kerja": ("latest_tenaga_kerja", "tenaga_kerja"),
    "after_round": ("latest_round", "round_months"),
    "after_measured_on": ("latest_measured_on", "measured_on"),
    "after_source": ("latest_source", "source"),
}


def impact_facts(
    *, nominations: QuerySet, filters: ImpactFilters, population: Q | None = None
) -> QuerySet:
    """Fact rows of alumni (or ``population``, e.g. ``Q(is_comparison=True)``) in the filters,
    with the chosen follow-up as ``after_*``."""
    qs = facts_of(nominations)
    qs = qs.filter(is_alumni=True) if population is None else qs.filter(population)
    qs = in_filters(qs, filters, balai="balai", sector="sector", sex="sex")
    if not filters.round_months:
        return qs.annotate(**{name: F(latest) for name, (latest, _) in AFTER.items()})
    chosen = Q(nomination__followups__round_months=filters.round_months)
    return qs.alias(chosen=FilteredRelation("nomination__followups", condition=chosen)).annotate(
        **{name: F(f"chosen__{column}") for name, (_, column) in AFTER.items()}
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
    return Sex(row["sex"]).label if row["sex"] else "(tidak diisi)"


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
    ("sektor", "Sektor", ["sector"], lambda r: r["sector"] or "(tanpa sektor)"),
    ("jenis_kelamin", "Jenis Kelamin", ["sex"], _sex_label),
    (
        "program",
        "Program",
        ["program__code", "program__name", "program_id"],
        lambda r: f"{r['program__code']} — {r['program__name']}",
    ),
    ("tahun", "Tahun", ["program__year"], lambda r: str(r["program__year"])),
]


def _median_omzet_growth(qs: QuerySet, computable: int, round_months: int | None) -> Decimal | None:
    """The median of individual omzet growth, reading only the one or two middle rows.

    For the latest follow-up the order is the stored growth (an index per balai); another
    round's growth is computed from the joined follow-up, the same expression.
    """
    if not computable:
        return None
    growth = "after_omzet_growth" if round_months else "latest_omzet_growth"
    ordered = (
        qs.filter(PAIRED, baseline_omzet__gt=0)
        .alias(after_omzet_growth=omzet_growth("after_omzet"))
        .order_by(growth, "pk")
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
# each grouped query scans every alumnus's fact row: the angkatan ladder (totals, programme,
# level, year, angkatan) and the people (kab/kota, sector, sex). Each groups by short keys; the
# labels, constant within a key, are joined to the groups afterwards (_grouped_with_labels).
LADDER_KEYS = ["program_id", "angkatan_id"]
PEOPLE_KEYS = ["kabupaten_kota_id", "sector", "sex"]
# Every field a programme fixes: the breakdowns above angkatan group by some of these.
PROGRAM_KEYS = ["program_id", "program__code", "program__name", "program__jenjang", "program__year"]


def _on_ladder(fields: list[str]) -> bool:
    return fields[0].startswith("program")


def _labels(keys: list[str], on_ladder: bool) -> list[str]:
    """The breakdowns' label fields (``relation__field``) of one grouping that are not its keys."""
    fields = [
        f for _, _, fields, _ in BREAKDOWNS if _on_ladder(fields) == on_ladder for f in fields
    ]
    return [f for f in dict.fromkeys(fields) if f not in keys]


def _grouped_with_labels(grouped: QuerySet, labels: list[str]) -> list[dict]:
    """The rows of ``grouped`` (fact rows' ``values().annotate()``) with ``labels`` joined to the
    groups: joining the programmes and angkatan to every fact row and taking MIN(label) cost
    about half of the ladder's scan (PostgreSQL, 100,000 nominations). One query, as before.
    """
    connection = connections[grouped.db]
    quote = connection.ops.quote_name
    try:
        sql, params = grouped.query.get_compiler(using=grouped.db).as_sql()
    except EmptyResultSet:
        return []
    columns, joins = [], []
    for n, relation in enumerate(dict.fromkeys(label.split("__")[0] for label in labels)):
        field = ImpactFact._meta.get_field(relation)
        target = field.related_model._meta
        joins.append(
            f"LEFT JOIN {quote(target.db_table)} l{n} "
            f"ON l{n}.{quote(field.target_field.column)} = g.{quote(field.attname)}"
        )
        columns += [
            f"l{n}.{quote(target.get_field(label.split('__')[1]).column)} AS {quote(label)}"
            for label in labels
            if label.split("__")[0] == relation
        ]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT g.*, {', '.join(columns)} FROM ({sql}) g {' '.join(joins)}", params)  # noqa: S608 -- names are ours
        names = [column[0] for column in cursor.description]
        # Every figure is a count or a sum of whole numbers (PostgreSQL sums them as numeric).
        return [
            dict(zip(names, [int(v) if isinstance(v, Decimal) else v for v in row], strict=True))
            for row in cursor.fetchall()
        ]


def impact_compute(
    *,
    nominations: QuerySet,
    filters: ImpactFilters,
    with_breakdowns: bool = True,
    today: dt.date | None = None,
) -> ImpactReport:
    """All figures of the impact report in a fixed number of queries, whatever the row count."""
    from outcomes.impact_attribution import attribution_compute  # it builds on this module

    qs = impact_facts(nominations=nominations, filters=filters)
    computable = Count("pk", filter=PAIRED & Q(baseline_omzet__gt=0))
    ladder = _grouped_with_labels(
        qs.values(*LADDER_KEYS).annotate(**_aggregates(), computable=computable).order_by(),
        _labels(LADDER_KEYS, True),
    )
    # The class transition rides along as counts, not as grouping keys: PostgreSQL cannot
    # estimate the groups of a CASE and then sorts the whole join on disk instead of hashing.
    people = _grouped_with_labels(
        qs.values(*PEOPLE_KEYS).annotate(**_aggregates(), **_class_cells()).order_by(),
        _labels(PEOPLE_KEYS, False),
    )
    # Per programme first (~2,000 angkatan rows → ~180): level, year and the total roll up from it.
    programs = _roll_up(ladder, PROGRAM_KEYS)
    totals = _roll_up(programs, [])[0] if programs else {}
    computable_count = int(totals.get("computable") or 0)
    report = ImpactReport(
        filters=filters,
        total=_group("Semua peserta", {name: totals.get(name) for name in _aggregates()}),
        omzet_growth_median=_median_omzet_growth(qs, computable_count, filters.round_months),
        omzet_growth_computable=computable_count,
        class_matrix=_class_matrix(_roll_up(people, [])[0] if people else {}),
    )
    report.attribution = attribution_compute(
        nominations=nominations,
        filters=filters,
        today=today or timezone.localdate(),
        alumni=report.total,
    )
    if with_breakdowns:
        for key, title, fields, label in BREAKDOWNS:
            finer = ladder if "angkatan_id" in fields else programs
            rows = _roll_up(finer if _on_ladder(fields) else people, fields)
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
