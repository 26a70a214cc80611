"""The report benchmark's SQL floor (bench/report.py) computes the facts the compile does.

The bench divides the compile's time by the floor's: a floor that left out part of the work
(the books' coverage was missing until the ninth session) flatters nothing but itself. On the
cast's province both must give the same totals, the books' coverage included."""

import datetime

from bench import report
from campaign.activities.models import Activity, Festival


def test_the_floor_gives_the_compiles_totals_and_books_coverage(cast, results, postgres):
    Activity.objects.create(
        unit=cast.commune,
        date=datetime.date(2026, 5, 4),
        kind="outreach",
        title="Tuyên truyền Cuộc vận động",
        sessions=3,
        participants=120,
    )
    Activity.objects.create(  # in the trash: kept by no book
        unit=cast.other_commune,
        date=datetime.date(2026, 5, 4),
        kind="outreach",
        title="Nhập nhầm",
        deleted_at=datetime.datetime(2026, 5, 5, tzinfo=datetime.UTC),
    )
    Festival.objects.create(
        area=cast.area, year=2026, held_on=datetime.date(2026, 11, 18), participants=300
    )
    snapshot = report.compile_snapshot(report.new_run(root=cast.province, year=2026))
    floor = report.run_floor(root=cast.province, year=2026)

    assert report.agreement(snapshot, floor, 2026) == []
    books = snapshot["years"][-1]["books"]
    held = {name: b["covered"] for name, b in books.items() if b["covered"]}
    assert held == {"activities": 1}  # the commune's activity and its area's festival
    assert {k: int(v[0]) for k, v in floor.items() if k and k.startswith("books:")} == {
        "books:activities": 1
    }
