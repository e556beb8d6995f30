"""What the documents of an angkatan need beyond the training data: letter details,
payment amounts, instructors' hours and the certificates' verification codes."""

from __future__ import annotations

import secrets

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

from participants.models import Nomination
from programs.models import Angkatan, Instruktur


def new_verification_code() -> str:
    """22 URL-safe characters (128 random bits): never a sequence number or a row id."""
    return secrets.token_urlsafe(16)


class AngkatanDocuments(models.Model):
    """Settings staff fill in once per angkatan; frozen with the angkatan when it closes."""

    angkatan = models.OneToOneField(Angkatan, on_delete=models.CASCADE, related_name="documents")
    lesson_hours_per_day = models.PositiveSmallIntegerField(
        "jam pelajaran per hari",
        default=8,
        validators=[MinValueValidator(1), MaxValueValidator(24)],
        help_text="Jam pelajaran (JP) yang dihitung untuk setiap hari hadir, untuk sertifikat.",
    )
    letter_number = models.CharField("nomor surat panggilan", max_length=100, blank=True)
    letter_date = models.DateField("tanggal surat panggilan", null=True, blank=True)
    schedule = models.TextField(
        "jadwal",
        blank=True,
        help_text="Contoh: Registrasi 07.30, pembukaan 08.00, materi 08.00–16.00 setiap hari.",
    )
    bring = models.TextField(
        "yang perlu dibawa", blank=True, help_text="Contoh: KTP asli, alat tulis, pakaian rapi."
    )
    contact_name = models.CharField("narahubung", max_length=150, blank=True)
    contact_phone = models.CharField("telepon narahubung", max_length=30, blank=True)
    uang_saku_per_day = models.PositiveBigIntegerField("uang saku per hari hadir (Rp)", default=0)
    transport_per_person = models.PositiveBigIntegerField(
        "uang transport per orang (Rp)", default=0
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "keterangan dokumen angkatan"
        verbose_name_plural = "keterangan dokumen angkatan"

    def __str__(self) -> str:
        return f"Dokumen {self.angkatan}"


class InstructorFee(models.Model):
    """One instructor's teaching hours in one angkatan and the fee per hour."""

    angkatan = models.ForeignKey(Angkatan, on_delete=models.CASCADE, related_name="instructor_fees")
    instruktur = models.ForeignKey(Instruktur, on_delete=models.CASCADE, related_name="+")
    hours = models.PositiveSmallIntegerField("jam mengajar", default=0)
    rate_per_hour = models.PositiveBigIntegerField("honor per jam (Rp)", default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "honor instruktur"
        verbose_name_plural = "honor instruktur"
        constraints = [
            models.UniqueConstraint(
                fields=["angkatan", "instruktur"], name="instructor_fee_once_per_angkatan"
            )
        ]

    def __str__(self) -> str:
        return f"{self.instruktur} — {self.angkatan}"

    @property
    def amount(self) -> int:
        return self.hours * self.rate_per_hour


class Certificate(models.Model):
    """A graduate's certificate as printed: the code its QR and verification page carry."""

    nomination = models.OneToOneField(
        Nomination, on_delete=models.CASCADE, related_name="certificate"
    )
    code = models.CharField(
        "kode verifikasi", max_length=32, unique=True, default=new_verification_code
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "sertifikat"
        verbose_name_plural = "sertifikat"

    def __str__(self) -> str:
        return self.nomination.certificate_number or self.code
