"""Rendered page parts that cost much and change far less often than they are read.

A part is cached with the version of each kind of data it shows ("tree", "statistics",
"results", "fund", "titles") and served only while those versions are current. Saving or deleting a model
of that kind bumps the version (`track`, called from the apps' `ready()`), and so do writes that
send no signal (`bump`, called by the service or command that does them), so the next request
renders afresh: a cached part is never older than the data under it. The bump is done at once
and again when the transaction commits, so a part rendered from the old rows in between is not
kept either.

Parts hold nothing of one user: they show a unit's subtree, which everyone who may see that
unit may see in full, and no form or CSRF token. The cache must be shared by the web
processes: Redis in production (REDIS_URL); the embedded default serves from one process,
where the local-memory cache is enough.
"""

import hashlib
import logging
import time

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

logger = logging.getLogger(__name__)

KINDS = ("tree", "statistics", "results", "fund", "titles")
TIMEOUT = 6 * 3600
_PREFIX = "portal:data-version:"


def _key(kind: str) -> str:
    if kind not in KINDS:
        raise ValueError(f"unknown kind of data: {kind}")
    return _PREFIX + kind


def _current(found: dict, keys: list[str]) -> str:
    """The versions of `keys` as one string, from `found` (what the cache returned)."""
    for key in keys:
        if key not in found:
            # a fresh start: a number no earlier life of the cache can have handed out
            cache.add(key, time.time_ns(), None)
            found[key] = cache.get(key)
    return ".".join(str(found[key]) for key in keys)


def _bump_now(kinds) -> None:
    for kind in kinds:
        key = _key(kind)
        try:
            try:
                cache.incr(key)
            except ValueError:  # not there (yet, or any more): start afresh
                cache.set(key, time.time_ns(), None)
        except Exception:  # noqa: BLE001 - the cache is down: the write must not fail for it
            logger.exception("could not bump the cached parts of %s", kind)


def bump(*kinds: str) -> None:
    """The data of `kinds` changed: parts showing it are rendered again."""
    kinds = kinds or KINDS
    _bump_now(kinds)
    transaction.on_commit(lambda: _bump_now(kinds), robust=True)


def track(model, kind: str) -> None:
    """Bump `kind` whenever a `model` row is saved or deleted."""
    _key(kind)

    def changed(sender, **kwargs):
        bump(kind)

    post_save.connect(changed, sender=model, weak=False, dispatch_uid=f"fragments:{model}:{kind}")
    post_delete.connect(
        changed, sender=model, weak=False, dispatch_uid=f"fragments:{model}:{kind}:del"
    )


def cached(name: str, compute, *, kinds: tuple[str, ...], key: tuple):
    """`compute()` (called only on a miss), cached under `name` and `key`, and kept with the
    versions of `kinds` it was computed at: one round trip reads the part and the current
    versions, and a part of older versions is computed again.

    With the cache down the page still works: computed afresh every time."""
    digest = hashlib.sha1(repr(key).encode(), usedforsecurity=False).hexdigest()
    full = f"portal:part:{name}:{digest}"
    version_keys = [_key(k) for k in kinds]
    try:
        found = cache.get_many([full, *version_keys])
        current = _current(found, version_keys)
    except Exception:  # noqa: BLE001
        logger.exception("cache unavailable: %s computed without it", name)
        return compute()
    stored = found.get(full)
    if stored is not None and stored[0] == current:
        return stored[1]
    value = compute()
    try:
        cache.set(full, (current, value), TIMEOUT)
    except Exception:  # noqa: BLE001
        logger.exception("cache unavailable: %s not stored", name)
    return value


def render(template: str, context, *, kinds: tuple[str, ...], key: tuple) -> str:
    """`template` rendered with `context()` (a callable, called only on a miss), cached."""
    html = cached(template, lambda: render_to_string(template, context()), kinds=kinds, key=key)
    return mark_safe(html)  # noqa: S308 - our own template's output, escaped when rendered
