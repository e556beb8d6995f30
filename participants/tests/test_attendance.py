"""Attendance: recording cells and days, and the rate computed in the database."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from participants.models import Attendance, AttendanceStatus, Nomination
from participants.services import completion
from participants.tests.matrix_selection import START, make_placed, make_program
from programs.tests.factories import AngkatanFactory

pytestmark = pytest.mark.django_db
A = AttendanceStatus


@pytest.fixture
def angkatan(balai_ntb):
    return AngkatanFactory(program=make_program(), start_date=START, capacity=60)  # 4 days


def day(n: int) -> dt.date:
    return START + dt.timedelta(days=n - 1)


def test_rate_counts_only_hadir_over_every_day_of_the_angkatan(angkatan, staf):
    nomination = make_placed(angkatan)
    for n, status in [(1, A.HADIR), (2, A.HADIR), (3, A.IZIN), (4, A.HADIR)]:
        completion.attendance_record(nomination=nomination, day=day(n), status=status, by=staf)
    assert completion.attendance_percent(nomination) == 75.0


def test_rate_of_someone_with_no_records_is_zero(angkatan):
    assert completion.attendance_percent(make_placed(angkatan)) == 0.0


def test_rate_is_annotated_for_a_whole_angkatan_in_one_query(
    angkatan, staf, django_assert_num_queries
):
    people = [make_placed(angkatan) for _ in range(3)]
    completion.attendance_record_day(angkatan=angkatan, day=day(1), status=A.HADIR, by=staf)
    completion.attendance_record(nomination=people[0], day=day(2), status=A.HADIR, by=staf)
    with django_assert_num_queries(1):
        rates = {
            n.pk: n.attendance_percent
            for n in completion.with_attendance(Nomination.objects.filter(angkatan=angkatan))
        }
    assert rates == {people[0].pk: 50.0, people[1].pk: 25.0, people[2].pk: 25.0}


def test_a_day_outside_the_angkatan_is_refused(angkatan, staf):
    with pytest.raises(ValidationError, match="di luar jadwal"):
        completion.attendance_record(
            nomination=make_placed(angkatan), day=day(5), status=A.HADIR, by=staf
        )


def test_changing_a_cell_overwrites_and_clearing_removes_it(angkatan, staf):
    nomination = make_placed(angkatan)
    completion.attendance_record(nomination=nomination, day=day(1), status=A.ALPA, by=staf)
    completion.attendance_record(nomination=nomination, day=day(1), status=A.SAKIT, by=staf)
    assert Attendance.objects.get(nomination=nomination).status == A.SAKIT
    completion.attendance_record(nomination=nomination, day=day(1), status="", by=staf)
    assert not Attendance.objects.filter(nomination=nomination).exists()


def test_marking_a_day_fills_only_empty_cells(angkatan, staf):
    sick = make_placed(angkatan)
    make_placed(angkatan)
    completion.attendance_record(nomination=sick, day=day(1), status=A.SAKIT, by=staf)
    assert (
        completion.attendance_record_day(angkatan=angkatan, day=day(1), status=A.HADIR, by=staf)
        == 1
    )
    assert Attendance.objects.get(nomination=sick).status == A.SAKIT


def test_saving_one_cell_through_htmx_returns_the_new_rate(angkatan, staf, client_for):
    nomination = make_placed(angkatan)
    name = f"c-{nomination.pk}-{day(1):%Y-%m-%d}"
    response = client_for(staf).post(
        reverse("participants:attendance_cell", args=[angkatan.pk]),
        {"cell": name, name: "hadir"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert f'id="rate-{nomination.pk}"' in response.text and "25%" in response.text


def test_a_cell_of_someone_outside_the_angkatan_is_404(angkatan, staf, client_for):
    stranger = make_placed(AngkatanFactory(program=angkatan.program, start_date=START))
    name = f"c-{stranger.pk}-{day(1):%Y-%m-%d}"
    response = client_for(staf).post(
        reverse("participants:attendance_cell", args=[angkatan.pk]), {"cell": name, name: "hadir"}
    )
    assert response.status_code == 404


def test_the_whole_grid_saves_changed_cells(angkatan, staf, client_for):
    first, second = make_placed(angkatan), make_placed(angkatan)
    response = client_for(staf).post(
        reverse("participants:attendance_roster", args=[angkatan.pk]),
        {f"c-{first.pk}-{day(1):%Y-%m-%d}": "hadir", f"c-{second.pk}-{day(1):%Y-%m-%d}": "alpa",
         f"c-{second.pk}-{day(2):%Y-%m-%d}": ""},
    )  # fmt: skip
    assert response.status_code == 302
    assert dict(Attendance.objects.values_list("nomination_id", "status")) == {
        first.pk: "hadir",
        second.pk: "alpa",
    }


def test_roster_grid_query_count_does_not_grow_with_people(
    angkatan, staf, client_for, django_assert_max_num_queries
):
    client = client_for(staf)
    url = reverse("participants:attendance_roster", args=[angkatan.pk])
    for _ in range(30):
        make_placed(angkatan)
    completion.attendance_record_day(angkatan=angkatan, day=day(1), status=A.HADIR, by=staf)
    with django_assert_max_num_queries(12):
        response = client.get(url)
    # one day at a time: 30 people × the day shown
    assert response.text.count('class="form-select form-select-sm attendance-cell') == 30


def test_a_save_comes_back_to_the_day_it_saved(angkatan, staf, client_for):
    """Issue 20: the page jumped back to day 1 after each save."""
    person = make_placed(angkatan)
    client = client_for(staf)
    url = reverse("participants:attendance_roster", args=[angkatan.pk])
    marked = client.post(
        reverse("participants:attendance_day", args=[angkatan.pk]), {"date": day(3).isoformat()}
    )
    assert marked.status_code == 302 and marked.url == f"{url}?hari=3"
    saved = client.post(f"{url}?hari=2", {"hari": "2", f"c-{person.pk}-{day(2):%Y-%m-%d}": "izin"})
    assert saved.status_code == 302 and saved.url == f"{url}?hari=2"
    page = client.get(saved.url).text
    assert f'id="c-{person.pk}-{day(2):%Y-%m-%d}"' in page
    assert f'id="c-{person.pk}-{day(1):%Y-%m-%d}"' not in page
    assert 'aria-current="page">Hari 2' in page


@pytest.mark.parametrize("asked", ["0", "9", "dua", ""])
def test_a_day_out_of_range_shows_the_first_day(angkatan, staf, client_for, asked):
    person = make_placed(angkatan)
    url = reverse("participants:attendance_roster", args=[angkatan.pk])
    page = client_for(staf).get(url, {"hari": asked}).text
    assert f'id="c-{person.pk}-{day(1):%Y-%m-%d}"' in page


def test_a_cell_saved_by_htmx_is_named_by_the_element_that_sent_it(angkatan, staf, client_for):
    nomination = make_placed(angkatan)
    name = f"c-{nomination.pk}-{day(2):%Y-%m-%d}"
    response = client_for(staf).post(
        reverse("participants:attendance_cell", args=[angkatan.pk]),
        {name: "hadir"},
        HTTP_HX_REQUEST="true",
        HTTP_HX_TRIGGER=name,
    )
    assert response.status_code == 200
    assert 'hx-swap-oob="true"' in response.text and "25%" in response.text
    assert Attendance.objects.get(nomination=nomination).date == day(2)


def test_the_page_of_sixty_people_over_five_days_stays_light(
    balai_ntb, staf, client_for, django_assert_max_num_queries
):
    """Issue 21: ≤ 60 KB of HTML for a 60 × 5 angkatan (it was 178 KB for 60 × 4)."""
    five_days = AngkatanFactory(
        program=make_program(days_per_angkatan=5), start_date=START, capacity=60
    )
    for _ in range(60):
        make_placed(five_days)
    for n in range(1, 6):
        completion.attendance_record_day(
            angkatan=five_days, day=START + dt.timedelta(days=n - 1), status=A.HADIR, by=staf
        )
    client = client_for(staf)
    url = reverse("participants:attendance_roster", args=[five_days.pk])
    with django_assert_max_num_queries(12):
        response = client.get(url, {"hari": "3"})
    assert response.status_code == 200
    assert len(response.content) <= 60_000, len(response.content)
    assert response.text.count("60/60") == 5
