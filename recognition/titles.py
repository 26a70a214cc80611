"""The names of the titles by year: the law renamed one and added another, and every page,
decision, certificate and report prints the name the law of that year used."""

# keyed by the TitleKind values: models.py imports this module, so it imports none of the app
# (first year, name), newest last. Sources: Nghị định 122/2018/NĐ-CP (2018-2023);
# Luật Thi đua, khen thưởng 2022 and Nghị định 86/2023/NĐ-CP (from 2024).
TITLE_NAMES = {
    "family": [(2018, "Gia đình văn hóa")],
    "area": [(2018, "Khu dân cư văn hóa"), (2024, "Thôn, tổ dân phố văn hóa")],
    "commune": [(2024, "Xã, phường, thị trấn tiêu biểu")],
}

# the titles that did not always exist: the commune title came with the 2022 law, from 2024
# (the family and area titles are older than the portal's first criteria set)
FIRST_YEAR = {"commune": 2024}


def title_name(kind: str, year: int | None = None) -> str:
    """The title's name in `year` (its newest name without a year)."""
    names = TITLE_NAMES.get(kind)
    if not names:
        return str(kind)
    if year is None:
        return names[-1][1]
    found = names[0][1]
    for first_year, name in names:
        if int(year) >= first_year:
            found = name
    return found


def title_exists(kind: str, year: int) -> bool:
    return int(year) >= FIRST_YEAR.get(kind, 0)
