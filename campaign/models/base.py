from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class ContentAreaKind(models.TextChoices):
    CONTENT = "noi_dung", _("Nội dung Cuộc vận động")
    # how the campaign is run (outreach, training, pilots, budget): reported apart from the
    # five content areas (the seed, section III), never as a sixth content area
    DIRECTION = "chi_dao", _("Công tác chỉ đạo, tổ chức thực hiện")


class ContentArea(models.Model):
    """One of the five content areas of the campaign (the seed, section II), or the group of
    indicators on how the campaign is directed and run (kind "chi_dao", number 6)."""

    number = models.PositiveSmallIntegerField(_("số thứ tự"), unique=True)
    title = models.CharField(_("nội dung"), max_length=300)
    short_title = models.CharField(_("tên ngắn"), max_length=120)
    kind = models.CharField(
        _("loại nhóm"),
        max_length=10,
        choices=ContentAreaKind.choices,
        default=ContentAreaKind.CONTENT,
    )

    class Meta:
        verbose_name = _("nội dung Cuộc vận động")
        verbose_name_plural = _("nội dung Cuộc vận động")
        ordering = ["number"]
        constraints = [
            models.CheckConstraint(condition=Q(number__gte=1), name="content_area_number_positive")
        ]

    def __str__(self):
        return f"{self.number}. {self.short_title}"

    @property
    def is_direction(self) -> bool:
        return self.kind == ContentAreaKind.DIRECTION


class MemberOrganizationKind(models.TextChoices):
    FARMERS = "hoi_nong_dan", _("Hội Nông dân")
    WOMEN = "hoi_phu_nu", _("Hội Liên hiệp Phụ nữ")
    YOUTH = "doan_thanh_nien", _("Đoàn Thanh niên Cộng sản Hồ Chí Minh")
    VETERANS = "hoi_cuu_chien_binh", _("Hội Cựu chiến binh")
    LABOUR = "lien_doan_lao_dong", _("Liên đoàn Lao động")
    ELDERLY = "hoi_nguoi_cao_tuoi", _("Hội Người cao tuổi")
    OTHER = "khac", _("Tổ chức khác")


class MemberOrganization(models.Model):
    """A member organization of the Front at one level (e.g. Hội Nông dân huyện Đức Thọ)."""

    unit = models.ForeignKey(
        "residential_areas.AdministrativeUnit",
        verbose_name=_("đơn vị"),
        on_delete=models.PROTECT,
        related_name="member_organizations",
    )
    kind = models.CharField(
        _("loại tổ chức"), max_length=30, choices=MemberOrganizationKind.choices
    )
    name = models.CharField(_("tên tổ chức"), max_length=200)
    users = models.ManyToManyField(
        "auth.User",
        verbose_name=_("người dùng đại diện"),
        blank=True,
        related_name="member_organizations",
    )
    is_active = models.BooleanField(_("đang hoạt động"), default=True)
    history = HistoricalRecords(m2m_fields=[users])

    class Meta:
        verbose_name = _("tổ chức thành viên")
        verbose_name_plural = _("tổ chức thành viên")
        ordering = ["unit__path", "kind", "name"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "name"], name="member_org_name_unique_in_unit")
        ]

    def __str__(self):
        return self.name
