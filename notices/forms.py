from django import forms

from notices.models import NoticeSettings


class NoticeSettingsForm(forms.ModelForm):
    class Meta:
        model = NoticeSettings
        fields = ["email"]
