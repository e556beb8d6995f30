"""Every number field is bounded: 20–30 digits are a clear message, never a 500."""

import pytest
from django.urls import reverse

from outcomes.models import FollowUp
from outcomes.tests.factories import CompletedNominationFactory
from participants.models import Nomination
from participants.tests.test_registry_views import form_data
from programs.tests.factories import ProgramFactory


@pytest.fixture
def program(balai_ntb):
    return ProgramFactory(balai=balai_ntb)


HUGE = ["1" * 20, "9" * 25, "123456789012345678901234567890", "5.000.000,5"]


@pytest.mark.parametrize("typed", HUGE)
@pytest.mark.parametrize("field", ["baseline_omzet", "baseline_aset", "baseline_tenaga_kerja"])
def test_the_nomination_form_refuses_a_huge_number_with_a_message(
    client_for,
    petugas,
    program,
    field,
    typed,
):
    url = reverse("participants:nomination_create", args=[program.pk])
    response = client_for(petugas).post(url, form_data(**{field: typed}))
    assert response.status_code == 200
    assert not Nomination.objects.exists()
    page = response.content.decode()
    assert "terlalu besar" in page or "bulat" in page


@pytest.mark.parametrize("typed", HUGE)
def test_the_nomination_check_takes_a_huge_number_without_failing(
    client_for,
    petugas,
    program,
    typed,
):
    url = reverse("participants:nomination_check", args=[program.pk])
    data = form_data(baseline_omzet=typed, baseline_aset=typed, baseline_tenaga_kerja=typed)
    assert client_for(petugas).post(url, data).status_code == 200


@pytest.mark.parametrize("typed", HUGE)
@pytest.mark.parametrize("field", ["omzet", "aset", "tenaga_kerja"])
def test_the_followup_form_refuses_a_huge_number_with_a_message(
    client_for, petugas, staf, field, typed
):
    nomination = CompletedNominationFactory(program__balai=staf.balai)
    url = reverse("outcomes:followup_create", args=[nomination.pk])
    data = {"round_months": 6, "measured_on": "2021-06-01", "omzet": "9000000",
            "aset": "60000000", "tenaga_kerja": "3"} | {field: typed}  # fmt: skip
    response = client_for(petugas).post(url, data)
    assert response.status_code == 200
    assert not FollowUp.objects.exists()
    assert "terlalu besar" in response.content.decode() or "bulat" in response.content.decode()


def test_the_visit_form_refuses_a_huge_number(client_for, petugas, staf):
    nomination = CompletedNominationFactory(program__balai=staf.balai)
    url = reverse("outcomes:visit_create", args=[nomination.pk])
    data = {"pendamping": "Budi", "visited_on": "2021-06-01", "topics": "Pembukuan",
            "round_months": 6, "omzet": "9" * 30, "aset": "1", "tenaga_kerja": "1" * 22}  # fmt: skip
    response = client_for(petugas).post(url, data)
    assert response.status_code == 200
    assert "terlalu besar" in response.content.decode()
