"""Permission matrix rows of the learning evaluation.

Staff act; heads read (403 on actions); district officers get 403 everywhere (responses are
anonymous to them); staff of another balai 404. The public questionnaire answers anyone
holding a valid link, signed in or not, and 404 to a wrong one.
"""

from balatkop.tests.matrix import Case
from evaluations import services
from evaluations.tests.factories import make_angkatan
from participants.models import Nomination

READERS = {"staf": 200, "pimpinan": 200, "admin": 200, "petugas": 403, "petugas_lain": 403}
STAFF = {"staf": 200, "admin": 200, "pimpinan": 403, "petugas": 403, "petugas_lain": 403}
ACTORS = {"staf": 302, "admin": 302, "pimpinan": 403, "petugas": 403, "petugas_lain": 403}


def angkatan_kwargs(cast):
    return {"pk": make_angkatan(participants=2).pk}


def program_kwargs(cast):
    return {"pk": make_angkatan(participants=1).program_id}


def token_kwargs(cast):
    return {"token": services.invitations_ensure(make_angkatan(participants=1))[0].token}


def _first(kwargs):
    return Nomination.objects.filter(angkatan_id=kwargs["pk"]).order_by("pk").first()


def cell_data(kwargs):
    name = f"s-{_first(kwargs).pk}-pre"
    return {"cell": name, name: "55"}


def grid_data(kwargs):
    return {f"s-{_first(kwargs).pk}-post": "80"}


def answer_data(kwargs):
    return {"suggestions": "Waktu praktik ditambah."}


CASES = [
    Case("evaluations:index", expected={**READERS, "outsider": 200}),
    Case("evaluations:instructor_recap", expected={**READERS, "outsider": 200}),
    Case("evaluations:program_recap", expected=READERS, default=404, make=program_kwargs),
    Case("evaluations:program_items", expected=STAFF, default=404, make=program_kwargs),
    Case("evaluations:angkatan_recap", expected=READERS, default=404, make=angkatan_kwargs),
    Case("evaluations:score_grid", expected=READERS, default=404, make=angkatan_kwargs),
    Case("evaluations:links", expected=STAFF, default=404, make=angkatan_kwargs),
    Case("evaluations:paper_entry", expected=STAFF, default=404, make=angkatan_kwargs),
    Case(
        "evaluations:score_grid",
        method="post",
        expected=ACTORS,
        default=404,
        make=angkatan_kwargs,
        data=grid_data,
        label="simpan semua",
    ),
    Case(
        "evaluations:score_cell",
        method="post",
        expected=STAFF,
        default=404,
        make=angkatan_kwargs,
        data=cell_data,
    ),
    Case(
        "evaluations:paper_entry",
        method="post",
        expected=ACTORS,
        default=404,
        make=angkatan_kwargs,
        data=answer_data,
        label="simpan formulir",
    ),
    Case(
        "evaluations:program_items",
        method="post",
        expected=ACTORS,
        default=404,
        make=program_kwargs,
        data=lambda kw: {"form-TOTAL_FORMS": "0", "form-INITIAL_FORMS": "0"},
        label="simpan kuesioner",
    ),
    Case("evaluations:answer", expected={}, make=token_kwargs, anonymous=200),
    Case(
        "evaluations:answer",
        expected={},
        default=404,
        make=lambda cast: {"token": "bukan-token-yang-benar"},
        anonymous=404,
        label="token salah",
    ),
    Case(
        "evaluations:answer",
        method="post",
        expected={},
        make=token_kwargs,
        data=answer_data,
        anonymous=200,
        label="kirim",
    ),
]
