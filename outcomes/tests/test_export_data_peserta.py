"""The Data Peserta sheet of the impact workbook: one row per alumnus, derived columns included."""

import datetime as dt
import io

import openpyxl
import pytest

from outcomes.exports import ImpactReportExport
from outcomes.impact import UMKM_CLASSES, ImpactFilters, umkm_class
from outcomes.impact import umkm_class_label as class_label
from outcomes.tests.factories import CompletedNominationFactory, FollowUpFactory
from participants.models import Nomination


@pytest.mark.parametrize(
    "omzet",
    [0, 1, *(upper // 12 + step for _, _, upper in UMKM_CLASSES if upper for step in (-1, 0, 1))],
)
def test_class_label_agrees_with_the_pp_7_2021_rule(omzet):
    assert class_label(omzet) == {r: label for r, label, _ in UMKM_CLASSES}[umkm_class(omzet)]


@pytest.mark.django_db
def test_each_alumnus_row_carries_the_latest_follow_up_and_its_derived_columns(staf):
    program_kwargs = {"program__balai": staf.balai}
    grew = CompletedNominationFactory(baseline_omzet=10_000_000, **program_kwargs)
    FollowUpFactory(nomination=grew, round_months=6, measured_on=dt.date(2021, 5, 1))
    FollowUpFactory(
        nomination=grew, round_months=12, measured_on=dt.date(2021, 11, 1), omzet=200_000_000
    )
    zero = CompletedNominationFactory(program=grew.program, baseline_omzet=0, baseline_aset=0)
    FollowUpFactory(nomination=zero, omzet=4_000_000)
    CompletedNominationFactory(program=grew.program, baseline_omzet=500_000_000)

    target = io.BytesIO()
    ImpactReportExport(
        nominations=Nomination.objects.all(),
        filters=ImpactFilters(),
        viewer=staf,
        generated_by="Uji",
    ).write(target)
    sheet = openpyxl.load_workbook(io.BytesIO(target.getvalue()))["Data Peserta"]
    rows = {row[1]: row for row in sheet.iter_rows(min_row=2, values_only=True)}

    grew_row = rows[grew.participant.nik]  # staf sees NIK in full
    assert grew_row[14:23] == (
        12, dt.datetime(2021, 11, 1), 200_000_000, grew.baseline_aset + 10_000_000,
        grew.baseline_tenaga_kerja + 1, 1900.0, "Mikro", "Kecil", "Ya",
    )  # fmt: skip
    assert rows[zero.participant.nik][19:] == ("tidak dapat dihitung", "Mikro", "Mikro", "Ya")
    unpaired = next(
        row for nik, row in rows.items() if nik not in {grew.participant.nik, zero.participant.nik}
    )
    assert unpaired[14:] == (None, None, None, None, None, None, "Kecil", None, "Tidak")
    assert sorted(row[0] for row in rows.values()) == [1, 2, 3]
    # The year reads 2021, not "2.021" as "#,##0" shows it under an Indonesian Excel.
    assert sheet.cell(row=2, column=7).value == grew.program.year
    assert sheet.cell(row=2, column=7).number_format == "0"
