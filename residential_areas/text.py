"""Accent-insensitive text matching that behaves the same on SQLite and PostgreSQL.

Rather than rely on database extensions (unaccent exists on PostgreSQL only), every searchable
row stores a folded copy of its name: lower case, no diacritics, đ -> d.
"""

import unicodedata


def fold(text: str) -> str:
    text = (text or "").replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
    return " ".join(stripped.lower().split())
