"""Rules of the learning evaluation: scores, the questionnaire, one response per link.

The figures drawn from them live in :mod:`evaluations.recaps`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone

from balatkop import cells
from evaluations.models import (
    SCALE,
    SCORE_MAX,
    EvaluationAnswer,
    EvaluationInvitation,
    EvaluationItem,
    EvaluationResponse,
    ItemSection,
    ResponseSource,
    TestScore,
)
from participants.models import Nomination
from programs.models import Angkatan, Instruktur, Program
from programs.seats import HOLDS_PLACE
from programs.services import angkatan_ensure_open

DEFAULT_ITEMS = [
    (ItemSection.PENYELENGGARAAN, "Pengorganisasian pelatihan"),
    (ItemSection.PENYELENGGARAAN, "Materi pelatihan"),
    (ItemSection.PENYELENGGARAAN, "Sarana dan prasarana"),
    (ItemSection.INSTRUKTUR, "Penguasaan materi"),
    (ItemSection.INSTRUKTUR, "Cara penyampaian"),
    (ItemSection.INSTRUKTUR, "Ketepatan waktu"),
    (ItemSection.INSTRUKTUR, "Kemampuan menjawab pertanyaan"),
]
SCALE_LABELS = {1: "Sangat kurang", 2: "Kurang", 3: "Cukup", 4: "Baik", 5: "Sangat baik"}
SCORE_FIELDS = {"pre": "pre-test", "post": "post-test"}


def evaluation_ensure_open(angkatan: Angkatan) -> None:
    """Refuse a change to a closed angkatan's scores or responses (staff's wording)."""
    # A participant's link says it in its own words (_invitation_open), same model property.
    angkatan_ensure_open(angkatan=angkatan, action="mengubah evaluasinya")


def placed_nominations(angkatan: Angkatan) -> QuerySet:
    """The participants of an angkatan (placed, passed or not passed; not those who withdrew)."""
    return Nomination.objects.filter(angkatan=angkatan, status__in=HOLDS_PLACE)


# --- Pre-test and post-test ---------------------------------------------------------------


def score_read(value) -> int | None:
    """A typed or uploaded score through the one cell reader: '' → None; '85' → 85; '85,0' →
    85; whole numbers 0–100 only ('85,5', '101', 'lulus' raise CellError)."""
    try:
        return cells.whole(value, maximum=SCORE_MAX)
    except cells.CellError as error:
        raise cells.CellError(f"{error.message} Isi bilangan bulat 0–{SCORE_MAX}.") from error


def parse_score(value) -> int | None:
    """A score typed on the grid (:func:`score_read`), refused as a ValidationError."""
    try:
        return score_read(value)
    except cells.CellError as error:
        raise ValidationError(error.message) from error


def test_score_record(*, nomination: Nomination, kind: str, value: int | None, by) -> TestScore:
    """Set one participant's pre-test or post-test score (None clears it)."""
    if kind not in SCORE_FIELDS:
        raise ValidationError("Pilih pre-test atau post-test.")
    if nomination.angkatan_id is None or nomination.status not in HOLDS_PLACE:
        raise ValidationError("Peserta ini tidak ditempatkan di angkatan.")
    evaluation_ensure_open(nomination.angkatan)
    if value is not None and not 0 <= value <= SCORE_MAX:
        raise ValidationError(f"Nilai harus 0–{SCORE_MAX}.")
    score, _ = TestScore.objects.update_or_create(
        nomination=nomination, defaults={kind: value, "recorded_by": by}
    )
    return score


# --- The questionnaire --------------------------------------------------------------------


def evaluation_items(program: Program) -> list[EvaluationItem]:
    """The programme's questionnaire, the default one the first time it is asked for."""
    items = list(EvaluationItem.objects.filter(program=program))
    if not items:
        EvaluationItem.objects.bulk_create(
            [
                EvaluationItem(program=program, section=section, text=text, position=i)
                for i, (section, text) in enumerate(DEFAULT_ITEMS, 1)
            ]
        )
        items = list(EvaluationItem.objects.filter(program=program))
    return items


@dataclass
class Question:
    """One question as a form shows it: field name, item, instructor (for instructor items)."""

    name: str
    item: EvaluationItem
    instruktur: Instruktur | None = None


@dataclass
class QuestionGroup:
    title: str
    questions: list[Question] = field(default_factory=list)


def questionnaire(angkatan: Angkatan) -> list[QuestionGroup]:
    """The questions of an angkatan: general ones, then each instructor's in turn."""
    items = [item for item in evaluation_items(angkatan.program) if item.active]
    general = QuestionGroup("Penyelenggaraan pelatihan")
    general.questions = [
        Question(f"q{item.pk}", item)
        for item in items
        if item.section == ItemSection.PENYELENGGARAAN
    ]
    groups = [general] if general.questions else []
    per_instructor = [item for item in items if item.section == ItemSection.INSTRUKTUR]
    if per_instructor:
        for instruktur in angkatan.instructors.order_by("name", "pk"):
            groups.append(
                QuestionGroup(
                    f"Instruktur: {instruktur.name}",
                    [
                        Question(f"q{item.pk}-{instruktur.pk}", item, instruktur)
                        for item in per_instructor
                    ],
                )
            )
    return groups


def invitations_ensure(angkatan: Angkatan) -> list[EvaluationInvitation]:
    """Every participant's personal link, made for those who have none yet (first name order)."""
    nominations = list(placed_nominations(angkatan).values_list("pk", flat=True))
    have = set(
        EvaluationInvitation.objects.filter(nomination_id__in=nominations).values_list(
            "nomination_id", flat=True
        )
    )
    missing = [pk for pk in nominations if pk not in have]
    if missing:
        EvaluationInvitation.objects.bulk_create(
            [EvaluationInvitation(nomination_id=pk) for pk in missing], ignore_conflicts=True
        )
    return list(
        EvaluationInvitation.objects.filter(nomination_id__in=nominations)
        .select_related("nomination__participant")
        .order_by("nomination__participant__name", "nomination_id")
    )


def open_invitation_tokens(angkatan: Angkatan) -> dict[int, str]:
    """Each participant's link token by nomination, while the questionnaire is open (else {})."""
    if angkatan.is_closed:
        return {}
    return {i.nomination_id: i.token for i in invitations_ensure(angkatan)}


def _invitation_open(invitation: EvaluationInvitation) -> None:
    nomination = invitation.nomination
    if nomination.status not in HOLDS_PLACE or nomination.angkatan_id is None:
        raise ValidationError("Tautan ini tidak berlaku lagi.")
    if nomination.angkatan.is_closed:
        raise ValidationError("Evaluasi angkatan ini sudah ditutup.")
    if invitation.answered_on is not None:
        raise ValidationError("Evaluasi dari tautan ini sudah diisi. Terima kasih.")


def invitation_state(invitation: EvaluationInvitation) -> str | None:
    """Why the link's form cannot be shown (closed, answered), or None when it is open."""
    try:
        _invitation_open(invitation)
    except ValidationError as error:
        return " ".join(error.messages)
    return None


@transaction.atomic
def response_submit(
    *,
    angkatan: Angkatan,
    scores: dict[str, int],
    suggestions: str,
    invitation: EvaluationInvitation | None = None,
    paper_for: Nomination | None = None,
) -> EvaluationResponse:
    """Store one anonymous response: through a personal link, or a paper form typed in by staff.

    ``scores`` maps a :class:`Question` name to 1–5; unanswered questions are left out.
    The link is spent in the same transaction, under a row lock, so it answers once.
    """
    angkatan = Angkatan.objects.select_for_update().select_related("program").get(pk=angkatan.pk)
    evaluation_ensure_open(angkatan)
    if invitation is not None:
        invitation = (
            EvaluationInvitation.objects.select_for_update(of=("self",))
            .select_related("nomination__angkatan")
            .get(pk=invitation.pk)
        )
        if invitation.nomination.angkatan_id != angkatan.pk:
            raise ValidationError("Tautan ini bukan untuk angkatan ini.")
        _invitation_open(invitation)
    elif paper_for is not None:
        invitation = invitations_for_paper(angkatan, paper_for)
    responses = EvaluationResponse.objects.filter(angkatan=angkatan).count()
    if responses >= placed_nominations(angkatan).count():
        raise ValidationError(
            "Jumlah tanggapan sudah sama dengan jumlah peserta angkatan ini; tidak bisa ditambah."
        )
    questions = {q.name: q for group in questionnaire(angkatan) for q in group.questions}
    answers = []
    for name, value in scores.items():
        if name not in questions:
            continue
        if value not in SCALE:
            raise ValidationError("Nilai jawaban harus 1–5.")
        answers.append((questions[name], value))
    suggestions = (suggestions or "").strip()
    if not answers and not suggestions:
        raise ValidationError("Isi paling sedikit satu pertanyaan sebelum mengirim.")
    today = timezone.localdate()
    source = (
        ResponseSource.LINK
        if invitation is not None and paper_for is None
        else ResponseSource.PAPER
    )
    response = EvaluationResponse.objects.create(
        angkatan=angkatan, source=source, submitted_on=today, suggestions=suggestions
    )
    EvaluationAnswer.objects.bulk_create(
        [
            EvaluationAnswer(response=response, item=q.item, instruktur=q.instruktur, score=value)
            for q, value in answers
        ]
    )
    if invitation is not None:
        invitation.answered_on = today
        invitation.save(update_fields=["answered_on"])
    return response


def invitations_for_paper(angkatan: Angkatan, nomination: Nomination) -> EvaluationInvitation:
    """The link of a participant whose paper form is typed in (spent with it)."""
    if nomination.angkatan_id != angkatan.pk or nomination.status not in HOLDS_PLACE:
        raise ValidationError("Peserta ini bukan peserta angkatan ini.")
    try:
        invitation, _ = EvaluationInvitation.objects.select_for_update().get_or_create(
            nomination=nomination
        )
    except IntegrityError as error:  # created by a parallel request: read it again
        raise ValidationError("Coba kirim sekali lagi.") from error
    if invitation.answered_on is not None:
        raise ValidationError(f"{nomination.participant.name} sudah mengisi evaluasi.")
    return invitation


def certificates_waiting(nominations: QuerySet) -> set[int]:
    """Of these nominations, those whose certificate waits for the evaluation (one query).

    Only where the programme says so (``Program.certificate_requires_evaluation``).
    """
    return set(
        nominations.filter(program__certificate_requires_evaluation=True)
        .exclude(evaluation_invitation__answered_on__isnull=False)
        .values_list("pk", flat=True)
    )


def has_answered(nomination: Nomination) -> bool:
    """Whether a participant has answered the evaluation (by link or paper form)."""
    return EvaluationInvitation.objects.filter(
        nomination=nomination, answered_on__isnull=False
    ).exists()
