"""The one template writer: protected header row, drop-downs down to the gate's last row that
survive a LibreOffice save, header row tall enough for its wrapped headers, the error book."""

import io

import openpyxl
import pytest

from balatkop.importing.gate import MAX_ROWS
from balatkop.importing.template import write_error_book, write_template
from balatkop.tests.test_import_outcomes import libreoffice, require_soffice
from outcomes.historical import HistoricalImporter
from outcomes.round_import import IMPORTER as ROUND_IMPORTER
from participants.imports import IMPORTER as NOMINATION_IMPORTER

IMPORTERS = [NOMINATION_IMPORTER, HistoricalImporter(), ROUND_IMPORTER]


def template(importer) -> bytes:
    out = io.BytesIO()
    write_template(out, importer)
    return out.getvalue()


def last_rows(sheet) -> dict[str, int]:
    """For each validated column letter, the last row its validation reaches."""
    reach = {}
    for validation in sheet.data_validations.dataValidation:
        for cells in validation.sqref.ranges:
            letter = cells.coord.split(":")[0].rstrip("0123456789")
            reach[letter] = max(reach.get(letter, 0), cells.max_row)
    return reach


@pytest.mark.parametrize("importer", IMPORTERS, ids=lambda i: i.sheet)
def test_the_template_protects_its_headers_and_checks_every_data_row(importer):
    book = openpyxl.load_workbook(io.BytesIO(template(importer)))
    assert book.sheetnames[:3] == [importer.sheet, "Contoh", "Petunjuk"]
    sheet = book[importer.sheet]
    assert [c.value for c in sheet[1]] == [c.header for c in importer.columns]
    assert sheet.protection.sheet and sheet["A1"].protection.locked
    assert sheet.row_dimensions[1].height >= 19
    assert set(last_rows(sheet).values()) == {MAX_ROWS}
    example = [c.value for c in book["Contoh"][2]]
    assert any(value is not None for value in example)


def test_the_drop_downs_still_cover_every_filled_row_after_a_libreoffice_save(tmp_path):
    require_soffice()
    # LibreOffice writes a validation back over the rows in use plus 1,000: so every row a
    # user filled stays checked (here 1,500 rows, typed before the save).
    filled = 1500
    sources = {}
    for importer in IMPORTERS:
        out = io.BytesIO()
        write_template(out, importer, rows=[["x"] * 2 for _ in range(filled)])
        sources[importer.sheet] = out.getvalue()
    for importer in IMPORTERS:
        saved = libreoffice(importer.sheet, "xlsx", tmp_path, sources, kind="template")
        sheet = openpyxl.load_workbook(io.BytesIO(saved))[importer.sheet]
        reach = last_rows(sheet)
        assert reach and min(reach.values()) >= filled + 1
        assert set(reach) == set(
            last_rows(openpyxl.load_workbook(io.BytesIO(sources[importer.sheet]))[importer.sheet])
        )
        assert sheet.protection.sheet


def test_the_error_book_gives_back_the_users_rows_with_a_kesalahan_column():
    from outcomes.tests.test_historical import row

    book = openpyxl.Workbook()
    book.active.title = "Data"
    headers = [c.header for c in HistoricalImporter.columns]
    book.active.append(headers)
    book.active.append(row(1))
    book.active.append(row(2, Status="Lulus?"))
    out = io.BytesIO()
    book.save(out)
    reading = HistoricalImporter(kabkota_codes=frozenset({"52.71"})).read(out.getvalue())
    errors = io.BytesIO()
    write_error_book(errors, reading)
    sheet = openpyxl.load_workbook(io.BytesIO(errors.getvalue())).active
    assert [c.value for c in sheet[1]][-1] == "Kesalahan"
    assert sheet.cell(row=2, column=len(headers) + 1).value is None
    assert "Baris 3, kolom Status" in sheet.cell(row=3, column=len(headers) + 1).value
    status = sheet.cell(row=3, column=headers.index("Status") + 1)
    assert status.value == "Lulus?" and status.fill.fgColor.rgb.endswith("F4C7C3")
    assert sheet.cell(row=3, column=1).fill.fgColor.rgb in (None, "00000000")
