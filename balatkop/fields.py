"""Form fields for Indonesian input."""

from django import forms


class RupiahField(forms.IntegerField):
    """Whole Rupiah, typed as people write it: 5000000, 5.000.000 or Rp 5.000.000."""

    widget = forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"})
    default_error_messages = {
        "invalid": "Tulis rupiah bulat tanpa sen, misalnya 5.000.000.",
        "min_value": "Tidak boleh negatif.",
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("help_text", "Rupiah bulat, misalnya 5.000.000.")
        super().__init__(**kwargs)

    def to_python(self, value):
        if isinstance(value, str):
            text = value.strip()
            if text[:2].lower() == "rp":
                text = text[2:]
            # Dots and spaces group thousands; a comma would be sen, which we do not take.
            value = text.replace(".", "").replace(" ", "").replace("\u00a0", "")
        return super().to_python(value)
