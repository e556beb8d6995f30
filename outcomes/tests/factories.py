"""Factories for follow-ups and visits, and the Jawa Tengah 2021 cohort (106 alumni of level 2)."""

import datetime as dt

import factory

from balatkop.models import Balai
from balatkop.tests.factories import named_balai
from outcomes.models import FollowUp, FollowUpSource, MentoringVisit
from participants.models import Business, Nomination, NominationStatus, Participant
from participants.nik import make_nik
from participants.tests.factories import NominationFactory
from programs.models import Angkatan, Program, ProgramStatus
from programs.tests.factories import AngkatanFactory

# The published Jawa Tengah 2021 figures (the README), omzet per month.
JATENG_2021 = {
    "participants": 106,
    "omzet": (2_400_000_000, 5_370_000_000),
    "aset": (7_360_000_000, 12_340_000_000),
    "tenaga_kerja": (279, 583),
}
# Its Ringkasan omzet row: before, after, difference, growth (%), after/before ratio (%).
JATENG_2021_OMZET_ROW = [
    "Omzet (Rp/bulan)", 2_400_000_000, 5_370_000_000, 2_970_000_000, 123.75, 223.75,
]  # fmt: skip
JATENG_DISTRICTS = ["33.74", "33.72", "33.01", "33.19", "33.20", "33.22"]
JATENG_SECTORS = ["Kuliner", "Konveksi", "Kerajinan", "Pertanian"]


class CompletedNominationFactory(NominationFactory):
    """A nomination that finished training (lulus) in an angkatan of its programme."""

    status = NominationStatus.LULUS
    angkatan = factory.SubFactory(AngkatanFactory, program=factory.SelfAttribute("..program"))
    completed_on = factory.LazyAttribute(lambda o: o.angkatan.end_date)


class FollowUpFactory(factory.django.DjangoModelFactory):
    """A +6 month measurement in which omzet doubled."""

    class Meta:
        model = FollowUp

    nomination = factory.SubFactory(CompletedNominationFactory)
    round_months = 6
    measured_on = dt.date(2021, 5, 20)
    omzet = factory.LazyAttribute(lambda o: o.nomination.baseline_omzet * 2)
    aset = factory.LazyAttribute(lambda o: o.nomination.baseline_aset + 10_000_000)
    tenaga_kerja = factory.LazyAttribute(lambda o: o.nomination.baseline_tenaga_kerja + 1)
    source = FollowUpSource.FORM


class MentoringVisitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MentoringVisit

    nomination = factory.SubFactory(CompletedNominationFactory)
    pendamping = "Sri Wahyuni"
    visited_on = dt.date(2021, 3, 2)
    topics = "Pembukuan sederhana"


def jateng_balai() -> Balai:
    return named_balai("JATENG")


def _series(totals: tuple[int, int], special: list[tuple[int, int]], generic) -> list:
    """Per-person (before, after) pairs: special cases, generic ones, and a last that hits the totals."""
    count = JATENG_2021["participants"]
    pairs = list(special) + [generic(i) for i in range(len(special), count - 1)]
    last = (totals[0] - sum(b for b, _ in pairs), totals[1] - sum(a for _, a in pairs))
    assert last[0] >= 0 and last[1] >= 0, last
    return [*pairs, last]


def jateng_2021_series() -> dict[str, list[tuple[int, int]]]:
    """Individual figures of the 106 alumni whose sums are exactly the published totals."""
    omzet = _series(
        JATENG_2021["omzet"],
        # A kecil business staying kecil, two mikro → kecil, one whose omzet fell.
        [(170_000_000, 180_000_000), (100_000_000, 200_000_000), (120_000_000, 250_000_000),
         (30_000_000, 25_000_000)],
        lambda i: (12_000_000 + (i % 8) * 2_000_000, 32_000_000 + (i % 8) * 4_000_000),
    )  # fmt: skip
    aset = _series(
        JATENG_2021["aset"], [], lambda i: (54_000_000 + (i % 7) * 5_000_000, 95_000_000 + (i % 7) * 7_000_000)
    )  # fmt: skip
    tenaga_kerja = _series(
        JATENG_2021["tenaga_kerja"], [], lambda i: (1 + i % 4 + (i % 10 == 0), 4 + i % 4)
    )
    return {"omzet": omzet, "aset": aset, "tenaga_kerja": tenaga_kerja}


def build_jateng_2021_cohort(
    *,
    balai: Balai | None = None,
    code: str = "JTG-2021-J2",
    round_months: int = 12,
    first_serial: int = 1000,
) -> Program:
    """Program level 2 of 2021 with 106 lulus alumni, each measured once at ``round_months``.

    Σ omzet Rp 2.400.000.000 → 5.370.000.000 per month, Σ aset 7.360.000.000 →
    12.340.000.000, Σ tenaga kerja 279 → 583, spread over six kab/kota and both sexes.
    Build a second cohort with another ``code`` and ``first_serial`` (NIKs are unique).
    """
    balai = balai or jateng_balai()
    program = Program.objects.create(
        balai=balai, code=code, name="Pelatihan Berjenjang UMKM Jenjang 2", year=2021, jenjang=2,
        days_per_angkatan=5, min_business_months=12, min_omzet_per_month=5_000_000,
        status=ProgramStatus.FINISHED,
    )  # fmt: skip
    angkatan = [
        Angkatan.objects.create(
            program=program,
            number=n,
            start_date=dt.date(2021, 3, 1 + 7 * n),
            end_date=dt.date(2021, 3, 5 + 7 * n),
            capacity=60,
            venue="Semarang",
        )
        for n in (1, 2)
    ]
    series = jateng_2021_series()
    count = JATENG_2021["participants"]
    people = Participant.objects.bulk_create(
        Participant(
            nik=make_nik(
                JATENG_DISTRICTS[i % 6], dt.date(1980, 1, 1), "LP"[i % 2], first_serial + i
            ),
            name=f"Alumni Jateng {i + 1:03d}",
            sex="LP"[i % 2],
            birth_date=dt.date(1980, 1, 1),
            kabupaten_kota_id=JATENG_DISTRICTS[i % 6],
        )
        for i in range(count)
    )
    businesses = Business.objects.bulk_create(
        Business(
            participant=person,
            name=f"Usaha Jateng {i + 1:03d}",
            sector=JATENG_SECTORS[i % 4],
            started_on=dt.date(2017, 6, 1),
        )
        for i, person in enumerate(people)
    )
    nominations = Nomination.objects.bulk_create(
        Nomination(
            program=program,
            participant=person,
            business=businesses[i],
            kabupaten_kota_id=JATENG_DISTRICTS[i % 6],
            baseline_omzet=series["omzet"][i][0],
            baseline_aset=series["aset"][i][0],
            baseline_tenaga_kerja=series["tenaga_kerja"][i][0],
            status=NominationStatus.LULUS,
            angkatan=angkatan[i % 2],
            completed_on=angkatan[i % 2].end_date,
        )
        for i, person in enumerate(people)
    )
    FollowUp.objects.bulk_create(
        FollowUp(
            nomination=nomination,
            round_months=round_months,
            measured_on=dt.date(2022, 3, 15),
            omzet=series["omzet"][i][1],
            aset=series["aset"][i][1],
            tenaga_kerja=series["tenaga_kerja"][i][1],
            source=FollowUpSource.IMPORT,
        )
        for i, nomination in enumerate(nominations)
    )
    return program


# The attribution test panel: its true effect is known by construction.
PANEL_TODAY = dt.date(2022, 1, 1)
PANEL_MEASURED_ON = dt.date(2021, 9, 15)


def _panel_person(program, serial: int, *, baseline: int, **nomination) -> Nomination:
    person = Participant.objects.create(
        nik=make_nik("52.71", dt.date(1984, 2, 3), "P", serial),
        name=f"Wulan Panel {serial:03d}",
        sex="P",
        phone="0812-3456-7890",
        kabupaten_kota_id="52.71",
    )
    business = Business.objects.create(participant=person, name=f"Usaha Panel {serial}")
    return Nomination.objects.create(
        program=program,
        participant=person,
        business=business,
        kabupaten_kota_id="52.71",
        baseline_omzet=baseline,
        baseline_aset=baseline * 5,
        baseline_tenaga_kerja=2,
        **nomination,
    )


def build_attribution_panel(*, balai: Balai, code: str = "PANEL-2021") -> Program:
    """100 alumni whose omzet grew exactly 40 % and 50 comparison applicants who grew 15 %.

    80 alumni answered the +6 month round: those who did not started lower (Rp 7.375.000
    a month on average against Rp 14.750.000). 40 of the 50 comparison applicants (eligible
    reserves never placed) answered. Difference-in-differences: +25 points.
    """
    program = Program.objects.create(
        balai=balai, code=code, name="Pelatihan Panel Dampak", year=2021, days_per_angkatan=5,
        followup_rounds=[6], status=ProgramStatus.FINISHED,
    )  # fmt: skip
    angkatan = Angkatan.objects.create(
        program=program, number=1, start_date=dt.date(2021, 3, 1), end_date=dt.date(2021, 3, 5),
        capacity=100, venue="Mataram",
    )  # fmt: skip
    followups = []
    for i in range(100):
        answered = i < 80
        baseline = (10_000_000 + 500_000 * (i % 20)) if answered else 5_000_000 + 250_000 * (i % 20)
        alumnus = _panel_person(
            program, 100 + i, baseline=baseline, status=NominationStatus.LULUS, angkatan=angkatan,
            completed_on=angkatan.end_date,
        )  # fmt: skip
        if answered:
            followups.append((alumnus, 7, 5))  # × 1,40
    for i in range(50):
        applicant = _panel_person(
            program, 300 + i, baseline=8_000_000 + 400_000 * (i % 10),
            status=NominationStatus.CADANGAN, over_quota=True,
        )  # fmt: skip
        if i < 40:
            followups.append((applicant, 23, 20))  # × 1,15
    FollowUp.objects.bulk_create(
        FollowUp(
            nomination=n,
            round_months=6,
            measured_on=PANEL_MEASURED_ON,
            omzet=n.baseline_omzet * num // den,
            aset=n.baseline_aset * num // den,
            tenaga_kerja=n.baseline_tenaga_kerja + 1,
            source=FollowUpSource.FORM,
        )
        for n, num, den in followups
    )
    return program
