"""Factories for programmes, quotas, angkatan and instructors (imported by other apps' tests)."""

import datetime as dt

import factory

from balatkop.models import KabupatenKota
from balatkop.tests.factories import BalaiFactory
from programs.models import Angkatan, Bidang, Instruktur, Program, ProgramStatus, Quota


class BidangFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Bidang
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Bidang {n}")


class ProgramFactory(factory.django.DjangoModelFactory):
    """A programme of NTB-like shape: 600 seats, 4 days per angkatan, nominations open."""

    class Meta:
        model = Program

    balai = factory.SubFactory(BalaiFactory)
    code = factory.Sequence(lambda n: f"PRG-{n:04d}")
    name = factory.Sequence(lambda n: f"Pelatihan Kewirausahaan {n}")
    year = 2020
    bidang = factory.SubFactory(BidangFactory, name="Konveksi")
    target_participants = 600
    days_per_angkatan = 4
    status = ProgramStatus.NOMINATION_OPEN


class QuotaFactory(factory.django.DjangoModelFactory):
    """60 seats for Kota Mataram; pass ``kabupaten_kota=`` an object or ``kabupaten_kota_id=``."""

    class Meta:
        model = Quota
        django_get_or_create = ["program", "kabupaten_kota"]

    program = factory.SubFactory(ProgramFactory)
    kabupaten_kota = factory.LazyFunction(lambda: KabupatenKota.objects.get(code="52.71"))
    seats = 60

    @classmethod
    def _adjust_kwargs(cls, **kwargs):
        if "kabupaten_kota_id" in kwargs:
            kwargs["kabupaten_kota"] = KabupatenKota.objects.get(
                code=kwargs.pop("kabupaten_kota_id")
            )
        return kwargs


class AngkatanFactory(factory.django.DjangoModelFactory):
    """An angkatan whose length matches its programme's days_per_angkatan."""

    class Meta:
        model = Angkatan

    program = factory.SubFactory(ProgramFactory)
    number = factory.Sequence(lambda n: n + 1)
    start_date = dt.date(2020, 11, 17)
    end_date = factory.LazyAttribute(
        lambda o: o.start_date + dt.timedelta(days=o.program.days_per_angkatan - 1)
    )
    venue = "Balatkop NTB, Mataram"
    capacity = 60


class InstrukturFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Instruktur

    balai = factory.SubFactory(BalaiFactory)
    name = factory.Faker("name", locale="id_ID")
    expertise = "Manajemen usaha"
