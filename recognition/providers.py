"""What recognition gives other apps: the yearly form's prefill and the household page panel.

Registered from RecognitionConfig.ready(), so campaign and residential_areas never import us.
"""

from django.utils.translation import gettext as _

from accounts import scope
from campaign.results.prefill import PrefillValue

from . import selectors


def title_prefill(unit, year):
    figures = selectors.title_figures(unit=unit, year=year)
    families = _("Hộ được công nhận “Gia đình văn hóa” năm %(year)s (quyết định công nhận)") % {
        "year": year
    }
    areas = _("Khu dân cư được công nhận “%(title)s” năm %(year)s") % {
        "title": selectors.title_name("area", year),
        "year": year,
    }
    return {
        "cultural_families": PrefillValue(figures["families"], families),
        "cultural_families_pct": PrefillValue(
            figures["families_pct"],
            _("%(n)s / %(total)s hộ") % {"n": figures["families"], "total": figures["households"]},
        ),
        "cultural_areas": PrefillValue(figures["areas"], areas),
        "cultural_areas_pct": PrefillValue(
            figures["areas_pct"],
            _("%(n)s / %(total)s khu dân cư")
            % {"n": figures["areas"], "total": figures["areas_total"]},
        ),
    }


def household_panel(household, user):
    if not scope.can_see(user, household.area):
        return None
    rows, certificates = selectors.household_title_history(household=household)
    return {
        "title": _("Danh hiệu “Gia đình văn hóa”"),
        "template": "recognition/_household_panel.html",
        "context": {
            "rows": rows,
            "certificates": certificates,
            "registrations": household.title_registrations.order_by("-year"),
            "evaluations": household.title_evaluations.select_related("meeting").order_by(
                "-meeting__year"
            ),
        },
        "order": 10,
    }


def festival_panel(festival, user):
    """On the 18/11 festival page: the households, people and collectives praised there."""
    from django.db.models import Q
    from django.utils.translation import gettext

    from .models import Commendation, Occasion

    praised = (
        Commendation.objects.filter(occasion=Occasion.FESTIVAL, year=festival.year)
        .filter(Q(unit=festival.area) | Q(household__area=festival.area))
        .select_related("household")
        .order_by("pk")
    )
    return {
        "title": gettext("Biểu dương, khen thưởng tại Ngày hội"),
        "template": "recognition/festival_panel.html",
        "context": {"praised": list(praised[:200])},
        "order": 10,
    }
