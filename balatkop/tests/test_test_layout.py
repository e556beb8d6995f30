"""The test layout follows INSTALLED_APPS: pytest collects every local app, the matrix walks it."""

from pathlib import Path

from django.apps import apps
from django.conf import settings

from balatkop.tests.test_permission_matrix import APPS


def local_apps_with_tests() -> list[str]:
    """The project's own apps (folders beside manage.py) that have a tests package."""
    return [
        config.label
        for config in apps.get_app_configs()
        if Path(config.path).parent == settings.BASE_DIR
        and (Path(config.path) / "tests" / "__init__.py").exists()
    ]


def test_there_are_local_apps_to_check():
    assert {"balatkop", "programs", "participants"} <= set(local_apps_with_tests())


def test_pytest_collects_every_local_app_with_tests(pytestconfig):
    testpaths = set(pytestconfig.getini("testpaths"))
    missing = [app for app in local_apps_with_tests() if app not in testpaths]
    assert not missing, f"Tambahkan ke testpaths di pytest.ini: {missing}"


def test_the_permission_matrix_walks_every_local_app_with_tests():
    missing = [app for app in local_apps_with_tests() if app not in APPS]
    assert not missing, f"Tambahkan ke APPS di balatkop/tests/test_permission_matrix.py: {missing}"
