"""The one cell reader: each kind of value read by one rule, nothing scaled, clear refusals."""

import datetime as dt

import pytest

from balatkop import cells
from balatkop.cells import CellError

FIVE_MILLION = [
    "Rp 5.000.000", "5.000.000", "5000000", "5000000.00", "5.000.000,00", "rp5.000.000",
    "Rp. 5.000.000", " 5 000 000 ", "5,000,000", 5_000_000, 5_000_000.0,
]  # fmt: skip


@pytest.mark.parametrize("typed", FIVE_MILLION)
def test_every_way_of_writing_five_million_rupiah_reads_as_five_million(typed):
    assert cells.rupiah(typed) == 5_000_000


@pytest.mark.parametrize(
    "typed", ["2.5", "2,5", "5000000.50", "5.000.000,50", "Rp 6.5", "2.4", 2.5, "0.5"]
)
def test_a_non_zero_fraction_of_rupiah_is_refused_quoting_the_value(typed):
    with pytest.raises(CellError, match="bukan rupiah bulat") as error:
        cells.rupiah(typed)
    assert str(typed).strip() in error.value.message


@pytest.mark.parametrize("typed", ["2.5", "2,4", 2.5])
def test_a_fraction_of_a_person_is_refused(typed):
    with pytest.raises(CellError, match="bukan jumlah orang bulat"):
        cells.people(typed)


def test_three_digits_after_a_mark_are_thousands_and_never_a_fraction():
    assert cells.people("2.500") == 2500
    assert cells.rupiah("80000000.0") == 80_000_000
    assert cells.people("3.0") == 3


@pytest.mark.parametrize("typed", ["50000.000", "5.000,000", "5.000.000.00", "1,234.567.8"])
def test_irregular_grouping_is_refused_rather_than_guessed(typed):
    with pytest.raises(CellError):
        cells.rupiah(typed)


@pytest.mark.parametrize(
    ("reader", "typed"),
    [
        (cells.rupiah, "1" * 20),
        (cells.rupiah, "9" * 30),
        (cells.rupiah, 10**15 + 1),
        (cells.rupiah, 1e25),
        (cells.people, "1000001"),
        (cells.rupiah, "1" * 5000),
    ],
)
def test_numbers_beyond_a_sane_bound_are_refused(reader, typed):
    with pytest.raises(CellError):
        reader(typed)


def test_negative_money_true_or_words_are_refused():
    with pytest.raises(CellError, match="Tidak boleh negatif"):
        cells.rupiah("-5.000")
    for typed in (True, "lima juta", float("nan"), dt.date(2020, 1, 1)):
        with pytest.raises(CellError):
            cells.rupiah(typed)


def test_an_empty_cell_is_none():
    assert cells.rupiah(None) is None
    assert cells.rupiah("  ") is None
    assert cells.date("") is None


NOVEMBER_17 = dt.date(2020, 11, 17)


@pytest.mark.parametrize(
    "typed",
    [
        NOVEMBER_17, dt.datetime(2020, 11, 17, 0, 0), 44152, 44152.0, "2020-11-17",
        "17/11/2020", "17-11-2020", "17.11.2020", "17 November 2020", "17 Nov 2020",
        "17 november 2020", "17-Nov-2020", "2020-11-17 00:00:00",
    ],
)  # fmt: skip
def test_every_date_shape_reads_as_the_same_day(typed):
    assert cells.date(typed) == NOVEMBER_17


def test_indonesian_month_names_full_and_short():
    assert cells.date("5 Agustus 2019") == dt.date(2019, 8, 5)
    assert cells.date("5 Agu 2019") == dt.date(2019, 8, 5)
    assert cells.date("1 Mei 2021") == dt.date(2021, 5, 1)
    assert cells.date("31 Des 2021") == dt.date(2021, 12, 31)


def test_month_first_is_never_guessed():
    with pytest.raises(CellError, match="hari ditulis dulu"):
        cells.date("11/17/2020")
    assert cells.date("03/04/2020") == dt.date(2020, 4, 3)  # 3 April, day first


@pytest.mark.parametrize("typed", ["kemarin", "2020/11/17", "17/11/20", "31-02-2020", 0, -5])
def test_unreadable_dates_are_refused_not_reported_as_empty(typed):
    with pytest.raises(CellError) as error:
        cells.date(typed)
    assert "wajib" not in error.value.message


@pytest.mark.parametrize("typed", ["52.71 Kota Mataram", "52.71", "5271", 52.71])
def test_kabupaten_kota_codes_in_the_shapes_people_write(typed):
    assert cells.kabupaten_kota(typed) == "52.71"


def test_a_kabupaten_kota_code_that_excel_shortened():
    assert cells.kabupaten_kota(52.1) == "52.10"


def test_nik_with_spaces_is_normalised_and_a_nik_number_is_refused():
    assert cells.nik(" 5271 0117 0385 0001 ") == "5271011703850001"
    with pytest.raises(CellError, match="NIK tersimpan sebagai angka"):
        cells.nik(5271011703850001)


def test_nib_is_thirteen_digits_as_text():
    assert cells.nib("912 000 1234567") == "9120001234567"
    with pytest.raises(CellError, match="NIB tersimpan sebagai angka"):
        cells.nib(9120001234567)
    with pytest.raises(CellError, match="13 angka"):
        cells.nib("12345")


def test_a_phone_keeps_its_leading_zero():
    assert cells.phone("0812-3456-7890") == "081234567890"
    assert cells.phone(81234567890) == "081234567890"
    assert cells.phone("+62 812 3456 7890") == "+6281234567890"
    with pytest.raises(CellError):
        cells.phone("nomor saya")


def test_choices_are_matched_case_and_space_insensitively():
    options = cells.choices_from([("lulus", "Lulus"), ("tidak_lulus", "Tidak  Lulus")])
    assert cells.choice(" TIDAK   lulus ", options) == "tidak_lulus"
    with pytest.raises(CellError, match="pilih salah satu"):
        cells.choice("gagal", options, shown=["Lulus", "Tidak Lulus"])


def test_a_date_where_a_number_belongs_is_named_in_words():
    with pytest.raises(
        cells.CellError, match=r"Tertulis tanggal \(26 November 2026\), bukan angka"
    ):
        cells.rupiah(dt.date(2026, 11, 26))
