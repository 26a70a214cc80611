"""Download names of the reports in Vietnamese words, never internal codes.

    report_filename(kind="annual_province", unit_name="Tỉnh Hà Tĩnh", first_year=2025,
                    year=2025, ext="docx")
    -> "Báo-cáo-kết-quả-năm-2025-tỉnh-Hà-Tĩnh.docx"

`content_disposition(name)` gives the header with both forms: `filename="..."` folded to
ASCII ("Bao-cao-ket-qua-nam-2025-tinh-Ha-Tinh.docx") for old clients, and RFC 5987's
`filename*=UTF-8''...` with the Vietnamese words, which browsers prefer.
"""

import re
import unicodedata
from urllib.parse import quote

from .models import ReportKind

# what each kind of report is called in a file name (its years and unit follow)
KIND_WORDS = {
    ReportKind.ANNUAL_PROVINCE: "Báo cáo kết quả năm {years}",
    ReportKind.ANNUAL_UNIT: "Báo cáo kết quả năm {years}",
    ReportKind.INTERIM_REVIEW: "Báo cáo sơ kết giai đoạn {years}",
    ReportKind.FINAL_REVIEW: "Báo cáo tổng kết giai đoạn {years}",
    ReportKind.FUND_STATEMENT: "Báo cáo Quỹ Vì người nghèo năm {years}",
    ReportKind.COMPLETENESS: "Tình hình nộp báo cáo năm {years}",
}
# the unit's kind is a common noun inside a name: "Tỉnh Hà Tĩnh" -> "tỉnh Hà Tĩnh"
UNIT_KINDS = ("Tỉnh", "Thành phố", "Thị xã", "Huyện", "Xã", "Phường", "Thị trấn")
DRAFT_WORDS = "dự thảo"
_UNSAFE = re.compile(r"[^\w]+", re.UNICODE)
_D = str.maketrans({"đ": "d", "Đ": "D"})


def _unit_words(name: str) -> str:
    for kind in UNIT_KINDS:
        if name.startswith(kind + " "):
            return kind.lower() + name[len(kind) :]
    return name


def report_filename(
    *,
    kind: str,
    unit_name: str,
    first_year: int,
    year: int,
    ext: str,
    draft: bool = False,
    number: int | None = None,
) -> str:
    """The report's download name in Vietnamese words joined by hyphens, with its extension."""
    years = str(year) if first_year == year else f"{first_year}-{year}"
    words = KIND_WORDS.get(kind, "Báo cáo năm {years}").format(years=years)
    parts = [words]
    if number:
        parts.insert(0, f"Số {number}")
    parts.append(_unit_words(unit_name))
    if draft:
        parts.append(DRAFT_WORDS)
    text = unicodedata.normalize("NFC", " ".join(parts))
    stem = "-".join(p for p in _UNSAFE.split(text) if p)
    return f"{stem}.{ext}"


def ascii_folded(name: str) -> str:
    """ "Báo-cáo-…-Hà-Tĩnh.pdf" -> "Bao-cao-…-Ha-Tinh.pdf" (đ as d)."""
    decomposed = unicodedata.normalize("NFD", name.translate(_D))
    stripped = "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
    return stripped.encode("ascii", "ignore").decode("ascii")


def content_disposition(name: str, *, attachment: bool = True) -> str:
    disposition = "attachment" if attachment else "inline"
    plain = ascii_folded(name).replace("\\", "").replace('"', "")
    return f"{disposition}; filename=\"{plain}\"; filename*=UTF-8''{quote(name, safe='')}"


def run_filename(run, *, ext: str, draft: bool | None = None) -> str:
    """The name of a report run's file (`run`: a ReportRun, or its draft with the same
    fields: kind, unit, first_year, year)."""
    return report_filename(
        kind=run.kind,
        unit_name=run.unit.name,
        first_year=run.first_year,
        year=run.year,
        ext=ext,
        draft=run.is_draft if draft is None else draft,
    )


def attach(response, name: str):
    """Set the response's Content-Disposition to download `name` (both forms)."""
    response["Content-Disposition"] = content_disposition(name)
    return response
