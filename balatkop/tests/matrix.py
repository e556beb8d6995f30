"""The role × URL permission matrix: every page of the product declares who gets what.

Each app lists its pages in ``<app>/tests/matrix.py`` as ``CASES = [Case(...), ...]``.
``test_permission_matrix`` walks them all for every role, and fails when a URL pattern of
the project is missing from the matrix, so every new page joins it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

ROLES = ["staf", "petugas", "petugas_lain", "pimpinan", "outsider", "admin"]


@dataclass
class Case:
    """One URL and the status each role gets.

    ``make(cast)`` builds the objects the URL needs (``cast`` is the conftest cast: a dict of
    users by role name) and returns the URL kwargs. ``expected`` maps role → status code;
    roles left out expect ``default``. POST cases send ``data`` (a dict, or a callable of the
    kwargs) and usually expect 302 (done) or 403/404. ``anonymous`` is None for every page
    behind the login (anonymous visitors are sent to it); a public token page names the
    status an anonymous visitor gets instead (200 with a valid token, 404 without).
    """

    url_name: str
    expected: dict[str, int]
    make: Callable[[dict], dict] = lambda cast: {}
    default: int = 200
    method: str = "get"
    data: dict | Callable[[dict], dict] | None = None
    query: str = ""
    label: str = ""
    anonymous: int | None = None
    # Text no role but admin may read in the response (a name from outside the viewer's scope).
    absent: str = ""

    def status_for(self, role: str) -> int:
        return self.expected.get(role, self.default)

    @property
    def id(self) -> str:
        return f"{self.method.upper()} {self.url_name}{' ' + self.label if self.label else ''}"


def only(*roles: str, status: int = 200, others: int = 403) -> dict[str, int]:
    """Expected statuses where the named roles get ``status`` and everyone else ``others``."""
    return {role: (status if role in roles else others) for role in ROLES}


# URL names that are outside the matrix on purpose (public or Django's own).
# "health" answers "ok" to anyone (load balancers, the benchmark): nothing to protect.
EXEMPT_URL_NAMES = {"login", "logout", "health"}
EXEMPT_NAMESPACES = {"admin"}


# A balai's angkatan and selection pages: its staff, its head and admin read them; district
# officers are turned away (403); another balai's staff do not find them (404, the default).
READERS = {"staf": 200, "pimpinan": 200, "admin": 200, "petugas": 403, "petugas_lain": 403}
# Acting on them is its staff's (and admin's): done (302); the head and officers 403.
ACTORS = {"staf": 302, "admin": 302, "pimpinan": 403, "petugas": 403, "petugas_lain": 403}


def staff_page(url_name: str, make: Callable[[dict], dict], *, expected=READERS, **fields) -> Case:
    """A page of one balai's angkatan or programme that READERS (or ``expected``) see."""
    return Case(url_name, expected=expected, default=404, make=make, **fields)


def staff_action(
    url_name: str, make: Callable[[dict], dict], data=None, *, expected=ACTORS, **fields
) -> Case:
    """A POST on one balai's angkatan or programme that only ACTORS may send."""
    return Case(
        url_name, expected=expected, default=404, make=make, method="post", data=data, **fields
    )


def form_page(url_name: str, *, shown: dict[str, int], sent: dict[str, int], data=None, **fields):
    """A form's two rows: who is shown it (GET) and what sending ``data`` gives each (POST)."""
    return [
        Case(url_name, expected=shown, **fields),
        Case(url_name, expected=sent, method="post", data=data, **fields),
    ]
