"""A crash, a bad request or a refused form shows an Indonesian, styled page that needs neither
the database nor the session."""

from unittest import mock

import pytest
from django.db import OperationalError
from django.db.backends.base.base import BaseDatabaseWrapper
from django.test import Client, RequestFactory
from django.urls import reverse
from django.views.defaults import server_error


def test_the_500_page_is_indonesian_styled_and_renders_while_the_database_is_down():
    request = RequestFactory().get("/program/")
    down = mock.patch.object(
        BaseDatabaseWrapper, "ensure_connection", side_effect=OperationalError("down")
    )
    with down:
        response = server_error(request)
    page = response.content.decode()
    assert response.status_code == 500
    assert 'lang="id"' in page and "terjadi kesalahan" in page
    assert "bootstrap.min.css" in page and "app.css" in page
    assert "style=" not in page and "<style" not in page
    assert "Server Error" not in page


def _is_styled_indonesian(page: str) -> bool:
    return 'lang="id"' in page and "app.css" in page and "<style" not in page


@pytest.mark.django_db
def test_a_request_for_another_host_gets_the_indonesian_400_page():
    response = Client().get("/masuk/", HTTP_HOST="bukan-balatkop.example")
    page = response.content.decode()
    assert response.status_code == 400
    assert "Permintaan tidak dapat diproses (400)" in page and _is_styled_indonesian(page)
    assert "Bad Request" not in page


@pytest.mark.django_db
def test_a_form_sent_without_its_csrf_token_gets_the_indonesian_403_page():
    response = Client(enforce_csrf_checks=True).post(
        "/masuk/", {"username": "staf", "password": "salah"}
    )
    page = response.content.decode()
    assert response.status_code == 403
    assert "Formulir tidak dapat dikirim (403)" in page and _is_styled_indonesian(page)
    assert "Forbidden" not in page and "CSRF verification failed" not in page


@pytest.mark.django_db
def test_a_button_address_opened_after_login_says_so_in_indonesian(client, staf):
    # The session ended; the button's POST went to the login page, which sends back with GET.
    url = reverse("notices:read_all")
    assert client.post(url)["Location"] == f"/masuk/?next={url}"
    client.force_login(staf)
    response = client.get(url)
    page = response.content.decode()
    assert response.status_code == 405 and response["Allow"] == "POST"
    assert "Alamat ini hanya dijalankan dari tombolnya (405)" in page and 'lang="id"' in page
