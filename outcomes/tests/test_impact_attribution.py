"""Comparison group, response, real values and extremes against a panel of known effect."""

import datetime as dt
import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from outcomes.exports import ImpactReportExport
from outcomes.impact import ImpactFilters, impact_compute
from outcomes.impact_attribution import MIN_COMPARISON
from outcomes.models import FollowUp, PriceIndex
from outcomes.services import Measurement, followup_due, followup_record
from outcomes.tests.factories import (
    PANEL_TODAY,
    CompletedNominationFactory,
    FollowUpFactory,
    build_attribution_panel,
    build_jateng_2021_cohort,
)
from participants.models import Nomination, NominationStatus
from participants.tests.factories import NominationFactory

pytestmark = pytest.mark.django_db


def attribution(**filters):
    report = impact_compute(
        nominations=Nomination.objects.all(), filters=ImpactFilters(**filters), today=PANEL_TODAY
    )
    return report, report.attribution


def test_panel_difference_in_differences_is_exactly_25_points(balai_ntb):
    build_attribution_panel(balai=balai_ntb)
    report, a = attribution()
    omzet = a.comparison.indicator("Omzet (Rp/bulan)")
    assert report.total.omzet.growth == Decimal("40.00")
    assert (a.comparison.alumni_paired, a.comparison.comparison_paired) == (80, 40)
    assert a.comparison.comparison_total == 50
    assert omzet.alumni.growth == Decimal("40.00")
    assert omzet.comparison.growth == Decimal("15.00")
    assert omzet.difference == Decimal("25.00")
    assert a.comparison.shown and not a.comparison.why_not_shown


def test_panel_response_rates_show_that_lower_baselines_answered_less(balai_ntb):
    build_attribution_panel(balai=balai_ntb)
    _, a = attribution()
    alumni, comparison = a.responses
    assert (alumni.group, alumni.round_months, alumni.due, alumni.measured) == (
        "Alumni",
        6,
        100,
        80,
    )
    assert alumni.rate == Decimal("80.00")
    assert (alumni.measured_mean, alumni.unmeasured_mean) == (14_750_000, 7_375_000)
    assert (comparison.group, comparison.due, comparison.measured) == ("Pembanding", 50, 40)
    assert comparison.rate == Decimal("80.00")


def test_below_the_minimum_the_difference_is_withheld_and_the_reason_given(balai_ntb):
    build_attribution_panel(balai=balai_ntb)
    extra = list(
        FollowUp.objects.filter(nomination__status=NominationStatus.CADANGAN).values_list(
            "pk", flat=True
        )
    )
    FollowUp.objects.filter(pk__in=extra[MIN_COMPARISON - 1 :]).delete()
    _, a = attribution()
    assert a.comparison.comparison_paired == MIN_COMPARISON - 1
    assert not a.comparison.shown
    assert a.comparison.indicator("Omzet (Rp/bulan)").difference is None
    assert "29 data pembanding berpasangan, kurang dari 30" in a.comparison.why_not_shown


def test_comparison_group_is_only_eligible_applicants_without_a_seat(balai_ntb):
    program = build_attribution_panel(balai=balai_ntb)
    # Rejected for another reason, or ineligible: not comparable, not followed.
    NominationFactory(program=program, status=NominationStatus.DITOLAK, over_quota=False)
    NominationFactory(program=program, status=NominationStatus.CADANGAN, is_eligible=False)
    rejected_over_quota = NominationFactory(
        program=program, status=NominationStatus.DITOLAK, over_quota=True
    )
    _, a = attribution()
    assert a.comparison.comparison_total == 51
    due = followup_due(nominations=Nomination.objects.all(), today=PANEL_TODAY)
    comparison_due = {n.pk for n in due if n.is_comparison}
    assert rejected_over_quota.pk in comparison_due
    assert len(comparison_due) == 11  # ten reserves not yet measured, the over-quota rejection


def test_a_comparison_applicant_is_measured_the_same_way_as_an_alumnus(balai_ntb, staf):
    program = build_attribution_panel(balai=balai_ntb)
    applicant = NominationFactory(program=program, status=NominationStatus.CADANGAN)
    measurement = Measurement(6, dt.date(2021, 10, 1), 9_000_000, 50_000_000, 3)
    followup = followup_record(
        nomination=applicant, measurement=measurement, by=staf, today=PANEL_TODAY
    )
    assert followup.nomination == applicant
    not_comparable = NominationFactory(program=program, status=NominationStatus.DITOLAK)
    with pytest.raises(ValidationError, match="pendaftar pembanding"):
        followup_record(
            nomination=not_comparable, measurement=measurement, by=staf, today=PANEL_TODAY
        )


def test_alumni_figures_are_untouched_by_the_comparison_group(balai_ntb):
    build_jateng_2021_cohort()
    build_attribution_panel(balai=balai_ntb)
    report = impact_compute(
        nominations=Nomination.objects.filter(program__code="JTG-2021-J2"), filters=ImpactFilters()
    )
    assert report.total.omzet.growth == Decimal("123.75")
    assert report.total.omzet.ratio == Decimal("223.75")
    assert report.attribution.comparison.comparison_paired == 0
    assert not report.attribution.comparison.shown


# --- Real values -----------------------------------------------------------------------------


def _index(period, value, base="2018=100"):
    return PriceIndex.objects.create(
        period=period, index=Decimal(value), base=base, source="BPS, IHK Nasional"
    )


def test_real_growth_equals_a_hand_computation_from_the_index_table(balai_ntb):
    build_attribution_panel(balai=balai_ntb)
    _index(dt.date(2021, 3, 1), "106.15")
    _index(dt.date(2021, 9, 17), "106.86")  # stored as September 2021
    _, a = attribution()
    # Alumni omzet ×1,40 nominal; one index pair: 1,40 × 106,15 ÷ 106,86 − 1 = 39,0698…%
    assert a.real.computed
    assert a.real.omzet == Decimal("39.07")
    assert a.real.aset == Decimal("39.07")
    assert a.real.index_used == "IHK (2018=100), sumber: BPS, IHK Nasional"
    assert PriceIndex.objects.filter(period=dt.date(2021, 9, 1)).exists()


def test_without_the_index_for_a_month_the_report_says_so(balai_ntb):
    build_attribution_panel(balai=balai_ntb)
    _index(dt.date(2021, 3, 1), "106.15")
    _, a = attribution()
    assert not a.real.computed and a.real.omzet is None
    assert a.real.missing == [dt.date(2021, 9, 1)]
    assert "belum memuat bulan September 2021" in a.real.reason


def test_indices_of_different_bases_are_not_mixed(balai_ntb):
    build_attribution_panel(balai=balai_ntb)
    _index(dt.date(2021, 3, 1), "106.15")
    _index(dt.date(2021, 9, 1), "100.50", base="2022=100")
    _, a = attribution()
    assert not a.real.computed
    assert "bertahun dasar berbeda (2018=100, 2022=100)" in a.real.reason


# --- Extreme values --------------------------------------------------------------------------


def test_extreme_changes_are_counted_and_the_headline_shown_with_and_without(balai_ntb):
    program = build_attribution_panel(balai=balai_ntb)
    angkatan = program.angkatan.get()
    jump = CompletedNominationFactory(program=program, angkatan=angkatan, baseline_omzet=1_000_000)
    FollowUpFactory(nomination=jump, omzet=10_000_001)  # more than ×10
    drop = CompletedNominationFactory(program=program, angkatan=angkatan, baseline_omzet=20_000_000)
    FollowUpFactory(nomination=drop, omzet=1_999_999)  # below ÷10
    edge = CompletedNominationFactory(program=program, angkatan=angkatan, baseline_omzet=1_000_000)
    FollowUpFactory(nomination=edge, omzet=10_000_000)  # exactly ×10: not extreme
    report, a = attribution()
    e = a.extremes
    assert (e.count, e.rose, e.fell) == (2, 1, 1)
    assert e.with_them.paired == report.total.paired == 83
    assert e.with_them.omzet == report.total.omzet
    assert e.without_them.paired == 81
    before = report.total.omzet.before - 21_000_000
    after = report.total.omzet.after - 10_000_001 - 1_999_999
    assert (e.without_them.omzet.before, e.without_them.omzet.after) == (before, after)


def test_jateng_figures_stay_and_its_extremes_are_only_counted():
    build_jateng_2021_cohort()
    report = impact_compute(nominations=Nomination.objects.all(), filters=ImpactFilters())
    assert report.total.omzet.growth == Decimal("123.75")
    assert report.attribution.extremes.with_them.omzet.growth == Decimal("123.75")


# --- The same panel on the page and in the workbook ----------------------------------------


def _text(html: str, figure: str) -> str:
    start = html.index(f'data-figure="{figure}"')
    return html[html.index(">", start) + 1 : html.index("<", start)].strip()


def test_the_page_shows_the_panel_as_the_service_computes_it(balai_ntb, pimpinan, client_for):
    build_attribution_panel(balai=balai_ntb)
    html = client_for(pimpinan).get(reverse("outcomes:impact_report")).content.decode()
    assert _text(html, "did-alumni-1") == "+40,00%"
    assert _text(html, "did-comparison-1") == "+15,00%"
    assert _text(html, "did-1") == "+25,00 poin"
    assert "(n = 80)" in html and "(n = 40)" in html
    row = html[html.index('data-response="Alumni-6"') :]
    row = row[: row.index("</tr>")]
    for cell in ("100", "80", "80,00%", "Rp 14.750.000", "Rp 7.375.000"):
        assert f">{cell}<" in row, cell
    assert _text(html, "extremes") == "0"
    assert "tabel IHK belum memuat bulan Maret 2021, September 2021" in html
    assert "Kelompok pembanding" in html  # Metodologi


def test_the_page_says_why_the_difference_is_withheld(balai_ntb, pimpinan, client_for):
    build_attribution_panel(balai=balai_ntb)
    FollowUp.objects.filter(nomination__status=NominationStatus.CADANGAN).delete()
    html = client_for(pimpinan).get(reverse("outcomes:impact_report")).content.decode()
    assert _text(html, "did-1") == "–"
    assert "baru 0 data pembanding berpasangan, kurang dari 30" in _text(html, "did-withheld")


def _workbook():
    target = io.BytesIO()
    ImpactReportExport(
        nominations=Nomination.objects.all(), filters=ImpactFilters(), generated_by="Uji"
    ).write(target)
    target.seek(0)
    return openpyxl.load_workbook(target)


def test_the_workbook_holds_the_panel_as_numbers(balai_ntb):
    build_attribution_panel(balai=balai_ntb)
    _index(dt.date(2021, 3, 1), "106.15")
    _index(dt.date(2021, 9, 1), "106.86")
    workbook = _workbook()
    rows = [list(r) for r in workbook["Pembanding"].iter_rows(values_only=True)]
    header = rows.index(
        ["Indikator", "Pertumbuhan Alumni (%)", "n Alumni", "Pertumbuhan Pembanding (%)",
         "n Pembanding", "Selisih (poin persentase)"]
    )  # fmt: skip
    assert rows[header + 1] == ["Omzet (Rp/bulan)", 40.0, 80, 15.0, 40, 25.0]
    values = {r[0]: r[1] for r in rows if r and r[0]}
    assert values["Pertumbuhan omzet riil (%)"] == pytest.approx(39.07)
    assert values["Indeks yang dipakai"] == "IHK (2018=100), sumber: BPS, IHK Nasional"
    assert values["Data berpasangan dengan nilai ekstrem"] == 0
    response = [list(r) for r in workbook["Respons"].iter_rows(values_only=True)]
    assert ["Alumni", 6, 100, 80, 80.0, 14_750_000, 7_375_000] in response
    assert response[2][:5] == ["Pembanding", 6, 50, 40, 80.0]
    methodology = {r[0]: r[1] for r in workbook["Metodologi"].iter_rows(values_only=True)}
    assert "Rumus: Tingkat respons (%)" in methodology
    assert "Rumus: Kelompok pembanding" in methodology
