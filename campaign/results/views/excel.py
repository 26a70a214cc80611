from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from .. import services, xlsx
from .submissions import _submission_get

SALT = "campaign.xlsx-import"


@login_required
def download(request, pk):
    submission = _submission_get(request, pk)
    response = HttpResponse(
        xlsx.build(submission),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    name = f"bao-cao-{submission.unit.code}-{submission.period.year}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
def upload(request, pk):
    """Upload -> dry run (what changes, errors, warnings) -> confirm. Nothing is written before
    the confirmation, and the confirmation writes all or nothing through the same service."""
    submission = _submission_get(request, pk)
    services.ensure_editable(submission=submission, by=request.user)
    if request.method == "POST" and request.POST.get("token"):
        try:
            payload = signing.loads(request.POST["token"], salt=SALT, max_age=3600)
            if payload["submission"] != submission.pk:
                raise signing.BadSignature
            services.submission_save(
                submission=submission,
                by=request.user,
                values=payload["values"],
                notes=payload["notes"],
                version=payload["version"],
                event="imported",
            )
        except signing.BadSignature:
            messages.error(
                request, _("Phiên nhập đã hết hạn hoặc không hợp lệ; hãy tải tệp lên lại.")
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Đã nhập số liệu từ tệp Excel."))
        return redirect("campaign:submission_detail", pk=submission.pk)

    context = {"submission": submission}
    if request.method == "POST":
        upload = request.FILES.get("file")
        try:
            if upload is None:
                raise xlsx.ImportError_(_("Chưa chọn tệp."))
            if upload.size > xlsx.MAX_BYTES:
                raise xlsx.ImportError_(_(xlsx.TOO_BIG))
            values, notes = xlsx.parse(upload.read(), submission)
            indicators = list(submission.period.indicator_set.indicators.all())
            parsed, errors = services.parse_values(indicators=indicators, raw=values)
        except xlsx.ImportError_ as exc:
            context["error"] = str(exc)
        else:
            current = {v.indicator.code: v for v in submission.values.select_related("indicator")}
            changes = []
            for code, new in parsed.items():
                row = current[code]
                old = row.text_value if row.indicator.value_type == "text" else row.value
                if (old or None) != (new or None) or (notes.get(code) or "") != row.note:
                    changes.append(
                        {
                            "indicator": row.indicator,
                            "old": old,
                            "new": new,
                            "note": notes.get(code),
                        }
                    )
            context.update({"changes": changes, "errors": errors})
            if not errors:
                context["token"] = signing.dumps(
                    {
                        "submission": submission.pk,
                        "version": submission.version,
                        "values": {k: (None if v is None else str(v)) for k, v in parsed.items()},
                        "notes": notes,
                    },
                    salt=SALT,
                )
    return render(request, "campaign/xlsx_upload.html", context)
