"""One Excel impact report in a fresh process, timed, with its peak memory; prints JSON.

    bench/excel_child.py app   --out FILE [--tahun Y] [--kabupaten-kota 33.74]
    bench/excel_child.py floor --out FILE [--tahun Y] [--kabupaten-kota 33.74]

``app`` is the product's workbook (``outcomes.exports.ImpactReportExport``) as a head
downloads it; ``floor`` is the least work that yields the same ``Data Peserta`` sheet: the
same rows by one raw SQL query, streamed, and the same 23 columns (growth, classes and
pairing derived in plain Python), each cell written by xlsxwriter in constant-memory mode
with the app's number format for its column (Rupiah, date, text NIK, ...). Time runs from after
Django's set-up to the closed file. Peak memory is the process's own peak resident set
(``getrusage(RUSAGE_SELF).ru_maxrss``), so it includes Python and Django (~60 MB).
"""

from __future__ import annotations

import argparse
import importlib
import json
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from benchlib import BALAI, django_setup

# Each alumnus's latest follow-up, by the product's own rule: the stored FollowUp.is_latest
# flag (outcomes.models.followups_mark_latest), a plain equality join.
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
LEFT JOIN outcomes_followup f ON f.nomination_id = n.id AND f.is_latest
WHERE g.balai_id = %s AND n.status = 'lulus' {extra}
ORDER BY n.kabupaten_kota_id, p.name, n.id
"""
# The app's 23 Data Peserta columns: header and cell kind (its number format, as the app's).
FLOOR_COLUMNS = [
    ("No", "int"), ("NIK", "text"), ("Nama", "text"), ("Jenis Kelamin", "text"),
    ("Kabupaten/Kota", "text"), ("Kode Program", "text"), ("Tahun", "year"),
    ("Jenjang", "int"), ("Angkatan", "int"), ("Nama Usaha", "text"), ("Sektor", "text"),
    ("Omzet Sebelum (Rp/bulan)", "rupiah"), ("Aset Sebelum (Rp)", "rupiah"),
    ("Tenaga Kerja Sebelum", "int"), ("Putaran Monitoring (bulan)", "int"),
    ("Tanggal Monitoring", "date"), ("Omzet Sesudah (Rp/bulan)", "rupiah"),
    ("Aset Sesudah (Rp)", "rupiah"), ("Tenaga Kerja Sesudah", "int"),
    ("Pertumbuhan Omzet (%)", "percent"), ("Kelas Sebelum", "text"),
    ("Kelas Sesudah", "text"), ("Berpasangan", "text"),
]  # fmt: skip


def floor(out: Path, balai, year: int | None, district: str | None) -> int:
    """The same Data Peserta cells (values, types, number formats), with the least work."""
    from bisect import bisect_left

    import xlsxwriter
    from django.db import connection

    from balatkop.xlsx import NUMBER_FORMATS
    from outcomes.impact import NOT_COMPUTABLE, UMKM_CLASSES, percentage

    extra, params = "", [balai.pk]
    if year:
        extra += " AND g.year = %s"
        params.append(year)
    if district:
        extra += " AND n.kabupaten_kota_id = %s"
        params.append(district)
    # The head who downloads in ``app`` may not see NIK (masked); sexes and classes by label.
    sexes = {"L": "Laki-laki", "P": "Perempuan"}
    bounds = [upper // 12 for _, _, upper in UMKM_CLASSES if upper is not None]
    classes = [label for _, label, _ in UMKM_CLASSES]

    workbook = xlsxwriter.Workbook(str(out), {"constant_memory": True})
    sheet = workbook.add_worksheet("Data Peserta")
    sheet.write_row(0, 0, [header for header, _ in FLOOR_COLUMNS])
    formats = {kind: workbook.add_format({"num_format": f}) for kind, f in NUMBER_FORMATS.items()}
    formats["text"] = workbook.add_format({"num_format": "@"})
    writers = {
        "text": sheet.write_string,
        "date": sheet.write_datetime,
        "int": sheet.write_number,
        "year": sheet.write_number,
        "rupiah": sheet.write_number,
        "percent": sheet.write_number,
    }
    columns = [(writers[kind], formats[kind]) for _, kind in FLOOR_COLUMNS]
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
            nik, before, after = row[0], row[10], row[15]
            paired = after is not None
            growth = percentage(after - before, before) if paired else None
            cells = [
                count, nik[:4] + "*" * (len(nik) - 8) + nik[-4:], row[1], sexes.get(row[2], row[2]),
                *row[3:14], _date(row[14]) if paired else None, *row[15:18],
                None if growth is None else float(growth),
                classes[bisect_left(bounds, before)],
                classes[bisect_left(bounds, after)] if paired else None,
                "Ya" if paired else "Tidak",
            ]  # fmt: skip
            for col, value in enumerate(cells):
                if value is not None:
                    write, cell_format = columns[col]
                    write(count, col, value, cell_format)
            if paired and growth is None:  # Σ before = 0: the app's words, as text
                sheet.write_string(count, 19, NOT_COMPUTABLE, formats["percent"])
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

    # Both modes start from a process that has loaded its code, as a web or task worker has:
    # first imports (the ORM's aggregates, the report modules) are not the export's cost.
    importlib.import_module("xlsxwriter")
    importlib.import_module("outcomes.exports")
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
