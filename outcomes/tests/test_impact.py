"""The impact computation: paired totals, growth vs ratio, medians, classes, breakdowns."""

import datetime as dt
from decimal import Decimal

import pytest

from balatkop.models import KabupatenKota
from outcomes.impact import ImpactFilters, impact_compute, umkm_class
from outcomes.tests.factories import (
    CompletedNominationFactory,
    FollowUpFactory,
    build_jateng_2021_cohort,
)
from participants.models import Nomination, NominationStatus
from programs.tests.factories import ProgramFactory

pytestmark = pytest.mark.django_db


def compute(**filters):
    return impact_compute(nominations=Nomination.objects.all(), filters=ImpactFilters(**filters))


def test_jateng_2021_cohort_gives_the_published_figures_as_growth_and_ratio():
    build_jateng_2021_cohort()
    report = compute()
    total = report.total
    assert (total.completed, total.paired, total.pairing_rate) == (106, 106, Decimal("100.00"))
    assert (total.omzet.before, total.omzet.after) == (2_400_000_000, 5_370_000_000)
    assert total.omzet.difference == 2_970_000_000
    assert total.omzet.growth == Decimal("123.75")
    assert total.omzet.ratio == Decimal("223.75")
    assert total.aset.growth == Decimal("67.66")
    assert total.aset.ratio == Decimal("167.66")
    assert (total.tenaga_kerja.before, total.tenaga_kerja.after) == (279, 583)
    assert total.jobs_added == 304
    assert total.tenaga_kerja.growth == Decimal("108.96")


def test_jateng_cohort_class_matrix_counts_two_businesses_naik_kelas():
    build_jateng_2021_cohort()
    report = compute()
    assert report.naik_kelas == 2
    assert report.turun_kelas == 0
    # 103 mikro stayed mikro, one kecil stayed kecil, two went mikro → kecil.
    assert report.class_matrix[0][:2] == [103, 2]
    assert report.class_matrix[1][1] == 1
    assert sum(map(sum, report.class_matrix)) == 106


def test_jateng_cohort_share_of_rising_omzet_and_median_growth():
    build_jateng_2021_cohort()
    report = compute()
    assert report.total.omzet_rose == 104  # one fell, the last stayed about equal (52 → 51 juta)
    assert report.total.omzet_rose_share == Decimal("98.11")
    assert report.omzet_growth_computable == 106
    assert report.omzet_growth_median is not None
    assert Decimal(100) < report.omzet_growth_median < Decimal(200)


def test_breakdowns_add_up_to_the_total():
    build_jateng_2021_cohort()
    report = compute()
    for breakdown in report.breakdowns:
        assert sum(g.completed for g in breakdown.groups) == 106, breakdown.key
        assert sum(g.omzet.after for g in breakdown.groups) == 5_370_000_000, breakdown.key
    districts = report.breakdown("kabupaten_kota").groups
    assert len(districts) == 6
    assert districts[0].label == "Kabupaten Cilacap"
    assert [g.label for g in report.breakdown("jenis_kelamin").groups] == ["Laki-laki", "Perempuan"]


def test_unpaired_alumni_are_counted_but_excluded_from_sums():
    program = ProgramFactory()
    paired = CompletedNominationFactory(program=program, baseline_omzet=10_000_000)
    FollowUpFactory(nomination=paired, omzet=15_000_000)
    CompletedNominationFactory(program=program, baseline_omzet=900_000_000)  # no follow-up
    CompletedNominationFactory(program=program, status=NominationStatus.TIDAK_LULUS)
    report = compute()
    assert (report.total.completed, report.total.paired, report.total.unpaired) == (2, 1, 1)
    assert report.total.pairing_rate == Decimal("50.00")
    assert (report.total.omzet.before, report.total.omzet.after) == (10_000_000, 15_000_000)
    assert report.total.omzet.growth == Decimal("50.00")


def test_zero_baseline_is_not_computable_instead_of_dividing_by_zero():
    nomination = CompletedNominationFactory(
        baseline_omzet=0, baseline_aset=0, baseline_tenaga_kerja=0
    )
    FollowUpFactory(nomination=nomination, omzet=5_000_000, aset=0, tenaga_kerja=2)
    report = compute()
    assert report.total.paired == 1
    assert report.total.omzet.growth is None
    assert report.total.omzet.ratio is None
    assert report.total.aset.growth is None
    assert report.omzet_growth_median is None
    assert report.omzet_growth_computable == 0
    assert report.total.jobs_added == 2
    assert report.total.omzet_rose == 1


def test_latest_follow_up_is_paired_by_default_and_a_chosen_round_on_request():
    nomination = CompletedNominationFactory(baseline_omzet=10_000_000)
    FollowUpFactory(
        nomination=nomination, round_months=6, measured_on=dt.date(2021, 6, 1), omzet=12_000_000
    )
    FollowUpFactory(
        nomination=nomination, round_months=12, measured_on=dt.date(2021, 12, 1), omzet=20_000_000
    )
    assert compute().total.omzet.after == 20_000_000
    assert compute(round_months=6).total.omzet.after == 12_000_000
    only_round_24 = compute(round_months=24).total
    assert (only_round_24.completed, only_round_24.paired) == (1, 0)


def test_median_of_individual_growth_with_even_count_averages_the_middle_two():
    program = ProgramFactory()
    for before, after in [(10, 11), (10, 12), (10, 30), (10, 50)]:  # +10%, +20%, +200%, +400%
        n = CompletedNominationFactory(program=program, baseline_omzet=before * 1_000_000)
        FollowUpFactory(nomination=n, omzet=after * 1_000_000)
    assert compute().omzet_growth_median == Decimal("110.00")


def test_filters_limit_to_district_and_sex():
    build_jateng_2021_cohort()
    semarang = KabupatenKota.objects.get(code="33.74")
    report = compute(kabupaten_kota=semarang, sex="L")
    assert report.total.completed == 18  # i ≡ 0 (mod 6) are all men
    assert compute(kabupaten_kota=semarang, sex="P").total.completed == 0


def test_umkm_class_boundaries_follow_pp_7_2021_on_annual_sales():
    assert umkm_class(166_666_666) == 1  # × 12 = 1.999.999.992 ≤ Rp 2 miliar
    assert umkm_class(166_666_667) == 2
    assert umkm_class(1_250_000_000) == 2  # exactly Rp 15 miliar a year
    assert umkm_class(1_250_000_001) == 3
    assert umkm_class(4_166_666_667) == 4


def test_class_matrix_in_the_database_agrees_with_umkm_class_at_every_boundary():
    omzets = [0, 166_666_666, 166_666_667, 1_250_000_000, 1_250_000_001, 4_166_666_666,
              4_166_666_667]  # fmt: skip
    expected = [[0] * 4 for _ in range(4)]
    for i, before in enumerate(omzets):
        after = omzets[-1 - i]
        nomination = CompletedNominationFactory(baseline_omzet=before)
        FollowUpFactory(nomination=nomination, omzet=after)
        expected[umkm_class(before) - 1][umkm_class(after) - 1] += 1
    CompletedNominationFactory()  # unpaired: in no cell
    assert compute().class_matrix == expected


def test_query_count_does_not_grow_with_participants(django_assert_max_num_queries):
    build_jateng_2021_cohort()
    # Three for the headline and breakdowns, four for outcomes.impact_attribution.
    with django_assert_max_num_queries(7):
        compute()


def test_a_breakdown_longer_than_a_screen_is_left_to_the_workbook():
    from outcomes.impact import Breakdown

    assert Breakdown("angkatan", "Angkatan", groups=[None] * 60).fits_screen
    assert not Breakdown("angkatan", "Angkatan", groups=[None] * 61).fits_screen
