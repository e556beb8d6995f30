"""People (unique by NIK), the businesses they bring, nominations and daily attendance."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from simple_history.models import HistoricalRecords

from balatkop.access import ScopedQuerySet
from balatkop.formatting import tanggal
from balatkop.models import KabupatenKota
from balatkop.rowsignals import SignallingQuerySet
from programs.models import Angkatan, Program

# Defined beside the seats it counts; re-exported here, where the nominations live.
from programs.seats import NominationStatus as NominationStatus

nik_shape = RegexValidator(r"^\d{16}$", "NIK harus 16 angka.")
nib_shape = RegexValidator(r"^\d{13}$", "NIB harus 13 angka.")


class Sex(models.TextChoices):
    LAKI_LAKI = "L", "Laki-laki"
    PEREMPUAN = "P", "Perempuan"


class ParticipantQuerySet(SignallingQuerySet, ScopedQuerySet):
    def for_user(self, user):
        """People with at least one nomination the user may see."""
        visible = Nomination.objects.for_user(user).values("participant_id")
        return self.filter(pk__in=visible)


class Participant(models.Model):
    """A person, unique by NIK; one record whatever programmes or balai they attend."""

    nik = models.CharField("NIK", max_length=16, unique=True, validators=[nik_shape])
    name = models.CharField("nama lengkap", max_length=150)
    sex = models.CharField("jenis kelamin", max_length=1, choices=Sex.choices)
    birth_date = models.DateField("tanggal lahir", null=True, blank=True)
    phone = models.CharField("telepon/WA", max_length=30, blank=True)
    address = models.TextField("alamat", blank=True)
    kabupaten_kota = models.ForeignKey(
        KabupatenKota,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name="kabupaten/kota domisili",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    objects = ParticipantQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = "peserta"
        verbose_name_plural = "peserta"
        indexes = [models.Index(fields=["name", "id"], name="participant_by_name")]

    def __str__(self) -> str:
        return self.name


class BusinessKind(models.TextChoices):
    USAHA = "usaha", "Usaha (UMKM)"
    KOPERASI = "koperasi", "Koperasi"


class Business(models.Model):
    """The enterprise or cooperative a participant brings to training."""

    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="businesses"
    )
    kind = models.CharField(
        "jenis", max_length=10, choices=BusinessKind.choices, default=BusinessKind.USAHA
    )
    name = models.CharField("nama usaha/koperasi", max_length=200, blank=True)
    sector = models.CharField("sektor", max_length=100, blank=True)
    nib = models.CharField("NIB", max_length=13, blank=True, validators=[nib_shape])
    started_on = models.DateField("mulai usaha", null=True, blank=True)
    history = HistoricalRecords()

    objects = SignallingQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = "usaha"
        verbose_name_plural = "usaha"

    def __str__(self) -> str:
        return self.name or "(tanpa nama)"


class ParticipantRole(models.TextChoices):
    PEMILIK_USAHA = "pemilik_usaha", "Pemilik Usaha"
    PENGURUS_KOPERASI = "pengurus_koperasi", "Pengurus Koperasi"
    PENGAWAS_KOPERASI = "pengawas_koperasi", "Pengawas Koperasi"
    PENGELOLA_KOPERASI = "pengelola_koperasi", "Pengelola Koperasi"
    LAINNYA = "lainnya", "Lainnya"


# Whoever serves a cooperative brings that cooperative to training, not a business of their own.
COOPERATIVE_ROLES = frozenset(
    {
        ParticipantRole.PENGURUS_KOPERASI,
        ParticipantRole.PENGAWAS_KOPERASI,
        ParticipantRole.PENGELOLA_KOPERASI,
    }
)


def business_kind_for(role: str) -> str:
    """The kind of business a participant in ``role`` brings."""
    return BusinessKind.KOPERASI if role in COOPERATIVE_ROLES else BusinessKind.USAHA


COMPLETED_STATUSES = {NominationStatus.LULUS}
FINAL_STATUSES = {
    NominationStatus.LULUS,
    NominationStatus.TIDAK_LULUS,
    NominationStatus.MENGUNDURKAN_DIRI,
}


class NominationQuerySet(SignallingQuerySet, ScopedQuerySet):
    balai_path = "program__balai"
    kabupaten_kota_path = "kabupaten_kota"

    def completed(self):
        return self.filter(status=NominationStatus.LULUS)


class Nomination(models.Model):
    """One person proposed for one programme by one kabupaten/kota: the spine of the funnel.

    Carries the baseline (omzet per month, aset, tenaga kerja) measured at nomination.
    """

    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="nominations")
    participant = models.ForeignKey(
        Participant, on_delete=models.PROTECT, related_name="nominations"
    )
    business = models.ForeignKey(
        Business, on_delete=models.PROTECT, null=True, blank=True, related_name="nominations"
    )
    role = models.CharField(
        "peran",
        max_length=30,
        choices=ParticipantRole.choices,
        default=ParticipantRole.PEMILIK_USAHA,
    )
    kabupaten_kota = models.ForeignKey(
        KabupatenKota,
        on_delete=models.PROTECT,
        verbose_name="kabupaten/kota pengusul",
        related_name="nominations",
    )
    baseline_omzet = models.PositiveBigIntegerField("omzet per bulan saat diusulkan (Rp)")
    baseline_aset = models.PositiveBigIntegerField("aset saat diusulkan (Rp)")
    baseline_tenaga_kerja = models.PositiveIntegerField("tenaga kerja saat diusulkan (orang)")
    status = models.CharField(
        "status",
        max_length=20,
        choices=NominationStatus.choices,
        default=NominationStatus.DIUSULKAN,
    )
    status_reason = models.TextField("alasan", blank=True)
    over_quota = models.BooleanField(
        "di luar kuota", default=False, help_text="Diusulkan setelah kuota kabupaten/kota penuh."
    )
    is_eligible = models.BooleanField("memenuhi kriteria", default=True)
    eligibility = models.JSONField(
        "hasil pemeriksaan kriteria", default=list, blank=True,
        help_text="Daftar {kriteria, lolos, pesan} saat diusulkan.",
    )  # fmt: skip
    angkatan = models.ForeignKey(
        Angkatan,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="nominations",
        verbose_name="angkatan",
    )
    quota_override_reason = models.TextField(
        "alasan melebihi kuota",
        blank=True,
        help_text="Diisi bila diterima melebihi kuota kabupaten/kota.",
    )
    certificate_number = models.CharField("nomor sertifikat", max_length=100, blank=True)
    completed_on = models.DateField("tanggal lulus", null=True, blank=True)
    nominated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    objects = NominationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "usulan"
        verbose_name_plural = "usulan"
        constraints = [
            models.UniqueConstraint(
                fields=["program", "participant"],
                name="nomination_once_per_program",
                violation_error_message="Orang ini sudah diusulkan di program ini.",
            ),
        ]
        indexes = [
            models.Index(fields=["program", "kabupaten_kota", "status"]),
            models.Index(fields=["status"]),
            # The lists' default order: newest first, read straight from the index.
            models.Index(fields=["-created_at", "-id"], name="nomination_newest_first"),
        ]

    def __str__(self) -> str:
        return f"{self.participant} — {self.program.code}"


class AttendanceStatus(models.TextChoices):
    HADIR = "hadir", "Hadir"
    IZIN = "izin", "Izin"
    SAKIT = "sakit", "Sakit"
    ALPA = "alpa", "Alpa"


class AttendanceQuerySet(ScopedQuerySet):
    balai_path = "nomination__program__balai"
    kabupaten_kota_path = "nomination__kabupaten_kota"


class Attendance(models.Model):
    """One participant's presence on one training day."""

    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="attendance")
    date = models.DateField("tanggal")
    status = models.CharField("kehadiran", max_length=10, choices=AttendanceStatus.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    objects = AttendanceQuerySet.as_manager()

    class Meta:
        ordering = ["date"]
        verbose_name = "kehadiran"
        verbose_name_plural = "kehadiran"
        constraints = [
            models.UniqueConstraint(fields=["nomination", "date"], name="attendance_once_per_day"),
        ]

    def __str__(self) -> str:
        return f"{tanggal(self.date)}: {self.get_status_display()}"


class CertificateSequence(models.Model):
    """The last certificate number issued by one balai in one year (0: a running sequence)."""

    balai = models.ForeignKey("balatkop.Balai", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField("tahun")
    last_number = models.PositiveIntegerField("nomor terakhir", default=0)

    class Meta:
        verbose_name = "urutan sertifikat"
        verbose_name_plural = "urutan sertifikat"
        constraints = [
            models.UniqueConstraint(fields=["balai", "year"], name="certificate_sequence_once"),
        ]

    def __str__(self) -> str:
        return f"{self.balai_id}/{self.year}: {self.last_number}"


class NominationUploadQuerySet(ScopedQuerySet):
    balai_path = "program__balai"
    kabupaten_kota_path = "kabupaten_kota"


class NominationUpload(models.Model):
    """An uploaded nomination spreadsheet, kept between its preview and its confirmation."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="+")
    # The officer's district; empty when balai staff upload for several districts at once.
    kabupaten_kota = models.ForeignKey(
        KabupatenKota, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    filename = models.CharField("nama berkas", max_length=255)
    data = models.BinaryField("isi berkas")
    row_count = models.PositiveIntegerField("jumlah baris", default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    imported_at = models.DateTimeField("diimpor pada", null=True, blank=True)
    imported_count = models.PositiveIntegerField("jumlah diimpor", default=0)

    objects = NominationUploadQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "unggahan usulan"
        verbose_name_plural = "unggahan usulan"

    def __str__(self) -> str:
        return self.filename
