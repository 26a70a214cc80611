"""Issue #16, item 4: the plan items that had no indicator, the group of indicators on how the
campaign is run (number 6, apart from the five content areas) and the rural-only and urban-only
indicators.

What it changes: it creates the direction group when the five content areas exist, and in every
indicator set still in draft (the year's set before it is published) it moves outreach,
training, pilot-model and budget indicators to that group, marks the rural-only and urban-only
indicators, and adds the new plan indicators that the set lacks. A published set is frozen
(IndicatorSet.is_frozen: a year's units report against it, accepted returns are locked), so it
is left exactly as it is; the next year's draft, copied from it, gets them when the province
opens that year with this migration applied or edits the draft. The definitions are copied here
as they stood, so that later edits of campaign/results/indicators.py do not change what this
migration did."""

from django.db import migrations

DIRECTION = (6, "Công tác chỉ đạo, tổ chức thực hiện Cuộc vận động", "Chỉ đạo, tổ chức thực hiện")
DIRECTION_CODES = [
    "outreach_sessions",
    "outreach_participants",
    "training_sessions",
    "training_participants",
    "pilot_models",
    "budget_spent",
]
RURAL_CODES = ["cooperative_households", "farm_models", "model_gardens"]
H, A = "households_total", "residential_areas_total"
# code, group, name, unit of measure, part of, applies to
NEW = [
    ("households_left_poverty", 1, "Số hộ thoát nghèo trong năm", "hộ", H, "both"),
    ("households_left_near_poverty", 1, "Số hộ thoát cận nghèo trong năm", "hộ", H, "both"),
    (
        "ntm_communes",
        1,
        "Số xã đạt chuẩn nông thôn mới (kể cả nâng cao, kiểu mẫu)",
        "xã",
        "",
        "rural",
    ),
    (
        "ntm_advanced_communes",
        1,
        "Số xã đạt chuẩn nông thôn mới nâng cao (kể cả kiểu mẫu)",
        "xã",
        "ntm_communes",
        "rural",
    ),
    (
        "ntm_model_communes",
        1,
        "Số xã đạt chuẩn nông thôn mới kiểu mẫu",
        "xã",
        "ntm_advanced_communes",
        "rural",
    ),
    (
        "civilized_urban_units",
        1,
        "Số phường, thị trấn đạt chuẩn đô thị văn minh",
        "đơn vị",
        "",
        "urban",
    ),
    (
        "social_insurance_participants",
        2,
        "Số người tham gia bảo hiểm xã hội (bắt buộc và tự nguyện)",
        "người",
        "population_total",
        "both",
    ),
    (
        "gratitude_money",
        2,
        "Số tiền vận động ủng hộ Quỹ “Đền ơn đáp nghĩa”",
        "đồng",
        "",
        "both",
    ),
    (
        "gratitude_houses",
        2,
        "Số nhà tình nghĩa xây mới, sửa chữa cho người có công, gia đình chính sách",
        "nhà",
        "",
        "both",
    ),
    (
        "civilized_rites_areas",
        2,
        "Số khu dân cư thực hiện nếp sống văn minh trong việc cưới, việc tang, lễ hội",
        "khu",
        A,
        "both",
    ),
    (
        "model_residential_areas",
        3,
        "Số khu dân cư đạt chuẩn khu dân cư kiểu mẫu",
        "khu",
        A,
        "rural",
    ),
    (
        "ba_khong_areas",
        4,
        "Số khu dân cư đạt phong trào “Ba không” (không ma túy, không cờ bạc ăn tiền, không vi "
        "phạm an toàn giao thông)",
        "khu",
        A,
        "both",
    ),
    (
        "pledge_households",
        4,
        "Số hộ ký cam kết (không dùng chất cấm trong chăn nuôi, không kinh doanh thực phẩm "
        "không an toàn, không tàng trữ vật liệu nổ, phòng cháy, chữa cháy)",
        "hộ",
        H,
        "both",
    ),
    (
        "direction_documents",
        6,
        "Số văn bản chỉ đạo, hướng dẫn thực hiện Cuộc vận động được ban hành",
        "văn bản",
        "",
        "both",
    ),
]


def forward(apps, schema_editor):
    ContentArea = apps.get_model("campaign", "ContentArea")
    IndicatorSet = apps.get_model("campaign", "IndicatorSet")
    Indicator = apps.get_model("campaign", "Indicator")
    areas = {a.number: a for a in ContentArea.objects.all()}
    if not all(n in areas for n in range(1, 6)):
        return  # an empty database: the demo (or the province) creates the groups
    if DIRECTION[0] not in areas:
        areas[DIRECTION[0]] = ContentArea.objects.create(
            number=DIRECTION[0], title=DIRECTION[1], short_title=DIRECTION[2], kind="chi_dao"
        )
    moved = added = 0
    for iset in IndicatorSet.objects.filter(status="draft"):
        indicators = Indicator.objects.filter(indicator_set=iset)
        moved += indicators.filter(code__in=DIRECTION_CODES).update(
            content_area=areas[DIRECTION[0]]
        )
        indicators.filter(code__in=RURAL_CODES).update(applies_to="rural")
        have = set(indicators.values_list("code", flat=True))
        last = max(indicators.values_list("order", flat=True), default=0)
        for i, (code, group, name, uom, part_of, applies) in enumerate(NEW, start=1):
            if code in have:
                continue
            part = part_of if part_of in have or part_of in {n[0] for n in NEW} else ""
            Indicator.objects.create(
                indicator_set=iset,
                code=code,
                name=name,
                content_area=areas[group],
                order=last + i,
                unit_of_measure=uom,
                value_type="integer",
                aggregation="sum",
                part_of_code=part,
                applies_to=applies,
            )
            added += 1
    if moved or added:
        print(f"\n  0008: {moved} chỉ tiêu chuyển sang nhóm 6, {added} chỉ tiêu mới (bộ dự thảo)")


class Migration(migrations.Migration):
    dependencies = [("campaign", "0007_outcomes")]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
