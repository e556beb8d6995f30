"""Template filters for Indonesian formats; built into every template (see settings)."""

from django import template
from django.utils import timezone

from balatkop import formatting
from balatkop.access import mask_nik

register = template.Library()

register.filter("angka", formatting.number)
register.filter("rupiah", formatting.rupiah)
register.filter("rupiah_singkat", formatting.rupiah_short)
register.filter("persen", formatting.percent)
register.filter("persen_bertanda", formatting.signed_percent)
register.filter("poin", formatting.signed_points)


@register.filter
def tanggal(value):
    """A date or an aware datetime (shown in the current time zone) as '17 November 2020'.

    A missing value ("" from an absent related object, or None) is shown as '–'.
    """
    if value in (None, ""):
        return formatting.tanggal(None)
    if hasattr(value, "tzinfo") and value.tzinfo is not None:
        value = timezone.localtime(value)
    return formatting.tanggal(value)


@register.filter
def waktu(value):
    """An aware datetime as '1 Desember 2026 pukul 13.56 WITA' (the balai's time zone)."""
    return formatting.timestamp(value) if value else "–"


@register.filter
def nik_for(nik, user):
    """``{{ person.nik|nik_for:request.user }}``: masked unless the user may see NIK."""
    return mask_nik(nik, user)
