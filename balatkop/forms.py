import re

from django import forms
from django.contrib.auth.forms import AuthenticationForm

from balatkop.models import Balai

MAX_IMAGE_BYTES = 1024 * 1024


def bootstrap_classes(form: forms.Form) -> None:
    """Bootstrap classes on every visible widget, for forms whose templates lay fields out by hand."""
    for bound in form.visible_fields():
        widget = bound.field.widget
        if isinstance(widget, forms.RadioSelect | forms.CheckboxInput):
            css = "form-check-input"
        elif isinstance(widget, forms.Select):
            css = "form-select"
        else:
            css = "form-control"
        widget.attrs.setdefault("class", css)


def narrowed(queryset, data: dict, lookups: dict[str, str]):
    """``queryset`` narrowed by every filter field that was filled: ``{field: ORM lookup}``."""
    for name, lookup in lookups.items():
        if data.get(name):
            queryset = queryset.filter(**{lookup: data[name]})
    return queryset


def any_of(label: str, field_class=forms.ModelChoiceField) -> forms.ModelChoiceField:
    """An optional filter choice, "Semua" when empty; the form sets its scoped queryset."""
    return field_class(label=label, queryset=None, required=False, empty_label="Semua")


class BootstrapForm(forms.Form):
    """A form with :func:`bootstrap_classes` on its widgets."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bootstrap_classes(self)


class LoginForm(AuthenticationForm):
    """The login form with Indonesian labels and browser autocomplete hints."""

    username = forms.CharField(
        label="Nama pengguna",
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )
    password = forms.CharField(
        label="Kata sandi",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    error_messages = {
        "invalid_login": "Nama pengguna atau kata sandi salah. Periksa lalu coba lagi.",
        "inactive": "Akun ini tidak aktif. Hubungi admin.",
    }


class BalaiSettingsForm(forms.ModelForm):
    """The balai's letterhead and signatory, as every report and document prints them."""

    class Meta:
        model = Balai
        fields = [
            "name",
            "address",
            "logo",
            "signatory_place",
            "signatory_title",
            "signatory_name",
            "signatory_nip",
            "signatory_signature",
        ]
        labels = {"name": "Nama lengkap balai"}
        help_texts = {
            "name": "Seperti di kop surat, mis. Balai Latihan Koperasi dan UKM Provinsi NTB.",
            "signatory_nip": "18 angka; boleh dengan spasi.",
            "logo": "PNG atau JPG, paling besar 1 MB.",
            "signatory_signature": "Pindaian tanda tangan (PNG latar transparan), paling besar 1 MB.",
        }
        widgets = {"address": forms.Textarea(attrs={"rows": 2})}

    def clean_signatory_nip(self) -> str:
        nip = re.sub(r"\s+", "", self.cleaned_data["signatory_nip"])
        if nip and not re.fullmatch(r"\d{18}", nip):
            raise forms.ValidationError(f"NIP harus 18 angka; yang diisi {len(nip)} karakter.")
        return nip

    def _clean_image(self, name: str):
        image = self.cleaned_data.get(name)
        if image and getattr(image, "size", 0) > MAX_IMAGE_BYTES:
            raise forms.ValidationError("Gambar terlalu besar; paling besar 1 MB.")
        return image

    def clean_logo(self):
        return self._clean_image("logo")

    def clean_signatory_signature(self):
        return self._clean_image("signatory_signature")
