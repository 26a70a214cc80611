"""PDF and XLSX of statements, receipts and the public page."""

import io

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook
from openpyxl.styles import Font

from core import xlsx_write
from core.pdf import render_pdf

from .selectors import Statement, public_beneficiary


def cell(value):
    return str(value) if isinstance(value, Promise) else value


def _book(title: str) -> tuple[Workbook, object]:
    wb = Workbook()
    ws = wb.active
    ws.title = title[:31]
    return wb, ws


def _save(wb: Workbook) -> bytes:
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _rows(ws, rows, bold=False):
    for row in rows:
        # text a spreadsheet would run as a formula is written as text (core.xlsx.append)
        xlsx_write.append(ws, [cell(v) for v in row])
        if bold:
            for c in ws[ws.max_row]:
                c.font = Font(bold=True)


def statement_xlsx(st: Statement, title: str) -> bytes:
    wb, ws = _book(_("Sao kê"))
    _rows(ws, [[title], [_("Từ ngày"), st.start, _("Đến ngày"), st.end], []], bold=True)
    _rows(ws, [[_("Số dư đầu kỳ"), st.opening]], bold=True)
    _rows(ws, [[_("Thu theo đợt vận động")]], bold=True)
    _rows(ws, [[label, total] for label, total in st.receipts_by_drive])
    _rows(ws, [[_("Thu theo loại người ủng hộ")]], bold=True)
    _rows(ws, [[label, total] for label, total in st.receipts_by_donor_kind])
    _rows(ws, [[_("Tổng thu"), st.receipts_total]], bold=True)
    _rows(ws, [[_("Chi theo mục đích")]], bold=True)
    _rows(ws, [[label, total] for label, total in st.spending_by_purpose])
    _rows(ws, [[_("Tổng chi"), st.spending_total]], bold=True)
    _rows(ws, [[_("Nhận điều chuyển"), st.transfers_in], [_("Điều chuyển đi"), st.transfers_out]])
    _rows(ws, [[_("Số dư cuối kỳ"), st.closing]], bold=True)
    ws.column_dimensions["A"].width = 48
    ws.column_dimensions["B"].width = 18
    for row in ws.iter_rows(min_col=2, max_col=2):
        for c in row:
            if isinstance(c.value, int):
                c.number_format = "#,##0"
    return _save(wb)


def public_xlsx(*, fund, start, end, donations, disbursements) -> bytes:
    # "Thu" alone is Thursday in Django's catalogue ("Thứ 5"): the ledger's context keeps it "Thu"
    wb, ws = _book(pgettext("sổ quỹ", "Thu"))
    _rows(ws, [[fund.name], [_("Từ ngày"), start, _("Đến ngày"), end], []], bold=True)
    _rows(
        ws,
        [[_("Ngày"), _("Số phiếu"), _("Người ủng hộ"), _("Số tiền (đồng)"), _("Ghi chú")]],
        bold=True,
    )
    for d in donations:
        sign = -1 if d.reverses_id else 1
        note = _("Đảo bút toán") if d.reverses_id else ""
        _rows(ws, [[d.date, d.receipt_label, d.public_donor, sign * d.amount, note]])
    out = wb.create_sheet(_("Chi"))
    _rows(
        out,
        [
            [
                _("Ngày"),
                _("Mục đích"),
                _("Người/nội dung nhận"),
                _("Số tiền (đồng)"),
                _("Số quyết định"),
            ]
        ],
        bold=True,
    )
    for d in disbursements:
        sign = -1 if d.reverses_id else 1
        _rows(
            out,
            [
                [
                    d.date,
                    d.get_purpose_display(),
                    public_beneficiary(d),
                    sign * d.amount,
                    d.decision_number,
                ]
            ],
        )
    return _save(wb)


def _pdf(template: str, context: dict, request=None) -> bytes:
    context = {"printed_on": timezone.localdate(), **context}
    html = render_to_string(template, context, request=request)
    base_url = request.build_absolute_uri("/") if request else None
    return render_pdf(html, base_url=base_url)


def statement_pdf(st: Statement, title: str, issuer, request=None) -> bytes:
    return _pdf(
        "poverty_fund/pdf/statement.html",
        {"st": st, "title": title, "issuer_name": issuer.name},
        request,
    )


def receipt_pdf(donation, request=None) -> bytes:
    return _pdf(
        "poverty_fund/pdf/receipt.html",
        {"d": donation, "fund": donation.fund, "issuer_name": donation.fund.unit.name},
        request,
    )


def public_pdf(*, fund, start, end, donations, disbursements, request=None) -> bytes:
    rows = [(d, public_beneficiary(d)) for d in disbursements]
    return _pdf(
        "poverty_fund/pdf/public.html",
        {
            "fund": fund,
            "issuer_name": fund.unit.name,
            "start": start,
            "end": end,
            "donations": donations,
            "disbursements": rows,
        },
        request,
    )
