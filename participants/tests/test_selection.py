"""Selection rules: accept, reject with reason, reserve, quota override, giving unused seats."""

import pytest
from django.core.exceptions import ValidationError

from participants.models import Nomination, NominationStatus
from participants.services import selection as services
from participants.tests.matrix_selection import make_nominee, make_program
from programs.models import Quota

pytestmark = pytest.mark.django_db
S = NominationStatus


@pytest.fixture
def program(balai_ntb):
    return make_program(quotas={"52.71": 2, "52.03": 2})


def test_staff_accepts_a_nominee_within_quota_and_history_keeps_who(program, staf):
    nomination = make_nominee(program)
    services.nomination_accept(nomination=nomination, by=staf)
    nomination.refresh_from_db()
    assert nomination.status == S.DITERIMA
    latest = nomination.history.first()
    assert latest.history_user == staf
    assert latest.status == S.DITERIMA


def test_rejection_needs_a_reason(program, staf):
    nomination = make_nominee(program)
    with pytest.raises(ValidationError, match="Alasan penolakan wajib"):
        services.nomination_reject(nomination=nomination, by=staf, reason="  ")
    nomination.refresh_from_db()
    assert nomination.status == S.DIUSULKAN


def test_rejection_reason_is_kept_on_the_nomination_and_in_history(program, staf):
    nomination = make_nominee(program)
    services.nomination_reject(nomination=nomination, by=staf, reason="Omzet di bawah syarat")
    nomination.refresh_from_db()
    assert nomination.status == S.DITOLAK
    assert nomination.status_reason == "Omzet di bawah syarat"
    history = services.status_history(nomination)
    assert [h["to"] for h in history] == ["Diusulkan", "Ditolak"]
    assert history[-1]["who"] == staf
    assert history[-1]["why"] == "Omzet di bawah syarat"


def test_accepting_beyond_quota_is_refused_without_override(program, staf):
    for _ in range(2):
        services.nomination_accept(nomination=make_nominee(program), by=staf)
    third = make_nominee(program)
    with pytest.raises(ValidationError, match="Kuota Kota Mataram sudah penuh"):
        services.nomination_accept(nomination=third, by=staf)
    third.refresh_from_db()
    assert third.status == S.DIUSULKAN


def test_accepting_beyond_quota_with_override_keeps_the_reason(program, staf):
    for _ in range(2):
        services.nomination_accept(nomination=make_nominee(program), by=staf)
    third = make_nominee(program)
    services.nomination_accept(
        nomination=third, by=staf, override_reason="Pengganti peserta yang sakit"
    )
    third.refresh_from_db()
    assert third.status == S.DITERIMA
    assert third.quota_override_reason == "Pengganti peserta yang sakit"
    assert "melebihi kuota" in third.history.first().history_change_reason


def test_another_districts_accepted_nominees_do_not_use_this_districts_quota(program, staf):
    for _ in range(2):
        services.nomination_accept(nomination=make_nominee(program, "52.03"), by=staf)
    services.nomination_accept(nomination=make_nominee(program, "52.71"), by=staf)


def test_reserve_then_accept_later(program, staf):
    nomination = make_nominee(program)
    services.nomination_reserve(nomination=nomination, by=staf, reason="Menunggu kursi")
    nomination.refresh_from_db()
    assert nomination.status == S.CADANGAN
    services.nomination_accept(nomination=nomination, by=staf)
    nomination.refresh_from_db()
    assert nomination.status == S.DITERIMA


def test_a_placed_nominee_cannot_be_rejected(program, staf):
    nomination = make_nominee(program, status=S.DITEMPATKAN)
    with pytest.raises(ValidationError, match="tidak bisa ditolak"):
        services.nomination_reject(nomination=nomination, by=staf, reason="Terlambat")


def test_bulk_accept_fills_quota_oldest_first_and_reports_the_rest(program, staf):
    nominees = [make_nominee(program) for _ in range(3)]
    result = services.nominations_decide(
        nominations=Nomination.objects.filter(program=program),
        decision=services.Decision.ACCEPT,
        by=staf,
    )
    assert result.done == 2
    assert len(result.errors) == 1
    assert "Kuota Kota Mataram sudah penuh" in result.errors[0]
    statuses = [Nomination.objects.get(pk=n.pk).status for n in nominees]
    assert statuses == [S.DITERIMA, S.DITERIMA, S.DIUSULKAN]


def test_bulk_reject_without_reason_changes_nothing(program, staf):
    make_nominee(program)
    with pytest.raises(ValidationError):
        services.nominations_decide(
            nominations=Nomination.objects.all(), decision=services.Decision.REJECT, by=staf
        )
    assert not Nomination.objects.filter(status=S.DITOLAK).exists()


def test_unused_seats_of_one_district_go_to_the_reserves_of_another(program, staf):
    services.nomination_accept(nomination=make_nominee(program, "52.71"), by=staf)
    for _ in range(2):
        services.nomination_accept(nomination=make_nominee(program, "52.03"), by=staf)
    waiting = make_nominee(program, "52.03")
    services.nomination_reserve(nomination=waiting, by=staf)

    accepted = services.quota_give_unused(
        program=program,
        from_kabupaten_kota_id="52.71",
        to_kabupaten_kota_id="52.03",
        seats=1,
        by=staf,
    )

    assert accepted == 1
    waiting.refresh_from_db()
    assert waiting.status == S.DITERIMA
    assert "kursi tak terpakai Kota Mataram" in waiting.status_reason
    seats = dict(Quota.objects.filter(program=program).values_list("kabupaten_kota_id", "seats"))
    assert seats == {"52.71": 1, "52.03": 3}


def test_only_unused_seats_can_be_given(program, staf):
    services.nomination_accept(nomination=make_nominee(program, "52.71"), by=staf)
    with pytest.raises(ValidationError, match="hanya 1"):
        services.quota_give_unused(
            program=program,
            from_kabupaten_kota_id="52.71",
            to_kabupaten_kota_id="52.03",
            seats=2,
            by=staf,
        )


def test_quota_usage_counts_held_unused_and_reserves(program, staf):
    services.nomination_accept(nomination=make_nominee(program, "52.71"), by=staf)
    services.nomination_reserve(nomination=make_nominee(program, "52.71"), by=staf)
    make_nominee(program, "52.01")  # a district without a quota
    usage = {row["code"]: row for row in services.quota_usage(program=program)}
    assert (usage["52.71"]["held"], usage["52.71"]["unused"], usage["52.71"]["reserve"]) == (
        1,
        1,
        1,
    )
    assert (usage["52.01"]["quota"], usage["52.01"]["pending"]) == (0, 1)
