"""Reads from a streaming replica, where one is configured, inside an explicit context only.

    with replica_reads():          # or @replica_reads() on a function
        snapshot = build_snapshot(...)

With `DATABASE_REPLICA_URL` set, settings add the database alias `replica` and the router
`portal.db_router.ReplicaRouter`. Inside `replica_reads()` the router sends the ORM's reads to
`replica`; writes always go to `default`. Outside the context every read goes to `default`.
Without the setting the context changes nothing.

Inside the context:
- the reads on the replica share one transaction, REPEATABLE READ and READ ONLY: every query
  sees the replica as of one moment, as a report compiled on the primary does;
- a model written in the context (any ORM write, or `select_for_update`) is read from `default`
  for the rest of it: the replica may not have the write yet;
- a context entered while `default` is inside a transaction reads from `default` throughout: the
  transaction may read its own writes, which the replica has not seen.

On entering, the replica is asked once, over a connection with a short connect timeout, how far
behind the primary it is. When it cannot be reached, or is more than `REPLICA_MAX_LAG_SECONDS`
(default 300) behind, the context reads from the primary and logs why: a report is never
refused because the replica is down. After a failed connection the replica is not tried again
for `REPLICA_RETRY_SECONDS` (default 30) in this process, so that a replica that does not answer
costs one connect timeout per half minute, not one per page.

The choice is held in a context variable: threads and asyncio tasks each have their own (a
thread started inside the context reads from `default`), and a context inside another keeps the
outer one's choice.
"""

import contextlib
import contextvars
import logging
import time
from dataclasses import dataclass, field

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, Error, connections, transaction

logger = logging.getLogger(__name__)

ALIAS = "replica"
DEFAULT_MAX_LAG_SECONDS = 300
DEFAULT_RETRY_SECONDS = 30

# 0 on a server that is not a standby, or a standby streaming from the primary that has
# replayed all it received; else the age of the last transaction replayed (NULL, unknown, when
# none was replayed yet). pg_stat_wal_receiver has a row while the standby streams (its pid is
# shown to any role).
LAG_SQL = """
    SELECT CASE
        WHEN NOT pg_is_in_recovery() THEN 0
        WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn()
            AND EXISTS (SELECT 1 FROM pg_stat_wal_receiver) THEN 0
        ELSE EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp())
    END
"""


@dataclass
class _Context:
    alias: str  # where reads go: ALIAS or DEFAULT_DB_ALIAS
    written: set = field(default_factory=set)  # models written in the context


_current: contextvars.ContextVar[_Context | None] = contextvars.ContextVar(
    "replica_reads", default=None
)
# monotonic time before which the replica is not tried again after a failed connection
_down_until = [0.0]


def configured() -> bool:
    return ALIAS in connections.settings


def read_alias(model) -> str:
    """Where the router sends a read of `model` now."""
    ctx = _current.get()
    if ctx is None or ctx.alias != ALIAS or model in ctx.written:
        return DEFAULT_DB_ALIAS
    return ALIAS


def note_write(model) -> None:
    """The router saw a write of `model`: read it from `default` for the rest of the context."""
    ctx = _current.get()
    if ctx is not None and model is not None:
        ctx.written.add(model)
        ctx.written.update(model._meta.get_parent_list())


def _lag_seconds() -> float | None:
    conn = connections[ALIAS]
    with conn.cursor() as cursor:
        cursor.execute(LAG_SQL if conn.vendor == "postgresql" else "SELECT 0")
        value = cursor.fetchone()[0]
    return None if value is None else float(value)


def _choose() -> str:
    """ALIAS when the replica answers and is close enough behind the primary, else default."""
    if not configured():
        return DEFAULT_DB_ALIAS
    if connections[DEFAULT_DB_ALIAS].in_atomic_block:
        logger.debug("inside a transaction on the primary: reads stay on the primary")
        return DEFAULT_DB_ALIAS
    now = time.monotonic()
    if now < _down_until[0]:
        return DEFAULT_DB_ALIAS
    try:
        lag = _lag_seconds()
    except Error as exc:
        _down_until[0] = now + getattr(settings, "REPLICA_RETRY_SECONDS", DEFAULT_RETRY_SECONDS)
        with contextlib.suppress(Error):
            connections[ALIAS].close()  # a broken connection is opened afresh next time
        logger.warning(
            "replica unreachable, reading from the primary (next try in %s s): %s",
            getattr(settings, "REPLICA_RETRY_SECONDS", DEFAULT_RETRY_SECONDS),
            str(exc).strip(),
        )
        return DEFAULT_DB_ALIAS
    max_lag = getattr(settings, "REPLICA_MAX_LAG_SECONDS", DEFAULT_MAX_LAG_SECONDS)
    if lag is None or lag > max_lag:
        shown = "an unknown time" if lag is None else f"{lag:.0f} s"
        logger.warning(
            "replica behind the primary by %s (limit %s s), reading from the primary",
            shown,
            max_lag,
        )
        return DEFAULT_DB_ALIAS
    return ALIAS


@contextlib.contextmanager
def _snapshot(alias: str):
    """One REPEATABLE READ, READ ONLY transaction on `alias` for the context's reads."""
    with transaction.atomic(using=alias):
        conn = connections[alias]
        if conn.vendor == "postgresql":
            with conn.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        yield


@contextlib.contextmanager
def replica_reads():
    """Reads inside go to the replica when one is configured, reachable and not lagging; works
    as a decorator too (`@replica_reads()`)."""
    if _current.get() is not None:  # nested: the outer context has chosen
        yield
        return
    ctx = _Context(alias=_choose())
    token = _current.set(ctx)
    try:
        if ctx.alias == ALIAS:
            with _snapshot(ALIAS):
                yield
        else:
            yield
    finally:
        _current.reset(token)


def reset() -> None:
    """Forget a failed connection: the next context tries the replica again (tests, and an
    operator's shell once the replica is back)."""
    _down_until[0] = 0.0
