"""Bulk insert of new rows together with their django-simple-history rows.

`bulk_create_with_history` of simple-history spends about 190 µs a row on 2 cores preparing
every value through the ORM, twice (the row and its history row): most of the time of a
100,000-row import. On PostgreSQL this writes both with `execute_values`, which adapts plain
Python values in C, and takes the new ids from `RETURNING`. It is used only for models whose
fields hold such plain values (numbers, text, booleans, aware datetimes, foreign key ids,
JSON); anything else, and any other database, goes through simple-history's own function, so
the rows and their history are the same either way.
"""

import json

from django.db import connection, models
from django.utils import timezone
from psycopg2.extras import execute_values
from simple_history.utils import bulk_create_with_history

PLAIN_FIELDS = (
    models.AutoField,
    models.BigAutoField,
    models.IntegerField,  # with its small, big and positive kinds
    models.BooleanField,
    models.CharField,
    models.TextField,
    models.DateTimeField,
    models.ForeignKey,
)


def _adapter(field):
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        raise TypeError(field)  # set by the ORM's pre_save, which this path does not call
    if isinstance(field, models.JSONField):
        encoder = field.encoder
        # as text, once: PostgreSQL casts the literal to the column's json type; None is
        # SQL NULL, as the ORM stores it
        return lambda value: None if value is None else json.dumps(value, cls=encoder)
    if isinstance(field, PLAIN_FIELDS):
        return None
    raise TypeError(field)


def _plan(model):
    """[(column, attname, adapter)] for the model's concrete fields but the id, or None."""
    plan = []
    for field in model._meta.concrete_fields:
        if field.primary_key:
            continue
        try:
            plan.append((field.column, field.attname, _adapter(field)))
        except TypeError:
            return None
    return plan


def _insert(model, plan, rows, *, page_size) -> list[int]:
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(c) for c, _a, _f in plan)
    pk = connection.ops.quote_name(model._meta.pk.column)
    with connection.cursor() as cursor:
        returned = execute_values(
            cursor.cursor,
            f"INSERT INTO {table} ({columns}) VALUES %s RETURNING {pk}",
            rows,
            page_size=page_size,
            fetch=True,
        )
    return [r[0] for r in returned]


def _values(obj, plan):
    return tuple(
        getattr(obj, attname) if adapt is None else adapt(getattr(obj, attname))
        for _column, attname, adapt in plan
    )


def create_with_history(objs: list, model, *, batch_size: int = 1000) -> list:
    """Insert `objs` (new, unsaved) and one "+" history row each; returns `objs` with ids.

    Call inside a transaction. The history user is taken as simple-history takes it: the
    request's user when the HistoryRequestMiddleware saw one."""
    if not objs:
        return objs
    history = model.history.model
    plan, history_plan = _plan(model), _plan(history)
    if connection.vendor != "postgresql" or plan is None or history_plan is None:
        return bulk_create_with_history(objs, model, batch_size=batch_size)
    rows = [_values(o, plan) for o in objs]
    ids = _insert(model, plan, rows, page_size=batch_size)
    for obj, pk in zip(objs, ids, strict=True):
        obj.pk = pk
        obj._state.adding = False
    user = history.get_default_history_user(objs[0])
    extra = {
        "history_date": timezone.now(),
        "history_change_reason": None,
        "history_type": "+",
        "history_user_id": user.pk if user is not None else None,
    }
    # the history row repeats the row's values (JSON already adapted) and adds its own
    attnames = [attname for _column, attname, _adapt in plan]
    pk_name = model._meta.pk.attname
    history_rows = []
    for obj, row in zip(objs, rows, strict=True):
        known = {**dict(zip(attnames, row, strict=True)), pk_name: obj.pk, **extra}
        history_rows.append(
            tuple(
                known[attname] if attname in known else getattr(obj, attname)
                for _column, attname, _adapt in history_plan
            )
        )
    _insert(history, history_plan, history_rows, page_size=batch_size)
    return objs
