"""The core app's rows of the permission matrix."""

from balatkop.tests.matrix import Case

CASES = [
    Case("home", expected={}),
    Case("password_change", expected={}),
    Case("password_change_done", expected={}),
]
