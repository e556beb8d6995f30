"""``/sehat/``: a load balancer's probe costs no session, no user and no database query."""

from django.urls import reverse


def test_health_check_with_a_session_cookie_reads_neither_session_nor_database(
    client_for, staf, django_assert_num_queries
):
    client = client_for(staf)  # the probe carries a signed-in session cookie
    with django_assert_num_queries(0):
        response = client.get(reverse("health"))
    assert response.status_code == 200
    assert response.content == b"ok"
    assert not response.cookies  # the session was not touched, so nothing is sent back
    assert "Cache-Control" not in response  # no signed-in user was looked at


def test_health_check_answers_head_and_anyone_without_a_query(
    client, db, django_assert_num_queries
):
    with django_assert_num_queries(0):
        assert client.head(reverse("health")).status_code == 200
        assert client.get(reverse("health")).content == b"ok"


def test_other_pages_still_see_the_signed_in_user(client_for, staf):
    response = client_for(staf).get(reverse("home"))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
