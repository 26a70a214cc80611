"""Uploaded files of both halves of campaign (an activity's photos, a plan's or a convention's
text, the signed scan of a yearly submission): only a PDF or an image within the size limit,
judged by its bytes, stored under a safe name with the extension of what it really is."""

import os
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

FILE_TOO_LARGE = "Tệp quá lớn: tối đa %(max)s MB."
FILE_NOT_ALLOWED = "Chỉ nhận tệp PDF hoặc ảnh (JPG, PNG, GIF, WEBP); tệp này không phải như vậy."
FILE_EMPTY = "Tệp rỗng."

# content sniffing: the first bytes of each accepted kind and the extension it is stored with
SIGNATURES = [
    (b"%PDF-", ".pdf"),
    (b"\x89PNG\r\n\x1a\n", ".png"),
    (b"\xff\xd8\xff", ".jpg"),
    (b"GIF87a", ".gif"),
    (b"GIF89a", ".gif"),
]


def attachment_check(file) -> str:
    """Validate an uploaded file by its size and content; return the extension to store it with.

    The name a browser sends proves nothing: only the bytes decide whether it is a PDF or an
    image, and the stored name gets the extension of what it really is."""
    size = getattr(file, "size", None) or 0
    if size > settings.MAX_UPLOAD_SIZE:
        raise ValidationError(
            _(FILE_TOO_LARGE) % {"max": settings.MAX_UPLOAD_SIZE // (1024 * 1024)},
            code="too_large",
        )
    file.seek(0)
    head = file.read(16)
    file.seek(0)
    if not head:
        raise ValidationError(_(FILE_EMPTY), code="empty")
    for signature, ext in SIGNATURES:
        if head.startswith(signature):
            return ext
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return ".webp"
    raise ValidationError(_(FILE_NOT_ALLOWED), code="not_allowed")


def safe_name(name: str, ext: str) -> str:
    base = os.path.splitext(os.path.basename(name or "tep"))[0]
    base = re.sub(r"[^\w\-. ]+", "", base).strip()[:80] or "tep"
    return base + ext


def prepare_file(file):
    if not file:
        return file
    ext = attachment_check(file)
    file.name = safe_name(file.name, ext)
    return file
