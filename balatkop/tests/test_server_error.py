"""A crash shows an Indonesian, styled page that needs neither the database nor the session."""

from unittest import mock

from django.db import OperationalError
from django.db.backends.base.base import BaseDatabaseWrapper
from django.test import RequestFactory
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
