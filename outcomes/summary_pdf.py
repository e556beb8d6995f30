"""The impact report's one-page PDF summary: what a head sends on by WhatsApp."""

from __future__ import annotations

from balatkop import formatting
from balatkop.pdf import FONT, DocumentPDF
from outcomes.charts import indicator_charts
from outcomes.impact import growth_ratio_reading, growth_text, ratio_text

BEFORE, AFTER = (154, 165, 177), (11, 94, 215)  # the web charts' colours


def impact_summary_pdf(export) -> bytes:
    """One A4 page: letterhead, title block, the three indicators, pairing rate, chart, the
    comparison group (as on the web page and the workbook), signatory."""
    report = export.report
    pdf = DocumentPDF(balai=export.balai, title=export.title, page_numbers=False)
    pdf.set_auto_page_break(False)  # one page, by design
    pdf.add_page()
    pdf.letterhead()
    title_block = export.title_block()
    pdf.heading(export.title.upper(), subtitle=title_block[1])
    for line in title_block[2:]:
        pdf.paragraph(line, size=9)
    money = formatting.rupiah
    pdf.data_table(
        ["Indikator", "Sebelum", "Sesudah", "Pertumbuhan", "Rasio"],
        [
            [
                row["label"],
                formatting.number(row["measure"].before)
                if row["people"]
                else money(row["measure"].before),
                formatting.number(row["measure"].after)
                if row["people"]
                else money(row["measure"].after),
                growth_text(row["measure"].growth),
                ratio_text(row["measure"].ratio),
            ]
            for row in export.summary_rows()
        ],
        widths=[42, 40, 40, 29, 29],
        align=["LEFT", "RIGHT", "RIGHT", "RIGHT", "RIGHT"],
    )
    total = report.total
    pdf.paragraph(
        f"Tingkat keterpasangan {ratio_text(total.pairing_rate)}: {formatting.number(total.paired)} "
        f"dari {formatting.number(total.completed)} peserta lulus punya data sebelum dan sesudah; "
        f"tambahan tenaga kerja {formatting.number(total.jobs_added)} orang.",
        size=9,
    )
    _charts(pdf, indicator_charts(total))
    pdf.paragraph(growth_ratio_reading(total.omzet), size=9)
    _comparison(pdf, report.attribution)
    pdf.signatory_block(day=export.local_date())
    return pdf.output_bytes()


def _comparison(pdf: DocumentPDF, attribution) -> None:
    """Alumni beside the comparison group, the difference (or why it is withheld), the caveat."""
    c = attribution.comparison
    pdf.ln(1)
    pdf.paragraph("Dibandingkan dengan yang tidak dilatih", size=10, bold=True)
    pdf.data_table(
        c.text_headings(),
        c.text_rows(),
        widths=[42, 46, 46, 46],
        align=["LEFT", "RIGHT", "RIGHT", "RIGHT"],
        size=8,
    )
    pdf.paragraph(f"Pembanding: {attribution.definition}.", size=8)
    if not c.shown:
        pdf.paragraph(c.why_not_shown, size=8)
    pdf.paragraph(attribution.caveat, size=8)


def _charts(pdf: DocumentPDF, charts: list[dict], *, height: float = 42) -> None:
    """Three small bar charts side by side, each on its own scale, values on the bars."""
    top = pdf.get_y() + 2
    width = pdf.epw / len(charts)
    bar_area = height - 16
    for index, item in enumerate(charts):
        left = pdf.l_margin + index * width
        row = item["chart"]["rows"][0]
        pdf.set_xy(left, top)
        pdf.set_font(FONT, "B", 9)
        pdf.cell(width, 5, item["title"], align="C")
        largest = max(row.before, row.after) or 1
        for position, (value, text, colour, label) in enumerate(
            [
                (row.before, row.before_text, BEFORE, "Sebelum"),
                (row.after, row.after_text, AFTER, "Sesudah"),
            ]
        ):
            bar_height = bar_area * value / largest
            x = left + width * (0.18 + 0.36 * position)
            bottom = top + 10 + bar_area
            pdf.set_fill_color(*colour)
            pdf.rect(x, bottom - bar_height, width * 0.28, bar_height, style="F")
            pdf.set_font(FONT, "B", 7)
            pdf.set_xy(x - 6, bottom - bar_height - 4)
            pdf.cell(width * 0.28 + 12, 4, text, align="C")
            pdf.set_font(FONT, size=8)
            pdf.set_xy(x - 6, bottom + 0.5)
            pdf.cell(width * 0.28 + 12, 4, label, align="C")
    pdf.set_fill_color(255, 255, 255)
    pdf.set_font(FONT, size=10)
    pdf.set_xy(pdf.l_margin, top + height)
