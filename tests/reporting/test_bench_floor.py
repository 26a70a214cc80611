"""The report benchmark's SQL floor (bench/report.py) computes the facts the compile does.

The bench divides the compile's time by the floor's: a floor that left out part of the work
(the books' coverage was missing until the ninth session) flatters nothing but itself. On the
cast's province both must give the same totals, the books' coverage included."""

import datetime

from bench import report
from campaign.activities.models import Activity


def test_the_floor_gives_the_compiles_totals_and_books_coverage(
    cast, results, activities, postgres
):
    # the other commune's outreach goes to the trash: no book keeps it any more
    Activity.objects.filter(unit=cast.other_commune).update(
        deleted_at=datetime.datetime(2026, 5, 5, tzinfo=datetime.UTC)
    )
    snapshot = report.compile_snapshot(report.new_run(root=cast.province, year=2026))
    floor = report.run_floor(root=cast.province, year=2026)

    assert report.agreement(snapshot, floor, 2026) == []
    books = snapshot["years"][-1]["books"]
    held = {name: b["covered"] for name, b in books.items() if b["covered"]}
    assert held == {"activities": 1}  # the commune's outreach and its area's festival
    assert {k: int(v[0]) for k, v in floor.items() if k and k.startswith("books:")} == {
        "books:activities": 1
    }
