"""Template filters for impact figures: a percentage, or "tidak dapat dihitung" when None."""

from django import template

from outcomes.impact import growth_text, ratio_text

register = template.Library()
register.filter("pertumbuhan", growth_text)
register.filter("rasio", ratio_text)
