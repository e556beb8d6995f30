"""The import gate: archive checks, the sheet's extent, parsing in a child, CSV, and the three
upload paths refusing a tiny file that declares A1:XFD1048576 — quickly, storing nothing."""

import datetime as dt
import io
import os
import time
import zipfile

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from balatkop.importing import gate
from balatkop.importing.gate import read_table, upload_bytes
from balatkop.tests.test_xlsx import make_xlsx
from balatkop.xlsx import Column
from outcomes.models import FollowUpUpload, HistoricalUpload
from participants.models import NominationUpload
from programs.tests.factories import ProgramFactory


def read(data: bytes, name: str = "", sheet="Data"):
    return read_table(data, name=name, sheet_names=[sheet], headers=[])


def grid_bomb() -> bytes:
    """A ~5 KB workbook whose sheet uses A1 and XFD1048576 (the whole grid)."""
    book = openpyxl.Workbook()
    book.active.title = "Usulan"
    book.active["A1"] = "NIK"
    book.active["XFD1048576"] = "x"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _zip(entries: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def test_a_plain_workbook_reads_back_with_types_and_excel_row_numbers():
    data = make_xlsx(
        [["NIK", "Nama", "Omzet", "Tanggal"],
         ["5271014108900001", "Ani", 5_000_000, dt.date(2020, 11, 17)]],
        [Column("NIK", "nik"), Column("Nama"), Column("Omzet", "rupiah"),
         Column("Tanggal", "date")],
    )  # fmt: skip
    table = read(data)
    assert table.headers == ["NIK", "Nama", "Omzet", "Tanggal"]
    assert table.rows == [(2, ["5271014108900001", "Ani", 5_000_000, dt.date(2020, 11, 17)])]


def test_a_nik_typed_as_a_number_reads_back_as_an_int_not_text():
    book = openpyxl.Workbook()
    book.active.title = "Data"
    book.active.append(["NIK"])
    book.active.append([5271014108900001])
    out = io.BytesIO()
    book.save(out)
    assert isinstance(read(out.getvalue()).rows[0][1][0], int)


def test_the_data_sheet_is_found_by_name_or_by_its_headers():
    book = openpyxl.Workbook()
    book.active.title = "Petunjuk"
    book.active.append(["Baca ini"])
    other = book.create_sheet("Lembar2")
    other.append(["NIK", "Nama"])
    other.append(["1", "Ani"])
    out = io.BytesIO()
    book.save(out)
    table = read_table(out.getvalue(), sheet_names=["Usulan"], headers=["nik", "nama"])
    assert table.sheet == "Lembar2" and table.rows == [(2, ["1", "Ani"])]


@pytest.mark.parametrize(("data", "encoding"), [("utf-8-sig", "utf-8-sig"), ("cp1252", "cp1252")])
@pytest.mark.parametrize("delimiter", [";", ","])
def test_csv_with_either_separator_and_either_encoding(data, encoding, delimiter):
    text = f"NIK{delimiter}Nama\n5271014108900001{delimiter}Désirée\n"
    table = read(text.encode(encoding), "usulan.csv")
    assert table.headers == ["NIK", "Nama"]
    assert table.rows == [(2, ["5271014108900001", "Désirée"])]


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("data.pdf", b"%PDF-1.4\x00", "bukan lembar kerja"),
        ("data.xlsx", b"this is not a zip", "bukan lembar kerja"),
        ("data.xlsx", b"\xd0\xcf\x11\xe0rest", "dilindungi kata sandi"),
        ("data.xls", b"\xd0\xcf\x11\xe0rest", "tidak dapat dibaca"),
    ],
)
def test_files_that_are_not_spreadsheets_are_refused_with_a_clear_message(name, data, message):
    with pytest.raises(ValidationError, match=message):
        read(data, name)


def test_files_over_five_megabytes_are_refused():
    with pytest.raises(ValidationError, match="terlalu besar"):
        upload_bytes(SimpleUploadedFile("a.xlsx", b"0" * (5 * 1024 * 1024 + 1)))


def test_a_macro_enabled_workbook_is_refused():
    with zipfile.ZipFile(io.BytesIO(make_xlsx([["A"], ["x"]]))) as source:
        entries = {name: source.read(name) for name in source.namelist()}
    entries["xl/vbaProject.bin"] = b"\x00" * 100
    with pytest.raises(ValidationError, match="makro"):
        read(_zip(entries))


def test_a_zip_bomb_is_refused_before_any_parser_opens_it():
    data = _zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>",
                 "xl/worksheets/sheet1.xml": b"0" * (50 * 1024 * 1024)})  # fmt: skip
    assert len(data) < 200 * 1024
    with pytest.raises(ValidationError, match="zip bomb"):
        read(data)


def test_an_archive_with_a_huge_declared_size_is_refused():
    entries = {"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"}
    entries.update({f"xl/media/image{i}.bin": b"1" * (1024 * 1024) for i in range(260)})
    with pytest.raises(ValidationError, match="terlalu besar bila dibuka"):
        read(_zip(entries, zipfile.ZIP_STORED))


def test_a_sheet_using_the_whole_grid_is_refused_from_its_xml_quickly():
    data = grid_bomb()
    assert len(data) < 10 * 1024
    started = time.monotonic()
    with pytest.raises(ValidationError, match=r"1\.048\.576 baris × 16\.384 kolom"):
        read(data)
    assert time.monotonic() - started < 2


def test_a_declared_dimension_alone_is_enough_to_refuse():
    data = make_xlsx([["A"], ["x"]])
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        entries = {name: source.read(name) for name in source.namelist()}
    sheet = entries["xl/worksheets/sheet1.xml"]
    entries["xl/worksheets/sheet1.xml"] = sheet.replace(b'<dimension ref="A1:A2"/>',
                                                        b'<dimension ref="A1:BZ200000"/>')  # fmt: skip
    with pytest.raises(ValidationError, match=r"200\.000 baris × 78 kolom"):
        read(_zip(entries))


def test_a_reader_crash_ends_the_child_not_this_process():
    # Past the extent check on purpose: python-calamine aborts (SIGABRT) on this grid.
    started = time.monotonic()
    with pytest.raises(ValidationError, match="tidak dapat dibaca"):
        gate._parse_in_child(grid_bomb(), "xlsx", ["Usulan"], [])
    assert time.monotonic() - started < 10
    assert os.getpid()  # still here


def test_an_ods_cell_repeated_across_the_grid_is_refused():
    content = (
        b'<?xml version="1.0"?><office:document-content><office:body><office:spreadsheet>'
        b'<table:table table:name="Data"><table:table-row table:number-rows-repeated="2000000">'
        b'<table:table-cell office:value-type="float" office:value="1" '
        b'table:number-columns-repeated="16384"/></table:table-row></table:table>'
        b"</office:spreadsheet></office:body></office:document-content>"
    )
    data = _zip({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet",
                 "content.xml": content})  # fmt: skip
    with pytest.raises(ValidationError, match="kolom"):
        read(data, "a.ods")


# --- The three upload paths ------------------------------------------------------------------


def _post(client, url, field, data, **extra):
    started = time.monotonic()
    response = client.post(url, {field: SimpleUploadedFile("kecil.xlsx", data), **extra})
    return response, time.monotonic() - started


@pytest.mark.django_db
def test_the_nomination_upload_refuses_the_grid_bomb_fast_and_stores_nothing(client_for, staf):
    program = ProgramFactory(balai=staf.balai)
    url = reverse("participants:nomination_upload", args=[program.pk])
    response, seconds = _post(client_for(staf), url, "file", grid_bomb())
    assert response.status_code == 200 and seconds < 2
    assert "16.384 kolom" in response.content.decode()
    assert not NominationUpload.objects.exists()


@pytest.mark.django_db
def test_the_historical_upload_refuses_the_grid_bomb_fast_and_stores_nothing(client_for, staf):
    response, seconds = _post(
        client_for(staf), reverse("outcomes:historical_import"), "file", grid_bomb()
    )
    assert response.status_code == 200 and seconds < 2
    assert "16.384 kolom" in response.content.decode()
    assert not HistoricalUpload.objects.exists()


@pytest.mark.django_db
def test_the_round_upload_refuses_the_grid_bomb_fast_and_stores_nothing(client_for, staf):
    program = ProgramFactory(balai=staf.balai)
    response, seconds = _post(
        client_for(staf), reverse("outcomes:followup_upload"), "berkas", grid_bomb(),
        program=program.pk, putaran=6,
    )  # fmt: skip
    assert response.status_code == 200 and seconds < 2
    assert "16.384 kolom" in response.content.decode()
    assert not FollowUpUpload.objects.exists()
