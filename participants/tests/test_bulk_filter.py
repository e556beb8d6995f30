"""'Terapkan ke semua hasil filter' with a filter that does not hold selects nobody, and says why."""

import pytest
from django.urls import reverse

from participants.models import Nomination, NominationStatus
from participants.tests.matrix_selection import make_nominee, make_program

pytestmark = pytest.mark.django_db
S = NominationStatus


@pytest.mark.parametrize(
    "bad_filter",
    [
        {"kabupaten_kota": "52.08"},  # a district with no nominee (stale link)
        {"q": "x" * 101},
        {"sort": "bogus"},
    ],
    ids=["stale-district", "101-char-search", "bogus-sort"],
)
def test_an_invalid_filter_decides_nothing_and_says_why(staf, client_for, bad_filter):
    program = make_program()
    make_nominee(program, "52.71")
    make_nominee(program, "52.03", status=S.DITOLAK)
    make_nominee(program, "52.03", status=S.CADANGAN)
    response = client_for(staf).post(
        reverse("participants:selection_decide", args=[program.pk]),
        {"scope": "filter", "decision": "terima", **bad_filter},
        follow=True,
    )
    assert not Nomination.objects.filter(status=S.DITERIMA).exists()
    assert "Tidak ada usulan yang diputuskan: filter tidak berlaku" in response.text


def test_the_screening_list_with_an_invalid_filter_shows_nobody_and_the_reason(staf, client_for):
    program = make_program()
    make_nominee(program, "52.71")
    response = client_for(staf).get(
        reverse("participants:selection_program", args=[program.pk]), {"sort": "bogus"}
    )
    assert response.context["page_obj"].paginator.count == 0
    assert "Filter tidak berlaku" in response.text
