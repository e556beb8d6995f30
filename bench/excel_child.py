"""One Excel impact report in a fresh process, timed, with its peak memory; prints JSON.

    bench/excel_child.py app   --out FILE [--tahun Y] [--kabupaten-kota 33.74]
    bench/excel_child.py floor --out FILE [--tahun Y] [--kabupaten-kota 33.74]

``app`` is the product's workbook (``outcomes.exports.ImpactReportExport``) as a head
downloads it; ``floor`` is the least work that yields the same ``Data Peserta`` rows: one raw
SQL query, streamed, written by xlsxwriter in constant-memory mode. Time runs from after
Django's set-up to the closed file. Peak memory is the process's own peak resident set
(``getrusage(RUSAGE_SELF).ru_maxrss``), so it includes Python and Django (~60 MB).
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from benchlib import BALAI, django_setup

# The latest follow-up of each nomination, as the product pairs them: by date, round, id.
FLOOR_SQL = """
SELECT p.nik, p.name, p.sex, k.name, g.code, g.year, g.jenjang, a.number, b.name, b.sector,
       n.baseline_omzet, n.baseline_aset, n.baseline_tenaga_kerja,
       f.round_months, f.measured_on, f.omzet, f.aset, f.tenaga_kerja
FROM participants_nomination n
JOIN programs_program g ON g.id = n.program_id
JOIN participants_participant p ON p.id = n.participant_id
JOIN balatkop_kabupatenkota k ON k.code = n.kabupaten_kota_id
LEFT JOIN participants_business b ON b.id = n.business_id
LEFT JOIN programs_angkatan a ON a.id = n.angkatan_id
LEFT JOIN (
    SELECT nomination_id, round_months, measured_on, omzet, aset, tenaga_kerja,
           ROW_NUMBER() OVER (
               PARTITION BY nomination_id ORDER BY measured_on DESC, round_months DESC, id DESC
           ) AS rank
    FROM outcomes_followup
) f ON f.nomination_id = n.id AND f.rank = 1
WHERE g.balai_id = %s AND n.status = 'lulus' {extra}
ORDER BY n.kabupaten_kota_id, p.name, n.id
"""


def floor(out: Path, balai, year: int | None, district: str | None) -> int:
    import xlsxwriter
    from django.db import connection

    extra, params = "", [balai.pk]
    if year:
        extra += " AND g.year = %s"
        params.append(year)
    if district:
        extra += " AND n.kabupaten_kota_id = %s"
        params.append(district)
    workbook = xlsxwriter.Workbook(str(out), {"constant_memory": True})
    sheet = workbook.add_worksheet("Data Peserta")
    sheet.write_row(0, 0, ["No", "NIK", "Nama", "JK", "Kabupaten/Kota", "Program", "Tahun",
                           "Jenjang", "Angkatan", "Usaha", "Sektor", "Omzet Sebelum",
                           "Aset Sebelum", "TK Sebelum", "Putaran", "Tanggal", "Omzet Sesudah",
                           "Aset Sesudah", "TK Sesudah"])  # fmt: skip
    date_format = workbook.add_format({"num_format": "dd-mm-yyyy"})
    connection.ensure_connection()
    raw = connection.connection
    # A server-side cursor on PostgreSQL, as Django's .iterator() uses: rows stream.
    cursor = raw.cursor("floor") if connection.vendor == "postgresql" else raw.cursor()
    sql = FLOOR_SQL.format(extra=extra)
    if connection.vendor == "sqlite":
        sql = sql.replace("%s", "?")
    cursor.execute(sql, params)
    count = 0
    while batch := cursor.fetchmany(2000):
        for row in batch:
            count += 1
            sheet.write_number(count, 0, count)
            sheet.write_string(count, 1, row[0])
            for col, value in enumerate(row[1:], start=2):
                if value is None:
                    continue
                if col == 15:
                    sheet.write_datetime(count, col, _date(value), date_format)
                elif isinstance(value, str):
                    sheet.write_string(count, col, value)
                else:
                    sheet.write_number(count, col, value)
    cursor.close()
    workbook.close()
    return count


def _date(value):
    import datetime as dt

    return value if isinstance(value, dt.date) else dt.date.fromisoformat(value)


def app(out: Path, balai, year: int | None, district: str | None) -> int:
    from balatkop.models import KabupatenKota, Role, User
    from outcomes.exports import ImpactReportExport
    from outcomes.impact import ImpactFilters
    from participants.models import Nomination

    head = User.objects.filter(balai=balai, role=Role.PIMPINAN).first()
    filters = ImpactFilters(
        year=year,
        kabupaten_kota=KabupatenKota.objects.get(pk=district) if district else None,
    )
    export = ImpactReportExport(
        nominations=Nomination.objects.for_user(head),
        filters=filters,
        viewer=head,
        generated_by=head.username,
    )
    with out.open("wb") as target:
        report = export.write(target)
    return report.total.completed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("mode", choices=["app", "floor"])
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--balai", default=BALAI)
    parser.add_argument("--tahun", type=int)
    parser.add_argument("--kabupaten-kota")
    args = parser.parse_args()
    django_setup()
    from balatkop.models import Balai

    balai = Balai.objects.get(code=args.balai)
    from django.db import transaction

    started = time.perf_counter()
    # A transaction, as PostgreSQL's server-side (named) cursors need one.
    with transaction.atomic():
        rows = (app if args.mode == "app" else floor)(
            args.out, balai, args.tahun, args.kabupaten_kota
        )
    seconds = time.perf_counter() - started
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"seconds": seconds, "peak_mb": peak_kb / 1024, "rows": rows}))


if __name__ == "__main__":
    main()
