"""The PDF base of every document: A4 in DejaVu Sans, the balai's letterhead and signatory.

Certificates, letters, lists and the impact report's summary all start from
:class:`DocumentPDF`; the font ships in ``balatkop/fonts`` (licence beside it), so a PDF
needs nothing beyond the Python wheels. Unset letterhead or signatory settings print as blank
lines to fill in by hand, never as invented text.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from pathlib import Path
from zoneinfo import ZoneInfo

from django.http import HttpResponse
from django.utils import timezone
from fpdf import FPDF
from fpdf.fonts import FontFace

from balatkop.signatory import BLANK, signatory_for

FONT = "DejaVu"
FONT_DIR = Path(__file__).resolve().parent / "fonts"


def local_today(balai) -> dt.date:
    """Today in the balai's own time zone (the date a document is signed)."""
    return timezone.localtime(timezone.now(), ZoneInfo(balai.time_zone)).date()


def _image_path(field) -> str | None:
    """The file behind an uploaded image, or None when unset or missing on disk."""
    if not field:
        return None
    try:
        path = field.path
    except (ValueError, NotImplementedError):
        return None
    return path if Path(path).is_file() else None


class DocumentPDF(FPDF):
    """An A4 document of one balai: letterhead, headings, tables and the signatory block."""

    def __init__(self, *, balai, title: str, landscape: bool = False, page_numbers: bool = True):
        super().__init__(orientation="L" if landscape else "P", unit="mm", format="A4")
        self.balai = balai
        self.page_numbers = page_numbers
        self.add_font(FONT, "", FONT_DIR / "DejaVuSans.ttf")
        self.add_font(FONT, "B", FONT_DIR / "DejaVuSans-Bold.ttf")
        self.set_font(FONT, size=10)
        self.set_margins(15, 15, 15)
        self.set_auto_page_break(True, margin=15)
        self.set_title(title)
        self.set_author(balai.name)
        self.set_creator("Balatkop")
        self.set_creation_date(timezone.now())

    def footer(self) -> None:
        if not self.page_numbers:
            return
        self.set_y(-11)
        self.set_font(FONT, size=7)
        self.cell(0, 4, f"{self.title} · halaman {self.page_no()}/{{nb}}", align="C")
        self.set_font(FONT, size=10)

    # --- Blocks ----------------------------------------------------------------------------

    def letterhead(self) -> None:
        """The balai's kop surat: logo, name, address, and a double rule under them."""
        top = self.get_y()
        logo = _image_path(self.balai.logo)
        if logo:
            self.image(logo, x=self.l_margin, y=top, h=20)
        left = self.l_margin + (24 if logo else 0)
        width = self.epw - (24 if logo else 0)
        self.set_xy(left, top + 1)
        self.set_font(FONT, "B", 13)
        self.text_block(self.balai.name.upper(), height=6, width=width, align="C", new_x="LEFT")
        self.set_font(FONT, size=9)
        self.text_block(self.balai.address or BLANK, height=4.5, width=width, align="C")
        bottom = max(self.get_y(), top + (21 if logo else 0)) + 1.5
        self.set_line_width(0.6)
        self.line(self.l_margin, bottom, self.l_margin + self.epw, bottom)
        self.set_line_width(0.2)
        self.line(self.l_margin, bottom + 1, self.l_margin + self.epw, bottom + 1)
        self.set_xy(self.l_margin, bottom + 4)
        self.set_font(FONT, size=10)

    def heading(self, text: str, *, size: float = 12, subtitle: str = "") -> None:
        """A centred bold title, with an optional line under it."""
        self.set_font(FONT, "B", size)
        self.text_block(text, height=size * 0.5, align="C")
        if subtitle:
            self.set_font(FONT, size=10)
            self.text_block(subtitle, height=5, align="C")
        self.set_font(FONT, size=10)
        self.ln(3)

    def paragraph(
        self, text: str, *, size: float = 10, bold: bool = False, align: str = "L"
    ) -> None:
        self.set_font(FONT, "B" if bold else "", size)
        self.text_block(text, height=size * 0.5, align=align)
        self.set_font(FONT, size=10)
        self.ln(1)

    def text_block(
        self, text: str, *, height: float, align: str = "L", width: float = 0, new_x="LMARGIN"
    ) -> None:
        """Text across ``width`` (0: to the right margin), wrapped only when it must be.

        A line that fits goes out as one cell: fpdf2's line breaking costs ~4 ms a call, which
        is most of the time of a 60-page certificate file.
        """
        room = width or (self.w - self.r_margin - self.get_x())
        if "\n" not in text and self.get_string_width(text) <= room - 2 * self.c_margin:
            self.cell(width, height, text, align=align, new_x=new_x, new_y="NEXT")
        else:
            self.multi_cell(width, height, text, align=align, new_x=new_x, new_y="NEXT")

    def key_values(self, rows: Sequence[tuple[str, str]], *, label_width: float = 45) -> None:
        """``Label : value`` lines, values wrapping under themselves."""
        for label, value in rows:
            self.set_x(self.l_margin)
            self.cell(label_width, 5, label)
            self.cell(4, 5, ":")
            self.text_block(str(value) or "–", height=5)
        self.ln(1)

    def data_table(
        self,
        headings: Sequence[str],
        rows: Sequence[Sequence],
        *,
        widths: Sequence[float],
        align: Sequence[str] | None = None,
        line_height: float = 5,
        size: float = 9,
        bold_last_row: bool = False,
        min_row_height: float | None = None,
    ) -> None:
        """A bordered table whose heading row repeats on every page it runs onto; a cell
        value that is an image (a :func:`qr_png`) is drawn as the image."""
        self.set_font(FONT, size=size)
        with self.table(
            col_widths=tuple(widths),
            width=sum(widths),
            align="LEFT",
            line_height=line_height,
            text_align=tuple(align) if align else "LEFT",
            headings_style=FontFace(emphasis="BOLD", fill_color=(230, 230, 230)),
            repeat_headings=1,
            min_row_height=min_row_height,
        ) as grid:
            head = grid.row()
            for text in headings:
                head.cell(text, align="C")
            for index, values in enumerate(rows):
                last = bold_last_row and index == len(rows) - 1
                style = FontFace(emphasis="BOLD") if last else None
                row = grid.row(style=style)
                for value in values:
                    if isinstance(value, io.BytesIO):
                        row.cell(img=value)
                    else:
                        row.cell("" if value is None else str(value))
        self.set_font(FONT, size=10)
        self.ln(2)

    def signatory_block(self, *, day: dt.date | None = None, width: float = 75) -> None:
        """Place and date, title, signature (image or space), name and NIP, on the right."""
        balai = self.balai
        day = day or local_today(balai)
        needed = 45
        if self.get_y() + needed > self.h - self.b_margin:
            self.add_page()
        x = self.l_margin + self.epw - width
        self.ln(4)
        block = signatory_for(balai, day=day)  # the same lines as the workbook and web print
        self.set_font(FONT, size=10)
        for text in (block.place_and_date, block.title):
            self.set_x(x)
            self.text_block(text, height=5, width=width, align="C", new_x="LEFT")
        signature = _image_path(balai.signatory_signature)
        top = self.get_y()
        if signature:
            self.image(signature, x=x + width / 2 - 15, y=top + 1, h=18)
        self.set_y(top + 21)
        self.set_x(x)
        self.set_font(FONT, "B", 10)
        self.text_block(block.name, height=5, width=width, align="C", new_x="LEFT")
        self.set_font(FONT, size=10)
        self.set_x(x)
        self.text_block(block.nip, height=5, width=width, align="C")

    def qr_code(self, payload: str, *, x: float, y: float, size: float) -> None:
        """A QR code of ``payload`` drawn as vector squares (sharp at any zoom, no image).

        Each run of dark modules in a row is one rectangle, and all go out as one filled path
        (fpdf2's ``rect`` per run costs more than the rest of a certificate page).
        """
        import segno

        matrix = segno.make(payload, error="m").matrix
        module = size / (len(matrix) + 8)  # quiet zone of 4 modules each side
        k, top = self.k, self.h
        path = []
        for row_index, row in enumerate(matrix):
            column = 0
            while column < len(row):
                if not row[column]:
                    column += 1
                    continue
                start = column
                while column < len(row) and row[column]:
                    column += 1
                left = x + (start + 4) * module
                upper = y + (row_index + 4) * module
                path.append(
                    f"{left * k:.2f} {(top - upper) * k:.2f} {(column - start) * module * k:.2f} "
                    f"{-module * k:.2f} re"
                )
        self.set_fill_color(0, 0, 0)
        self._out(" ".join(path) + " f")
        self.set_fill_color(255, 255, 255)

    def output_bytes(self) -> bytes:
        return bytes(self.output())


def pdf_response(data: bytes, filename: str) -> HttpResponse:
    """A PDF download; the filename is the caller's (ASCII, no path)."""
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


QR_PNG_SCALE = 4  # pixels per module
QR_PNG_BORDER = 2  # modules of quiet zone in the image


def qr_png(payload: str) -> io.BytesIO:
    """A QR code of ``payload`` as a small black-and-white PNG, for a table cell.

    Error level L: the code is larger per module for the same space (a sheet on a desk is not
    damaged the way a poster is); the cell's white padding adds to the quiet zone.
    """
    import segno

    buffer = io.BytesIO()
    segno.make(payload, error="l").save(
        buffer, kind="png", scale=QR_PNG_SCALE, border=QR_PNG_BORDER
    )
    buffer.seek(0)
    return buffer
