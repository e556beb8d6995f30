"""Every page of the menu, for every role, on a 360 px phone: loads cleanly and accessibly."""

import pytest
from django.core.management import call_command

from balatkop.tests.accessibility import serious_violations

pytestmark = pytest.mark.browser

DEMO_USERS = ["staf.ntb", "petugas.mataram", "pimpinan.ntb"]


@pytest.fixture
def demo_data(live_server, transactional_db):
    call_command("muat_demo", verbosity=0)


def _overflow(page, href, width) -> list[str]:
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    if scroll_width > width + 2:
        return [f"{href}: halaman melebar {scroll_width}px pada layar {width}px"]
    return []


@pytest.mark.parametrize("username", DEMO_USERS)
def test_every_menu_page_works_on_a_phone_without_errors(demo_data, page, live_server, username):
    problems = []
    page.on(
        "console", lambda m: problems.append(f"console: {m.text}") if m.type == "error" else None
    )
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(f"{live_server.url}/masuk/")
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Kata sandi").fill("demo12345")
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(f"{live_server.url}/")
    # The main menu and the user menu (notices, "Ekspor saya", settings).
    links = page.eval_on_selector_all(
        "#menu-utama a.nav-link, #menu-utama a.dropdown-item",
        "els => els.map(e => e.getAttribute('href'))",
    )
    assert len(links) >= 4
    assert {"/pemberitahuan/", "/pemberitahuan/pengaturan/", "/dampak/ekspor-saya/"} <= set(links)
    for href in links:
        response = page.goto(live_server.url + href)
        assert response.status == 200, href
        problems += _overflow(page, href, 360)
        problems += [f"{href}: {v}" for v in serious_violations(page)]
    # A laptop screen: the full menu must not push the page sideways either.
    page.set_viewport_size({"width": 1280, "height": 800})
    for href in links:
        page.goto(live_server.url + href)
        problems += _overflow(page, href, 1280)
    assert problems == [], "\n".join(problems)
