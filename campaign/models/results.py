"""Yearly results: indicators, indicator sets, reporting periods, submissions (issue 3)."""

__all__: list[str] = []
