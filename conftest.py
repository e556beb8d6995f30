"""Test-wide setup and the fixed cast of users every test may call on.

The cast: ``staf`` (staf balai NTB), ``petugas`` (district officer of Kota Mataram 52.71),
``petugas_lain`` (district officer of Lombok Timur 52.03), ``pimpinan`` (head of Balatkop NTB),
``outsider`` (staf balai of Balatkop Jawa Tengah), ``kepala_jateng`` (head of Balatkop Jawa
Tengah, whose 2021 cohort the impact tests build) and ``admin``.
"""

import importlib
import os

import pytest

from balatkop.models import Role

PASSWORD = "rahasia-uji-123"


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """PBKDF2 costs about a second per user here; tests need no slow hash."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: data versions restart with every test database."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def balai_ntb(db):
    from balatkop.tests.factories import named_balai

    return named_balai("NTB")


@pytest.fixture
def balai_jateng(db):
    from balatkop.tests.factories import named_balai

    return named_balai("JATENG")


def _user(username, role, balai=None, kabupaten_kota=None):
    from balatkop.tests.factories import UserFactory

    return UserFactory(username=username, role=role, balai=balai, kabupaten_kota_id=kabupaten_kota)


@pytest.fixture
def staf(balai_ntb):
    """May see: everything of Balatkop NTB; may change programmes, selection, follow-ups."""
    return _user("staf", Role.STAF_BALAI, balai_ntb)


@pytest.fixture
def petugas(balai_ntb):
    """May see: NTB's open programmes and Kota Mataram's own nominees and alumni only."""
    return _user("petugas_mataram", Role.PETUGAS_KABKOTA, balai_ntb, "52.71")


@pytest.fixture
def petugas_lain(balai_ntb):
    """May see: as ``petugas``, for Lombok Timur: none of Kota Mataram's people."""
    return _user("petugas_lotim", Role.PETUGAS_KABKOTA, balai_ntb, "52.03")


@pytest.fixture
def pimpinan(balai_ntb):
    """May see: everything of Balatkop NTB, read-only (NIK masked); reports and downloads."""
    return _user("pimpinan", Role.PIMPINAN, balai_ntb)


@pytest.fixture
def outsider(balai_jateng):
    """May see: everything of Balatkop Jawa Tengah, nothing of NTB."""
    return _user("staf_jateng", Role.STAF_BALAI, balai_jateng)


@pytest.fixture
def kepala_jateng(balai_jateng):
    """May see: everything of Balatkop Jawa Tengah, read-only; its impact report and downloads."""
    return _user("kepala_jateng", Role.PIMPINAN, balai_jateng)


@pytest.fixture
def admin_user(db):
    """May see: every balai and district (Django admin too)."""
    return _user("admin", Role.ADMIN)


@pytest.fixture
def cast(staf, petugas, petugas_lain, pimpinan, outsider, admin_user):
    """All roles at once, keyed as the permission matrix names them."""
    return {
        "staf": staf,
        "petugas": petugas,
        "petugas_lain": petugas_lain,
        "pimpinan": pimpinan,
        "outsider": outsider,
        "admin": admin_user,
    }


@pytest.fixture
def client_for(client):
    """``client_for(user)`` returns a test client logged in as that user."""

    def login(user):
        client.force_login(user, backend="balatkop.auth.ModelBackendWithBalai")
        return client

    return login


# --- Browser tests (marked ``browser``; run by ``make test-browser``) ---------------------


def pytest_collection_modifyitems(items):
    """Browser tests need committed data: the live server runs in another thread.

    Every other transactional test rolls back by serialization: a plain flush re-creates the
    content types with new ids, and the next serialized test then fails to restore its own.
    """
    for item in items:
        if item.get_closest_marker("browser"):
            item.add_marker(pytest.mark.django_db(transaction=True), append=False)
        elif _is_transactional(item):
            item.add_marker(
                pytest.mark.django_db(transaction=True, serialized_rollback=True), append=False
            )


def _is_transactional(item) -> bool:
    marker = item.get_closest_marker("django_db")
    return bool(marker and marker.kwargs.get("transaction")) or "transactional_db" in getattr(
        item, "fixturenames", ()
    )


@pytest.fixture(autouse=True)
def _reference_data_for_transactional_tests(request):
    """Put back the regions and bidang that data migrations loaded.

    A transactional test empties every table when it ends, reference data included, and
    pytest-django runs those tests last. (Serialized rollback would do this, but
    pytest-playwright's fixtures defeat it.)
    """
    if not _is_transactional(request.node):
        return
    request.getfixturevalue("transactional_db")
    from django.apps import apps

    from balatkop.models import KabupatenKota, Provinsi
    from balatkop.regions import load_regions

    if KabupatenKota.objects.count() < 514:
        load_regions(Provinsi, KabupatenKota)
    bidang = importlib.import_module("programs.migrations.0002_bidang_list")
    bidang.forwards(apps, None)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Debian's Chromium (Playwright cannot download its own here), quiet on a closed network."""
    # Only this test process runs Django's ORM from Playwright's event-loop thread.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    return {
        **browser_type_launch_args,
        "executable_path": os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"),
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture(scope="session", autouse=True)
def _patient_expectations():
    """Playwright's ``expect`` waits 15 s, not 5: a cell save under a loaded machine (two cores
    shared with a PostgreSQL suite) has taken longer than 5 s. A wrong page still fails."""
    from playwright.sync_api import expect

    expect.set_options(timeout=15_000)


@pytest.fixture
def login_page(page, live_server):
    """``login_page(user)`` logs in through the real login form and returns the page."""

    def login(user):
        page.goto(f"{live_server.url}/masuk/")
        page.get_by_label("Nama pengguna").fill(user.username)
        page.get_by_label("Kata sandi").fill(PASSWORD)
        page.get_by_role("button", name="Masuk").click()
        page.wait_for_url(f"{live_server.url}/")
        return page

    return login
