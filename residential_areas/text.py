"""Accent-insensitive text matching: `core.text.fold`, here where the apps have always
imported it from."""

from core.text import fold

__all__ = ["fold"]
