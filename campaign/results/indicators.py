"""The demo indicator set, drawn from section II of the province's plan.

(code, content area, name, unit of measure, value type, aggregation, extra) — extra may hold
part_of (the whole this is a part of), num/den for ratios, min/max plausible values, required.

Roll-ups by meaning (campaign.results.models.Aggregation): counts add up; a rate the portal
computes is a ratio naming its two counts; a rate each unit types (health insurance, poor
households with a supporter) is weighted by the whole it names, so the province's rate is
Σ part / Σ whole; a yes/no counts the units that have it ("N/M đơn vị").

Extra keys besides those: "applies" ("rural" or "urban": the indicator is asked only of units of
that kind, campaign.results.indicators.applies), "from" (the first year whose set has it: the
plan items added in 2026, issue #16). Group 6 is not a content area: it holds how the campaign
is directed and run (outreach, training, pilots, budget; the seed, section III) and is printed
apart from the five content areas.
"""

H = "households_total"
A = "residential_areas_total"
RURAL = {"applies": "rural"}
URBAN = {"applies": "urban"}
NEW_2026 = 2026  # the plan items that had no indicator until issue #16

# the group of indicators on how the campaign is run: number, title, short title
DIRECTION_GROUP = (
    6,
    "Công tác chỉ đạo, tổ chức thực hiện Cuộc vận động",
    "Chỉ đạo, tổ chức thực hiện",
)

INDICATORS = [
    ("households_total", 1, "Tổng số hộ gia đình", "hộ", "integer", "sum", {"required": True}),
    ("population_total", 1, "Tổng số nhân khẩu", "người", "integer", "sum", {"required": True}),
    (
        "residential_areas_total",
        1,
        "Tổng số khu dân cư",
        "khu",
        "integer",
        "sum",
        {"required": True},
    ),
    (
        "land_donated_households",
        1,
        "Số hộ hiến đất làm đường giao thông, công trình công cộng",
        "hộ",
        "integer",
        "sum",
        {"part_of": H},
    ),
    ("land_donated_m2", 1, "Diện tích đất nhân dân hiến", "m²", "decimal", "sum", {}),
    ("labour_days", 1, "Số ngày công nhân dân đóng góp", "ngày công", "integer", "sum", {}),
    (
        "contributions_money",
        1,
        "Số tiền nhân dân đóng góp xây dựng nông thôn mới, đô thị văn minh",
        "đồng",
        "integer",
        "sum",
        {},
    ),
    (
        "safe_food_households",
        1,
        "Số hộ đăng ký sản xuất, kinh doanh thực phẩm an toàn",
        "hộ",
        "integer",
        "sum",
        {"part_of": H},
    ),
    (
        "cooperative_households",
        1,
        "Số hộ tham gia tổ hợp tác, hợp tác xã",
        "hộ",
        "integer",
        "sum",
        {"part_of": H, **RURAL},
    ),
    (
        "farm_models",
        1,
        "Số mô hình kinh tế vườn đồi, trang trại",
        "mô hình",
        "integer",
        "sum",
        RURAL,
    ),
    ("poor_households", 1, "Số hộ nghèo", "hộ", "integer", "sum", {"part_of": H}),
    ("near_poor_households", 1, "Số hộ cận nghèo", "hộ", "integer", "sum", {"part_of": H}),
    (
        "households_left_poverty",
        1,
        "Số hộ thoát nghèo trong năm",
        "hộ",
        "integer",
        "sum",
        {"part_of": H, "from": NEW_2026},
    ),
    (
        "households_left_near_poverty",
        1,
        "Số hộ thoát cận nghèo trong năm",
        "hộ",
        "integer",
        "sum",
        {"part_of": H, "from": NEW_2026},
    ),
    (
        "poverty_rate",
        1,
        "Tỷ lệ hộ nghèo",
        "%",
        "percent",
        "ratio",
        {"num": "poor_households", "den": H},
    ),
    ("fund_raised", 1, "Số tiền Quỹ “Vì người nghèo” vận động được", "đồng", "integer", "sum", {}),
    ("fund_spent", 1, "Số tiền Quỹ “Vì người nghèo” đã chi", "đồng", "integer", "sum", {}),
    ("houses_built", 1, "Số nhà Đại đoàn kết xây mới", "nhà", "integer", "sum", {}),
    ("houses_repaired", 1, "Số nhà Đại đoàn kết sửa chữa", "nhà", "integer", "sum", {}),
    (
        "ntm_communes",
        1,
        "Số xã đạt chuẩn nông thôn mới (kể cả nâng cao, kiểu mẫu)",
        "xã",
        "integer",
        "sum",
        {"from": NEW_2026, **RURAL},
    ),
    (
        "ntm_advanced_communes",
        1,
        "Số xã đạt chuẩn nông thôn mới nâng cao (kể cả kiểu mẫu)",
        "xã",
        "integer",
        "sum",
        {"part_of": "ntm_communes", "from": NEW_2026, **RURAL},
    ),
    (
        "ntm_model_communes",
        1,
        "Số xã đạt chuẩn nông thôn mới kiểu mẫu",
        "xã",
        "integer",
        "sum",
        {"part_of": "ntm_advanced_communes", "from": NEW_2026, **RURAL},
    ),
    (
        "civilized_urban_units",
        1,
        "Số phường, thị trấn đạt chuẩn đô thị văn minh",
        "đơn vị",
        "integer",
        "sum",
        {"from": NEW_2026, **URBAN},
    ),
    (
        "poor_households_with_supporter_pct",
        1,
        "Tỷ lệ hộ nghèo có tổ chức, cá nhân nhận giúp đỡ",
        "%",
        "percent",
        "weighted",
        {"den": "poor_households"},
    ),
    (
        "cultural_families",
        2,
        "Số hộ đạt danh hiệu “Gia đình văn hóa”",
        "hộ",
        "integer",
        "sum",
        {"part_of": H},
    ),
    (
        "cultural_families_pct",
        2,
        "Tỷ lệ hộ đạt danh hiệu “Gia đình văn hóa”",
        "%",
        "percent",
        "ratio",
        {"num": "cultural_families", "den": H},
    ),
    (
        "cultural_areas",
        2,
        "Số khu dân cư đạt danh hiệu “Khu dân cư văn hóa” (từ 2024: “Thôn, tổ dân phố văn hóa”)",
        "khu",
        "integer",
        "sum",
        {"part_of": A},
    ),
    (
        "cultural_areas_pct",
        2,
        "Tỷ lệ khu dân cư đạt danh hiệu “Khu dân cư văn hóa” (từ 2024: “Thôn, tổ dân phố văn hóa”)",
        "%",
        "percent",
        "ratio",
        {"num": "cultural_areas", "den": A},
    ),
    (
        "areas_with_convention",
        2,
        "Số khu dân cư có hương ước, quy ước còn hiệu lực",
        "khu",
        "integer",
        "sum",
        {"part_of": A},
    ),
    (
        "festivals_held",
        2,
        "Số khu dân cư tổ chức Ngày hội Đại đoàn kết toàn dân tộc",
        "khu",
        "integer",
        "sum",
        {"part_of": A},
    ),
    (
        "community_centers",
        2,
        "Số nhà văn hóa, trung tâm hoạt động cộng đồng",
        "nhà",
        "integer",
        "sum",
        {},
    ),
    (
        "health_insurance_pct",
        2,
        "Tỷ lệ người dân tham gia bảo hiểm y tế",
        "%",
        "percent",
        "weighted",
        {"den": "population_total", "min": 60, "max": 100},
    ),
    (
        "social_insurance_participants",
        2,
        "Số người tham gia bảo hiểm xã hội (bắt buộc và tự nguyện)",
        "người",
        "integer",
        "sum",
        {"part_of": "population_total", "from": NEW_2026},
    ),
    (
        "gratitude_money",
        2,
        "Số tiền vận động ủng hộ Quỹ “Đền ơn đáp nghĩa”",
        "đồng",
        "integer",
        "sum",
        {"from": NEW_2026},
    ),
    (
        "gratitude_houses",
        2,
        "Số nhà tình nghĩa xây mới, sửa chữa cho người có công, gia đình chính sách",
        "nhà",
        "integer",
        "sum",
        {"from": NEW_2026},
    ),
    (
        "civilized_rites_areas",
        2,
        "Số khu dân cư thực hiện nếp sống văn minh trong việc cưới, việc tang, lễ hội",
        "khu",
        "integer",
        "sum",
        {"part_of": A, "from": NEW_2026},
    ),
    (
        "scholarships",
        2,
        "Số suất học bổng, quà cho học sinh có hoàn cảnh khó khăn",
        "suất",
        "integer",
        "sum",
        {},
    ),
    (
        "hygienic_latrine_households",
        3,
        "Số hộ có nhà tiêu hợp vệ sinh",
        "hộ",
        "integer",
        "sum",
        {"part_of": H},
    ),
    (
        "waste_sorting_households",
        3,
        "Số hộ phân loại rác thải tại nguồn",
        "hộ",
        "integer",
        "sum",
        {"part_of": H},
    ),
    ("trees_planted", 3, "Số cây xanh được trồng", "cây", "integer", "sum", {}),
    (
        "green_roads_km",
        3,
        "Số km đường hoa, đường cây xanh “sáng - xanh - sạch - đẹp”",
        "km",
        "decimal",
        "sum",
        {},
    ),
    # Hà Tĩnh's rural criteria (Quyết định 33/2014/QĐ-UBND; the seed, section II.3)
    ("model_gardens", 3, "Số vườn mẫu đạt chuẩn", "vườn", "integer", "sum", RURAL),
    (
        "model_residential_areas",
        3,
        "Số khu dân cư đạt chuẩn khu dân cư kiểu mẫu",
        "khu",
        "integer",
        "sum",
        {"part_of": A, "from": NEW_2026, **RURAL},
    ),
    (
        "drug_free_areas",
        4,
        "Số khu dân cư không có ma túy",
        "khu",
        "integer",
        "sum",
        {"part_of": A},
    ),
    (
        "ba_khong_areas",
        4,
        "Số khu dân cư đạt phong trào “Ba không” (không ma túy, không cờ bạc ăn tiền, không vi "
        "phạm an toàn giao thông)",
        "khu",
        "integer",
        "sum",
        {"part_of": A, "from": NEW_2026},
    ),
    (
        "pledge_households",
        4,
        "Số hộ ký cam kết (không dùng chất cấm trong chăn nuôi, không kinh doanh thực phẩm "
        "không an toàn, không tàng trữ vật liệu nổ, phòng cháy, chữa cháy)",
        "hộ",
        "integer",
        "sum",
        {"part_of": H, "from": NEW_2026},
    ),
    ("mediation_cases", 4, "Số vụ việc hòa giải ở cơ sở", "vụ", "integer", "sum", {}),
    (
        "mediation_resolved",
        4,
        "Số vụ việc hòa giải thành",
        "vụ",
        "integer",
        "sum",
        {"part_of": "mediation_cases"},
    ),
    (
        "security_festivals",
        4,
        "Số khu dân cư tổ chức Ngày hội toàn dân bảo vệ an ninh Tổ quốc",
        "khu",
        "integer",
        "sum",
        {"part_of": A},
    ),
    (
        "security_models",
        4,
        "Số mô hình tự quản về an ninh trật tự",
        "mô hình",
        "integer",
        "sum",
        {},
    ),
    ("supervision_sessions", 5, "Số cuộc giám sát của Mặt trận", "cuộc", "integer", "sum", {}),
    ("critique_sessions", 5, "Số cuộc phản biện xã hội", "cuộc", "integer", "sum", {}),
    (
        "opinions_forwarded",
        5,
        "Số ý kiến, kiến nghị của nhân dân được tổng hợp, chuyển đến cơ quan có thẩm quyền",
        "ý kiến",
        "integer",
        "sum",
        {},
    ),
    (
        "opinions_resolved",
        5,
        "Số ý kiến, kiến nghị đã được giải quyết",
        "ý kiến",
        "integer",
        "sum",
        {"part_of": "opinions_forwarded"},
    ),
    (
        "direction_documents",
        6,
        "Số văn bản chỉ đạo, hướng dẫn thực hiện Cuộc vận động được ban hành",
        "văn bản",
        "integer",
        "sum",
        {"from": NEW_2026},
    ),
    ("outreach_sessions", 6, "Số buổi tuyên truyền về Cuộc vận động", "buổi", "integer", "sum", {}),
    (
        "outreach_participants",
        6,
        "Số lượt người tham dự tuyên truyền",
        "lượt",
        "integer",
        "sum",
        {},
    ),
    ("training_sessions", 6, "Số lớp tập huấn cán bộ", "lớp", "integer", "sum", {}),
    ("training_participants", 6, "Số lượt cán bộ được tập huấn", "lượt", "integer", "sum", {}),
    ("pilot_models", 6, "Số mô hình điểm, mô hình tự quản", "mô hình", "integer", "sum", {}),
    ("budget_spent", 6, "Kinh phí thực hiện Cuộc vận động", "đồng", "integer", "sum", {}),
    (
        "democracy_regulation",
        5,
        "Thực hiện tốt Quy chế dân chủ ở cơ sở",
        "có/không",
        "yes_no",
        "count_yes",
        {},
    ),
]


def unit_area_type(unit) -> str | None:
    """The area type ("rural" or "urban") of a commune-level unit or a residential area, by
    its kind (a xã is rural; a phường or thị trấn urban; a thôn or xóm rural, a tổ dân phố
    urban), else its area type. None above the commune level: a district or the province holds
    both kinds, and its roll-up is asked every indicator."""
    kind_type = {
        "xa": "rural",
        "phuong": "urban",
        "thi_tran": "urban",
        "thon": "rural",
        "xom": "rural",
        "to_dan_pho": "urban",
    }
    if unit.level not in ("commune", "area"):
        return None
    return kind_type.get(unit.kind, unit.area_type)


def applies(indicator, unit) -> bool:
    """Whether `indicator` is asked of `unit`: a rural-only indicator only of rural units, an
    urban-only one only of urban units; every indicator of a district or the province."""
    if indicator.applies_to in ("", "both"):
        return True
    kind = unit_area_type(unit)
    return kind is None or kind == indicator.applies_to


def ensure_direction_group():
    """The group of indicators on how the campaign is run (number 6, not a content area)."""
    from ..models.base import ContentArea, ContentAreaKind

    number, title, short = DIRECTION_GROUP
    group, _new = ContentArea.objects.get_or_create(
        number=number,
        defaults={"title": title, "short_title": short, "kind": ContentAreaKind.DIRECTION},
    )
    return group


def build_indicators(indicator_set, content_areas: dict) -> list:
    """The unsaved indicators of the demo set for `indicator_set`'s year (the demo and the
    scale generator both use it). `content_areas`: ContentArea by number (the direction group
    is made when missing).

    2026 split the waste indicator: its new version keeps the link to the old code; the plan
    items of issue #16 start in 2026."""
    from decimal import Decimal

    from .models import Indicator

    if DIRECTION_GROUP[0] not in content_areas:
        content_areas = {**content_areas, DIRECTION_GROUP[0]: ensure_direction_group()}
    built = []
    for order, (code, area, name, uom, vtype, agg, extra) in enumerate(INDICATORS):
        if indicator_set.year < extra.get("from", 0):
            continue
        previous = ""
        if indicator_set.year >= 2026 and code == "waste_sorting_households":
            code, previous = "waste_sorted_households", code
            name = "Số hộ phân loại rác thải tại nguồn và xử lý rác hữu cơ tại hộ"
        built.append(
            Indicator(
                indicator_set=indicator_set,
                code=code,
                previous_code=previous,
                name=name,
                content_area=content_areas[area],
                order=order,
                unit_of_measure=uom,
                value_type=vtype,
                aggregation=agg,
                numerator_code=extra.get("num", ""),
                denominator_code=extra.get("den", ""),
                part_of_code=extra.get("part_of", ""),
                applies_to=extra.get("applies", "both"),
                required=extra.get("required", False),
                min_value=Decimal(extra["min"]) if "min" in extra else None,
                max_value=Decimal(extra["max"]) if "max" in extra else None,
            )
        )
    return built
