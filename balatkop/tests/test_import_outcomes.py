"""The import gate's outcome table: every input variant gives the same outcome in all three
importers (nomination, historical, follow-up round). Each (variant, importer) is one test;
docs in the helper's note list the same table.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import shutil
import subprocess
from dataclasses import dataclass, replace
from pathlib import Path

import openpyxl
import pytest

from balatkop.cells import NIK_AS_NUMBER
from balatkop.tests.factories import kabkota
from outcomes.historical import HEADERS as HISTORICAL_HEADERS
from outcomes.historical import historical_import, historical_import_check, read_historical_file
from outcomes.models import FollowUp
from outcomes.round_import import IMPORTER as ROUND_IMPORTER
from outcomes.round_import import round_file_import, round_file_preview
from outcomes.tests.factories import CompletedNominationFactory
from outcomes.tests.test_historical import row as historical_row
from participants.imports import HEADERS as NOMINATION_HEADERS
from participants.imports import nomination_file_import, nomination_file_preview
from participants.models import Nomination
from participants.nik import make_nik
from participants.tests.excel import row as nomination_row
from programs.tests.factories import ProgramFactory, QuotaFactory

pytestmark = pytest.mark.django_db
SOFFICE = shutil.which("soffice")
DAY = dt.date(2021, 6, 20)
TODAY = dt.date(2026, 1, 1)


# --- The three importers, seen the same way ------------------------------------------------


@dataclass
class Case:
    """One importer: its sheet, headers, two good rows, and where its date/money/NIK sit."""

    sheet: str
    headers: list[str]
    rows: list[list]
    date_col: int
    money_col: int
    nik_col: int
    run: object  # run(data, name) -> ("diimpor", count, money of the first row) | ("ditolak", text)


def nomination_case(cast) -> Case:
    staf = cast["staf"]
    program = ProgramFactory(balai=staf.balai, min_omzet_per_month=0)
    QuotaFactory(program=program, kabupaten_kota=kabkota("52.71"), seats=10)

    def run(data, name):
        reading = nomination_file_preview(program=program, user=staf, data=data, today=TODAY)
        if not reading.ok:
            return ("ditolak", " | ".join(reading.error_lines()), reading.notices)
        nomination_file_import(program=program, user=staf, data=data, today=TODAY)
        first = Nomination.objects.get(participant__name="Peserta Excel 1")
        return ("diimpor", Nomination.objects.count(), first.baseline_omzet, reading.notices)

    return replace(nomination_sheet(), run=run)


def nomination_sheet() -> Case:
    rows = [nomination_row(1, started_on=DAY), nomination_row(2, started_on=DAY)]
    return Case("Usulan", list(NOMINATION_HEADERS), rows, 12, 13, 0, None)


def historical_case(cast) -> Case:
    balai = cast["staf"].balai

    def run(data, name):
        headers, rows = read_historical_file(data, name=name)
        report = historical_import_check(balai=balai, headers=headers, rows=rows)
        if not report.ok:
            return ("ditolak", " | ".join(report.reading.error_lines()), report.notices)
        historical_import(balai=balai, headers=headers, rows=rows)
        first = Nomination.objects.get(participant__name="Siti Aminah 1")
        return ("diimpor", Nomination.objects.count(), first.baseline_omzet, report.notices)

    return replace(historical_sheet(), run=run)


def historical_sheet() -> Case:
    rows = [historical_row(i, **{"Mulai Usaha": DAY}) for i in (1, 2)]
    return Case("Data", list(HISTORICAL_HEADERS), rows, 17, 19, 8, None)


ALUMNI = (900_001, 900_002)  # fixed ids: the files are the same in every test run


def round_case(cast) -> Case:
    program = ProgramFactory(balai=cast["staf"].balai, followup_rounds=[6, 12])
    alumni = [
        CompletedNominationFactory(pk=pk, program=program, participant__nik=alumnus_nik(i))
        for i, pk in enumerate(ALUMNI)
    ]
    staf = cast["staf"]

    def run(data, name):
        options = {"data": data, "nominations": Nomination.objects.all(), "program": program,
                   "round_months": 6, "today": TODAY}  # fmt: skip
        reading = round_file_preview(**options)
        if not reading.ok:
            return ("ditolak", " | ".join(reading.error_lines()), reading.notices)
        round_file_import(by=staf, **options)
        first = FollowUp.objects.get(nomination=alumni[0])
        return ("diimpor", FollowUp.objects.count(), first.omzet, reading.notices)

    return replace(round_sheet(), run=run)


def round_sheet() -> Case:
    rows = [
        [pk, alumnus_nik(i), f"Alumni {i}", None, "Kota Mataram", 1, 6_000_000, 50_000_000, 2,
         DAY, 5_000_000 + i, 60_000_000, 3]
        for i, pk in enumerate(ALUMNI)
    ]  # fmt: skip
    return Case("Monitoring", [c.header for c in ROUND_IMPORTER.columns], rows, 9, 10, 1, None)


def alumnus_nik(index: int) -> str:
    return make_nik("52.71", dt.date(1990, 1, 1), "L", 801 + index)


IMPORTERS = {"usulan": nomination_case, "historis": historical_case, "monitoring": round_case}


# --- Writing the file each variant describes ------------------------------------------------


def xlsx(sheet, headers, rows, *, before=()) -> bytes:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name in before:
        book.create_sheet(name).append(["Lembar lain"])
    data = book.create_sheet(sheet)
    data.append(headers)
    for values in rows:
        data.append(values)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def csv_bytes(headers, rows, *, delimiter, encoding) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow(headers)
    for values in rows:
        writer.writerow([v.strftime("%d/%m/%Y") if isinstance(v, dt.date) else v for v in values])
    return out.getvalue().encode(encoding)


CONVERTED: dict[tuple[str, str, str], bytes] = {}


def require_soffice() -> None:
    """Skip without LibreOffice on a developer's machine; CI installs it, so there it fails."""
    if SOFFICE:
        return
    if os.environ.get("CI"):
        pytest.fail("LibreOffice (soffice) tidak terpasang, padahal CI memasangnya.")
    pytest.skip("LibreOffice (soffice) is not installed")


def libreoffice(
    sheet: str, target: str, tmp_path: Path, sources: dict[str, bytes], *, kind: str = "plain"
) -> bytes:
    """The plain file of ``sheet`` saved again by LibreOffice as ``target`` (xlsx, ods, xls).

    One soffice run converts the three importers' files at once, once per test session.
    """
    require_soffice()
    if (kind, sheet, target) not in CONVERTED:
        folder = tmp_path / "asal"
        folder.mkdir()
        for name, data in sources.items():
            (folder / f"{name}.xlsx").write_bytes(data)
        out = tmp_path / "lo"
        subprocess.run(
            [SOFFICE, f"-env:UserInstallation=file://{tmp_path}/profile", "--headless",
             "--convert-to", target, "--outdir", str(out),
             *(str(folder / f"{name}.xlsx") for name in sources)],
            check=True, capture_output=True, timeout=180,
        )  # fmt: skip
        for name in sources:
            CONVERTED[(kind, name, target)] = (out / f"{name}.{target}").read_bytes()
    return CONVERTED[(kind, sheet, target)]


def with_cell(case: Case, col: int, value) -> list[list]:
    rows = [list(r) for r in case.rows]
    rows[0][col] = value
    return rows


def money(value):
    return lambda case, tmp: (
        "x.xlsx",
        xlsx(case.sheet, case.headers, with_cell(case, case.money_col, value)),
    )


def day(value):
    return lambda case, tmp: (
        "x.xlsx",
        xlsx(case.sheet, case.headers, with_cell(case, case.date_col, value)),
    )


def plain(case, tmp):
    return "x.xlsx", xlsx(case.sheet, case.headers, case.rows)


def reordered(case, tmp):
    order = list(reversed(range(len(case.headers))))
    rows = [[r[i] for i in order] for r in case.rows]
    return "x.xlsx", xlsx(case.sheet, [case.headers[i] for i in order], rows)


def extra_column(case, tmp):
    rows = [[*r, "catatan"] for r in case.rows]
    return "x.xlsx", xlsx(case.sheet, [*case.headers, "Catatan Petugas"], rows)


def upper_case(case, tmp):
    return "x.xlsx", xlsx(case.sheet, [f"  {h.upper()} " for h in case.headers], case.rows)


def sheet_not_first(case, tmp):
    return "x.xlsx", xlsx(case.sheet, case.headers, case.rows, before=["Petunjuk", "Catatan"])


def empty_row_inside(case, tmp):
    rows = [case.rows[0], [None] * len(case.headers), case.rows[1]]
    return "x.xlsx", xlsx(case.sheet, case.headers, rows)


def empty_row_then_bad_row(case, tmp):
    bad = list(case.rows[1])
    bad[case.money_col] = "banyak"
    rows = [case.rows[0], [None] * len(case.headers), bad]
    return "x.xlsx", xlsx(case.sheet, case.headers, rows)


def nik_as_number(case, tmp):
    return "x.xlsx", xlsx(
        case.sheet, case.headers, with_cell(case, case.nik_col, int(case.rows[0][case.nik_col]))
    )


def resaved(target):
    def make(case, tmp):
        return f"x.{target}", libreoffice(case.sheet, target, tmp, plain_files())

    return make


def plain_files() -> dict[str, bytes]:
    """The plain file of each importer, from its rows alone (no database needed)."""
    sheets = (nomination_sheet(), historical_sheet(), round_sheet())
    return {case.sheet: plain(case, None)[1] for case in sheets}


def semicolon_csv(case, tmp):
    return "x.csv", csv_bytes(case.headers, case.rows, delimiter=";", encoding="cp1252")


def comma_csv(case, tmp):
    return "x.csv", csv_bytes(case.headers, case.rows, delimiter=",", encoding="utf-8-sig")


IMPORTED = ("diimpor", 2, None)
VARIANTS = {
    # variant: (how the file is made, expected outcome)
    "openpyxl .xlsx": (plain, IMPORTED),
    "LibreOffice re-save .xlsx": (resaved("xlsx"), IMPORTED),
    ".ods (LibreOffice)": (resaved("ods"), IMPORTED),
    ".xls (LibreOffice)": (resaved("xls"), IMPORTED),
    ";-CSV, Windows-1252": (semicolon_csv, IMPORTED),
    ",-CSV, UTF-8": (comma_csv, IMPORTED),
    "tanggal sel Excel (serial 44367)": (day(44367), IMPORTED),
    "tanggal 2021-06-20": (day("2021-06-20"), IMPORTED),
    "tanggal 20/06/2021": (day("20/06/2021"), IMPORTED),
    "tanggal 20-06-2021": (day("20-06-2021"), IMPORTED),
    "tanggal 20.06.2021": (day("20.06.2021"), IMPORTED),
    "tanggal 20 Juni 2021": (day("20 Juni 2021"), IMPORTED),
    "tanggal 20 Jun 2021": (day("20 Jun 2021"), IMPORTED),
    "tanggal 06/20/2021 (bulan dulu)": (day("06/20/2021"), ("ditolak", "hari ditulis dulu")),
    "uang 'Rp 5.000.000'": (money("Rp 5.000.000"), ("diimpor", 2, 5_000_000)),
    "uang '5.000.000'": (money("5.000.000"), ("diimpor", 2, 5_000_000)),
    "uang '5000000'": (money("5000000"), ("diimpor", 2, 5_000_000)),
    "uang '5000000.00'": (money("5000000.00"), ("diimpor", 2, 5_000_000)),
    "uang '5.000.000,00'": (money("5.000.000,00"), ("diimpor", 2, 5_000_000)),
    "uang '2.5'": (money("2.5"), ("ditolak", "Baris 2, kolom {money}: '2.5' bukan rupiah bulat")),
    "uang 30 angka": (money("9" * 30), ("ditolak", "Baris 2, kolom {money}:")),
    "NIK sebagai angka": (nik_as_number, ("ditolak", NIK_AS_NUMBER)),
    "baris kosong di tengah": (empty_row_inside, IMPORTED),
    "baris kosong lalu baris salah": (
        empty_row_then_bad_row,
        ("ditolak", "Baris 4, kolom {money}: 'banyak' bukan rupiah bulat"),
    ),
    "kolom tambahan": (extra_column, ("diimpor", 2, None, "Kolom di luar templat diabaikan")),
    "kolom diurutkan lain": (reordered, IMPORTED),
    "judul kolom huruf besar + spasi": (upper_case, IMPORTED),
    "lembar data bukan yang pertama": (sheet_not_first, IMPORTED),
}


@pytest.mark.parametrize("importer", list(IMPORTERS))
@pytest.mark.parametrize("variant", list(VARIANTS))
def test_every_variant_has_the_same_outcome_in_every_importer(cast, tmp_path, importer, variant):
    case = IMPORTERS[importer](cast)
    make, expected = VARIANTS[variant]
    name, data = make(case, tmp_path)
    outcome = case.run(data, name)
    money_header = case.headers[case.money_col]
    assert outcome[0] == expected[0], outcome
    if expected[0] == "ditolak":
        assert expected[1].format(money=money_header) in outcome[1]
        return
    assert outcome[1] == expected[1]
    if expected[2] is not None:
        assert outcome[2] == expected[2]
    if len(expected) > 3:
        assert any(expected[3] in notice for notice in outcome[3])
