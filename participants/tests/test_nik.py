"""NIK structure: PPKKCC DDMMYY SSSS, women's day + 40, region and mismatches are warnings."""

import datetime as dt

import pytest

from participants.nik import check_nik, make_nik

KNOWN = {"52.71", "52.03"}
TODAY = dt.date(2025, 1, 1)


def check(raw, **kwargs):
    return check_nik(raw, known_kabupaten_kota=KNOWN, today=TODAY, **kwargs)


def test_a_mans_nik_gives_his_birth_date_and_sex():
    result = check("5271011703850001")
    assert result.ok and not result.warnings
    assert result.sex == "L"
    assert result.birth_date == dt.date(1985, 3, 17)
    assert result.kabupaten_kota_code == "52.71"


def test_a_womans_nik_carries_her_day_plus_forty():
    result = check("5271015703850002")
    assert result.ok and not result.warnings
    assert result.sex == "P"
    assert result.birth_date == dt.date(1985, 3, 17)


def test_make_nik_builds_what_check_nik_reads_back():
    nik = make_nik("52.03", dt.date(2001, 12, 5), "P", 42)
    result = check(nik, birth_date=dt.date(2001, 12, 5), sex="P")
    assert result.ok and not result.warnings
    assert nik == "5203014512010042"


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("527101170385001", "16 angka"),
        ("52710117038500011", "16 angka"),
        ("52710117O3850001", "16 angka"),
        ("5271011703850000", "0000"),
        ("5271013203850001", "Tanggal lahir dalam NIK tidak valid"),
        ("5271017213850001", "Tanggal lahir dalam NIK tidak valid"),
    ],
)
def test_malformed_niks_are_errors(raw, message):
    result = check(raw)
    assert not result.ok
    assert message in " ".join(result.errors)


def test_spaces_and_dots_are_ignored():
    assert check("5271 0117 0385 0001").ok
    assert check("52.71.01.170385.0001").ok


def test_an_unknown_kabupaten_kota_is_only_a_warning():
    result = check("5299011703850001")
    assert result.ok
    assert "52.99 tidak dikenal" in result.warnings[0]


def test_a_province_that_kemendagri_does_not_have_is_refused():
    result = check("9999011703850001")
    assert not result.ok
    assert "Kode provinsi NIK 99 bukan provinsi Kemendagri" in result.errors[0]


def test_kecamatan_00_is_refused():
    result = check("5271001703850001")
    assert "Kode kecamatan NIK tidak boleh 00" in result.errors[0]


def test_a_nik_stored_as_a_number_is_refused_with_the_clear_message():
    result = check(5271011703850001)
    assert "NIK tersimpan sebagai angka" in result.errors[0]


def test_a_birth_date_that_disagrees_is_a_warning():
    result = check("5271011703850001", birth_date=dt.date(1985, 3, 18))
    assert result.ok
    assert "Tanggal lahir 18 Maret 1985 berbeda dengan NIK (17 Maret 1985)" in result.warnings[0]


def test_a_sex_that_disagrees_is_a_warning():
    result = check("5271011703850001", sex="P")
    assert result.ok
    assert "Jenis kelamin perempuan berbeda dengan NIK (laki-laki)" in result.warnings[0]


def test_a_nik_that_excel_made_a_number_is_caught():
    # 16 digits do not survive as a float: Excel keeps 15 significant digits.
    assert not check(5.27101170385e15).ok
    assert "angka di Excel" in check(527101170385000).errors[0]
