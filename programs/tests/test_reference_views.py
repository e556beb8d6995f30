"""Instruktur and bidang pages: per balai, searchable, Indonesian validation, bounded queries."""

import pytest
from django.urls import reverse

from balatkop.tests.queries import count_queries
from programs.models import Bidang, Instruktur
from programs.tests.factories import InstrukturFactory, ProgramFactory

pytestmark = pytest.mark.django_db


# --- Instruktur and bidang ---------------------------------------------------------------


def test_instruktur_list_is_per_balai_and_searchable(client_for, staf, outsider):
    InstrukturFactory(balai=staf.balai, name="Lalu Ahmad", expertise="Tata boga")
    InstrukturFactory(balai=staf.balai, name="Made Sari", expertise="Konveksi")
    InstrukturFactory(balai=outsider.balai, name="Siti Jateng")
    client = client_for(staf)
    page = client.get(reverse("programs:instruktur_list")).content.decode()
    assert "Lalu Ahmad" in page and "Made Sari" in page and "Siti Jateng" not in page
    page = client.get(reverse("programs:instruktur_list"), {"q": "boga"}).content.decode()
    assert "Lalu Ahmad" in page and "Made Sari" not in page


def test_instruktur_list_queries_do_not_grow_with_rows(client_for, staf):
    client = client_for(staf)
    url = reverse("programs:instruktur_list")
    InstrukturFactory.create_batch(2, balai=staf.balai)
    few = count_queries(client, url)
    InstrukturFactory.create_batch(15, balai=staf.balai)
    assert count_queries(client, url) == few


def test_staff_add_and_edit_an_instruktur(client_for, staf):
    client = client_for(staf)
    response = client.post(
        reverse("programs:instruktur_create"), {"name": "Lalu Ahmad", "expertise": "Tata boga"}
    )
    assert response.status_code == 302
    instruktur = Instruktur.objects.get(name="Lalu Ahmad")
    assert instruktur.balai == staf.balai
    response = client.post(
        reverse("programs:instruktur_update", args=[instruktur.pk]),
        {"name": "Lalu Ahmad", "expertise": "Tata boga, pengemasan"},
    )
    instruktur.refresh_from_db()
    assert instruktur.expertise == "Tata boga, pengemasan"


def test_bidang_list_lets_staff_add_a_field(client_for, staf):
    client = client_for(staf)
    response = client.post(reverse("programs:bidang_create"), {"name": "Fotografi Produk"})
    assert response.status_code == 302
    page = client.get(reverse("programs:bidang_list")).content.decode()
    assert "Fotografi Produk" in page and "Tata Boga" in page


def test_bidang_duplicate_is_refused_in_indonesian(client_for, staf):
    response = client_for(staf).post(reverse("programs:bidang_create"), {"name": "tata boga"})
    assert response.context["form"].errors["name"] == ["Bidang “tata boga” sudah ada."]


def test_bidang_list_queries_do_not_grow_with_rows(client_for, pimpinan):
    client = client_for(pimpinan)
    url = reverse("programs:bidang_list")
    few = count_queries(client, url)
    Bidang.objects.bulk_create([Bidang(name=f"Bidang uji {i}") for i in range(20)])
    ProgramFactory.create_batch(3, balai=pimpinan.balai)
    assert count_queries(client, url) == few
