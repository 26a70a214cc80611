"""Title evaluations and recognitions, judged as recognition.services judges them."""

import datetime

from .base import Area, local_dt, next_id, rng_for, unit_hash
from .results import models_q_valid


class TitlesMixin:
    def _criteria_sets(self):
        from recognition import demo as recognition_demo
        from recognition.models import CriteriaSet, TitleKind
        from recognition.services import criteria as recognition_criteria

        recognition_demo.seed_rules()
        sets = {}
        for kind in (TitleKind.FAMILY, TitleKind.AREA):
            earliest = CriteriaSet.objects.filter(kind=kind).order_by("first_year").first()
            if earliest and earliest.first_year > self.years[0]:
                # years before the oldest real set: a copy of it, labelled as invented
                recognition_criteria.criteria_set_create(
                    kind=kind,
                    name=f"{earliest.name} (áp dụng mô phỏng)",
                    legal_basis=f"{earliest.legal_basis} (dữ liệu mô phỏng)",
                    first_year=self.years[0],
                    rule=earliest.rule,
                    pass_mark=earliest.pass_mark,
                    pass_mark_urban=earliest.pass_mark_urban,
                    pass_mark_disadvantaged=earliest.pass_mark_disadvantaged,
                    certificate_after_years=earliest.certificate_after_years,
                    **{
                        field: getattr(earliest, field)
                        for field in (
                            "certificate_basis",
                            "standard_floor_pct",
                            "attendance_min_pct",
                            "attendance_basis",
                            "agreement_min_pct",
                            "agreement_basis",
                        )
                    },
                    groups=[
                        {
                            "kind": g.kind,
                            "title": g.title,
                            "description": g.description,
                            "max_points": g.max_points,
                        }
                        for g in earliest.groups.all()
                    ],
                )
            for year in self.years:
                cs = recognition_criteria.criteria_set_for(kind=kind, year=year)
                sets[kind, year] = (cs, list(cs.groups.order_by("number")))
        return sets

    def _judge(self, cs, groups, rng, good: bool, is_poor: bool, attending: int):
        """Results, score, votes and outcome as recognition.services.judging.judge decides them."""
        results = {}
        score = 0 if cs.rule == "score" else None
        meets = True
        for g in groups:
            if g.kind == "scored":
                low = g.max_points * (0.86 if good else 0.55)
                points = min(g.max_points, int(low + rng.random() * (g.max_points - low + 1)))
                results[str(g.number)] = points
                score += points
            elif g.kind == "condition":
                ok = good or rng.random() < 0.5
                results[str(g.number)] = ok
                meets &= ok
            else:
                applies = (not good) and rng.random() < 0.2
                results[str(g.number)] = applies
                meets &= not applies
        if cs.rule == "score":
            mark = cs.pass_mark_disadvantaged if is_poor and cs.pass_mark_disadvantaged else None
            meets = score >= (mark or cs.pass_mark)
        share = 0.75 + rng.random() * 0.25 if good else 0.3 + rng.random() * 0.4
        votes = min(attending, int(attending * share))
        agreed = cs.agreement_min_pct is None or votes * 100 >= attending * cs.agreement_min_pct
        return results, score, votes, meets, "passed" if meets and agreed else "failed"

    def titles(self) -> None:
        from recognition.models import (
            AuthorityRule,
            Decision,
            EvaluationMeeting,
            Recognition,
            TitleEvaluation,
            TitleKind,
        )
        from residential_areas.models import AdministrativeUnit, UnitLevel

        sets = self._criteria_sets()
        by_commune: dict[int, list[Area]] = {}
        for area in self.areas:
            by_commune.setdefault(area.commune_id, []).append(area)
        meeting_pk = next_id(EvaluationMeeting)
        decision_pk = next_id(Decision)
        decisions, meetings = [], []
        # (meeting id, area, year, kind, criteria set + groups, attending, decision id)
        family_meetings, area_meetings = [], []
        for year in self.years:
            held_on = datetime.date(year, 11, 5)
            posted_on = datetime.date(year, 11, 11)
            signed_on = datetime.date(year, 11, 24)
            cs, _groups = sets[TitleKind.FAMILY, year]
            for commune_id, areas in by_commune.items():
                if not any(a.households for a in areas):
                    continue
                decision = decision_pk
                decision_pk += 1
                decisions.append(
                    (
                        decision,
                        TitleKind.FAMILY,
                        year,
                        commune_id,
                        f"Chủ tịch UBND {self.units[commune_id].name}",
                        f"{100 + len(decisions) % 300}/QĐ-UBND",
                        signed_on,
                        local_dt(signed_on),
                    )
                )
                for area in areas:
                    if not area.households:
                        continue
                    invited = area.households
                    attending = max(
                        1,
                        int(invited * (0.7 + unit_hash(self.seed, area.id, year) * 0.25)),
                    )
                    meetings.append(
                        (
                            meeting_pk,
                            TitleKind.FAMILY,
                            year,
                            area.id,
                            cs.pk,
                            held_on,
                            invited,
                            attending,
                            "general",
                            posted_on,
                            "",
                            decision,
                        )
                    )
                    family_meetings.append((meeting_pk, area, year, attending, decision))
                    meeting_pk += 1
            # residential-area titles: the commune meets, the authority of the day decides
            on = datetime.date(year, 11, 25)
            acs, _ = sets[TitleKind.AREA, year]
            rule = (
                AuthorityRule.objects.filter(kind=TitleKind.AREA).filter(models_q_valid(on)).first()
            )
            deciding_level = rule.level if rule else UnitLevel.COMMUNE
            communes = AdministrativeUnit.objects.as_of(on).filter(level=UnitLevel.COMMUNE)
            area_rows = AdministrativeUnit.objects.as_of(on).filter(level=UnitLevel.AREA)
            children: dict[int, list[int]] = {}
            for pk, parent in area_rows.values_list("pk", "parent_id").iterator():
                children.setdefault(parent, []).append(pk)
            by_decider: dict[int, int] = {}
            for commune_id, parent_id in communes.order_by("path").values_list("pk", "parent_id"):
                if not children.get(commune_id):
                    continue
                decider = commune_id if deciding_level == UnitLevel.COMMUNE else parent_id
                if decider not in by_decider:
                    by_decider[decider] = decision_pk
                    decisions.append(
                        (
                            decision_pk,
                            TitleKind.AREA,
                            year,
                            decider,
                            f"Chủ tịch UBND {self.units[decider].name}",
                            f"{400 + len(by_decider)}/QĐ-UBND",
                            datetime.date(year, 11, 25),
                            local_dt(datetime.date(year, 11, 25)),
                        )
                    )
                    decision_pk += 1
                meetings.append(
                    (
                        meeting_pk,
                        TitleKind.AREA,
                        year,
                        commune_id,
                        acs.pk,
                        datetime.date(year, 11, 12),
                        25,
                        21,
                        "general",
                        datetime.date(year, 11, 13),
                        "",
                        by_decider[decider],
                    )
                )
                area_meetings.append((meeting_pk, children[commune_id], year, by_decider[decider]))
                meeting_pk += 1
        self.w.insert(
            Decision,
            [
                "id",
                "kind",
                "year",
                "unit",
                "authority",
                "number",
                "signed_on",
                "created_at",
            ],
            decisions,
        )
        self.w.insert(
            EvaluationMeeting,
            [
                "id",
                "kind",
                "year",
                "unit",
                "criteria_set",
                "held_on",
                "invited",
                "attending",
                "category",
                "posted_on",
                "objections",
                "decision",
            ],
            meetings,
        )
        del decisions, meetings
        first_evaluation = next_id(TitleEvaluation)

        def evaluations(emit_recognitions: bool):
            pk = first_evaluation
            for meeting_id, area, year, attending, decision in family_meetings:
                cs, groups = sets[TitleKind.FAMILY, year]
                rng = rng_for(self.seed, "evaluation", meeting_id)
                for hid in range(area.first_household, area.first_household + area.households):
                    status = self.poverty_status(hid, year)
                    is_poor = status in ("poor", "near_poor")
                    good = unit_hash(self.seed, hid, 3) < 0.88 and rng.random() < 0.96
                    results, score, votes, meets, outcome = self._judge(
                        cs, groups, rng, good, is_poor, attending
                    )
                    if emit_recognitions:
                        if outcome == "passed":
                            yield (TitleKind.FAMILY, year, hid, area.id, decision, pk)
                    else:
                        yield (
                            pk,
                            meeting_id,
                            hid,
                            area.id,
                            results,
                            score,
                            is_poor,
                            votes,
                            meets,
                            outcome,
                            "",
                        )
                    pk += 1
            for meeting_id, area_ids, year, decision in area_meetings:
                cs, groups = sets[TitleKind.AREA, year]
                rng = rng_for(self.seed, "area-evaluation", meeting_id)
                for area_id in area_ids:
                    good = unit_hash(self.seed, area_id, 4) < 0.82
                    results, score, votes, meets, outcome = self._judge(
                        cs, groups, rng, good, False, 21
                    )
                    if emit_recognitions:
                        if outcome == "passed":
                            yield (TitleKind.AREA, year, None, area_id, decision, pk)
                    else:
                        yield (
                            pk,
                            meeting_id,
                            None,
                            area_id,
                            results,
                            score,
                            False,
                            votes,
                            meets,
                            outcome,
                            "",
                        )
                    pk += 1

        self.w.insert(
            TitleEvaluation,
            [
                "id",
                "meeting",
                "household",
                "area",
                "results",
                "score",
                "is_poor",
                "votes_for",
                "meets_criteria",
                "outcome",
                "note",
            ],
            evaluations(False),
        )
        self.w.insert(
            Recognition,
            ["kind", "year", "household", "area", "decision", "evaluation"],
            evaluations(True),
        )

    # -- the fund ---------------------------------------------------------------------------
