"""Roles are bound to a balai, and district officers to a kab/kota of the balai's province."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from balatkop.access import mask_nik
from balatkop.models import Role, User

pytestmark = pytest.mark.django_db


def test_a_district_officer_cannot_be_bound_outside_the_balai_province(balai_ntb):
    officer = User(
        username="x", role=Role.PETUGAS_KABKOTA, balai=balai_ntb, kabupaten_kota_id="33.74"
    )
    with pytest.raises(ValidationError, match="tidak berada di provinsi"):
        officer.full_clean()
    with pytest.raises(ValidationError):
        officer.save()
    assert not User.objects.filter(username="x").exists()


def test_a_district_officer_inside_the_province_is_accepted(balai_ntb):
    officer = User(
        username="y", role=Role.PETUGAS_KABKOTA, balai=balai_ntb, kabupaten_kota_id="52.71"
    )
    officer.full_clean(exclude=["password"])
    officer.save()
    assert officer.kabupaten_kota.name == "Kota Mataram"


def test_a_district_officer_without_a_kabupaten_kota_is_refused_by_the_database(balai_ntb):
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(username="z", role=Role.PETUGAS_KABKOTA, balai=balai_ntb)


def test_staff_without_a_balai_is_refused(db):
    with pytest.raises(ValidationError, match="wajib terikat"):
        User(username="s", role=Role.STAF_BALAI).full_clean(exclude=["password"])


def test_nik_is_masked_for_heads_and_shown_to_staff(staf, pimpinan, petugas):
    nik = "5271014108900001"
    assert mask_nik(nik, pimpinan) == "5271********0001"
    assert mask_nik(nik, staf) == nik
    assert mask_nik(nik, petugas) == nik
    assert mask_nik(nik) == "5271********0001"
