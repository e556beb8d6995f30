"""Walk every URL for every role; fail when a URL of the project is not in the matrix."""

import importlib

import pytest
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from balatkop.tests.matrix import EXEMPT_NAMESPACES, EXEMPT_URL_NAMES, ROLES

APPS = ["balatkop", "programs", "participants", "outcomes", "evaluations", "notices", "documents"]


def all_cases():
    """Collect CASES from every ``<app>/tests/matrix*.py`` (one file per area of an app)."""
    cases = []
    for app in APPS:
        for path in sorted((settings.BASE_DIR / app / "tests").glob("matrix*.py")):
            if path.stem == "matrix" and app == "balatkop":
                continue  # the framework itself
            module = importlib.import_module(f"{app}.tests.{path.stem}")
            cases.extend(module.CASES)
    return cases


def project_url_names(patterns=None, namespace=""):
    """Every named URL of the project outside Django admin, as 'namespace:name'."""
    names = set()
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace in EXEMPT_NAMESPACES:
                continue
            prefix = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            names |= project_url_names(entry.url_patterns, prefix)
        elif isinstance(entry, URLPattern) and entry.name:
            names.add(f"{namespace}{entry.name}")
    return names


CASES = all_cases()


def test_every_url_of_the_project_is_in_the_matrix():
    covered = {case.url_name for case in CASES}
    missing = project_url_names() - covered - EXEMPT_URL_NAMES
    assert not missing, f"URL tanpa baris di matriks izin: {sorted(missing)}"


def _request(client, case, kwargs):
    url = reverse(case.url_name, kwargs=kwargs) + (f"?{case.query}" if case.query else "")
    if case.method == "post":
        data = case.data(kwargs) if callable(case.data) else (case.data or {})
        return client.post(url, data)
    return client.get(url)


@pytest.mark.django_db
@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_permission_matrix(case, cast, client):
    for role in ROLES:
        kwargs = case.make(cast)
        client.force_login(cast[role], backend="balatkop.auth.ModelBackendWithBalai")
        response = _request(client, case, kwargs)
        assert response.status_code == case.status_for(role), (
            f"{role} → {case.id}: {response.status_code}, diharapkan {case.status_for(role)}"
        )
        if case.absent and role != "admin":  # the admin's scope is every balai
            assert case.absent not in response.content.decode(), f"{role} → {case.id}"
        client.logout()


@pytest.mark.django_db
@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_anonymous_is_sent_to_login(case, cast, client):
    kwargs = case.make(cast)
    response = _request(client, case, kwargs)
    if case.anonymous is not None:  # a public token page
        assert response.status_code == case.anonymous, f"anonim → {case.id}"
        return
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
