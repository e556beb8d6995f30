"""The import gate's outcome table: every input variant gives the same outcome in every
importer (nomination, historical, follow-up round, pre/post-test scores) that has the column
the variant is about. Each (variant, importer) is one test; docs in the helper's note list the
same table.
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
from evaluations.models import TestScore
from evaluations.score_import import IMPORTER as SCORE_IMPORTER
from evaluations.score_import import score_file_import, score_file_preview
from evaluations.tests.factories import make_angkatan
from outcomes.historical import HEADERS as HISTORICAL_HEADERS
from outcomes.historical import historical_import, historical_import_check, read_historical_file
from outcomes.models import FollowUp
from outcomes.round_import import IMPORTER as ROUND_IMPORTER
from outcomes.round_import import round_file_import, round_file_preview
from outcomes.tests.factories import CompletedNominationFactory
from outcomes.tests.test_historical import row as historical_row
from participants.imports import HEADERS as NOMINATION_HEADERS
from participants.imports import nomination_file_import, nomination_file_preview
from participants.models import Nomination, NominationStatus
from participants.nik import make_nik
from participants.tests.excel import row as nomination_row
from participants.tests.factories import NominationFactory, ParticipantFactory
from programs.tests.factories import ProgramFactory, QuotaFactory

pytestmark = pytest.mark.django_db
SOFFICE = shutil.which("soffice")
DAY = dt.date(2021, 6, 20)
TODAY = dt.date(2026, 1, 1)


# --- The three importers, seen the same way ------------------------------------------------


@dataclass
class Case:
    """One importer: its sheet, headers, two good rows, and where its date/money/NIK sit
    (the "money" column is the number column a variant writes into: a score for scores)."""

    sheet: str
    headers: list[str]
    rows: list[list]
    date_col: int | None
    money_col: int
    nik_col: int | None
    run: object  # run(data, name) -> ("diimpor", count, money of the first row) | ("ditolak", text)
    whole: str = "rupiah bulat"  # what a refused fraction in the number column is not


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


PESERTA = (910_001, 910_002)  # fixed ids, as ALUMNI


def score_case(cast) -> Case:
    angkatan = make_angkatan(participants=0)
    for i, pk in enumerate(PESERTA):
        NominationFactory(
            pk=pk, program=angkatan.program, angkatan=angkatan,
            participant=ParticipantFactory(name=f"Peserta Nilai {i}"),
            status=NominationStatus.DITEMPATKAN,
        )  # fmt: skip
    staf = cast["staf"]

    def run(data, name):
        reading = score_file_preview(data=data, angkatan=angkatan)
        if not reading.ok:
            return ("ditolak", " | ".join(reading.error_lines()), reading.notices)
        score_file_import(data=data, angkatan=angkatan, by=staf)
        first = TestScore.objects.get(nomination_id=PESERTA[0])
        return ("diimpor", TestScore.objects.count(), first.pre, reading.notices)

    return replace(score_sheet(), run=run)


def score_sheet() -> Case:
    rows = [[pk, f"Peserta Nilai {i}", 60 + i, 85] for i, pk in enumerate(PESERTA)]
    headers = [c.header for c in SCORE_IMPORTER.columns]
    return Case("Nilai", headers, rows, None, 2, None, None, whole="bilangan bulat")


IMPORTERS = {"usulan": nomination_case, "historis": historical_case, "monitoring": round_case,
             "nilai": score_case}  # fmt: skip
# The columns each importer has; a variant about a column runs where the column is.
HAS = {"usulan": {"date", "money", "nik"}, "historis": {"date", "money", "nik"},
       "monitoring": {"date", "money", "nik"}, "nilai": {"score"}}  # fmt: skip


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
    pytest.skip(
        "LibreOffice (soffice) tidak terpasang di mesin ini; di CI ini gagal, bukan dilewati"
    )


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


def about(column: str | None):
    """Mark a file maker with the kind of column its variant is about (see HAS)."""

    def mark(make):
        make.column = column
        return make

    return mark


def number(value, column=None):
    """``value`` in the number column (money, or a score); any importer unless ``column``."""
    return about(column)(
        lambda case, tmp: (
            "x.xlsx",
            xlsx(case.sheet, case.headers, with_cell(case, case.money_col, value)),
        )
    )


def money(value):
    return number(value, "money")


def score(value):
    return number(value, "score")


def day(value):
    return about("date")(
        lambda case, tmp: (
            "x.xlsx",
            xlsx(case.sheet, case.headers, with_cell(case, case.date_col, value)),
        )
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


@about("nik")
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
    sheets = (nomination_sheet(), historical_sheet(), round_sheet(), score_sheet())
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
    "uang '2.5'": (number("2.5"), ("ditolak", "Baris 2, kolom {money}: '2.5' bukan {whole}")),
    "uang 30 angka": (number("9" * 30), ("ditolak", "Baris 2, kolom {money}:")),
    "NIK sebagai angka": (nik_as_number, ("ditolak", NIK_AS_NUMBER)),
    "baris kosong di tengah": (empty_row_inside, IMPORTED),
    "baris kosong lalu baris salah": (
        empty_row_then_bad_row,
        ("ditolak", "Baris 4, kolom {money}: 'banyak' bukan {whole}"),
    ),
    "kolom tambahan": (extra_column, ("diimpor", 2, None, "Kolom di luar templat diabaikan")),
    "kolom diurutkan lain": (reordered, IMPORTED),
    "judul kolom huruf besar + spasi": (upper_case, IMPORTED),
    "lembar data bukan yang pertama": (sheet_not_first, IMPORTED),
    # Scores: whole numbers 0–100, as on the grid.
    "nilai '85,0'": (score("85,0"), ("diimpor", 2, 85)),
    "nilai 85.0 (angka)": (score(85.0), ("diimpor", 2, 85)),
    "nilai 85.5 (angka)": (score(85.5), ("ditolak", "Baris 2, kolom {money}: '85.5' bukan bilangan bulat")),
    "nilai '85,5'": (score("85,5"), ("ditolak", "Baris 2, kolom {money}: '85,5' bukan bilangan bulat")),
    "nilai 101": (score(101), ("ditolak", "Baris 2, kolom {money}: '101' terlalu besar (paling besar 100)")),
    "nilai -1": (score(-1), ("ditolak", "Baris 2, kolom {money}: Tidak boleh negatif")),
    "nilai 'lulus'": (score("lulus"), ("ditolak", "Baris 2, kolom {money}: 'lulus' bukan bilangan bulat")),
}  # fmt: skip
PAIRS = [
    (variant, importer)
    for variant, (make, _) in VARIANTS.items()
    for importer in IMPORTERS
    if getattr(make, "column", None) in HAS[importer] | {None}
]


@pytest.mark.parametrize(("variant", "importer"), PAIRS)
def test_every_variant_has_the_same_outcome_in_every_importer(cast, tmp_path, importer, variant):
    case = IMPORTERS[importer](cast)
    make, expected = VARIANTS[variant]
    name, data = make(case, tmp_path)
    outcome = case.run(data, name)
    money_header = case.headers[case.money_col]
    assert outcome[0] == expected[0], outcome
    if expected[0] == "ditolak":
        assert expected[1].format(money=money_header, whole=case.whole) in outcome[1]
        return
    assert outcome[1] == expected[1]
    if expected[2] is not None:
        assert outcome[2] == expected[2]
    if len(expected) > 3:
        assert any(expected[3] in notice for notice in outcome[3])
