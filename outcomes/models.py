"""Follow-up measurements after training and mentoring visits by a pendamping."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Case, Exists, F, FloatField, OuterRef, Q, When
from django.db.models.functions import Cast
from simple_history.models import HistoricalRecords

from balatkop.access import ScopedQuerySet
from balatkop.formatting import tanggal
from balatkop.importing.uploads import PendingUpload
from participants.models import Nomination


class FollowUpSource(models.TextChoices):
    FORM = "formulir", "Formulir"
    IMPORT = "impor", "Impor Excel"
    VISIT = "kunjungan", "Kunjungan pendamping"
    SELF_REPORT = "laporan_mandiri", "Laporan mandiri"


class FollowUpQuerySet(ScopedQuerySet):
    balai_path = "nomination__program__balai"
    kabupaten_kota_path = "nomination__kabupaten_kota"

    # Bulk writes keep FollowUp.is_latest (and the impact fact rows) as save() and delete() do;
    # raw inserts (imports, generators) call followups_mark_latest themselves.
    def bulk_create(self, objs, *args, **kwargs):
        created = super().bulk_create(objs, *args, **kwargs)
        followups_mark_latest(f.nomination_id for f in created)
        return created

    def delete(self):
        nomination_ids = set(self.values_list("nomination_id", flat=True))
        result = super().delete()
        followups_mark_latest(nomination_ids)
        return result

    def update(self, **kwargs):
        if set(kwargs) == {"is_latest"}:  # followups_mark_latest's own writes
            return super().update(**kwargs)
        nomination_ids = set(self.values_list("nomination_id", flat=True))
        count = super().update(**kwargs)
        moved_to = kwargs.get("nomination_id", kwargs.get("nomination"))
        nomination_ids.add(getattr(moved_to, "pk", moved_to))
        followups_mark_latest(nomination_ids - {None})
        return count


class FollowUp(models.Model):
    """A post-training measurement of one alumnus's business in one monitoring round."""

    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="followups")
    round_months = models.PositiveSmallIntegerField(
        "putaran (bulan setelah pelatihan)", help_text="Mis. 6 atau 12."
    )
    measured_on = models.DateField("tanggal monitoring")
    omzet = models.PositiveBigIntegerField("omzet per bulan (Rp)")
    aset = models.PositiveBigIntegerField("aset (Rp)")
    tenaga_kerja = models.PositiveIntegerField("tenaga kerja (orang)")
    source = models.CharField(
        "sumber", max_length=20, choices=FollowUpSource.choices, default=FollowUpSource.FORM
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Kept by followups_mark_latest alone: the impact report pairs on it with a plain join.
    is_latest = models.BooleanField("monitoring terakhir", default=False, editable=False)
    history = HistoricalRecords(excluded_fields=["is_latest"])

    objects = FollowUpQuerySet.as_manager()

    class Meta:
        ordering = ["nomination", "round_months"]
        verbose_name = "data monitoring"
        verbose_name_plural = "data monitoring"
        constraints = [
            models.UniqueConstraint(
                fields=["nomination", "round_months"],
                name="followup_once_per_round",
                violation_error_message="Data monitoring putaran ini sudah ada untuk peserta ini.",
            ),
            # Also the index of the impact report's join to each alumnus's latest follow-up.
            models.UniqueConstraint(
                fields=["nomination"], condition=Q(is_latest=True), name="followup_one_latest"
            ),
        ]
        indexes = [
            models.Index(fields=["nomination", "-measured_on"]),
        ]

    def __str__(self) -> str:
        return f"{self.nomination} +{self.round_months} bulan"

    def save(self, *args, **kwargs):
        # is_latest is never written from a (possibly stale) instance, only by the rule below.
        previous = None
        if self._state.adding:
            self.is_latest = False
        else:
            stored = FollowUp.objects.filter(pk=self.pk).values_list("nomination_id", flat=True)
            previous = stored.first()  # an edit may move it to another alumnus
            if kwargs.get("update_fields") is None:
                kwargs["update_fields"] = [
                    f.name
                    for f in self._meta.concrete_fields
                    if not f.primary_key and f.name != "is_latest"
                ]
        super().save(*args, **kwargs)
        followups_mark_latest({self.nomination_id, previous} - {None})
        self.refresh_from_db(fields=["is_latest"])

    def delete(self, *args, **kwargs):
        nomination_id = self.nomination_id
        result = super().delete(*args, **kwargs)
        followups_mark_latest([nomination_id])
        return result


# Each batch reads the whole table once for the "later" side: few, large batches (SQLite
# allows at least 32,766 parameters since 3.32).
MARK_BATCH = 20_000


def followups_mark_latest(nomination_ids: Iterable[int] | None = None) -> None:
    """Flag each alumnus's latest follow-up, and only that one; ``None`` means every alumnus.

    The pairing rule of the impact report lives here alone: the latest follow-up is the one no
    other follow-up of the same nomination comes after, by date, then round, then id. Every
    write of FollowUp ends here: ``save``, ``delete``, ``bulk_create`` and queryset ``delete``
    call it, and so do the raw inserts of the historical import and the data generator. The
    alumni's impact fact rows follow (:func:`outcomes.impact_facts.facts_refresh`).
    """
    date, rank = OuterRef("measured_on"), OuterRef("round_months")
    later = Exists(
        FollowUp.objects.filter(nomination_id=OuterRef("nomination_id")).filter(
            Q(measured_on__gt=date)
            | Q(measured_on=date, round_months__gt=rank)
            | Q(measured_on=date, round_months=rank, pk__gt=OuterRef("pk"))
        )
    )
    if nomination_ids is None:
        scopes = [FollowUp.objects.all()]
    else:
        ids = sorted(set(nomination_ids))
        scopes = [
            FollowUp.objects.filter(nomination_id__in=ids[start : start + MARK_BATCH])
            for start in range(0, len(ids), MARK_BATCH)
        ]
    for followups in scopes:
        # Clear before set: the one-latest constraint never sees two flags on one nomination.
        followups.filter(later, is_latest=True).update(is_latest=False)
        followups.filter(~later, is_latest=False).update(is_latest=True)
    from outcomes.impact_facts import facts_refresh  # it reads the flags set above

    facts_refresh(None if nomination_ids is None else ids)


class SelfReportQuerySet(ScopedQuerySet):
    balai_path = "nomination__program__balai"
    kabupaten_kota_path = "nomination__kabupaten_kota"


class SelfReport(models.Model):
    """A personal link for one alumnus (or comparison applicant) to report one round, and the reply.

    The figures count only once an officer confirms them: confirmation creates the FollowUp
    (source "laporan mandiri"); until then they live here alone.
    """

    nomination = models.ForeignKey(
        Nomination, on_delete=models.CASCADE, related_name="self_reports"
    )
    round_months = models.PositiveSmallIntegerField("putaran (bulan setelah pelatihan)")
    token = models.CharField("token", max_length=64, unique=True, editable=False)
    expires_at = models.DateTimeField("berlaku sampai")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField("dikirim", null=True, blank=True)
    omzet = models.PositiveBigIntegerField("omzet per bulan (Rp)", null=True, blank=True)
    aset = models.PositiveBigIntegerField("aset (Rp)", null=True, blank=True)
    tenaga_kerja = models.PositiveIntegerField("tenaga kerja (orang)", null=True, blank=True)
    followup = models.OneToOneField(
        FollowUp, on_delete=models.SET_NULL, null=True, blank=True, related_name="self_report"
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    confirmed_at = models.DateTimeField("dikonfirmasi", null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["token"])

    objects = SelfReportQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "laporan mandiri"
        verbose_name_plural = "laporan mandiri"
        constraints = [
            models.UniqueConstraint(
                fields=["nomination", "round_months"],
                name="self_report_once_per_round",
                violation_error_message="Tautan laporan mandiri putaran ini sudah ada.",
            ),
        ]

    def __str__(self) -> str:
        return f"Laporan mandiri {self.nomination} +{self.round_months} bulan"

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None


class PriceIndex(models.Model):
    """One month of the consumer price index (IHK), kept by the admin for real (deflated) values."""

    period = models.DateField(
        "periode (bulan)", unique=True, help_text="Bulan indeks; disimpan sebagai tanggal 1."
    )
    index = models.DecimalField(
        "indeks", max_digits=9, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))]
    )
    base = models.CharField("tahun dasar", max_length=30, help_text="Mis. 2018=100.")
    source = models.CharField(
        "sumber", max_length=300, help_text="Mis. BPS, Berita Resmi Statistik No. 01/01/Th. XXV."
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["period"]
        verbose_name = "indeks harga konsumen (IHK)"
        verbose_name_plural = "indeks harga konsumen (IHK)"

    def __str__(self) -> str:
        return f"IHK {self.period:%m-%Y}: {self.index} ({self.base})"

    def save(self, *args, **kwargs):
        self.period = self.period.replace(day=1)  # one row per month, whatever day was typed
        super().save(*args, **kwargs)


class MentoringVisitQuerySet(ScopedQuerySet):
    balai_path = "nomination__program__balai"
    kabupaten_kota_path = "nomination__kabupaten_kota"


class MentoringVisit(models.Model):
    """A pendamping's visit to an alumnus, optionally capturing follow-up figures."""

    nomination = models.ForeignKey(
        Nomination, on_delete=models.CASCADE, related_name="mentoring_visits"
    )
    pendamping = models.CharField("nama pendamping", max_length=150)
    visited_on = models.DateField("tanggal kunjungan")
    topics = models.CharField("topik", max_length=300)
    notes = models.TextField("catatan", blank=True)
    followup = models.OneToOneField(
        FollowUp, on_delete=models.SET_NULL, null=True, blank=True, related_name="visit"
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    objects = MentoringVisitQuerySet.as_manager()

    class Meta:
        ordering = ["-visited_on"]
        verbose_name = "kunjungan pendampingan"
        verbose_name_plural = "kunjungan pendampingan"

    def __str__(self) -> str:
        return f"Kunjungan {self.pendamping} {tanggal(self.visited_on)}"


class ImportLogQuerySet(ScopedQuerySet):
    balai_path = "balai"


class ImportLog(models.Model):
    """One historical file imported: the audit summary for rows bulk-inserted without history."""

    balai = models.ForeignKey("balatkop.Balai", on_delete=models.PROTECT, related_name="+")
    file_name = models.CharField("nama berkas", max_length=255)
    file_sha256 = models.CharField("sidik berkas (SHA-256)", max_length=64)
    rows = models.PositiveIntegerField("baris")
    created = models.JSONField("data baru", default=dict)
    existing = models.JSONField("data yang sudah ada", default=dict)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    imported_at = models.DateTimeField("waktu impor", auto_now_add=True)

    objects = ImportLogQuerySet.as_manager()

    class Meta:
        ordering = ["-imported_at"]
        verbose_name = "log impor historis"
        verbose_name_plural = "log impor historis"

    def __str__(self) -> str:
        return f"{self.file_name} ({self.rows} baris)"


class HistoricalUploadQuerySet(ScopedQuerySet):
    balai_path = "balai"


class HistoricalUpload(models.Model):
    """A historical file uploaded in the browser, kept from its preview until it is confirmed."""

    balai = models.ForeignKey("balatkop.Balai", on_delete=models.CASCADE, related_name="+")
    file_name = models.CharField("nama berkas", max_length=255)
    data = models.BinaryField("isi berkas", editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField("diunggah", auto_now_add=True)
    log = models.OneToOneField(
        ImportLog, on_delete=models.SET_NULL, null=True, blank=True, related_name="upload"
    )
    imported_at = models.DateTimeField("diimpor", null=True, blank=True)

    objects = HistoricalUploadQuerySet.as_manager()

    class Meta:
        ordering = ["-uploaded_at"]
        verbose_name = "unggahan data historis"
        verbose_name_plural = "unggahan data historis"

    def __str__(self) -> str:
        return self.file_name


class FollowUpUpload(PendingUpload):
    """A filled follow-up round template, kept from its preview until it is confirmed."""

    program = models.ForeignKey("programs.Program", on_delete=models.CASCADE, related_name="+")
    round_months = models.PositiveSmallIntegerField("putaran (bulan)")

    class Meta(PendingUpload.Meta):
        verbose_name = "unggahan monitoring"
        verbose_name_plural = "unggahan monitoring"


class ExportJobStatus(models.TextChoices):
    QUEUED = "antre", "Antre"
    RUNNING = "berjalan", "Sedang dibuat"
    DONE = "selesai", "Selesai"
    FAILED = "gagal", "Gagal"


class ExportJobQuerySet(models.QuerySet):
    def for_user(self, user):
        """Only the user's own jobs: a workbook carries its requester's scope and NIK rights."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(requested_by=user)


class ExportJob(models.Model):
    """An Excel impact report built in the background (``outcomes.tasks.export_job_run``)."""

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="export_jobs"
    )
    balai = models.ForeignKey(
        "balatkop.Balai", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    filters = models.JSONField("filter", default=dict, blank=True)
    status = models.CharField(
        "status", max_length=10, choices=ExportJobStatus.choices, default=ExportJobStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField("kemajuan (%)", default=0)
    row_count = models.PositiveIntegerField("baris Data Peserta", null=True, blank=True)
    # In the database, as HistoricalUpload: web and worker share only the database, and the
    # workbook (~8 MB at national size) is deleted with its job.
    data = models.BinaryField("isi berkas", null=True, editable=False)
    file_name = models.CharField("nama berkas", max_length=255, blank=True)
    error = models.TextField("pesan kesalahan", blank=True)
    created_at = models.DateTimeField("diminta", auto_now_add=True)
    # Touched by the worker while it builds the workbook: a stale one means the worker died.
    heartbeat_at = models.DateTimeField("kabar terakhir pekerja", null=True, blank=True)
    finished_at = models.DateTimeField("selesai", null=True, blank=True)

    objects = ExportJobQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "ekspor latar belakang"
        verbose_name_plural = "ekspor latar belakang"

    def __str__(self) -> str:
        return f"Ekspor #{self.pk} ({self.get_status_display()})"

    @property
    def is_finished(self) -> bool:
        return self.status in {ExportJobStatus.DONE, ExportJobStatus.FAILED}


def omzet_growth(after: str) -> Case:
    """An alumnus's omzet growth as a ratio, (``after`` − baseline) ÷ baseline, in floating point:
    the order the impact report's median reads its middle rows in. NULL when unpaired or when
    the baseline is 0 (not computable)."""
    return Case(
        When(
            Q(**{f"{after}__isnull": False}, baseline_omzet__gt=0),
            then=Cast(F(after) - F("baseline_omzet"), FloatField())
            / Cast(F("baseline_omzet"), FloatField()),
        ),
        output_field=FloatField(),
    )


# The paired alumni whose growth is computable: the median's rows (outcomes.impact).
GROWTH_COMPUTABLE = Q(is_alumni=True, latest_omzet__isnull=False, baseline_omzet__gt=0)


class ImpactFactQuerySet(ScopedQuerySet):
    balai_path = "balai"
    kabupaten_kota_path = "kabupaten_kota"


class ImpactFact(models.Model):
    """What the impact report groups and sums of one alumnus or comparison applicant, in one row.

    Derived, never typed: the nomination's dimensions and baseline, its business's sector, the
    person's sex and the latest follow-up, side by side so the report scans one narrow table
    instead of joining five. Kept by :func:`outcomes.impact_facts.facts_refresh` alone, in the
    transaction of every write that changes them. Programme and angkatan labels (year, level,
    code, number) are joined: a few hundred rows, and an edit of them changes no row here; only
    the balai and the reference end (an angkatan's dates) are copied.
    """

    nomination = models.OneToOneField(
        Nomination, on_delete=models.CASCADE, primary_key=True, related_name="impact_fact"
    )
    program = models.ForeignKey("programs.Program", on_delete=models.CASCADE, related_name="+")
    # The programme's balai, copied: every report is about one balai, and a join per row to
    # the programmes for it cost about half of each scan.
    balai = models.ForeignKey(
        "balatkop.Balai", on_delete=models.CASCADE, null=True, related_name="+"
    )
    angkatan = models.ForeignKey(
        "programs.Angkatan", on_delete=models.CASCADE, null=True, related_name="+"
    )
    kabupaten_kota = models.ForeignKey(
        "balatkop.KabupatenKota", on_delete=models.CASCADE, related_name="+"
    )
    sector = models.CharField(max_length=100, null=True)  # NULL: no business
    sex = models.CharField(max_length=1)
    is_alumni = models.BooleanField()  # completed (lulus)
    is_comparison = models.BooleanField()  # outcomes.services.COMPARISON_GROUP
    baseline_omzet = models.PositiveBigIntegerField()
    baseline_aset = models.PositiveBigIntegerField()
    baseline_tenaga_kerja = models.PositiveIntegerField()
    # The latest follow-up (FollowUp.is_latest); all NULL when there is none.
    latest_omzet = models.PositiveBigIntegerField(null=True)
    latest_aset = models.PositiveBigIntegerField(null=True)
    latest_tenaga_kerja = models.PositiveIntegerField(null=True)
    latest_round = models.PositiveSmallIntegerField(null=True)
    latest_measured_on = models.DateField(null=True)
    latest_source = models.CharField(max_length=20, blank=True)
    # The day monitoring rounds count from (outcomes.services.with_reference_end).
    reference_end = models.DateField(null=True)
    # Every round measured, as "|6|12|": "was round r measured" is one LIKE, not a subquery.
    measured_rounds = models.CharField(max_length=200, default="|")
    # The latest follow-up's omzet growth, computed by the database on every write: the median
    # reads its middle rows from the index below instead of sorting every alumnus.
    latest_omzet_growth = models.GeneratedField(
        expression=omzet_growth("latest_omzet"), output_field=FloatField(), db_persist=True
    )

    objects = ImpactFactQuerySet.as_manager()

    class Meta:
        verbose_name = "fakta dampak"
        verbose_name_plural = "fakta dampak"
        indexes = [
            # Per balai in the median's order, with the two values it reads (PostgreSQL covers
            # them: an index-only scan to the middle).
            models.Index(
                fields=["balai", "latest_omzet_growth", "nomination"],
                include=["baseline_omzet", "latest_omzet"],
                condition=GROWTH_COMPUTABLE,
                name="impactfact_growth_order",
            ),
        ]

    def __str__(self) -> str:
        return f"Fakta dampak usulan {self.nomination_id}"
