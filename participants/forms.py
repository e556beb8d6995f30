"""Forms of the registry (a nomination typed in, a nomination file, the list filters) and of
selection to completion (screening filters, decisions, seats, placement, completion)."""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Fieldset, Layout, Row
from django import forms

from balatkop.access import is_district_officer
from balatkop.fields import PeopleField, RupiahField
from balatkop.forms import BootstrapForm, any_of, narrowed
from balatkop.models import KabupatenKota
from participants.models import (
    Business,
    BusinessKind,
    Nomination,
    NominationStatus,
    ParticipantRole,
    Sex,
)
from participants.nik import normalise_nik
from participants.services import completion as completing
from participants.services import placement as placing
from participants.services import selection as services
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
    phone = forms.CharField(
        label="Telepon/WA",
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "inputmode": "tel", "autocomplete": "tel"}),
    )
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
        label="Berkas lembar kerja",
        help_text="Isi templat dari tombol di atas; .xlsx, .ods, .xls atau .csv, paling besar 5 MB.",
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.ods,.xls,.csv"}),
    )


ELIGIBILITY_CHOICES = [("", "Semua"), ("ya", "Memenuhi kriteria"), ("tidak", "Tidak memenuhi")]


class NominationFilterForm(forms.Form):
    """Filters of the nomination list; choices start from what the user may see."""

    program = any_of("Program")
    kabupaten_kota = any_of("Kabupaten/kota")
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

    def filter(self, queryset):
        if not self.is_valid():
            return queryset
        data = self.cleaned_data
        lookups = {"program": "program", "kabupaten_kota": "kabupaten_kota", "status": "status"}
        queryset = narrowed(queryset, data, lookups)
        if data["kriteria"]:
            queryset = queryset.filter(is_eligible=data["kriteria"] == "ya")
        return queryset


# --- Selection to completion ---------------------------------------------------------------


SCREENING_LOOKUPS = {
    "kabupaten_kota": "kabupaten_kota_id",
    "status": "status",
    "sector": "business__sector",
    "q": "participant__name__icontains",
}


class ScreeningFilterForm(BootstrapForm):
    SORTS = {
        "terlama": ("created_at", "pk"),
        "nama": ("participant__name", "pk"),
        "kabkota": ("kabupaten_kota_id", "participant__name"),
        "omzet": ("-baseline_omzet", "pk"),
        "lama_usaha": ("business__started_on", "pk"),
        "terbaru": ("-created_at", "-pk"),
    }
    kabupaten_kota = forms.ChoiceField(label="Kabupaten/kota", required=False)
    eligible = forms.ChoiceField(
        label="Kriteria",
        required=False,
        choices=[("", "Semua"), ("ya", "Memenuhi kriteria"), ("tidak", "Tidak memenuhi")],
    )
    status = forms.ChoiceField(
        label="Status", required=False, choices=[("", "Semua"), *NominationStatus.choices]
    )
    sector = forms.ChoiceField(label="Sektor", required=False)
    q = forms.CharField(label="Cari nama", required=False, max_length=100)
    sort = forms.ChoiceField(
        label="Urutkan",
        required=False,
        choices=[
            ("terlama", "Usulan terlama dulu"),
            ("nama", "Nama"),
            ("kabkota", "Kabupaten/kota"),
            ("omzet", "Omzet terbesar"),
            ("lama_usaha", "Usaha terlama"),
            ("terbaru", "Usulan terbaru dulu"),
        ],
    )

    def __init__(self, *args, program: Program, **kwargs):
        super().__init__(*args, **kwargs)
        nominations = Nomination.objects.filter(program=program)
        codes = nominations.values("kabupaten_kota_id")
        self.fields["kabupaten_kota"].choices = [("", "Semua")] + [
            (k.code, k.name) for k in KabupatenKota.objects.filter(code__in=codes).order_by("code")
        ]
        sectors = (
            Business.objects.filter(nominations__program=program)
            .exclude(sector="")
            .values_list("sector", flat=True)
            .distinct()
            .order_by("sector")
        )
        self.fields["sector"].choices = [("", "Semua")] + [(s, s) for s in sectors]

    def filter(self, queryset):
        """The nominations the filter selects; none at all when the filter does not hold."""
        if not self.is_bound:
            return queryset.order_by(*self.SORTS["terlama"])
        if not self.is_valid():
            return queryset.none()
        data = self.cleaned_data
        queryset = narrowed(queryset, data, SCREENING_LOOKUPS)
        if data["eligible"]:
            queryset = queryset.filter(is_eligible=data["eligible"] == "ya")
        return queryset.order_by(*self.SORTS[data["sort"] or "terlama"])

    def problems(self) -> str:
        """Why the filter does not hold, in one line."""
        return "; ".join(
            f"{self.fields[name].label}: {' '.join(errors)}" for name, errors in self.errors.items()
        )


class DecisionForm(BootstrapForm):
    decision = forms.ChoiceField(label="Keputusan", choices=services.Decision.choices)
    reason = forms.CharField(
        label="Alasan (wajib untuk penolakan; dibaca petugas kabupaten/kota)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    override = forms.BooleanField(label="Terima melebihi kuota kabupaten/kota", required=False)
    override_reason = forms.CharField(label="Alasan melebihi kuota", required=False)
    scope = forms.ChoiceField(
        label="Terapkan ke",
        choices=[("dicentang", "Yang dicentang"), ("filter", "Semua hasil filter")],
        initial="dicentang",
        widget=forms.RadioSelect,
    )

    def clean(self):
        data = super().clean()
        if data.get("override") and not (data.get("override_reason") or "").strip():
            self.add_error("override_reason", "Tulis alasan menerima melebihi kuota.")
        if (
            data.get("decision") == services.Decision.REJECT
            and not (data.get("reason") or "").strip()
        ):
            self.add_error("reason", "Alasan penolakan wajib diisi.")
        return data


class QuotaGiveForm(BootstrapForm):
    from_kabupaten_kota = forms.ChoiceField(label="Dari kabupaten/kota (kursi tak terpakai)")
    to_kabupaten_kota = forms.ChoiceField(label="Ke cadangan kabupaten/kota")
    seats = forms.IntegerField(label="Jumlah kursi", min_value=1, max_value=100_000)

    def __init__(self, *args, usage: list[dict], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["from_kabupaten_kota"].choices = [
            (r["code"], f"{r['name']} ({r['unused']} kursi tak terpakai)")
            for r in usage
            if r["unused"]
        ]
        self.fields["to_kabupaten_kota"].choices = [
            (r["code"], f"{r['name']} ({r['reserve']} cadangan)") for r in usage if r["reserve"]
        ]


class DistributeForm(BootstrapForm):
    mode = forms.ChoiceField(
        label="Cara pembagian",
        choices=placing.DistributeMode.choices,
        initial=placing.DistributeMode.KEEP_TOGETHER,
        widget=forms.RadioSelect,
    )


class CompletionForm(BootstrapForm):
    outcome = forms.ChoiceField(label="Hasil", choices=completing.Outcome.choices)
    reason = forms.CharField(
        label="Keterangan (wajib untuk mengundurkan diri)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    scope = forms.ChoiceField(
        label="Terapkan ke",
        choices=[
            ("dicentang", "Yang dicentang"),
            ("memenuhi", "Semua yang memenuhi kehadiran dan belum ada hasil"),
        ],
        initial="dicentang",
        widget=forms.RadioSelect,
    )


class OutcomeFilterForm(BootstrapForm):
    program = any_of("Program")
    status = forms.ChoiceField(
        label="Status", required=False, choices=[("", "Semua"), *NominationStatus.choices]
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["program"].queryset = (
            Program.objects.for_user(user)
            .filter(pk__in=Nomination.objects.for_user(user).values("program_id"))
            .order_by("-year", "code")
        )

    def filter(self, queryset):
        if not self.is_valid():
            return queryset
        return narrowed(queryset, self.cleaned_data, {"program": "program", "status": "status"})
