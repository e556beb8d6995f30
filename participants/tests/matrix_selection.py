"""Permission matrix rows of selection to completion, and the scenes they build.

Staff act; heads read (403 on every action); district officers get 403 on staff pages
(their own outcomes page is open to them); staff of another balai get 404.
"""

import datetime as dt

from balatkop.models import Balai
from balatkop.tests.factories import kabkota
from balatkop.tests.matrix import ACTORS, READERS, Case, staff_action, staff_page
from participants.models import Nomination, NominationStatus
from participants.tests.factories import NominationFactory, ParticipantFactory
from programs.models import ProgramStatus
from programs.tests.factories import AngkatanFactory, ProgramFactory, QuotaFactory

START = dt.date(2020, 11, 17)


def ntb() -> Balai:
    return Balai.objects.get(code="NTB")


def make_program(*, quotas: dict[str, int] | None = None, **kwargs):
    """An NTB programme in selection (nominations closed), 4-day angkatan, 80% to pass.

    ``quotas``: seats by district code.
    """
    kwargs.setdefault("balai", ntb())
    kwargs.setdefault("status", ProgramStatus.NOMINATION_CLOSED)
    program = ProgramFactory(**kwargs)
    for code, seats in (quotas or {}).items():
        QuotaFactory(program=program, kabupaten_kota=kabkota(code), seats=seats)
    return program


def make_nominee(program, kab: str = "52.71", status=NominationStatus.DIUSULKAN, **kwargs):
    """A nominee of ``kab`` whose NIK region matches the district."""
    participant = kwargs.pop("participant", None) or ParticipantFactory(
        nik_region=kab, kabupaten_kota_id=kab
    )
    return NominationFactory(
        program=program, participant=participant, kabupaten_kota_id=kab, status=status, **kwargs
    )


def make_placed(angkatan, kab: str = "52.71", **kwargs):
    return make_nominee(
        angkatan.program, kab, status=NominationStatus.DITEMPATKAN, angkatan=angkatan, **kwargs
    )


def scene(cast) -> dict:
    """A programme with a quota, a pending nominee and one placed in an angkatan."""
    program = make_program(quotas={"52.71": 2})
    angkatan = AngkatanFactory(program=program, start_date=START, capacity=30)
    pending = make_nominee(program)
    placed = make_placed(angkatan)
    return {"program": program, "angkatan": angkatan, "pending": pending, "placed": placed}


def program_kwargs(cast):
    return {"pk": scene(cast)["program"].pk}


def pending_kwargs(cast):
    return {"pk": scene(cast)["pending"].pk}


def placed_kwargs(cast):
    return {"pk": scene(cast)["placed"].pk}


def accepted_kwargs(cast):
    s = scene(cast)
    s["pending"].status = NominationStatus.DITERIMA
    s["pending"].save()
    return {"pk": s["pending"].pk}


def angkatan_kwargs(cast):
    return {"pk": scene(cast)["angkatan"].pk}


def _placed_in(kwargs):
    return Nomination.objects.filter(angkatan_id=kwargs["pk"]).first()


def cell_data(kwargs):
    name = f"c-{_placed_in(kwargs).pk}-{START:%Y-%m-%d}"
    return {"cell": name, name: "hadir"}


def grid_data(kwargs):
    return {f"c-{_placed_in(kwargs).pk}-{START:%Y-%m-%d}": "izin"}


def decide_data(kwargs):
    ids = Nomination.objects.filter(program_id=kwargs["pk"], status="diusulkan")
    return {"decision": "tolak", "reason": "Usaha belum berjalan", "scope": "dicentang",
            "ids": [n.pk for n in ids]}  # fmt: skip


def assign_data(kwargs):
    nomination = Nomination.objects.filter(program_id=kwargs["pk"], status="diusulkan").first()
    nomination.status = NominationStatus.DITERIMA
    nomination.save()
    return {"ids": [nomination.pk], "angkatan": nomination.program.angkatan.first().pk}


def place_one_data(kwargs):
    return {"angkatan": Nomination.objects.get(pk=kwargs["pk"]).program.angkatan.first().pk}


GIVE_SEATS = {"from_kabupaten_kota": "52.71", "to_kabupaten_kota": "52.03", "seats": 1}

CASES = [
    Case("participants:selection_list", expected={**READERS, "outsider": 200}),
    staff_page("participants:selection_program", program_kwargs),
    staff_page("participants:selection_detail", pending_kwargs),
    staff_page("participants:placement", program_kwargs),
    staff_page("participants:attendance_roster", angkatan_kwargs),
    staff_page("participants:completion", angkatan_kwargs),
    Case("participants:district_outcomes", expected={}),
    staff_action("participants:selection_decide", program_kwargs, decide_data),
    staff_action("participants:selection_give_seats", program_kwargs, GIVE_SEATS),
    staff_action("participants:placement_assign", program_kwargs, assign_data),
    staff_action("participants:placement_distribute", program_kwargs, {"mode": "merata"}),
    staff_action("participants:selection_place_one", accepted_kwargs, place_one_data),
    staff_action("participants:placement_remove", placed_kwargs),
    staff_action(
        "participants:attendance_roster", angkatan_kwargs, grid_data, label="simpan semua"
    ),
    staff_action(
        "participants:attendance_cell",
        angkatan_kwargs,
        cell_data,
        expected={**ACTORS, "staf": 200, "admin": 200},
    ),
    staff_action("participants:attendance_day", angkatan_kwargs, {"date": START.isoformat()}),
    staff_action(
        "participants:completion",
        angkatan_kwargs,
        {"outcome": "tidak_lulus", "scope": "memenuhi"},
        label="tetapkan hasil",
    ),
]
