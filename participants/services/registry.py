"""Registry and nomination rules: one person per NIK, window, quota, ladder, criteria.

The form and the Excel import both turn their input into :class:`NomineeData`, check it with
:func:`nominees_check` (a handful of queries for any number of rows) and write with
:func:`nomination_create` or :func:`nominations_import`.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone

from balatkop.access import is_district_officer
from balatkop.bulk import insert_objects
from balatkop.formatting import tanggal
from balatkop.models import KabupatenKota
from participants.eligibility import EligibilityResult, eligibility_check
from participants.models import (
    Business,
    BusinessKind,
    Nomination,
    NominationStatus,
    Participant,
    ParticipantRole,
)
from participants.nik import check_nik, normalise_nik
from programs.models import Quota
from programs.seats import RELEASES_CLAIM


@dataclass
class NomineeData:
    """One nominee as typed into the form or read from a row of the Excel file."""

    nik: str
    name: str
    kabupaten_kota_id: str | None  # nominating district, also taken as domicile
    sex: str = ""
    birth_date: dt.date | None = None
    phone: str = ""
    address: str = ""
    role: str = ParticipantRole.PEMILIK_USAHA
    business_kind: str = BusinessKind.USAHA
    business_name: str = ""
    sector: str = ""
    nib: str = ""
    started_on: dt.date | None = None
    omzet: int | None = None
    aset: int | None = None
    tenaga_kerja: int | None = None


@dataclass
class NomineeCheck:
    """What the rules say about one nominee: errors stop it, warnings only inform."""

    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    eligibility: EligibilityResult | None = None
    existing: Participant | None = None  # the person already registered under this NIK

    @property
    def ok(self) -> bool:
        return not self.errors


# Neutral on purpose: it neither confirms that the NIK is registered nor says which field differs.
NOT_THE_REGISTERED_PERSON = (
    "Data orang ini tidak dapat dipakai: periksa kembali NIK, nama lengkap dan tanggal lahir "
    "sesuai KTP."
)


def _plain_name(name: str) -> str:
    return " ".join(name.split()).casefold()


def same_person(participant: Participant, data: NomineeData) -> bool:
    """Linking to a registered person needs the typed name and birth date to match theirs.

    The birth date left empty is read from the NIK (its digits carry it); the name is what
    only someone who knows the person can type.
    """
    if _plain_name(participant.name) != _plain_name(data.name or ""):
        return False
    return participant.birth_date is None or participant.birth_date == data.birth_date


def nominating_districts(*, user, program):
    """The kab/kota a user may nominate for in a programme: officers their own, staff the province."""
    return KabupatenKota.objects.for_user(user).filter(provinsi_id=program.balai.provinsi_id)


def participant_history(participant):
    """Every nomination of a person, in any balai, oldest first (for the ladder and the form)."""
    return (
        Nomination.objects.filter(participant=participant)
        .select_related("program__balai", "kabupaten_kota", "angkatan")
        .order_by("program__year", "created_at")
    )


def nomination_window_check(*, program, today: dt.date) -> None:
    """Refuse outside the nomination window or when the programme is not open."""
    if program.accepts_nominations_on(today):
        return
    if program.nomination_opens and today < program.nomination_opens:
        raise ValidationError(
            f"Usulan untuk program ini baru dibuka {tanggal(program.nomination_opens)}."
        )
    if program.nomination_closes and today > program.nomination_closes:
        raise ValidationError(
            f"Usulan untuk program ini sudah ditutup {tanggal(program.nomination_closes)}."
        )
    raise ValidationError("Program ini sedang tidak menerima usulan.")


def _whole_rupiah(value, label: str, errors: list[str], *, required: bool = True) -> None:
    if value is None:
        if required:
            errors.append(f"{label} wajib diisi.")
        return
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        errors.append(f"{label} harus bilangan bulat tidak negatif.")


def nominees_check(
    *, program, user, nominees: list[NomineeData], today: dt.date | None = None
) -> list[NomineeCheck]:
    """Check many nominees against every rule with a fixed number of queries.

    Fills ``sex`` and ``birth_date`` from the NIK where they were left empty.
    """
    today = today or timezone.localdate()
    niks = {normalise_nik(n.nik) for n in nominees}
    known_regions = set(KabupatenKota.objects.values_list("code", flat=True))
    allowed = set(nominating_districts(user=user, program=program).values_list("code", flat=True))
    existing = {p.nik: p for p in Participant.objects.filter(nik__in=niks)}
    in_program = set(
        Nomination.objects.filter(program=program, participant__nik__in=niks).values_list(
            "participant__nik", flat=True
        )
    )
    completed: dict[str, set[int]] = defaultdict(set)
    for nik, level in (
        Nomination.objects.completed()
        .filter(participant__nik__in=niks, program__jenjang__isnull=False)
        .values_list("participant__nik", "program__jenjang")
    ):
        completed[nik].add(level)

    officer = is_district_officer(user)
    seen: set[str] = set()
    checks = []
    for data in nominees:
        check = NomineeCheck()
        errors, warnings = check.errors, check.warnings
        nik = check_nik(
            data.nik,
            known_kabupaten_kota=known_regions,
            birth_date=data.birth_date,
            sex=data.sex or None,
        )
        errors += nik.errors
        warnings += nik.warnings
        data.nik = nik.nik
        if nik.ok:
            data.sex = data.sex or nik.sex or ""
            data.birth_date = data.birth_date or nik.birth_date
        if nik.ok and nik.nik in seen:
            errors.append(f"NIK {nik.nik} muncul lebih dari sekali dalam usulan ini.")
        seen.add(nik.nik)
        if nik.nik in in_program:
            errors.append("Orang ini sudah diusulkan di program ini.")
        check.existing = existing.get(nik.nik)
        if check.existing and not same_person(check.existing, data):
            errors.append(NOT_THE_REGISTERED_PERSON)

        if not (data.name or "").strip():
            errors.append("Nama wajib diisi.")
        if data.sex not in {"L", "P"}:
            errors.append("Jenis kelamin wajib L atau P.")
        if data.birth_date and data.birth_date > today:
            errors.append("Tanggal lahir tidak boleh di masa depan.")
        if not data.kabupaten_kota_id:
            errors.append("Kabupaten/kota wajib diisi.")
        elif data.kabupaten_kota_id not in allowed:
            errors.append(
                f"Kabupaten/kota {data.kabupaten_kota_id} bukan wilayah Anda."
                if officer
                else f"Kabupaten/kota {data.kabupaten_kota_id} di luar wilayah balai ini."
            )
        if data.role not in ParticipantRole.values:
            errors.append("Peran tidak dikenal.")
        if data.business_kind not in BusinessKind.values:
            errors.append("Jenis usaha harus Usaha (UMKM) atau Koperasi.")
        if data.nib and not (len(data.nib) == 13 and data.nib.isdigit()):
            errors.append("NIB harus 13 angka.")
        if data.started_on and data.started_on > today:
            errors.append("Tanggal mulai usaha tidak boleh di masa depan.")
        _whole_rupiah(data.omzet, "Omzet per bulan", errors)
        _whole_rupiah(data.aset, "Aset", errors)
        _whole_rupiah(data.tenaga_kerja, "Tenaga kerja", errors)

        omzet = data.omzet if isinstance(data.omzet, int) else None
        check.eligibility = eligibility_check(
            program=program,
            started_on=data.started_on,
            omzet_per_month=omzet,
            nib=data.nib,
            completed_levels=completed.get(nik.nik, set()),
            today=today,
        )
        errors += check.eligibility.blocking
        warnings += check.eligibility.warnings
        checks.append(check)
    return checks


def quota_unclaimed(*, program, districts: set[str], lock: bool = False) -> dict[str, int]:
    """Quota seats not yet claimed by a nomination, per district (negative when over).

    Decides whether a new nomination goes to reserve; ``lock`` holds the Quota rows till commit.
    """
    quotas = Quota.objects.filter(program=program, kabupaten_kota_id__in=districts)
    if lock:
        # Concurrent nominations for the same district wait here, so the count below is true.
        quotas = quotas.select_for_update().order_by("pk")
    seats = dict(quotas.values_list("kabupaten_kota_id", "seats"))
    used = dict(
        Nomination.objects.filter(
            program=program, kabupaten_kota_id__in=districts, over_quota=False
        )
        .exclude(status__in=RELEASES_CLAIM)
        .values("kabupaten_kota_id")
        .annotate(n=Count("pk"))
        .values_list("kabupaten_kota_id", "n")
    )
    return {d: seats.get(d, 0) - used.get(d, 0) for d in districts}


def _nomination(*, program, by, data, participant, business, check, over_quota) -> Nomination:
    eligibility = check.eligibility
    return Nomination(
        program=program,
        participant=participant,
        business=business,
        role=data.role,
        kabupaten_kota_id=data.kabupaten_kota_id,
        baseline_omzet=data.omzet,
        baseline_aset=data.aset,
        baseline_tenaga_kerja=data.tenaga_kerja,
        status=NominationStatus.CADANGAN if over_quota else NominationStatus.DIUSULKAN,
        status_reason="Diusulkan setelah kuota kabupaten/kota penuh." if over_quota else "",
        over_quota=over_quota,
        is_eligible=eligibility.eligible,
        eligibility=eligibility.as_json(),
        nominated_by=by,
    )


def _new_participant(data: NomineeData) -> Participant:
    return Participant(
        nik=data.nik,
        name=data.name.strip(),
        sex=data.sex,
        birth_date=data.birth_date,
        phone=data.phone,
        address=data.address,
        kabupaten_kota_id=data.kabupaten_kota_id,
    )


def _has_business(data: NomineeData) -> bool:
    """Anything typed about the business keeps a business row (a name is not required)."""
    return bool(data.business_name.strip() or data.sector.strip() or data.nib or data.started_on)


def _participant_insert(data: NomineeData) -> tuple[Participant, bool]:
    """A new person, or (``True``) the one a concurrent request registered under the NIK first."""
    try:
        with transaction.atomic():
            participant = _new_participant(data)
            participant.save()
            return participant, False
    except IntegrityError:
        participant = Participant.objects.get(nik=data.nik)
        if not same_person(participant, data):
            raise ValidationError(NOT_THE_REGISTERED_PERSON) from None
        return participant, True


def _record_links(people: list[Participant], *, program, by) -> None:
    """Who linked registered people to new nominations, in each person's audit trail."""
    if people:
        Participant.history.bulk_history_create(
            people,
            update=True,
            default_user=by,
            default_change_reason=f"Ditautkan ke usulan {program.code}",
        )


def business_values(*, kind: str, name: str, sector: str, nib: str, started_on) -> dict:
    """The fields of a new business, as the form, the nomination file and the historical file give them."""
    return {
        "kind": kind,
        "name": name.strip(),
        "sector": sector.strip(),
        "nib": nib,
        "started_on": started_on,
    }


class KnownBusinesses:
    """A person's businesses, found again by the same NIB, else by the same name."""

    def __init__(self, businesses=()):
        self._by_key: dict[str, object] = {}
        for business in businesses:
            self.add(business, nib=business.nib, name=business.name)

    @staticmethod
    def _keys(*, nib: str, name: str) -> list[str]:
        name = name.strip().casefold()
        return [key for key in (f"nib:{nib}" if nib else "", name) if key]

    def add(self, business, *, nib: str, name: str) -> None:
        for key in self._keys(nib=nib, name=name):
            self._by_key.setdefault(key, business)

    def find(self, *, nib: str, name: str):
        """The known business with this NIB, else with this name, else None."""
        return next(
            (self._by_key[key] for key in self._keys(nib=nib, name=name) if key in self._by_key),
            None,
        )


def _new_business(data: NomineeData, participant: Participant) -> Business | None:
    if not _has_business(data):
        return None
    return Business(
        participant=participant,
        **business_values(
            kind=data.business_kind,
            name=data.business_name,
            sector=data.sector,
            nib=data.nib,
            started_on=data.started_on,
        ),
    )


def nomination_create(
    *, program, by, data: NomineeData, today: dt.date | None = None
) -> Nomination:
    """Nominate one person; a known NIK reuses the person; past the quota goes to reserve."""
    today = today or timezone.localdate()
    nomination_window_check(program=program, today=today)
    (check,) = nominees_check(program=program, user=by, nominees=[data], today=today)
    if check.errors:
        raise ValidationError(check.errors)
    with transaction.atomic():
        left = quota_unclaimed(program=program, districts={data.kabupaten_kota_id}, lock=True)
        participant, registered = (
            (check.existing, True) if check.existing else _participant_insert(data)
        )
        if registered:
            _record_links([participant], program=program, by=by)
        business = None
        if _has_business(data):
            known = KnownBusinesses(participant.businesses.all())
            business = known.find(nib=data.nib, name=data.business_name)
            if business is None:
                business = _new_business(data, participant)
                business.save()
        nomination = _nomination(
            program=program,
            by=by,
            data=data,
            participant=participant,
            business=business,
            check=check,
            over_quota=left[data.kabupaten_kota_id] <= 0,
        )
        try:
            with transaction.atomic():
                nomination.save()
        except IntegrityError as exc:
            raise ValidationError("Orang ini sudah diusulkan di program ini.") from exc
    return nomination


@dataclass
class ImportOutcome:
    created: int
    reserve: int


def nominations_import(
    *, program, by, nominees: list[NomineeData], today: dt.date | None = None
) -> ImportOutcome:
    """Nominate a whole file at once: every row goes in, or (on any error) none does."""
    today = today or timezone.localdate()
    nomination_window_check(program=program, today=today)
    if not nominees:
        raise ValidationError("Berkas tidak berisi baris usulan.")
    checks = nominees_check(program=program, user=by, nominees=nominees, today=today)
    bad = [(i, c) for i, c in enumerate(checks) if c.errors]
    if bad:
        raise ValidationError(
            [f"Baris {i + 2}: {'; '.join(c.errors)}" for i, c in bad[:50]]
            + ([f"… dan {len(bad) - 50} baris lain."] if len(bad) > 50 else [])
        )
    try:
        with transaction.atomic():
            return _write_nominations(program=program, by=by, nominees=nominees, checks=checks)
    except IntegrityError as exc:
        # Someone nominated one of these people between the check and the write.
        raise ValidationError(
            "Sebagian orang di berkas ini baru saja diusulkan oleh pengguna lain; unggah ulang."
        ) from exc


def _write_nominations(*, program, by, nominees, checks) -> ImportOutcome:
    left = quota_unclaimed(
        program=program, districts={n.kabupaten_kota_id for n in nominees}, lock=True
    )
    new_people = [
        _new_participant(d) for d, c in zip(nominees, checks, strict=True) if c.existing is None
    ]
    people = {p.nik: p for p in insert_objects(Participant, new_people, history_user=by)}
    linked = [c.existing for c in checks if c.existing]
    people.update({p.nik: p for p in linked})
    _record_links(linked, program=program, by=by)

    known_businesses: dict[int, KnownBusinesses] = defaultdict(KnownBusinesses)
    for business in Business.objects.filter(
        participant_id__in=[c.existing.pk for c in checks if c.existing]
    ):
        known_businesses[business.participant_id].add(
            business, nib=business.nib, name=business.name
        )
    business_for: dict[int, Business | None] = {}
    new_businesses = []
    for i, data in enumerate(nominees):
        person = people[data.nik]
        business = known_businesses[person.pk].find(nib=data.nib, name=data.business_name)
        if business is None:
            business = _new_business(data, person)
            if business is not None:
                new_businesses.append(business)
        business_for[i] = business
    insert_objects(Business, new_businesses, history_user=by)

    nominations = []
    reserve = 0
    for i, (data, check) in enumerate(zip(nominees, checks, strict=True)):
        over = left[data.kabupaten_kota_id] <= 0
        left[data.kabupaten_kota_id] -= 1
        reserve += over
        nominations.append(
            _nomination(
                program=program,
                by=by,
                data=data,
                participant=people[data.nik],
                business=business_for[i],
                check=check,
                over_quota=over,
            )
        )
    insert_objects(Nomination, nominations, history_user=by)
    return ImportOutcome(created=len(nominations), reserve=reserve)
