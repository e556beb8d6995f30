"""The PDF documents of an angkatan, laid out from an :class:`~documents.services.AngkatanSheet`.

Each ``*_pages`` function writes its pages onto a :class:`~balatkop.pdf.DocumentPDF`, so the
activity report can bind the recap and the receipt lists in as annexes; each ``*_pdf``
function makes the file on its own. The activity report, which binds them, is in
:mod:`documents.activity_report`.
"""

from __future__ import annotations

from collections.abc import Callable

from balatkop.formatting import number, percent, rupiah, tanggal, terbilang
from balatkop.pdf import BLANK, DocumentPDF, qr_png
from evaluations.documents import ATTENDANCE_QR_NOTE

from .services import AngkatanSheet, Person, day_label

Section = Callable[[DocumentPDF, AngkatanSheet], None]


def dates_text(sheet: AngkatanSheet) -> str:
    angkatan = sheet.angkatan
    if angkatan.start_date == angkatan.end_date:
        return tanggal(angkatan.start_date)
    return f"{tanggal(angkatan.start_date)} s.d. {tanggal(angkatan.end_date)}"


def level_field(program) -> str:
    parts = [program.get_jenjang_display() if program.jenjang else "Pelatihan tidak berjenjang"]
    parts.append(f"Bidang {program.bidang.name}" if program.bidang else "Bidang umum")
    return " · ".join(parts)


def subtitle(sheet: AngkatanSheet) -> str:
    return f"{sheet.program.name}\nAngkatan {sheet.angkatan.number} · {dates_text(sheet)}"


def new_document(sheet: AngkatanSheet, title: str, **kwargs) -> DocumentPDF:
    return DocumentPDF(balai=sheet.balai, title=title, **kwargs)


def _signature_cells(index: int) -> tuple[str, str]:
    """The usual alternating layout: odd numbers sign on the left, even on the right."""
    return (f"{index}. ", "") if index % 2 else ("", f"{index}. ")


# --- 1. Certificates ----------------------------------------------------------------------


def certificate_pages(
    pdf: DocumentPDF, sheet: AngkatanSheet, people: list[Person], codes: dict[int, str], *,
    verify_url: Callable[[str], str],
) -> None:  # fmt: skip
    """One landscape page per graduate: number, name, programme, level, dates, hours, QR."""
    program, angkatan = sheet.program, sheet.angkatan
    for person in people:
        url = verify_url(codes[person.nomination.pk])
        pdf.add_page(orientation="L")
        pdf.set_line_width(1.2)
        pdf.rect(7, 7, pdf.w - 14, pdf.h - 14)
        pdf.set_line_width(0.3)
        pdf.rect(9.5, 9.5, pdf.w - 19, pdf.h - 19)
        pdf.set_y(16)
        pdf.letterhead()
        pdf.ln(6)
        pdf.heading("SERTIFIKAT", size=28)
        pdf.paragraph(f"Nomor: {person.nomination.certificate_number}", align="C")
        pdf.ln(3)
        pdf.paragraph("diberikan kepada", align="C")
        pdf.paragraph(person.name, size=20, bold=True, align="C")
        pdf.paragraph(
            f"{person.nomination.get_role_display()} · {person.district}", size=10, align="C"
        )
        pdf.ln(2)
        pdf.paragraph("yang telah mengikuti dan dinyatakan LULUS", size=11, align="C")
        pdf.paragraph(program.name, size=14, bold=True, align="C")
        pdf.paragraph(level_field(program), size=11, align="C")
        where = f" di {angkatan.venue}" if angkatan.venue else ""
        pdf.paragraph(f"Angkatan {angkatan.number}, {dates_text(sheet)}{where}", size=11, align="C")
        pdf.paragraph(
            f"selama {number(person.hours)} jam pelajaran "
            f"({person.counts['H']} dari {len(sheet.days)} hari hadir)",
            size=11,
            align="C",
        )
        top = pdf.get_y() + 2
        pdf.qr_code(url, x=pdf.l_margin, y=top, size=34)
        pdf.set_xy(pdf.l_margin, top + 34)
        pdf.set_font_size(6.5)
        pdf.multi_cell(90, 3, f"Periksa keaslian: {url}")
        pdf.set_font_size(10)
        pdf.set_y(top - 4)
        pdf.signatory_block(day=angkatan.end_date)


def certificates_pdf(
    sheet: AngkatanSheet, codes: dict[int, str], *, verify_url, people=None
) -> bytes:
    """All certificates of the angkatan (or of ``people``) in one file."""
    pdf = new_document(sheet, f"Sertifikat {sheet.angkatan}", page_numbers=False)
    certificate_pages(
        pdf, sheet, people if people is not None else sheet.graduates, codes, verify_url=verify_url
    )
    if not pdf.page_no():
        pdf.add_page()
        pdf.paragraph("Belum ada peserta yang lulus dengan nomor sertifikat.")
    return pdf.output_bytes()


# --- 3. Call letters ----------------------------------------------------------------------


def _letter_head(pdf: DocumentPDF, sheet: AngkatanSheet, addressee: list[str], subject: str):
    settings = sheet.settings
    pdf.add_page(orientation="P")
    pdf.letterhead()
    day = settings.letter_date
    pdf.key_values(
        [
            ("Nomor", settings.letter_number or BLANK),
            ("Tanggal", tanggal(day) if day else BLANK),
            ("Hal", subject),
        ],
        label_width=22,
    )
    pdf.paragraph("Yth.\n" + "\n".join(addressee))
    pdf.ln(2)


def _letter_details(pdf: DocumentPDF, sheet: AngkatanSheet) -> None:
    settings, angkatan = sheet.settings, sheet.angkatan
    contact = " · ".join(x for x in (settings.contact_name, settings.contact_phone) if x)
    pdf.key_values(
        [
            ("Pelatihan", sheet.program.name),
            ("Angkatan", f"{angkatan.number} ({level_field(sheet.program)})"),
            ("Tanggal", dates_text(sheet)),
            ("Tempat", angkatan.venue or BLANK),
            ("Jadwal", settings.schedule or BLANK),
            ("Yang dibawa", settings.bring or BLANK),
            ("Narahubung", contact or BLANK),
        ],
        label_width=30,
    )


def call_letter_pages(pdf: DocumentPDF, sheet: AngkatanSheet, person: Person) -> None:
    """A letter to one placed participant."""
    _letter_head(
        pdf,
        sheet,
        [f"Sdr. {person.name}", person.nomination.business.name if person.nomination.business_id
         else "", f"di {person.district}"],
        "Panggilan peserta pelatihan",
    )  # fmt: skip
    pdf.paragraph(
        f"Dengan hormat, berdasarkan hasil seleksi usulan {person.district}, Saudara "
        f"ditetapkan sebagai peserta {sheet.program.name}. Kami mengundang Saudara hadir pada:"
    )
    _letter_details(pdf, sheet)
    pdf.paragraph(
        "Seluruh biaya pelatihan ditanggung panitia. Mohon hadir tepat waktu pada hari pertama "
        "untuk registrasi. Atas perhatiannya kami ucapkan terima kasih."
    )
    pdf.signatory_block(day=sheet.settings.letter_date)


def call_letter_pdf(sheet: AngkatanSheet, person: Person) -> bytes:
    pdf = new_document(sheet, f"Surat panggilan {person.name}")
    call_letter_pages(pdf, sheet, person)
    return pdf.output_bytes()


def district_letter_pdf(sheet: AngkatanSheet, district_name: str, people: list[Person]) -> bytes:
    """The letter to a district's dinas with the list of its placed participants."""
    pdf = new_document(sheet, f"Surat panggilan {district_name}")
    _letter_head(
        pdf,
        sheet,
        [f"Kepala Dinas Koperasi dan UKM {district_name}", f"di {district_name}"],
        "Panggilan peserta pelatihan",
    )
    pdf.paragraph(
        f"Dengan hormat, bersama ini kami sampaikan bahwa {len(people)} peserta usulan "
        f"{district_name} berikut ditetapkan mengikuti {sheet.program.name}. Mohon Saudara "
        "meneruskan panggilan ini kepada mereka:"
    )
    _letter_details(pdf, sheet)
    pdf.data_table(
        ["No.", "Nama", "Usaha/koperasi", "Telepon"],
        [
            [
                i,
                p.name,
                p.nomination.business.name if p.nomination.business_id else "–",
                p.nomination.participant.phone or "–",
            ]
            for i, p in enumerate(people, start=1)
        ],
        widths=[10, 60, 70, 40],
        align=["R", "L", "L", "L"],
    )
    pdf.paragraph("Atas perhatian dan kerja samanya kami ucapkan terima kasih.")
    pdf.signatory_block(day=sheet.settings.letter_date)
    return pdf.output_bytes()


# --- 4. Attendance list and recap ---------------------------------------------------------


QR_ROW_MM = 12.5  # the last day's rows: a QR of about 11 mm (0,3 mm per module)


def attendance_list_pages(
    pdf: DocumentPDF, sheet: AngkatanSheet, *, evaluation_links: dict[int, str] | None = None
) -> None:
    """One sheet per training day: number, name, district and the signature column.

    With ``evaluation_links`` (nomination → personal questionnaire link, while it is open) the
    last day's sheet adds each participant's own QR code: that is the day the questionnaire is
    answered, and the other days keep their compact rows (a QR needs rows twice as tall).
    """
    links = evaluation_links or {}
    for index, day in enumerate(sheet.days, start=1):
        pdf.add_page(orientation="P")
        pdf.letterhead()
        pdf.heading(
            "DAFTAR HADIR PESERTA",
            subtitle=f"{subtitle(sheet).splitlines()[0]}\nAngkatan {sheet.angkatan.number} · "
            f"hari ke-{index}: {day_label(day)}",
        )
        rows = [[i, p.name, p.district_short, *_signature_cells(i)]
                for i, p in enumerate(sheet.placed, start=1)]  # fmt: skip
        headings = ["No.", "Nama", "Kabupaten/kota", "Tanda tangan", ""]
        layout = {"widths": [10, 62, 44, 32, 32], "align": ["R", "L", "L", "L", "L"],
                  "line_height": 7}  # fmt: skip
        if links and index == len(sheet.days):
            pdf.paragraph(ATTENDANCE_QR_NOTE, size=8)
            for row, person in zip(rows, sheet.placed, strict=True):
                link = links.get(person.nomination.pk)
                row.append(qr_png(link) if link else "–")
            headings.append("Evaluasi")
            layout = {"widths": [9, 52, 38, 30, 30, 21], "align": [*layout["align"], "C"],
                      "line_height": 5, "min_row_height": QR_ROW_MM}  # fmt: skip
        pdf.data_table(headings, rows, **layout)
        pdf.signatory_block(day=day)


def attendance_list_pdf(sheet: AngkatanSheet, *, evaluation_links=None) -> bytes:
    pdf = new_document(sheet, f"Daftar hadir {sheet.angkatan}")
    attendance_list_pages(pdf, sheet, evaluation_links=evaluation_links)
    return pdf.output_bytes()


def recap_pages(pdf: DocumentPDF, sheet: AngkatanSheet, *, title: str = "REKAP KEHADIRAN") -> None:
    """H / I / S / A per day, attendance rate, result and certificate number (landscape)."""
    pdf.add_page(orientation="L")
    pdf.letterhead()
    pdf.heading(title, subtitle=subtitle(sheet))
    day_columns = [f"{d.day}/{d.month}" for d in sheet.days]
    day_width = min(11.0, 60 / max(len(sheet.days), 1))
    rows = [
        [
            p.number,
            p.name,
            p.district_short,
            *[p.marks.get(d, "–") for d in sheet.days],
            p.counts["H"],
            p.counts["I"],
            p.counts["S"],
            p.counts["A"],
            percent(p.rate, 0),
            p.result,
            p.nomination.certificate_number or "–",
        ]
        for p in sheet.people
    ]
    rows.append(
        ["", "Hadir per hari", "", *[sheet.present_on(d) for d in sheet.days], "", "", "", "",
         percent(sheet.attendance_rate, 1), "", ""]
    )  # fmt: skip
    pdf.data_table(
        ["No.", "Nama", "Kabupaten/kota", *day_columns, "H", "I", "S", "A", "%", "Hasil",
         "No. sertifikat"],
        rows,
        widths=[9, 52, 36, *[day_width] * len(sheet.days), 8, 8, 8, 8, 13, 24,
                267 - 166 - day_width * len(sheet.days)],
        align=["R", "L", "L", *["C"] * len(sheet.days), "R", "R", "R", "R", "R", "L", "L"],
        size=8,
        bold_last_row=True,
    )  # fmt: skip
    pdf.paragraph(
        "Keterangan: H = hadir, I = izin, S = sakit, A = alpa, – = belum diisi. Kehadiran = "
        f"hari hadir dibagi {len(sheet.days)} hari pelatihan.",
        size=8,
    )
    pdf.signatory_block(day=sheet.angkatan.end_date)


def recap_pdf(sheet: AngkatanSheet) -> bytes:
    pdf = new_document(sheet, f"Rekap kehadiran {sheet.angkatan}", landscape=True)
    recap_pages(pdf, sheet)
    return pdf.output_bytes()


# --- 5. Receipts and instructors' fees ----------------------------------------------------


def _total_lines(pdf: DocumentPDF, total: int) -> None:
    pdf.paragraph(f"Jumlah: {rupiah(total)}", bold=True)
    pdf.paragraph(f"Terbilang: {terbilang(total)}")


def receipt_rows(sheet: AngkatanSheet) -> tuple[list[list], list[list], list[list]]:
    """The three lists as rows of values (numbers as ints): uang saku, transport, fees."""
    rate, transport = sheet.settings.uang_saku_per_day, sheet.settings.transport_per_person
    uang_saku = [[p.number, p.name, p.district_short, p.counts["H"], rate, p.uang_saku]
                 for p in sheet.people]  # fmt: skip
    transports = [[p.number, p.name, p.district_short, transport if p.transport else 0,
                   p.transport]
                  for p in sheet.people]  # fmt: skip
    fees = [[i, f.instruktur.name, f.instruktur.expertise, f.hours, f.rate, f.amount]
            for i, f in enumerate(sheet.fees, start=1)]  # fmt: skip
    return uang_saku, transports, fees


def receipt_pages(pdf: DocumentPDF, sheet: AngkatanSheet) -> None:
    """Uang saku (per day attended), transport (per person) and the instructors' fee list."""
    uang_saku, transports, fees = receipt_rows(sheet)
    _receipt_page(
        pdf,
        sheet,
        "DAFTAR PENERIMAAN UANG SAKU",
        ["No.", "Nama", "Kabupaten/kota", "Hari hadir", "Per hari", "Jumlah", "Tanda tangan", ""],
        [[*r[:3], r[3], rupiah(r[4]), rupiah(r[5]), *_signature_cells(r[0])] for r in uang_saku]
        + [["", "Jumlah", "", sum(r[3] for r in uang_saku), "", rupiah(sheet.total_uang_saku),
            "", ""]],
        total=sheet.total_uang_saku,
        widths=[9, 44, 32, 14, 22, 25, 17, 17],
        align=["R", "L", "L", "R", "R", "R", "L", "L"],
    )  # fmt: skip
    _receipt_page(
        pdf,
        sheet,
        "DAFTAR PENERIMAAN UANG TRANSPORT",
        ["No.", "Nama", "Kabupaten/kota", "Jumlah", "Tanda tangan", ""],
        [[*r[:3], rupiah(r[4]), *_signature_cells(r[0])] for r in transports]
        + [["", "Jumlah", "", rupiah(sheet.total_transport), "", ""]],
        total=sheet.total_transport,
        widths=[9, 56, 40, 27, 24, 24],
        align=["R", "L", "L", "R", "L", "L"],
        note="Uang transport dibayarkan kepada peserta yang hadir sedikitnya satu hari.",
    )
    _receipt_page(
        pdf,
        sheet,
        "DAFTAR HONORARIUM INSTRUKTUR",
        ["No.", "Nama", "Keahlian", "Jam", "Honor per jam", "Jumlah", "Tanda tangan"],
        [[*r[:4], rupiah(r[4]), rupiah(r[5]), f"{r[0]}. "] for r in fees]
        + [["", "Jumlah", "", sum(r[3] for r in fees), "", rupiah(sheet.total_fees), ""]],
        total=sheet.total_fees,
        widths=[9, 42, 36, 12, 25, 26, 30],
        align=["R", "L", "L", "R", "R", "R", "L"],
        line_height=8,
    )


def _receipt_page(
    pdf: DocumentPDF,
    sheet: AngkatanSheet,
    title: str,
    headings: list[str],
    rows: list[list],
    *,
    total: int,
    widths: list[float],
    align: list[str],
    line_height: float = 6,
    note: str = "",
) -> None:
    """One signed list of payments: heading, the table with its Jumlah row, the total in words."""
    pdf.add_page(orientation="P")
    pdf.letterhead()
    pdf.heading(title, subtitle=subtitle(sheet))
    pdf.data_table(
        headings,
        rows,
        widths=widths,
        align=align,
        line_height=line_height,
        size=8,
        bold_last_row=True,
    )
    if note:
        pdf.paragraph(note, size=8)
    _total_lines(pdf, total)
    pdf.signatory_block(day=sheet.angkatan.end_date)


def receipts_pdf(sheet: AngkatanSheet) -> bytes:
    pdf = new_document(sheet, f"Daftar penerimaan {sheet.angkatan}")
    receipt_pages(pdf, sheet)
    return pdf.output_bytes()
