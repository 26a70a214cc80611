"""What a new draft's text sections start from, and what the units wrote, grouped and counted.

The board writes the report's assessment; the portal only starts the parts it can state from
its records (how the campaign was run, the results against the plan) and groups what the
units wrote (difficulties, recommendations) so that a sentence repeated by 23 units is one
line "(23 đơn vị)", never 23 pasted paragraphs.
"""

import re
from decimal import Decimal

from campaign.results.numbers import format_number as vn_number
from residential_areas.models import AdministrativeUnit

SECTIONS = (
    "direction",
    "results",
    "strengths",
    "shortcomings",
    "lessons",
    "next_tasks",
    "recommendations",
)
# the parts a report cannot be signed without (the results part is the tables; its text is
# the board's comment on them and may stay empty)
REQUIRED_SECTIONS = tuple(s for s in SECTIONS if s != "results")

_SPACES = re.compile(r"\s+")


def _key(text: str) -> str:
    return _SPACES.sub(" ", text).strip().rstrip(".;").casefold()


def group_statements(narratives: list[dict], field: str) -> list[dict]:
    """The units' sentences of one kind, one line per distinct sentence with how many units
    wrote it, the most shared first."""
    groups: dict[str, dict] = {}
    for n in narratives:
        for line in (n.get(field) or "").splitlines():
            line = _SPACES.sub(" ", line).strip().lstrip("-–• ").strip()
            if not line:
                continue
            group = groups.setdefault(
                _key(line), {"text": line.rstrip(".;"), "count": 0, "reporters": []}
            )
            if n["reporter"] not in group["reporters"]:
                group["reporters"].append(n["reporter"])
                group["count"] += 1
    return sorted(groups.values(), key=lambda g: (-g["count"], g["text"]))


def paragraphs(text: str) -> list[str]:
    return [p.strip() for p in (text or "").splitlines() if p.strip()]


def plan_targets(*, unit: AdministrativeUnit, year: int, block: dict) -> list[dict]:
    """The year's plan targets of `unit` with what was achieved: a target is matched to the
    indicator of the same name (the plan writes its targets in the indicators' words)."""
    from campaign.activities.models import PlanTarget

    rows = {r["name"].casefold(): r for a in block.get("areas", []) for r in a["rows"]}
    targets = []
    for t in PlanTarget.objects.filter(plan__unit=unit, plan__year=year).order_by(
        "content_area__number", "pk"
    ):
        row = rows.get(t.description.strip().casefold())
        targets.append(
            {
                "description": t.description,
                "target": _plain(t.target_value),
                "uom": t.unit_of_measure,
                "actual": row["value"] if row else None,
            }
        )
    return targets


def _plain(value):
    if value is None:
        return None
    d = Decimal(value)
    return int(d) if d == d.to_integral_value() else float(d)


def _direction(*, unit: AdministrativeUnit, year: int, block: dict) -> str:
    from campaign.activities.models import Assignment, YearlyPlan

    lines = []
    plan = YearlyPlan.objects.filter(unit=unit, year=year).first()
    if plan is not None:
        doc = f" số {plan.document_number}" if plan.document_number else ""
        on = f" ngày {plan.issued_on:%d/%m/%Y}" if plan.issued_on else ""
        lines.append(
            f"Ban Thường trực ban hành Kế hoạch{doc}{on} thực hiện Cuộc vận động năm {year} "
            f"với chủ đề “{plan.theme}”."
        )
    assigned = Assignment.objects.filter(unit=unit, year=year).count()
    if assigned:
        lines.append(f"Phân công {assigned} nhiệm vụ cho các tổ chức thành viên chủ trì.")
    activities = block.get("activities") or {}
    books = (block.get("books") or {}).get("activities", {}).get("text", "")
    for row in activities.get("activities", []):
        lines.append(
            f"{row['kind']}: {vn_number(row['sessions'])} buổi, cuộc với "
            f"{vn_number(row['participants'])} lượt người tham gia (theo {books})."
        )
    if activities:
        festivals = activities.get("festivals", {})
        lines.append(
            f"{vn_number(activities.get('pilot_models_total', 0))} mô hình điểm, mô hình tự quản "
            f"hoạt động; {vn_number(festivals.get('held', 0))} khu dân cư tổ chức Ngày hội Đại "
            f"đoàn kết toàn dân tộc (theo {books})."
        )
    return "\n".join(lines)


def _results(*, block: dict, targets: list[dict]) -> str:
    """A sentence on the year's targets, not their figures: the report prints each figure once,
    in its tables (the coverage above them, the targets in "Kết quả so với kế hoạch năm")."""
    judged = [t for t in targets if t["actual"] is not None and t["target"] is not None]
    if not judged:
        return ""
    reached = [t["description"] for t in judged if t["actual"] >= t["target"]]
    missed = [t["description"] for t in judged if t["actual"] < t["target"]]
    lines = [
        f"Đạt {len(reached)}/{len(judged)} chỉ tiêu kế hoạch năm có số liệu "
        "(chi tiết tại bảng “Kết quả so với kế hoạch năm”)."
    ]
    if missed:
        lines.append("Chưa đạt: " + "; ".join(missed) + ".")
    return "\n".join(lines)


def _listed(groups: list[dict], lead: str) -> str:
    if not groups:
        return ""
    lines = [lead]
    lines += [f"- {g['text']} ({g['count']} đơn vị)." for g in groups]
    return "\n".join(lines)


def prefill(*, unit: AdministrativeUnit, snapshot: dict) -> dict[str, str]:
    """The text a new draft starts with."""
    block = snapshot["years"][-1]
    year = snapshot["year"]
    narratives = block.get("narratives", [])
    targets = plan_targets(unit=unit, year=year, block=block)
    return {
        "direction": _direction(unit=unit, year=year, block=block),
        "results": _results(block=block, targets=targets),
        "strengths": "",
        "shortcomings": _listed(
            group_statements(narratives, "difficulties"),
            "Khó khăn, vướng mắc các đơn vị nêu (cần Ban Thường trực đánh giá nguyên nhân):",
        ),
        "lessons": "",
        "next_tasks": "",
        "recommendations": _listed(
            group_statements(narratives, "proposals"),
            "Tổng hợp kiến nghị của các đơn vị (Ban Thường trực chọn, viết thành kiến nghị của "
            "tỉnh):",
        ),
    }
