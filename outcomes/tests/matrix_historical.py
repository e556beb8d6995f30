"""The historical import's rows of the permission matrix."""

import io

from balatkop.tests.matrix import Case, only
from outcomes.historical import write_historical_book
from outcomes.models import HistoricalUpload

IMPORTERS = ("staf", "outsider", "admin")

# An NTB upload: other balai's staff and district officers do not see it (404); the head of
# NTB sees it but may not import (403).
NTB_UPLOAD = {"staf": 200, "admin": 200, "outsider": 404, "petugas": 404, "petugas_lain": 404,
              "pimpinan": 403}  # fmt: skip


def ntb_upload(cast) -> dict:
    """A pending upload of an NTB file holding one good row."""
    from outcomes.tests.test_historical import row

    buffer = io.BytesIO()
    write_historical_book(buffer, [row(1)])
    upload = HistoricalUpload.objects.create(
        balai=cast["staf"].balai,
        file_name="ntb.xlsx",
        data=buffer.getvalue(),
        uploaded_by=cast["staf"],
    )
    return {"pk": upload.pk}


CASES = [
    Case("outcomes:historical_import", expected=only(*IMPORTERS)),
    Case("outcomes:historical_template", expected=only(*IMPORTERS)),
    Case("outcomes:historical_preview", expected=NTB_UPLOAD, make=ntb_upload),
    Case("outcomes:historical_errors", expected=NTB_UPLOAD, make=ntb_upload),
    Case(
        "outcomes:historical_confirm",
        method="post",
        expected={**NTB_UPLOAD, "staf": 302, "admin": 302},
        make=ntb_upload,
    ),
]
