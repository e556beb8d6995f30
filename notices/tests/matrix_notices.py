"""The notices' rows of the permission matrix, and "Ekspor saya"."""

from balatkop.tests.matrix import Case, only
from notices.models import Notice, NoticeKind


def staf_notice(cast) -> dict:
    notice = Notice.objects.create(
        recipient=cast["staf"], kind=NoticeKind.EXPORT_FINISHED, text="Siap.", url="/"
    )
    return {"pk": notice.pk}


CASES = [
    # Everyone has their own notices and settings; a notice is its recipient's alone.
    Case("notices:list", expected={}),
    Case("notices:open", expected=only("staf", status=302, others=404), make=staf_notice),
    Case("notices:read_all", method="post", expected={}, default=302),
    Case("notices:settings", expected={}),
    Case("notices:settings", method="post", data={"email": "on"}, expected={}, default=302),
    # "Ekspor saya" lists only one's own jobs; every role may ask for a report.
    Case("outcomes:export_job_list", expected={}),
]
