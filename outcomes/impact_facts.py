"""The impact fact rows (``ImpactFact``): kept in step with their sources, set-based, here alone.

One row per nomination the impact report counts (an alumnus, or a comparison applicant), built
by one ``INSERT … SELECT`` from the nominations, their people, businesses and follow-ups: the
same statement fills a whole installation (the migration, the data generator) and refreshes
the few alumni a write touched. Who calls :func:`facts_refresh`:

- every write of a follow-up, through ``outcomes.models.followups_mark_latest`` (which
  ``save``, ``delete``, ``bulk_create``, queryset ``delete``, the historical import and the
  generator already end in);
- every write of a nomination, a person, a business, a programme (its balai) or an angkatan
  (its dates are the alumni's reference end): ``save`` and ``delete`` through Django's signals, queryset ``update``,
  ``bulk_create``, ``bulk_update`` and the raw inserts of ``balatkop.bulk`` through
  ``balatkop.rowsignals.rows_written`` (receivers below).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection, transaction
from django.db.models import (
    Aggregate,
    BooleanField,
    CharField,
    ExpressionWrapper,
    F,
    FilteredRelation,
    OuterRef,
    Q,
    Subquery,
    Value,
)
from django.db.models.functions import Cast, Coalesce, Concat
from django.db.models.signals import post_delete, post_save

from balatkop.rowsignals import rows_written
from participants.models import Business, Nomination, NominationStatus, Participant
from programs.models import Angkatan, Program

# Each batch is one statement; SQLite allows at least 32,766 parameters since 3.32.
BATCH = 20_000
ROUND_SEPARATOR = "|"


class _RoundList(Aggregate):
    """The rounds of one nomination joined by "|" (STRING_AGG on PostgreSQL, GROUP_CONCAT else)."""

    function = "STRING_AGG"
    template = "%(function)s(%(expressions)s, '|')"
    output_field = CharField()

    def as_sqlite(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, function="GROUP_CONCAT", **extra_context)


def measured(round_months: int) -> Q:
    """The fact rows whose alumnus has a follow-up at ``round_months``."""
    return Q(measured_rounds__contains=f"{ROUND_SEPARATOR}{round_months}{ROUND_SEPARATOR}")


def rounds_measured(values: Iterable[str]) -> set[int]:
    """Every round named in these ``measured_rounds`` values."""
    return {int(r) for rounds in values for r in rounds.split(ROUND_SEPARATOR) if r}


def counted() -> Q:
    """The nominations the report counts: alumni and the comparison group."""
    from outcomes.services import COMPARISON_GROUP  # services imports the models

    return Q(status=NominationStatus.LULUS) | COMPARISON_GROUP


def _source(nominations) -> tuple[list[str], object]:
    """Fact columns, and the nominations' SELECT that yields them in that order."""
    from outcomes.models import FollowUp
    from outcomes.services import COMPARISON_GROUP, with_reference_end

    rounds = Subquery(
        FollowUp.objects.filter(nomination_id=OuterRef("pk"))
        .order_by()
        .values("nomination_id")
        .annotate(rounds=_RoundList(Cast("round_months", CharField())))
        .values("rounds")
    )
    columns = {
        "nomination_id": F("pk"),
        "program_id": F("program_id"),
        "balai_id": F("program__balai_id"),
        "angkatan_id": F("angkatan_id"),
        "kabupaten_kota_id": F("kabupaten_kota_id"),
        "sector": F("business__sector"),
        "sex": F("participant__sex"),
        "is_alumni": ExpressionWrapper(Q(status=NominationStatus.LULUS), BooleanField()),
        "is_comparison": ExpressionWrapper(COMPARISON_GROUP, BooleanField()),
        "baseline_omzet": F("baseline_omzet"),
        "baseline_aset": F("baseline_aset"),
        "baseline_tenaga_kerja": F("baseline_tenaga_kerja"),
        "latest_omzet": F("latest__omzet"),
        "latest_aset": F("latest__aset"),
        "latest_tenaga_kerja": F("latest__tenaga_kerja"),
        "latest_round": F("latest__round_months"),
        "latest_measured_on": F("latest__measured_on"),
        "latest_source": Coalesce(F("latest__source"), Value("")),
        "reference_end": F("reference_end"),
        "measured_rounds": Concat(
            Value(ROUND_SEPARATOR), Coalesce(rounds, Value("")), Value(ROUND_SEPARATOR)
        ),
    }
    # Each column comes out under its own alias: the INSERT names them, whatever their order.
    select = (
        with_reference_end(nominations.filter(counted()))
        .alias(latest=FilteredRelation("followups", condition=Q(followups__is_latest=True)))
        .order_by()
        .values(**{f"fact_{name}": expression for name, expression in columns.items()})
    )
    return list(columns), select


def _insert(nominations) -> None:
    from outcomes.models import ImpactFact

    names, select = _source(nominations)
    sql, params = select.query.sql_with_params()
    quote = connection.ops.quote_name
    target = ", ".join(quote(name) for name in names)
    source = ", ".join(quote(f"fact_{name}") for name in names)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {quote(ImpactFact._meta.db_table)} ({target}) "  # noqa: S608 -- names are ours
            f"SELECT {source} FROM ({sql}) AS fact_source",
            params,
        )


def facts_refresh(nomination_ids: Iterable[int] | None = None) -> None:
    """Rebuild the fact rows of these nominations (``None``: every nomination), from the sources.

    A nomination that no longer counts loses its row; one that starts to count gets one. The
    nominations are locked first, in id order, as a follow-up writer locks them: a refresh
    never reads a person or a follow-up that another writer of the same alumnus is changing.
    """
    from outcomes.models import ImpactFact
    from outcomes.services import alumni_lock

    with transaction.atomic():
        if nomination_ids is None:
            ImpactFact.objects.all().delete()
            _insert(Nomination.objects.all())
            return
        ids = sorted(set(nomination_ids) - {None})
        for start in range(0, len(ids), BATCH):
            batch = ids[start : start + BATCH]
            alumni_lock(batch)
            ImpactFact.objects.filter(nomination_id__in=batch).delete()
            _insert(Nomination.objects.filter(pk__in=batch))


# --- Writes of nominations, people, businesses and angkatan -----------------------------------

# Only these fields feed a fact row; a write that sets other fields only (a certificate
# number, a phone) changes nothing here.
NOMINATION_FIELDS = {
    "program", "program_id", "participant", "participant_id", "business", "business_id",
    "kabupaten_kota", "kabupaten_kota_id", "baseline_omzet", "baseline_aset",
    "baseline_tenaga_kerja", "status", "over_quota", "is_eligible", "angkatan", "angkatan_id",
}  # fmt: skip


def _touches(fields, wanted: set[str]) -> bool:
    """``fields`` None: every field (a save without update_fields, or new rows)."""
    return fields is None or bool(set(fields) & wanted)


def _nominations_written(pks, fields, created) -> None:
    if _touches(fields, NOMINATION_FIELDS):
        facts_refresh(pks)


def _people_written(pks, fields, created) -> None:
    if not created and _touches(fields, {"sex"}):  # a new person has no nomination yet
        facts_refresh(
            Nomination.objects.filter(participant_id__in=pks).values_list("pk", flat=True)
        )


def _businesses_written(pks, fields, created) -> None:
    if not created and _touches(fields, {"sector"}):
        facts_refresh(Nomination.objects.filter(business_id__in=pks).values_list("pk", flat=True))


def _angkatan_written(pks, fields, created) -> None:
    # Its alumni count from its end; the programme's comparison group from its last angkatan.
    if _touches(fields, {"end_date", "program", "program_id"}):
        programs = Angkatan.objects.filter(pk__in=pks).values("program_id")
        facts_refresh(
            Nomination.objects.filter(program_id__in=programs).values_list("pk", flat=True)
        )


def _programs_written(pks, fields, created) -> None:
    if not created and _touches(fields, {"balai", "balai_id"}):  # a new one has no nominations
        facts_refresh(Nomination.objects.filter(program_id__in=pks).values_list("pk", flat=True))


WRITTEN = {
    Program: _programs_written,
    Nomination: _nominations_written,
    Participant: _people_written,
    Business: _businesses_written,
    Angkatan: _angkatan_written,
}


def _saved(sender, instance, created=False, update_fields=None, raw=False, **kwargs):
    if not raw:
        WRITTEN[sender]([instance.pk], None if created else update_fields, created)


def _rows_written(sender, pks, fields, **kwargs):
    WRITTEN[sender](pks, fields, fields is None)  # no fields named: new rows


def _angkatan_deleted(sender, instance, **kwargs):
    facts_refresh(instance.program.nominations.values_list("pk", flat=True))


def connect_signals() -> None:
    """Called once from ``OutcomesConfig.ready``. A deleted nomination's row goes by CASCADE."""
    for model in WRITTEN:
        uid = f"impact_fact_{model._meta.label_lower}"
        post_save.connect(_saved, sender=model, dispatch_uid=uid)
        rows_written.connect(_rows_written, sender=model, dispatch_uid=uid)
    post_delete.connect(_angkatan_deleted, sender=Angkatan, dispatch_uid="impact_fact_angkatan")
