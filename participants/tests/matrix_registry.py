"""The registry's rows of the permission matrix."""

from balatkop.tests.factories import kabkota
from balatkop.tests.matrix import Case
from participants.models import NominationUpload
from participants.tests.factories import NominationFactory, ParticipantFactory
from programs.tests.factories import ProgramFactory, QuotaFactory


def _program(cast):
    program = ProgramFactory(balai=cast["staf"].balai)
    QuotaFactory(program=program, kabupaten_kota=kabkota("52.71"), seats=10)
    return program


def program_kwargs(cast):
    return {"program_pk": _program(cast).pk}


def nomination_kwargs(cast):
    """A Kota Mataram nomination: Lombok Timur's officer and other balai must not see it."""
    return {"pk": NominationFactory(program=_program(cast)).pk}


def participant_kwargs(cast):
    return {"pk": NominationFactory(program=_program(cast)).participant_id}


def upload_kwargs(cast):
    upload = NominationUpload.objects.create(
        program=_program(cast),
        kabupaten_kota=kabkota("52.71"),
        uploaded_by=cast["petugas"],
        filename="usulan.xlsx",
        data=b"not a workbook",
    )
    return {"pk": upload.pk}


STRANGER_NIK = "3374015703850012"


def other_balai_program_kwargs(cast):
    """A Jawa Tengah programme, and a person trained only in NTB whose NIK is typed there."""
    person = ParticipantFactory(nik=STRANGER_NIK, name="Nama Terdaftar Rahasia")
    NominationFactory(program=_program(cast), participant=person)
    program = ProgramFactory(balai=cast["outsider"].balai)
    return {"program_pk": program.pk}


# Who may nominate: staff, district officers and admin; the head reads only.
NOMINATE = {"pimpinan": 403, "outsider": 404}
MATARAM_ONLY = {"petugas_lain": 404, "outsider": 404}

CASES = [
    Case("participants:nomination_list", expected={}),
    Case("participants:participant_list", expected={}),
    Case("participants:nomination_detail", expected=MATARAM_ONLY, make=nomination_kwargs),
    Case("participants:participant_detail", expected=MATARAM_ONLY, make=participant_kwargs),
    Case("participants:nomination_create", expected=NOMINATE, make=program_kwargs),
    Case(
        "participants:nomination_check",
        expected=NOMINATE,
        make=program_kwargs,
        method="post",
        data={"nik": "5271015703850001"},
    ),
    Case(
        "participants:nomination_check",
        label="NIK dari balai lain",
        # Only the other balai's staff (and admin) reach the check; none reads the name.
        expected={"staf": 404, "petugas": 404, "petugas_lain": 404, "pimpinan": 404},
        make=other_balai_program_kwargs,
        method="post",
        data={"nik": STRANGER_NIK},
        absent="Nama Terdaftar Rahasia",
    ),
    Case("participants:nomination_template", expected=NOMINATE, make=program_kwargs),
    Case("participants:nomination_upload", expected=NOMINATE, make=program_kwargs),
    Case(
        "participants:nomination_import_preview",
        expected={**MATARAM_ONLY, "pimpinan": 403},
        make=upload_kwargs,
    ),
    Case(
        "participants:nomination_import_errors",
        expected={**MATARAM_ONLY, "pimpinan": 403},
        make=upload_kwargs,
    ),
    Case(
        "participants:nomination_import_confirm",
        expected={**MATARAM_ONLY, "pimpinan": 403},
        default=302,
        make=upload_kwargs,
        method="post",
    ),
]
