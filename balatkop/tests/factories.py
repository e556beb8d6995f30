"""Factories for the core app; other apps keep theirs in their own tests/factories.py."""

import factory

from balatkop.models import Balai, KabupatenKota, Provinsi, Role, TimeZone, User


class BalaiFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Balai
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"BALAI{n}")
    name = factory.LazyAttribute(lambda o: f"Balatkop {o.code}")
    provinsi = factory.LazyFunction(lambda: Provinsi.objects.get(code="52"))
    time_zone = TimeZone.WITA


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name", locale="id_ID")
    role = Role.STAF_BALAI
    balai = factory.SubFactory(BalaiFactory)
    password = factory.django.Password("rahasia-uji-123")


# The balai the cast works in (conftest.py), by code: name, provinsi code and time zone.
NAMED_BALAI = {
    "NTB": ("Balatkop Nusa Tenggara Barat", "52", TimeZone.WITA),
    "JATENG": ("Balatkop Jawa Tengah", "33", TimeZone.WIB),
}


def named_balai(code: str) -> Balai:
    """Balatkop NTB or Jawa Tengah, made on first use in each test database."""
    name, provinsi, time_zone = NAMED_BALAI[code]
    return BalaiFactory(
        code=code, name=name, provinsi=Provinsi.objects.get(code=provinsi), time_zone=time_zone
    )


def kabkota(code: str) -> KabupatenKota:
    return KabupatenKota.objects.get(code=code)
