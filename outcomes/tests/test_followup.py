"""Follow-up entry: due list, one alumnus, visits and the all-or-nothing round upload."""

import datetime as dt
import io

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from outcomes.models import FollowUp, FollowUpSource, MentoringVisit
from outcomes.services import (
    Measurement,
    add_months,
    followup_due,
    followup_record,
    visit_record,
)
from outcomes.tests.factories import CompletedNominationFactory, FollowUpFactory
from participants.models import Nomination, NominationStatus
from programs.tests.factories import ProgramFactory

pytestmark = pytest.mark.django_db
TODAY = dt.date(2021, 12, 1)  # the factory angkatan ended 20 November 2020


def test_add_months_clamps_to_month_end():
    assert add_months(dt.date(2021, 8, 31), 6) == dt.date(2022, 2, 28)
    assert add_months(dt.date(2021, 3, 15), -6) == dt.date(2020, 9, 15)


def test_rounds_reached_and_unmeasured_are_due(staf):
    program = ProgramFactory(balai=staf.balai)
    waiting = CompletedNominationFactory(program=program)
    measured = CompletedNominationFactory(program=program)
    FollowUpFactory(nomination=measured, round_months=6)
    CompletedNominationFactory(program=program, status=NominationStatus.TIDAK_LULUS)
    due_6 = followup_due(nominations=Nomination.objects.all(), today=TODAY, round_months=6)
    assert list(due_6) == [waiting]
    # +12 months is not reached before 20 November 2021... but on 1 December 2021 it is.
    due_any = followup_due(nominations=Nomination.objects.all(), today=dt.date(2021, 6, 1))
    assert set(due_any) == {waiting}
    assert set(followup_due(nominations=Nomination.objects.all(), today=TODAY)) == {
        waiting,
        measured,
    }


def test_district_officer_due_list_shows_only_own_alumni(client_for, petugas, staf):
    program = ProgramFactory(balai=staf.balai)
    CompletedNominationFactory(program=program, kabupaten_kota_id="52.71")
    CompletedNominationFactory(program=program, kabupaten_kota_id="52.03")
    response = client_for(petugas).get(reverse("outcomes:followup_due"))
    assert response.context["page_obj"].paginator.count == 1


def test_due_list_query_count_does_not_grow(client_for, staf, django_assert_max_num_queries):
    program = ProgramFactory(balai=staf.balai)
    for _ in range(3):
        CompletedNominationFactory(program=program)
    client = client_for(staf)
    with django_assert_max_num_queries(20) as few:
        client.get(reverse("outcomes:followup_due"))
    for _ in range(12):
        CompletedNominationFactory(program=program)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("outcomes:followup_due"))


def test_followup_once_per_round_and_not_before_training_ended(staf):
    nomination = CompletedNominationFactory()
    m = Measurement(6, dt.date(2021, 5, 1), 8_000_000, 60_000_000, 3)
    followup_record(nomination=nomination, measurement=m, by=staf, today=TODAY)
    with pytest.raises(ValidationError, match="sudah ada"):
        followup_record(nomination=nomination, measurement=m, by=staf, today=TODAY)
    early = Measurement(12, dt.date(2020, 11, 1), 8_000_000, 60_000_000, 3)
    with pytest.raises(ValidationError, match="sebelum pelatihan selesai"):
        followup_record(nomination=nomination, measurement=early, by=staf, today=TODAY)
    odd = Measurement(9, dt.date(2021, 8, 1), 8_000_000, 60_000_000, 3)
    with pytest.raises(ValidationError, match="Putaran \\+9 bulan tidak ada"):
        followup_record(nomination=nomination, measurement=odd, by=staf, today=TODAY)


def test_visit_with_figures_records_a_followup_from_the_visit(petugas):
    nomination = CompletedNominationFactory()
    visit = visit_record(
        nomination=nomination, pendamping="Sri", visited_on=dt.date(2021, 6, 2),
        topics="Pemasaran daring", by=petugas, today=TODAY,
        measurement=Measurement(6, dt.date(2021, 6, 2), 9_000_000, 70_000_000, 4),
    )  # fmt: skip
    assert visit.followup.source == FollowUpSource.VISIT
    assert visit.followup.entered_by == petugas


def test_officer_enters_followup_for_own_alumnus_through_the_form(client_for, petugas, staf):
    nomination = CompletedNominationFactory(program__balai=staf.balai)
    url = reverse("outcomes:followup_create", args=[nomination.pk])
    response = client_for(petugas).post(
        url, {"round_months": 6, "measured_on": "2021-06-01", "omzet": 9_000_000,
              "aset": 60_000_000, "tenaga_kerja": 3},
    )  # fmt: skip
    assert response.status_code == 302
    followup = FollowUp.objects.get(nomination=nomination)
    assert (followup.omzet, followup.entered_by) == (9_000_000, petugas)


def _filled_template(client, program, rows: dict[int, list]) -> bytes:
    """Download the +6 template and fill the 'Sesudah' block of the given rows."""
    url = reverse("outcomes:followup_template", args=[program.pk, 6])
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(client.get(url).streaming_content)))
    sheet = workbook["Monitoring"]
    for index, values in rows.items():
        for offset, value in enumerate(values):
            sheet.cell(row=index, column=10 + offset, value=value)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _upload(client, program, data: bytes, round_months=6):
    """Upload, open the preview, confirm: the three steps a user takes."""
    response = client.post(
        reverse("outcomes:followup_upload"),
        {"program": program.pk, "putaran": round_months,
         "berkas": SimpleUploadedFile("monitoring.xlsx", data)},
    )  # fmt: skip
    assert response.status_code == 302, response.context["form"].errors
    preview = client.get(response.url)
    confirm = response.url + "impor/"
    return preview, client.post(confirm)


def test_round_upload_from_the_prefilled_template_records_filled_rows(client_for, staf):
    program = ProgramFactory(balai=staf.balai)
    alumni = [CompletedNominationFactory(program=program) for _ in range(3)]
    client = client_for(staf)
    data = _filled_template(
        client, program,
        {2: [dt.datetime(2021, 6, 1), 9_000_000, 60_000_000, 3],
         3: ["2021-06-02", "Rp 7.500.000", 55_000_000, 2]},
    )  # fmt: skip
    preview, confirm = _upload(client, program, data)
    assert "1 alumni belum dimonitor" in preview.content.decode()
    assert confirm.status_code == 302
    assert FollowUp.objects.filter(source=FollowUpSource.IMPORT).count() == 2
    assert FollowUp.objects.filter(nomination__in=alumni).count() == 2
    assert FollowUp.objects.filter(omzet=7_500_000).exists()


def test_the_round_template_names_its_programme_and_round(client_for, staf):
    program = ProgramFactory(balai=staf.balai)
    url = reverse("outcomes:followup_template", args=[program.pk, 6])
    response = client_for(staf).get(url)
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    guide = " ".join(str(c.value) for row in book["Petunjuk"].iter_rows() for c in row if c.value)
    assert f"Program: {program.code}" in guide and "+6 bulan" in guide
    assert f"{program.code}-6bulan" in response["Content-Disposition"]


def test_a_measurement_far_from_its_round_is_flagged_in_the_preview(client_for, staf):
    program = ProgramFactory(balai=staf.balai, followup_rounds=[6, 12])
    CompletedNominationFactory(program=program)  # angkatan ended 20 November 2020
    client = client_for(staf)
    url = reverse("outcomes:followup_template", args=[program.pk, 6])
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(client.get(url).streaming_content)))
    rows = [[c.value for c in row] for row in workbook["Monitoring"].iter_rows()]
    rows[1][9:13] = [dt.datetime(2021, 5, 25), 9_000_000, 60_000_000, 3]  # a +6 measurement
    book = openpyxl.Workbook()
    for values in rows:
        book.active.append(values)
    book.active.title = "Monitoring"
    out = io.BytesIO()
    book.save(out)
    preview, _confirm = _upload(client, program, out.getvalue(), round_months=12)
    assert "jauh dari putaran +12 bulan" in preview.content.decode()


def test_round_upload_with_one_bad_row_saves_nothing_and_says_why(client_for, staf):
    program = ProgramFactory(balai=staf.balai)
    for _ in range(2):
        CompletedNominationFactory(program=program)
    client = client_for(staf)
    data = _filled_template(
        client, program,
        {2: [dt.datetime(2021, 6, 1), 9_000_000, 60_000_000, 3],
         3: [dt.datetime(2021, 6, 1), "banyak", 55_000_000, 2]},
    )  # fmt: skip
    preview, confirm = _upload(client, program, data)
    assert "Omzet Sesudah: &#x27;banyak&#x27; bukan rupiah bulat" in preview.content.decode()
    assert FollowUp.objects.count() == 0
    messages = [str(m) for m in confirm.wsgi_request._messages]
    assert any(m.startswith("Baris 3, kolom Omzet Sesudah:") for m in messages)


def test_district_officer_cannot_upload_for_another_districts_alumni(
    client_for, staf, petugas, petugas_lain
):
    program = ProgramFactory(balai=staf.balai)
    CompletedNominationFactory(program=program, kabupaten_kota_id="52.71")
    data = _filled_template(
        client_for(staf), program, {2: [dt.datetime(2021, 6, 1), 9_000_000, 60_000_000, 3]}
    )
    preview, _confirm = _upload(client_for(petugas_lain), program, data)
    assert (
        "bukan alumni atau pembanding program ini yang dapat Anda isi" in preview.content.decode()
    )
    assert FollowUp.objects.count() == 0
    assert MentoringVisit.objects.count() == 0
