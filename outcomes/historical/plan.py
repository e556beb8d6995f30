"""Planning a historical import: rows that must agree, and what to create or reuse.

The file is checked whole before anything is written (all-or-nothing), in a handful of
queries whatever its length. Rows already in the database (same programme code, angkatan
number, NIK, follow-up round) are reused, never changed.

Follow-up round: the whole-month difference from Tanggal Selesai to Tanggal Monitoring,
rounded to the nearest multiple of 6 (halves down, at least 6), so that a measurement taken
at month 7 lands in the +6 round that the follow-up schedule and impact report know about.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass

from balatkop.bulk import Row
from balatkop.importing.base import Issue
from balatkop.importing.gate import Table
from balatkop.models import Balai, KabupatenKota
from outcomes.historical.report import ImportReport
from outcomes.historical.sheet import HistoricalImporter
from outcomes.models import FollowUp, FollowUpSource
from participants.models import (
    COOPERATIVE_ROLES,
    Business,
    Nomination,
    NominationStatus,
    Participant,
    ParticipantRole,
    business_kind_for,
)
from participants.services.registry import KnownBusinesses, business_values
from programs.models import Angkatan, Bidang, Program, ProgramStatus, TargetGroup

LOOKUP_CHUNK = 5000  # below SQLite's bound on query parameters


def round_months(end: dt.date, measured: dt.date) -> int:
    """The monitoring round for a measurement: whole months, to the nearest 6 (halves down, ≥ 6)."""
    months = (measured.year - end.year) * 12 + measured.month - end.month
    if measured.day < end.day:
        months -= 1
    return max(6, 6 * ((months + 2) // 6))


# --- Rows ----------------------------------------------------------------------------------


@dataclass
class _Row:
    line: int
    rejected: bool = False
    code: str = ""
    program_name: str = ""
    year: int | None = None
    jenjang: int | None = None
    bidang: str = ""
    angkatan: int | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    nik: str = ""
    name: str = ""
    sex: str = ""
    birth_date: dt.date | None = None
    kabkota: str = ""
    role: str = ParticipantRole.PEMILIK_USAHA
    business: str = ""
    sector: str = ""
    nib: str = ""
    business_start: dt.date | None = None
    status: str = ""
    omzet: int | None = None
    aset: int | None = None
    tenaga_kerja: int | None = None
    measured_on: dt.date | None = None
    omzet_after: int | None = None
    aset_after: int | None = None
    tenaga_kerja_after: int | None = None

    @property
    def has_followup(self) -> bool:
        return self.measured_on is not None

    def programme_facts(self):
        return (self.program_name, self.year, self.jenjang, self.bidang.casefold())

    def nomination_facts(self):
        return (
            self.angkatan,
            self.kabkota,
            self.role,
            self.business.casefold(),
            self.status,
            self.omzet,
            self.aset,
            self.tenaga_kerja,
        )


def _chunks(items: list, size: int = LOOKUP_CHUNK):
    for start in range(0, len(items), size):
        yield items[start : start + size]


class _Plan:
    """Objects to create, built while checking, written only if the whole file is clean."""

    def __init__(self):
        self.bidang: dict[str, Bidang] = {}
        self.programs: dict[str, Program] = {}
        self.new_programs: list[Program] = []
        self.angkatan: dict[tuple, Angkatan] = {}
        self.new_angkatan: list[Angkatan] = []
        self.grow_angkatan: list[Angkatan] = []
        self.seated: Counter = Counter()  # nominations per (code, number) after the import
        self.new_participants: list[Row] = []
        self.new_businesses: list[Row] = []
        self.new_nominations: list[Row] = []
        self.new_followups: list[Row] = []


def plan_import(*, balai: Balai, table: Table, by) -> tuple[ImportReport, _Plan]:
    """Read and check every row, then plan what to create and reuse; writes nothing."""
    report = ImportReport()
    plan = _Plan()
    importer = HistoricalImporter(
        kabkota_codes=frozenset(KabupatenKota.objects.values_list("code", flat=True)),
        balai=balai,
    )
    reading = importer.parse(table)
    report.reading = reading
    report.file_errors = [Issue(1, "", message) for message in reading.file_errors]
    parsed = [_Row(line=r.number, rejected=bool(r.errors), **r.values) for r in reading.rows]
    report.rows = len(parsed)
    if not report.ok or not parsed:
        return report, plan

    # Facts that must agree between rows: a programme, an angkatan, a person, a nomination.
    first_programme: dict[str, _Row] = {}
    first_angkatan: dict[tuple, _Row] = {}
    first_person: dict[str, _Row] = {}
    first_nomination: dict[tuple, _Row] = {}
    rounds_seen: dict[tuple, int] = {}
    good: list[_Row] = []
    for row in parsed:
        if row.rejected:
            continue
        ok = True
        seen = first_programme.setdefault(row.code, row)
        if seen.programme_facts() != row.programme_facts():
            report.error(
                row.line,
                "Kode Program",
                f"Nama/Tahun/Jenjang/Bidang program {row.code} berbeda dengan baris {seen.line}.",
            )
            ok = False
        seen = first_angkatan.setdefault((row.code, row.angkatan), row)
        if (seen.start, seen.end) != (row.start, row.end):
            report.error(
                row.line,
                "Tanggal Mulai",
                f"Tanggal angkatan {row.angkatan} program {row.code} berbeda dengan baris {seen.line}.",
            )
            ok = False
        seen = first_person.setdefault(row.nik, row)
        if seen is not row and (seen.name.casefold(), seen.sex) != (row.name.casefold(), row.sex):
            report.warn(
                row.line,
                "Nama",
                f"NIK yang sama tertulis '{seen.name}' di baris {seen.line}; dipakai yang pertama.",
            )
        seen = first_nomination.setdefault((row.code, row.nik), row)
        if seen is not row and seen.nomination_facts() != row.nomination_facts():
            report.error(
                row.line,
                "NIK",
                f"Peserta ini sudah ada di program {row.code} pada baris {seen.line} dengan data "
                "berbeda; satu peserta per program, baris tambahan hanya untuk monitoring lain.",
            )
            ok = False
        if row.has_followup and ok:
            key = (row.code, row.nik, round_months(row.end, row.measured_on))
            if key in rounds_seen:
                report.error(
                    row.line,
                    "Tanggal Monitoring",
                    f"Monitoring putaran +{key[2]} bulan peserta ini sudah ada di baris {rounds_seen[key]}.",
                )
                ok = False
            rounds_seen.setdefault(key, row.line)
        elif seen is not row and not row.has_followup:
            report.error(
                row.line, "NIK", f"Baris ganda: peserta ini sudah ada di baris {seen.line}."
            )
            ok = False
        if ok:
            good.append(row)
    if not report.ok:
        return report, plan

    _plan_programmes(balai, good, first_programme, first_angkatan, plan, report)
    if not report.ok:
        return report, plan
    _plan_people(good, first_person, first_nomination, plan, report, by)
    return report, plan


def _plan_programmes(balai, rows, first_programme, first_angkatan, plan, report) -> None:
    codes = list(first_programme)
    existing = {p.code: p for p in Program.objects.filter(balai=balai, code__in=codes)}
    names = {r.bidang for r in first_programme.values() if r.bidang}
    known_bidang = {b.name.casefold(): b for b in Bidang.objects.all()}
    for name in sorted(names):
        plan.bidang[name.casefold()] = known_bidang.get(name.casefold()) or Bidang(name=name)

    people_per_programme = defaultdict(set)
    roles_per_programme = defaultdict(set)
    for row in rows:
        people_per_programme[row.code].add(row.nik)
        roles_per_programme[row.code].add(row.role in COOPERATIVE_ROLES)
    days = defaultdict(int)
    for (code, _number), row in first_angkatan.items():
        days[code] = max(days[code], (row.end - row.start).days + 1)

    for code, row in first_programme.items():
        program = existing.get(code)
        if program is not None:
            report.existing["program"] += 1
            if program.year != row.year:
                report.error(
                    row.line,
                    "Tahun",
                    f"Program {code} sudah ada dengan tahun {program.year}, bukan {row.year}.",
                )
        else:
            roles = roles_per_programme[code]
            target = (
                TargetGroup.KEDUANYA
                if len(roles) == 2
                else TargetGroup.KOPERASI
                if True in roles
                else TargetGroup.UMKM
            )
            program = Program(
                balai=balai,
                code=code,
                name=row.program_name,
                year=row.year,
                jenjang=row.jenjang,
                bidang=plan.bidang.get(row.bidang.casefold()) if row.bidang else None,
                target_group=target,
                target_participants=len(people_per_programme[code]),
                days_per_angkatan=max(1, min(days[code], 32767)),
                status=ProgramStatus.FINISHED,
            )
            plan.new_programs.append(program)
            report.created["program"] += 1
        plan.programs[code] = program

    existing_programs = [p for p in plan.programs.values() if p.pk]
    known_angkatan = {
        (a.program_id, a.number): a for a in Angkatan.objects.filter(program__in=existing_programs)
    }
    seated = Counter(
        Nomination.objects.filter(angkatan__in=list(known_angkatan.values())).values_list(
            "angkatan_id", flat=True
        )
    )
    people_per_angkatan = defaultdict(set)
    for row in rows:
        people_per_angkatan[(row.code, row.angkatan)].add(row.nik)
    for (code, number), row in first_angkatan.items():
        program = plan.programs[code]
        angkatan = known_angkatan.get((program.pk, number)) if program.pk else None
        if angkatan is not None:
            report.existing["angkatan"] += 1
            if (angkatan.start_date, angkatan.end_date) != (row.start, row.end):
                report.error(
                    row.line,
                    "Tanggal Mulai",
                    f"Angkatan {number} program {code} sudah ada dengan tanggal "
                    f"{angkatan.start_date:%Y-%m-%d} s.d. {angkatan.end_date:%Y-%m-%d}.",
                )
            plan.seated[(code, number)] = seated[angkatan.pk]
        else:
            angkatan = Angkatan(
                program=program,
                number=number,
                start_date=row.start,
                end_date=row.end,
                capacity=max(1, len(people_per_angkatan[(code, number)])),
            )
            plan.new_angkatan.append(angkatan)
            report.created["angkatan"] += 1
        plan.angkatan[(code, number)] = angkatan


def _plan_people(rows, first_person, first_nomination, plan, report, by) -> None:
    known: dict[str, tuple[int, str]] = {}  # NIK → (pk, name)
    for chunk in _chunks(list(first_person)):
        known.update(
            (nik, (pk, name))
            for nik, pk, name in Participant.objects.filter(nik__in=chunk).values_list(
                "nik", "pk", "name"
            )
        )
    nik_by_id = {pk: nik for nik, (pk, _name) in known.items()}
    known_ids = list(nik_by_id)
    businesses: dict[str, KnownBusinesses] = defaultdict(KnownBusinesses)  # NIK → known
    for chunk in _chunks(known_ids):
        for pk, participant_id, name, nib in Business.objects.filter(
            participant_id__in=chunk
        ).values_list("pk", "participant_id", "name", "nib"):
            businesses[nik_by_id[participant_id]].add(pk, nib=nib, name=name)

    programme_ids = [p.pk for p in plan.programs.values() if p.pk]
    nominations: dict[tuple, int] = {}
    if programme_ids and known_ids:
        for chunk in _chunks(known_ids):
            nominations.update(
                ((program_id, participant_id), pk)
                for pk, program_id, participant_id in Nomination.objects.filter(
                    program_id__in=programme_ids, participant_id__in=chunk
                ).values_list("pk", "program_id", "participant_id")
            )
    rounds = set()
    for chunk in _chunks(list(nominations.values())):
        rounds.update(
            FollowUp.objects.filter(nomination_id__in=chunk).values_list(
                "nomination_id", "round_months"
            )
        )

    people: dict[str, int | Row] = {}
    for nik, row in first_person.items():
        if nik in known:
            pk, name = known[nik]
            people[nik] = pk
            report.existing["peserta"] += 1
            if name.casefold() != row.name.casefold():
                report.warn(
                    row.line,
                    "Nama",
                    f"NIK ini sudah terdaftar atas nama '{name}'; data lama dipakai.",
                )
            continue
        person = Row(
            nik=nik,
            name=row.name,
            sex=row.sex,
            birth_date=row.birth_date,
            kabupaten_kota_id=row.kabkota,
        )
        people[nik] = person
        plan.new_participants.append(person)
        report.created["peserta"] += 1

    nomination_for: dict[tuple, int | Row] = {}
    for key, row in first_nomination.items():
        program = plan.programs[row.code]
        person = people[row.nik]
        if program.pk and isinstance(person, int) and (program.pk, person) in nominations:
            report.existing["usulan"] += 1
            nomination_for[key] = nominations[(program.pk, person)]
            continue
        business = None
        if row.business:
            own = businesses[row.nik]
            business = own.find(nib=row.nib, name=row.business)
            if business is None:
                business = Row(
                    participant_id=person,
                    **business_values(
                        kind=business_kind_for(row.role),
                        name=row.business,
                        sector=row.sector,
                        nib=row.nib,
                        started_on=row.business_start,
                    ),
                )
                own.add(business, nib=row.nib, name=row.business)
                plan.new_businesses.append(business)
                report.created["usaha"] += 1
            elif isinstance(business, int):
                report.existing["usaha"] += 1
        plan.seated[(row.code, row.angkatan)] += 1
        nomination = Row(
            program_id=program,
            participant_id=person,
            business_id=business,
            role=row.role,
            kabupaten_kota_id=row.kabkota,
            baseline_omzet=row.omzet,
            baseline_aset=row.aset,
            baseline_tenaga_kerja=row.tenaga_kerja,
            status=row.status,
            angkatan_id=plan.angkatan[(row.code, row.angkatan)],
            completed_on=row.end if row.status == NominationStatus.LULUS else None,
            nominated_by_id=by.pk if by else None,
        )
        plan.new_nominations.append(nomination)
        nomination_for[key] = nomination
        report.created["usulan"] += 1

    for key, angkatan in plan.angkatan.items():
        if angkatan.pk and plan.seated[key] > angkatan.capacity:
            # Historical rows are facts: the recorded cohort was that large.
            angkatan.capacity = plan.seated[key]
            plan.grow_angkatan.append(angkatan)

    for row in rows:
        if not row.has_followup:
            continue
        nomination = nomination_for[(row.code, row.nik)]
        round_ = round_months(row.end, row.measured_on)
        if isinstance(nomination, int) and (nomination, round_) in rounds:
            report.existing["monitoring"] += 1
            continue
        plan.new_followups.append(
            Row(
                nomination_id=nomination,
                round_months=round_,
                measured_on=row.measured_on,
                omzet=row.omzet_after,
                aset=row.aset_after,
                tenaga_kerja=row.tenaga_kerja_after,
                source=FollowUpSource.IMPORT,
                entered_by_id=by.pk if by else None,
            )
        )
        report.created["monitoring"] += 1
