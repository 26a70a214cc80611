from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from .. import selectors, services, xlsx
from ..models import SubmissionValue, ValueType
from ..numbers import format_number
from ..rules import indicator_label, submission_check
from ..services.editing import NOTE_TOO_LONG
from .common import submission_get

SALT = "campaign.xlsx-import"


@login_required
def download(request, pk):
    submission = submission_get(request, pk)
    response = HttpResponse(
        xlsx.build(submission),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    name = f"bao-cao-{submission.unit.code}-{submission.period.year}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response


def _shown(indicator, value) -> str:
    if indicator.value_type == ValueType.TEXT:
        return value or ""
    return format_number(value)


def _dry_run(submission, parsed: dict, notes: dict) -> tuple[list, dict]:
    """What the file would change, and the rules' messages on the values as they would be."""
    current = list(submission.values.select_related("indicator__content_area"))
    changes, after = [], []
    for row in current:
        code = row.indicator.code
        is_text = row.indicator.value_type == ValueType.TEXT
        old = row.text_value if is_text else row.value
        new = parsed.get(code, old)
        note = notes.get(code, row.note) or ""
        if code in parsed and ((old or None) != (new or None) or note != row.note):
            changes.append(
                {
                    "code": code,
                    "label": indicator_label(row.indicator),
                    "old": _shown(row.indicator, old),
                    "new": _shown(row.indicator, new),
                    "note": notes.get(code) or "",
                }
            )
        # the row as it would be, unsaved, for the rules
        after.append(
            SubmissionValue(
                submission=submission,
                indicator=row.indicator,
                value=None if is_text else new,
                text_value=new if is_text else row.text_value,
                note=note,
            )
        )
    previous = selectors.previous_values(submission=submission)
    check = submission_check(submission=submission, rows=after, previous=previous)
    for change in changes:
        change["errors"] = check.errors.get(change["code"], [])
        change["warnings"] = check.warnings.get(change["code"], [])
    return changes, check


@login_required
def upload(request, pk):
    """Upload -> dry run (what changes, errors, warnings) -> confirm. Nothing is written before
    the confirmation, and the confirmation writes all or nothing through the same service."""
    submission = submission_get(request, pk)
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
            indicators = list(
                submission.period.indicator_set.indicators.select_related("content_area")
            )
            parsed, errors = services.parse_values(indicators=indicators, raw=values)
        except xlsx.ImportError_ as exc:
            context["error"] = str(exc)
        else:
            by_code = {i.code: i for i in indicators}
            long_notes = {c: n for c, n in notes.items() if len(n) > 500}
            errors |= {
                c: _(NOTE_TOO_LONG).format(n=len(n))
                for c, n in long_notes.items()
                if c not in errors
            }
            # the file's errors by indicator, named as the form names them
            context["errors"] = [
                {"label": indicator_label(by_code[c]), "message": m}
                for c, m in sorted(
                    errors.items(),
                    key=lambda item: (by_code[item[0]].content_area.number, by_code[item[0]].order),
                )
            ]
            if not errors:
                changes, check = _dry_run(submission, parsed, notes)
                context.update({"changes": changes, "check": check})
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
