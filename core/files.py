"""Stored files behind the scope rule: every uploaded or generated file is served by one view
that asks the owning app whether the user may see the object holding it; nothing is served
from MEDIA_ROOT directly (no /media/ route, in DEBUG either).

Apps register each model field that holds files from their AppConfig.ready(), with the check
of the page that shows it:

    files.register(YearlyPlan, "document", check=lambda user, plan: plan_get_for_user(...))

`check(user, obj)` answers truthy when the user may see `obj` (a fetch-or-404 helper returns
the object or raises Http404); `log`, for files that show personal data, is the access log's
writer (`PersonalDataAccess.objects.log`), called on each read. The storage (settings
STORAGES["default"]) gives every file the view's address, so `{{ obj.file.url }}` keeps working.
"""

import mimetypes
import posixpath
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, SuspiciousFileOperation
from django.core.files.storage import FileSystemStorage, default_storage
from django.db import models
from django.http import FileResponse, Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

FILE_NOT_FOUND = "Không tìm thấy tệp, hoặc tệp không thuộc phạm vi đơn vị của bạn."

# shown in the page (an <img>); every other kind is downloaded, never rendered by the browser
INLINE_TYPES = {"image/png", "image/jpeg", "image/gif", "image/webp"}
# sent with their own type; anything else goes out as application/octet-stream
KNOWN_TYPES = INLINE_TYPES | {
    "application/pdf",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
# rows that may share one name (a convention mirrors its latest revision's file)
MAX_HOLDERS = 20


@dataclass(frozen=True)
class StoredField:
    model: type[models.Model]
    field: str
    check: Callable
    log: Callable | None = None


_registry: dict[tuple[str, str], StoredField] = {}


def register(model, *fields: str, check: Callable, log: Callable | None = None) -> None:
    """Serve the files of `model.<field>` to users for whom `check(user, obj)` holds. Registering
    again replaces the entry (an app's ready() may run again in tests)."""
    for field in fields:
        model._meta.get_field(field)  # a typo fails at start-up, not at the first download
        _registry[(model._meta.label_lower, field)] = StoredField(model, field, check, log)


def registered() -> list[StoredField]:
    return list(_registry.values())


class ProtectedStorage(FileSystemStorage):
    """Files on disk under MEDIA_ROOT, each addressed through the scoped view."""

    def url(self, name):
        return reverse("file", kwargs={"name": name})


def _clean_name(name: str) -> str | None:
    """The stored name asked for, or None for one that could not have been stored: absolute,
    with a parent or empty segment, a backslash or a NUL."""
    if not name or "\\" in name or "\x00" in name or name.startswith("/"):
        return None
    if any(part in ("", ".", "..") for part in name.split("/")):
        return None
    return name


def _allowed(entry: StoredField, user, obj) -> bool:
    try:
        return bool(entry.check(user, obj))
    except (Http404, PermissionDenied):
        return False


def _holder(user, name: str) -> tuple[StoredField, models.Model] | None:
    """The registered object holding `name` that the user may see, if any."""
    for entry in _registry.values():
        rows = entry.model._default_manager.filter(**{entry.field: name}).order_by("pk")
        for obj in rows[:MAX_HOLDERS]:
            if _allowed(entry, user, obj):
                return entry, obj
    return None


@login_required
@require_safe
def serve(request, name: str):
    """One stored file, to a user who may see the object holding it; 404 for anything else
    (outside scope, unknown, not registered, a path that leaves the folder)."""
    name = _clean_name(name)
    found = _holder(request.user, name) if name else None
    if found is None:
        raise Http404(_(FILE_NOT_FOUND))
    entry, obj = found
    try:
        handle = default_storage.open(name, "rb")
    except (FileNotFoundError, IsADirectoryError, SuspiciousFileOperation):
        raise Http404(_(FILE_NOT_FOUND)) from None
    content_type = mimetypes.guess_type(name)[0]
    if content_type not in KNOWN_TYPES:
        content_type = "application/octet-stream"
    response = FileResponse(
        handle,
        as_attachment=content_type not in INLINE_TYPES,
        filename=posixpath.basename(name),
        content_type=content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    if entry.log is not None:
        # personal data: logged like the page that shows it, and kept out of every cache
        response["Cache-Control"] = "no-store"
        entry.log(
            user_id=request.user.pk,
            action="view",
            view_name="file",
            object_ids=f"{entry.model._meta.model_name}={obj.pk}",
        )
    else:
        response["Cache-Control"] = "private"
    return response
