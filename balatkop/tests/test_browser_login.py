"""Browser journeys for the shell: login, greeting, phone width, accessibility."""

import pytest

from balatkop.tests.accessibility import serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_logs_in_and_sees_greeting_with_balai(login_page, staf, live_server):
    page = login_page(staf)
    assert page.get_by_role("heading", name="Selamat datang").is_visible()
    assert "Balatkop Nusa Tenggara Barat" in page.content()
    page.set_viewport_size({"width": 360, "height": 740})
    # At phone width the menu collapses behind a labelled toggle.
    assert page.get_by_role("button", name="Buka menu").is_visible()


def test_login_and_home_pages_have_no_serious_accessibility_problems(
    page, live_server, login_page, pimpinan
):
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(f"{live_server.url}/masuk/")
    assert serious_violations(page) == []
    login_page(pimpinan)
    assert serious_violations(page) == []


def test_the_content_security_policy_raises_no_violation_on_home(
    page, live_server, login_page, staf
):
    errors = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    login_page(staf)
    page.reload()
    assert not [e for e in errors if "Content Security Policy" in e], errors
