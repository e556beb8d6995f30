"""The pending upload of an importer: the file kept from its preview until it is confirmed once."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class OwnUploadQuerySet(models.QuerySet):
    def for_user(self, user):
        # An upload is read with its uploader's scope, so it is theirs alone.
        return self.filter(uploaded_by=user) if user.is_authenticated else self.none()


class PendingUpload(models.Model):
    """What every confirm-once upload keeps (``balatkop.importing.flow.import_once``); a
    concrete upload adds what the file is for (a programme and round, an angkatan)."""

    file_name = models.CharField("nama berkas", max_length=255)
    data = models.BinaryField("isi berkas", editable=False)
    row_count = models.PositiveIntegerField("jumlah baris", default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField("diunggah", auto_now_add=True)
    imported_at = models.DateTimeField("diimpor", null=True, blank=True)
    imported_count = models.PositiveIntegerField("jumlah diimpor", default=0)

    objects = OwnUploadQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["-uploaded_at"]

    def __str__(self) -> str:
        return self.file_name

    @classmethod
    def keep(cls, uploaded_file, importer, *, user, **purpose):
        """Read ``uploaded_file`` through the gate and keep it for its preview; ``purpose`` is
        what the concrete upload adds. A file the gate refuses raises ValidationError and is
        never stored."""
        from balatkop.importing.flow import upload_read  # not at the top: models load first

        data, row_count = upload_read(uploaded_file, importer)
        return cls.objects.create(
            file_name=uploaded_file.name[:255],
            data=data,
            row_count=row_count,
            uploaded_by=user,
            **purpose,
        )
