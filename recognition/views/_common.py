"""What the pages of recognition share: who may act, and the year, kind and breadcrumbs."""

from django.urls import reverse
from django.utils import timezone

from accounts import scope
from accounts.models import WRITE_ROLES, Role
from residential_areas import selectors as unit_selectors

from ..models import TitleKind

# the residential board evaluates its area; the commune (and above) may enter it for them
EVALUATE_ROLES = {
    Role.RESIDENTIAL_BOARD,
    Role.COMMUNE_COMMITTEE,
    Role.DISTRICT_COMMITTEE,
    Role.PROVINCE_ADMIN,
}
# the commune evaluates its residential areas and decides; districts decided areas until 6/2025
DECIDE_ROLES = {Role.COMMUNE_COMMITTEE, Role.DISTRICT_COMMITTEE, Role.PROVINCE_ADMIN}
COMMEND_ROLES = set(WRITE_ROLES) - {Role.MEMBER_ORG}


def year_of(request) -> int:
    try:
        year = int(request.GET.get("year") or request.POST.get("year") or 0)
    except ValueError:
        year = 0
    today = timezone.localdate()
    return year if 2018 <= year <= today.year + 1 else today.year


def kind_of(request) -> str:
    kind = request.GET.get("kind") or request.POST.get("kind")
    return kind if kind in TitleKind.values else TitleKind.FAMILY


def year_choices():
    return list(range(timezone.localdate().year, 2017, -1))


def crumbs_of(user, unit):
    crumbs = unit_selectors.crumbs(unit)
    return crumbs, {u.pk for u in crumbs if scope.can_see(user, u)}


def unit_url(unit):
    return reverse("recognition:unit", args=[unit.pk])
