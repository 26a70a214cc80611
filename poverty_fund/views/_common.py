from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def form_errors(form, exc: ValidationError) -> None:
    """Put a service's errors on the form, next to the field they name."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def file_response(content: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def form_page(request, *, title, form, back, crumbs=None, confirm="", multipart=False):
    return render(
        request,
        "poverty_fund/form.html",
        {
            "title": title,
            "form": form,
            "back": back,
            "crumbs": crumbs,
            "confirm": confirm,
            "multipart": multipart,
        },
    )


def fund_url(fund) -> str:
    return reverse("poverty_fund:fund_detail", args=[fund.pk])
