"""The outcomes app's rows of the permission matrix (monitoring and the impact report)."""

import datetime as dt
import io
import secrets

from django.utils import timezone

from balatkop.importing.template import write_template
from balatkop.tests.matrix import Case, form_page, only
from outcomes.models import FollowUpUpload, SelfReport
from outcomes.round_import import IMPORTER
from outcomes.tests.factories import CompletedNominationFactory
from programs.tests.factories import ProgramFactory

RECORDERS = ("staf", "petugas", "petugas_lain", "outsider", "admin")


def ntb_program_round(cast) -> dict:
    return {"program_pk": ProgramFactory(balai=cast["staf"].balai).pk, "round_months": 6}


def mataram_alumnus(cast) -> dict:
    """A lulus alumnus of Kota Mataram (the ``petugas`` district) in an NTB programme."""
    nomination = CompletedNominationFactory(program__balai=cast["staf"].balai)
    return {"pk": nomination.pk}


def staff_round_upload(cast) -> dict:
    """A pending round upload of the NTB staff member (an empty template: nothing filled)."""
    buffer = io.BytesIO()
    write_template(buffer, IMPORTER)
    upload = FollowUpUpload.objects.create(
        program=ProgramFactory(balai=cast["staf"].balai),
        round_months=6,
        file_name="monitoring.xlsx",
        data=buffer.getvalue(),
        uploaded_by=cast["staf"],
    )
    return {"pk": upload.pk}


# A round upload is its uploader's alone; the head does not enter data (403).
OWN_UPLOAD = {"petugas": 404, "petugas_lain": 404, "outsider": 404, "admin": 404,
              "pimpinan": 403}  # fmt: skip

FOLLOWUP_POST = {
    "round_months": 6,
    "measured_on": "2021-06-01",
    "omzet": 9_000_000,
    "aset": 60_000_000,
    "tenaga_kerja": 3,
}
VISIT_POST = {"pendamping": "Sri", "visited_on": "2021-06-01", "topics": "Pembukuan"}

# For one alumnus: their district's officer and the balai staff; the other district and
# another balai's staff do not see it (404); the head sees it but does not enter data (403).
ALUMNUS = {"petugas_lain": 404, "outsider": 404, "pimpinan": 403}
ALUMNUS_POST = {**ALUMNUS, "staf": 302, "petugas": 302, "admin": 302}

ONE_BALAI_FIRST = {"admin": 302}

CASES = [
    # Admin sees every balai: the report page asks which one; one report's files go back to it.
    Case("outcomes:impact_report", expected={}),
    Case("outcomes:impact_export", expected=ONE_BALAI_FIRST),
    Case("outcomes:impact_print", expected=ONE_BALAI_FIRST),
    Case("outcomes:impact_summary", expected=ONE_BALAI_FIRST),
    Case("outcomes:followup_due", expected=only(*RECORDERS)),
    Case("outcomes:followup_upload", expected=only(*RECORDERS)),
    Case(
        "outcomes:followup_template",
        expected={"pimpinan": 403, "outsider": 404},
        make=ntb_program_round,
    ),
    Case(
        "outcomes:followup_upload",
        expected=only(*RECORDERS),
        method="post",
        data={},
        label="without a file",
    ),
    Case("outcomes:followup_upload_preview", expected=OWN_UPLOAD, make=staff_round_upload),
    Case("outcomes:followup_upload_errors", expected=OWN_UPLOAD, make=staff_round_upload),
    Case(
        "outcomes:followup_upload_confirm",
        expected=OWN_UPLOAD,
        default=302,
        make=staff_round_upload,
        method="post",
    ),
    *form_page(
        "outcomes:followup_create",
        shown=ALUMNUS,
        sent=ALUMNUS_POST,
        make=mataram_alumnus,
        data=FOLLOWUP_POST,
    ),
    *form_page(
        "outcomes:visit_create",
        shown=ALUMNUS,
        sent=ALUMNUS_POST,
        make=mataram_alumnus,
        data=VISIT_POST,
    ),
]


def mataram_due_alumnus(cast) -> dict:
    """A Kota Mataram alumnus whose +6 month round is due (the self-report link can be made)."""
    nomination = CompletedNominationFactory(
        program__balai=cast["staf"].balai, angkatan__start_date=dt.date(2021, 1, 4)
    )
    return {"pk": nomination.pk, "round_months": 6}


def _self_report(cast, **fields) -> SelfReport:
    return SelfReport.objects.create(
        nomination_id=mataram_due_alumnus(cast)["pk"], round_months=6,
        token=secrets.token_urlsafe(32), expires_at=timezone.now() + dt.timedelta(days=30),
        **fields,
    )  # fmt: skip


def mataram_self_report(cast) -> dict:
    """A reply sent through a personal link, waiting for confirmation."""
    reply = {"omzet": 9_000_000, "aset": 60_000_000, "tenaga_kerja": 3}
    return {"pk": _self_report(cast, submitted_at=timezone.now(), **reply).pk}


def open_link(cast) -> dict:
    return {"token": _self_report(cast).token}


CASES += [
    *form_page(
        "outcomes:selfreport_link", shown=ALUMNUS, sent=ALUMNUS_POST, make=mataram_due_alumnus
    ),
    *form_page(
        "outcomes:selfreport_review",
        shown=ALUMNUS,
        sent=ALUMNUS_POST,
        make=mataram_self_report,
        data={"omzet": "9.000.000", "aset": "60.000.000", "tenaga_kerja": 3},
    ),
    # Public: anyone holding the link, with or without an account, sees the same form.
    Case("outcomes:selfreport_form", expected={}, make=open_link, anonymous=200),
]
