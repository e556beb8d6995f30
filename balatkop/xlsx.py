"""The one shared xlsx writer (reading uploads is ``balatkop.importing``'s gate).

:class:`XlsxBook` wraps xlsxwriter in constant-memory mode (about 2× faster than
openpyxl's writer). Every string is written with ``write_string``, so user data such as
``=HYPERLINK(...)`` stays inert text; NIK is always text (Excel keeps only 15 digits of a
number); dates are local and naive; money carries a Rupiah number format.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


# --- Writing -------------------------------------------------------------------------------

NUMBER_FORMATS = {
    "int": "#,##0",
    "year": "0",  # 2025, not "2.025" under an Indonesian Excel
    "rupiah": '"Rp" #,##0',
    "percent": "#,##0.00",
    "decimal": "#,##0.00",
    "date": "dd-mm-yyyy",
}
DEFAULT_WIDTHS = {
    "text": 24,
    "wrap": 60,
    "nik": 19,
    "int": 12,
    "year": 8,
    "rupiah": 18,
    "percent": 14,
    "decimal": 14,
    "date": 12,
}


TEXT_KINDS = frozenset({"text", "nik", "wrap"})
ROW_POINTS = 15  # one line of 11-point text
A4 = 9  # xlsxwriter's paper code


def fit_width(texts: Iterable[str], *, minimum: int = 12, maximum: int = 60) -> int:
    """A column width that shows the longest of ``texts`` whole (within the bounds)."""
    return max(minimum, min(maximum, max((len(t) for t in texts), default=0) + 2))


def column_pixels(width: float) -> int:
    """A column's width in pixels as Excel counts it (and xlsxwriter): 7 a digit, 5 padding."""
    return int(width * 7 + 0.5) + 5 if width >= 1 else int(width * 12 + 0.5)


def widths_as_wide_as(width: float, weights: Sequence[float]) -> list[float]:
    """Widths of columns, in proportion to ``weights``, that side by side are exactly as wide
    as one column of ``width`` (a chart spans either, boundary to boundary)."""
    pixels = column_pixels(width) - 5 * len(weights)
    return [pixels * weight / sum(weights) / 7 for weight in weights]


def wrapped_lines(text: str, width: float) -> int:
    """How many lines ``text`` takes when wrapped at word breaks in a column ``width`` wide."""
    capacity = max(int(width) - 1, 1)
    lines, used = 1, 0
    for word in str(text).split():
        if used and used + 1 + len(word) > capacity:
            lines, used = lines + 1, 0
        used += (1 if used else 0) + len(word)
        while used > capacity:  # a word longer than the column breaks inside it
            lines, used = lines + 1, used - capacity
    return lines


@dataclass(frozen=True)
class Column:
    """One column of a table sheet: its header, kind (how it is written) and width."""

    header: str
    kind: str = "text"  # text | wrap | nik | int | year | rupiah | percent | decimal | date
    width: float | None = None

    @property
    def shown_width(self) -> float:
        return self.width or DEFAULT_WIDTHS.get(self.kind, 16)


def excel_safe_text(value) -> str:
    """For CSV, where there is no cell type: prefix text that a spreadsheet would evaluate."""
    text = "" if value is None else str(value)
    if text[:1] in {"=", "+", "-", "@", "\t", "\r"}:
        return "'" + text
    return text


class XlsxBook:
    """The one xlsx writer: ``with XlsxBook(target) as book: book.table_sheet(...)``.

    Every sheet is print-ready: A4 landscape, one page wide, the header row repeated on each
    page, a print area, and a footer "``footer`` … Halaman X dari Y".
    """

    CHART_GAP = 8  # pixels left of each chart: the space between charts side by side
    CHART_HEIGHT = 220
    CHART_ROWS = 12  # rows of 20 px the charts cover

    def __init__(self, target, *, constant_memory: bool = True, footer: str = ""):
        import xlsxwriter

        self.workbook = xlsxwriter.Workbook(
            target,
            {
                "constant_memory": constant_memory,
                # Never turn strings into numbers, formulas or links: data stays as typed.
                "strings_to_numbers": False,
                "strings_to_formulas": False,
                "strings_to_urls": False,
                "remove_timezone": True,
                "default_date_format": NUMBER_FORMATS["date"],
            },
        )
        self.formats = {
            kind: self.workbook.add_format({"num_format": f}) for kind, f in NUMBER_FORMATS.items()
        }
        # Text sits at the top of its cell: beside a wrapped cell the label stays on line one.
        self.formats["text"] = self.workbook.add_format({"num_format": "@", "valign": "top"})
        self.formats["nik"] = self.formats["text"]
        self.formats["wrap"] = self.workbook.add_format(
            {"num_format": "@", "text_wrap": True, "valign": "top"}
        )
        self.total_formats = {
            kind: self.workbook.add_format(
                {"num_format": NUMBER_FORMATS.get(kind, "@"), "bold": True, "top": 1, "bottom": 6}
            )
            for kind in {*NUMBER_FORMATS, "text"}
        }
        self.header_format = self.workbook.add_format(
            {"bold": True, "bg_color": "#DCE6F1", "border": 1, "text_wrap": True, "valign": "top"}
        )
        self.title_format = self.workbook.add_format({"bold": True, "font_size": 14})
        self.subtitle_format = self.workbook.add_format({"bold": True, "font_size": 12})
        self.signatory_format = self.workbook.add_format({"align": "center"})
        self.signatory_name_format = self.workbook.add_format(
            {"align": "center", "bold": True, "underline": 1}
        )
        self.footer = footer.replace("&", "&&")

    def __enter__(self) -> XlsxBook:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self.workbook.close()

    def write_cell(self, worksheet, row: int, col: int, value, kind: str = "text") -> None:
        """Write one value by its column kind; strings always as inert text."""
        fmt = self.formats.get(kind)
        if value is None or value == "":
            worksheet.write_blank(row, col, None, fmt)
        elif kind in TEXT_KINDS or isinstance(value, str):
            worksheet.write_string(row, col, str(value), fmt)
        elif isinstance(value, bool):
            worksheet.write_boolean(row, col, value)
        elif isinstance(value, dt.datetime):
            if timezone.is_aware(value):
                value = timezone.localtime(value)  # the balai's clock, as the docstring says
            worksheet.write_datetime(row, col, value.replace(tzinfo=None), self.formats["date"])
        elif isinstance(value, dt.date):
            worksheet.write_datetime(row, col, value, self.formats["date"])
        elif isinstance(value, (int, float, Decimal)):
            worksheet.write_number(row, col, float(value), fmt)
        else:
            worksheet.write_string(row, col, str(value), fmt)

    def _write_rows(
        self,
        worksheet,
        columns: Sequence[Column],
        rows: Iterable[Sequence],
        first: int,
        *,
        format_blanks: bool = True,
    ) -> int:
        """Write ``rows`` from row ``first`` on; return the last row written (``first`` − 1: none).

        Each cell comes out exactly as :meth:`write_cell` writes it (balatkop/tests/
        test_xlsx_table.py), but this runs for every cell of an 80,000-row sheet: formats and
        the text/number choice are looked up per column once, and the common cells (non-empty
        text, a number in a number column, a date) take one exact-type test. Text still goes
        through ``write_string`` only, so user data never becomes a formula.
        """
        write_string, write_number = worksheet.write_string, worksheet.write_number
        write_datetime, write_cell = worksheet.write_datetime, self.write_cell
        write_blank = worksheet.write_blank
        kinds = [column.kind for column in columns]
        wrapped = [(col, c.shown_width) for col, c in enumerate(columns) if c.kind == "wrap"]
        if wrapped:  # a few rows of long text: each row as tall as its longest cell
            rows = self._with_heights(worksheet, rows, first, wrapped)
        formats = [self.formats.get(kind) for kind in kinds]
        numeric = [kind not in TEXT_KINDS for kind in kinds]
        date_format = self.formats["date"]
        row_index = first - 1
        for row_index, row in enumerate(rows, start=first):
            for col, value in enumerate(row):
                cls = value.__class__
                if cls is str and value:
                    write_string(row_index, col, value, formats[col])
                elif numeric[col] and (cls is int or cls is float):
                    write_number(row_index, col, value, formats[col])
                elif numeric[col] and cls is Decimal:
                    write_number(row_index, col, float(value), formats[col])
                elif cls is dt.date and numeric[col]:
                    write_datetime(row_index, col, value, date_format)
                elif value is None or value == "":
                    if format_blanks:
                        write_blank(row_index, col, None, formats[col])
                else:
                    write_cell(worksheet, row_index, col, value, kinds[col])
        return row_index

    @staticmethod
    def _with_heights(worksheet, rows, first: int, wrapped: list[tuple[int, int]]):
        for row_index, row in enumerate(rows, start=first):
            lines = max(wrapped_lines(row[col] or "", width) for col, width in wrapped)
            if lines > 1:
                worksheet.set_row(row_index, ROW_POINTS * lines)
            yield row

    def table_sheet(
        self,
        name: str,
        columns: Sequence[Column],
        rows: Iterable[Sequence],
        *,
        title: str | None = None,
        subtitle: str | None = None,
        notes: Sequence[str] = (),
        freeze: bool = True,
        autofilter: bool = True,
        format_blanks: bool = True,
        total_row: Sequence | None = None,
        one_page: bool = False,
        finish: bool = True,
    ):
        """A sheet holding one table (optionally under a title block); returns the sheet.

        ``rows`` may be any iterable (a queryset ``.iterator()``): each row is written and
        forgotten, so memory stays flat however many rows there are. The sheet gets the
        attributes ``header_row`` and ``last_row`` (0-based, the last data row) for charts.
        Empty cells keep the column's format (a template's typed values take it) unless
        ``format_blanks`` is false. ``total_row`` ("Jumlah …") is written bold under the data,
        outside the filter range. With ``finish=False`` the caller writes more below the table
        and then calls :meth:`finish_sheet`; ``one_page`` prints the sheet on a single page.
        """
        worksheet = self.workbook.add_worksheet(name[:31])
        worksheet.one_page = one_page
        worksheet.columns = list(columns)  # what is written below the table lines up with it
        for index, column in enumerate(columns):
            worksheet.set_column(index, index, column.shown_width)
        row_index = 0
        for text, fmt in ((title, self.title_format), (subtitle, self.subtitle_format)):
            if text:
                worksheet.write_string(row_index, 0, text, fmt)
                row_index += 1
        for note in notes:
            worksheet.write_string(row_index, 0, note)
            row_index += 1
        if title or subtitle or notes:
            row_index += 1
        header_row = row_index
        self.header_cells(worksheet, header_row, [column.header for column in columns])
        last_row = self._write_rows(
            worksheet, columns, rows, header_row + 1, format_blanks=format_blanks
        )
        if freeze:
            worksheet.freeze_panes(header_row + 1, 0)
        if autofilter and columns:
            worksheet.autofilter(header_row, 0, last_row, len(columns) - 1)
        worksheet.header_row = header_row
        worksheet.last_row = last_row
        end = last_row
        if total_row is not None:
            end = last_row + 1
            for col, (value, column) in enumerate(zip(total_row, columns, strict=True)):
                fmt = self.total_formats.get(column.kind, self.total_formats["text"])
                if value is None:
                    worksheet.write_blank(end, col, None, fmt)
                elif isinstance(value, str):
                    worksheet.write_string(end, col, value, fmt)
                else:
                    worksheet.write_number(end, col, float(value), fmt)
        if finish:
            self.finish_sheet(worksheet, last_row=end, last_col=len(columns) - 1)
        return worksheet

    def paragraph(self, worksheet, row: int, text: str, *, first_col: int = 0, last_col=None):
        """Long text below a table: one cell across ``first_col``–``last_col`` (default: the
        table's last column), wrapped at word breaks, the row as tall as its lines. Text left
        to overflow would run past the print area's right edge and be cut on paper."""
        columns = worksheet.columns
        last_col = len(columns) - 1 if last_col is None else last_col
        width = sum(c.shown_width for c in columns[first_col : last_col + 1])
        lines = wrapped_lines(text, width)
        if lines > 1:
            worksheet.set_row(row, ROW_POINTS * lines)
        if last_col > first_col:
            worksheet.merge_range(row, first_col, row, last_col, text, self.formats["wrap"])
        else:
            worksheet.write_string(row, first_col, text, self.formats["wrap"])

    def header_cells(self, worksheet, row: int, headers: Sequence[str], first_col: int = 0):
        """A header row (the table's, or a second table's below it), each header wrapped in
        its column and the row as tall as the longest."""
        columns = worksheet.columns[first_col:]
        lines = max(
            (wrapped_lines(h, c.shown_width * 0.9) for h, c in zip(headers, columns, strict=False)),
            default=1,
        )  # bold text is wider
        worksheet.set_row(row, ROW_POINTS * lines + 3)
        for col, header in enumerate(headers, first_col):
            worksheet.write_string(row, col, header, self.header_format)

    def finish_sheet(self, worksheet, *, last_row: int, last_col: int) -> None:
        """Page setup: A4 landscape, one page wide (or one page), print titles, area, footer."""
        worksheet.set_paper(A4)
        worksheet.set_landscape()
        worksheet.set_margins(left=0.5, right=0.5, top=0.6, bottom=0.75)
        worksheet.fit_to_pages(1, 1 if worksheet.one_page else 0)
        worksheet.repeat_rows(worksheet.header_row)
        worksheet.print_area(0, 0, max(last_row, worksheet.header_row), last_col)
        worksheet.set_footer(f"&L&8{self.footer}&R&8Halaman &P dari &N")

    def before_after_chart(
        self, worksheet, *, title, categories, values, largest: int, unit: str, row, columns
    ) -> None:
        """A column chart of one indicator's two cells (before, after), values on the bars.

        ``categories`` and ``values`` are ``(row, first_col, last_col)`` on ``worksheet``;
        the axis and labels read in juta or miliar when the figures are that large. The chart
        spans the table's ``columns`` (first, last) and ends exactly on the next column's
        edge: LibreOffice draws columns wider than Excel (another font) but an offset inside
        a cell at its size in pixels, so a chart ending inside a cell came out shorter or
        longer there, and charts meant to be equal were not.
        """
        number_format = chart_number_format(largest, unit)
        name = worksheet.get_name()
        chart = self.workbook.add_chart({"type": "column"})
        chart.add_series(
            {
                "name": title,
                "categories": [name, categories[0], categories[1], categories[0], categories[2]],
                "values": [name, values[0], values[1], values[0], values[2]],
                "points": [{"fill": {"color": "#9AA5B1"}}, {"fill": {"color": "#0B5ED7"}}],
                "data_labels": {
                    "value": True,
                    "num_format": number_format,
                    "font": {"size": 9, "bold": True},
                },
                "gap": 60,
            }
        )
        chart.set_title({"name": title, "name_font": {"size": 11, "bold": True}})
        chart.set_y_axis(
            {
                "num_format": number_format,
                "min": 0,
                "num_font": {"size": 8},
                "major_gridlines": {"visible": True, "line": {"color": "#D9D9D9"}},
            }
        )
        chart.set_x_axis({"num_font": {"size": 9}})
        chart.set_legend({"none": True})
        first, last = columns
        spanned = sum(column_pixels(c.shown_width) for c in worksheet.columns[first : last + 1])
        chart.set_size({"width": spanned - self.CHART_GAP, "height": self.CHART_HEIGHT})
        worksheet.insert_chart(
            row, first, chart, {"x_offset": self.CHART_GAP, "y_offset": 4, "object_position": 3}
        )

    def signatory_block(self, worksheet, row: int, *, first_col, last_col, signatory) -> int:
        """The signatory block centred over ``first_col``–``last_col``; returns its last row."""
        lines = [
            (signatory.place_and_date, self.signatory_format),
            (signatory.title, self.signatory_format),
            ("", None),
            ("", None),
            ("", None),
            (signatory.name, self.signatory_name_format),
            (signatory.nip, self.signatory_format),
        ]
        for offset, (text, fmt) in enumerate(lines):
            if text:
                worksheet.merge_range(row + offset, first_col, row + offset, last_col, text, fmt)
        return row + len(lines) - 1


def chart_number_format(largest: int, unit: str) -> str:
    """'Rp 2,40 miliar', 'Rp 180,5 juta' or '583 orang' (Excel scales by trailing commas)."""
    if unit == "orang":
        return '#,##0" orang"'
    if largest >= 10**9:
        return '"Rp "#,##0.00,,," miliar"'
    if largest >= 10**6:
        return '"Rp "#,##0.0,," juta"'
    return '"Rp "#,##0'
