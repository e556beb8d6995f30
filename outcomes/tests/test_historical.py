"""The historical import: real .xlsx files written with the shared writer and read back."""

import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command

from balatkop.xlsx import Column, XlsxBook
from outcomes.historical import (
    HEADERS,
    ImportRejected,
    historical_columns,
    historical_import,
    historical_import_check,
    read_historical_file,
    round_months,
    write_historical_book,
)
from outcomes.models import FollowUp, FollowUpSource, ImportLog
from participants.models import Business, Nomination, NominationStatus, Participant
from participants.nik import make_nik
from programs.models import Angkatan, Program, ProgramStatus
from programs.tests.factories import ProgramFactory

pytestmark = pytest.mark.django_db

START, END = dt.date(2020, 11, 17), dt.date(2020, 11, 20)


def row(serial=1, **changes):
    """One good sheet row for a woman of Kota Mataram in NTB-2020-01, angkatan 1."""
    birth = dt.date(1985, 3, 5)
    values = {
        "Kode Program": "NTB-2020-01",
        "Nama Program": "Pelatihan Kewirausahaan UMKM",
        "Tahun": 2020,
        "Jenjang": None,
        "Bidang": "Konveksi",
        "Angkatan": 1,
        "Tanggal Mulai": START,
        "Tanggal Selesai": END,
        "NIK": make_nik("52.71", birth, "P", serial),
        "Nama": f"Siti Aminah {serial}",
        "Jenis Kelamin": "P",
        "Tanggal Lahir": birth,
        "Kode Kabupaten/Kota": "52.71",
        "Peran": "Pemilik Usaha",
        "Nama Usaha": f"Konveksi Sasak {serial}",
        "Sektor": "Konveksi",
        "NIB": f"{9120000000000 + serial:013d}",
        "Mulai Usaha": dt.date(2016, 6, 1),
        "Status": "Lulus",
        "Omzet Sebelum": 6_000_000,
        "Aset Sebelum": 50_000_000,
        "Tenaga Kerja Sebelum": 2,
        "Tanggal Monitoring": dt.date(2021, 5, 20),
        "Omzet Sesudah": 9_500_000,
        "Aset Sesudah": 65_000_000,
        "Tenaga Kerja Sesudah": 3,
    }
    values.update({key.replace("_", " "): value for key, value in changes.items()})
    return [values[h] for h in HEADERS]


def sheet(rows):
    """Write rows to a real .xlsx with the shared writer and read them back."""
    buffer = io.BytesIO()
    write_historical_book(buffer, rows)
    return read_historical_file(buffer.getvalue())


def counts():
    return (
        Program.objects.count(),
        Angkatan.objects.count(),
        Participant.objects.count(),
        Business.objects.count(),
        Nomination.objects.count(),
        FollowUp.objects.count(),
    )


def test_good_rows_create_programme_angkatan_people_nominations_and_followups(balai_ntb, staf):
    headers, rows = sheet([row(1), row(2, Status="Tidak Lulus"), row(3, Angkatan=2)])

    report = historical_import(balai=balai_ntb, headers=headers, rows=rows, by=staf)

    assert report.ok and report.written
    assert report.created == {
        "program": 1, "angkatan": 2, "peserta": 3, "usaha": 3, "usulan": 3, "monitoring": 3
    }  # fmt: skip
    program = Program.objects.get(balai=balai_ntb, code="NTB-2020-01")
    assert (program.year, program.status, program.bidang.name) == (
        2020,
        ProgramStatus.FINISHED,
        "Konveksi",
    )
    assert sorted(program.angkatan.values_list("number", "capacity")) == [(1, 2), (2, 1)]
    first = Nomination.objects.get(participant__name="Siti Aminah 1")
    assert first.participant.nik == make_nik("52.71", dt.date(1985, 3, 5), "P", 1)
    assert (first.status, first.completed_on, first.angkatan.number) == (
        NominationStatus.LULUS,
        END,
        1,
    )
    assert (first.baseline_omzet, first.baseline_aset, first.baseline_tenaga_kerja) == (
        6_000_000,
        50_000_000,
        2,
    )
    assert first.business.nib == "9120000000001"
    assert first.nominated_by == staf
    assert Nomination.objects.get(participant__name="Siti Aminah 2").status == (
        NominationStatus.TIDAK_LULUS
    )
    followup = first.followups.get()
    assert (followup.round_months, followup.omzet, followup.source) == (
        6,
        9_500_000,
        FollowUpSource.IMPORT,
    )
    log = ImportLog.objects.get()
    assert (log.balai, log.imported_by, log.rows, log.created["usulan"]) == (
        balai_ntb,
        staf,
        3,
        3,
    )


def test_a_bad_row_changes_nothing_and_is_reported_by_row_and_column(balai_ntb):
    headers, rows = sheet([row(1), row(2, Status="Lulus dengan pujian"), row(3)])
    before = counts()

    with pytest.raises(ImportRejected) as rejected:
        historical_import(balai=balai_ntb, headers=headers, rows=rows)

    assert counts() == before
    assert not ImportLog.objects.exists()
    errors = [str(issue) for issue in rejected.value.report.errors]
    assert errors == [
        "Baris 3, kolom Status: 'Lulus dengan pujian' tidak dikenal; "
        "pilih salah satu: Lulus, Tidak Lulus, Mengundurkan Diri."
    ]


def test_importing_the_same_file_twice_changes_nothing_the_second_time(balai_ntb):
    headers, rows = sheet([row(1), row(2), row(3, **{"Tanggal Monitoring": None,
        "Omzet Sesudah": None, "Aset Sesudah": None, "Tenaga Kerja Sesudah": None})])  # fmt: skip
    historical_import(balai=balai_ntb, headers=headers, rows=rows)
    after_first = counts()

    second = historical_import(balai=balai_ntb, headers=headers, rows=rows)

    assert counts() == after_first
    assert not sum(second.created.values())
    assert second.existing == {
        "program": 1, "angkatan": 1, "peserta": 3, "usulan": 3, "monitoring": 2
    }  # fmt: skip
    assert ImportLog.objects.count() == 1


def test_a_nik_that_excel_turned_into_a_number_is_an_error_that_says_so(balai_ntb):
    # As a user's own workbook would hold it: the NIK column formatted as a number.
    columns = [Column(h, "int" if h == "NIK" else c.kind) for h, c in
               zip(HEADERS, historical_columns(), strict=True)]  # fmt: skip
    buffer = io.BytesIO()
    with XlsxBook(buffer) as book:
        book.table_sheet("Data", columns, [row(1, NIK=int(row(1)[HEADERS.index("NIK")]))])
    headers, rows = read_historical_file(buffer.getvalue())

    report = historical_import_check(balai=balai_ntb, headers=headers, rows=rows)

    assert [issue.column for issue in report.errors] == ["NIK"]
    assert "sebagai angka di Excel" in report.errors[0].message
    assert "Teks" in report.errors[0].message


def test_each_broken_cell_gets_its_own_indonesian_message(balai_ntb):
    headers, rows = sheet(
        [
            row(1, **{"Jenis Kelamin": "X", "Omzet Sebelum": -5, "Tanggal Mulai": "17/11/2020"}),
            row(2, **{"Kode Kabupaten/Kota": "33.74", "NIB": "12345"}),
            row(3, **{"Omzet Sesudah": None}),
            row(4, Jenjang=5, **{"Aset Sebelum": 1500.5}),
        ]
    )

    report = historical_import_check(balai=balai_ntb, headers=headers, rows=rows)

    found = {(issue.row, issue.column) for issue in report.errors}
    assert found == {
        (2, "Jenis Kelamin"),
        (2, "Omzet Sebelum"),
        (3, "Kode Kabupaten/Kota"),
        (3, "NIB"),
        (4, "Omzet Sesudah"),
        (5, "Jenjang"),
        (5, "Aset Sebelum"),
    }
    messages = {(issue.row, issue.column): issue.message for issue in report.errors}
    assert messages[(2, "Omzet Sebelum")] == "Tidak boleh negatif."
    assert "tidak berada di provinsi Nusa Tenggara Barat" in messages[(3, "Kode Kabupaten/Kota")]
    assert "lengkapi juga: Omzet Sesudah" in messages[(4, "Omzet Sesudah")]


def test_dates_may_be_text_in_iso_form_and_money_may_carry_thousand_dots(balai_ntb):
    headers, rows = sheet(
        [row(1, **{"Tanggal Mulai": "2020-11-17", "Tanggal Selesai": "2020-11-20",
                   "Omzet Sebelum": "6.000.000", "Kode Kabupaten/Kota": "52.71"})]
    )  # fmt: skip

    historical_import(balai=balai_ntb, headers=headers, rows=rows)

    nomination = Nomination.objects.get()
    assert (nomination.angkatan.start_date, nomination.baseline_omzet) == (START, 6_000_000)


def test_a_renamed_header_is_named_as_missing(balai_ntb):
    headers, rows = sheet([row(1)])
    headers[4] = "Bidang Pelatihan"

    report = historical_import_check(balai=balai_ntb, headers=headers, rows=rows)

    assert [str(issue) for issue in report.errors] == [
        "Baris 1: Kolom tidak ditemukan di lembar 'Data': Bidang. "
        "Gunakan templat yang diunduh dari aplikasi."
    ]


def test_selection_criteria_of_an_existing_programme_do_not_block_historical_rows(balai_ntb):
    ProgramFactory(
        balai=balai_ntb,
        code="NTB-2020-01",
        year=2020,
        min_omzet_per_month=50_000_000,
        min_business_months=120,
        criteria_block=True,
    )
    headers, rows = sheet([row(1)])

    report = historical_import(balai=balai_ntb, headers=headers, rows=rows)

    assert report.existing["program"] == 1
    assert Nomination.objects.get().program.code == "NTB-2020-01"


def test_a_person_already_known_by_nik_is_reused_in_a_later_programme(balai_ntb):
    headers, rows = sheet([row(1)])
    historical_import(balai=balai_ntb, headers=headers, rows=rows)
    headers, rows = sheet([row(1, **{"Kode Program": "NTB-2021-02", "Tahun": 2021, "Jenjang": 2})])

    report = historical_import(balai=balai_ntb, headers=headers, rows=rows)

    assert (report.created["peserta"], report.existing["peserta"]) == (0, 1)
    assert (report.created["usaha"], report.existing["usaha"]) == (0, 1)
    assert Participant.objects.get().nominations.count() == 2


def test_a_second_row_of_the_same_person_adds_a_later_monitoring_round(balai_ntb):
    later = {"Tanggal Monitoring": dt.date(2021, 11, 25), "Omzet Sesudah": 12_000_000}
    headers, rows = sheet([row(1), row(1, **later)])

    historical_import(balai=balai_ntb, headers=headers, rows=rows)

    assert list(FollowUp.objects.values_list("round_months", "omzet")) == [
        (6, 9_500_000),
        (12, 12_000_000),
    ]


def test_the_monitoring_round_is_the_whole_month_gap_rounded_to_six():
    end = dt.date(2020, 11, 20)
    assert round_months(end, dt.date(2021, 2, 1)) == 6  # early measurements count as +6
    assert round_months(end, dt.date(2021, 5, 20)) == 6
    assert round_months(end, dt.date(2021, 8, 20)) == 6  # 9 months: halfway, rounds down
    assert round_months(end, dt.date(2021, 9, 19)) == 6  # 9 whole months, not yet 10
    assert round_months(end, dt.date(2021, 9, 20)) == 12  # 10 months
    assert round_months(end, dt.date(2021, 11, 20)) == 12
    assert round_months(end, dt.date(2022, 11, 20)) == 24


def test_the_command_prints_the_row_report_and_exits_with_1_on_errors(balai_ntb, tmp_path):
    path = tmp_path / "salah.xlsx"
    write_historical_book(str(path), [row(1, Status="?")])
    out, err = io.StringIO(), io.StringIO()

    with pytest.raises(CommandError) as failed:
        call_command("impor_historis", str(path), balai="NTB", stdout=out, stderr=err)

    assert failed.value.returncode == 1
    assert "Baris 2, kolom Status" in err.getvalue()
    assert not Nomination.objects.exists()


def test_the_command_imports_a_good_file(balai_ntb, tmp_path):
    path = tmp_path / "baik.xlsx"
    write_historical_book(str(path), [row(1), row(2)])
    out = io.StringIO()

    call_command("impor_historis", str(path), balai="ntb", stdout=out)

    assert "2 baris diimpor" in out.getvalue()
    assert Nomination.objects.count() == 2


def test_the_command_refuses_an_unknown_balai(db, tmp_path):
    path = tmp_path / "baik.xlsx"
    write_historical_book(str(path), [row(1)])

    with pytest.raises(CommandError, match="Balai dengan kode 'XYZ' tidak ada"):
        call_command("impor_historis", str(path), balai="XYZ")


def test_text_with_tabs_newlines_backslashes_and_formulas_is_stored_as_written(balai_ntb):
    odd = 'Usaha "Maju"\tJaya\\Baru\nLombok =1+1'
    headers, rows = sheet([row(1, **{"Nama Usaha": odd})])

    historical_import(balai=balai_ntb, headers=headers, rows=rows)

    assert Business.objects.get().name == odd


def test_the_number_of_queries_does_not_grow_with_the_rows(balai_ntb):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries_for(serials, code):
        headers, rows = sheet(
            [row(s, Angkatan=1 + s % 3, **{"Kode Program": code}) for s in serials]
        )
        with CaptureQueriesContext(connection) as captured:
            historical_import(balai=balai_ntb, headers=headers, rows=rows)
        return len(captured)

    few = queries_for(range(1, 6), "P-KECIL")
    many = queries_for(range(100, 160), "P-BESAR")
    again = queries_for(range(100, 160), "P-BESAR")  # all known: lookups only, no inserts

    assert many == few
    assert again <= few


def test_an_empty_row_in_the_file_keeps_excel_row_numbers_in_the_report(balai_ntb):
    empty = [None] * len(HEADERS)
    buffer = io.BytesIO()
    with XlsxBook(buffer) as book:
        rows = [row(1), empty, row(2, Status="Lulus dengan pujian")]
        book.table_sheet("Data", historical_columns(), rows)
    headers, rows = read_historical_file(buffer.getvalue())

    report = historical_import_check(balai=balai_ntb, headers=headers, rows=rows)

    assert [issue.row for issue in report.errors] == [4]  # header 1, data 2, empty 3
