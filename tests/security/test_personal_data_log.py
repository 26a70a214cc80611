"""Every page that shows a household's name logs the access (settings.PERSONAL_DATA_VIEWS).

The list in settings is kept by hand; this walks every page a commune committee may open,
with objects of its own commune, and fails on any that shows one of its households' names
without being listed there (or below, with the reason it needs no log)."""

import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from accounts import scope
from residential_areas.models import Household

from .test_access_matrix import (  # noqa: F401
    ALL_ROUTES,
    ROUTES,
    SCOPED,
    User,
    route_arg,
    route_model,
    world,
)

# pages that may show a household's name and are not logged, and why
NOT_PERSONAL = {}


def _inside(model, user):
    if model is User:
        return user
    field = SCOPED.get(model)
    if field is None:
        return model.objects.order_by("pk").first()
    return model.objects.filter(scope.scope_q(user, field)).order_by("pk").first()


def _url(name, user):
    kwargs = {}
    for key, how in ROUTES.get(name, {}).items():
        if isinstance(how, str):
            kwargs[key] = how
        else:
            obj = _inside(route_model(how), user)
            if obj is None:
                return None
            kwargs[key] = route_arg(how, obj)
    return reverse(name, kwargs=kwargs)


@pytest.mark.django_db
def test_every_page_showing_a_household_name_is_logged(world):  # noqa: F811
    user = User.objects.get(username="xa.ductho")
    names = set(
        Household.objects.filter(scope.scope_q(user, "area")).values_list("head_name", flat=True)
    )
    assert len(names) > 20
    client = Client()
    client.force_login(user)
    unlogged, seen = [], 0
    for name, pattern in sorted(ALL_ROUTES.items()):
        if name.startswith("api:") or (pattern.pattern.regex.groups and name not in ROUTES):
            continue
        url = _url(name, user)
        if url is None:
            continue
        response = client.get(url)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        # the page's tabs (?tab=...) are the same view showing other rows
        tabs = set(re.findall(r'href="\?(tab=[\w-]+)"', response.content.decode()))
        for variant in [url, *(f"{url}?{tab}" for tab in sorted(tabs))]:
            body = client.get(variant).content.decode() if variant != url else None
            body = body or response.content.decode()
            seen += 1
            shown = next((n for n in names if n in body), None)
            if shown and name not in settings.PERSONAL_DATA_VIEWS and name not in NOT_PERSONAL:
                unlogged.append((name, variant, shown))
    assert seen > 40
    assert unlogged == [], "\n".join(map(str, unlogged))
