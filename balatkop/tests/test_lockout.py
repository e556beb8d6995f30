"""Failed logins lock a user name per address: a guesser is stopped, staff are not locked out."""

import pytest
from django.urls import reverse

from conftest import PASSWORD

pytestmark = pytest.mark.django_db

STRANGER, OTHER_STRANGER, OFFICE_PC, OTHER_OFFICE_PC = (
    "198.51.100.9", "198.51.100.77", "10.20.1.5", "10.20.3.8",
)  # fmt: skip


@pytest.fixture(autouse=True)
def office(settings):
    settings.OFFICE_NETWORKS = ["10.20.0.0/16"]


def login(client, username, password, address):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address
    )


def test_a_stranger_cannot_lock_staff_out(client, staf):
    for _ in range(10):
        login(client, "staf", "tebakan", STRANGER)
    response = login(client, "staf", PASSWORD, OFFICE_PC)
    assert response.status_code == 302 and "_auth_user_id" in client.session


def test_a_guesser_is_still_stopped_even_with_the_right_password(client, staf):
    for _ in range(5):
        login(client, "staf", "tebakan", STRANGER)
    response = login(client, "staf", PASSWORD, STRANGER)
    assert response.status_code == 429 and "_auth_user_id" not in client.session


def test_inside_the_office_the_lock_is_per_account_across_its_pcs(client, staf, pimpinan):
    for address in [OFFICE_PC, OTHER_OFFICE_PC] * 3:
        login(client, "staf", "salah ketik", address)
    assert login(client, "staf", PASSWORD, OTHER_OFFICE_PC).status_code == 429
    # A colleague at the same office is not affected.
    assert login(client, "pimpinan", PASSWORD, OFFICE_PC).status_code == 302


def test_a_forged_forwarded_for_header_does_not_give_a_fresh_address(client, staf, settings):
    settings.TRUSTED_PROXY_COUNT = 1  # nginx appends the address it saw
    for n in range(5):
        client.post(
            reverse("login"),
            {"username": "staf", "password": "tebakan"},
            HTTP_X_FORWARDED_FOR=f"203.0.113.{n}, {OTHER_STRANGER}",
        )
    response = client.post(
        reverse("login"),
        {"username": "staf", "password": PASSWORD},
        HTTP_X_FORWARDED_FOR=f"203.0.113.99, {OTHER_STRANGER}",
    )
    assert response.status_code == 429
