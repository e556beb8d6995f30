"""Core models: regions of Indonesia, training centres (balai) and users with their roles."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords


class Provinsi(models.Model):
    """A province, keyed by its two-digit Kemendagri code (e.g. 52 Nusa Tenggara Barat)."""

    code = models.CharField("kode", max_length=2, primary_key=True)
    name = models.CharField("nama", max_length=100)

    class Meta:
        ordering = ["code"]
        verbose_name = "provinsi"
        verbose_name_plural = "provinsi"

    def __str__(self) -> str:
        return self.name


class KabupatenKotaQuerySet(models.QuerySet):
    def for_user(self, user):
        """The districts a user works with: the balai's province; an officer's own district."""
        from balatkop import access  # access imports Role from here

        if access.sees_everything(user):
            return self
        if access.is_district_officer(user):
            return self.filter(pk=user.kabupaten_kota_id)
        if user.balai_id is None:
            return self.none()
        return self.filter(provinsi_id=user.balai.provinsi_id)


class KabupatenKota(models.Model):
    """A kabupaten (codes 01–69) or kota (71–99), keyed by Kemendagri code such as 52.71."""

    code = models.CharField("kode", max_length=5, primary_key=True)
    provinsi = models.ForeignKey(Provinsi, on_delete=models.PROTECT, related_name="kabupaten_kota")
    name = models.CharField("nama", max_length=100)

    objects = KabupatenKotaQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = "kabupaten/kota"
        verbose_name_plural = "kabupaten/kota"

    def __str__(self) -> str:
        return self.name

    @property
    def is_kota(self) -> bool:
        return int(self.code[3:]) >= 71


class TimeZone(models.TextChoices):
    WIB = "Asia/Jakarta", "WIB (UTC+7)"
    WITA = "Asia/Makassar", "WITA (UTC+8)"
    WIT = "Asia/Jayapura", "WIT (UTC+9)"

    @classmethod
    def abbreviation(cls, name: str) -> str:
        """'Asia/Makassar' → 'WITA'; a zone outside Indonesia's three keeps its name."""
        return cls(name).label.split(" ")[0] if name in cls.values else name


class Balai(models.Model):
    """A provincial training centre (Balai Latihan Koperasi); several may share an installation."""

    code = models.SlugField("kode", max_length=20, unique=True, help_text="Contoh: NTB, JATENG.")
    name = models.CharField("nama", max_length=200)
    provinsi = models.ForeignKey(Provinsi, on_delete=models.PROTECT, verbose_name="provinsi")
    time_zone = models.CharField(
        "zona waktu", max_length=20, choices=TimeZone.choices, default=TimeZone.WIB
    )
    address = models.TextField("alamat", blank=True)
    # Letterhead and signatory: one set of settings for the impact report and every document.
    logo = models.ImageField("logo", upload_to="balai/logo/", blank=True)
    signatory_place = models.CharField(
        "tempat penandatanganan", max_length=100, blank=True, help_text="Contoh: Mataram."
    )
    signatory_title = models.CharField(
        "jabatan penandatangan",
        max_length=200,
        blank=True,
        help_text="Contoh: Kepala Balai Latihan Koperasi dan UKM Provinsi NTB.",
    )
    signatory_name = models.CharField("nama penandatangan", max_length=200, blank=True)
    signatory_nip = models.CharField("NIP penandatangan", max_length=30, blank=True)
    signatory_signature = models.ImageField(
        "gambar tanda tangan", upload_to="balai/ttd/", blank=True
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = "balai"
        verbose_name_plural = "balai"

    def __str__(self) -> str:
        return self.name

    @property
    def time_zone_label(self) -> str:
        return TimeZone.abbreviation(self.time_zone)


class Role(models.TextChoices):
    STAF_BALAI = "staf_balai", "Staf balai"
    PETUGAS_KABKOTA = "petugas_kabkota", "Petugas kabupaten/kota"
    PIMPINAN = "pimpinan", "Pimpinan"
    ADMIN = "admin", "Admin"


class User(AbstractUser):
    """A person who logs in, with one role; balai-bound roles carry their balai."""

    role = models.CharField("peran", max_length=20, choices=Role.choices, default=Role.STAF_BALAI)
    balai = models.ForeignKey(
        Balai, on_delete=models.PROTECT, null=True, blank=True, related_name="users"
    )
    kabupaten_kota = models.ForeignKey(
        KabupatenKota,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name="kabupaten/kota",
        help_text="Wajib untuk petugas kabupaten/kota; harus di provinsi balai.",
    )
    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    objects = UserManager()

    class Meta:
        verbose_name = "pengguna"
        verbose_name_plural = "pengguna"
        constraints = [
            models.CheckConstraint(
                name="district_officer_has_kabupaten_kota",
                condition=~models.Q(role=Role.PETUGAS_KABKOTA)
                | models.Q(kabupaten_kota__isnull=False),
                violation_error_message="Petugas kabupaten/kota wajib terikat pada satu kabupaten/kota.",
            ),
            models.CheckConstraint(
                name="balai_role_has_balai",
                condition=models.Q(role=Role.ADMIN) | models.Q(balai__isnull=False),
                violation_error_message="Staf, petugas dan pimpinan wajib terikat pada satu balai.",
            ),
        ]

    def clean(self) -> None:
        from balatkop.access import role_needs_balai, role_works_for_a_district

        super().clean()
        if role_needs_balai(self.role) and self.balai_id is None:
            raise ValidationError({"balai": "Peran ini wajib terikat pada satu balai."})
        if role_works_for_a_district(self.role):
            if self.kabupaten_kota_id is None:
                raise ValidationError(
                    {"kabupaten_kota": "Petugas kabupaten/kota wajib memilih kabupaten/kota."}
                )
            if self.balai_id and self.kabupaten_kota.provinsi_id != self.balai.provinsi_id:
                raise ValidationError(
                    {
                        "kabupaten_kota": (
                            f"{self.kabupaten_kota} tidak berada di provinsi "
                            f"{self.balai.provinsi} (wilayah {self.balai})."
                        )
                    }
                )
        elif self.kabupaten_kota_id is not None:
            raise ValidationError(
                {"kabupaten_kota": "Hanya petugas kabupaten/kota yang terikat pada kabupaten/kota."}
            )

    def save(self, *args, **kwargs):
        # The province rule cannot be a database constraint, so every save checks it.
        from balatkop.access import role_works_for_a_district

        if (
            role_works_for_a_district(self.role)
            and self.kabupaten_kota_id
            and self.balai_id
            and not self.kabupaten_kota_id.startswith(self.balai.provinsi_id + ".")
        ):
            raise ValidationError(
                "Kabupaten/kota petugas harus berada di provinsi balai.", code="province"
            )
        super().save(*args, **kwargs)


class DataVersion(models.Model):
    """The version of one kind of data in one balai (0: installation-wide); its number moves
    on after every committed write to that data and never goes back.

    Cached pages carry the sum of the versions they show in their key (``balatkop.freshness``);
    nobody edits them by hand. The key is the text ``"<balai id>:<kind>"`` and ``balai_id`` a
    plain number, not a foreign key: a version outlives its balai, and whoever writes it first
    makes it (a row written twice at once is one row).
    """

    scope = models.CharField(primary_key=True, max_length=40)
    balai_id = models.PositiveIntegerField(default=0)
    kind = models.CharField(max_length=20)
    number = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = "versi data"
        verbose_name_plural = "versi data"

    def __str__(self) -> str:
        return f"versi data {self.kind} balai {self.balai_id}: {self.number}"
