"""Permission matrix rows of the learning evaluation.

Staff act; heads read (403 on actions); district officers get 403 everywhere (responses are
anonymous to them); staff of another balai 404. The public questionnaire answers anyone
holding a valid link, signed in or not, and 404 to a wrong one.
"""

import io

from django.core.files.uploadedfile import SimpleUploadedFile

from balatkop.tests.matrix import READERS, Case, staff_action, staff_page
from evaluations import services
from evaluations.models import ScoreUpload
from evaluations.score_import import score_template_write
from evaluations.tests.factories import make_angkatan
from participants.models import Nomination
from programs.models import Angkatan

# Pages only those who record the evaluation open (heads 403 too).
STAFF = {"staf": 200, "admin": 200, "pimpinan": 403, "petugas": 403, "petugas_lain": 403}
# An upload is its uploader's alone: other recorders 404, those who may not record 403.
OWN_UPLOAD = {"admin": 404, "outsider": 404, "pimpinan": 403, "petugas": 403, "petugas_lain": 403}


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


def _template(angkatan_pk: int) -> bytes:
    buffer = io.BytesIO()
    score_template_write(buffer, angkatan=Angkatan.objects.get(pk=angkatan_pk))
    return buffer.getvalue()


def upload_data(kwargs):
    return {"berkas": SimpleUploadedFile("nilai.xlsx", _template(kwargs["pk"]))}


def staff_score_upload(cast):
    """A pending score upload of the NTB staff member (the template as downloaded)."""
    angkatan = make_angkatan(participants=2)
    upload = ScoreUpload.objects.create(
        angkatan=angkatan, file_name="nilai.xlsx", data=_template(angkatan.pk),
        uploaded_by=cast["staf"],
    )  # fmt: skip
    return {"pk": upload.pk}


def answer_data(kwargs):
    return {"suggestions": "Waktu praktik ditambah."}


CASES = [
    Case("evaluations:index", expected={**READERS, "outsider": 200}),
    Case("evaluations:instructor_recap", expected={**READERS, "outsider": 200}),
    staff_page("evaluations:program_recap", program_kwargs),
    staff_page("evaluations:program_items", program_kwargs, expected=STAFF),
    staff_page("evaluations:angkatan_recap", angkatan_kwargs),
    staff_page("evaluations:score_grid", angkatan_kwargs),
    staff_page("evaluations:links", angkatan_kwargs, expected=STAFF),
    staff_page("evaluations:paper_entry", angkatan_kwargs, expected=STAFF),
    staff_action("evaluations:score_grid", angkatan_kwargs, grid_data, label="simpan semua"),
    staff_action("evaluations:score_cell", angkatan_kwargs, cell_data, expected=STAFF),
    staff_action("evaluations:paper_entry", angkatan_kwargs, answer_data, label="simpan formulir"),
    staff_action(
        "evaluations:program_items",
        program_kwargs,
        lambda kw: {"form-TOTAL_FORMS": "0", "form-INITIAL_FORMS": "0"},
        label="simpan kuesioner",
    ),
    staff_page("evaluations:score_template", angkatan_kwargs, expected=STAFF),
    staff_page("evaluations:score_upload", angkatan_kwargs, expected=STAFF),
    staff_action("evaluations:score_upload", angkatan_kwargs, upload_data, label="unggah templat"),
    Case("evaluations:score_upload_preview", expected=OWN_UPLOAD, make=staff_score_upload),
    Case("evaluations:score_upload_errors", expected=OWN_UPLOAD, make=staff_score_upload),
    Case(
        "evaluations:score_upload_confirm",
        method="post",
        expected=OWN_UPLOAD,
        default=302,
        make=staff_score_upload,
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
