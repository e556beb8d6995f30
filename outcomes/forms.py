"""Forms of the outcomes app: report filters, follow-up entry, visits and round upload."""

from __future__ import annotations

from django import forms
from django.db.models import Q

from balatkop.access import sees_everything
from balatkop.fields import PeopleField, RupiahField
from balatkop.forms import any_of, bootstrap_classes, narrowed
from balatkop.models import Balai, KabupatenKota
from outcomes.impact import ImpactFilters
from outcomes.impact_facts import rounds_measured
from outcomes.models import ImpactFact
from outcomes.services import Measurement
from participants.models import Sex
from programs.models import Angkatan, Program

# Choices whose value names a row the user cannot see make the page 404, not a form error.
SCOPED_FIELDS = ("balai", "program", "angkatan", "kabupaten_kota")


def scoped_programs(user):
    """Programmes the user may report on: those they may see."""
    return Program.objects.for_user(user).order_by("-year", "code")


class AngkatanChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.program.code} — angkatan {obj.number}"


def filter_value_lists(user) -> dict[str, list]:
    """The years, and the sectors and monitoring rounds among the report's rows, for its filters.

    Sectors and rounds read the impact fact rows in scope in one query (one narrow table, no
    join to the businesses or follow-ups); views still take them from
    ``balatkop.freshness.cached`` once per data version, not per filter.
    """
    programs = scoped_programs(user)
    # One scan: the few distinct (sector, rounds measured) pairs, sectors in the database's order.
    pairs = list(
        ImpactFact.objects.for_user(user)
        .order_by("sector")
        .values_list("sector", "measured_rounds")
        .distinct()
    )
    sectors = list(dict.fromkeys(sector for sector, _ in pairs if sector))
    rounds = rounds_measured(measured for _, measured in pairs)
    return {
        "years": list(programs.order_by("-year").values_list("year", flat=True).distinct()),
        "sectors": sectors,
        "rounds": sorted(rounds | {6, 12}),
    }


class ImpactFilterForm(forms.Form):
    """The report's filters; every choice list starts from what the user may see."""

    # Only for those who see every balai (admin): a report is always about one balai.
    balai = forms.ModelChoiceField(
        label="Balai",
        queryset=Balai.objects.order_by("name"),
        required=False,
        empty_label="Pilih balai",
    )
    tahun = forms.TypedChoiceField(label="Tahun", required=False, coerce=int, empty_value=None)
    program = any_of("Program")
    jenjang = forms.TypedChoiceField(
        label="Jenjang",
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "Semua"), (1, "Jenjang 1"), (2, "Jenjang 2"), (3, "Jenjang 3")],
    )
    angkatan = any_of("Angkatan", AngkatanChoiceField)
    kabupaten_kota = any_of("Kabupaten/kota")
    sektor = forms.ChoiceField(label="Sektor", required=False)
    jenis_kelamin = forms.ChoiceField(
        label="Jenis kelamin", required=False, choices=[("", "Semua"), *Sex.choices]
    )
    putaran = forms.TypedChoiceField(
        label="Putaran monitoring", required=False, coerce=int, empty_value=None
    )

    def __init__(self, data=None, *, user, value_lists: dict | None = None):
        super().__init__(data)
        values = value_lists or filter_value_lists(user)
        if not sees_everything(user):
            del self.fields["balai"]
        programs = scoped_programs(user)
        self.fields["tahun"].choices = [("", "Semua")] + [(y, str(y)) for y in values["years"]]
        self.fields["program"].queryset = programs
        angkatan = (
            Angkatan.objects.filter(program__in=programs)
            .select_related("program")
            .order_by("-program__year", "program__code", "number")
        )
        self.fields["angkatan"].queryset = angkatan  # what validates: any angkatan in scope
        self.fields["angkatan"].widget.choices = self._angkatan_offered(angkatan)
        self.fields["kabupaten_kota"].queryset = KabupatenKota.objects.for_user(user)
        self.fields["sektor"].choices = [("", "Semua")] + [(s, s) for s in values["sectors"]]
        self.fields["putaran"].choices = [("", "Monitoring terakhir")] + [
            (r, f"+{r} bulan") for r in values["rounds"]
        ]
        bootstrap_classes(self)

    def _angkatan_offered(self, angkatan) -> list[tuple]:
        """The chosen programme's angkatan (and the chosen one), not every angkatan in scope.

        A national balai has ~2,000 angkatan: listing them all made the filter 130 KB of HTML
        and most of the report page's time (bench/). A link naming any angkatan still works.
        """
        field = self.fields["angkatan"]
        program, chosen = (self.data.get("program"), self.data.get("angkatan"))
        wanted = Q(pk__in=[])
        if str(program or "").isdigit():
            wanted |= Q(program_id=program)
        if str(chosen or "").isdigit():
            wanted |= Q(pk=chosen)
        offered = [(a.pk, field.label_from_instance(a)) for a in angkatan.filter(wanted)]
        empty = "Semua" if str(program or "").isdigit() else "Semua (pilih program dulu)"
        return [("", empty), *offered]

    @property
    def out_of_scope(self) -> bool:
        """A programme, angkatan or kab/kota was asked for that this user may not see."""
        return any(name in self.errors for name in SCOPED_FIELDS)

    def to_filters(self) -> ImpactFilters:
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        return ImpactFilters(
            balai=data.get("balai"),
            year=data.get("tahun"),
            program=data.get("program"),
            jenjang=data.get("jenjang"),
            angkatan=data.get("angkatan"),
            kabupaten_kota=data.get("kabupaten_kota"),
            sector=data.get("sektor") or None,
            sex=data.get("jenis_kelamin") or None,
            round_months=data.get("putaran"),
        )


class DueFilterForm(forms.Form):
    kabupaten_kota = any_of("Kabupaten/kota")
    program = any_of("Program")
    putaran = forms.TypedChoiceField(
        label="Putaran",
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "Semua"), (6, "+6 bulan"), (12, "+12 bulan")],
    )

    def __init__(self, data=None, *, user):
        super().__init__(data)
        self.fields["kabupaten_kota"].queryset = KabupatenKota.objects.for_user(user)
        self.fields["program"].queryset = scoped_programs(user)
        bootstrap_classes(self)

    def filter(self, nominations):
        if not self.is_valid():
            return nominations
        lookups = {"kabupaten_kota": "kabupaten_kota", "program": "program"}
        return narrowed(nominations, self.cleaned_data, lookups)

    @property
    def round_months(self) -> int | None:
        return self.cleaned_data.get("putaran") if self.is_valid() else None


class MeasurementFields(forms.Form):
    """Omzet, aset and tenaga kerja of one follow-up round."""

    round_months = forms.TypedChoiceField(label="Putaran monitoring", coerce=int)
    measured_on = forms.DateField(
        label="Tanggal monitoring", widget=forms.DateInput(attrs={"type": "date"})
    )
    omzet = RupiahField(label="Omzet per bulan (Rp)")
    aset = RupiahField(label="Aset (Rp)")
    tenaga_kerja = PeopleField(label="Tenaga kerja (orang)")

    def __init__(self, *args, rounds: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["round_months"].choices = [(r, f"+{r} bulan") for r in rounds]
        bootstrap_classes(self)

    def measurement(self) -> Measurement:
        d = self.cleaned_data
        return Measurement(
            round_months=d["round_months"],
            measured_on=d["measured_on"],
            omzet=d["omzet"],
            aset=d["aset"],
            tenaga_kerja=d["tenaga_kerja"],
        )


class FollowUpForm(MeasurementFields):
    pass


VISIT_FIELDS = ("pendamping", "visited_on", "topics", "notes")


class VisitForm(forms.Form):
    """A pendamping's visit; the follow-up block is filled only when figures were taken."""

    pendamping = forms.CharField(label="Nama pendamping", max_length=150)
    visited_on = forms.DateField(
        label="Tanggal kunjungan", widget=forms.DateInput(attrs={"type": "date"})
    )
    topics = forms.CharField(label="Topik pendampingan", max_length=300)
    notes = forms.CharField(label="Catatan", required=False, widget=forms.Textarea({"rows": 3}))
    round_months = forms.TypedChoiceField(
        label="Catat data monitoring putaran",
        coerce=int,
        required=False,
        empty_value=None,
        help_text="Kosongkan bila kunjungan ini tidak mengambil data usaha.",
    )
    omzet = RupiahField(label="Omzet per bulan (Rp)", required=False)
    aset = RupiahField(label="Aset (Rp)", required=False)
    tenaga_kerja = PeopleField(label="Tenaga kerja (orang)", required=False)

    def __init__(self, *args, rounds: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["round_months"].choices = [("", "Tidak ada data usaha")] + [
            (r, f"+{r} bulan") for r in rounds
        ]
        bootstrap_classes(self)

    def clean(self):
        data = super().clean()
        if data.get("round_months"):
            for name in ("omzet", "aset", "tenaga_kerja"):
                if data.get(name) is None:
                    self.add_error(name, "Wajib diisi bila data monitoring dicatat.")
        return data

    def visit(self) -> dict:
        """The visit's own fields, as ``visit_record`` takes them."""
        return {name: self.cleaned_data[name] for name in VISIT_FIELDS}

    def measurement(self) -> Measurement | None:
        d = self.cleaned_data
        if not d.get("round_months"):
            return None
        return Measurement(
            d["round_months"], d["visited_on"], d["omzet"], d["aset"], d["tenaga_kerja"]
        )


class RoundUploadForm(forms.Form):
    program = forms.ModelChoiceField(label="Program", queryset=Program.objects.none())
    putaran = forms.TypedChoiceField(
        label="Putaran monitoring", coerce=int, choices=[(6, "+6 bulan"), (12, "+12 bulan")]
    )
    berkas = forms.FileField(
        label="Berkas lembar kerja",
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.ods,.xls,.csv"}),
        help_text="Templat yang sudah diisi; .xlsx, .ods, .xls atau .csv, maksimal 5 MB.",
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["program"].queryset = scoped_programs(user)
        bootstrap_classes(self)


class SelfReportForm(forms.Form):
    """What a person reports for themselves (and what the officer confirms or corrects)."""

    omzet = RupiahField(label="Omzet per bulan (Rp)", help_text="Rata-rata penjualan sebulan.")
    aset = RupiahField(label="Aset usaha (Rp)", help_text="Nilai peralatan, stok dan modal usaha.")
    tenaga_kerja = forms.IntegerField(
        label="Tenaga kerja (orang)", min_value=0, help_text="Termasuk Anda sendiri."
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bootstrap_classes(self)
