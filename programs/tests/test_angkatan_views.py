"""Quota table, angkatan pages and the angkatan generator: Indonesian validation, what is saved."""

import pytest
from django.urls import reverse

from participants.models import NominationStatus
from participants.tests.factories import NominationFactory
from programs.models import Angkatan, ProgramStatus, Quota
from programs.tests.factories import AngkatanFactory, InstrukturFactory, ProgramFactory

pytestmark = pytest.mark.django_db

NTB_DISTRICTS = [
    "52.01", "52.02", "52.03", "52.04", "52.05", "52.06", "52.07", "52.08", "52.71", "52.72",
]  # fmt: skip


# --- Quota table -------------------------------------------------------------------------


def quota_post(**seats):
    data = {"action": "simpan"}
    for code in NTB_DISTRICTS:
        data[f"kuota_{code.replace('.', '_')}"] = seats.get(code, "")
    return data


def test_bagi_rata_fills_sixty_each_without_saving(client_for, staf):
    program = ProgramFactory(balai=staf.balai, status=ProgramStatus.DRAFT, target_participants=600)
    url = reverse("programs:quota_update", args=[program.pk])
    response = client_for(staf).post(url, {**quota_post(), "action": "bagi_rata"})
    assert response.status_code == 200
    form = response.context["quota_form"]
    assert all(form[form.field_name(c)].value() == "60" for c in NTB_DISTRICTS)
    assert not Quota.objects.filter(program=program).exists()


def test_quota_table_saves_all_districts_at_once(client_for, staf):
    program = ProgramFactory(balai=staf.balai, target_participants=600)
    url = reverse("programs:quota_update", args=[program.pk])
    response = client_for(staf).post(url, quota_post(**dict.fromkeys(NTB_DISTRICTS, 60)))
    assert response.status_code == 302
    assert sorted(program.quotas.values_list("seats", flat=True)) == [60] * 10


def test_quota_above_target_asks_for_confirmation_in_indonesian(client_for, staf):
    program = ProgramFactory(balai=staf.balai, target_participants=600)
    url = reverse("programs:quota_update", args=[program.pk])
    client = client_for(staf)
    seats = quota_post(**dict.fromkeys(NTB_DISTRICTS, 61))
    response = client.post(url, seats)
    assert response.status_code == 200
    assert response.context["quota_form"].errors["confirm_over_target"] == [
        "Jumlah kuota 610 melebihi target peserta 600. Centang konfirmasi bila memang disengaja."
    ]
    assert not program.quotas.exists()
    response = client.post(url, {**seats, "confirm_over_target": "on"})
    assert response.status_code == 302
    assert sum(program.quotas.values_list("seats", flat=True)) == 610


def test_negative_quota_is_a_form_error(client_for, staf):
    program = ProgramFactory(balai=staf.balai)
    url = reverse("programs:quota_update", args=[program.pk])
    response = client_for(staf).post(url, quota_post(**{"52.71": -5}))
    form = response.context["quota_form"]
    assert form.errors["kuota_52_71"] == ["Pastikan nilai ini lebih besar dari atau sama dengan 0."]


def test_quota_page_get_goes_back_to_the_programme(client_for, staf):
    program = ProgramFactory(balai=staf.balai)
    response = client_for(staf).get(reverse("programs:quota_update", args=[program.pk]))
    assert response["Location"] == reverse("programs:program_detail", args=[program.pk])


# --- Angkatan pages ----------------------------------------------------------------------


def angkatan_post(**overrides):
    data = {
        "number": 1,
        "start_date": "2020-11-17",
        "end_date": "2020-11-20",
        "venue": "Balatkop NTB",
        "capacity": 60,
    }
    return {**data, **overrides}


def test_angkatan_form_asks_to_confirm_a_different_length(client_for, staf):
    program = ProgramFactory(balai=staf.balai, days_per_angkatan=4)
    url = reverse("programs:angkatan_create", args=[program.pk])
    client = client_for(staf)
    response = client.post(url, angkatan_post(end_date="2020-11-22"))
    assert response.context["form"].errors["confirm_length"] == [
        "Lama angkatan 6 hari, sedangkan program ini 4 hari per angkatan. "
        "Centang konfirmasi bila memang disengaja."
    ]
    response = client.post(url, angkatan_post(end_date="2020-11-22", confirm_length="on"))
    assert response.status_code == 302
    assert program.angkatan.get().length_days == 6


def test_angkatan_form_refuses_end_before_start(client_for, staf):
    program = ProgramFactory(balai=staf.balai)
    url = reverse("programs:angkatan_create", args=[program.pk])
    response = client_for(staf).post(url, angkatan_post(end_date="2020-11-01"))
    assert response.context["form"].errors["end_date"] == [
        "Tanggal selesai tidak boleh sebelum tanggal mulai."
    ]


def test_angkatan_form_requires_dates_in_indonesian(client_for, staf):
    program = ProgramFactory(balai=staf.balai)
    url = reverse("programs:angkatan_create", args=[program.pk])
    response = client_for(staf).post(url, angkatan_post(start_date="", capacity=0))
    errors = response.context["form"].errors
    assert errors["start_date"] == ["Bidang ini tidak boleh kosong."]
    assert errors["capacity"] == ["Pastikan nilai ini lebih besar dari atau sama dengan 1."]


def test_angkatan_capacity_below_placed_is_refused_on_the_form(client_for, staf):
    program = ProgramFactory(balai=staf.balai)
    angkatan = AngkatanFactory(program=program, number=1, capacity=60)
    NominationFactory.create_batch(
        2, program=program, angkatan=angkatan, status=NominationStatus.DITEMPATKAN
    )
    url = reverse("programs:angkatan_update", args=[angkatan.pk])
    response = client_for(staf).post(url, angkatan_post(capacity=1))
    assert response.context["form"].errors["capacity"] == [
        "Kapasitas tidak boleh kurang dari 2 peserta yang sudah ditempatkan."
    ]


def test_angkatan_edit_sets_instructors_of_the_balai(client_for, staf):
    program = ProgramFactory(balai=staf.balai)
    angkatan = AngkatanFactory(program=program, number=1)
    instruktur = InstrukturFactory(balai=staf.balai)
    url = reverse("programs:angkatan_update", args=[angkatan.pk])
    response = client_for(staf).post(url, angkatan_post(instructors=[instruktur.pk]))
    assert response.status_code == 302
    assert list(angkatan.instructors.all()) == [instruktur]


def test_generator_page_creates_ten_angkatan_of_sixty(client_for, staf):
    program = ProgramFactory(balai=staf.balai, target_participants=600)
    url = reverse("programs:angkatan_generate", args=[program.pk])
    response = client_for(staf).post(
        url, {"count": 10, "capacity": 60, "first_start": "2020-11-17"}, follow=True
    )
    assert program.angkatan.count() == 10
    assert sum(program.angkatan.values_list("capacity", flat=True)) == 600
    page = response.content.decode()
    assert "10 angkatan dibuat (nomor 1–10)" in page
    assert "masih di bawah target" not in page


def test_generator_warns_when_capacity_stays_below_target(client_for, staf):
    program = ProgramFactory(balai=staf.balai, target_participants=600)
    url = reverse("programs:angkatan_generate", args=[program.pk])
    response = client_for(staf).post(
        url, {"count": 5, "capacity": 60, "first_start": "2020-11-17"}, follow=True
    )
    assert "Total kapasitas angkatan (300) masih di bawah target peserta (600)." in (
        response.content.decode()
    )


def test_generator_form_limits_the_count(client_for, staf):
    program = ProgramFactory(balai=staf.balai)
    url = reverse("programs:angkatan_generate", args=[program.pk])
    response = client_for(staf).post(url, {"count": 51, "capacity": 60, "first_start": ""})
    errors = response.context["form"].errors
    assert errors["count"] == ["Pastikan nilai ini lebih kecil dari atau sama dengan 50."]
    assert errors["first_start"] == ["Bidang ini tidak boleh kosong."]
    assert not Angkatan.objects.exists()


def test_angkatan_page_shows_instructors(client_for, pimpinan):
    angkatan = AngkatanFactory(program=ProgramFactory(balai=pimpinan.balai), number=2)
    angkatan.instructors.add(InstrukturFactory(balai=pimpinan.balai, name="Baiq Nurul"))
    response = client_for(pimpinan).get(reverse("programs:angkatan_detail", args=[angkatan.pk]))
    assert "Baiq Nurul" in response.content.decode()
