"""The report's angkatan filter offers the chosen programme's angkatan, not every one in scope."""

import pytest

from outcomes.forms import ImpactFilterForm
from participants.tests.matrix_selection import make_program
from programs.tests.factories import AngkatanFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_programs(staf):
    first, second = make_program(), make_program()
    return {
        first: [AngkatanFactory(program=first, number=n) for n in (1, 2)],
        second: [AngkatanFactory(program=second, number=n) for n in (1, 2, 3)],
    }


def offered(form) -> list:
    return [value for value, _ in form.fields["angkatan"].widget.choices]


def test_without_a_programme_no_angkatan_is_listed(pimpinan, two_programs):
    form = ImpactFilterForm(user=pimpinan)
    assert offered(form) == [""]
    assert "pilih program" in form.fields["angkatan"].widget.choices[0][1]


def test_a_chosen_programme_lists_its_own_angkatan(pimpinan, two_programs):
    program, angkatan = next(iter(two_programs.items()))
    form = ImpactFilterForm({"program": program.pk}, user=pimpinan)
    assert form.is_valid()
    assert offered(form) == ["", *[a.pk for a in angkatan]]


def test_a_link_naming_any_angkatan_in_scope_still_works_and_shows_it(pimpinan, two_programs):
    chosen = list(two_programs.values())[1][2]
    form = ImpactFilterForm({"angkatan": chosen.pk}, user=pimpinan)
    assert form.is_valid() and form.to_filters().angkatan == chosen
    assert chosen.pk in offered(form)


def test_an_angkatan_of_another_balai_is_still_out_of_scope(outsider, two_programs):
    chosen = next(iter(two_programs.values()))[0]
    form = ImpactFilterForm({"angkatan": chosen.pk}, user=outsider)
    assert not form.is_valid() and form.out_of_scope
    assert chosen.pk not in offered(form)
