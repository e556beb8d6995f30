"""Recaps: per angkatan, per programme, per instructor across angkatan; bounded queries."""

from decimal import Decimal

import pytest
from django.urls import reverse

from evaluations import services
from evaluations.models import EvaluationResponse
from evaluations.tests.factories import answer_all, make_angkatan, scores
from participants.models import Nomination
from programs.models import Instruktur
from programs.tests.factories import InstrukturFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene(staf):
    siti = InstrukturFactory(balai=staf.balai, name="Siti Aminah")
    budi = InstrukturFactory(balai=staf.balai, name="Budi Santoso")
    first = make_angkatan(participants=4, instructors=[siti])
    second = make_angkatan(participants=2, instructors=[siti, budi], program=first.program)
    answer_all(first, 4, suggestions="Tambah praktik.")
    invitation = services.invitations_ensure(second)[0]
    questions = [q for g in services.questionnaire(second) for q in g.questions]
    services.response_submit(
        angkatan=second,
        scores={q.name: (5 if q.instruktur == budi else 3) for q in questions},
        suggestions="",
        invitation=invitation,
    )
    scores(first, [(40, 60)] * 4)
    return first, second, siti, budi


def test_angkatan_recap_has_means_distribution_n_and_response_rate(scene):
    first, second, _, _ = scene
    recap = services.questionnaire_recap(
        responses=EvaluationResponse.objects.filter(angkatan=second), participants=2
    )
    assert (recap.responses, recap.participants, recap.response_rate) == (1, 2, Decimal(50))
    assert [i.text for i in recap.general][:1] == ["Pengorganisasian pelatihan"]
    assert all(i.mean == 3 and i.n == 1 and i.counts == [0, 0, 1, 0, 0] for i in recap.general)
    by_name = dict(recap.instructors)
    assert all(i.mean == 5 for i in by_name["Budi Santoso"])
    assert all(i.mean == 3 for i in by_name["Siti Aminah"])
    first_recap = services.questionnaire_recap(
        responses=EvaluationResponse.objects.filter(angkatan=first), participants=4
    )
    assert first_recap.response_rate == 100
    assert first_recap.suggestions == ["Tambah praktik."] * 4


def test_instructor_recap_lists_the_instructor_across_two_angkatan(scene, staf):
    first, second, _, _ = scene
    recaps = {
        r.name: r
        for r in services.instructor_recaps(
            instructors=Instruktur.objects.for_user(staf),
            responses=EvaluationResponse.objects.for_user(staf),
            nominations=Nomination.objects.for_user(staf),
        )
    }
    assert [a.angkatan_id for a in recaps["Siti Aminah"].angkatan] == [first.pk, second.pk]
    assert [(a.responses, a.mean) for a in recaps["Siti Aminah"].angkatan] == [(4, 4), (1, 3)]
    assert recaps["Siti Aminah"].responses == 5
    assert recaps["Siti Aminah"].scores.paired == 4
    assert [a.angkatan_id for a in recaps["Budi Santoso"].angkatan] == [second.pk]
    assert recaps["Budi Santoso"].scores.paired == 0


def _more(staf, n):
    for _ in range(n):
        angkatan = make_angkatan(participants=3, instructors=[InstrukturFactory(balai=staf.balai)])
        answer_all(angkatan, 4, suggestions="Baik.")
        scores(angkatan, [(50, 70)] * 3)
    return angkatan


@pytest.mark.parametrize(
    "name,kwargs",
    [
        ("evaluations:index", None),
        ("evaluations:instructor_recap", None),
        ("evaluations:program_recap", "program"),
        ("evaluations:angkatan_recap", "angkatan"),
        ("evaluations:links", "angkatan"),
    ],
)
def test_recap_queries_do_not_grow_with_rows(
    name, kwargs, scene, staf, client_for, django_assert_max_num_queries
):
    client = client_for(staf)
    first = scene[0]

    def get():
        args = {"program": [first.program_id], "angkatan": [first.pk], None: []}[kwargs]
        with django_assert_max_num_queries(14):
            response = client.get(reverse(name, args=args))
        assert response.status_code == 200
        return response

    get()
    _more(staf, 4)
    get()


def test_recap_pages_show_response_rate_and_instructors(scene, staf, client_for):
    first, second, _, _ = scene
    client = client_for(staf)
    page = client.get(reverse("evaluations:angkatan_recap", args=[second.pk])).text
    assert "1</strong> dari 2 peserta mengisi (tingkat tanggapan 50,0%)" in page
    assert "Instruktur: Budi Santoso" in page
    instructors = client.get(reverse("evaluations:instructor_recap")).text
    assert instructors.count(f"{first.program.code} · angkatan") == 3  # Siti twice, Budi once
