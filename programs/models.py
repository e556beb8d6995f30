"""Training programmes, their per-district quotas, cohorts (angkatan) and instructors."""

from __future__ import annotations

import datetime as dt

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

from balatkop.access import ScopedQuerySet, is_district_officer, scope_filter
from balatkop.models import Balai, KabupatenKota
from balatkop.rowsignals import SignallingQuerySet
from programs import seats


def default_followup_rounds() -> list[int]:
    return [6, 12]


class Bidang(models.Model):
    """A field of training (konveksi, tata boga, manajemen keuangan koperasi, ...)."""

    name = models.CharField("nama bidang", max_length=100, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "bidang"
        verbose_name_plural = "bidang"

    def __str__(self) -> str:
        return self.name


class InstrukturQuerySet(ScopedQuerySet):
    def for_user(self, user):
        if is_district_officer(user):
            return self.none()
        return self.filter(scope_filter(user, balai="balai"))


class Instruktur(models.Model):
    balai = models.ForeignKey(Balai, on_delete=models.CASCADE, related_name="instruktur")
    name = models.CharField("nama", max_length=150)
    expertise = models.CharField("keahlian", max_length=200, blank=True)
    phone = models.CharField("telepon", max_length=30, blank=True)
    history = HistoricalRecords()

    objects = InstrukturQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = "instruktur"
        verbose_name_plural = "instruktur"

    def __str__(self) -> str:
        return self.name


class TargetGroup(models.TextChoices):
    UMKM = "umkm", "Pelaku UMKM"
    KOPERASI = "koperasi", "Pengurus koperasi"
    KEDUANYA = "keduanya", "UMKM dan koperasi"


class FundingSource(models.TextChoices):
    APBD = "apbd", "APBD"
    DAK = "dak", "DAK"
    APBN = "apbn", "APBN"
    LAINNYA = "lainnya", "Lainnya"


class ProgramStatus(models.TextChoices):
    DRAFT = "draf", "Draf"
    NOMINATION_OPEN = "usulan_dibuka", "Usulan dibuka"
    NOMINATION_CLOSED = "usulan_ditutup", "Usulan ditutup"
    RUNNING = "berjalan", "Berjalan"
    FINISHED = "selesai", "Selesai"


class ProgramQuerySet(SignallingQuerySet, ScopedQuerySet):
    def for_user(self, user):
        """The programmes a user may see: the balai's; for a district officer, those open for
        nominations and those holding the district's nominees (whatever their status now)."""
        if is_district_officer(user):
            nominations = self.model._meta.get_field("nominations").related_model.objects
            own_nominees = nominations.filter(
                program=models.OuterRef("pk"), kabupaten_kota_id=user.kabupaten_kota_id
            )
            return self.filter(balai_id=user.balai_id).filter(
                models.Q(status=ProgramStatus.NOMINATION_OPEN) | models.Exists(own_nominees)
            )
        return self.filter(scope_filter(user, balai="balai"))

    def open_for_nomination(self):
        """Programmes taking nominations now (the window's dates are the service's check)."""
        return self.filter(status=ProgramStatus.NOMINATION_OPEN)


class Program(models.Model):
    """A training programme of one balai in one year, possibly one level of a ladder."""

    balai = models.ForeignKey(Balai, on_delete=models.PROTECT, related_name="programs")
    code = models.CharField("kode program", max_length=40)
    name = models.CharField("nama program", max_length=200)
    year = models.PositiveSmallIntegerField(
        "tahun", validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    jenjang = models.PositiveSmallIntegerField(
        "jenjang",
        null=True,
        blank=True,
        choices=[(1, "Jenjang 1"), (2, "Jenjang 2"), (3, "Jenjang 3")],
        help_text="Kosongkan untuk pelatihan sekali jalan (bukan berjenjang).",
    )
    bidang = models.ForeignKey(
        Bidang, on_delete=models.PROTECT, null=True, blank=True, verbose_name="bidang"
    )
    target_group = models.CharField(
        "sasaran", max_length=20, choices=TargetGroup.choices, default=TargetGroup.UMKM
    )
    funding_source = models.CharField(
        "sumber dana", max_length=20, choices=FundingSource.choices, default=FundingSource.APBD
    )
    budget = models.PositiveBigIntegerField("anggaran (Rp)", null=True, blank=True)
    target_participants = models.PositiveIntegerField("target peserta", default=0)
    days_per_angkatan = models.PositiveSmallIntegerField(
        "lama per angkatan (hari)", default=4, validators=[MinValueValidator(1)]
    )
    min_business_months = models.PositiveSmallIntegerField("minimal lama usaha (bulan)", default=0)
    min_omzet_per_month = models.PositiveBigIntegerField("minimal omzet per bulan (Rp)", default=0)
    prerequisite_level = models.PositiveSmallIntegerField(
        "jenjang prasyarat",
        null=True,
        blank=True,
        help_text="Jenjang yang harus sudah lulus sebelumnya (biasanya jenjang − 1).",
    )
    nib_required = models.BooleanField("wajib punya NIB", default=False)
    criteria_block = models.BooleanField(
        "kriteria mengikat",
        default=True,
        help_text="Bila aktif, usulan yang tidak memenuhi kriteria ditolak; bila tidak, hanya diberi peringatan.",
    )
    min_attendance_percent = models.PositiveSmallIntegerField(
        "minimal kehadiran untuk lulus (%)", default=80, validators=[MaxValueValidator(100)]
    )
    certificate_pattern = models.CharField(
        "pola nomor sertifikat",
        max_length=100,
        default="{nomor}/BALATKOP-{provinsi}/{tahun}",
        help_text="Penanda: {nomor}, {provinsi}, {tahun}, {program}, {angkatan}.",
    )
    certificate_requires_evaluation = models.BooleanField(
        "sertifikat setelah evaluasi",
        default=False,
        help_text="Sertifikat baru diterbitkan setelah peserta mengisi evaluasi pembelajaran.",
    )
    followup_rounds = models.JSONField(
        "putaran monitoring (bulan setelah angkatan selesai)", default=default_followup_rounds
    )
    nomination_opens = models.DateField("usulan dibuka", null=True, blank=True)
    nomination_closes = models.DateField("usulan ditutup", null=True, blank=True)
    status = models.CharField(
        "status", max_length=20, choices=ProgramStatus.choices, default=ProgramStatus.DRAFT
    )
    reported_trained_count = models.PositiveIntegerField(
        "jumlah terlatih (rekap)",
        null=True,
        blank=True,
        help_text="Untuk tahun lama yang hanya punya angka rekap, tanpa data per peserta.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    objects = ProgramQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "code"]
        verbose_name = "program"
        verbose_name_plural = "program"
        constraints = [
            models.UniqueConstraint(
                fields=["balai", "code"],
                name="program_code_unique_per_balai",
                violation_error_message="Kode program sudah dipakai di balai ini.",
            ),
            models.CheckConstraint(
                name="program_nomination_window_ordered",
                condition=models.Q(nomination_opens__isnull=True)
                | models.Q(nomination_closes__isnull=True)
                | models.Q(nomination_closes__gte=models.F("nomination_opens")),
                violation_error_message="Tanggal tutup usulan tidak boleh sebelum tanggal buka.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} — {self.name}"

    def quotas_exceed_target(self, quota_total: int) -> bool:
        """District quotas may add up to more than the target only when staff confirm it."""
        return quota_total > self.target_participants

    def accepts_nominations_on(self, day: dt.date) -> bool:
        """Open status and, where dates are set, inside the nomination window."""
        if self.status != ProgramStatus.NOMINATION_OPEN:
            return False
        if self.nomination_opens and day < self.nomination_opens:
            return False
        return not (self.nomination_closes and day > self.nomination_closes)


class QuotaQuerySet(ScopedQuerySet):
    balai_path = "program__balai"
    kabupaten_kota_path = "kabupaten_kota"


class Quota(models.Model):
    """Seats reserved for one kabupaten/kota in one programme."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="quotas")
    kabupaten_kota = models.ForeignKey(
        KabupatenKota, on_delete=models.PROTECT, verbose_name="kabupaten/kota"
    )
    seats = models.PositiveIntegerField("kuota", default=0)
    history = HistoricalRecords()

    objects = QuotaQuerySet.as_manager()

    class Meta:
        ordering = ["kabupaten_kota__code"]
        verbose_name = "kuota"
        verbose_name_plural = "kuota"
        constraints = [
            models.UniqueConstraint(
                fields=["program", "kabupaten_kota"],
                name="quota_unique_per_program_district",
                violation_error_message="Kuota kabupaten/kota ini sudah ada untuk program ini.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kabupaten_kota}: {self.seats}"


class AngkatanQuerySet(SignallingQuerySet, ScopedQuerySet):
    def for_user(self, user):
        return self.filter(program__in=Program.objects.for_user(user))

    def with_filled(self):
        """``filled``: places held (a withdrawal frees its place); ``places_left``: the rest."""
        return self.annotate(
            filled=models.Count("nominations", filter=seats.holds_place("nominations__"))
        ).annotate(places_left=models.F("capacity") - models.F("filled"))


# The change reasons in an angkatan's history that mark it closed and reopened.
CLOSED_REASON = "Angkatan ditutup; dokumen final"
REOPENED_PREFIX = "Dibuka kembali: "


class Angkatan(models.Model):
    """One cohort of a programme: dates, venue, capacity and instructors."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="angkatan")
    number = models.PositiveSmallIntegerField("angkatan ke-", validators=[MinValueValidator(1)])
    start_date = models.DateField("tanggal mulai")
    end_date = models.DateField("tanggal selesai")
    venue = models.CharField("tempat", max_length=200, blank=True)
    capacity = models.PositiveIntegerField("kapasitas", validators=[MinValueValidator(1)])
    instructors = models.ManyToManyField(Instruktur, blank=True, verbose_name="instruktur")
    # Closed ("Tutup angkatan"): attendance, completion, payments and evaluation are frozen.
    closed_at = models.DateTimeField("ditutup pada", null=True, blank=True)
    history = HistoricalRecords(m2m_fields=[instructors])

    objects = AngkatanQuerySet.as_manager()

    class Meta:
        ordering = ["program", "number"]
        verbose_name = "angkatan"
        verbose_name_plural = "angkatan"
        constraints = [
            models.UniqueConstraint(
                fields=["program", "number"],
                name="angkatan_number_unique_per_program",
                violation_error_message="Nomor angkatan ini sudah ada di program ini.",
            ),
            models.CheckConstraint(
                name="angkatan_end_not_before_start",
                condition=models.Q(end_date__gte=models.F("start_date")),
                violation_error_message="Tanggal selesai tidak boleh sebelum tanggal mulai.",
            ),
        ]

    def __str__(self) -> str:
        return f"Angkatan {self.number} — {self.program.code}"

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None

    def placed_count(self) -> int:
        """Places held now (see ``programs.seats``)."""
        return self.nominations.filter(seats.holds_place()).count()

    @property
    def length_days(self) -> int:
        return (self.end_date - self.start_date).days + 1
