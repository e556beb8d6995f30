"""The programs app's rows of the permission matrix (see balatkop/tests/matrix.py)."""

import itertools

from balatkop.models import Balai
from balatkop.tests.matrix import Case, form_page, only
from programs.models import ProgramStatus
from programs.tests.factories import AngkatanFactory, InstrukturFactory, ProgramFactory

_serial = itertools.count(1)

MANAGERS = ("staf", "admin")
# In scope but read-only (403) vs out of scope (404): district officers see open programmes.
CHANGE_OPEN = {**only(*MANAGERS), "outsider": 404}
CHANGE_OPEN_POST = {**only(*MANAGERS, status=302), "outsider": 404}
# Creating is per balai: staff of another balai create in their own.
CREATE = only("staf", "outsider", "admin")
CREATE_POST = only("staf", "outsider", "admin", status=302)
NOT_DISTRICT = only("staf", "pimpinan", "outsider", "admin")


def _program(cast, **kwargs):
    return ProgramFactory(balai=cast["staf"].balai, **kwargs)


def program_kwargs(cast):
    return {"pk": _program(cast).pk}


def draft_program_kwargs(cast):
    return {"pk": _program(cast, status=ProgramStatus.DRAFT).pk}


def angkatan_kwargs(cast):
    return {"pk": AngkatanFactory(program=_program(cast)).pk}


def instruktur_kwargs(cast):
    return {"pk": InstrukturFactory(balai=cast["staf"].balai).pk}


def new_program_data(kwargs):
    n = next(_serial)
    return {
        "balai": Balai.objects.get(code="NTB").pk,  # only the admin's form has this field
        "code": f"MTX-{n}",
        "name": "Pelatihan Matriks",
        "year": 2021,
        "target_group": "umkm",
        "funding_source": "apbd",
        "target_participants": 740,
        "days_per_angkatan": 4,
        "min_business_months": 0,
        "min_omzet_per_month": 0,
        "min_attendance_percent": 80,
        "certificate_pattern": "{nomor}/BALATKOP/{tahun}",
        "followup_rounds": "6, 12",
    }


def new_instruktur_data(kwargs):
    return {
        "name": f"Instruktur {next(_serial)}",
        "expertise": "Tata boga",
        "balai": Balai.objects.get(code="NTB").pk,
    }


def new_bidang_data(kwargs):
    return {"name": f"Bidang Matriks {next(_serial)}"}


def angkatan_data(kwargs):
    return {
        "number": 90 + next(_serial),
        "start_date": "2020-11-17",
        "end_date": "2020-11-20",
        "capacity": 60,
    }


CASES = [
    Case("programs:program_list", expected={}),
    Case(
        "programs:program_list",
        expected={},
        query="tahun=2020&status=usulan_dibuka&q=PRG",
        label="filtered",
    ),
    Case("programs:year_overview", expected=NOT_DISTRICT),
    *form_page("programs:program_create", shown=CREATE, sent=CREATE_POST, data=new_program_data),
    Case("programs:program_detail", expected={"outsider": 404}, make=program_kwargs),
    Case(
        "programs:program_detail",
        expected={"outsider": 404, "petugas": 404, "petugas_lain": 404},
        make=draft_program_kwargs,
        label="draf",
    ),
    Case("programs:program_update", expected=CHANGE_OPEN, make=program_kwargs),
    Case(
        "programs:program_update",
        expected={**CHANGE_OPEN, "petugas": 404, "petugas_lain": 404},
        make=draft_program_kwargs,
        label="draf",
    ),
    Case(
        "programs:program_transition",
        expected=CHANGE_OPEN_POST,
        make=program_kwargs,
        method="post",
        data={"to": ProgramStatus.NOMINATION_CLOSED},
    ),
    Case(
        "programs:quota_update",
        expected=CHANGE_OPEN_POST,
        make=program_kwargs,
        method="post",
        data={"kuota_52_71": "60", "action": "simpan"},
    ),
    *form_page(
        "programs:angkatan_create",
        shown=CHANGE_OPEN,
        sent=CHANGE_OPEN_POST,
        make=program_kwargs,
        data=angkatan_data,
    ),
    *form_page(
        "programs:angkatan_generate",
        shown=CHANGE_OPEN,
        sent=CHANGE_OPEN_POST,
        make=program_kwargs,
        data={"count": 2, "capacity": 60, "first_start": "2020-11-16", "skip_weekends": "on"},
    ),
    Case("programs:angkatan_detail", expected={"outsider": 404}, make=angkatan_kwargs),
    *form_page(
        "programs:angkatan_update",
        shown=CHANGE_OPEN,
        sent=CHANGE_OPEN_POST,
        make=angkatan_kwargs,
        data=angkatan_data,
    ),
    Case("programs:instruktur_list", expected=NOT_DISTRICT),
    *form_page(
        "programs:instruktur_create", shown=CREATE, sent=CREATE_POST, data=new_instruktur_data
    ),
    Case(
        "programs:instruktur_update",
        expected={**only(*MANAGERS), "petugas": 404, "petugas_lain": 404, "outsider": 404},
        make=instruktur_kwargs,
    ),
    Case("programs:bidang_list", expected=NOT_DISTRICT),
    *form_page("programs:bidang_create", shown=CREATE, sent=CREATE_POST, data=new_bidang_data),
]
