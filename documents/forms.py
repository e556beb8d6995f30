"""Forms of the documents app: the shape of input; services check the rules."""

from __future__ import annotations

from django import forms

from balatkop.fields import RupiahField

from .models import AngkatanDocuments
from .services import Fee

MAX_RUPIAH = 100_000_000  # per day, person or hour: anything above is a typing slip
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class AngkatanDocumentsForm(forms.ModelForm):
    """Letter details, amounts, and one hours + rate pair per instructor of the angkatan."""

    uang_saku_per_day = RupiahField(label="Uang saku per hari hadir (Rp)", max_value=MAX_RUPIAH)
    transport_per_person = RupiahField(label="Uang transport per orang (Rp)", max_value=MAX_RUPIAH)

    class Meta:
        model = AngkatanDocuments
        fields = [
            "letter_number",
            "letter_date",
            "schedule",
            "bring",
            "contact_name",
            "contact_phone",
            "lesson_hours_per_day",
            "uang_saku_per_day",
            "transport_per_person",
        ]
        widgets = {
            "letter_date": DATE_WIDGET,
            "schedule": forms.Textarea(attrs={"rows": 3}),
            "bring": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, fees: list[Fee], **kwargs):
        super().__init__(*args, **kwargs)
        self.fees = fees
        for fee in fees:
            pk = fee.instruktur.pk
            self.fields[f"jam_{pk}"] = forms.IntegerField(
                label=f"Jam mengajar {fee.instruktur.name}",
                min_value=0,
                max_value=500,
                initial=fee.hours,
            )
            self.fields[f"honor_{pk}"] = RupiahField(
                label=f"Honor per jam {fee.instruktur.name} (Rp)",
                initial=fee.rate,
                max_value=MAX_RUPIAH,
            )

    def fee_values(self) -> dict[int, tuple[int, int]]:
        return {
            fee.instruktur.pk: (
                self.cleaned_data[f"jam_{fee.instruktur.pk}"],
                self.cleaned_data[f"honor_{fee.instruktur.pk}"],
            )
            for fee in self.fees
        }

    def setting_values(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label="Alasan membuka kembali",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
