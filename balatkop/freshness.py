"""Pages that are costly to build at national size are cached, and never shown stale.

A cached fragment is stored under a key holding the **data version**: a number that moves on
after every committed transaction that wrote to a domain table. Writes are noticed where they
happen, on the database connection (an ``execute_wrapper``), so the ORM, the bulk helpers and
raw SQL all count and no service has to remember to invalidate anything. COPY bypasses the
wrapper, so ``balatkop.bulk`` calls :func:`data_changed` itself.

The key also holds everything else the fragment depends on: the page, its query string and the
viewer's scope (role, balai, district: what rows they see, whether NIK is masked, which links
they get). A request whose own transaction has written and not yet committed builds afresh.
Entries live in Django's cache (per process by default); an entry of an old version is simply
never asked for again and ages out.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from typing import Any

from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

FRAGMENT_SECONDS = 15 * 60
_MISSING = object()

WRITE = re.compile(r'\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)', re.IGNORECASE)
DOMAIN_TABLES = (
    "programs_",
    "participants_",
    "outcomes_",
    "evaluations_",  # scores and questionnaire responses feed the evaluation recaps and sheet
    "balatkop_balai",
    "balatkop_kabupatenkota",
)
# notices_* (issue 20: notices, e-mail settings, home last seen) is personal, not domain data:
# it is left out of DOMAIN_TABLES on purpose, so telling people never empties the caches.
# Written often without changing what any page shows: export progress, the version itself.
NOT_DOMAIN_DATA = {"outcomes_exportjob", "balatkop_dataversion"}


def is_domain_write(sql: str) -> bool:
    match = WRITE.match(sql)
    if match is None:
        return False
    table = match[1].lower()
    return table.startswith(DOMAIN_TABLES) and table not in NOT_DOMAIN_DATA


class _BumpOnCommit:
    """The on-commit callback of one connection; one per transaction however many writes."""

    def __init__(self, alias: str):
        self.alias = alias

    def __call__(self) -> None:
        from django.db.models import F

        from balatkop.models import DataVersion

        try:
            moved = (
                DataVersion.objects.using(self.alias).filter(pk=1).update(number=F("number") + 1)
            )
            if not moved:
                DataVersion.objects.using(self.alias).get_or_create(pk=1)
        except DatabaseError:
            # Before the migration that creates the table (migrate itself writes data).
            pass


def _has_uncommitted_writes(connection) -> bool:
    return any(isinstance(callback, _BumpOnCommit) for _, callback, _ in connection.run_on_commit)


def data_changed(connection) -> None:
    """Move the data version on when ``connection``'s transaction commits (now, in autocommit)."""
    if not connection.in_atomic_block and not connection.get_autocommit():
        return  # manual transaction management: not used by Balatkop
    if connection.in_atomic_block and _has_uncommitted_writes(connection):
        return
    connection.on_commit(_BumpOnCommit(connection.alias))


def _watch_writes(execute, sql, params, many, context):
    result = execute(sql, params, many, context)
    if is_domain_write(sql):
        data_changed(context["connection"])
    return result


def watch_connection(sender, connection, **kwargs) -> None:
    """``connection_created`` receiver: every connection reports its writes."""
    if _watch_writes not in connection.execute_wrappers:
        connection.execute_wrappers.append(_watch_writes)


def data_version(using: str = DEFAULT_DB_ALIAS) -> int | None:
    """The committed data version; None when it cannot be trusted for this request."""
    connection = connections[using]
    if _has_uncommitted_writes(connection):
        return None
    with connection.cursor() as cursor:  # on every cached page: no ORM machinery needed
        cursor.execute("SELECT number FROM balatkop_dataversion WHERE id = 1")
        row = cursor.fetchone()
    return row[0] if row else None


def _version_for(request) -> int | None:
    """The data version, read once per GET however many fragments the page caches."""
    if request.method not in ("GET", "HEAD"):
        return data_version()  # a request that writes may commit in between
    if _has_uncommitted_writes(connections[DEFAULT_DB_ALIAS]):
        return None
    if not hasattr(request, "_data_version"):
        request._data_version = data_version()
    return request._data_version


def viewer_scope(user) -> str:
    """What of the viewer a page may depend on: role, balai, district (not who they are)."""
    return f"{user.role}:{int(user.is_superuser)}:{user.balai_id}:{user.kabupaten_kota_id}"


def fragment_key(request, name: str, version: int, *, per_query: bool = True) -> str:
    """Data version, viewer scope, the balai's date (what is open today) and the query string."""
    page = (request.path, sorted(request.GET.lists())) if per_query else ()
    digest = hashlib.sha256(repr(page).encode()).hexdigest()[:32]
    today = timezone.localdate().isoformat()
    return f"fragment:{name}:{version}:{viewer_scope(request.user)}:{today}:{digest}"


def cached(request, name: str, build: Callable[[], Any], *, per_query: bool = True) -> Any:
    """What ``build()`` returns, from the cache while the data have not changed.

    ``build`` must depend only on the data, ``request.GET`` (not even that if ``per_query`` is
    false: one entry for every page and filter), the viewer's scope and the date, and return
    something picklable. HTML with a CSRF token in it is personal: never stored.
    """
    version = _version_for(request)
    if version is None:
        return build()
    key = fragment_key(request, name, version, per_query=per_query)
    value = cache.get(key, _MISSING)
    if value is _MISSING:
        value = build()
        if not (isinstance(value, str) and "csrfmiddlewaretoken" in value):
            cache.set(key, value, FRAGMENT_SECONDS)
    return value


def cached_fragment(request, name: str, build: Callable[[], str]) -> SafeString:
    """Rendered HTML from :func:`cached`, safe to put in a template as it is."""
    return mark_safe(cached(request, name, build))  # noqa: S308 -- rendered template output
