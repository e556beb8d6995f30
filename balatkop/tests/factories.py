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


def kabkota(code: str) -> KabupatenKota:
    return KabupatenKota.objects.get(code=code)
