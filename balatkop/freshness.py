"""Pages that are costly to build at national size are cached, and never shown stale.

A cached fragment is stored under a key holding the **data version** of what it shows: the sum
of the version numbers of the kinds of data it declares (``depends``) in the viewer's balai and
installation-wide. A version number moves on after every committed transaction that wrote to
that kind of data in that balai, so a write moves only the versions of what it can change: an
attendance click in one balai rebuilds neither that balai's impact report nor any page of
another balai. Writes are noticed where they happen, on the database connection (an
``execute_wrapper``), so the ORM, the bulk helpers and raw SQL all count and no service has to
remember to invalidate anything. COPY bypasses the wrapper, so ``balatkop.bulk`` calls
:func:`data_changed` itself.

Which balai a write belongs to: the balai of the signed-in user whose request made it, when that
user is limited to one balai (``balatkop.access.scope_filter`` lets them write nothing else);
anything else (an administrator, a public token page, a command, the task worker) moves the
installation-wide version, which every balai's pages include. Tables shared by every balai
(people, regions) move the installation-wide version whoever writes them, except a new row,
which no other balai can show before it writes a row of its own pointing at it.

Which kind of data a table holds: :data:`TABLE_KINDS`. A table not named there (a new app's)
counts as every kind (:data:`ALL`): never stale, only rebuilt more often than needed. A new app
whose tables are written often names them there.

The key also holds everything else the fragment depends on: the page, its query string and the
viewer's scope (role, balai, district: what rows they see, whether NIK is masked, which links
they get). A request whose own transaction has written and not yet committed builds afresh.
Entries live in Django's cache (per process by default, Redis with ``CACHE_URL``); an entry of
an old version is simply never asked for again and ages out.
"""

from __future__ import annotations

import contextlib
import contextvars
import hashlib
import logging
import re
from collections.abc import Callable, Iterable
from typing import Any

from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from redis.exceptions import RedisError

from balatkop.access import sees_everything

logger = logging.getLogger(__name__)
FRAGMENT_SECONDS = 15 * 60
_MISSING = object()
EVERY_BALAI = 0  # the balai column of an installation-wide version

# Kinds of data. A cached page names the kinds it shows; ALL is part of every page.
PROGRAMS = "programs"  # programmes, quotas, angkatan, instructors, fields
NOMINATIONS = "nominations"  # nominations and their status, uploads, certificate numbers
PEOPLE = "people"  # participants and their businesses (shared by every balai)
ATTENDANCE = "attendance"
FOLLOWUPS = "followups"  # follow-ups, mentoring visits, historical imports
EVALUATIONS = "evaluations"  # scores and questionnaire responses (recaps, evaluation sheet)
ALL = "all"  # regions, the balai itself, and every table not named below
KINDS = frozenset({PROGRAMS, NOMINATIONS, PEOPLE, ATTENDANCE, FOLLOWUPS, EVALUATIONS})

# Table (or table-name prefix ending in "_") → kind; the longest match wins. Shared tables
# are in SHARED_TABLES. New apps: add your tables here when they are written often; until then
# they count as ALL, which is safe.
TABLE_KINDS = {
    "programs_": PROGRAMS,
    "participants_": NOMINATIONS,
    "participants_participant": PEOPLE,
    "participants_historicalparticipant": PEOPLE,
    "participants_business": PEOPLE,
    "participants_historicalbusiness": PEOPLE,
    "participants_attendance": ATTENDANCE,
    "participants_historicalattendance": ATTENDANCE,
    "outcomes_": FOLLOWUPS,
    "evaluations_": EVALUATIONS,
    "documents_": PROGRAMS,  # per-angkatan letter details, amounts, fees; certificate codes
}
SHARED_TABLES = {
    "participants_participant",
    "participants_business",
    "balatkop_kabupatenkota",
    "balatkop_provinsi",
}
# Written often without changing what any page shows: logins, sessions, lockouts, export
# progress, the task queue, the versions themselves. notices_* (notices, e-mail
# settings, home last seen) is personal, not domain data, so telling people never empties the
# caches.
NOT_DOMAIN_DATA = (
    "notices_",
    "django_",
    "auth_",
    "axes_",
    "balatkop_user",
    "balatkop_historicaluser",
    "balatkop_dataversion",
    "outcomes_exportjob",
)

WRITE = re.compile(r'\s*(INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)', re.IGNORECASE)

_writer_balai: contextvars.ContextVar[int] = contextvars.ContextVar(
    "freshness_writer_balai", default=EVERY_BALAI
)


def kind_of(table: str) -> str | None:
    """The kind of data ``table`` holds; None when it is not domain data at all."""
    table = table.lower()
    if table.startswith(NOT_DOMAIN_DATA):
        return None
    best = ""
    for name in TABLE_KINDS:
        if (table == name or (name.endswith("_") and table.startswith(name))) and len(name) > len(
            best
        ):
            best = name
    return TABLE_KINDS[best] if best else ALL


def _written_table(sql: str) -> tuple[str, bool] | None:
    """The table a statement writes and whether it only inserts; None for a read."""
    match = WRITE.match(sql)
    if match is None:
        return None
    return match[2], match[1][:6].upper() == "INSERT"


def written_scope(sql: str) -> tuple[int, str] | None:
    """(balai, kind) whose version a statement moves; None when it moves nothing."""
    written = _written_table(sql)
    return None if written is None else _scope_of_table(written[0], inserting=written[1])


def _scope_of_table(table: str, *, inserting: bool) -> tuple[int, str] | None:
    kind = kind_of(table)
    if kind is None:
        return None
    shared = table.lower() in SHARED_TABLES and not inserting
    return (EVERY_BALAI if shared else _writer_balai.get(), kind)


def is_domain_write(sql: str) -> bool:
    return written_scope(sql) is not None


def writer_balai(user) -> int:
    """The balai a user's writes belong to; EVERY_BALAI when they may write more than one."""
    if user is None or not user.is_authenticated or sees_everything(user):
        return EVERY_BALAI
    return user.balai_id or EVERY_BALAI


@contextlib.contextmanager
def writes_for(balai_id: int | None):
    """Writes made inside belong to this balai (None: to every balai). Only for code that can
    write nothing of another balai: a request of a user limited to one, a generator."""
    token = _writer_balai.set(balai_id or EVERY_BALAI)
    try:
        yield
    finally:
        _writer_balai.reset(token)


class WriterBalaiMiddleware:
    """Writes made while handling a request belong to the balai of the user who made it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with writes_for(writer_balai(getattr(request, "user", None))):
            return self.get_response(request)


def bump(scopes: Iterable[tuple[int, str]], using: str = DEFAULT_DB_ALIAS) -> None:
    """Move the versions of these (balai, kind) on, now: one statement, no transaction of its
    own, so it is safe even inside the execute wrapper while the write's cursor is open."""
    rows = sorted({(f"{balai}:{kind}", balai, kind) for balai, kind in scopes})
    if not rows:
        return
    values = ", ".join(["(%s, %s, %s, 1)"] * len(rows))
    try:
        with connections[using].cursor() as cursor:
            cursor.execute(
                "INSERT INTO balatkop_dataversion (scope, balai_id, kind, number) "  # noqa: S608
                f"VALUES {values} ON CONFLICT (scope) "
                "DO UPDATE SET number = balatkop_dataversion.number + 1",
                [value for row in rows for value in row],
            )
    except DatabaseError:
        # Before the migration that creates the table (migrate itself writes data).
        pass


class _BumpOnCommit:
    """The on-commit callback of one transaction: the scopes it wrote, moved on once."""

    def __init__(self, alias: str):
        self.alias = alias
        self.scopes: set[tuple[int, str]] = set()

    def __call__(self) -> None:
        bump(self.scopes, using=self.alias)


def _pending(connection) -> _BumpOnCommit | None:
    for _, callback, _ in connection.run_on_commit:
        if isinstance(callback, _BumpOnCommit):
            return callback
    return None


def data_changed(connection, table: str | None = None, *, inserting: bool = False) -> None:
    """Move the version of what ``table`` holds (everything if None) on when ``connection``'s
    transaction commits (now, in autocommit)."""
    scope = (
        (_writer_balai.get(), ALL) if table is None else _scope_of_table(table, inserting=inserting)
    )
    if scope is None:
        return
    if not connection.in_atomic_block:
        if connection.get_autocommit():
            bump([scope], using=connection.alias)
        return  # else: manual transaction management, not used by Balatkop
    callback = _pending(connection)
    if callback is None:
        callback = _BumpOnCommit(connection.alias)
        connection.on_commit(callback)
    callback.scopes.add(scope)


def _watch_writes(execute, sql, params, many, context):
    result = execute(sql, params, many, context)
    written = _written_table(sql)
    if written is not None:
        data_changed(context["connection"], written[0], inserting=written[1])
    return result


def watch_connection(sender, connection, **kwargs) -> None:
    """``connection_created`` receiver: every connection reports its writes."""
    if _watch_writes not in connection.execute_wrappers:
        connection.execute_wrappers.append(_watch_writes)


def data_version(
    *, kinds: Iterable[str] | None = None, balai: int | None = None, using: str = DEFAULT_DB_ALIAS
) -> int | None:
    """The committed version of these kinds (all if None) as seen from ``balai`` (its own and
    the installation-wide versions; every balai's if None); None when it cannot be trusted for
    this request. Versions only grow, so their sum moves whenever one of them does."""
    connection = connections[using]
    if _pending(connection) is not None:
        return None
    conditions, params = [], []
    if kinds is not None:
        wanted = sorted({*kinds, ALL})
        conditions.append(f"kind IN ({', '.join(['%s'] * len(wanted))})")
        params += wanted
    if balai is not None:
        conditions.append("balai_id IN (%s, %s)")
        params += [EVERY_BALAI, balai]  # (the table is tiny: a few rows per balai)
    where = f" WHERE {' AND '.join(conditions)}" if conditions else ""
    with connection.cursor() as cursor:  # on every cached page: no ORM machinery needed
        cursor.execute(f"SELECT SUM(number) FROM balatkop_dataversion{where}", params)  # noqa: S608
        row = cursor.fetchone()
    return row[0] or 0


def _version_for(request, kinds: tuple[str, ...]) -> int | None:
    """The data version of ``kinds`` for this viewer, read once per GET and set of kinds."""
    user = request.user
    balai = None if sees_everything(user) else (user.balai_id or EVERY_BALAI)
    if request.method not in ("GET", "HEAD"):
        return data_version(kinds=kinds, balai=balai)  # a request that writes may commit
    if _pending(connections[DEFAULT_DB_ALIAS]) is not None:
        return None
    read = request.__dict__.setdefault("_data_versions", {})
    if kinds not in read:
        read[kinds] = data_version(kinds=kinds, balai=balai)
    return read[kinds]


def viewer_scope(user) -> str:
    """What of the viewer a page may depend on: role, balai, district (not who they are)."""
    return f"{user.role}:{int(user.is_superuser)}:{user.balai_id}:{user.kabupaten_kota_id}"


def fragment_key(request, name: str, version: int, *, per_query: bool = True) -> str:
    """Data version, viewer scope, the balai's date (what is open today) and the query string."""
    page = (request.path, sorted(request.GET.lists())) if per_query else ()
    digest = hashlib.sha256(repr(page).encode()).hexdigest()[:32]
    today = timezone.localdate().isoformat()
    return f"fragment:{name}:{version}:{viewer_scope(request.user)}:{today}:{digest}"


def cached(
    request,
    name: str,
    build: Callable[[], Any],
    *,
    depends: Iterable[str],
    per_query: bool = True,
) -> Any:
    """What ``build()`` returns, from the cache while the data it shows have not changed.

    ``depends`` names the kinds of data (:data:`KINDS`) ``build`` reads. ``build`` must depend
    only on those data, ``request.GET`` (not even that if ``per_query`` is false: one entry for
    every page and filter), the viewer's scope and the date, and return something picklable.
    HTML with a CSRF token in it is personal: never stored.
    """
    kinds = tuple(sorted(set(depends)))
    unknown = set(kinds) - KINDS
    if unknown:
        raise ValueError(f"Unknown kinds of data: {sorted(unknown)}")
    version = _version_for(request, kinds)
    if version is None:
        return build()
    key = fragment_key(request, name, version, per_query=per_query)
    try:
        value = cache.get(key, _MISSING)
    except RedisError:  # a shared cache that is down slows pages, it does not break them
        logger.warning("Cache tidak menjawab; halaman dibangun tanpa cache.", exc_info=True)
        return build()
    if value is _MISSING:
        value = build()
        if not (isinstance(value, str) and "csrfmiddlewaretoken" in value):
            with contextlib.suppress(RedisError):
                cache.set(key, value, FRAGMENT_SECONDS)
    return value


def cached_fragment(
    request, name: str, build: Callable[[], str], *, depends: Iterable[str]
) -> SafeString:
    """Rendered HTML from :func:`cached`, safe to put in a template as it is."""
    html = cached(request, name, build, depends=depends)
    return mark_safe(html)  # noqa: S308 -- rendered template output
