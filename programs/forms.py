"""Forms of the programs app: they check the shape of input; services check the rules."""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Column, Field, Fieldset, Layout, Row
from django import forms
from django.db.models import Q

from balatkop.fields import RupiahField
from balatkop.forms import narrowed
from balatkop.models import Balai
from programs.models import Bidang, Instruktur, Program, ProgramStatus
from programs.services import GENERATOR_MAX_COUNT

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _helper(layout: Layout | None = None) -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False  # the template owns <form>, its action and its buttons
    helper.disable_csrf = True
    if layout is not None:
        helper.layout = layout
    return helper


def _thirds(*names: str) -> Row:
    """A row of fields a third of the width each."""
    return Row(*(Column(name, css_class="col-md-4") for name in names))


class ProgramFilterForm(forms.Form):
    """The filters above the programme list (all optional, sent by GET)."""

    tahun = forms.TypedChoiceField(label="Tahun", required=False, coerce=int, empty_value=None)
    status = forms.ChoiceField(
        label="Status", required=False, choices=[("", "Semua status"), *ProgramStatus.choices]
    )
    jenjang = forms.TypedChoiceField(
        label="Jenjang",
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "Semua jenjang"), (1, "Jenjang 1"), (2, "Jenjang 2"), (3, "Jenjang 3")],
    )
    bidang = forms.ModelChoiceField(
        label="Bidang", required=False, queryset=Bidang.objects.all(), empty_label="Semua bidang"
    )
    q = forms.CharField(label="Cari kode/nama", required=False, max_length=100)

    def __init__(self, *args, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tahun"].choices = [("", "Semua tahun")] + [(y, str(y)) for y in years]

    def filter(self, programs):
        if not self.is_valid():
            return programs
        data = self.cleaned_data
        lookups = {"tahun": "year", "status": "status", "jenjang": "jenjang", "bidang": "bidang"}
        programs = narrowed(programs, data, lookups)
        if data["q"]:
            programs = programs.filter(Q(code__icontains=data["q"]) | Q(name__icontains=data["q"]))
        return programs


class ProgramForm(forms.ModelForm):
    """Create or change a programme; the status moves only through the status buttons."""

    prerequisite_level = forms.TypedChoiceField(
        label="Jenjang prasyarat",
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "Tidak ada"), (1, "Jenjang 1"), (2, "Jenjang 2")],
        help_text="Jenjang yang harus sudah lulus sebelumnya (biasanya jenjang − 1).",
    )
    followup_rounds = forms.CharField(
        label="Putaran monitoring (bulan setelah angkatan selesai)",
        initial="6, 12",
        help_text="Pisahkan dengan koma, misalnya 6, 12.",
    )

    class Meta:
        model = Program
        fields = [
            "balai",
            "code",
            "name",
            "year",
            "jenjang",
            "bidang",
            "target_group",
            "funding_source",
            "budget",
            "target_participants",
            "days_per_angkatan",
            "min_business_months",
            "min_omzet_per_month",
            "prerequisite_level",
            "nib_required",
            "criteria_block",
            "nomination_opens",
            "nomination_closes",
            "min_attendance_percent",
            "certificate_pattern",
            "followup_rounds",
            "reported_trained_count",
        ]
        widgets = {"nomination_opens": DATE_WIDGET, "nomination_closes": DATE_WIDGET}
        field_classes = {"budget": RupiahField, "min_omzet_per_month": RupiahField}

    def __init__(self, *args, balai: Balai | None, **kwargs):
        super().__init__(*args, **kwargs)
        # Staff work in their own balai; only an admin (no balai) picks one.
        self.fixed_balai = balai or (self.instance.balai if self.instance.pk else None)
        if self.fixed_balai is not None:
            del self.fields["balai"]
            self.instance.balai = self.fixed_balai
        else:
            self.fields["balai"].queryset = Balai.objects.select_related("provinsi")
        self.fields["bidang"].empty_label = "— pilih bidang —"
        self.fields["jenjang"].choices = [("", "Bukan berjenjang")] + [
            c for c in self.fields["jenjang"].choices if c[0] != ""
        ]
        self.fields["target_participants"].min_value = 0
        if self.instance.pk:
            self.initial["followup_rounds"] = ", ".join(
                str(m) for m in self.instance.followup_rounds
            )
        self.helper = _helper(
            Layout(
                Fieldset(
                    "Identitas program",
                    *(["balai"] if "balai" in self.fields else []),
                    Row(Column("code", css_class="col-md-4"), Column("name", css_class="col-md-8")),
                    _thirds("year", "jenjang", "bidang"),
                ),
                Fieldset(
                    "Sasaran, dana dan target",
                    _thirds("target_group", "funding_source", "budget"),
                    _thirds("target_participants", "days_per_angkatan", "min_attendance_percent"),
                ),
                Fieldset(
                    "Kriteria seleksi",
                    _thirds("min_business_months", "min_omzet_per_month", "prerequisite_level"),
                    Field("nib_required"),
                    Field("criteria_block"),
                ),
                Fieldset(
                    "Jadwal usulan",
                    Row(
                        Column("nomination_opens", css_class="col-md-6"),
                        Column("nomination_closes", css_class="col-md-6"),
                    ),
                ),
                Fieldset(
                    "Lainnya",
                    Row(
                        Column("certificate_pattern", css_class="col-md-6"),
                        Column("followup_rounds", css_class="col-md-6"),
                    ),
                    Field("reported_trained_count"),
                ),
            )
        )

    def clean_code(self):
        code = self.cleaned_data["code"].strip()
        balai = self.fixed_balai or self.data.get("balai")
        if balai:
            clash = Program.objects.filter(balai=balai, code__iexact=code)
            if self.instance.pk:
                clash = clash.exclude(pk=self.instance.pk)
            if clash.exists():
                raise forms.ValidationError("Kode program sudah dipakai di balai ini.")
        return code

    def clean_followup_rounds(self):
        raw = self.cleaned_data["followup_rounds"]
        try:
            months = [int(part) for part in raw.replace(";", ",").split(",") if part.strip()]
        except ValueError:
            raise forms.ValidationError(
                "Isi bulan berupa angka, dipisah koma (mis. 6, 12)."
            ) from None
        if any(m < 1 or m > 120 for m in months):
            raise forms.ValidationError("Setiap putaran harus antara 1 dan 120 bulan.")
        return sorted(set(months))

    def clean(self):
        data = super().clean()
        opens, closes = data.get("nomination_opens"), data.get("nomination_closes")
        if opens and closes and closes < opens:
            self.add_error(
                "nomination_closes", "Tanggal tutup usulan tidak boleh sebelum tanggal buka."
            )
        jenjang, prerequisite = data.get("jenjang"), data.get("prerequisite_level")
        if prerequisite is not None:
            if jenjang is None:
                self.add_error(
                    "prerequisite_level", "Jenjang prasyarat hanya untuk pelatihan berjenjang."
                )
            elif prerequisite >= jenjang:
                self.add_error(
                    "prerequisite_level",
                    f"Jenjang prasyarat harus di bawah jenjang program ({jenjang}).",
                )
        return data


class QuotaTableForm(forms.Form):
    """One number per kabupaten/kota of the province, edited as a single table."""

    confirm_over_target = forms.BooleanField(
        label="Ya, jumlah kuota memang melebihi target peserta", required=False
    )

    def __init__(self, *args, program: Program, districts, **kwargs):
        super().__init__(*args, **kwargs)
        self.program = program
        self.districts = list(districts)
        current = {q.kabupaten_kota_id: q.seats for q in program.quotas.all()}
        for district in self.districts:
            self.fields[self.field_name(district.code)] = forms.IntegerField(
                label=district.name,
                required=False,
                min_value=0,
                max_value=100_000,
                initial=current.get(district.code, 0),
                widget=forms.NumberInput(attrs={"class": "form-control text-end", "min": 0}),
            )

    @staticmethod
    def field_name(code: str) -> str:
        return f"kuota_{code.replace('.', '_')}"

    def rows(self):
        """(district, bound field) pairs in table order."""
        return [(d, self[self.field_name(d.code)]) for d in self.districts]

    def seats(self) -> dict[str, int]:
        return {d.code: self.cleaned_data.get(self.field_name(d.code)) or 0 for d in self.districts}


class AngkatanForm(forms.Form):
    """One angkatan; the date, length and capacity rules are checked by the service."""

    number = forms.IntegerField(label="Angkatan ke-", min_value=1, max_value=10_000)
    start_date = forms.DateField(label="Tanggal mulai", widget=DATE_WIDGET)
    end_date = forms.DateField(label="Tanggal selesai", widget=DATE_WIDGET)
    venue = forms.CharField(label="Tempat", max_length=200, required=False)
    capacity = forms.IntegerField(label="Kapasitas (orang)", min_value=1, max_value=100_000)
    instructors = forms.ModelMultipleChoiceField(
        label="Instruktur",
        queryset=Instruktur.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    confirm_length = forms.BooleanField(
        label="Ya, lama angkatan ini memang berbeda dari lama per angkatan program",
        required=False,
    )

    def __init__(self, *args, program: Program, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["instructors"].queryset = Instruktur.objects.filter(balai=program.balai_id)
        self.fields[
            "end_date"
        ].help_text = f"Program ini {program.days_per_angkatan} hari per angkatan."
        self.helper = _helper(
            Layout(
                Row(
                    Column("number", css_class="col-md-3"),
                    Column("start_date", css_class="col-md-3"),
                    Column("end_date", css_class="col-md-3"),
                    Column("capacity", css_class="col-md-3"),
                ),
                Field("venue"),
                Field("instructors"),
                Field("confirm_length"),
            )
        )


class AngkatanGeneratorForm(forms.Form):
    """N angkatan of C seats, each starting the day after the previous one ends."""

    count = forms.IntegerField(
        label="Jumlah angkatan", min_value=1, max_value=GENERATOR_MAX_COUNT, initial=10
    )
    capacity = forms.IntegerField(
        label="Kapasitas per angkatan", min_value=1, max_value=100_000, initial=60
    )
    first_start = forms.DateField(label="Angkatan pertama mulai", widget=DATE_WIDGET)
    skip_weekends = forms.BooleanField(
        label="Lewati Sabtu dan Minggu",
        required=False,
        initial=True,
        help_text="Angkatan tidak dimulai pada akhir pekan dan, bila muat dalam 5 hari kerja, "
        "tidak melewati akhir pekan. Tanggal mulai angkatan pertama tidak pernah digeser.",
    )
    venue = forms.CharField(label="Tempat", max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            Layout(
                _thirds("count", "capacity", "first_start"),
                Field("venue"),
                Field("skip_weekends"),
                HTML(
                    '<p class="small text-body-secondary">Nomor angkatan melanjutkan nomor '
                    "terakhir yang sudah ada.</p>"
                ),
            )
        )


class InstrukturForm(forms.ModelForm):
    class Meta:
        model = Instruktur
        fields = ["balai", "name", "expertise", "phone"]
        widgets = {"phone": forms.TextInput(attrs={"type": "tel", "inputmode": "tel"})}

    def __init__(self, *args, balai: Balai | None, **kwargs):
        super().__init__(*args, **kwargs)
        fixed = balai or (self.instance.balai if self.instance.pk else None)
        if fixed is not None:
            del self.fields["balai"]
            self.instance.balai = fixed
        self.helper = _helper()


class BidangForm(forms.Form):
    name = forms.CharField(label="Nama bidang baru", max_length=100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()
