"""The outcomes app's rows of the permission matrix (monitoring and the impact report)."""

from balatkop.tests.matrix import Case, only
from outcomes.tests.factories import CompletedNominationFactory
from programs.tests.factories import ProgramFactory

RECORDERS = ("staf", "petugas", "petugas_lain", "outsider", "admin")


def ntb_program_round(cast) -> dict:
    return {"program_pk": ProgramFactory(balai=cast["staf"].balai).pk, "round_months": 6}


def mataram_alumnus(cast) -> dict:
    """A lulus alumnus of Kota Mataram (the ``petugas`` district) in an NTB programme."""
    nomination = CompletedNominationFactory(program__balai=cast["staf"].balai)
    return {"pk": nomination.pk}


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
    Case("outcomes:followup_create", expected=ALUMNUS, make=mataram_alumnus),
    Case(
        "outcomes:followup_create",
        expected={**ALUMNUS, "staf": 302, "petugas": 302, "admin": 302},
        make=mataram_alumnus,
        method="post",
        data=FOLLOWUP_POST,
    ),
    Case("outcomes:visit_create", expected=ALUMNUS, make=mataram_alumnus),
    Case(
        "outcomes:visit_create",
        expected={**ALUMNUS, "staf": 302, "petugas": 302, "admin": 302},
        make=mataram_alumnus,
        method="post",
        data=VISIT_POST,
    ),
]
