from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import BootstrapFormMixin

from .models import ReportDraft

ROWS = {"recipients": 5, "direction": 10, "results": 8, "recommendations": 8}


class ReportDraftForm(BootstrapFormMixin, forms.ModelForm):
    """The board's part of a report. `version` is the version the page was opened on: a save
    made on an older one is refused by the service (two officers, one draft)."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = ReportDraft
        fields = [
            "direction",
            "results",
            "strengths",
            "shortcomings",
            "lessons",
            "next_tasks",
            "recommendations",
            "number",
            "issued_on",
            "recipients",
            "signer_capacity",
            "signer_title",
            "signer_name",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["number"].help_text = _("Số văn bản trong năm, không trùng báo cáo khác.")
        for name in (*ROWS, "strengths", "shortcomings", "lessons", "next_tasks"):
            self.fields[name].widget.attrs["rows"] = ROWS.get(name, 6)
        if self.instance and self.instance.pk and "version" not in self.initial:
            self.initial["version"] = self.instance.version


class CorrectionForm(BootstrapFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Lý do đính chính"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )
