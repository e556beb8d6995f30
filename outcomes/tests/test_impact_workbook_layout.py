"""Printed, nothing of the attribution sheets is cut: text stays inside the page, labels whole.

The check reads the written workbook back (openpyxl) and measures as ``balatkop.xlsx`` does,
in characters of the column width: plain text may overflow into empty cells on its right,
but not past the print area's last column, nor into a filled cell; wrapped or merged text
needs a row tall enough for its lines. What LibreOffice drew before and after is in the
polish notes (scripts/render_workbook.py).
"""

import datetime as dt
import importlib.util
import io
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from openpyxl.utils import column_index_from_string, range_boundaries

from balatkop.tests.test_import_outcomes import require_soffice
from balatkop.xlsx import ROW_POINTS, XlsxBook, wrapped_lines
from outcomes.exports import ImpactReportExport
from outcomes.exports_attribution import COMPARISON_SHEET, RESPONSE_SHEET
from outcomes.impact import ImpactFilters
from outcomes.models import PriceIndex
from outcomes.tests.factories import build_attribution_panel, build_jateng_2021_cohort
from participants.models import Nomination

pytestmark = pytest.mark.django_db

EMU_PER_PIXEL = 9525
_script = Path(__file__).resolve().parents[2] / "scripts" / "render_workbook.py"
_spec = importlib.util.spec_from_file_location("render_workbook", _script)
render = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(render)  # the script a person runs; the test prints the same way

SHEETS = [COMPARISON_SHEET, RESPONSE_SHEET]


def workbook() -> openpyxl.Workbook:
    target = io.BytesIO()
    ImpactReportExport(
        nominations=Nomination.objects.all(), filters=ImpactFilters(), generated_by="Uji"
    ).write(target)
    return openpyxl.load_workbook(io.BytesIO(target.getvalue()))


def column_widths(sheet, last_col: int) -> dict[int, float]:
    """Column number (1 = A) → width, as written."""
    width = dict.fromkeys(range(1, last_col + 1), 13)  # openpyxl's default width
    for letter, d in sheet.column_dimensions.items():  # one <col> may span several columns
        first = d.min or column_index_from_string(letter)
        for col in range(first, (d.max or first) + 1):
            width[col] = d.width
    return width


def cut_texts(sheet) -> list[str]:
    """Every text cell that the printed page would cut, with the reason."""
    _, _, last_col, _ = range_boundaries(sheet.print_area.split("!")[-1].replace("$", ""))
    width = column_widths(sheet, last_col)
    merged = {(r.min_row, r.min_col): r for r in sheet.merged_cells.ranges}
    cut = []
    for row in sheet.iter_rows():
        for cell in row:
            if not isinstance(cell.value, str) or not cell.value:
                continue
            text, where = cell.value, f"{cell.coordinate} {cell.value[:40]!r}"
            if cell.column > last_col:
                cut.append(f"{where}: outside the print area")
                continue
            span = merged.get((cell.row, cell.column))
            if span or cell.alignment.wrap_text:
                columns = range(cell.column, (span.max_col if span else cell.column) + 1)
                room = sum(width[c] for c in columns)
                if cell.font.b:
                    room *= 0.9
                lines = wrapped_lines(text, room)
                height = sheet.row_dimensions[cell.row].height or ROW_POINTS
                if height < ROW_POINTS * lines:
                    cut.append(f"{where}: {lines} lines in a row of {height} points")
                continue
            room, col = width[cell.column], cell.column + 1
            while col <= last_col and sheet.cell(cell.row, col).value in (None, ""):
                room, col = room + width[col], col + 1  # text overflows into empty cells
            size = (cell.font.sz or 11) / 11 * (1.1 if cell.font.b else 1)
            if len(text) * size > room:
                cut.append(f"{where}: {len(text)} characters in {room:.0f}")
    return cut


def test_the_withheld_comparison_prints_whole():
    build_jateng_2021_cohort()
    book = workbook()
    for name in SHEETS:
        assert cut_texts(book[name]) == [], name
    rows = list(book[COMPARISON_SHEET].iter_rows(values_only=True))
    texts = [r[0] for r in rows if r[0]]
    assert any(t.startswith("Selisih tidak ditampilkan: baru 0 data pembanding") for t in texts)
    assert any(t.startswith("Kelompok pembanding tidak dipilih secara acak") for t in texts)


def test_the_shown_comparison_with_real_values_prints_whole(balai_ntb):
    build_attribution_panel(balai=balai_ntb)
    for period, value in ((dt.date(2021, 3, 1), "106.15"), (dt.date(2021, 9, 1), "106.86")):
        PriceIndex.objects.create(
            period=period, index=Decimal(value), base="2018=100", source="BPS, IHK Nasional"
        )
    book = workbook()
    for name in SHEETS:
        assert cut_texts(book[name]) == [], name
    sheet = book[COMPARISON_SHEET]
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    header = rows.index(["", "Pertumbuhan Omzet (%)", "n", "Pertumbuhan Aset (%)",
                         "Tambahan Tenaga Kerja", None])  # fmt: skip
    # The with/without table lines up under the comparison table: growth in B, n in C.
    assert rows[header + 1][:5] == ["Semua data berpasangan", 40.0, 80, 40.0, 80]
    assert sheet.cell(header + 1, 1).font.b  # its header row is a header, not plain text


def test_the_check_finds_a_cut_sentence():
    """The measure itself: a long sentence left to overflow is reported (the old sheet)."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.column_dimensions["A"].width = 40
    sheet.column_dimensions["B"].width = 18
    sheet["A1"] = (
        "Kelompok pembanding tidak dipilih secara acak: mereka mendaftar dan memenuhi syarat"
    )
    sheet["A2"] = "Data berpasangan dari laporan mandiri (dikonfirmasi petugas)"
    sheet["B2"] = 0
    sheet.print_area = "A1:B2"
    assert [line.split(" ")[0] for line in cut_texts(sheet)] == ["A1", "A2"]


def test_the_summary_charts_are_equal_and_end_on_column_edges():
    """LibreOffice sizes an offset inside a cell differently from the cell: a chart that ends
    inside a cell is drawn shorter or longer there. Each chart spans whole column groups."""
    build_jateng_2021_cohort()
    sheet = workbook()["Ringkasan"]
    widths = column_widths(sheet, 6)
    spans = []
    for chart in sheet._charts:
        start, end = chart.anchor._from, chart.anchor.to
        assert end.colOff == 0, "the chart ends inside a cell"
        assert start.colOff == XlsxBook.CHART_GAP * EMU_PER_PIXEL
        # The file's width already holds the padding: 7 pixels a unit (54.71 → 383).
        spans.append(sum(round(widths[c + 1] * 7) for c in range(start.col, end.col)))
    assert [(c.anchor._from.col, c.anchor.to.col) for c in sheet._charts] == [
        (0, 1),
        (1, 3),
        (3, 6),
    ]
    assert max(spans) - min(spans) <= 3, spans  # pixels, rounding of the fractional widths


def test_libreoffice_prints_the_attribution_sheets_and_the_methodology_on_one_page_each(tmp_path):
    require_soffice()  # skipped off CI without LibreOffice; on CI a missing soffice fails
    build_jateng_2021_cohort()
    target = tmp_path / "laporan.xlsx"
    ImpactReportExport(
        nominations=Nomination.objects.all(), filters=ImpactFilters(), generated_by="Uji"
    ).write(target)
    data = target.read_bytes()
    names = render.sheet_names(data)
    for name in (COMPARISON_SHEET, RESPONSE_SHEET, "Metodologi"):
        copy = tmp_path / f"{name}.xlsx"
        copy.write_bytes(render.only_sheet(data, names.index(name)))
        pdf = render.to_pdf(copy, tmp_path, tmp_path / "profile")
        assert render.page_count(pdf) == 1, name
