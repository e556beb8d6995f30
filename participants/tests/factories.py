"""Factories for people, their businesses and nominations (imported by other apps' tests)."""

import datetime as dt

import factory

from participants.models import Business, Nomination, Participant, ParticipantRole, Sex
from participants.nik import make_nik
from programs.tests.factories import ProgramFactory


def _birth_date(o) -> dt.date:
    # Serials 1..9999 then the next birth day, so thousands of factory people stay unique.
    return dt.date(1985, 3, 14) + dt.timedelta(days=o.serial // 9999)


class ParticipantFactory(factory.django.DjangoModelFactory):
    """A person of Kota Mataram with a structurally valid NIK matching birth date and sex."""

    class Meta:
        model = Participant
        django_get_or_create = ["nik"]

    class Params:
        serial = factory.Sequence(lambda n: n)
        nik_region = "52.71"

    name = factory.Faker("name", locale="id_ID")
    sex = Sex.PEREMPUAN
    birth_date = factory.LazyAttribute(_birth_date)
    nik = factory.LazyAttribute(
        lambda o: make_nik(o.nik_region, o.birth_date, o.sex, o.serial % 9999 + 1)
    )
    phone = "081234567890"
    kabupaten_kota_id = "52.71"


class BusinessFactory(factory.django.DjangoModelFactory):
    """A small business running since 2018."""

    class Meta:
        model = Business
        skip_postgeneration_save = True

    participant = factory.SubFactory(ParticipantFactory)
    name = factory.Sequence(lambda n: f"Usaha Maju {n}")
    sector = "Konveksi"
    nib = factory.Sequence(lambda n: f"{9120000000000 + n:013d}")
    started_on = dt.date(2018, 1, 1)


class NominationFactory(factory.django.DjangoModelFactory):
    """A nomination from Kota Mataram with a Rp 6 juta/bulan baseline, status diusulkan."""

    class Meta:
        model = Nomination

    program = factory.SubFactory(ProgramFactory)
    participant = factory.SubFactory(ParticipantFactory)
    business = factory.SubFactory(
        BusinessFactory, participant=factory.SelfAttribute("..participant")
    )
    role = ParticipantRole.PEMILIK_USAHA
    kabupaten_kota_id = "52.71"
    baseline_omzet = 6_000_000
    baseline_aset = 50_000_000
    baseline_tenaga_kerja = 2
