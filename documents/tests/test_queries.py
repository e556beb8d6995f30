"""The documents page and every download read an angkatan in a fixed number of queries."""

import pytest
from django.urls import reverse

from participants.models import NominationStatus
from participants.tests.matrix_selection import START, make_placed, make_program
from programs.tests.factories import AngkatanFactory, InstrukturFactory

pytestmark = pytest.mark.django_db

PAGES = [
    "documents:angkatan_documents",
    "documents:certificates",
    "documents:attendance_list",
    "documents:attendance_recap",
    "documents:receipts",
    "documents:receipts_xlsx",
    "documents:activity_report",
]


def _grow(angkatan, n):
    for _ in range(n):
        person = make_placed(angkatan)
        person.status = NominationStatus.LULUS
        person.certificate_number = f"{person.pk:04d}/X/2020"
        person.save()


@pytest.mark.parametrize("url_name", PAGES)
def test_documents_use_a_bounded_number_of_queries(
    staf, client_for, django_assert_max_num_queries, url_name
):
    angkatan = AngkatanFactory(program=make_program(), start_date=START)
    angkatan.instructors.set([InstrukturFactory(balai=angkatan.program.balai)])
    url = reverse(url_name, args=[angkatan.pk])
    client = client_for(staf)
    _grow(angkatan, 2)
    client.get(url)
    with django_assert_max_num_queries(25) as few:
        assert client.get(url).status_code == 200
    _grow(angkatan, 8)
    with django_assert_max_num_queries(len(few.captured_queries) + 1):  # +1: new certificates
        assert client.get(url).status_code == 200
