"""Access rules in one place: which rows a user may see, and what a user may do.

Every scoped queryset's ``for_user`` calls :func:`scope_filter`; every view asks the
capability functions below instead of testing ``user.role`` itself.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import models

from balatkop.models import Role


def sees_everything(user) -> bool:
    """The admin: every balai, every district."""
    return bool(user.is_superuser or getattr(user, "role", None) == Role.ADMIN)


def is_district_officer(user) -> bool:
    """Works for one kabupaten/kota: its own nominees, its own district's rows."""
    return getattr(user, "role", None) == Role.PETUGAS_KABKOTA and not sees_everything(user)


def is_balai_staff(user) -> bool:
    return getattr(user, "role", None) == Role.STAF_BALAI and not sees_everything(user)


def is_head(user) -> bool:
    """Pimpinan: reads everything of the balai, changes nothing."""
    return getattr(user, "role", None) == Role.PIMPINAN and not sees_everything(user)


def role_needs_balai(role: str) -> bool:
    """Every role but the admin works for one balai."""
    return role != Role.ADMIN


def role_works_for_a_district(role: str) -> bool:
    """Only district officers are tied to one kabupaten/kota."""
    return role == Role.PETUGAS_KABKOTA


def role_runs_the_admin_site(role: str) -> bool:
    """The admin role is Django's staff and superuser (the admin site); no other role is."""
    return role == Role.ADMIN


def district_officers(*, balai_id, kabupaten_kota_id) -> models.Q:
    """The users who hear about one district's nominees: its officers in that balai."""
    return models.Q(
        role=Role.PETUGAS_KABKOTA, balai_id=balai_id, kabupaten_kota_id=kabupaten_kota_id
    )


def template_flags(user) -> dict[str, bool]:
    """The role facts templates may branch on (given to every template by a context processor)."""
    return {
        "is_district_officer": is_district_officer(user),
        "sees_every_balai": sees_everything(user),
    }


def scope_filter(user, *, balai: str, kabupaten_kota: str | None = None) -> models.Q:
    """The Q that limits rows to the user's balai and, for district officers, their district.

    ``balai`` and ``kabupaten_kota`` are lookup paths from the model to ``Balai`` and
    ``KabupatenKota``. A model with no district path is invisible to district officers
    unless its own ``for_user`` says otherwise.
    """
    if not user.is_authenticated:
        return models.Q(pk__in=[])
    if sees_everything(user):
        return models.Q()
    if user.balai_id is None:
        return models.Q(pk__in=[])
    q = models.Q(**{balai: user.balai_id})
    if is_district_officer(user):
        if kabupaten_kota is None:
            return models.Q(pk__in=[])
        q &= models.Q(**{kabupaten_kota: user.kabupaten_kota_id})
    return q


class ScopedQuerySet(models.QuerySet):
    """A queryset with ``for_user``; subclasses name the lookup paths to balai and district."""

    balai_path: str = "balai"
    kabupaten_kota_path: str | None = None
    # The user whose scope for_user() applied, carried along: a table keyed the same way (the
    # impact fact rows) applies that scope itself instead of joining back to this one.
    scoped_for = None

    def for_user(self, user):
        scoped = self.filter(
            scope_filter(user, balai=self.balai_path, kabupaten_kota=self.kabupaten_kota_path)
        )
        scoped.scoped_for = user
        return scoped

    def _clone(self):
        clone = super()._clone()
        clone.scoped_for = self.scoped_for
        return clone


# --- Capabilities -------------------------------------------------------------------------


def can_manage_programs(user) -> bool:
    """Create and change programmes, quotas, angkatan and instructors."""
    return sees_everything(user) or user.role == Role.STAF_BALAI


def can_add_bidang(user) -> bool:
    """Add to the bidang list every balai shares: staff planning programmes (names are unique
    regardless of case, so a second spelling cannot be added); renaming is the admin's."""
    return can_manage_programs(user)


def can_nominate(user) -> bool:
    """Propose participants (district officers for their district; staff on a district's behalf)."""
    return sees_everything(user) or user.role in {Role.PETUGAS_KABKOTA, Role.STAF_BALAI}


def can_select(user) -> bool:
    """Accept, reject, place, take attendance and record completion."""
    return sees_everything(user) or user.role == Role.STAF_BALAI


def can_view_selection(user) -> bool:
    """Open the screening, placement, attendance and completion pages (heads: read-only)."""
    return sees_everything(user) or user.role in {Role.STAF_BALAI, Role.PIMPINAN}


def can_see_nik(user) -> bool:
    """See NIK unmasked: those who enter and check identities (staff, district officers)."""
    return sees_everything(user) or user.role in {Role.STAF_BALAI, Role.PETUGAS_KABKOTA}


def can_record_followup(user) -> bool:
    """Enter follow-up measurements and mentoring visits (officers: their own alumni only)."""
    return sees_everything(user) or user.role in {Role.STAF_BALAI, Role.PETUGAS_KABKOTA}


def can_download_reports(user) -> bool:
    """View and download impact reports (district officers: limited to their district)."""
    return user.is_authenticated and (
        sees_everything(user) or user.role in {Role.PIMPINAN, Role.STAF_BALAI, Role.PETUGAS_KABKOTA}
    )


def can_import_history(user) -> bool:
    """Bring in past years from the historical spreadsheet."""
    return sees_everything(user) or user.role == Role.STAF_BALAI


def can_view_history(user) -> bool:
    """See the audit trail (who changed what, when)."""
    return sees_everything(user) or user.role in {Role.STAF_BALAI, Role.PIMPINAN}


def can_view_evaluations(user) -> bool:
    """See pre/post-test scores and the questionnaire recaps (never district officers: the
    responses are anonymous to them and to instructors, who have no account)."""
    return sees_everything(user) or user.role in {Role.STAF_BALAI, Role.PIMPINAN}


def can_record_evaluations(user) -> bool:
    """Enter scores and paper questionnaires, adjust the questionnaire, send the links."""
    return sees_everything(user) or user.role == Role.STAF_BALAI


def can_edit_balai_settings(user) -> bool:
    """Change one's own balai's letterhead and signatory (name, logo, signatory, signature)."""
    return user.is_authenticated and user.role == Role.STAF_BALAI and user.balai_id is not None


def can_print_angkatan_documents(user) -> bool:
    """Download an angkatan's certificates, lists, receipts and activity report."""
    return sees_everything(user) or user.role in {Role.STAF_BALAI, Role.PIMPINAN}


def can_manage_angkatan_documents(user) -> bool:
    """Set letter details, payment amounts and instructors' hours; close and reopen angkatan."""
    return sees_everything(user) or user.role == Role.STAF_BALAI


def require(allowed: bool) -> None:
    """Raise 403 unless the capability holds; call as ``require(can_select(request.user))``."""
    if not allowed:
        raise PermissionDenied("Anda tidak berwenang melakukan tindakan ini.")


def mask_nik(nik: str, user=None) -> str:
    """``5271********0001`` unless the user may see NIK in full."""
    if user is not None and can_see_nik(user):
        return nik
    if not nik or len(nik) < 8:
        return "*" * len(nik or "")
    return nik[:4] + "*" * (len(nik) - 8) + nik[-4:]
