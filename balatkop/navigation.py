"""The main menu: one entry per page a role may open, in the order users work."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse

from balatkop import access


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    allowed: Callable[[object], bool] = lambda user: True


NAV_ITEMS = [
    NavItem("Beranda", "home"),
    NavItem("Program", "programs:program_list"),
    NavItem("Rekap Tahunan", "programs:year_overview", lambda u: not u.is_district_officer),
    NavItem("Usulan Peserta", "participants:nomination_list"),
    NavItem("Seleksi", "participants:selection_list", access.can_view_selection),
    NavItem("Hasil Usulan", "participants:district_outcomes"),
    NavItem("Peserta", "participants:participant_list"),
    NavItem("Monitoring", "outcomes:followup_due", access.can_record_followup),
    NavItem("Evaluasi", "evaluations:index", access.can_view_evaluations),
    NavItem("Laporan Dampak", "outcomes:impact_report", access.can_download_reports),
    NavItem("Impor Historis", "outcomes:historical_import", access.can_import_history),
]


def menu_for(user, current_path: str) -> list[dict]:
    """The entries this user may open; pages not built yet are simply left out."""
    items = []
    for item in NAV_ITEMS:
        if not item.allowed(user):
            continue
        try:
            url = reverse(item.url_name)
        except NoReverseMatch:
            continue
        active = current_path == url if url == "/" else current_path.startswith(url)
        items.append({"label": item.label, "url": url, "active": active})
    return items
