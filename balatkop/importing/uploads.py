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
