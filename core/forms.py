from django import forms

from .text import clean_text


def _cleaning(to_python):
    def clean_first(value):
        return to_python(clean_text(value) if isinstance(value, str) else value)

    return clean_first


class BootstrapFormMixin:
    """Give every widget the Bootstrap class its kind needs, and clean every text the form
    accepts (core.text.clean_text: no zero-width or direction characters, NFC) before it is
    stripped and validated, so that "required" and the length limits judge what is stored.
    Passwords are taken as typed."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(field, forms.CharField) and not isinstance(widget, forms.PasswordInput):
                field.to_python = _cleaning(field.to_python)
            if isinstance(
                widget, forms.CheckboxInput | forms.CheckboxSelectMultiple | forms.RadioSelect
            ):
                css = "form-check-input"
            elif isinstance(widget, forms.Select | forms.SelectMultiple):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()
