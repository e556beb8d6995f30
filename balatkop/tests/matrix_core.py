"""The core app's rows of the permission matrix."""

from balatkop.tests.matrix import Case, only

CASES = [
    Case("home", expected={}),
    Case("password_change", expected={}),
    Case("password_change_done", expected={}),
    # Only a balai's own staff change its letterhead (the page edits request.user.balai).
    Case("balai_settings", expected=only("staf", "outsider")),
    Case(
        "balai_settings",
        expected=only("staf", "outsider", status=302),
        method="post",
        data={"name": "Balai Latihan Koperasi NTB", "signatory_nip": ""},
    ),
]
