"""Permission matrix rows of the documents, and the scene they build.

Angkatan documents: staff and heads download, staff change; district officers get 403 (their
way in is one participant at a time); another balai's staff 404. A participant's certificate
and call letter: anyone who sees the nomination (officers: their own district's, else 404).
The verification page is public.
"""

from django.utils import timezone

from balatkop.tests.matrix import Case, staff_action, staff_page
from documents.models import Certificate
from participants.models import NominationStatus
from participants.tests.matrix_selection import START, make_placed, make_program
from programs.tests.factories import AngkatanFactory

OWN_DISTRICT = {"staf": 200, "pimpinan": 200, "admin": 200, "petugas": 200}


def scene(cast) -> dict:
    """An NTB angkatan with one placed participant and one graduate, both of Kota Mataram."""
    angkatan = AngkatanFactory(program=make_program(), start_date=START)
    placed = make_placed(angkatan, "52.71")
    graduate = make_placed(angkatan, "52.71")
    graduate.status = NominationStatus.LULUS
    graduate.certificate_number = f"{graduate.pk:04d}/BALATKOP-NTB/2020"
    graduate.save()
    return {"angkatan": angkatan, "placed": placed, "graduate": graduate}


def angkatan_kwargs(cast):
    return {"pk": scene(cast)["angkatan"].pk}


def closed_angkatan_kwargs(cast):
    angkatan = scene(cast)["angkatan"]
    angkatan.closed_at = timezone.now()
    angkatan.save()
    return {"pk": angkatan.pk}


def district_kwargs(cast):
    return {"pk": scene(cast)["angkatan"].pk, "code": "52.71"}


def placed_kwargs(cast):
    return {"pk": scene(cast)["placed"].pk}


def graduate_kwargs(cast):
    return {"pk": scene(cast)["graduate"].pk}


def code_kwargs(cast):
    return {"code": Certificate.objects.create(nomination=scene(cast)["graduate"]).code}


SETTINGS = {"lesson_hours_per_day": 8, "uang_saku_per_day": "100.000", "transport_per_person": "0"}

CASES = [
    staff_page("documents:angkatan_documents", angkatan_kwargs),
    staff_action("documents:angkatan_documents", angkatan_kwargs, SETTINGS),
    staff_action("documents:angkatan_close", angkatan_kwargs),
    staff_action(
        "documents:angkatan_reopen",
        closed_angkatan_kwargs,
        {"reason": "Salah catat kehadiran hari ke-2"},
    ),
    staff_page("documents:certificates", angkatan_kwargs),
    staff_page("documents:attendance_list", angkatan_kwargs),
    staff_page("documents:attendance_recap", angkatan_kwargs),
    staff_page("documents:receipts", angkatan_kwargs),
    staff_page("documents:receipts_xlsx", angkatan_kwargs),
    staff_page("documents:activity_report", angkatan_kwargs),
    Case("documents:district_letter", expected=OWN_DISTRICT, default=404, make=district_kwargs),
    Case("documents:participant_documents", expected={}),
    Case("documents:certificate", expected=OWN_DISTRICT, default=404, make=graduate_kwargs),
    Case("documents:call_letter", expected=OWN_DISTRICT, default=404, make=placed_kwargs),
    Case("verify", expected={}, make=code_kwargs, anonymous=200),
]
