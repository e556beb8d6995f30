"""Forms of the learning evaluation: the questionnaire (link and paper) and its items."""

from __future__ import annotations

from django import forms

from evaluations.models import SCALE, EvaluationItem
from evaluations.services import SCALE_LABELS, QuestionGroup
from programs.models import Program

SCALE_CHOICES = [(str(k), f"{k} — {SCALE_LABELS[k]}") for k in SCALE]


class QuestionnaireForm(forms.Form):
    """One field per question (1–5, may be skipped) and the free-text suggestions."""

    suggestions = forms.CharField(
        label="Saran dan masukan",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, groups: list[QuestionGroup], **kwargs):
        super().__init__(*args, **kwargs)
        self.groups = groups
        for group in groups:
            for question in group.questions:
                self.fields[question.name] = forms.TypedChoiceField(
                    label=question.item.text,
                    choices=SCALE_CHOICES,
                    coerce=int,
                    required=False,
                    empty_value=None,
                    widget=forms.RadioSelect,
                )

    def sections(self) -> list[dict]:
        """The bound fields by group, for the template to lay out as fieldsets."""
        return [
            {"title": group.title, "fields": [self[q.name] for q in group.questions]}
            for group in self.groups
        ]

    def response_fields(self) -> dict:
        """The arguments of ``services.response_submit`` this form gives."""
        scores = {
            name: value
            for name, value in self.cleaned_data.items()
            if name.startswith("q") and value is not None
        }
        return {"scores": scores, "suggestions": self.cleaned_data["suggestions"]}


class EvaluationItemForm(forms.ModelForm):
    class Meta:
        model = EvaluationItem
        fields = ["section", "text", "position", "active"]


ItemFormSet = forms.modelformset_factory(
    EvaluationItem, form=EvaluationItemForm, extra=2, can_delete=False
)


class PaperQuestionnaireForm(QuestionnaireForm):
    """A paper form typed in by staff; naming who filled it in is optional (for the certificate)."""

    def __init__(self, *args, nominations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["paper_for"] = forms.ModelChoiceField(
            label="Peserta yang mengisi (boleh dikosongkan)",
            queryset=nominations,
            required=False,
            help_text="Hanya ditandai sudah mengisi; jawabannya tetap tanpa nama.",
            empty_label="— tidak disebutkan —",
            widget=forms.Select(
                attrs={"class": "form-select", "aria-describedby": "paper-for-help"}
            ),
        )
        self.fields["paper_for"].label_from_instance = lambda n: n.participant.name

    def response_fields(self) -> dict:
        return super().response_fields() | {"paper_for": self.cleaned_data["paper_for"]}


class CertificateRuleForm(forms.ModelForm):
    """The programme's option: a certificate only after the participant answered."""

    prefix = "aturan"

    class Meta:
        model = Program
        fields = ["certificate_requires_evaluation"]
