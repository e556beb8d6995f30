"""Rules of the learning evaluation: scores, the questionnaire, one response per link, recaps.

Missing scores: a participant enters the means, the gain and the share improved only with
*both* a pre-test and a post-test score (paired), as the impact report pairs baselines and
follow-ups; the recaps state n paired out of the participants of the angkatan.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Avg, Count, F, Q, QuerySet
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

MISSING_SCORE_RULE = (
    "Rata-rata pre-test, post-test, kenaikan dan persentase peserta yang nilainya naik dihitung "
    "hanya dari peserta yang punya kedua nilai (n berpasangan); peserta tanpa salah satu nilai "
    "tidak dihitung. Kenaikan = post-test − pre-test (poin, skala 0–100); naik = post-test lebih "
    "tinggi dari pre-test."
)
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


def _check_open(angkatan: Angkatan) -> None:
    if angkatan.is_closed:
        raise ValidationError(f"{angkatan} sudah ditutup; evaluasinya tidak dapat diubah lagi.")


def placed_nominations(angkatan: Angkatan) -> QuerySet:
    """The participants of an angkatan (placed, passed or not passed; not those who withdrew)."""
    return Nomination.objects.filter(angkatan=angkatan, status__in=HOLDS_PLACE)


# --- Pre-test and post-test ---------------------------------------------------------------


def parse_score(value) -> int | None:
    """A typed or uploaded score through the one cell reader: '' → None; '85' → 85; 0–100 only."""
    try:
        return cells.whole(value, maximum=SCORE_MAX)
    except cells.CellError as error:
        raise ValidationError(
            f"Nilai harus bilangan bulat 0–{SCORE_MAX}: {error.message}"
        ) from error


def test_score_record(*, nomination: Nomination, kind: str, value: int | None, by) -> TestScore:
    """Set one participant's pre-test or post-test score (None clears it)."""
    if kind not in SCORE_FIELDS:
        raise ValidationError("Pilih pre-test atau post-test.")
    if nomination.angkatan_id is None or nomination.status not in HOLDS_PLACE:
        raise ValidationError("Peserta ini tidak ditempatkan di angkatan.")
    _check_open(nomination.angkatan)
    if value is not None and not 0 <= value <= SCORE_MAX:
        raise ValidationError(f"Nilai harus 0–{SCORE_MAX}.")
    score, _ = TestScore.objects.update_or_create(
        nomination=nomination, defaults={kind: value, "recorded_by": by}
    )
    return score


@dataclass
class ScoreSummary:
    """Pre/post figures of one group (angkatan, programme, year, instructor or all)."""

    key: object = None
    label: str = ""
    participants: int = 0
    with_pre: int = 0
    with_post: int = 0
    paired: int = 0
    mean_pre: Decimal | None = None
    mean_post: Decimal | None = None
    mean_gain: Decimal | None = None
    improved: int = 0
    responses: int | None = None  # questionnaire responses, where a page adds them
    fields: dict = field(default_factory=dict)  # the group's values (year, code, number, ...)

    @property
    def share_improved(self) -> Decimal | None:
        return percent_of(self.improved, self.paired)


def percent_of(part: int, whole: int) -> Decimal | None:
    """part ÷ whole × 100; None when there is no whole."""
    if not whole:
        return None
    return Decimal(part * 100) / Decimal(whole)


def _mean(value) -> Decimal | None:
    return None if value is None else Decimal(str(value))


# Group → (the fields read, the row's label from them); the first field is the group's key.
SCORE_GROUPS = {
    "angkatan": (
        ("angkatan_id", "program__year", "program__code", "angkatan__number"),
        lambda r: f"{r['program__code']} · angkatan {r['angkatan__number']}",
    ),
    "program": (
        ("program_id", "program__code", "program__name"),
        lambda r: f"{r['program__code']} — {r['program__name']}",
    ),
    "tahun": (("program__year",), lambda r: str(r["program__year"])),
    "instruktur": (
        ("angkatan__instructors", "angkatan__instructors__name"),
        lambda r: r["angkatan__instructors__name"] or "",
    ),
}


def score_summaries(nominations: QuerySet, *, by: str | None = None) -> list[ScoreSummary]:
    """Pre/post summary of ``nominations`` (one SQL query), whole or grouped by ``by``.

    Per instructor, an angkatan with two instructors counts for both.
    """
    paired = Q(test_score__pre__isnull=False, test_score__post__isnull=False)
    aggregates = {
        "participants": Count("pk"),
        "with_pre": Count("pk", filter=Q(test_score__pre__isnull=False)),
        "with_post": Count("pk", filter=Q(test_score__post__isnull=False)),
        "paired": Count("pk", filter=paired),
        "mean_pre": Avg("test_score__pre", filter=paired),
        "mean_post": Avg("test_score__post", filter=paired),
        "mean_gain": Avg(F("test_score__post") - F("test_score__pre"), filter=paired),
        "improved": Count("pk", filter=paired & Q(test_score__post__gt=F("test_score__pre"))),
    }
    nominations = nominations.filter(angkatan__isnull=False, status__in=HOLDS_PLACE)
    if by is None:
        rows = [nominations.aggregate(**aggregates)]
        fields, label = (None,), lambda r: "Semua"
    else:
        fields, label = SCORE_GROUPS[by]
        rows = (
            nominations.order_by()
            .values(*fields)
            .annotate(**aggregates)
            .order_by(*(fields[1:] or fields))
        )
    summaries = []
    for row in rows:
        key = row.get(fields[0])
        if by is not None and key is None:
            continue  # an angkatan without instructors, in the per-instructor grouping
        summaries.append(
            ScoreSummary(
                key=key,
                label=label(row),
                fields={f: row[f] for f in fields if f},
                participants=row["participants"],
                with_pre=row["with_pre"],
                with_post=row["with_post"],
                paired=row["paired"],
                mean_pre=_mean(row["mean_pre"]),
                mean_post=_mean(row["mean_post"]),
                mean_gain=_mean(row["mean_gain"]),
                improved=row["improved"],
            )
        )
    return summaries


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
    _check_open(angkatan)
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


# --- Recaps -------------------------------------------------------------------------------


@dataclass
class ItemRecap:
    """Mean, n and the 1–5 distribution of one item (for one instructor, or over all)."""

    text: str
    n: int = 0
    mean: Decimal | None = None
    counts: list[int] = field(default_factory=lambda: [0] * len(SCALE))
    instruktur: str = ""


@dataclass
class QuestionnaireRecap:
    responses: int
    participants: int
    general: list[ItemRecap]
    instructors: list[tuple[str, list[ItemRecap]]]
    suggestions: list[str]

    @property
    def response_rate(self) -> Decimal | None:
        return percent_of(self.responses, self.participants)


def _counts(prefix: str = "") -> dict:
    return {f"c{k}": Count("pk", filter=Q(**{f"{prefix}score": k})) for k in SCALE}


def questionnaire_recap(
    *, responses: QuerySet, participants: int, with_suggestions: bool = True
) -> QuestionnaireRecap:
    """Per item and per instructor: mean, n, distribution; plus suggestions (four queries).

    Suggestions come in alphabetical order, never in the order they were sent.
    """
    rows = (
        EvaluationAnswer.objects.filter(response__in=responses)
        .order_by()
        .values(
            "item_id",
            "item__text",
            "item__section",
            "item__position",
            "instruktur_id",
            "instruktur__name",
        )
        .annotate(n=Count("pk"), mean=Avg("score"), **_counts())
        .order_by("instruktur__name", "instruktur_id", "item__position", "item_id")
    )
    general, by_instructor = [], defaultdict(list)
    for row in rows:
        recap = ItemRecap(
            text=row["item__text"],
            n=row["n"],
            mean=_mean(row["mean"]),
            counts=[row[f"c{k}"] for k in SCALE],
            instruktur=row["instruktur__name"] or "",
        )
        if row["instruktur_id"] is None:
            general.append(recap)
        else:
            by_instructor[row["instruktur__name"]].append(recap)
    suggestions = []
    if with_suggestions:
        suggestions = list(
            responses.exclude(suggestions="")
            .order_by("suggestions")
            .values_list("suggestions", flat=True)
        )
    return QuestionnaireRecap(
        responses=responses.count(),
        participants=participants,
        general=general,
        instructors=list(by_instructor.items()),
        suggestions=suggestions,
    )


@dataclass
class InstructorAngkatan:
    angkatan_id: int
    label: str
    year: int
    responses: int
    mean: Decimal | None


@dataclass
class InstructorRecap:
    """One instructor across angkatan and years: overall and per-item means, per angkatan."""

    instruktur_id: int
    name: str
    angkatan: list[InstructorAngkatan] = field(default_factory=list)
    items: list[ItemRecap] = field(default_factory=list)
    scores: ScoreSummary | None = None

    @property
    def responses(self) -> int:
        return sum(a.responses for a in self.angkatan)


def instructor_recaps(*, instructors: QuerySet, responses: QuerySet, nominations: QuerySet):
    """Every instructor with answers or participants in scope (three queries, any size)."""
    answers = EvaluationAnswer.objects.filter(
        response__in=responses, instruktur__in=instructors
    ).order_by()
    per_angkatan = (
        answers.values(
            "instruktur_id",
            "instruktur__name",
            "response__angkatan_id",
            "response__angkatan__number",
            "response__angkatan__program__code",
            "response__angkatan__program__year",
        )
        .annotate(responses=Count("response_id", distinct=True), mean=Avg("score"))
        .order_by("instruktur__name", "instruktur_id", "response__angkatan__program__year",
                  "response__angkatan__program__code", "response__angkatan__number")
    )  # fmt: skip
    recaps: dict[int, InstructorRecap] = {}
    for row in per_angkatan:
        recap = recaps.setdefault(
            row["instruktur_id"], InstructorRecap(row["instruktur_id"], row["instruktur__name"])
        )
        recap.angkatan.append(
            InstructorAngkatan(
                angkatan_id=row["response__angkatan_id"],
                label=f"{row['response__angkatan__program__code']} · angkatan "
                f"{row['response__angkatan__number']}",
                year=row["response__angkatan__program__year"],
                responses=row["responses"],
                mean=_mean(row["mean"]),
            )
        )
    per_item = (
        answers.values("instruktur_id", "item__text")
        .annotate(n=Count("pk"), mean=Avg("score"), **_counts())
        .order_by("instruktur_id", "item__text")
    )
    for row in per_item:
        if row["instruktur_id"] in recaps:
            recaps[row["instruktur_id"]].items.append(
                ItemRecap(
                    text=row["item__text"],
                    n=row["n"],
                    mean=_mean(row["mean"]),
                    counts=[row[f"c{k}"] for k in SCALE],
                )
            )
    allowed = set(instructors.values_list("pk", flat=True))
    for summary in score_summaries(nominations, by="instruktur"):
        if summary.key in allowed:
            recap = recaps.setdefault(summary.key, InstructorRecap(summary.key, summary.label))
            recap.scores = summary
    return sorted(recaps.values(), key=lambda r: (r.name, r.instruktur_id))
