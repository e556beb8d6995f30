"""The questionnaire: default form, one response per link, closed angkatan, anonymity, weight."""

import re

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from evaluations import recaps, services
from evaluations.models import (
    EvaluationAnswer,
    EvaluationInvitation,
    EvaluationItem,
    EvaluationResponse,
)
from evaluations.tests.factories import make_angkatan
from programs.tests.factories import InstrukturFactory

pytestmark = pytest.mark.django_db


def _all_fives(angkatan) -> dict:
    return {q.name: "5" for g in services.questionnaire(angkatan) for q in g.questions}


@pytest.fixture
def angkatan(staf):
    return make_angkatan(
        participants=3,
        instructors=[
            InstrukturFactory(balai=staf.balai, name="Siti Aminah"),
            InstrukturFactory(balai=staf.balai, name="Budi Santoso"),
        ],
    )


def test_default_questionnaire_asks_general_items_and_four_per_instructor(angkatan):
    groups = services.questionnaire(angkatan)
    assert [g.title for g in groups] == [
        "Penyelenggaraan pelatihan",
        "Instruktur: Budi Santoso",
        "Instruktur: Siti Aminah",
    ]
    assert [q.item.text for q in groups[0].questions] == [
        "Pengorganisasian pelatihan", "Materi pelatihan", "Sarana dan prasarana",
    ]  # fmt: skip
    assert [q.item.text for q in groups[1].questions] == [
        "Penguasaan materi", "Cara penyampaian", "Ketepatan waktu", "Kemampuan menjawab pertanyaan",
    ]  # fmt: skip


def test_staff_adjust_the_programme_questionnaire(angkatan, client_for, staf):
    items = services.evaluation_items(angkatan.program)
    data = {"form-TOTAL_FORMS": str(len(items) + 1), "form-INITIAL_FORMS": str(len(items))}
    for i, item in enumerate(items):
        data |= {f"form-{i}-id": item.pk, f"form-{i}-section": item.section,
                 f"form-{i}-text": item.text, f"form-{i}-position": item.position}  # fmt: skip
        if item.text != "Sarana dan prasarana":
            data[f"form-{i}-active"] = "on"
    new = len(items)
    data |= {f"form-{new}-section": "penyelenggaraan", f"form-{new}-text": "Konsumsi",
             f"form-{new}-position": "9", f"form-{new}-active": "on"}  # fmt: skip
    response = client_for(staf).post(
        reverse("evaluations:program_items", args=[angkatan.program_id]), data
    )
    assert response.status_code == 302
    general = [q.item.text for q in services.questionnaire(angkatan)[0].questions]
    assert general == ["Pengorganisasian pelatihan", "Materi pelatihan", "Konsumsi"]
    assert EvaluationItem.objects.filter(program=angkatan.program).count() == 8


def test_one_response_per_link(angkatan):
    invitation = services.invitations_ensure(angkatan)[0]
    client = Client()
    url = reverse("evaluations:answer", args=[invitation.token])
    first = client.post(url, _all_fives(angkatan) | {"suggestions": "Praktik lebih lama."})
    assert "Terima kasih" in first.text
    again = client.post(url, _all_fives(angkatan))
    assert "sudah diisi" in again.text
    assert client.get(url).text.count("<form") == 0
    assert EvaluationResponse.objects.filter(angkatan=angkatan).count() == 1
    assert EvaluationAnswer.objects.filter(response__angkatan=angkatan).count() == 3 + 2 * 4
    invitation.refresh_from_db()
    assert invitation.answered_on == timezone.localdate()
    with pytest.raises(ValidationError, match="sudah diisi"):
        services.response_submit(
            angkatan=angkatan, scores={}, suggestions="x", invitation=invitation
        )


def test_links_are_unguessable_and_one_per_participant(angkatan):
    first = services.invitations_ensure(angkatan)
    again = services.invitations_ensure(angkatan)
    assert [i.token for i in first] == [i.token for i in again]
    assert len({i.token for i in first}) == 3
    assert all(re.fullmatch(r"[A-Za-z0-9_-]{22}", i.token) for i in first)  # 128 random bits


def test_closed_angkatan_refuses_answers(angkatan):
    invitation = services.invitations_ensure(angkatan)[0]
    url = reverse("evaluations:answer", args=[invitation.token])
    angkatan.closed_at = timezone.now()
    angkatan.save()
    response = Client().post(url, _all_fives(angkatan))
    assert "sudah ditutup" in response.text
    assert "<form" not in response.text
    assert not EvaluationResponse.objects.exists()
    with pytest.raises(ValidationError, match="sudah ditutup"):
        services.response_submit(angkatan=angkatan, scores={}, suggestions="x", paper_for=None)


def test_empty_questionnaire_is_refused_with_a_message(angkatan):
    invitation = services.invitations_ensure(angkatan)[0]
    response = Client().post(reverse("evaluations:answer", args=[invitation.token]), {})
    assert "Isi paling sedikit satu pertanyaan" in response.text
    assert not EvaluationResponse.objects.exists()


def test_public_page_shows_first_name_and_programme_only_and_weighs_under_50_kb(angkatan):
    invitation = services.invitations_ensure(angkatan)[0]
    participant = invitation.nomination.participant
    response = Client().get(reverse("evaluations:answer", args=[invitation.token]))
    assert response.status_code == 200
    assert participant.name.split()[0] in response.text
    assert angkatan.program.name in response.text
    assert participant.nik not in response.text
    assert participant.name not in response.text or " " not in participant.name
    assert "<script" not in response.text
    css = (settings.BASE_DIR / "static/css/evaluasi.css").read_bytes()
    assert len(response.content) + len(css) < 50_000
    assert response["Cache-Control"].startswith("max-age=0")


def test_public_page_is_rate_limited_per_address(angkatan):
    invitation = services.invitations_ensure(angkatan)[0]
    url = reverse("evaluations:answer", args=[invitation.token])
    client = Client(REMOTE_ADDR="10.1.2.3")
    statuses = [client.get(url).status_code for _ in range(31)]
    assert statuses[:30] == [200] * 30 and statuses[30] == 429
    assert Client(REMOTE_ADDR="10.9.9.9").get(url).status_code == 200


def test_paper_forms_stop_at_the_number_of_participants(angkatan, client_for, staf):
    client = client_for(staf)
    url = reverse("evaluations:paper_entry", args=[angkatan.pk])
    named = services.placed_nominations(angkatan).first()
    client.post(url, _all_fives(angkatan) | {"paper_for": named.pk})
    client.post(url, {"suggestions": "Ruang terlalu panas."})
    client.post(url, {"suggestions": "Bagus."})
    response = client.post(url, {"suggestions": "Satu lagi."})
    assert "sudah sama dengan jumlah peserta" in response.text
    assert EvaluationResponse.objects.filter(angkatan=angkatan, source="kertas").count() == 3
    assert services.has_answered(named)
    # The named participant's own link is spent with it.
    link = EvaluationInvitation.objects.get(nomination=named)
    assert "sudah diisi" in Client().get(reverse("evaluations:answer", args=[link.token])).text


def test_no_officer_or_instructor_sees_who_answered_what(angkatan, client_for, petugas, staf):
    """Nothing stored links a response to a person; officers open no evaluation page."""
    for invitation in services.invitations_ensure(angkatan):
        services.response_submit(
            angkatan=angkatan,
            scores={},
            suggestions=f"Saran dari {invitation.pk}",
            invitation=invitation,
        )
    response_fields = {f.name for f in EvaluationResponse._meta.get_fields()}
    assert response_fields == {"id", "angkatan", "source", "submitted_on", "suggestions", "answers"}
    assert {f.name for f in EvaluationAnswer._meta.get_fields()} == {
        "id",
        "response",
        "item",
        "instruktur",
        "score",
    }
    assert not hasattr(EvaluationResponse, "history") and not hasattr(
        EvaluationInvitation, "history"
    )
    # The invitation keeps a day, not a time: no ordering to match against the responses.
    assert EvaluationInvitation._meta.get_field("answered_on").get_internal_type() == "DateField"
    officer = client_for(petugas)
    for name in [
        "evaluations:angkatan_recap",
        "evaluations:links",
        "evaluations:score_grid",
        "evaluations:paper_entry",
    ]:
        assert officer.get(reverse(name, args=[angkatan.pk])).status_code == 403
    assert officer.get(reverse("evaluations:instructor_recap")).status_code == 403
    # Staff's recap lists suggestions without names, in alphabetical (not arrival) order.
    page = client_for(staf).get(reverse("evaluations:angkatan_recap", args=[angkatan.pk])).text
    for nomination in services.placed_nominations(angkatan).select_related("participant"):
        assert nomination.participant.name not in page
    recap = recaps.questionnaire_recap(
        responses=EvaluationResponse.objects.filter(angkatan=angkatan), participants=3
    )
    assert recap.suggestions == sorted(recap.suggestions)


def test_certificate_waits_for_the_evaluation_only_where_the_programme_says_so(
    angkatan, client_for, staf
):
    nominations = services.placed_nominations(angkatan)
    assert services.certificates_waiting(nominations) == set()
    items = services.evaluation_items(angkatan.program)
    response = client_for(staf).post(
        reverse("evaluations:program_items", args=[angkatan.program_id]),
        {"form-TOTAL_FORMS": "0", "form-INITIAL_FORMS": "0",
         "aturan-certificate_requires_evaluation": "on"},
    )  # fmt: skip
    assert response.status_code == 302
    angkatan.program.refresh_from_db()
    assert angkatan.program.certificate_requires_evaluation
    assert len(items) == EvaluationItem.objects.filter(program=angkatan.program).count()
    first = services.invitations_ensure(angkatan)[0]
    services.response_submit(angkatan=angkatan, scores={}, suggestions="Baik.", invitation=first)
    waiting = services.certificates_waiting(nominations)
    assert waiting == set(nominations.exclude(pk=first.nomination_id).values_list("pk", flat=True))
    assert len(waiting) == 2
