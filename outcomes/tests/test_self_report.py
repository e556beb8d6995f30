"""Alumni who report for themselves: personal link, public form, officer's confirmation."""

import datetime as dt
from urllib.parse import unquote

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from outcomes.impact import ImpactFilters, impact_compute
from outcomes.models import FollowUp, FollowUpSource, SelfReport
from outcomes.self_report import RATE_LIMIT, selfreport_link
from outcomes.tests.factories import CompletedNominationFactory
from participants.models import Nomination, NominationStatus
from participants.tests.factories import NominationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def alumnus(balai_ntb):
    return CompletedNominationFactory(
        program__balai=balai_ntb,
        program__name="Pelatihan Tata Boga",
        participant__name="Siti Aminah Rahayu",
        participant__phone="0812-3456-7890",
        angkatan__start_date=dt.date(2021, 1, 4),
    )


def _link(nomination, by, round_months=6):
    return selfreport_link(nomination=nomination, round_months=round_months, by=by)


def test_the_due_list_offers_each_person_a_link_and_marks_the_comparison_group(
    alumnus, petugas, client_for
):
    applicant = NominationFactory(program=alumnus.program, status=NominationStatus.CADANGAN)
    html = client_for(petugas).get(reverse("outcomes:followup_due")).content.decode()
    assert reverse("outcomes:selfreport_link", args=[alumnus.pk, 6]) in html
    assert reverse("outcomes:selfreport_link", args=[applicant.pk, 6]) in html
    assert html.count('title="Memenuhi syarat tetapi tidak mendapat kursi') == 1


def test_the_officer_gets_a_whatsapp_link_with_a_short_indonesian_text(
    alumnus, petugas, client_for
):
    client = client_for(petugas)
    url = reverse("outcomes:selfreport_link", args=[alumnus.pk, 6])
    assert client.post(url).status_code == 302
    html = client.get(url).content.decode()
    link = SelfReport.objects.get(nomination=alumnus)
    public = f"http://testserver/dampak/lapor/{link.token}/"
    assert f'value="{public}"' in html
    wa = html[html.index("https://wa.me/") : html.index('"', html.index("https://wa.me/"))]
    assert wa.startswith("https://wa.me/6281234567890?text=")
    text = unquote(wa.split("text=")[1])
    assert text.startswith("Halo Siti, Balatkop Nusa Tenggara Barat meminta data usaha Anda")
    assert public in text and "Pelatihan Tata Boga" in text
    assert len(link.token) >= 43
    # Asking again gives the same valid link, not a new one.
    client.post(url)
    assert SelfReport.objects.get(nomination=alumnus).token == link.token


def test_a_link_is_only_for_a_round_that_is_due(alumnus, staf):
    with pytest.raises(ValidationError, match="belum jatuh tempo"):
        _link(alumnus, staf, round_months=24)


def test_the_public_form_shows_only_first_name_and_programme(alumnus, staf, client):
    link = _link(alumnus, staf)
    html = client.get(reverse("outcomes:selfreport_form", args=[link.token])).content.decode()
    assert "Halo, Siti" in html and "Pelatihan Tata Boga" in html
    assert "Rahayu" not in html and alumnus.participant.nik not in html
    assert alumnus.business.name not in html


def test_a_reply_waits_for_the_officer_and_counts_only_once_confirmed(
    alumnus, staf, petugas, client, client_for
):
    link = _link(alumnus, staf)
    form = reverse("outcomes:selfreport_form", args=[link.token])
    response = client.post(form, {"omzet": "Rp 9.000.000", "aset": "60.000.000", "tenaga_kerja": 3})
    assert response.status_code == 200 and "data-thanks" in response.content.decode()
    link.refresh_from_db()
    assert (link.omzet, link.aset, link.tenaga_kerja) == (9_000_000, 60_000_000, 3)
    assert not FollowUp.objects.filter(nomination=alumnus).exists()
    report = impact_compute(nominations=Nomination.objects.all(), filters=ImpactFilters())
    assert report.total.paired == 0

    # Used: refused, whoever opens it.
    again = client.get(form)
    assert again.status_code == 410 and "sudah dikirim" in again.content.decode()
    assert client.post(form, {"omzet": "1", "aset": "1", "tenaga_kerja": 1}).status_code == 410

    officer = client_for(petugas)
    review = reverse("outcomes:selfreport_review", args=[link.pk])
    assert 'value="9000000"' in officer.get(review).content.decode()
    corrected = {"omzet": "8.500.000", "aset": "60.000.000", "tenaga_kerja": 3, "konfirmasi": ""}
    assert officer.post(review, corrected).status_code == 302
    followup = FollowUp.objects.get(nomination=alumnus)
    assert (followup.omzet, followup.source) == (8_500_000, FollowUpSource.SELF_REPORT)
    assert followup.entered_by == petugas
    report = impact_compute(nominations=Nomination.objects.all(), filters=ImpactFilters())
    assert report.total.paired == 1
    assert report.attribution.extras.self_reported == 1
    assert report.attribution.extras.self_reported_share == 100


def test_an_expired_link_is_refused_and_can_be_renewed(alumnus, staf, client):
    link = _link(alumnus, staf)
    SelfReport.objects.filter(pk=link.pk).update(expires_at=timezone.now() - dt.timedelta(1))
    response = client.get(reverse("outcomes:selfreport_form", args=[link.token]))
    assert response.status_code == 410 and "kedaluwarsa" in response.content.decode()
    renewed = _link(alumnus, staf)
    assert renewed.pk == link.pk and renewed.token != link.token
    assert client.get(reverse("outcomes:selfreport_form", args=[link.token])).status_code == 404


def test_an_unknown_token_is_404_and_guessing_is_rate_limited(client):
    url = reverse("outcomes:selfreport_form", args=["tebakan"])
    statuses = [client.get(url).status_code for _ in range(RATE_LIMIT + 1)]
    assert statuses[:RATE_LIMIT] == [404] * RATE_LIMIT
    assert statuses[-1] == 429


def test_a_rejected_reply_is_not_counted_and_a_new_link_can_be_sent(
    alumnus, staf, client, client_for
):
    link = _link(alumnus, staf)
    client.post(
        reverse("outcomes:selfreport_form", args=[link.token]),
        {"omzet": "900.000.000", "aset": "1", "tenaga_kerja": 1},
    )
    officer = client_for(staf)
    response = officer.post(reverse("outcomes:selfreport_review", args=[link.pk]), {"tolak": ""})
    assert response.status_code == 302
    assert not SelfReport.objects.exists() and not FollowUp.objects.exists()
    assert _link(alumnus, staf).token != link.token


def test_another_districts_officer_cannot_see_the_reply(alumnus, staf, petugas_lain, client_for):
    link = _link(alumnus, staf)
    SelfReport.objects.filter(pk=link.pk).update(submitted_at=timezone.now(), omzet=1, aset=1)
    review = reverse("outcomes:selfreport_review", args=[link.pk])
    assert client_for(petugas_lain).get(review).status_code == 404
