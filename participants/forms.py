"""Forms of the registry: one nomination typed in, a nomination file, the list filters."""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Fieldset, Layout, Row
from django import forms

from balatkop.access import is_district_officer
from balatkop.fields import PeopleField, RupiahField
from participants.models import (
    BusinessKind,
    NominationStatus,
    ParticipantRole,
    Sex,
)
from participants.nik import normalise_nik
from participants.services.registry import NomineeData, nominating_districts
from programs.models import Program

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class NominationForm(forms.Form):
    """Person, business and baseline; the rules are the service's, this checks only shape."""

    kabupaten_kota = forms.ModelChoiceField(
        label="Kabupaten/kota pengusul", queryset=None, empty_label="— pilih —"
    )
    nik = forms.CharField(
        label="NIK",
        max_length=24,
        help_text="16 angka sesuai KTP. NIK yang sudah terdaftar memakai data orang yang sama.",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    name = forms.CharField(label="Nama lengkap", max_length=150)
    sex = forms.ChoiceField(
        label="Jenis kelamin",
        choices=[("", "— sesuai NIK —"), *Sex.choices],
        required=False,
    )
    birth_date = forms.DateField(
        label="Tanggal lahir", required=False, widget=DATE_INPUT, help_text="Kosongkan: dari NIK."
    )
    phone = forms.CharField(label="Telepon/WA", max_length=30, required=False)
    address = forms.CharField(
        label="Alamat", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    role = forms.ChoiceField(
        label="Peran", choices=ParticipantRole.choices, initial=ParticipantRole.PEMILIK_USAHA
    )
    business_kind = forms.ChoiceField(
        label="Jenis usaha", choices=BusinessKind.choices, initial=BusinessKind.USAHA
    )
    business_name = forms.CharField(label="Nama usaha/koperasi", max_length=200, required=False)
    sector = forms.CharField(label="Sektor", max_length=100, required=False)
    nib = forms.RegexField(
        label="NIB",
        regex=r"^\d{13}$",
        required=False,
        error_messages={"invalid": "NIB harus 13 angka."},
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    started_on = forms.DateField(label="Mulai usaha", required=False, widget=DATE_INPUT)
    baseline_omzet = RupiahField(label="Omzet per bulan (Rp)")
    baseline_aset = RupiahField(label="Aset (Rp)")
    baseline_tenaga_kerja = PeopleField(label="Tenaga kerja (orang)")

    def __init__(self, *args, program: Program, user, **kwargs):
        super().__init__(*args, **kwargs)
        districts = nominating_districts(user=user, program=program)
        field = self.fields["kabupaten_kota"]
        field.queryset = districts
        if is_district_officer(user):
            # The officer's own district, shown but not choosable.
            field.initial = user.kabupaten_kota_id
            field.disabled = True
            field.empty_label = None
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Fieldset(
                "Orang",
                "kabupaten_kota",
                "nik",
                "name",
                Row(
                    Column("sex", css_class="col-sm-6"), Column("birth_date", css_class="col-sm-6")
                ),
                "phone",
                "address",
            ),
            Fieldset(
                "Usaha atau koperasi",
                Row(
                    Column("role", css_class="col-sm-6"),
                    Column("business_kind", css_class="col-sm-6"),
                ),
                "business_name",
                Row(Column("sector", css_class="col-sm-6"), Column("nib", css_class="col-sm-6")),
                "started_on",
            ),
            Fieldset(
                "Kondisi awal saat diusulkan",
                "baseline_omzet",
                "baseline_aset",
                "baseline_tenaga_kerja",
            ),
        )

    def clean_nik(self):
        nik = normalise_nik(self.cleaned_data["nik"])
        if not (len(nik) == 16 and nik.isdigit()):
            raise forms.ValidationError(f"NIK harus 16 angka (tertulis {len(nik)} karakter).")
        return nik

    def nominee(self) -> NomineeData:
        data = self.cleaned_data
        return NomineeData(
            nik=data["nik"],
            name=data["name"].strip(),
            kabupaten_kota_id=data["kabupaten_kota"].pk,
            sex=data["sex"],
            birth_date=data["birth_date"],
            phone=data["phone"],
            address=data["address"],
            role=data["role"],
            business_kind=data["business_kind"],
            business_name=data["business_name"],
            sector=data["sector"],
            nib=data["nib"],
            started_on=data["started_on"],
            omzet=data["baseline_omzet"],
            aset=data["baseline_aset"],
            tenaga_kerja=data["baseline_tenaga_kerja"],
        )


class NominationUploadForm(forms.Form):
    file = forms.FileField(
        label="Berkas Excel (.xlsx)",
        help_text="Isi templat dari tombol di atas; paling besar 5 MB.",
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )


ELIGIBILITY_CHOICES = [("", "Semua"), ("ya", "Memenuhi kriteria"), ("tidak", "Tidak memenuhi")]


class NominationFilterForm(forms.Form):
    """Filters of the nomination list; choices start from what the user may see."""

    program = forms.ModelChoiceField(
        label="Program", queryset=None, required=False, empty_label="Semua"
    )
    kabupaten_kota = forms.ModelChoiceField(
        label="Kabupaten/kota", queryset=None, required=False, empty_label="Semua"
    )
    status = forms.ChoiceField(
        label="Status", choices=[("", "Semua"), *NominationStatus.choices], required=False
    )
    kriteria = forms.ChoiceField(label="Kriteria", choices=ELIGIBILITY_CHOICES, required=False)

    def __init__(self, *args, programs, districts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["program"].queryset = programs
        self.fields["kabupaten_kota"].queryset = districts
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select form-select-sm"

    def apply(self, queryset):
        if not self.is_valid():
            return queryset
        data = self.cleaned_data
        if data["program"]:
            queryset = queryset.filter(program=data["program"])
        if data["kabupaten_kota"]:
            queryset = queryset.filter(kabupaten_kota=data["kabupaten_kota"])
        if data["status"]:
            queryset = queryset.filter(status=data["status"])
        if data["kriteria"]:
            queryset = queryset.filter(is_eligible=data["kriteria"] == "ya")
        return queryset
