"""All of Indonesia's regions are loaded with their Kemendagri codes."""

import pytest

from balatkop.models import KabupatenKota, Provinsi

pytestmark = pytest.mark.django_db


def test_there_are_38_provinces_and_514_kabupaten_kota():
    assert Provinsi.objects.count() == 38
    assert KabupatenKota.objects.count() == 514


def test_ntb_has_its_ten_kabupaten_kota():
    ntb = Provinsi.objects.get(code="52")
    assert ntb.name == "Nusa Tenggara Barat"
    codes = list(ntb.kabupaten_kota.values_list("code", flat=True))
    assert codes == [f"52.0{i}" for i in range(1, 9)] + ["52.71", "52.72"]


@pytest.mark.parametrize(
    ("code", "name", "is_kota"),
    [
        ("52.71", "Kota Mataram", True),
        ("33.74", "Kota Semarang", True),
        ("52.03", "Kabupaten Lombok Timur", False),
    ],
)
def test_known_codes_resolve_to_their_names(code, name, is_kota):
    region = KabupatenKota.objects.get(code=code)
    assert region.name == name
    assert region.is_kota is is_kota


def test_every_kabupaten_kota_code_starts_with_its_province_code():
    for region in KabupatenKota.objects.all():
        assert region.code.startswith(region.provinsi_id + ".")
        assert 1 <= int(region.code[3:]) <= 99
