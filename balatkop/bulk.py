"""Fast inserts for imports and generators: plain values, COPY on PostgreSQL.

Django's ``bulk_create`` spends most of a 100,000-row import preparing values field by field;
here values are already plain, defaults (including auto_now) are set once per column, and
PostgreSQL gets ``COPY``. Use it only for rows that have been validated already.
"""

from __future__ import annotations

import datetime as dt
import io
import json

from django.core.exceptions import ImproperlyConfigured
from django.db import IntegrityError, connection
from django.db.models import Model
from django.utils import timezone

from balatkop.freshness import data_changed
from balatkop.rowsignals import send_rows_written

BATCH_SIZE = 2000


class Row:
    """A row to insert: field values by attname, some of them other ``Row`` rows (its parents)."""

    __slots__ = ("pk", "values")

    def __init__(self, **values):
        self.pk = None
        self.values = values


def insert_rows(model, records: list[Row]) -> None:
    """Insert the records and set each one's pk: COPY on PostgreSQL, multi-row INSERT elsewhere.

    Django's ``bulk_create`` spends most of a 100,000-row import preparing values field by
    field; here values are already plain, and defaults (including auto_now) are set once per
    column. Fields the import does not fill take their model default, so a field added later
    with a default needs no change here.
    """
    if not records:
        return
    now = timezone.now()
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    given = records[0].values.keys()
    defaults = {}
    for f in fields:
        if f.attname in given:
            continue
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            value = now
        else:
            value = f.get_default()  # "" for text fields without a default
        if value is None and not f.null:
            raise ImproperlyConfigured(f"{model.__name__}.{f.name} has no value for the import.")
        defaults[f.attname] = value
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql" and hasattr(cursor.cursor, "copy_expert"):
            _copy_postgresql(cursor, model, fields, defaults, records)
            # COPY is not seen by the connection's execute wrapper
            data_changed(connection, model._meta.db_table, inserting=True)
        else:
            _insert_returning(cursor, model, fields, defaults, records)
    # As bulk_create does for a SignallingQuerySet: tables derived from these rows follow.
    send_rows_written(model, [record.pk for record in records])


def _insert_returning(cursor, model, fields, defaults, records) -> None:
    # Rows come back in insertion order, as Django's bulk_create also relies on.
    constants = {name: f.get_db_prep_save(defaults[name], connection) for f in fields
                 if (name := f.attname) in defaults}  # fmt: skip
    columns = [f.attname for f in fields]
    quote = connection.ops.quote_name
    sql_columns = ", ".join(quote(f.column) for f in fields)
    per_batch = max(1, min(BATCH_SIZE, 30000 // len(columns)))  # SQLite: ≤ 32,766 parameters
    row_sql = "(" + ", ".join(["%s"] * len(columns)) + ")"
    for start in range(0, len(records), per_batch):
        batch = records[start : start + per_batch]
        params = []
        for record in batch:
            values = record.values
            for column in columns:
                value = values[column] if column in values else constants[column]
                if isinstance(value, (Row, Model)):
                    value = value.pk
                elif isinstance(value, (list, dict)):  # JSONField values
                    value = json.dumps(value)
                params.append(value)
        cursor.execute(
            f"INSERT INTO {quote(model._meta.db_table)} ({sql_columns}) "  # noqa: S608
            f"VALUES {', '.join([row_sql] * len(batch))} RETURNING {quote(model._meta.pk.column)}",
            params,
        )
        ids = [row[0] for row in cursor.fetchall()]
        if len(ids) != len(batch):
            raise IntegrityError("Jumlah baris tersimpan tidak sesuai.")
        for record, pk in zip(batch, ids, strict=True):
            record.pk = pk


COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})
COPY_BATCH = 20_000


def _copy_value(value) -> str:
    """One value in COPY's text format."""
    kind = type(value)
    if value is None:
        return "\\N"
    if kind is int:
        return str(value)
    if kind is str:
        return value.translate(COPY_ESCAPES)
    if isinstance(value, (Row, Model)):
        return str(value.pk)
    if kind is bool:
        return "t" if value else "f"
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, (list, dict)):
        return json.dumps(value).translate(COPY_ESCAPES)
    return str(value).translate(COPY_ESCAPES)


def _copy_postgresql(cursor, model, fields, defaults, records) -> None:
    # COPY is several times cheaper for the server than parsing INSERT statements; the ids
    # are taken from the table's sequence first, so children can point at their parents.
    quote = connection.ops.quote_name
    table, pk_column = model._meta.db_table, model._meta.pk.column
    cursor.execute(
        "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
        [table, pk_column, len(records)],
    )
    for record, (pk,) in zip(records, cursor.fetchall(), strict=True):
        record.pk = pk
    constants = {name: _copy_value(value) for name, value in defaults.items()}
    columns = [f.attname for f in fields]
    sql = (
        f"COPY {quote(table)} ({quote(pk_column)}, "
        f"{', '.join(quote(f.column) for f in fields)}) FROM STDIN"
    )
    for start in range(0, len(records), COPY_BATCH):
        lines = []
        for record in records[start : start + COPY_BATCH]:
            values = record.values
            cells = [str(record.pk)]
            for column in columns:
                cells.append(_copy_value(values[column]) if column in values else constants[column])
            lines.append("\t".join(cells))
        # The raw psycopg2 cursor bypasses Django's error wrapping: without this a unique
        # violation in COPY would escape as psycopg2's error, not as IntegrityError.
        with connection.wrap_database_errors:
            cursor.cursor.copy_expert(sql, io.StringIO("\n".join(lines) + "\n"))


HISTORY_FIELDS = {"history_date", "history_type", "history_user_id", "history_change_reason"}


def insert_objects(model, objects: list[Model], *, history_user=None, history_reason=None):
    """Insert validated model instances the fast way, set their pks, and write their
    django-simple-history "created" records too (one more fast insert, not one per row)."""
    if not objects:
        return objects
    now = timezone.now()
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    for obj in objects:
        obj._prepare_related_fields_for_save(operation_name="insert_objects")
        for f in fields:
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                setattr(obj, f.attname, now)
    rows = [Row(**{f.attname: getattr(obj, f.attname) for f in fields}) for obj in objects]
    insert_rows(model, rows)
    for obj, row in zip(objects, rows, strict=True):
        obj.pk = row.pk
        obj._state.adding = False
        obj._state.db = connection.alias
    history = getattr(model, "history", None)
    if history is not None:
        history_model = history.model
        extra = {
            "history_date": now,
            "history_type": "+",
            "history_user_id": getattr(history_user, "pk", None),
            "history_change_reason": history_reason,
        }
        history_fields = [
            f.attname for f in history_model._meta.concrete_fields if not f.primary_key
        ]
        insert_rows(
            history_model,
            [
                Row(
                    **{
                        name: extra[name] if name in HISTORY_FIELDS else getattr(obj, name)
                        for name in history_fields
                    }
                )
                for obj in objects
            ],
        )
    return objects
