"""Browser: the attendance page of a 60 × 5 angkatan on a 360 px phone, one day at a time."""

import datetime as dt

import pytest
from django.urls import reverse

from balatkop.tests.accessibility import serious_violations
from participants.models import Attendance
from participants.tests.matrix_selection import make_placed, make_program
from programs.tests.factories import AngkatanFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

START = dt.date(2020, 11, 16)


def test_a_phone_takes_attendance_day_by_day_and_stays_on_the_day(login_page, staf, live_server):
    angkatan = AngkatanFactory(
        program=make_program(days_per_angkatan=5), start_date=START, capacity=60
    )
    people = sorted((make_placed(angkatan) for _ in range(60)), key=lambda n: n.participant.name)
    page = login_page(staf)
    page.set_viewport_size({"width": 360, "height": 740})
    url = live_server.url + reverse("participants:attendance_roster", args=[angkatan.pk])
    page.goto(f"{url}?hari=3")
    assert page.evaluate("document.documentElement.scrollWidth") <= 362
    assert serious_violations(page) == []

    first = people[0]
    cell_url = reverse("participants:attendance_cell", args=[angkatan.pk])
    with page.expect_response(lambda response: cell_url in response.url) as saved:
        page.get_by_label(f"{first.participant.name}, 18 November 2020").select_option("sakit")
    assert saved.value.ok
    page.locator(f"#rate-{first.pk}").filter(has_text="0%").wait_for()
    assert Attendance.objects.get(nomination=first).date == dt.date(2020, 11, 18)

    page.get_by_role("button", name="Tandai semua hadir pada hari 3").click()
    page.get_by_text("59 peserta ditandai hadir").wait_for()
    assert page.url.endswith("?hari=3")  # not back to day 1
    assert page.get_by_role("link", name="Hari 3").get_attribute("aria-current") == "page"

    page.get_by_role("link", name="Hari 4").click()
    page.get_by_label(f"{first.participant.name}, 19 November 2020").wait_for()
    assert page.evaluate("document.documentElement.scrollWidth") <= 362
