"""The recaps of the learning evaluation: pre/post-test summaries and questionnaire figures.

Missing scores: a participant enters the means, the gain and the share improved only with
*both* a pre-test and a post-test score (paired), as the impact report pairs baselines and
follow-ups; the recaps state n paired out of the participants of the angkatan.

Few answers: a questionnaire mean (or distribution) over fewer than :data:`MIN_ANSWERS`
answers is one or two people's own answers, so it is not shown (:data:`FEW_ANSWERS`).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Avg, Count, F, Q, QuerySet

from evaluations.models import SCALE, EvaluationAnswer
from programs.seats import HOLDS_PLACE

MISSING_SCORE_RULE = (
    "Rata-rata pre-test, post-test, kenaikan dan persentase peserta yang nilainya naik dihitung "
    "hanya dari peserta yang punya kedua nilai (n berpasangan); peserta tanpa salah satu nilai "
    "tidak dihitung. Kenaikan = post-test − pre-test (poin, skala 0–100); naik = post-test lebih "
    "tinggi dari pre-test."
)

MIN_ANSWERS = 3
FEW_ANSWERS = (
    f"Kurang dari {MIN_ANSWERS} jawaban: rata-rata dan sebarannya tidak ditampilkan agar "
    "penilainya tidak dapat dikenali."
)
FEW_ANSWERS_CELL = f"Kurang dari {MIN_ANSWERS} jawaban"


def enough_answers(n: int) -> bool:
    """Whether a questionnaire figure over ``n`` answers may be shown (see FEW_ANSWERS)."""
    return n >= MIN_ANSWERS


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


# --- Recaps -------------------------------------------------------------------------------


@dataclass
class ItemRecap:
    """Mean, n and the 1–5 distribution of one item (for one instructor, or over all);
    with too few answers only n is kept (mean and counts None)."""

    text: str
    n: int = 0
    mean: Decimal | None = None
    counts: list[int] | None = field(default_factory=lambda: [0] * len(SCALE))
    instruktur: str = ""

    @property
    def hidden(self) -> bool:
        return not enough_answers(self.n)

    @property
    def note(self) -> str:
        return FEW_ANSWERS if self.hidden else ""


def _item_recap(row: dict, **extra) -> ItemRecap:
    shown = enough_answers(row["n"])
    return ItemRecap(
        text=row["item__text"],
        n=row["n"],
        mean=_mean(row["mean"]) if shown else None,
        counts=[row[f"c{k}"] for k in SCALE] if shown else None,
        **extra,
    )


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
        recap = _item_recap(row, instruktur=row["instruktur__name"] or "")
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
    mean: Decimal | None  # None with too few responses

    @property
    def hidden(self) -> bool:
        return not enough_answers(self.responses)

    @property
    def note(self) -> str:
        return FEW_ANSWERS if self.hidden else ""


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
                mean=_mean(row["mean"]) if enough_answers(row["responses"]) else None,
            )
        )
    per_item = (
        answers.values("instruktur_id", "item__text")
        .annotate(n=Count("pk"), mean=Avg("score"), **_counts())
        .order_by("instruktur_id", "item__text")
    )
    for row in per_item:
        if row["instruktur_id"] in recaps:
            recaps[row["instruktur_id"]].items.append(_item_recap(row))
    allowed = set(instructors.values_list("pk", flat=True))
    for summary in score_summaries(nominations, by="instruktur"):
        if summary.key in allowed:
            recap = recaps.setdefault(summary.key, InstructorRecap(summary.key, summary.label))
            recap.scores = summary
    return sorted(recaps.values(), key=lambda r: (r.name, r.instruktur_id))
