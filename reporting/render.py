"""Turn a snapshot into files: the PDF (official layout, via reporting/pdf.py) and the XLSX.

Only numbers of the snapshot are printed, so the PDF and the XLSX always agree with each other
and with the checksum.
"""

import base64
import datetime
import io
from html import escape

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from core import xlsx_write
from core.pdf import render_pdf

from .models import ReportKind, ReportRun
from .selectors import chart_series

CAMPAIGN = "“Toàn dân đoàn kết xây dựng nông thôn mới, đô thị văn minh”"
KIND_PREFIXES = ("Tỉnh ", "Thành phố ", "Thị xã ", "Huyện ", "Xã ", "Phường ", "Thị trấn ")


def vn_number(value) -> str:
    """1234567 -> "1.234.567", 12.5 -> "12,5", None -> "—" (Vietnamese writing)."""
    if value is None or value == "":
        return "—"
    if isinstance(value, float) and not value.is_integer():
        whole, _dot, frac = f"{value:,.2f}".partition(".")
        frac = frac.rstrip("0")
        whole = whole.replace(",", ".")
        return f"{whole},{frac}" if frac else whole
    return f"{int(value):,}".replace(",", ".")


def vn_signed(value) -> str:
    if value is None:
        return "—"
    text = vn_number(abs(value) if not isinstance(value, float) else abs(value))
    if value > 0:
        return f"+{text}"
    if value < 0:
        return f"-{text}"
    return "0"


def vn_compact(value) -> str:
    """Short labels for charts: 31.367.537.077 -> "31,4 tỷ", 4.500.000 -> "4,5 triệu"."""
    if value is None:
        return ""
    for size, word in ((1_000_000_000, "tỷ"), (1_000_000, "triệu")):
        if abs(value) >= size:
            return f"{vn_number(round(value / size, 1))} {word}"
    return vn_number(round(value, 1) if isinstance(value, float) else value)


def place_name(name: str) -> str:
    """ "Tỉnh Hà Tĩnh" -> "Hà Tĩnh": the place line of the document names the place only."""
    for prefix in KIND_PREFIXES:
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name


def title_of(snapshot: dict) -> str:
    kind, first, last = snapshot["kind"], snapshot["first_year"], snapshot["year"]
    phase = snapshot.get("phase")
    if phase and kind == ReportKind.INTERIM_REVIEW:
        return _(
            "Sơ kết 3 năm (%(a)s - %(b)s) thực hiện Cuộc vận động %(c)s giai đoạn %(p)s - %(q)s"
        ) % {"a": first, "b": last, "c": CAMPAIGN, "p": phase["start_year"], "q": phase["end_year"]}
    if kind == ReportKind.INTERIM_REVIEW:
        return _("Sơ kết 3 năm thực hiện Cuộc vận động %(c)s giai đoạn %(a)s - %(b)s") % {
            "c": CAMPAIGN,
            "a": first,
            "b": last,
        }
    if kind == ReportKind.FINAL_REVIEW:
        return _("Tổng kết 5 năm thực hiện Cuộc vận động %(c)s giai đoạn %(a)s - %(b)s") % {
            "c": CAMPAIGN,
            "a": first,
            "b": last,
        }
    if kind == ReportKind.FUND_STATEMENT:
        return _("Kết quả vận động, quản lý và sử dụng Quỹ “Vì người nghèo” năm %(y)s") % {
            "y": last
        }
    if kind == ReportKind.COMPLETENESS:
        return _("Tình hình nộp báo cáo kết quả thực hiện Cuộc vận động %(c)s năm %(y)s") % {
            "c": CAMPAIGN,
            "y": last,
        }
    return _("Kết quả thực hiện Cuộc vận động %(c)s năm %(y)s") % {"c": CAMPAIGN, "y": last}


def verify_url(run: ReportRun, *, checksum: str | None = None) -> str:
    path = reverse("reporting:verify_checksum", args=[checksum or run.checksum])
    return settings.SITE_URL.rstrip("/") + path


def qr_data_uri(text: str) -> str:
    import qrcode
    import qrcode.image.svg

    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, border=1)
    return "data:image/svg+xml;base64," + base64.b64encode(image.to_string()).decode("ascii")


def line_chart_svg(*, title: str, uom: str, years: list[int], values: list) -> str:
    """A small line chart as inline SVG (WeasyPrint draws it as vectors)."""
    width, height = 250, 150
    left, right, top, bottom = 46, 14, 36, 24
    points = [(y, v) for y, v in zip(years, values, strict=True) if v is not None]
    top_value = max((v for _y, v in points), default=0) or 1
    span_x = max(len(years) - 1, 1)

    def xy(i, v):
        x = left + (width - left - right) * i / span_x
        y = top + (height - top - bottom) * (1 - v / top_value)
        return round(x, 1), round(y, 1)

    font = 'font-family="Liberation Serif, Tinos, serif"'
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" class="chart">',
        f'<text x="{width / 2}" y="12" text-anchor="middle" font-size="9" font-weight="bold" '
        f"{font}>{escape(title[:64])}</text>",
        f'<text x="{width / 2}" y="21" text-anchor="middle" font-size="7.5" {font}>'
        f"({escape(uom)})</text>",
        f'<line x1="{left}" y1="{height - bottom}" x2="{width - right}" y2="{height - bottom}" '
        'stroke="#000" stroke-width="0.6"/>',
        f'<line x1="{left}" y1="{top}" x2="{left}" y2="{height - bottom}" stroke="#000" '
        'stroke-width="0.6"/>',
        f'<text x="{left - 3}" y="{top + 3}" text-anchor="end" font-size="7" {font}>'
        f"{vn_compact(top_value)}</text>",
        f'<text x="{left - 3}" y="{height - bottom}" text-anchor="end" font-size="7" {font}>0</text>',
    ]
    for i, year in enumerate(years):
        x, _y = xy(i, 0)
        parts.append(
            f'<text x="{x}" y="{height - bottom + 11}" text-anchor="middle" font-size="7.5" '
            f"{font}>{year}</text>"
        )
    coords = [xy(years.index(y), v) for y, v in points]
    if len(coords) > 1:
        parts.append(
            '<polyline fill="none" stroke="#8b0000" stroke-width="1.5" points="'
            + " ".join(f"{x},{y}" for x, y in coords)
            + '"/>'
        )
    for (x, y), (_year, v) in zip(coords, points, strict=True):
        parts.append(f'<circle cx="{x}" cy="{y}" r="2.2" fill="#8b0000"/>')
        parts.append(
            f'<text x="{x}" y="{y - 4}" text-anchor="middle" font-size="6.5" {font}>'
            f"{vn_compact(v)}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


def shown(row: dict) -> str:
    """A total as the report prints it: a yes/no as "N/M đơn vị", the rest as a number."""
    if row.get("aggregation") == "count_yes" and row.get("value") is not None:
        return _("%(n)s/%(m)s đơn vị") % {"n": vn_number(row["value"]), "m": row["reporters"]}
    return vn_number(row.get("value"))


def printed_areas(block: dict) -> list[dict]:
    """The block's areas with what each row prints (copies: the snapshot stays as hashed)."""
    expected = (block.get("coverage") or {}).get("expected", 0)
    # a rural-only (urban-only) indicator is asked of the rural (urban) units only
    by_type = (block.get("outcomes") or {}).get("expected_by_type") or {}
    reporters = {r["code"]: r["reporters"] for a in block.get("areas", []) for r in a["rows"]}
    areas = []
    for area in block.get("areas", []):
        rows = []
        for row in area["rows"]:
            covered = row["reporters"]
            if row.get("aggregation") == "ratio":  # computed: the units that gave both terms
                covered = min(
                    reporters.get(row.get("numerator"), 0),
                    reporters.get(row.get("denominator"), 0),
                )
            rows.append(
                {
                    **row,
                    "shown": shown(row),
                    "shown_previous": shown({**row, "value": row.get("previous")})
                    if row.get("aggregation") != "count_yes"
                    else vn_number(row.get("previous")),
                    "covered": _("%(n)s/%(m)s đơn vị")
                    % {"n": covered, "m": by_type.get(row.get("applies_to"), expected)},
                }
            )
        areas.append({**area, "rows": rows})
    return areas


def document_of(*, run: ReportRun, draft=None) -> dict:
    """The board's part of the document: number, texts, recipients, signer (empty for a run
    printed on its own; the kinds the board finishes are then marked as drafts)."""
    from . import drafts_text
    from .models import DRAFT_KINDS

    if draft is None:
        return {"final": run.kind not in DRAFT_KINDS}
    replaced = draft.replaces
    return {
        "final": draft.is_final or getattr(draft, "finalizing", False),
        "number": draft.number,
        "symbol": draft.symbol,
        "replaces": replaced.number_label if replaced else "",
        "correction_reason": draft.correction_reason,
        "recipients": drafts_text.paragraphs(draft.recipients),
        "signer_name": draft.signer_name,
        "signer_title": draft.signer_title,
        "signer_capacity": draft.signer_capacity,
        **{name: drafts_text.paragraphs(getattr(draft, name)) for name in drafts_text.SECTIONS},
    }


def pdf_context(
    *,
    run: ReportRun,
    snapshot: dict,
    issued_on: datetime.date,
    draft=None,
    checksum: str | None = None,
) -> dict:
    from . import drafts_text

    unit = snapshot["unit"]
    is_province = unit["level"] == "province"
    years = [b["year"] for b in snapshot["years"]]
    charts = [
        line_chart_svg(title=s["name"], uom=s["uom"], years=years, values=s["values"])
        for s in chart_series(snapshot.get("trends", []))
    ]
    last = snapshot["years"][-1]
    titles = {a["number"]: a["title"] for b in snapshot["years"] for a in b.get("areas", [])}
    trend_areas = []
    for row in snapshot.get("trends", []):
        if not trend_areas or trend_areas[-1]["number"] != row["area"]:
            trend_areas.append(
                {"number": row["area"], "title": titles.get(row["area"], ""), "rows": []}
            )
        if row["uom"] == "đồng":  # five money columns only fit the page in millions
            row = {
                **row,
                "uom": _("triệu đồng"),
                "values": [None if v is None else round(v / 1_000_000, 1) for v in row["values"]],
            }
        trend_areas[-1]["rows"].append(row)
    return {
        "trend_areas": trend_areas,
        "run": run,
        "snapshot": snapshot,
        "unit": unit,
        "is_province": is_province,
        "is_review": len(years) > 1,
        "years": years,
        "last": last,
        "last_areas": [a for a in printed_areas(last) if a.get("kind") != "chi_dao"],
        "direction_areas": [a for a in printed_areas(last) if a.get("kind") == "chi_dao"],
        "title": title_of(snapshot),
        "place": place_name(unit["name"]),
        "issued_on": issued_on,
        "charts": charts,
        "verify_url": verify_url(run, checksum=checksum),
        "qr": qr_data_uri(verify_url(run, checksum=checksum)),
        "checksum": checksum or run.checksum,
        "doc": document_of(run=run, draft=draft),
        "difficulties": drafts_text.group_statements(last.get("narratives", []), "difficulties"),
        "proposals": drafts_text.group_statements(last.get("narratives", []), "proposals"),
        "targets": drafts_text.plan_targets(unit=run.unit, year=snapshot["year"], block=last)
        if "areas" in last
        else [],
    }


def render_report_pdf(
    *,
    run: ReportRun,
    snapshot: dict,
    issued_on: datetime.date,
    draft=None,
    checksum: str | None = None,
) -> bytes:
    context = pdf_context(
        run=run, snapshot=snapshot, issued_on=issued_on, draft=draft, checksum=checksum
    )
    return render_pdf(render_to_string("reporting/report_pdf.html", context))


# -- XLSX -------------------------------------------------------------------------------------

# one cell; text that a spreadsheet would run as a formula stays text
_put = xlsx_write.put


def _sheet(wb, title: str, header: list[str], rows: list[list]):
    from openpyxl.styles import Font

    ws = wb.create_sheet(title=title[:31])
    for col, text in enumerate(header, start=1):
        _put(ws, 1, col, text).font = Font(bold=True)
    for r, values in enumerate(rows, start=2):
        for col, value in enumerate(values, start=1):
            _put(ws, r, col, value)
    for col in range(1, len(header) + 1):
        letter = ws.cell(row=1, column=col).column_letter
        ws.column_dimensions[letter].width = 60 if col == 2 else 16
    ws.freeze_panes = "A2"
    return ws


STATUS_LABELS = {
    "missing": "Chưa nộp",
    "draft": "Đang soạn",
    "submitted": "Đã nộp",
    "returned": "Bị trả lại",
    "accepted": "Đã tiếp nhận",
}


def render_report_xlsx(*, run: ReportRun, snapshot: dict) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    info = wb.active
    info.title = _("Thông tin")
    for r, (label, value) in enumerate(
        [
            (_("Báo cáo"), title_of(snapshot)),
            (_("Đơn vị"), snapshot["unit"]["name"]),
            (_("Năm"), run.years_label),
            (_("Bản nháp"), _("Có") if snapshot["draft"] else _("Không")),
            (_("Số lượt lập"), run.pk),
            (_("Mã kiểm tra (SHA-256)"), run.checksum),
            (_("Kiểm tra tại"), verify_url(run)),
        ],
        start=1,
    ):
        _put(info, r, 1, label)
        _put(info, r, 2, value)
    info.column_dimensions["A"].width = 24
    info.column_dimensions["B"].width = 100

    blocks = snapshot["years"]
    years = [b["year"] for b in blocks]
    last = blocks[-1]
    if "completeness" in last:
        units = last["completeness"]["units"]
        orgs = last["completeness"].get("organizations", [])
        _sheet(
            wb,
            _("Tình hình báo cáo"),
            [_("Mã"), _("Đơn vị"), _("Trạng thái"), _("Thời hạn nộp"), _("Ngày nộp")],
            [
                [
                    u["code"],
                    u["name"],
                    STATUS_LABELS.get(u["status"], u["status"]),
                    u.get("timeliness_label", ""),
                    u["submitted_on"] or "",
                ]
                for u in units
            ]
            + [
                [
                    "",
                    o["name"],
                    STATUS_LABELS.get(o["status"], o["status"]),
                    o["timeliness_label"],
                    o["submitted_on"] or "",
                ]
                for o in orgs
            ],
        )
    if last.get("by_unit"):
        figures = last["by_unit"]
        _sheet(
            wb,
            _("Phụ lục 1 - Từng đơn vị"),
            [
                _("Mã"),
                _("Đơn vị"),
                *[
                    f"{c['name']} ({c['uom']})" if c["uom"] else c["name"]
                    for c in figures["columns"]
                ],
            ],
            [[r["code"], r["name"], *r["values"]] for r in figures["rows"]],
        )
    if len(blocks) == 1 and last.get("areas"):
        y = last["year"]
        if last.get("coverage"):
            _put(info, 8, 1, _("Số liệu tổng hợp từ"))
            _put(info, 8, 2, last["coverage"]["label"])
            if last.get("changes_note"):
                _put(info, 9, 1, _("Ghi chú"))
                _put(info, 9, 2, last["changes_note"])
        for area in printed_areas(last):
            _sheet(
                wb,
                _("Chỉ đạo, tổ chức thực hiện")
                if area.get("kind") == "chi_dao"
                else _("Nội dung %(n)s") % {"n": area["number"]},
                [
                    _("Mã"),
                    _("Chỉ tiêu"),
                    _("Đơn vị tính"),
                    _("Năm %(y)s") % {"y": y},
                    _("Năm %(y)s") % {"y": y - 1},
                    _("Tăng (+), giảm (-)"),
                    _("Đơn vị có số liệu"),
                    _("Số liệu trên Cổng (đối chiếu)"),
                    _("Nguồn đối chiếu"),
                ],
                [
                    [
                        r["code"],
                        r["name"],
                        r["uom"],
                        r["shown"] if r.get("aggregation") == "count_yes" else r["value"],
                        r["previous"],
                        r["change"],
                        r["covered"],
                        (r.get("portal") or {}).get("value"),
                        (r.get("portal") or {}).get("text", ""),
                    ]
                    for r in area["rows"]
                ],
            )
        if last.get("outcomes"):  # reporting/outcomes.py: the portal's books of decisions
            _sheet(
                wb,
                _("Nông thôn mới, đô thị văn minh"),
                [_("Nội dung"), _("Năm %(y)s") % {"y": y}, _("Trên tổng số"), _("Tỷ lệ %")]
                + [_("Năm %(y)s") % {"y": y - 1}],
                [
                    [r["name"], r["value"], r["of"], r["pct"], r["previous"]]
                    for r in last["outcomes"]["lines"]
                ],
            )
    elif len(blocks) > 1:
        for area_number in sorted({t["area"] for t in snapshot.get("trends", [])}):
            rows = [t for t in snapshot.get("trends", []) if t["area"] == area_number]
            _sheet(
                wb,
                _("Chỉ đạo, tổ chức thực hiện")
                if area_number == 6  # the direction group (campaign.results.indicators)
                else _("Nội dung %(n)s") % {"n": area_number},
                [
                    _("Mã"),
                    _("Chỉ tiêu"),
                    _("Đơn vị tính"),
                    *[_("Năm %(y)s") % {"y": y} for y in years],
                ],
                [[t["code"], t["name"], t["uom"], *t["values"]] for t in rows],
            )
    fund_rows = []
    for b in blocks:
        fund, houses = b.get("fund"), b.get("houses")
        if fund:
            c = fund["current"]
            fund_rows += [
                [b["year"], _("Số dư đầu năm"), c["opening"]],
                [b["year"], _("Tổng thu"), c["receipts_total"]],
                [b["year"], _("Tổng chi"), c["spending_total"]],
                [b["year"], _("Nhận chuyển từ quỹ khác"), c["transfers_in"]],
                [b["year"], _("Chuyển sang quỹ khác"), c["transfers_out"]],
                [b["year"], _("Số dư cuối năm"), c["closing"]],
            ]
            fund_rows += [
                [b["year"], _("Thu: %(k)s") % {"k": k}, v] for k, v in c["receipts_by_drive"]
            ]
            fund_rows += [
                [b["year"], _("Chi: %(k)s") % {"k": k}, v] for k, v in c["spending_by_purpose"]
            ]
            p = fund["poverty"]
            fund_rows += [
                [b["year"], _("Hộ nghèo"), p["poor"]],
                [b["year"], _("Hộ cận nghèo"), p["near_poor"]],
                [b["year"], _("Hộ nghèo có người, tổ chức giúp đỡ"), p["poor_supported"]],
            ]
        if houses:
            fund_rows += [
                [b["year"], _("Nhà Đại đoàn kết xây mới"), houses["current"]["new"]],
                [b["year"], _("Nhà Đại đoàn kết sửa chữa"), houses["current"]["repair"]],
                [b["year"], _("Tổng hỗ trợ nhà (đồng)"), houses["support_total"]],
            ]
    if fund_rows:
        _sheet(wb, _("Quỹ, nhà Đại đoàn kết"), [_("Năm"), _("Nội dung"), _("Số liệu")], fund_rows)
    title_rows = []
    for b in blocks:
        t = b.get("titles")
        if not t:
            continue
        c = t["current"]
        # the portal's register beside the returns, never as a share of the province's
        # households (the rates are Section II's, from the returns)
        book = (b.get("books") or {}).get("titles", {}).get("text", "")
        title_rows += [
            [b["year"], _("Hộ đạt “Gia đình văn hóa” (%(s)s)") % {"s": book}, c["families"]],
            [b["year"], _("Khu dân cư đạt danh hiệu văn hóa (%(s)s)") % {"s": book}, c["areas"]],
        ]
        title_rows += [
            [b["year"], f"{r['form']} - {r['level']}", r["count"]] for r in t["commendations"]
        ]
    if title_rows:
        _sheet(wb, _("Danh hiệu, khen thưởng"), [_("Năm"), _("Nội dung"), _("Số liệu")], title_rows)
    act_rows = []
    for b in blocks:
        a = b.get("activities")
        if not a:
            continue
        act_rows += [
            [b["year"], r["kind"], r["sessions"], r["participants"]] for r in a["activities"]
        ]
        act_rows.append(
            [b["year"], _("Mô hình điểm, tự quản đang hoạt động"), a["pilot_models_total"], None]
        )
        f = a["festivals"]
        act_rows.append(
            [b["year"], _("Khu dân cư tổ chức Ngày hội Đại đoàn kết"), f["held"], f["participants"]]
        )
    if act_rows:
        _sheet(
            wb,
            _("Hoạt động, mô hình"),
            [_("Năm"), _("Nội dung"), _("Số buổi, số lượng"), _("Số người tham gia")],
            act_rows,
        )
    if last.get("narratives"):
        _sheet(
            wb,
            _("Khó khăn, đề xuất"),
            [_("Đơn vị"), _("Khó khăn, vướng mắc"), _("Đề xuất, kiến nghị"), _("Gương điển hình")],
            [
                [n["reporter"], n["difficulties"], n["proposals"], n["highlights"]]
                for n in last["narratives"]
            ],
        )
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
