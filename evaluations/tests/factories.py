"""Scenes for the evaluation tests: an NTB angkatan with instructors and placed participants."""

import datetime as dt

from balatkop.models import Balai
from evaluations import services
from participants.models import NominationStatus
from participants.tests.factories import NominationFactory, ParticipantFactory
from programs.models import ProgramStatus
from programs.tests.factories import AngkatanFactory, InstrukturFactory, ProgramFactory

START = dt.date(2020, 11, 17)


def make_angkatan(*, participants: int = 3, instructors=None, program=None, **kwargs):
    """An NTB angkatan (programme 2020 unless given) with placed participants of Kota Mataram."""
    balai = Balai.objects.get(code="NTB")
    program = program or ProgramFactory(balai=balai, status=ProgramStatus.RUNNING)
    if instructors is None:
        instructors = [InstrukturFactory(balai=balai, name="Siti Aminah")]
    angkatan = AngkatanFactory(program=program, start_date=START, capacity=30, **kwargs)
    angkatan.instructors.set(instructors)
    for _ in range(participants):
        NominationFactory(
            program=program,
            participant=ParticipantFactory(),
            angkatan=angkatan,
            status=NominationStatus.DITEMPATKAN,
        )
    return angkatan


def scores(angkatan, pairs, *, by=None):
    """Give the angkatan's participants (by name order) these (pre, post) scores."""
    nominations = services.placed_nominations(angkatan).select_related("angkatan")
    for nomination, (pre, post) in zip(
        nominations.order_by("participant__name", "pk"), pairs, strict=False
    ):
        services.test_score_record(nomination=nomination, kind="pre", value=pre, by=by)
        services.test_score_record(nomination=nomination, kind="post", value=post, by=by)


def answer_all(angkatan, score: int, *, suggestions: str = ""):
    """One response per participant through their link, every question scored ``score``."""
    questions = [q.name for g in services.questionnaire(angkatan) for q in g.questions]
    for invitation in services.invitations_ensure(angkatan):
        services.response_submit(
            angkatan=angkatan,
            scores=dict.fromkeys(questions, score),
            suggestions=suggestions,
            invitation=invitation,
        )
