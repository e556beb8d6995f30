"""Learning evaluation: pre-test and post-test scores, and the participants' questionnaire.

Responses are anonymous by construction: an answer belongs to a response, a response to an
angkatan, and nothing links a response to a person. The personal link (invitation) only
records *that* its holder answered (a date, no time), so one response per link holds and
the response rate can be counted without anyone seeing who answered what. No model here keeps
a change history (it would name the user and time of every answer).
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from balatkop.access import ScopedQuerySet
from balatkop.importing.uploads import PendingUpload
from participants.models import Nomination
from programs.models import Angkatan, Instruktur, Program

SCORE_MAX = 100
SCALE = range(1, 6)


class TestScoreQuerySet(ScopedQuerySet):
    balai_path = "nomination__program__balai"


class TestScore(models.Model):
    """One participant's pre-test and post-test score (0–100); either may still be missing."""

    __test__ = False  # pytest: a model, not a test class

    nomination = models.OneToOneField(
        Nomination, on_delete=models.CASCADE, related_name="test_score"
    )
    pre = models.PositiveSmallIntegerField(
        "nilai pre-test", null=True, blank=True, validators=[MaxValueValidator(SCORE_MAX)]
    )
    post = models.PositiveSmallIntegerField(
        "nilai post-test", null=True, blank=True, validators=[MaxValueValidator(SCORE_MAX)]
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = TestScoreQuerySet.as_manager()

    class Meta:
        verbose_name = "nilai pre/post-test"
        verbose_name_plural = "nilai pre/post-test"
        constraints = [
            models.CheckConstraint(
                name="test_score_pre_at_most_100",
                condition=models.Q(pre__isnull=True) | models.Q(pre__lte=SCORE_MAX),
            ),
            models.CheckConstraint(
                name="test_score_post_at_most_100",
                condition=models.Q(post__isnull=True) | models.Q(post__lte=SCORE_MAX),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.nomination_id}: {self.pre} → {self.post}"

    @property
    def gain(self) -> int | None:
        if self.pre is None or self.post is None:
            return None
        return self.post - self.pre


class ItemSection(models.TextChoices):
    PENYELENGGARAAN = "penyelenggaraan", "Penyelenggaraan"
    INSTRUKTUR = "instruktur", "Setiap instruktur"


class EvaluationItemQuerySet(ScopedQuerySet):
    balai_path = "program__balai"

    def active(self):
        return self.filter(active=True)


class EvaluationItem(models.Model):
    """One question of a programme's questionnaire (scale 1–5); instructor items repeat per instructor."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="evaluation_items")
    section = models.CharField("bagian", max_length=20, choices=ItemSection.choices)
    text = models.CharField("pertanyaan", max_length=200)
    position = models.PositiveSmallIntegerField("urutan", default=0)
    active = models.BooleanField(
        "dipakai", default=True, help_text="Pertanyaan yang tidak dipakai tetap ada di rekap lama."
    )

    objects = EvaluationItemQuerySet.as_manager()

    class Meta:
        ordering = ["program", "section", "position", "pk"]
        verbose_name = "pertanyaan evaluasi"
        verbose_name_plural = "pertanyaan evaluasi"

    def __str__(self) -> str:
        return self.text


def new_token() -> str:
    return secrets.token_urlsafe(16)  # 128 bits: unguessable


class EvaluationInvitationQuerySet(ScopedQuerySet):
    balai_path = "nomination__program__balai"


class EvaluationInvitation(models.Model):
    """A participant's personal questionnaire link; answered once, then spent."""

    nomination = models.OneToOneField(
        Nomination, on_delete=models.CASCADE, related_name="evaluation_invitation"
    )
    token = models.CharField("token", max_length=32, unique=True, default=new_token)
    # A day, not a moment: a time could be matched against the responses' order.
    answered_on = models.DateField("diisi pada", null=True, blank=True)

    objects = EvaluationInvitationQuerySet.as_manager()

    class Meta:
        verbose_name = "tautan evaluasi"
        verbose_name_plural = "tautan evaluasi"

    def __str__(self) -> str:
        return f"Tautan evaluasi {self.nomination_id}"


class ResponseSource(models.TextChoices):
    LINK = "tautan", "Tautan peserta"
    PAPER = "kertas", "Formulir kertas"


class EvaluationResponseQuerySet(ScopedQuerySet):
    balai_path = "angkatan__program__balai"


class EvaluationResponse(models.Model):
    """One anonymous filled-in questionnaire of one angkatan."""

    angkatan = models.ForeignKey(
        Angkatan, on_delete=models.CASCADE, related_name="evaluation_responses"
    )
    source = models.CharField("sumber", max_length=10, choices=ResponseSource.choices)
    submitted_on = models.DateField("tanggal")
    suggestions = models.TextField("saran", blank=True)

    objects = EvaluationResponseQuerySet.as_manager()

    class Meta:
        verbose_name = "tanggapan evaluasi"
        verbose_name_plural = "tanggapan evaluasi"

    def __str__(self) -> str:
        return f"Tanggapan {self.pk} — {self.angkatan_id}"


class EvaluationAnswer(models.Model):
    """The score (1–5) one response gives one item (for instructor items: one instructor)."""

    response = models.ForeignKey(
        EvaluationResponse, on_delete=models.CASCADE, related_name="answers"
    )
    item = models.ForeignKey(EvaluationItem, on_delete=models.PROTECT, related_name="answers")
    instruktur = models.ForeignKey(
        Instruktur, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    score = models.PositiveSmallIntegerField(
        "nilai", validators=[MinValueValidator(1), MaxValueValidator(5)]
    )

    class Meta:
        verbose_name = "jawaban evaluasi"
        verbose_name_plural = "jawaban evaluasi"
        constraints = [
            models.CheckConstraint(
                name="evaluation_answer_scale_1_5", condition=models.Q(score__gte=1, score__lte=5)
            ),
        ]
        indexes = [models.Index(fields=["instruktur", "item"])]

    def __str__(self) -> str:
        return f"{self.item_id}: {self.score}"


class ScoreUpload(PendingUpload):
    """A filled score template of one angkatan, kept from its preview until it is confirmed."""

    angkatan = models.ForeignKey(Angkatan, on_delete=models.CASCADE, related_name="+")

    class Meta(PendingUpload.Meta):
        verbose_name = "unggahan nilai pre/post-test"
        verbose_name_plural = "unggahan nilai pre/post-test"
