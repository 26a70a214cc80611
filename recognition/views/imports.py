"""A commune's evaluation sheets sent at once: every residential area's file of one year,
checked together (nothing saved), then saved together, or none of them."""

import hashlib
import re

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts import scope
from core.forms import BootstrapFormMixin
from residential_areas.models import UnitLevel

from .. import importer
from ._common import EVALUATE_ROLES, crumbs_of, year_choices, year_of

TOKEN = re.compile(r"^[0-9a-f]{64}$")
SAVED = _("Đã nhập kết quả của %(f)s tệp: %(c)s mới, %(u)s sửa, %(n)s không đổi.")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class FilesField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        if not files:
            raise forms.ValidationError(str(importer.NO_FILES), code="required")
        return [super(FilesField, self).clean(f, initial) for f in files]


class FilesImportForm(BootstrapFormMixin, forms.Form):
    year = forms.TypedChoiceField(label=_("Năm bình xét"), coerce=int)
    files = FilesField(
        label=_("Các tệp Excel (.xlsx) theo mẫu, mỗi khu dân cư một tệp"),
        widget=MultipleFileInput(attrs={"accept": ".xlsx"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y, str(y)) for y in year_choices()]


def _path(token: str) -> str:
    return f"recognition/imports/{token}.xlsx"


def _totals(results) -> dict:
    return {
        key: sum(counts[key] for _name, _meeting, counts in results)
        for key in ("created", "updated", "unchanged")
    }


@login_required
def unit_import(request, pk):
    """Upload -> dry run of every file (nothing saved) -> apply the same files, all or none."""
    unit = scope.unit_get_for_user(request.user, pk, write=True, write_roles=EVALUATE_ROLES)
    if unit.level == UnitLevel.AREA:  # an area's one file goes in on its meeting's page
        raise Http404
    year = year_of(request)
    form = FilesImportForm(initial={"year": year})
    context = {"unit": unit, "year": year}
    if request.method == "POST" and request.POST.getlist("token"):
        tokens, names = request.POST.getlist("token"), request.POST.getlist("name")
        if len(tokens) != len(names) or not all(
            TOKEN.match(t) and default_storage.exists(_path(t)) for t in tokens
        ):
            raise Http404
        files = []
        for token, name in zip(tokens, names, strict=True):
            with default_storage.open(_path(token), "rb") as fh:
                files.append((name, fh.read()))
        results, errors = importer.run_files(unit, year, files, apply=True, user=request.user)
        if not errors:
            for token in set(tokens):
                default_storage.delete(_path(token))
            totals = _totals(results)
            messages.success(
                request,
                SAVED
                % {
                    "f": len(results),
                    "c": totals["created"],
                    "u": totals["updated"],
                    "n": totals["unchanged"],
                },
            )
            return redirect(f"{reverse('recognition:unit', args=[unit.pk])}?year={year}")
        context["errors"] = errors
    elif request.method == "POST":
        form = FilesImportForm(request.POST, request.FILES)
        if form.is_valid():
            year = context["year"] = form.cleaned_data["year"]
            uploads = form.cleaned_data["files"]
            too_large = [
                f"{str(importer.FILE).format(name=u.name[:100])}: {importer.FILE_TOO_LARGE}"
                for u in uploads
                if u.size > importer.MAX_BYTES
            ]
            if too_large:
                context["errors"] = too_large
            else:
                files = [(u.name, u.read()) for u in uploads]
                results, errors = importer.run_files(
                    unit, year, files, apply=False, user=request.user
                )
                context["errors"] = errors
                if not errors:
                    stored = []
                    for name, data in files:
                        token = hashlib.sha256(data).hexdigest()
                        if not default_storage.exists(_path(token)):
                            default_storage.save(_path(token), ContentFile(data))
                        stored.append((token, name))
                    context.update(
                        stored=stored,
                        results=results,
                        totals=_totals(results),
                        year=year,
                    )
    crumbs, can_open = crumbs_of(request.user, unit)
    context.update(form=form, crumbs=crumbs, can_open=can_open)
    return render(request, "recognition/import_files.html", context)
