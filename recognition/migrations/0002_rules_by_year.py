"""The titles' rules by year (issue #16, item 1).

Schema: criteria sets gain the per-standard floor, a basis for each parameter (quorum, vote
share, certificate, vote deadline; each nullable = not applied), the vote deadline as data and
`effective_from` for a corrected version; versions share a first year; a third title kind
("Xã, phường, thị trấn tiêu biểu") with its own uniqueness.

Data (`fix_rules`), on the sets the portal shipped (legal basis naming Nghị định 122/2018 or
86/2023); other sets are left as they are:
- 2018-2023 (Nghị định 122/2018): floor 50% of each standard; the residential-area pass mark
  85 -> 80; the quorum, vote share and certificate cite Nghị định 122/2018.
- 2024+ (Nghị định 86/2023): no quorum, vote share or certificate (none cited: off); the vote
  ends before 25/11 (Nghị định 86/2023); the family set's exclusions become the full list of
  Điều 6 k.4; the area set is named "Thôn, tổ dân phố văn hóa".
- A set no meeting has used is corrected in place. A set already used is left as it judged
  (its evaluations are not re-judged) and a corrected new version, effective from the day of
  this migration, judges the meetings recorded from then on; `manage.py recheck_titles`
  reports what the corrected rules would change in the years already judged.
- Where the 2024 sets exist, the commune title's set and deciding authorities are added.
Every changed or added set gets a history row. Nothing is deleted.
"""

import datetime

from django.conf import settings
from django.db import migrations, models
from django.utils import timezone

ND122 = "Nghị định 122/2018/NĐ-CP"
ND86 = "Nghị định 86/2023/NĐ-CP"
REFORM_DAY = datetime.date(2025, 7, 1)
FINED = "Có thành viên bị xử phạt vi phạm hành chính về"
EXCLUSIONS = [
    "Có thành viên bị truy cứu trách nhiệm hình sự",
    "Có thành viên không hoàn thành nghĩa vụ quân sự hoặc nghĩa vụ nộp thuế",
    f"{FINED} tảo hôn hoặc tổ chức tảo hôn",
    f"{FINED} vi phạm chế độ hôn nhân và ly hôn, chế độ hôn nhân một vợ một chồng",
    f"{FINED} trật tự công cộng",
    f"{FINED} cờ bạc",
    f"{FINED} tệ nạn xã hội",
    f"{FINED} phòng cháy, chữa cháy và cứu nạn, cứu hộ",
    f"{FINED} phòng, chống bạo lực gia đình",
]
ND86_NOTE = (
    "Nghị định 86/2023 không quy định tỷ lệ tham dự, tỷ lệ đồng ý hay số năm liên tục để tặng "
    "giấy khen: các tham số này để trống (không áp dụng) cho đến khi có văn bản quy định."
)
COMMUNE_GROUPS = [
    "Đời sống kinh tế ổn định và phát triển",
    "Đời sống văn hóa, tinh thần lành mạnh, phong phú; nếp sống văn minh",
    "Môi trường cảnh quan sáng, xanh, sạch, đẹp",
    "Chấp hành tốt chủ trương, chính sách, pháp luật; bảo đảm quốc phòng, an ninh, trật tự an "
    "toàn xã hội",
    "Hệ thống chính trị cơ sở trong sạch, vững mạnh; phát huy dân chủ ở cơ sở",
]
REASON = "Sửa quy tắc danh hiệu theo năm (migration 0002_rules_by_year)"


def _history(apps, obj, kind: str) -> None:
    """A history row as simple_history writes one (its signals do not run in migrations)."""
    model = apps.get_model("recognition", f"Historical{obj.__class__.__name__}")
    values = {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields}
    model.objects.create(
        **values,
        history_date=timezone.now(),
        history_type=kind,
        history_change_reason=REASON,
    )


def _corrections(cs) -> tuple[dict, list | None]:
    """(field changes, new exclusion titles or None) for a shipped set; ({}, None) if none."""
    basis = cs.legal_basis or ""
    if "122/2018" in basis and cs.first_year < 2024:
        changes = {"standard_floor_pct": 50}
        if cs.kind == "area" and cs.pass_mark == 85:
            changes["pass_mark"] = 80
        for field, basis_field in (
            ("attendance_min_pct", "attendance_basis"),
            ("agreement_min_pct", "agreement_basis"),
            ("certificate_after_years", "certificate_basis"),
        ):
            if getattr(cs, field) is not None and not getattr(cs, basis_field):
                changes[basis_field] = ND122
        return changes, None
    if "86/2023" in basis and cs.first_year >= 2024 and cs.kind in ("family", "area"):
        changes = {
            "attendance_min_pct": None,
            "agreement_min_pct": None,
            "certificate_after_years": None,
            "vote_deadline_month": 11,
            "vote_deadline_day": 25,
            "vote_deadline_inclusive": False,
            "vote_deadline_basis": ND86,
            "notes": ND86_NOTE,
        }
        if cs.kind == "area":
            changes["name"] = cs.name.replace("Khu dân cư văn hóa", "Thôn, tổ dân phố văn hóa")
        return changes, EXCLUSIONS if cs.kind == "family" else None
    return {}, None


def _groups(cs, exclusions):
    kept = [
        (g.number, g.kind, g.title, g.description, g.max_points)
        for g in cs.groups.order_by("number")
        if exclusions is None or g.kind != "exclusion"
    ]
    if exclusions is not None:
        number = max((n for n, *_rest in kept), default=0)
        kept += [(number + i, "exclusion", t, "", None) for i, t in enumerate(exclusions, 1)]
    return kept


def fix_rules(apps, schema_editor):
    CriteriaSet = apps.get_model("recognition", "CriteriaSet")
    CriteriaGroup = apps.get_model("recognition", "CriteriaGroup")
    EvaluationMeeting = apps.get_model("recognition", "EvaluationMeeting")
    AuthorityRule = apps.get_model("recognition", "AuthorityRule")
    today = timezone.localdate()
    for cs in list(CriteriaSet.objects.order_by("kind", "first_year", "version")):
        changes, exclusions = _corrections(cs)
        if not changes or all(getattr(cs, k) == v for k, v in changes.items()) and (
            exclusions is None
            or [g.title for g in cs.groups.filter(kind="exclusion").order_by("number")]
            == exclusions
        ):
            continue
        newer = CriteriaSet.objects.filter(
            kind=cs.kind, first_year=cs.first_year, version__gt=cs.version
        ).exists()
        if newer:
            continue  # a later version already stands for these years
        groups = _groups(cs, exclusions)
        if EvaluationMeeting.objects.filter(criteria_set=cs).exists():
            # used: its evaluations stay as judged; the correction is a new version
            target = CriteriaSet.objects.get(pk=cs.pk)
            target.pk = None
            target.version = cs.version + 1
            target.effective_from = today
            target.created_at = timezone.now()
            for key, value in changes.items():
                setattr(target, key, value)
            target.save()
            _history(apps, target, "+")
        else:
            for key, value in changes.items():
                setattr(cs, key, value)
            cs.save()
            _history(apps, cs, "~")
            target = cs
            if exclusions is None:
                continue
            for group in cs.groups.all():
                _history(apps, group, "-")
            cs.groups.all().delete()
        for number, kind, title, description, max_points in groups:
            group = CriteriaGroup.objects.create(
                criteria_set=target,
                number=number,
                kind=kind,
                title=title,
                description=description,
                max_points=max_points,
            )
            _history(apps, group, "+")
    # the third title, where the portal's 2024 rules are in place
    if not CriteriaSet.objects.filter(legal_basis__contains="86/2023").exists():
        return
    if not CriteriaSet.objects.filter(kind="commune").exists():
        cs = CriteriaSet.objects.create(
            kind="commune",
            name="Tiêu chí “Xã, phường, thị trấn tiêu biểu” (từ năm 2024)",
            legal_basis="Luật Thi đua, khen thưởng năm 2022; Nghị định 86/2023/NĐ-CP ngày "
            "07/12/2023 của Chính phủ",
            first_year=2024,
            version=1,
            rule="all_met",
            notes="Cấp trên của xã thẩm định và công nhận. Nội dung các tiêu chuẩn tóm tắt theo "
            "Nghị định 86/2023, cần đối chiếu văn bản.",
        )
        _history(apps, cs, "+")
        for number, title in enumerate(COMMUNE_GROUPS, 1):
            group = CriteriaGroup.objects.create(
                criteria_set=cs, number=number, kind="condition", title=title
            )
            _history(apps, group, "+")
    for level, valid_from, valid_to in (
        ("district", None, REFORM_DAY - datetime.timedelta(1)),
        ("province", REFORM_DAY, None),
    ):
        rule, created = AuthorityRule.objects.get_or_create(
            kind="commune",
            level=level,
            valid_from=valid_from,
            valid_to=valid_to,
            defaults={"title": "Chủ tịch UBND"},
        )
        if created:
            _history(apps, rule, "+")


class Migration(migrations.Migration):

    dependencies = [
        ('recognition', '0001_initial'),
        ('residential_areas', '0002_trigram_search'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='criteriaset',
            name='one_criteria_set_per_year',
        ),
        migrations.RemoveConstraint(
            model_name='recognition',
            name='recognition_subject_matches_kind',
        ),
        migrations.RemoveConstraint(
            model_name='registration',
            name='registration_subject_matches_kind',
        ),
        migrations.AddField(
            model_name='criteriaset',
            name='agreement_basis',
            field=models.CharField(blank=True, max_length=300, verbose_name='căn cứ tỷ lệ đồng ý'),
        ),
        migrations.AddField(
            model_name='criteriaset',
            name='attendance_basis',
            field=models.CharField(blank=True, max_length=300, verbose_name='căn cứ tỷ lệ tham dự'),
        ),
        migrations.AddField(
            model_name='criteriaset',
            name='certificate_basis',
            field=models.CharField(blank=True, max_length=300, verbose_name='căn cứ tặng giấy khen'),
        ),
        migrations.AddField(
            model_name='criteriaset',
            name='effective_from',
            field=models.DateField(blank=True, null=True, verbose_name='áp dụng cho cuộc họp ghi từ ngày'),
        ),
        migrations.AddField(
            model_name='criteriaset',
            name='standard_floor_pct',
            field=models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='mỗi tiêu chuẩn đạt tối thiểu (% điểm tối đa của tiêu chuẩn)'),
        ),
        migrations.AddField(
            model_name='criteriaset',
            name='vote_deadline_basis',
            field=models.CharField(blank=True, max_length=300, verbose_name='căn cứ hạn bình xét'),
        ),
        migrations.AddField(
            model_name='criteriaset',
            name='vote_deadline_day',
            field=models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='hạn bình xét: ngày'),
        ),
        migrations.AddField(
            model_name='criteriaset',
            name='vote_deadline_inclusive',
            field=models.BooleanField(default=False, verbose_name='được họp đúng ngày hạn'),
        ),
        migrations.AddField(
            model_name='criteriaset',
            name='vote_deadline_month',
            field=models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='hạn bình xét: tháng'),
        ),
        migrations.AddField(
            model_name='historicalcriteriaset',
            name='agreement_basis',
            field=models.CharField(blank=True, max_length=300, verbose_name='căn cứ tỷ lệ đồng ý'),
        ),
        migrations.AddField(
            model_name='historicalcriteriaset',
            name='attendance_basis',
            field=models.CharField(blank=True, max_length=300, verbose_name='căn cứ tỷ lệ tham dự'),
        ),
        migrations.AddField(
            model_name='historicalcriteriaset',
            name='certificate_basis',
            field=models.CharField(blank=True, max_length=300, verbose_name='căn cứ tặng giấy khen'),
        ),
        migrations.AddField(
            model_name='historicalcriteriaset',
            name='effective_from',
            field=models.DateField(blank=True, null=True, verbose_name='áp dụng cho cuộc họp ghi từ ngày'),
        ),
        migrations.AddField(
            model_name='historicalcriteriaset',
            name='standard_floor_pct',
            field=models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='mỗi tiêu chuẩn đạt tối thiểu (% điểm tối đa của tiêu chuẩn)'),
        ),
        migrations.AddField(
            model_name='historicalcriteriaset',
            name='vote_deadline_basis',
            field=models.CharField(blank=True, max_length=300, verbose_name='căn cứ hạn bình xét'),
        ),
        migrations.AddField(
            model_name='historicalcriteriaset',
            name='vote_deadline_day',
            field=models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='hạn bình xét: ngày'),
        ),
        migrations.AddField(
            model_name='historicalcriteriaset',
            name='vote_deadline_inclusive',
            field=models.BooleanField(default=False, verbose_name='được họp đúng ngày hạn'),
        ),
        migrations.AddField(
            model_name='historicalcriteriaset',
            name='vote_deadline_month',
            field=models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='hạn bình xét: tháng'),
        ),
        migrations.AlterField(
            model_name='authorityrule',
            name='kind',
            field=models.CharField(choices=[('family', 'Gia đình văn hóa'), ('area', 'Khu dân cư văn hóa'), ('commune', 'Xã, phường, thị trấn tiêu biểu')], max_length=10, verbose_name='danh hiệu'),
        ),
        migrations.AlterField(
            model_name='commendation',
            name='title_kind',
            field=models.CharField(blank=True, choices=[('family', 'Gia đình văn hóa'), ('area', 'Khu dân cư văn hóa'), ('commune', 'Xã, phường, thị trấn tiêu biểu')], max_length=10, verbose_name='khen danh hiệu nhiều năm liền'),
        ),
        migrations.AlterField(
            model_name='criteriaset',
            name='agreement_min_pct',
            field=models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='tỷ lệ đồng ý tối thiểu (%)'),
        ),
        migrations.AlterField(
            model_name='criteriaset',
            name='attendance_min_pct',
            field=models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='tỷ lệ tham dự tối thiểu (%)'),
        ),
        migrations.AlterField(
            model_name='criteriaset',
            name='kind',
            field=models.CharField(choices=[('family', 'Gia đình văn hóa'), ('area', 'Khu dân cư văn hóa'), ('commune', 'Xã, phường, thị trấn tiêu biểu')], max_length=10, verbose_name='danh hiệu'),
        ),
        migrations.AlterField(
            model_name='decision',
            name='kind',
            field=models.CharField(choices=[('family', 'Gia đình văn hóa'), ('area', 'Khu dân cư văn hóa'), ('commune', 'Xã, phường, thị trấn tiêu biểu')], max_length=10, verbose_name='danh hiệu'),
        ),
        migrations.AlterField(
            model_name='evaluationmeeting',
            name='kind',
            field=models.CharField(choices=[('family', 'Gia đình văn hóa'), ('area', 'Khu dân cư văn hóa'), ('commune', 'Xã, phường, thị trấn tiêu biểu')], max_length=10, verbose_name='danh hiệu'),
        ),
        migrations.AlterField(
            model_name='historicalauthorityrule',
            name='kind',
            field=models.CharField(choices=[('family', 'Gia đình văn hóa'), ('area', 'Khu dân cư văn hóa'), ('commune', 'Xã, phường, thị trấn tiêu biểu')], max_length=10, verbose_name='danh hiệu'),
        ),
        migrations.AlterField(
            model_name='historicalcommendation',
            name='title_kind',
            field=models.CharField(blank=True, choices=[('family', 'Gia đình văn hóa'), ('area', 'Khu dân cư văn hóa'), ('commune', 'Xã, phường, thị trấn tiêu biểu')], max_length=10, verbose_name='khen danh hiệu nhiều năm liền'),
        ),
        migrations.AlterField(
            model_name='historicalcriteriaset',
            name='agreement_min_pct',
            field=models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='tỷ lệ đồng ý tối thiểu (%)'),
        ),
        migrations.AlterField(
            model_name='historicalcriteriaset',
            name='attendance_min_pct',
            field=models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='tỷ lệ tham dự tối thiểu (%)'),
        ),
        migrations.AlterField(
            model_name='historicalcriteriaset',
            name='kind',
            field=models.CharField(choices=[('family', 'Gia đình văn hóa'), ('area', 'Khu dân cư văn hóa'), ('commune', 'Xã, phường, thị trấn tiêu biểu')], max_length=10, verbose_name='danh hiệu'),
        ),
        migrations.AlterField(
            model_name='historicaldecision',
            name='kind',
            field=models.CharField(choices=[('family', 'Gia đình văn hóa'), ('area', 'Khu dân cư văn hóa'), ('commune', 'Xã, phường, thị trấn tiêu biểu')], max_length=10, verbose_name='danh hiệu'),
        ),
        migrations.AlterField(
            model_name='historicalevaluationmeeting',
            name='kind',
            field=models.CharField(choices=[('family', 'Gia đình văn hóa'), ('area', 'Khu dân cư văn hóa'), ('commune', 'Xã, phường, thị trấn tiêu biểu')], max_length=10, verbose_name='danh hiệu'),
        ),
        migrations.AlterField(
            model_name='historicalrecognition',
            name='kind',
            field=models.CharField(choices=[('family', 'Gia đình văn hóa'), ('area', 'Khu dân cư văn hóa'), ('commune', 'Xã, phường, thị trấn tiêu biểu')], max_length=10, verbose_name='danh hiệu'),
        ),
        migrations.AlterField(
            model_name='historicalregistration',
            name='kind',
            field=models.CharField(choices=[('family', 'Gia đình văn hóa'), ('area', 'Khu dân cư văn hóa'), ('commune', 'Xã, phường, thị trấn tiêu biểu')], max_length=10, verbose_name='danh hiệu'),
        ),
        migrations.AlterField(
            model_name='recognition',
            name='kind',
            field=models.CharField(choices=[('family', 'Gia đình văn hóa'), ('area', 'Khu dân cư văn hóa'), ('commune', 'Xã, phường, thị trấn tiêu biểu')], max_length=10, verbose_name='danh hiệu'),
        ),
        migrations.AlterField(
            model_name='registration',
            name='kind',
            field=models.CharField(choices=[('family', 'Gia đình văn hóa'), ('area', 'Khu dân cư văn hóa'), ('commune', 'Xã, phường, thị trấn tiêu biểu')], max_length=10, verbose_name='danh hiệu'),
        ),
        migrations.AddConstraint(
            model_name='criteriaset',
            constraint=models.UniqueConstraint(fields=('kind', 'first_year', 'version'), name='one_criteria_set_version_per_year'),
        ),
        migrations.AddConstraint(
            model_name='criteriaset',
            constraint=models.CheckConstraint(condition=models.Q(('standard_floor_pct__isnull', True), ('standard_floor_pct__lte', 100), _connector='OR'), name='criteria_set_floor_in_range'),
        ),
        migrations.AddConstraint(
            model_name='recognition',
            constraint=models.UniqueConstraint(condition=models.Q(('kind', 'commune')), fields=('area', 'year'), name='one_commune_recognition_per_year'),
        ),
        migrations.AddConstraint(
            model_name='recognition',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('household__isnull', False), ('kind', 'family')), models.Q(('household__isnull', True), ('kind__in', ['area', 'commune'])), _connector='OR'), name='recognition_subject_matches_kind_3'),
        ),
        migrations.AddConstraint(
            model_name='registration',
            constraint=models.UniqueConstraint(condition=models.Q(('kind', 'commune')), fields=('area', 'year'), name='one_commune_registration_per_year'),
        ),
        migrations.AddConstraint(
            model_name='registration',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('household__isnull', False), ('kind', 'family')), models.Q(('household__isnull', True), ('kind__in', ['area', 'commune'])), _connector='OR'), name='registration_subject_matches_kind_3'),
        ),
        migrations.RunPython(fix_rules, migrations.RunPython.noop),
    ]
