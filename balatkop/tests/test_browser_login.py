"""Browser journey: a user logs in and is greeted in Indonesian (headless Chromium)."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_logs_in_and_sees_greeting_with_balai(login_page, staf, live_server):
    page = login_page(staf)
    assert page.get_by_role("heading", name="Selamat datang").is_visible()
    assert "Balatkop Nusa Tenggara Barat" in page.content()
    page.set_viewport_size({"width": 360, "height": 740})
    # At phone width the menu collapses behind a labelled toggle.
    assert page.get_by_role("button", name="Buka menu").is_visible()
