"""The laporan pelaksanaan of an angkatan: its own pages, then the attendance recap and the
receipt lists from :mod:`documents.pdfs` bound in as annexes."""

from __future__ import annotations

from balatkop.formatting import percent, rupiah, terbilang
from balatkop.pdf import DocumentPDF

from .pdfs import (
    Section,
    dates_text,
    level_field,
    new_document,
    recap_pages,
    receipt_pages,
    subtitle,
)
from .services import AngkatanSheet


def _evaluation_placeholder(pdf: DocumentPDF, sheet: AngkatanSheet) -> None:
    pdf.paragraph("Hasil pre-test/post-test dan evaluasi penyelenggaraan belum tersedia.")


# The learning-evaluation section replaces this entry from its AppConfig.ready():
# ``documents.activity_report.REPORT_SECTIONS["evaluation"] = ("Evaluasi pembelajaran", build)``.
REPORT_SECTIONS: dict[str, tuple[str, Section]] = {
    "evaluation": ("Evaluasi pembelajaran", _evaluation_placeholder),
}


def _report_body(pdf: DocumentPDF, sheet: AngkatanSheet) -> None:
    program, angkatan = sheet.program, sheet.angkatan
    counts = sheet.outcome_counts()
    graduates = sheet.graduates
    numbers = sorted(p.nomination.certificate_number for p in graduates)

    pdf.paragraph("1. Program dan pendanaan", bold=True)
    pdf.key_values(
        [
            ("Program", f"{program.name} ({program.code}), tahun {program.year}"),
            ("Jenjang dan bidang", level_field(program)),
            ("Sasaran", program.get_target_group_display()),
            ("Sumber dana", program.get_funding_source_display()),
            ("Anggaran program", rupiah(program.budget) if program.budget else "–"),
        ]
    )
    pdf.paragraph("2. Jadwal dan tempat", bold=True)
    pdf.key_values(
        [
            ("Angkatan", str(angkatan.number)),
            ("Tanggal", f"{dates_text(sheet)} ({len(sheet.days)} hari)"),
            ("Tempat", angkatan.venue or "–"),
            ("Jam pelajaran", f"{sheet.settings.lesson_hours_per_day} JP per hari"),
        ]
    )
    pdf.paragraph("3. Instruktur", bold=True)
    if sheet.fees:
        pdf.data_table(
            ["No.", "Nama", "Keahlian", "Jam mengajar"],
            [[i, f.instruktur.name, f.instruktur.expertise or "–", f.hours]
             for i, f in enumerate(sheet.fees, start=1)],
            widths=[10, 70, 70, 30],
            align=["R", "L", "L", "R"],
        )  # fmt: skip
    else:
        pdf.paragraph("Belum ada instruktur yang dicatat.")
    pdf.paragraph("4. Peserta menurut kabupaten/kota dan jenis kelamin", bold=True)
    by_district: dict[str, list[int]] = {}
    for p in sheet.people:
        row = by_district.setdefault(p.district, [0, 0])
        row[0 if p.nomination.participant.sex == "L" else 1] += 1
    rows = [[name, men, women, men + women] for name, (men, women) in sorted(by_district.items())]
    rows.append(["Jumlah", sum(r[1] for r in rows), sum(r[2] for r in rows), len(sheet.people)])
    pdf.data_table(
        ["Kabupaten/kota", "Laki-laki", "Perempuan", "Jumlah"],
        rows,
        widths=[90, 30, 30, 30],
        align=["L", "R", "R", "R"],
        bold_last_row=True,
    )
    pdf.paragraph("5. Kehadiran", bold=True)
    pdf.paragraph(
        f"Tingkat kehadiran {percent(sheet.attendance_rate, 1)} "
        f"({sum(p.counts['H'] for p in sheet.placed)} hari hadir dari "
        f"{len(sheet.placed) * len(sheet.days)} hari-peserta). Rincian pada Lampiran 1."
    )
    pdf.paragraph("6. Kelulusan dan sertifikat", bold=True)
    pdf.key_values(
        [
            ("Lulus", f"{counts.get('lulus', 0)} orang"),
            ("Tidak lulus", f"{counts.get('tidak_lulus', 0)} orang"),
            ("Mengundurkan diri", f"{counts.get('mengundurkan_diri', 0)} orang"),
            ("Belum ditetapkan", f"{counts.get('ditempatkan', 0)} orang"),
            ("Nomor sertifikat", f"{numbers[0]} s.d. {numbers[-1]}" if numbers else "–"),
        ]
    )
    pdf.paragraph("7. Realisasi pembayaran", bold=True)
    total = sheet.total_uang_saku + sheet.total_transport + sheet.total_fees
    pdf.data_table(
        ["Uraian", "Jumlah"],
        [
            ["Uang saku peserta", rupiah(sheet.total_uang_saku)],
            ["Uang transport peserta", rupiah(sheet.total_transport)],
            ["Honorarium instruktur", rupiah(sheet.total_fees)],
            ["Jumlah", rupiah(total)],
        ],
        widths=[120, 60],
        align=["L", "R"],
        bold_last_row=True,
    )
    pdf.paragraph(f"Terbilang: {terbilang(total)}. Rincian pada Lampiran 2.")
    for index, (title, build) in enumerate(REPORT_SECTIONS.values(), start=8):
        pdf.paragraph(f"{index}. {title}", bold=True)
        build(pdf, sheet)


def activity_report_pdf(sheet: AngkatanSheet) -> bytes:
    """The laporan pelaksanaan, with the attendance recap and the receipt lists as annexes."""
    pdf = new_document(sheet, f"Laporan pelaksanaan {sheet.angkatan}")
    pdf.add_page()
    pdf.letterhead()
    pdf.heading("LAPORAN PELAKSANAAN PELATIHAN", subtitle=subtitle(sheet))
    _report_body(pdf, sheet)
    pdf.signatory_block(day=sheet.angkatan.end_date)
    recap_pages(pdf, sheet, title="LAMPIRAN 1 — REKAP KEHADIRAN")
    receipt_pages(pdf, sheet)
    return pdf.output_bytes()
