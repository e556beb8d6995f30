"""'Holds a seat' has one meaning: a withdrawn participant frees the place on every page."""

import pytest
from django.urls import reverse

from participants.models import NominationStatus
from participants.services import placement
from participants.tests.matrix_selection import make_placed, make_program
from programs.models import Angkatan
from programs.selectors import district_rows
from programs.services import angkatan_update
from programs.tests.factories import AngkatanFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def angkatan(balai_ntb):
    angkatan = AngkatanFactory(program=make_program(), capacity=2)
    make_placed(angkatan)
    withdrawn = make_placed(angkatan)
    withdrawn.status = NominationStatus.MENGUNDURKAN_DIRI
    withdrawn.save()
    return angkatan


def test_a_withdrawn_participant_frees_the_place_everywhere(angkatan, staf, client_for):
    program = angkatan.program
    assert placement.placed_count(angkatan) == 1
    counted = Angkatan.objects.with_filled().get(pk=angkatan.pk)
    assert (counted.filled, counted.places_left) == (1, 1)
    page = client_for(staf).get(reverse("programs:program_detail", args=[program.pk]))
    (row,) = page.context["angkatan_list"]
    assert (row.filled, row.places_left) == (1, 1)
    assert page.context["totals"]["places_left"] == 1
    detail = client_for(staf).get(reverse("programs:angkatan_detail", args=[angkatan.pk]))
    assert detail.context["angkatan"].filled == 1
    placing = client_for(staf).get(reverse("participants:placement", args=[program.pk]))
    assert [a.filled for a in placing.context["angkatan_list"]] == [1]
    mataram = district_rows(program=program).get(pk="52.71")
    assert mataram.placed == 1 and mataram.accepted == 1


def test_capacity_may_shrink_to_the_places_still_held(angkatan):
    angkatan_update(
        angkatan=angkatan,
        number=angkatan.number,
        start_date=angkatan.start_date,
        end_date=angkatan.end_date,
        capacity=1,
        confirm_length=True,
    )
    angkatan.refresh_from_db()
    assert angkatan.capacity == 1
