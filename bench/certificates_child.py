"""All certificates of a 60-person angkatan as one PDF, in a fresh process; prints JSON.

    bench/certificates_child.py --out FILE [--people 60]

Builds, inside a transaction that is rolled back, one angkatan of the benchmark balai with
``--people`` graduates (four days attended, certificate numbers), then times what the
download does: gather the angkatan, issue the verification codes, lay out every page with
its QR code, write the file. Peak memory is the process's own peak resident set
(``getrusage(RUSAGE_SELF).ru_maxrss``), Python and Django included.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from benchlib import BALAI, django_setup


class Rollback(Exception):
    pass


def angkatan_of_graduates(balai, people: int):
    """One programme and angkatan of ``people`` graduates of the balai's first district."""
    from balatkop.models import KabupatenKota
    from participants.models import Attendance, Nomination, Participant
    from participants.nik import make_nik
    from programs.models import Angkatan, Program

    district = KabupatenKota.objects.filter(provinsi_id=balai.provinsi_id).order_by("code")[0]
    program = Program.objects.create(
        balai=balai, code="BENCH-SERTIFIKAT", name="Pelatihan Tata Boga Lanjutan", year=2020
    )
    start = dt.date(2020, 11, 17)
    angkatan = Angkatan.objects.create(
        program=program, number=1, start_date=start, end_date=start + dt.timedelta(days=3),
        capacity=people, venue="Aula Balai",
    )  # fmt: skip
    persons = Participant.objects.bulk_create(
        Participant(
            nik=make_nik(district.code, dt.date(1980, 1, 1) + dt.timedelta(days=i), "P", 9000 + i),
            name=f"Peserta Sertifikat {i + 1:02d}",
            sex="P",
        )
        for i in range(people)
    )
    nominations = Nomination.objects.bulk_create(
        Nomination(
            program=program, participant=person, kabupaten_kota=district, angkatan=angkatan,
            baseline_omzet=5_000_000, baseline_aset=20_000_000, baseline_tenaga_kerja=2,
            status="lulus", certificate_number=f"{i + 1:04d}/BENCH/2020",
        )
        for i, person in enumerate(persons)
    )  # fmt: skip
    Attendance.objects.bulk_create(
        Attendance(nomination=n, date=start + dt.timedelta(days=d), status="hadir")
        for n in nominations
        for d in range(4)
    )
    return angkatan


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--people", type=int, default=60)
    parser.add_argument("--balai", default=BALAI)
    args = parser.parse_args()
    django_setup()
    from django.db import transaction

    from balatkop.models import Balai
    from documents import pdfs, services

    balai = Balai.objects.get(code=args.balai)
    result = {}
    try:
        with transaction.atomic():
            angkatan = angkatan_of_graduates(balai, args.people)
            started, cpu_started = time.perf_counter(), time.process_time()
            sheet = services.angkatan_sheet(angkatan=angkatan)
            codes = services.certificates_issue(people=sheet.graduates)
            data = pdfs.certificates_pdf(
                sheet, codes, verify_url=lambda c: f"https://balatkop.example/verifikasi/{c}/"
            )
            args.out.write_bytes(data)
            result = {
                "seconds": time.perf_counter() - started,
                "cpu_seconds": time.process_time() - cpu_started,
                "pages": len(sheet.graduates),
                "bytes": len(data),
            }
            raise Rollback
    except Rollback:
        pass
    result["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(result))


if __name__ == "__main__":
    main()
