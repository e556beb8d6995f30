"""Form fields for Indonesian input, read by the one cell reader (``balatkop.cells``)."""

from django import forms

from balatkop import cells


class _CellNumberField(forms.IntegerField):
    """A whole number typed as people write it, bounded so no input reaches the database raw."""

    widget = forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"})
    unit = ""

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 0)
        super().__init__(**kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            minimum = -cells.MAX_WHOLE if self.min_value is None else self.min_value
            return cells.whole(value, unit=self.unit, minimum=minimum)
        except cells.CellError as error:
            raise forms.ValidationError(error.message, code="invalid") from error


class RupiahField(_CellNumberField):
    """Whole Rupiah, typed as people write it: 5000000, 5.000.000 or Rp 5.000.000."""

    unit = "rupiah"

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", "Rupiah bulat, misalnya 5.000.000.")
        super().__init__(**kwargs)


class PeopleField(_CellNumberField):
    """A whole number of people (tenaga kerja), at most 10^6."""

    unit = "people"
