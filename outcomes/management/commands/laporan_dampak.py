"""``manage.py laporan_dampak [--tahun Y] [--program KODE] [--balai KODE] -o FILE.xlsx``."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from balatkop.models import Balai
from outcomes.exports import ImpactReportExport
from outcomes.impact import ImpactFilters
from participants.models import Nomination
from programs.models import Program


class Command(BaseCommand):
    help = "Tulis laporan dampak (Excel) yang sama dengan tombol unduh di laporan web."

    def add_arguments(self, parser):
        parser.add_argument("-o", "--output", required=True, help="Berkas .xlsx tujuan.")
        parser.add_argument("--tahun", type=int, help="Tahun program.")
        parser.add_argument("--program", help="Kode program.")
        parser.add_argument("--balai", help="Kode balai (mis. NTB, JATENG).")

    def handle(self, *args, output, tahun=None, program=None, balai=None, **options):
        if not output.lower().endswith(".xlsx"):
            raise CommandError("Berkas tujuan harus berakhiran .xlsx.")
        nominations = Nomination.objects.all()
        balai_obj = None
        if balai:
            balai_obj = Balai.objects.filter(code__iexact=balai).first()
            if balai_obj is None:
                raise CommandError(f"Balai dengan kode {balai} tidak ada.")
            nominations = nominations.filter(program__balai=balai_obj)
            # Times in the workbook are the balai's local time, as in the browser.
            timezone.activate(balai_obj.time_zone)
        program_obj = None
        if program:
            programs = Program.objects.filter(code=program)
            if balai_obj:
                programs = programs.filter(balai=balai_obj)
            if programs.count() != 1:
                raise CommandError(
                    f"Program {program} tidak ditemukan"
                    + (" atau ada di beberapa balai; sebutkan --balai." if programs else ".")
                )
            program_obj = programs.get()
        filters = ImpactFilters(year=tahun, program=program_obj)
        export = ImpactReportExport(
            nominations=nominations,
            filters=filters,
            viewer=None,  # NIK stays masked outside the browser's permission checks
            generated_by="perintah manage.py laporan_dampak",
        )
        report = export.write(output)
        total = report.total
        self.stdout.write(
            f"{output}: {total.completed} peserta lulus, {total.paired} berpasangan; "
            f"pertumbuhan omzet {total.omzet.growth if total.omzet.growth is not None else 'tidak dapat dihitung'}%"
        )
