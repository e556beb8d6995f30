"""Notices: what happened that needs a user, shown in the app and sent by e-mail."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q


class NoticeKind(models.TextChoices):
    DECIDED = "usulan_diputuskan", "Usulan diputuskan"
    PLACED = "peserta_ditempatkan", "Peserta ditempatkan"
    PROGRAM_OPENED = "program_dibuka", "Program dibuka untuk usulan"
    FOLLOWUPS_DUE = "monitoring_jatuh_tempo", "Monitoring jatuh tempo"
    EXPORT_FINISHED = "ekspor_selesai", "Ekspor selesai"


class NoticeQuerySet(models.QuerySet):
    def for_user(self, user):
        """Only one's own notices."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(recipient=user)

    def unread(self):
        return self.filter(read_at__isnull=True)


class Notice(models.Model):
    """One thing that happened, told to one user: what, and a link to the page behind it."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notices"
    )
    kind = models.CharField("jenis", max_length=30, choices=NoticeKind.choices)
    text = models.CharField("isi", max_length=500)
    url = models.CharField("tautan", max_length=500)
    # Digests (the monthly follow-up reminder) carry a key, so running them twice tells once.
    key = models.CharField("kunci", max_length=100, blank=True)
    created_at = models.DateTimeField("waktu", auto_now_add=True)
    read_at = models.DateTimeField("dibaca", null=True, blank=True)
    emailed_at = models.DateTimeField("dikirim lewat e-mail", null=True, blank=True)

    objects = NoticeQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "pemberitahuan"
        verbose_name_plural = "pemberitahuan"
        indexes = [models.Index(fields=["recipient", "read_at"], name="notice_unread")]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "key"], condition=~Q(key=""), name="notice_key_once"
            )
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def is_unread(self) -> bool:
        return self.read_at is None


class NoticeSettings(models.Model):
    """A user's choices about notices, and when they last looked at their home page."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="notice_settings",
    )
    email = models.BooleanField(
        "kirim juga lewat e-mail",
        default=True,
        help_text="Pemberitahuan selalu tampil di Balatkop; e-mail dikirim ke alamat akun Anda.",
    )
    home_seen_at = models.DateTimeField("beranda terakhir dibuka", null=True, blank=True)

    class Meta:
        verbose_name = "pengaturan pemberitahuan"
        verbose_name_plural = "pengaturan pemberitahuan"

    def __str__(self) -> str:
        return f"Pengaturan pemberitahuan {self.user}"
