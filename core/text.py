"""Text as the portal stores and searches it.

`clean_text`: what a user types or pastes may carry characters nobody sees: zero-width spaces
and joiners, the byte-order mark, soft hyphens, right-to-left and other direction overrides
(which make a name read backwards on the published page), control characters. A name holding
one cannot be found by typing it. They are removed, and the text is put in NFC, the form
Vietnamese keyboards produce (a decomposed "ệ" pasted from a PDF becomes one character).

It is applied where every save passes (`clean_model_text`, connected to `pre_save` for every
model by portal/apps.py) and by the shared form mixin (core/forms.py), so that a form checks
the text it will store (a name of zero-width spaces only is an empty, required field).

`fold`: accent-insensitive matching that behaves the same on SQLite and PostgreSQL. Rather than
rely on database extensions (unaccent exists on PostgreSQL only), every searchable row stores a
folded copy of its name: lower case, no diacritics, "đ" -> "d", and so its look-alikes "ð" and
"Ð" (U+00F0, U+00D0, the Icelandic eth, which some keyboards and fonts give for "đ", "Đ").
"""

import re
import unicodedata

from django.db import models

# every character of Unicode category Cf (format: zero-width, bidi marks and overrides, BOM,
# soft hyphen, tags) or Cc (controls) but tab and line breaks, as Python 3.11's Unicode 14
# has them (tests/core/test_text.py compares this with unicodedata)
INVISIBLE = re.compile(
    "[\x00-\x08\x0b-\x0c\x0e-\x1f\x7f-\x9f\xad\u0600-\u0605\u061c\u06dd\u070f\u0890-\u0891"
    "\u08e2\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb"
    "\U000110bd\U000110cd\U00013430-\U00013438\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
    "\U000e0001\U000e0020-\U000e007f]"
)
_D = str.maketrans({"đ": "d", "Đ": "d", "ð": "d", "Ð": "d"})


def thousands(number: int) -> str:
    """A whole number as Vietnamese write it: 1234567 -> "1.234.567"."""
    return f"{number:,}".replace(",", ".")


def clean_text(text: str) -> str:
    """`text` in NFC without invisible format and control characters."""
    if text.isascii() and text.isprintable():  # most values: nothing to do
        return text
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return INVISIBLE.sub("", text)


def fold(text: str) -> str:
    text = clean_text(text or "").translate(_D)
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
    return " ".join(stripped.lower().split())


_TEXT_FIELDS: dict[type, tuple[str, ...]] = {}


def clean_model_text(sender, instance, **kwargs) -> None:
    """pre_save: the text fields of any model instance, cleaned before they are written."""
    names = _TEXT_FIELDS.get(sender)
    if names is None:
        names = _TEXT_FIELDS[sender] = tuple(
            f.attname
            for f in sender._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField)
        )
    values = instance.__dict__
    for name in names:
        value = values.get(name)
        if type(value) is str and not (value.isascii() and value.isprintable()):
            values[name] = clean_text(value)
