"""Recaps: per angkatan, per programme, per instructor across angkatan; bounded queries."""

from decimal import Decimal

import pytest
from django.urls import reverse

from evaluations import recaps, services
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
    recap = recaps.questionnaire_recap(
        responses=EvaluationResponse.objects.filter(angkatan=second), participants=2
    )
    assert (recap.responses, recap.participants, recap.response_rate) == (1, 2, Decimal(50))
    assert [i.text for i in recap.general][:1] == ["Pengorganisasian pelatihan"]
    # One response: its mean and distribution would be that person's own answers.
    assert all(i.n == 1 and i.mean is None and i.counts is None for i in recap.general)
    assert all(i.note == recaps.FEW_ANSWERS for i in recap.general)
    assert set(dict(recap.instructors)) == {"Budi Santoso", "Siti Aminah"}
    first_recap = recaps.questionnaire_recap(
        responses=EvaluationResponse.objects.filter(angkatan=first), participants=4
    )
    assert all(i.mean == 4 and i.counts == [0, 0, 0, 4, 0] for i in first_recap.general)
    assert all(not i.hidden and i.note == "" for i in first_recap.general)
    assert first_recap.response_rate == 100
    assert first_recap.suggestions == ["Tambah praktik."] * 4


def test_instructor_recap_lists_the_instructor_across_two_angkatan(scene, staf):
    first, second, _, _ = scene
    by_name = {
        r.name: r
        for r in recaps.instructor_recaps(
            instructors=Instruktur.objects.for_user(staf),
            responses=EvaluationResponse.objects.for_user(staf),
            nominations=Nomination.objects.for_user(staf),
        )
    }
    assert [a.angkatan_id for a in by_name["Siti Aminah"].angkatan] == [first.pk, second.pk]
    assert [(a.responses, a.mean) for a in by_name["Siti Aminah"].angkatan] == [(4, 4), (1, None)]
    assert by_name["Siti Aminah"].responses == 5
    assert by_name["Siti Aminah"].scores.paired == 4
    assert [a.angkatan_id for a in by_name["Budi Santoso"].angkatan] == [second.pk]
    assert by_name["Budi Santoso"].scores.paired == 0


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


@pytest.mark.parametrize("answered,shown", [(2, False), (3, True)])
def test_a_mean_is_shown_from_three_answers_on(staf, client_for, answered, shown):
    angkatan = make_angkatan(participants=3)
    for invitation, score in zip(services.invitations_ensure(angkatan)[:answered], (2, 4, 3)):
        questions = [q.name for g in services.questionnaire(angkatan) for q in g.questions]
        services.response_submit(
            angkatan=angkatan, scores=dict.fromkeys(questions, score), suggestions="",
            invitation=invitation,
        )  # fmt: skip
    recap = recaps.questionnaire_recap(
        responses=EvaluationResponse.objects.filter(angkatan=angkatan), participants=3
    )
    [(_, items)] = recap.instructors
    assert [i.mean for i in recap.general + items] == [Decimal(3) if shown else None] * 7
    [teacher] = recaps.instructor_recaps(
        instructors=Instruktur.objects.for_user(staf),
        responses=EvaluationResponse.objects.for_user(staf),
        nominations=Nomination.objects.for_user(staf),
    )
    assert teacher.angkatan[0].mean == (Decimal(3) if shown else None)
    assert [i.hidden for i in teacher.items] == [not shown] * 4
    client = client_for(staf)
    for page in (
        client.get(reverse("evaluations:angkatan_recap", args=[angkatan.pk])).text,
        client.get(reverse("evaluations:instructor_recap")).text,
    ):
        assert (recaps.FEW_ANSWERS in page) is not shown
        assert ("3,00" in page) is shown
