"""Login protection, sessions, security headers and the production deployment check."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.urls import reverse

from conftest import PASSWORD

pytestmark = pytest.mark.django_db


def login(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_the_login_page_is_public_and_indonesian(client):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert 'lang="id"' in response.text
    assert "Nama pengguna" in response.text and "Kata sandi" in response.text


def test_a_wrong_password_gets_an_indonesian_message(client, staf):
    response = login(client, "staf", "salah")
    assert "Nama pengguna atau kata sandi salah" in response.text


def test_an_account_is_locked_after_five_failed_logins(client, staf):
    for _ in range(5):
        login(client, "staf", "salah")
    response = login(client, "staf", PASSWORD)
    assert response.status_code == 429
    assert "terkunci" in response.text
    assert "_auth_user_id" not in client.session


def test_four_failures_then_the_right_password_still_logs_in(client, staf):
    for _ in range(4):
        login(client, "staf", "salah")
    response = login(client, "staf", PASSWORD)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(staf.pk)


def test_sessions_end_after_eight_hours():
    assert settings.SESSION_COOKIE_AGE == 8 * 60 * 60


def test_pages_carry_a_content_security_policy_without_inline_scripts(client):
    policy = client.get(reverse("login"))["Content-Security-Policy"]
    script_src = next(p for p in policy.split(";") if p.strip().startswith("script-src"))
    assert "'self'" in script_src
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy


def test_templates_hold_no_inline_scripts_or_styles():
    for path in (settings.BASE_DIR / "templates").rglob("*.html"):
        text = path.read_text()
        assert "<script>" not in text and "<script " not in text.replace("<script src", ""), path
        assert ' style="' not in text, path


def manage_check(*args: str, **env: str) -> subprocess.CompletedProcess:
    """``manage.py check`` in a fresh process that sees only PATH, the settings and ``env``."""
    return subprocess.run(
        [sys.executable, "manage.py", "check", *args],
        cwd=settings.BASE_DIR,
        env={"PATH": os.environ["PATH"], "DJANGO_SETTINGS_MODULE": "balatkop.settings", **env},
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.parametrize("proxy", [{}, {"SECURE_SSL_REDIRECT": "false"}], ids=["", "proxy"])
def test_check_deploy_is_clean_with_production_settings(tmp_path, proxy):
    result = manage_check(
        "--deploy",
        "--fail-level",
        "WARNING",
        PRODUCTION="true",
        DEBUG="false",
        SECRET_KEY="k3Y-" + "x9!Qz" * 12,
        ALLOWED_HOSTS="balatkop.ntbprov.go.id",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        **proxy,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_without_a_secret_key_and_debug_off_the_settings_refuse_to_start(tmp_path):
    result = manage_check()
    assert result.returncode != 0
    assert "SECRET_KEY wajib diisi" in result.stderr


def test_a_misspelt_boolean_setting_stops_the_start_up(tmp_path):
    result = manage_check(
        DEBUG="true", PRODUCTION="ture", DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}"
    )
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and "PRODUCTION='ture'" in result.stderr
