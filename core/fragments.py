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

Two memos in the process save the round trips to the cache (each costs the web process and
Redis more CPU than a small part's lookup): during a request the versions are read once, all
kinds in one round trip, and forgotten when it ends or when this process bumps one; and the
last parts served are kept in the process under the versions they were computed at, so a part
whose versions are still current is not fetched again. A part another process has bumped is
under another version, so it is never served from the memo.
"""

import hashlib
import logging
import pickle
import threading
import time
from collections import OrderedDict

from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

logger = logging.getLogger(__name__)

KINDS = ("tree", "statistics", "results", "fund", "titles")
TIMEOUT = 6 * 3600
_PREFIX = "portal:data-version:"
_ALL_KEYS = tuple(_PREFIX + kind for kind in KINDS)

# the parts kept in this process: (name and key digest, versions) -> value; the last
# MEMO_PARTS used, none larger than MEMO_LARGEST characters or bytes
MEMO_PARTS = 256
MEMO_LARGEST = 1 << 20
_memo: OrderedDict = OrderedDict()
_memo_lock = threading.Lock()
_MISS = object()

# the versions read during the request this thread serves (None outside a request)
_request = threading.local()


def _request_began(**_kwargs) -> None:
    _request.versions = {}


def _request_ended(**_kwargs) -> None:
    _request.versions = None


request_started.connect(_request_began, dispatch_uid="core.fragments:request-began")
request_finished.connect(_request_ended, dispatch_uid="core.fragments:request-ended")


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


def _versions(keys: list[str]) -> str:
    """The current versions of `keys`: in a request, read once with every other kind's."""
    seen = getattr(_request, "versions", None)
    if seen is None:
        return _current(cache.get_many(keys), keys)
    if any(key not in seen for key in keys):
        seen.update(cache.get_many(_ALL_KEYS))
    return _current(seen, keys)


def _bump_now(kinds) -> None:
    seen = getattr(_request, "versions", None)
    if seen is not None:
        seen.clear()  # this request reads the versions again, its own bump included
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


def _memo_get(full: str, current: str, shared: bool):
    with _memo_lock:
        kept = _memo.get((full, current), _MISS)
        if kept is _MISS:
            return _MISS
        _memo.move_to_end((full, current))
    return kept if shared else pickle.loads(kept)  # noqa: S301 - pickled here, by us


def _memo_put(full: str, current: str, value, shared: bool) -> None:
    if shared:
        kept = value
    else:
        try:
            kept = pickle.dumps(value, pickle.HIGHEST_PROTOCOL)
        except Exception:  # noqa: BLE001 - not kept here; the cache has its own copy
            return
    if isinstance(kept, str | bytes) and len(kept) > MEMO_LARGEST:
        return
    with _memo_lock:
        _memo[(full, current)] = kept
        _memo.move_to_end((full, current))
        while len(_memo) > MEMO_PARTS:
            _memo.popitem(last=False)


def cached(name: str, compute, *, kinds: tuple[str, ...], key: tuple, shared: bool = False):
    """`compute()` (called only on a miss), cached under `name` and `key`, and kept with the
    versions of `kinds` it was computed at: a part of older versions is computed again.

    Each caller gets a copy of its own, as from the cache, unless `shared`: then the value is
    the one the process keeps, and the caller must not change it (a string, or data only shown).
    With the cache down the page still works: computed afresh every time."""
    digest = hashlib.sha1(repr(key).encode(), usedforsecurity=False).hexdigest()
    full = f"portal:part:{name}:{digest}"
    version_keys = [_key(k) for k in kinds]
    try:
        current = _versions(version_keys)
        value = _memo_get(full, current, shared)
        if value is not _MISS:
            return value
        stored = cache.get(full)
    except Exception:  # noqa: BLE001
        logger.exception("cache unavailable: %s computed without it", name)
        return compute()
    if stored is not None and stored[0] == current:
        value = stored[1]
    else:
        value = compute()
        try:
            cache.set(full, (current, value), TIMEOUT)
        except Exception:  # noqa: BLE001
            logger.exception("cache unavailable: %s not stored", name)
    _memo_put(full, current, value, shared)
    return value


def render(template: str, context, *, kinds: tuple[str, ...], key: tuple) -> str:
    """`template` rendered with `context()` (a callable, called only on a miss), cached."""
    html = cached(
        template,
        lambda: render_to_string(template, context()),
        kinds=kinds,
        key=key,
        shared=True,  # a string: nobody can change it
    )
    return mark_safe(html)  # noqa: S308 - our own template's output, escaped when rendered
