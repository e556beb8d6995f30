"""Staff edit their balai's letterhead and signatory; every report prints what they saved."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from PIL import Image

from balatkop.signatory import signatory_for

pytestmark = pytest.mark.django_db

URL = reverse("balai_settings")


def png(size=(40, 20)) -> io.BytesIO:
    data = io.BytesIO()
    Image.new("RGB", size, "white").save(data, "PNG")
    data.seek(0)
    data.name = "ttd.png"
    return data


def test_staff_save_the_signatory_of_their_own_balai_only(
    client_for, staf, outsider, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    response = client_for(staf).post(
        URL,
        {
            "name": "Balai Latihan Koperasi dan UKM Provinsi NTB",
            "signatory_place": "Mataram",
            "signatory_title": "Kepala Balai",
            "signatory_name": "Hj. Darmawati, S.E.",
            "signatory_nip": "19700101 199503 2 001",
            "signatory_signature": png(),
        },
    )
    assert response.status_code == 302
    staf.balai.refresh_from_db()
    assert staf.balai.signatory_nip == "197001011995032001"
    assert staf.balai.signatory_signature.name.endswith(".png")
    outsider.balai.refresh_from_db()
    assert outsider.balai.signatory_name == ""
    block = signatory_for(staf.balai, day=dt.date(2026, 11, 17))
    assert block.place_and_date == "Mataram, 17 November 2026"
    assert block.nip == "NIP 197001011995032001"


def test_a_wrong_nip_is_a_message_not_a_save(client_for, staf):
    response = client_for(staf).post(URL, {"name": staf.balai.name, "signatory_nip": "12345"})
    assert response.status_code == 200
    assert "NIP harus 18 angka; yang diisi 5 karakter." in response.content.decode()
    staf.balai.refresh_from_db()
    assert staf.balai.signatory_nip == ""


def test_a_file_that_is_not_an_image_is_refused(client_for, staf, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    fake = io.BytesIO(b"%PDF-1.4 bukan gambar")
    fake.name = "logo.png"
    response = client_for(staf).post(URL, {"name": staf.balai.name, "logo": fake})
    assert response.status_code == 200
    assert "logo" in response.context["form"].errors
