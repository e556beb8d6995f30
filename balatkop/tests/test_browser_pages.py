"""Every page of the menu, for every role, and every page one opens from them, on a 360 px
phone: loads cleanly and accessibly."""

import datetime as dt
import io

import openpyxl
import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from balatkop.tests.accessibility import serious_violations
from outcomes.historical import write_historical_book
from outcomes.round_import import IMPORTER
from outcomes.services import is_comparison
from outcomes.tests.test_historical import row
from participants.models import Nomination, NominationStatus
from programs.models import Angkatan, Instruktur, Program, ProgramStatus

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


def _phone_login(page, live_server, username) -> list[str]:
    """Log in on a 360 px screen; the list returned fills with the console's errors."""
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
    return problems


def _phone_problems(page, href) -> list[str]:
    """What is wrong with the page now shown at 360 px: overflow and serious WCAG problems."""
    return _overflow(page, href, 360) + [f"{href}: {v}" for v in serious_violations(page)]


@pytest.mark.parametrize("username", DEMO_USERS)
def test_every_menu_page_works_on_a_phone_without_errors(demo_data, page, live_server, username):
    problems = _phone_login(page, live_server, username)
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
        problems += _phone_problems(page, href)
    # A laptop screen: the full menu must not push the page sideways either.
    page.set_viewport_size({"width": 1280, "height": 800})
    for href in links:
        page.goto(live_server.url + href)
        problems += _overflow(page, href, 1280)
    assert problems == [], "\n".join(problems)


def _inner_pages(staf) -> list[str]:
    """The staff's pages one opens from a list or a detail page, on the demo's rows."""
    ended = Program.objects.filter(balai=staf.balai, angkatan__isnull=False).earliest("pk")
    open_ = Program.objects.filter(balai=staf.balai, status=ProgramStatus.NOMINATION_OPEN).earliest(
        "pk"
    )
    angkatan = Angkatan.objects.filter(program=ended).earliest("pk")
    nominations = Nomination.objects.for_user(staf)
    alumnus = nominations.filter(status=NominationStatus.LULUS).earliest("pk")
    reserve = next(n for n in nominations.filter(program=open_) if is_comparison(n))
    instruktur = Instruktur.objects.filter(balai=staf.balai).earliest("pk")
    pages = [
        ("programs:program_update", ended.pk), ("programs:angkatan_create", ended.pk),
        ("programs:angkatan_detail", angkatan.pk), ("programs:angkatan_update", angkatan.pk),
        ("programs:instruktur_list", None), ("programs:instruktur_create", None),
        ("programs:instruktur_update", instruktur.pk), ("programs:bidang_list", None),
        ("programs:bidang_create", None), ("participants:nomination_detail", alumnus.pk),
        ("participants:participant_detail", alumnus.participant_id),
        ("participants:nomination_create", open_.pk), ("participants:nomination_upload", open_.pk),
        ("participants:selection_program", open_.pk), ("participants:placement", open_.pk),
        ("participants:selection_detail", reserve.pk), ("participants:completion", angkatan.pk),
        ("outcomes:followup_create", alumnus.pk), ("outcomes:visit_create", alumnus.pk),
        ("outcomes:followup_upload", None), ("evaluations:program_items", ended.pk),
        ("evaluations:paper_entry", angkatan.pk), ("password_change_done", None),
    ]  # fmt: skip
    return [reverse(name, args=[] if pk is None else [pk]) for name, pk in pages]


def _filled_round_file(staf, program, path) -> None:
    """The +6 round template of ``program`` with its first alumnus's figures filled in."""
    client = Client()
    client.force_login(staf)
    url = reverse("outcomes:followup_template", args=[program.pk, 6])
    book = openpyxl.load_workbook(io.BytesIO(b"".join(client.get(url).streaming_content)))
    first = [c.header for c in IMPORTER.columns].index("Tanggal Monitoring") + 1
    today = dt.datetime.combine(timezone.localdate(), dt.time())
    for offset, value in enumerate([today, 9_000_000, 60_000_000, 3]):
        book["Monitoring"].cell(row=2, column=first + offset, value=value)
    book.save(path)


def test_the_pages_opened_from_the_menu_work_on_a_phone_without_errors(
    demo_data, page, live_server, tmp_path
):
    staf = get_user_model().objects.get(username="staf.ntb")
    problems = _phone_login(page, live_server, staf.username)
    for href in _inner_pages(staf):
        response = page.goto(live_server.url + href)
        assert response.status == 200, href
        problems += _phone_problems(page, href)
    # The round upload's preview, reached as staff reach it: a filled template uploaded.
    program = Program.objects.filter(balai=staf.balai, angkatan__isnull=False).earliest("pk")
    _filled_round_file(staf, program, tmp_path / "monitoring.xlsx")
    page.goto(live_server.url + reverse("outcomes:followup_upload"))
    page.get_by_label("Program").select_option(str(program.pk))
    page.get_by_label("Putaran monitoring").select_option("6")
    page.get_by_label("Berkas lembar kerja").set_input_files(tmp_path / "monitoring.xlsx")
    page.get_by_role("button", name="Unggah").click()
    page.wait_for_url("**/dampak/monitoring/unggah/*/")
    assert page.get_by_role("button", name="Konfirmasi: simpan 1 data").count() == 1
    problems += _phone_problems(page, page.url)
    # The historical import's preview, from a file of two earlier rows.
    with open(tmp_path / "riwayat.xlsx", "wb") as target:
        write_historical_book(target, [row(1, **{"Kode Program": "NTB-2018-01"}), row(2)])
    page.goto(live_server.url + reverse("outcomes:historical_import"))
    page.get_by_label("Berkas lembar kerja").set_input_files(tmp_path / "riwayat.xlsx")
    page.get_by_role("button", name="Unggah dan periksa").click()
    page.wait_for_url("**/dampak/impor-historis/*/")
    problems += _phone_problems(page, page.url)
    # An export job's page, reached from the report's background export button.
    page.goto(live_server.url + reverse("outcomes:impact_report"))
    page.get_by_role("button", name="Buat Excel di latar belakang").click()
    page.wait_for_url("**/dampak/laporan/ekspor/*/")
    problems += _phone_problems(page, page.url)
    assert problems == [], "\n".join(problems)
