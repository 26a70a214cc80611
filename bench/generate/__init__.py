"""Synthetic data at province and nation size, for the benchmarks.

`generate(preset=..., seed=...)` fills an empty database (or one that holds only what an earlier
run generated) with a tree, households, title evaluations and recognitions, poverty statuses,
the Fund for the Poor and accepted yearly submissions. Rows are written straight to the tables
(PostgreSQL COPY from a streaming buffer, in batches; executemany on SQLite), never through the
services, so each writer here keeps the services' invariants itself:

- receipts are numbered 1..n per fund and year in date order, with no gap;
- a disbursement never takes a fund below zero at any date (donations of a day count first);
- an evaluation's score, `meets_criteria` and `outcome` follow the criteria set's rule exactly
  as `recognition.services` judges them; a recognition exists for every passed evaluation of a
  decided meeting; meetings are held before 25/11, posted, and decided after the posting;
- household evaluations are held at the household's own residential area (the service refuses
  any other), so the households' 2025 areas also hold the meetings of the earlier years;
- a poor household's supporter is a member organization above it.

Determinism: every random draw comes from generators seeded with (seed, purpose, key), every
timestamp is derived from the row's own date, and ids restart at 1 after the wipe, so the same
seed and arguments give the same rows.


The parts: `base` (presets, random draws, the row writer), `database` (the marker, the wipe,
the indexes deferred during a load), `generator` (the pieces in order), each piece in its own
module: `tree`, `households`, `titles`, `fund`, `results`.
"""

import hashlib
from dataclasses import replace

from django.db import connection, transaction

from .base import (  # noqa: F401
    NO_POSTGRES,
    PRESETS,
    REAL_DATA,
    GenerateError,
    Preset,
    unknown_preset_message,
)
from .database import (  # noqa: F401
    DEFERRED_TABLE,
    _defer_indexes,
    _table_names,
    _write_marker,
    existing_data,
    marker,
    restore_indexes,
    wipe,
)
from .generator import Generator


def generate(
    *,
    preset: str,
    seed: int = 1,
    force: bool = False,
    years: int | None = None,
    scale: float = 1.0,
    last_year: int | None = None,
    log=print,
) -> dict[str, int]:
    """Fill the database with the preset. Refuses on real data unless `force`."""
    from django.utils import timezone

    if preset not in PRESETS:
        raise GenerateError(unknown_preset_message(preset))
    spec = PRESETS[preset]
    if years:
        spec = replace(spec, years=years)
    if spec.tree == "national" and connection.vendor != "postgresql":
        raise GenerateError(NO_POSTGRES)
    found = existing_data()
    if found and marker() is None and not force:
        raise GenerateError(REAL_DATA.format(what="; ".join(found[:4])))
    last_year = last_year or timezone.localdate().year
    log(f"Xóa dữ liệu cũ ({len(_table_names())} bảng)...")
    with transaction.atomic():
        wipe()
        # what a run stopped halfway dropped, rebuilt on the empty tables
        restore_indexes(log)
        # marked first: a run stopped halfway leaves data that a rerun may replace
        _write_marker(preset, seed, scale)
    gen = Generator(preset=spec, seed=seed, scale=scale, last_year=last_year, log=log)
    try:
        if connection.vendor == "postgresql":
            _defer_indexes(_table_names())
            try:
                return gen.run()
            finally:
                log("Tạo lại chỉ mục...")
                restore_indexes(log)
        # SQLite commits (and syncs) every statement of an executemany on its own otherwise
        with transaction.atomic():
            return gen.run()
    finally:
        from core import fragments

        fragments.bump()  # COPY sends no signals: cached page parts must be rendered anew


def checksums() -> dict[str, str]:
    """A digest per key table, over natural keys only (no ids, no timestamps)."""
    from campaign.models import SubmissionValue
    from poverty_fund.models import Disbursement, Donation, HouseholdStatus
    from recognition.models import Recognition, TitleEvaluation
    from residential_areas.models import AdministrativeUnit, Household

    queries = {
        "units": AdministrativeUnit.objects.order_by("code", "name", "level").values_list(
            "code", "name", "level", "parent__code"
        ),
        "households": Household.objects.order_by("area__code", "code").values_list(
            "area__code", "code", "head_name", "head_birth_year", "members"
        ),
        "evaluations": TitleEvaluation.objects.order_by(
            "meeting__year", "meeting__kind", "area__code", "household__code"
        ).values_list(
            "meeting__year",
            "area__code",
            "household__code",
            "score",
            "votes_for",
            "outcome",
        ),
        "recognitions": Recognition.objects.order_by(
            "year", "kind", "area__code", "household__code"
        ).values_list("year", "kind", "area__code", "household__code", "decision__number"),
        "statuses": HouseholdStatus.objects.order_by(
            "year", "household__code", "household__area__code"
        ).values_list(
            "year",
            "household__area__code",
            "household__code",
            "status",
            "income_per_person_month",
        ),
        "donations": Donation.objects.order_by(
            "fund__unit__code", "fund__unit__name", "receipt_year", "receipt_number"
        ).values_list(
            "fund__unit__code",
            "receipt_year",
            "receipt_number",
            "amount",
            "date",
            "donor_name",
        ),
        "disbursements": Disbursement.objects.order_by(
            "fund__unit__code", "fund__unit__name", "date", "amount", "purpose"
        ).values_list("fund__unit__code", "date", "amount", "purpose", "household__code"),
        "submission_values": SubmissionValue.objects.order_by(
            "submission__period__year",
            "submission__unit__code",
            "submission__unit__name",
            "indicator__code",
        ).values_list(
            "submission__period__year",
            "submission__unit__code",
            "indicator__code",
            "value",
        ),
    }
    out = {}
    for name, qs in queries.items():
        h = hashlib.sha256()
        for row in qs.iterator(chunk_size=5000):
            h.update(repr(row).encode())
        out[name] = h.hexdigest()
    return out
