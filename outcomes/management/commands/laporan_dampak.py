"""``manage.py laporan_dampak [--tahun Y] [--program KODE] [--balai KODE] -o FILE.xlsx``."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from balatkop.models import Balai
from outcomes.exports import BalaiRequired, ImpactReportExport, report_balai
from outcomes.impact import ImpactFilters, growth_text
from participants.models import Nomination
from programs.models import Program


class Command(BaseCommand):
    help = (
        "Tulis laporan dampak (Excel) yang sama dengan tombol unduh di laporan web. "
        "Satu laporan selalu tentang satu balai: bila ada beberapa balai, sebutkan --balai."
    )

    def add_arguments(self, parser):
        parser.add_argument("-o", "--output", required=True, help="Berkas .xlsx tujuan.")
        parser.add_argument("--tahun", type=int, help="Tahun program.")
        parser.add_argument("--program", help="Kode program.")
        parser.add_argument("--balai", help="Kode balai (mis. NTB, JATENG).")

    def handle(self, *args, output, tahun=None, program=None, balai=None, **options):
        if not output.lower().endswith(".xlsx"):
            raise CommandError("Berkas tujuan harus berakhiran .xlsx.")
        balai_obj = None
        if balai:
            balai_obj = Balai.objects.filter(code__iexact=balai).first()
            if balai_obj is None:
                raise CommandError(f"Balai dengan kode {balai} tidak ada.")
        program_obj = None
        if program:
            programs = Program.objects.filter(code=program).select_related("balai")
            if balai_obj:
                programs = programs.filter(balai=balai_obj)
            if len(programs) != 1:
                raise CommandError(
                    f"Program {program} tidak ditemukan"
                    + (" atau ada di beberapa balai; sebutkan --balai." if programs else ".")
                )
            program_obj = programs[0]
            balai_obj = program_obj.balai
        try:
            balai_obj = report_balai(user=None, filters=ImpactFilters(balai=balai_obj))
        except BalaiRequired as error:
            codes = ", ".join(Balai.objects.order_by("code").values_list("code", flat=True))
            raise CommandError(
                f"Ada beberapa balai ({codes}); sebutkan --balai KODE. "
                "Satu laporan selalu tentang satu balai, tidak pernah campuran."
            ) from error
        export = ImpactReportExport(
            nominations=Nomination.objects.all(),
            filters=ImpactFilters(year=tahun, program=program_obj),
            balai=balai_obj,
            viewer=None,  # NIK stays masked outside the browser's permission checks
        )
        total = export.write(output).total
        self.stdout.write(
            f"{output}: {balai_obj.name}; {total.completed} peserta lulus, {total.paired} "
            f"berpasangan; pertumbuhan omzet {growth_text(total.omzet.growth)}"
        )
