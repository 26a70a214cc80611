"""Every write of a report's draft: made when its numbers are compiled, edited by the board,
finalized ("Hoàn thành và ký"), corrected by a new edition.

A finalized edition is never rewritten (the services refuse, the model's save refuses, the
admin is read-only); two officers saving one draft: the second save, made on an older
version, is refused with who saved in between, and nothing is overwritten.
"""

import hashlib

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import scope
from accounts.models import PROVINCE_ROLES, Role

from . import drafts_text
from .models import DRAFT_KINDS, DraftStatus, ReportDraft, ReportKind, ReportRun, RunStatus
from .render import render_report_pdf
from .selectors import checksum_of

FINAL_LOCKED = "Báo cáo đã hoàn thành và ký nên không sửa được; muốn sửa hãy lập bản đính chính."
CONFLICT = (
    "Không lưu được: {who} đã lưu báo cáo này lúc {at} trong khi bạn đang sửa. Nội dung của "
    "bạn chưa được ghi; hãy mở lại trang để xem bản mới nhất rồi sửa tiếp."
)
SECTION_EMPTY = "Chưa hoàn thành được: phần “{section}” còn trống."
NUMBER_MISSING = "Chưa hoàn thành được: chưa có số văn bản."
NUMBER_USED = "Chưa hoàn thành được: số {number} đã dùng cho một báo cáo khác năm {year}."
DATE_MISSING = "Chưa hoàn thành được: chưa có ngày ban hành."
SIGNER_MISSING = "Chưa hoàn thành được: chưa có {what} của người ký."
RECIPIENTS_MISSING = "Chưa hoàn thành được: phần “Nơi nhận” còn trống."
NOT_FINAL = "Chỉ lập bản đính chính cho báo cáo đã hoàn thành và ký."
REASON_MISSING = "Hãy ghi lý do đính chính (bản đính chính nói rõ nó thay thế báo cáo nào, vì sao)."
ALREADY_CORRECTED = "Báo cáo này đã có bản đính chính; hãy sửa bản đính chính đó."
OPEN_DRAFT_EXISTS = "Báo cáo này đang có một bản dự thảo chưa hoàn thành; hãy hoàn thành bản đó."
TOO_LONG = "Phần “{section}” dài quá {n} ký tự."

MAX_SECTION = 20_000
# recipients the plan names for the province's report (editable)
PROVINCE_RECIPIENTS = (
    "Ban Thường trực Ủy ban Trung ương MTTQ Việt Nam;\n"
    "Thường trực Tỉnh ủy, HĐND, UBND tỉnh;\n"
    "Các tổ chức thành viên của Ủy ban MTTQ tỉnh;\n"
    "Ủy ban MTTQ các xã, phường;\n"
    "Lưu: VT, BPT."
)
EDITABLE = (
    *drafts_text.SECTIONS,
    "number",
    "issued_on",
    "recipients",
    "signer_name",
    "signer_title",
    "signer_capacity",
)


def section_label(name: str) -> str:
    return str(ReportDraft._meta.get_field(name).verbose_name)


def roles_for(kind: str) -> frozenset:
    # the province's reports belong to its staff; a unit's reviews to the unit's committee
    if kind == ReportKind.ANNUAL_PROVINCE:
        return frozenset(PROVINCE_ROLES)
    return frozenset(PROVINCE_ROLES) | {Role.DISTRICT_COMMITTEE, Role.COMMUNE_COMMITTEE}


def drafts_for(*, user):
    return scope.filter_by_scope(
        ReportDraft.objects.select_related("unit", "run", "replaces"), user, "unit"
    )


def draft_get_for_user(*, user, pk, write: bool = False) -> ReportDraft:
    """404 outside scope, 403 when the user may only read it."""
    draft = scope.get_in_scope(
        ReportDraft.objects.select_related("unit", "run", "replaces", "updated_by"), user, pk=pk
    )
    if write:
        scope.ensure_can_act(user, draft.unit, roles_for(draft.kind))
    return draft


@transaction.atomic
def report_draft_for_run(*, run: ReportRun) -> ReportDraft | None:
    """After a run of a kind the board finishes is compiled: the open draft of that report
    takes the fresh numbers (its text stays), or a new draft starts from the prefilled text.
    A report already signed gets no new draft here: a correction is asked for, with a reason."""
    if run.kind not in DRAFT_KINDS or run.status != RunStatus.DONE or run.is_draft:
        return None
    same = ReportDraft.objects.select_for_update().filter(
        kind=run.kind, unit=run.unit, year=run.year
    )
    open_draft = same.filter(status=DraftStatus.DRAFT).first()
    if open_draft is not None:
        open_draft.run = run
        open_draft.version += 1
        open_draft.save()
        return open_draft
    if same.filter(status=DraftStatus.FINAL).exists():
        return None
    texts = drafts_text.prefill(unit=run.unit, snapshot=run.snapshot)
    return ReportDraft.objects.create(
        run=run,
        kind=run.kind,
        unit=run.unit,
        first_year=run.first_year,
        year=run.year,
        recipients=PROVINCE_RECIPIENTS if run.kind == ReportKind.ANNUAL_PROVINCE else "",
        signer_title="CHỦ TỊCH",
        **texts,
    )


def _clean(fields: dict) -> dict:
    cleaned = {}
    for name, value in fields.items():
        if name not in EDITABLE:
            continue
        if isinstance(value, str):
            value = value.replace("\r\n", "\n").strip()
            if len(value) > MAX_SECTION:
                raise ValidationError(
                    {name: _(TOO_LONG).format(section=section_label(name), n=MAX_SECTION)}
                )
        cleaned[name] = value
    return cleaned


def _locked_for_write(*, draft: ReportDraft, version: int) -> ReportDraft:
    current = ReportDraft.objects.select_for_update(of=("self",)).get(pk=draft.pk)
    if current.is_final:
        raise ValidationError(_(FINAL_LOCKED))
    if int(version) != current.version:
        who = current.updated_by
        name = (who.get_full_name() or who.username) if who else _("người khác")
        at = timezone.localtime(current.updated_at).strftime("%H:%M %d/%m/%Y")
        raise ValidationError(_(CONFLICT).format(who=name, at=at), code="conflict")
    return current


@transaction.atomic
def report_draft_save(*, draft: ReportDraft, by, version: int, **fields) -> ReportDraft:
    """Save the board's edits; refused on a signed report and on a stale version."""
    scope.ensure_can_act(by, draft.unit, roles_for(draft.kind))
    cleaned = _clean(fields)
    current = _locked_for_write(draft=draft, version=version)
    for name, value in cleaned.items():
        setattr(current, name, value)
    current.version += 1
    current.updated_by = by
    current.save()
    return current


def finalize_problems(draft: ReportDraft) -> list[str]:
    """Why the draft cannot be signed yet, each naming its part."""
    problems = [
        _(SECTION_EMPTY).format(section=section_label(name))
        for name in drafts_text.REQUIRED_SECTIONS
        if not getattr(draft, name).strip()
    ]
    if not draft.recipients.strip():
        problems.append(_(RECIPIENTS_MISSING))
    if draft.number is None:
        problems.append(_(NUMBER_MISSING))
    if draft.issued_on is None:
        problems.append(_(DATE_MISSING))
    if draft.number is not None and draft.issued_on is not None:
        used = (
            ReportDraft.objects.filter(
                unit=draft.unit,
                status=DraftStatus.FINAL,
                number=draft.number,
                symbol=draft.symbol,
                issued_on__year=draft.issued_on.year,
            )
            .exclude(pk=draft.pk)
            .exists()
        )
        if used:
            problems.append(_(NUMBER_USED).format(number=draft.number, year=draft.issued_on.year))
    if not draft.signer_name.strip():
        problems.append(_(SIGNER_MISSING).format(what=_("họ tên")))
    if not draft.signer_title.strip():
        problems.append(_(SIGNER_MISSING).format(what=_("chức vụ")))
    return problems


def document_checksum(draft: ReportDraft) -> str:
    """The signed document's checksum: its numbers (the run's checksum) and every word the
    board wrote, so that a changed comma makes another document."""
    return checksum_of(
        {
            "numbers": draft.run.checksum,
            "kind": draft.kind,
            "unit": draft.unit.code,
            "years": [draft.first_year, draft.year],
            "edition": draft.edition,
            "replaces": draft.replaces.checksum if draft.replaces_id else "",
            "correction_reason": draft.correction_reason,
            "number": f"{draft.number}/{draft.symbol}",
            "issued_on": draft.issued_on.isoformat() if draft.issued_on else "",
            "recipients": draft.recipients,
            "signer": [draft.signer_capacity, draft.signer_title, draft.signer_name],
            "texts": {name: getattr(draft, name) for name in drafts_text.SECTIONS},
        }
    )


def _file_name(draft: ReportDraft) -> str:
    return (
        f"reports/drafts/{draft.pk}/bao-cao-so-{draft.number}-nam-{draft.year}"
        f"-lan-{draft.edition}.pdf"
    )


@transaction.atomic
def report_draft_finalize(*, draft: ReportDraft, by, version: int) -> ReportDraft:
    """ "Hoàn thành và ký": check every part, freeze the text, render and stamp the PDF."""
    scope.ensure_can_act(by, draft.unit, roles_for(draft.kind))
    current = _locked_for_write(draft=draft, version=version)
    problems = finalize_problems(current)
    if problems:
        raise ValidationError(problems)
    checksum = document_checksum(current)
    current.finalizing = True  # printed without the "DỰ THẢO" mark
    pdf = render_report_pdf(
        run=current.run,
        snapshot=current.run.snapshot,
        issued_on=current.issued_on,
        draft=current,
        checksum=checksum,
    )
    name = _file_name(current)
    if default_storage.exists(name):
        default_storage.delete(name)  # a rolled-back earlier attempt's leftover
    current.pdf.name = default_storage.save(name, ContentFile(pdf))
    current.pdf_sha256 = hashlib.sha256(pdf).hexdigest()
    current.checksum = checksum
    current.status = DraftStatus.FINAL
    current.finalized_at = timezone.now()
    current.finalized_by = by
    current.updated_by = by
    current.version += 1
    current.save()
    return current


@transaction.atomic
def report_draft_correct(*, draft: ReportDraft, by, reason: str) -> ReportDraft:
    """A correction of a signed report: a new edition (a draft) that says what it replaces
    and why, starting from the signed text and the newest numbers of the same report."""
    scope.ensure_can_act(by, draft.unit, roles_for(draft.kind))
    final = ReportDraft.objects.select_for_update().get(pk=draft.pk)
    if not final.is_final:
        raise ValidationError(_(NOT_FINAL))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _(REASON_MISSING)})
    if ReportDraft.objects.filter(replaces=final).exists():
        raise ValidationError(_(ALREADY_CORRECTED))
    if ReportDraft.objects.filter(
        kind=final.kind, unit=final.unit, year=final.year, status=DraftStatus.DRAFT
    ).exists():
        raise ValidationError(_(OPEN_DRAFT_EXISTS))
    newest = (
        ReportRun.objects.filter(
            kind=final.kind,
            unit=final.unit,
            year=final.year,
            is_draft=False,
            status=RunStatus.DONE,
        )
        .order_by("-finished_at", "-pk")
        .first()
    )
    copied = {name: getattr(final, name) for name in EDITABLE if name not in ("number",)}
    copied["issued_on"] = None
    return ReportDraft.objects.create(
        run=newest or final.run,
        kind=final.kind,
        unit=final.unit,
        first_year=final.first_year,
        year=final.year,
        edition=final.edition + 1,
        replaces=final,
        correction_reason=reason,
        symbol=final.symbol,
        updated_by=by,
        **copied,
    )


def signed_report_for_checksum(checksum: str):
    return (
        ReportDraft.objects.filter(status=DraftStatus.FINAL, checksum=checksum)
        .select_related("unit")
        .first()
    )
