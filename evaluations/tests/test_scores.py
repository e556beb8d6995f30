"""Pre-test and post-test: gains and shares on a hand-checked angkatan, the grid, closed angkatan."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from balatkop.models import Balai
from evaluations import recaps, services
from evaluations.models import TestScore
from evaluations.tests.factories import make_angkatan, scores
from programs.tests.factories import InstrukturFactory, ProgramFactory

pytestmark = pytest.mark.django_db

# Hand-checked: five participants, three with both scores (40→70, 60→55, 50→50).
# Paired means: pre 50, post 58,33, gain (30 − 5 + 0) / 3 = 8,33; improved 1 of 3 = 33,33 %.
FIRST = [(40, 70), (60, 55), (50, 50), (None, 80), (30, None)]
# Second angkatan of the same programme: 20→60, 70→90 (gains 40 and 20, both improved).
SECOND = [(20, 60), (70, 90)]


def q(value) -> Decimal:
    return Decimal(value).quantize(Decimal("0.01"))


@pytest.fixture
def two_angkatan(staf):
    siti = InstrukturFactory(balai=staf.balai, name="Siti Aminah")
    budi = InstrukturFactory(balai=staf.balai, name="Budi Santoso")
    first = make_angkatan(participants=5, instructors=[siti])
    second = make_angkatan(participants=2, instructors=[siti, budi], program=first.program)
    scores(first, FIRST, by=staf)
    scores(second, SECOND, by=staf)
    return first, second


def test_gain_and_share_improved_of_a_hand_checked_angkatan(two_angkatan):
    first, _ = two_angkatan
    [summary] = recaps.score_summaries(services.placed_nominations(first))
    assert (summary.participants, summary.with_pre, summary.with_post, summary.paired) == (
        5,
        4,
        4,
        3,
    )
    assert q(summary.mean_pre) == q(50)
    assert q(summary.mean_post) == Decimal("58.33")
    assert q(summary.mean_gain) == Decimal("8.33")
    assert summary.improved == 1
    assert q(summary.share_improved) == Decimal("33.33")
    gains = sorted(
        (s.gain for s in TestScore.objects.filter(nomination__angkatan=first)),
        key=lambda g: (g is None, g),
    )
    assert gains == [-5, 0, 30, None, None]


def test_programme_year_and_instructor_groupings(two_angkatan, staf):
    first, second = two_angkatan
    nominations = services.placed_nominations(first).model.objects.for_user(staf)
    [program] = recaps.score_summaries(nominations, by="program")
    # Paired over both angkatan: pre (40+60+50+20+70)/5 = 48, post (70+55+50+60+90)/5 = 65.
    assert (program.paired, q(program.mean_pre), q(program.mean_post)) == (5, q(48), q(65))
    assert (q(program.mean_gain), program.improved, q(program.share_improved)) == (q(17), 3, q(60))
    per_angkatan = {s.key: s for s in recaps.score_summaries(nominations, by="angkatan")}
    assert per_angkatan[second.pk].paired == 2
    assert q(per_angkatan[second.pk].mean_gain) == q(30)
    per_instructor = {s.label: s for s in recaps.score_summaries(nominations, by="instruktur")}
    assert per_instructor["Siti Aminah"].paired == 5  # both angkatan
    assert per_instructor["Budi Santoso"].paired == 2
    assert q(per_instructor["Budi Santoso"].share_improved) == q(100)
    later = make_angkatan(
        participants=1, program=ProgramFactory(balai=Balai.objects.get(code="NTB"), year=2021)
    )
    scores(later, [(10, 20)])
    per_year = {s.label: s for s in recaps.score_summaries(nominations, by="tahun")}
    assert per_year["2020"].paired == 5
    assert (per_year["2021"].paired, q(per_year["2021"].mean_gain)) == (1, q(10))


def test_score_outside_0_to_100_or_not_whole_is_refused_in_indonesian():
    assert services.parse_score(" 85 ") == 85
    assert services.parse_score("") is None
    for text in ["101", "72,5", "-3", "delapan"]:
        with pytest.raises(ValidationError, match="bilangan bulat 0–100"):
            services.parse_score(text)


def test_closed_angkatan_refuses_scores(staf):
    angkatan = make_angkatan(participants=1)
    angkatan.closed_at = timezone.now()
    angkatan.save()
    nomination = services.placed_nominations(angkatan).select_related("angkatan").get()
    with pytest.raises(ValidationError, match="sudah ditutup"):
        services.test_score_record(nomination=nomination, kind="pre", value=50, by=staf)


def test_grid_saves_one_cell_and_answers_with_the_gain(client_for, staf):
    angkatan = make_angkatan(participants=1)
    nomination = services.placed_nominations(angkatan).get()
    client = client_for(staf)
    url = reverse("evaluations:score_cell", args=[angkatan.pk])
    client.post(url, {"cell": f"s-{nomination.pk}-pre", f"s-{nomination.pk}-pre": "45"})
    response = client.post(
        url, {"cell": f"s-{nomination.pk}-post", f"s-{nomination.pk}-post": "70"}
    )
    assert response.status_code == 200
    assert f'id="gain-{nomination.pk}"' in response.text and "+25" in response.text
    bad = client.post(url, {"cell": f"s-{nomination.pk}-post", f"s-{nomination.pk}-post": "120"})
    assert bad.status_code == 400 and "0–100" in bad.text
    score = TestScore.objects.get(nomination=nomination)
    assert (score.pre, score.post, score.recorded_by) == (45, 70, staf)


def test_grid_without_javascript_saves_every_cell_at_once(client_for, staf):
    angkatan = make_angkatan(participants=2)
    a, b = services.placed_nominations(angkatan).order_by("pk")
    response = client_for(staf).post(
        reverse("evaluations:score_grid", args=[angkatan.pk]),
        {
            f"s-{a.pk}-pre": "40",
            f"s-{a.pk}-post": "60",
            f"s-{b.pk}-pre": "",
            f"s-{b.pk}-post": "abc",
        },
        follow=True,
    )
    assert "2 nilai disimpan." in response.text
    assert "bilangan bulat 0–100" in response.text
    assert TestScore.objects.get(nomination=a).gain == 20
    assert not TestScore.objects.filter(nomination=b).exists()


def test_grid_page_queries_do_not_grow_with_participants(
    client_for, staf, django_assert_max_num_queries
):
    client = client_for(staf)
    small = make_angkatan(participants=2)
    large = make_angkatan(participants=25)
    scores(large, [(50, 60)] * 25)
    for angkatan in (small, large):
        with django_assert_max_num_queries(12):
            response = client.get(reverse("evaluations:score_grid", args=[angkatan.pk]))
        assert response.status_code == 200
