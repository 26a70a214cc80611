"""The Word file of a finished report run, made on request from the run's stored snapshot
(the same numbers as its PDF and XLSX, whenever it is asked for)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from . import filenames, views
from .docx import render_report_docx
from .models import RunStatus

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
NO_FILE = "Báo cáo chưa có tệp này."


def _board_draft(run):
    """The board's edition that carries the run's numbers (its number, texts, signer)."""
    drafts = getattr(run, "drafts", None)
    return drafts.order_by("-edition", "-pk").first() if drafts is not None else None


@login_required
def download_docx(request, pk):
    run = views._run_get(request, pk)  # the PDF's own access rule: 404 outside scope
    if run.status != RunStatus.DONE or not run.snapshot:
        raise Http404(_(NO_FILE))
    draft = _board_draft(run)
    final = draft is not None and draft.is_final
    issued_on = (draft.issued_on if draft is not None else None) or timezone.localtime(
        run.finished_at or run.created_at
    ).date()
    content = render_report_docx(
        run=run,
        snapshot=run.snapshot,
        issued_on=issued_on,
        draft=draft,
        checksum=draft.checksum if final else None,
    )
    name = filenames.run_filename(
        run, ext="docx", draft=run.is_draft or (draft is not None and not final)
    )
    return filenames.attach(HttpResponse(content, content_type=DOCX_TYPE), name)
