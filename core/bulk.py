"""Bulk insert of new rows together with their django-simple-history rows, and COPY text.

`bulk_create_with_history` of simple-history spends about 190 µs a row on 2 cores preparing
every value through the ORM, twice (the row and its history row): most of the time of a
100,000-row import. On PostgreSQL this takes the new ids from the table's sequence and writes
both the rows and their history rows with COPY. It is used only for models whose fields hold
plain values (numbers, text, booleans, datetimes, foreign key ids, JSON); anything else, and any
other database, goes through simple-history's own function, so the rows and their history are
the same either way (a test compares them).

`insert_with_history` goes further for rows the caller holds as plain values (no model
instances): on PostgreSQL the ids come from the table's sequence in one query, then one COPY
writes the rows and one their history rows, from the same text (a data-modifying WITH ... INSERT
with the rows as arrays measured 1.4-1.6 times slower per row).
"""

import datetime
import io
import json
from decimal import Decimal

from django.conf import settings
from django.db import connection, models
from django.utils import timezone
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


_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _escape(text: str) -> str:
    return text.translate(_ESCAPES)


# the common types by a dict lookup: this runs once per value of every row
_BY_TYPE = {
    type(None): lambda value: "\\N",
    bool: lambda value: "t" if value else "f",
    int: str,
    str: _escape,
}


def copy_text(value) -> str:
    """One value in the text format of PostgreSQL's COPY."""
    simple = _BY_TYPE.get(type(value))
    if simple is not None:
        return simple(value)
    if value is None:
        return "\\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, int | Decimal):
        return str(value)
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    if isinstance(value, dict | list):
        value = json.dumps(value, ensure_ascii=False)
    return _escape(str(value))


def _adapter(field):
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        raise TypeError(field)  # set by the ORM's pre_save, which this path does not call
    if isinstance(field, models.JSONField):
        encoder = field.encoder
        # JSON text, whatever the value (a bare string too); None is SQL NULL, as in the ORM
        return lambda value: None if value is None else json.dumps(value, cls=encoder)
    if isinstance(field, PLAIN_FIELDS):
        return None
    raise TypeError(field)


def _plan(model):
    """[(column, attname, adapter)] of the model's concrete fields, the id first, or None."""
    plan = []
    for field in model._meta.concrete_fields:
        try:
            adapt = _adapter(field)
        except TypeError:
            return None
        entry = (field.column, field.attname, adapt)
        if field.primary_key:
            plan.insert(0, entry)
        else:
            plan.append(entry)
    return plan


_SEQUENCES: dict = {}


def _sequence(model) -> str:
    """The name of the sequence behind the model's id, read once per process and database:
    pg_get_serial_sequence in the query itself ran once per row (it is only STABLE), and took
    nine tenths of the time of taking a few hundred ids."""
    key = (connection.settings_dict["NAME"], model._meta.db_table)
    if key not in _SEQUENCES:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_get_serial_sequence(%s, %s)",
                [model._meta.db_table, model._meta.pk.column],
            )
            _SEQUENCES[key] = cursor.fetchone()[0]
    return _SEQUENCES[key]


def _next_ids(n: int, *models_) -> list[tuple[int, ...]]:
    """`n` new ids from the sequence of each model, in one round trip: [(id, ...), ...]."""
    calls = ", ".join(["nextval(%s::regclass)"] * len(models_))
    params = [_sequence(m) for m in models_]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {calls} FROM generate_series(1, %s)", [*params, n])
        return cursor.fetchall()


def _copy(model, plan, lines) -> None:
    """COPY `lines` (each a row's values as COPY text, tab-separated) into the model's table."""
    quote = connection.ops.quote_name
    columns = ", ".join(quote(column) for column, _attname, _adapt in plan)
    text = "".join(line + "\n" for line in lines)
    with connection.cursor() as cursor:
        cursor.cursor.copy_expert(
            f"COPY {quote(model._meta.db_table)} ({columns}) FROM STDIN", io.StringIO(text)
        )


def create_with_history(objs: list, model, *, batch_size: int = 1000) -> list:
    """Insert `objs` (new, unsaved) and one "+" history row each; returns `objs` with ids.

    Call inside a transaction. The history user is taken as simple-history takes it: the
    request's user when the HistoryRequestMiddleware saw one."""
    if not objs:
        return objs
    if not getattr(settings, "SIMPLE_HISTORY_ENABLED", True):
        return model._default_manager.bulk_create(objs, batch_size=batch_size)
    history = model.history.model
    plan, history_plan = _plan(model), _plan(history)
    if connection.vendor != "postgresql" or plan is None or history_plan is None:
        return bulk_create_with_history(objs, model, batch_size=batch_size)
    ids = _next_ids(len(objs), model, history)
    for obj, (pk, _history_id) in zip(objs, ids, strict=True):
        obj.pk = pk
        obj._state.adding = False
    # each value turned into COPY text once: the history row repeats the row's
    texts = [
        {
            attname: copy_text(
                getattr(obj, attname) if adapt is None else adapt(getattr(obj, attname))
            )
            for _column, attname, adapt in plan
        }
        for obj in objs
    ]
    _copy(model, plan, ("\t".join(row[a] for _c, a, _f in plan) for row in texts))
    user = history.get_default_history_user(objs[0])
    extra = {
        "history_date": copy_text(timezone.now()),
        "history_change_reason": copy_text(None),
        "history_type": "+",
        "history_user_id": copy_text(user.pk if user is not None else None),
    }
    history_pk = history._meta.pk.attname
    _copy(
        history,
        history_plan,
        (
            "\t".join(
                str(history_id)
                if attname == history_pk
                else extra[attname]
                if attname in extra
                else row[attname]
                for _c, attname, _a in history_plan
            )
            for row, (_pk, history_id) in zip(texts, ids, strict=True)
        ),
    )
    return objs


# the history row's own columns, as simple-history fills them for a new row
_HISTORY_VALUES = ("history_date", "history_change_reason", "history_type", "history_user_id")


def _insert_plan(model):
    """(fields, COPY of the rows, COPY of their history rows) or None when a field is not a
    plain value or the history row holds a column this does not know. Both COPYs name their
    columns in the same order, so a row's text serves its history row as it is: the id, the
    row's values, then the history's own (its history_id is the table's default)."""
    quote = connection.ops.quote_name
    fields = []
    for field in model._meta.concrete_fields:
        if field.primary_key:
            continue
        try:
            adapt = _adapter(field)
        except TypeError:
            return None
        fields.append((field, adapt))
    history = model.history.model
    columns = [model._meta.pk.column] + [f.column for f, _a in fields]
    by_name = {f.attname: f for f in history._meta.concrete_fields}
    known = set(columns) | {by_name[a].column for a in _HISTORY_VALUES if a in by_name}
    history_pk = history._meta.pk.column
    if (
        any(a not in by_name for a in _HISTORY_VALUES)
        or {f.column for f in history._meta.concrete_fields} != known | {history_pk}
        or history_pk in columns
    ):
        return None
    history_columns = columns + [by_name[a].column for a in _HISTORY_VALUES]

    def copy(table, names):
        return f"COPY {quote(table)} ({', '.join(quote(n) for n in names)}) FROM STDIN"

    return (
        [(field, adapt, _kind(field, adapt)) for field, adapt in fields],
        copy(model._meta.db_table, columns),
        copy(history._meta.db_table, history_columns),
        history,
    )


def _kind(field, adapt):
    """The Python type most values of the column have (its text made without copy_text's
    dispatch), or None."""
    if adapt is not None:
        return str  # JSON text
    if isinstance(field, models.BooleanField):
        return bool
    if isinstance(field, models.CharField | models.TextField):
        return str
    if isinstance(field, models.IntegerField | models.ForeignKey):
        return int
    return None


def _texts(values: list, kind) -> list[str]:
    """The values of one column as COPY text: copy_text's, faster for the column's own type
    (this runs for every value of an import)."""
    if kind is int:
        return [str(v) if type(v) is int else copy_text(v) for v in values]
    if kind is str:
        return [v.translate(_ESCAPES) if type(v) is str else copy_text(v) for v in values]
    if kind is bool:
        return ["t" if v is True else "f" if v is False else copy_text(v) for v in values]
    return [copy_text(v) for v in values]


_PLANS: dict = {}


def insert_with_history(model, rows: list[dict], *, batch_size: int = 5000) -> int:
    """Insert new rows given as {attname: value}, every row with the same keys (a field not
    given takes its default, the id the table's sequence), and one "+" history row each;
    returns how many. Call inside a transaction.

    On PostgreSQL: the ids in one query, then a COPY of the rows and one of their history rows
    (each value turned into text once, for both). Elsewhere, or for a model with fields this
    does not know: model instances through `create_with_history`, with the same rows and
    history."""
    if not rows:
        return 0
    plan = None
    if connection.vendor == "postgresql":
        if model not in _PLANS:
            _PLANS[model] = _insert_plan(model)
        plan = _PLANS[model]
    if plan is None or not getattr(settings, "SIMPLE_HISTORY_ENABLED", True):
        create_with_history([model(**row) for row in rows], model, batch_size=batch_size)
        return len(rows)
    fields, copy_rows, copy_history, history = plan
    user = history.get_default_history_user(model())
    # the history row's own values after the row's: date, change reason, type, user
    suffix = f"\t{copy_text(timezone.now())}\t\\N\t+\t{copy_text(user.pk if user else None)}\n"
    with connection.cursor() as cursor:
        for start in range(0, len(rows), batch_size):
            batch = rows[start : start + batch_size]
            columns = []
            for field, adapt, kind in fields:
                name = field.attname
                if name in batch[0]:
                    values = [row[name] for row in batch]
                else:
                    values = [field.get_default()] * len(batch)
                if adapt is not None:
                    values = [adapt(v) for v in values]
                columns.append(_texts(values, kind))
            lines = [
                f"{pk}\t" + "\t".join(values)
                for (pk,), values in zip(
                    _next_ids(len(batch), model), zip(*columns, strict=True), strict=True
                )
            ]
            cursor.cursor.copy_expert(copy_rows, io.StringIO("\n".join(lines) + "\n"))
            cursor.cursor.copy_expert(copy_history, io.StringIO(suffix.join(lines) + suffix))
    return len(rows)
