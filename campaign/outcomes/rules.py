"""The status ladder of a commune-level unit, computed from its decisions (no query here).

Decided rule (issue #16, item 4): a xã climbs nông thôn mới -> nâng cao -> kiểu mẫu, one level
at a time; a level is kept year after year once recognised (a new decision at the same level,
"công nhận lại", is accepted) and is lost only by a decision that withdraws it, which takes back
that level and every level above it. A phường or thị trấn has one level, đô thị văn minh. A
recognition below the level held is refused: record the withdrawal first."""

from .models import UnitStatus

NTM_LADDER = [UnitStatus.NTM, UnitStatus.NTM_ADVANCED, UnitStatus.NTM_MODEL]
RANK = {
    UnitStatus.NTM: 1,
    UnitStatus.NTM_ADVANCED: 2,
    UnitStatus.NTM_MODEL: 3,
    UnitStatus.URBAN: 1,
}
RURAL_KINDS = frozenset({"xa"})
URBAN_KINDS = frozenset({"phuong", "thi_tran"})

WRONG_KIND_NTM = (
    "{unit} là {kind}: chuẩn nông thôn mới (đạt chuẩn, nâng cao, kiểu mẫu) chỉ xét cho xã; "
    "phường, thị trấn xét chuẩn đô thị văn minh."
)
WRONG_KIND_URBAN = (
    "{unit} là {kind}: chuẩn đô thị văn minh chỉ xét cho phường, thị trấn; xã xét chuẩn nông "
    "thôn mới."
)
NOT_COMMUNE = (
    "Chuẩn nông thôn mới, đô thị văn minh chỉ xét cho đơn vị cấp xã (xã, phường, thị trấn)."
)
LEVEL_SKIPPED = (
    "{unit} chưa đạt “{below}” tại ngày {date}: phải đạt mức đó trước khi được công nhận “{level}”."
)
LEVEL_LOWER = (
    "{unit} đang giữ mức “{held}” tại ngày {date}: không công nhận mức thấp hơn. Nếu mức đó đã "
    "bị thu hồi, hãy ghi quyết định thu hồi trước."
)
NOTHING_TO_WITHDRAW = "{unit} không giữ mức “{level}” tại ngày {date}: không có gì để thu hồi."
LATER_BREAKS = (
    "Không thể xóa: các quyết định sau đó của {unit} sẽ không còn hợp lệ ({reason}). Hãy xóa "
    "các quyết định sau trước."
)


def track_of(status: str) -> str:
    return "urban" if status == UnitStatus.URBAN else "ntm"


def ladder_of(status: str) -> list[str]:
    return [UnitStatus.URBAN] if status == UnitStatus.URBAN else NTM_LADDER


def level_after(held: int, decision) -> tuple[int, str | None]:
    """The rank held after `decision` (given `held` on its track), or the reason it is refused
    (a key of the messages above)."""
    rank = RANK[decision.status]
    if decision.withdraws:
        if held < rank:
            return held, "nothing"
        return rank - 1, None
    if rank > held + 1:
        return held, "skipped"
    if rank < held:
        return held, "lower"
    return rank, None


def replay(decisions) -> tuple[dict[str, int], list[tuple[object, str]]]:
    """Apply `decisions` (of one unit, in order of date) and return the rank held on each track
    and the decisions refused with their reason."""
    held = {"ntm": 0, "urban": 0}
    refused = []
    for d in decisions:
        track = track_of(d.status)
        new, reason = level_after(held[track], d)
        if reason:
            refused.append((d, reason))
        held[track] = new
    return held, refused


def status_label(track: str, rank: int) -> str:
    if rank <= 0:
        return ""
    ladder = [UnitStatus.URBAN] if track == "urban" else NTM_LADDER
    return ladder[rank - 1].label


def ordered(decisions) -> list:
    return sorted(decisions, key=lambda d: (d.decision_date, d.pk or 0))


def held_in_year(decisions, year: int) -> dict[str, int]:
    """The ranks held at the end of `year`: every decision for that year or before (a decision
    for a year is often signed early the next year, so it counts by its `year`)."""
    held, _refused = replay(ordered([d for d in decisions if d.year <= year]))
    return held
