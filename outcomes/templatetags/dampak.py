"""Template filters for impact figures: a percentage, or "tidak dapat dihitung" when None."""

from django import template

from balatkop import formatting
from outcomes.impact import or_not_computable

register = template.Library()


@register.filter
def pertumbuhan(value) -> str:
    """A growth: '+123,75%', or 'tidak dapat dihitung' (Σ sebelum = 0)."""
    return or_not_computable(None if value is None else formatting.signed_percent(value))


@register.filter
def rasio(value) -> str:
    """A ratio or share: '223,75%', or 'tidak dapat dihitung'."""
    return or_not_computable(None if value is None else formatting.percent(value))
