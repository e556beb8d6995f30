"""``manage.py impor_historis FILE.xlsx --balai KODE``: import a balai's past years."""

from __future__ import annotations

import hashlib
import time
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from balatkop.models import Balai
from outcomes.historical import (
    ImportRejected,
    ImportReport,
    historical_import,
    historical_import_check,
    read_historical_file,
)


class Command(BaseCommand):
    help = "Impor data historis (satu lembar, judul kolom sesuai templat) ke satu balai."

    def add_arguments(self, parser):
        parser.add_argument("file", help="Berkas .xlsx dengan judul kolom templat impor historis.")
        parser.add_argument("--balai", required=True, help="Kode balai, mis. NTB.")
        parser.add_argument(
            "--periksa",
            action="store_true",
            help="Hanya periksa berkas; tidak ada data yang disimpan.",
        )

    def handle(self, *args, file, balai, periksa, **options):
        try:
            target = Balai.objects.get(code__iexact=balai)
        except Balai.DoesNotExist:
            raise CommandError(f"Balai dengan kode '{balai}' tidak ada.") from None
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"Berkas {path} tidak ditemukan.")
        started = time.perf_counter()
        data = path.read_bytes()
        try:
            headers, rows = read_historical_file(data)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        try:
            if periksa:
                report = historical_import_check(balai=target, headers=headers, rows=rows)
            else:
                report = historical_import(
                    balai=target,
                    headers=headers,
                    rows=rows,
                    file_name=path.name,
                    file_sha256=hashlib.sha256(data).hexdigest(),
                )
        except ImportRejected as rejected:
            self._print(rejected.report)
            raise CommandError(rejected.messages[0], returncode=1) from None
        seconds = time.perf_counter() - started
        self._print(report)
        if not report.ok:
            raise CommandError(f"Berkas berisi {len(report.errors)} kesalahan.", returncode=1)
        if periksa:
            done = f"{report.rows} baris diperiksa untuk {target}; tidak ada yang disimpan."
        elif not sum(report.created.values()):
            done = f"{report.rows} baris: semua data sudah ada di {target}; tidak ada perubahan."
        else:
            done = f"{report.rows} baris diimpor ke {target} dalam {seconds:.1f} detik."
        self.stdout.write(self.style.SUCCESS(done))

    def _print(self, report: ImportReport) -> None:
        for line in report.summary_lines():
            self.stdout.write(line)
        for issue in report.warnings:
            self.stdout.write(self.style.WARNING(f"Peringatan — {issue}"))
        for issue in report.errors:
            self.stderr.write(self.style.ERROR(str(issue)))
