"""Historical import: a balai brings its past years from one flat spreadsheet.

``sheet`` declares the columns and row rules on the importer base, ``plan`` checks the whole
file and plans what to create or reuse (``report`` holds its findings and counts), and
:func:`historical_import` writes it in one
transaction: the few programmes and angkatan through the ORM with their simple_history rows,
the many people, businesses, nominations and follow-ups with ``balatkop.bulk.insert_rows``
(COPY on PostgreSQL). One ImportLog records the file, its SHA-256, who imported it and what
it created.
"""

from __future__ import annotations

from django.db import DatabaseError, transaction
from simple_history.utils import bulk_create_with_history

from balatkop.bulk import insert_rows
from balatkop.importing.flow import RACE_MESSAGE
from balatkop.importing.gate import Table, read_table
from balatkop.models import Balai
from outcomes.historical.plan import _Plan, plan_import, round_months
from outcomes.historical.report import ImportRejected, ImportReport
from outcomes.historical.sheet import (
    COLUMNS,
    GUIDE_NOTES,
    HEADERS,
    HistoricalImporter,
    historical_columns,
    write_historical_book,
)
from outcomes.models import FollowUp, ImportLog, followups_mark_latest
from participants.models import Business, Nomination, Participant
from programs.models import Angkatan, Program

__all__ = [
    "COLUMNS", "GUIDE_NOTES", "HEADERS", "ImportRejected", "ImportReport", "historical_columns",
    "historical_import", "historical_import_check", "read_historical_file", "round_months",
    "write_historical_book",
]  # fmt: skip
CHANGE_REASON = "Impor data historis"


def read_historical_file(data: bytes, *, name: str = "") -> tuple[list, list]:
    """The header row and the (row number, cells) rows of the file's data sheet, via the gate."""
    required = [c.header.casefold() for c in COLUMNS]
    table = read_table(data, name=name, sheet_names=[HistoricalImporter.sheet], headers=required)
    return table.headers, table.rows


def historical_import_check(*, balai: Balai, headers: list, rows: list) -> ImportReport:
    """Check a historical sheet without writing anything; the report says what would change."""
    report, _ = plan_import(balai=balai, table=Table(headers, rows), by=None)
    return report


def historical_import(
    *,
    balai: Balai,
    headers: list,
    rows: list,
    by=None,
    file_name: str = "",
    file_sha256: str = "",
) -> ImportReport:
    """Import a historical sheet all-or-nothing; raises ImportRejected listing every bad row.

    Imports into one balai run one at a time (its row is locked first), so a second import
    of overlapping data plans against the first one's rows and reuses them.
    """
    try:
        with transaction.atomic():
            Balai.objects.select_for_update().filter(pk=balai.pk).first()
            report, plan = plan_import(balai=balai, table=Table(headers, rows), by=by)
            if not report.ok:
                raise ImportRejected(report)
            _write(plan, by=by)
            if sum(report.created.values()):
                report.log = ImportLog.objects.create(
                    balai=balai,
                    file_name=file_name[:255] or "(tanpa nama)",
                    file_sha256=file_sha256,
                    rows=report.rows,
                    created=dict(report.created),
                    existing=dict(report.existing),
                    imported_by=by,
                )
    except DatabaseError as exc:
        # Another import wrote the same people between our plan and our write; the database
        # refused ours whole. Its own wording stays in the log, never on the page.
        report = ImportReport(rows=len(rows))
        report.error(0, "", RACE_MESSAGE)
        raise ImportRejected(report) from exc
    report.written = True
    return report


def _write(plan: _Plan, *, by) -> None:
    """Insert in dependency order: the few programmes and angkatan through the ORM with their
    history, the many people, businesses, nominations and follow-ups in multi-row INSERTs."""
    for bidang in plan.bidang.values():
        if bidang.pk is None:
            bidang.save()
    for model, objects in ((Program, plan.new_programs), (Angkatan, plan.new_angkatan)):
        if objects:
            bulk_create_with_history(
                objects, model, default_user=by, default_change_reason=CHANGE_REASON
            )
    for angkatan in plan.grow_angkatan:
        angkatan._change_reason = CHANGE_REASON
        angkatan.save(update_fields=["capacity"])
    insert_rows(Participant, plan.new_participants)
    insert_rows(Business, plan.new_businesses)
    insert_rows(Nomination, plan.new_nominations)
    insert_rows(FollowUp, plan.new_followups)
    # A parent is a Row (a nomination inserted just above) or the id of an existing one.
    parents = (row.values["nomination_id"] for row in plan.new_followups)
    followups_mark_latest(getattr(parent, "pk", parent) for parent in parents)
