"""The main menu: one entry per page a role may open, in the order users work."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse

from balatkop import access


@dataclass(frozen=True)
class NavItem:
    """A menu entry; it lights on its own pages: those under its URL, or named in ``pages``.

    ``exact``: only the pages in ``pages`` (and its own), not everything under its URL.
    """

    label: str
    url_name: str
    allowed: Callable[[object], bool] = lambda user: True
    pages: tuple[str, ...] = ()
    exact: bool = False


NAV_ITEMS = [
    NavItem("Beranda", "home", exact=True),
    NavItem("Program", "programs:program_list"),
    NavItem("Rekap Tahunan", "programs:year_overview", lambda u: not access.is_district_officer(u)),
    NavItem(
        "Usulan Peserta",
        "participants:nomination_list",
        pages=(
            "participants:nomination_create",
            "participants:nomination_check",
            "participants:nomination_upload",
            "participants:nomination_import_preview",
        ),
    ),
    NavItem(
        "Seleksi",
        "participants:selection_list",
        access.can_view_selection,
        pages=(
            "participants:attendance_roster",
            "participants:completion",
            "documents:angkatan_documents",
        ),
    ),
    NavItem("Hasil Usulan", "participants:district_outcomes"),
    NavItem("Surat & Sertifikat", "documents:participant_documents"),
    NavItem(
        "Peserta",
        "participants:participant_list",
        pages=("participants:participant_detail",),
        exact=True,
    ),
    NavItem("Monitoring", "outcomes:followup_due", access.can_record_followup),
    NavItem("Evaluasi", "evaluations:index", access.can_view_evaluations),
    NavItem("Laporan Dampak", "outcomes:impact_report", access.can_download_reports),
    NavItem("Impor Historis", "outcomes:historical_import", access.can_import_history),
    NavItem("Pengaturan Balai", "balai_settings", access.can_edit_balai_settings),
]


def _claims(item: NavItem, url: str, current_path: str, view_name: str) -> int:
    """How closely the item claims the current page: 0 not at all; longer URL prefixes win."""
    if view_name == item.url_name or view_name in item.pages:
        return 10_000
    if not item.exact and current_path.startswith(url):
        return len(url)
    return 0


def menu_for(user, current_path: str, view_name: str = "") -> list[dict]:
    """The entries this user may open, the one page's entry lit; pages not built are left out."""
    items = []
    for item in NAV_ITEMS:
        if not item.allowed(user):
            continue
        try:
            url = reverse(item.url_name)
        except NoReverseMatch:
            continue
        claim = _claims(item, url, current_path, view_name)
        items.append({"label": item.label, "url": url, "active": False, "claim": claim})
    best = max(items, key=lambda entry: entry["claim"], default=None)
    if best is not None and best["claim"]:
        best["active"] = True
    return items
